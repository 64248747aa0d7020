/** Roles and the admin "change role" form. */
import { z } from 'zod';

export const ROLES = ['LEARNER', 'ADMIN'] as const;
export const roleSchema = z.enum(ROLES, { error: 'Choose a valid role.' });
export type Role = z.infer<typeof roleSchema>;

/** Narrows a role string read from the database (stored as TEXT). */
export function parseRole(value: unknown): Role | null {
  const r = roleSchema.safeParse(value);
  return r.success ? r.data : null;
}

/** The form token (csrfToken) is checked and removed by the guard (lib/server/guard/action.ts). */
export const changeRoleSchema = z.strictObject({
  userId: z.string({ error: 'Missing user.' }).min(1, 'Missing user.').max(64, 'Unknown user.'),
  role: roleSchema,
});
