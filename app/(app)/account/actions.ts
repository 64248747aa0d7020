'use server';
import { authorizeUser, reissueSessionCookie } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { hashPassword, verifyPassword } from '@/lib/password';
import { changePasswordSchema } from '@/lib/validation/auth';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

/** Changes the signed-in user's password after checking the current one. */
export async function changePasswordAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = changePasswordSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { currentPassword, newPassword, csrfToken } = parsed.data;
  if (!verifyCsrfToken(csrfToken, auth.user.id)) return formError(CSRF_ERROR);

  const user = await db.user.findUnique({ where: { id: auth.user.id }, select: { passwordHash: true } });
  if (!user) return formError('Your account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: ['That is not your current password.'] } };
  }
  const updated = await db.user.update({
    where: { id: auth.user.id },
    data: { passwordHash: await hashPassword(newPassword), sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await reissueSessionCookie(updated.sessionVersion);
  return { ok: true, data: undefined, message: 'Password changed. You stay signed in here; every other device has been signed out.' };
}
