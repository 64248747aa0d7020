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

export const changeRoleSchema = z.strictObject({
  userId: z.string({ error: 'Missing user.' }).min(1, 'Missing user.').max(64, 'Unknown user.'),
  role: roleSchema,
  csrfToken: z
    .string({ error: 'Your form is missing its security token. Reload the page and try again.' })
    .min(1)
    .max(512),
});
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;
