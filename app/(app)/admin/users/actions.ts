'use server';
/**
 * Admin user actions. The admin layout guards the page, but a server action is a public POST endpoint:
 * defineFormAction (lib/server/guard/action.ts) checks the role, the form token and the form first.
 */
import { revalidatePath } from 'next/cache';
import { defineFormAction } from '@/lib/server/guard/action';
import { changeUserRole } from '@/lib/server/auth/users';
import { changeRoleSchema } from '@/lib/validation/user';
import { formError, type ActionResult } from '@/lib/validation/action-result';

export const changeRoleAction = defineFormAction(
  { name: 'changeRole', schema: changeRoleSchema, role: 'admin', csrf: true },
  async ({ userId, role }): Promise<ActionResult<{ role: string }>> => {
    const outcome = await changeUserRole(userId, role);
    if (!outcome.ok) {
      return outcome.reason === 'last-admin'
        ? formError(
            'This is the last admin. Make someone else an admin first, so PacketPath always has one.',
            409,
          )
        : outcome.reason === 'forbidden'
          ? formError('Only admins can do that.', 403)
          : formError('That user no longer exists.', 404);
    }
    revalidatePath('/admin/users');
    return {
      ok: true,
      data: { role },
      message: outcome.changed ? `Role changed to ${role === 'ADMIN' ? 'Admin' : 'Learner'}.` : 'No change.',
    };
  },
);
