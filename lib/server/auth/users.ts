/**
 * User data access for the admin area. Returns plain DTOs (never Prisma rows).
 * Each function checks the ADMIN role itself: layouts and pages render in
 * parallel, so a layout guard alone does not stop a page's data loading.
 * The last-admin rule is enforced here, inside one transaction.
 */
import 'server-only';
import { db } from '../db';
import { authorizeAdmin } from './index';
import { parseRole, type Role } from '../../validation/user';

export type AdminUserRow = { id: string; name: string; email: string; role: Role; createdAt: string };

/** All users, oldest first. Throws for non-admins (pages guard earlier; this is the backstop). */
export async function listUsers(): Promise<AdminUserRow[]> {
  const auth = await authorizeAdmin();
  if (!auth.ok) throw new Error(`listUsers: ${auth.formError}`);
  const rows = await db.user.findMany({
    orderBy: [{ createdAt: 'asc' }],
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: parseRole(r.role) ?? 'LEARNER',
    createdAt: r.createdAt.toISOString(),
  }));
}

export type ChangeRoleOutcome =
  { ok: true; changed: boolean } | { ok: false; reason: 'not-found' | 'last-admin' | 'forbidden' };

/**
 * Sets a user's role. Refuses to demote the last remaining admin: the count
 * and the update run in one transaction, and SQLite serialises writers, so
 * two admins demoting each other at once cannot both succeed.
 */
export async function changeUserRole(userId: string, role: Role): Promise<ChangeRoleOutcome> {
  if (!(await authorizeAdmin()).ok) return { ok: false, reason: 'forbidden' };
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!user) return { ok: false, reason: 'not-found' } as const;
    if (user.role === role) return { ok: true, changed: false } as const;
    if (user.role === 'ADMIN' && role !== 'ADMIN') {
      const admins = await tx.user.count({ where: { role: 'ADMIN' } });
      if (admins <= 1) return { ok: false, reason: 'last-admin' } as const;
    }
    await tx.user.update({ where: { id: userId }, data: { role } });
    return { ok: true, changed: true } as const;
  });
}
