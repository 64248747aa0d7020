'use server';
/**
 * Admin user actions. The admin layout guards the page, but a server action
 * is a public POST endpoint, so the role is checked again here first.
 */
import { revalidatePath } from 'next/cache';
import { authorizeAdmin } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { changeUserRole } from '@/lib/server/users';
import { changeRoleSchema } from '@/lib/validation/user';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

export async function changeRoleAction(
  _prev: unknown,
  formData: FormData,
): Promise<ActionResult<{ role: string }>> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return formError(auth.formError);
  const parsed = changeRoleSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { userId, role, csrfToken } = parsed.data;
  if (!verifyCsrfToken(csrfToken, auth.user.id)) return formError(CSRF_ERROR);

  const outcome = await changeUserRole(userId, role);
  if (!outcome.ok) {
    return formError(
      outcome.reason === 'last-admin'
        ? 'This is the last admin. Make someone else an admin first, so PacketPath always has one.'
        : outcome.reason === 'forbidden'
          ? 'Only admins can do that.'
          : 'That user no longer exists.',
    );
  }
  revalidatePath('/admin/users');
  return {
    ok: true,
    data: { role },
    message: outcome.changed ? `Role changed to ${role === 'ADMIN' ? 'Admin' : 'Learner'}.` : 'No change.',
  };
}
