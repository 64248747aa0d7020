/** Helpers of the two-instance suite's specs (not of the Playwright config: keep env.ts light). */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../lib/server/auth/password';

/** A learner inserted straight into the suite's PostgreSQL. */
export async function createUser(db: pg.Client): Promise<{ id: string; email: string; password: string }> {
  const suffix = randomBytes(5).toString('hex');
  const user = { id: `e2epg${suffix}`, email: `pg-${suffix}@example.test`, password: `pg-pass-${suffix}-1` };
  await db.query(
    `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "updatedAt") VALUES ($1, $2, $3, $4, 'LEARNER', now())`,
    [user.id, user.email, `PG ${suffix}`, await hashPassword(user.password)],
  );
  return user;
}
