'use server';
import { headers } from 'next/headers';
import { reissueSessionCookie } from '@/lib/server/auth';
import {
  clearAccountFailures,
  clientKeyFromHeaders,
  reserveLoginAttempt,
} from '@/lib/server/auth/login-attempts';
import { db } from '@/lib/server/db';
import { defineFormAction } from '@/lib/server/guard/action';
import { hashPassword, verifyPassword } from '@/lib/server/auth/password';
import { changePasswordSchema } from '@/lib/validation/auth';
import { formError, type ActionResult } from '@/lib/validation/action-result';

/** Changes the signed-in user's password after checking the current one. */
export const changePasswordAction = defineFormAction(
  { name: 'changePassword', schema: changePasswordSchema, role: 'user', csrf: true },
  async ({ currentPassword, newPassword }, { user: me }): Promise<ActionResult> => {
    const user = await db.user.findUnique({
      where: { id: me.id },
      select: { passwordHash: true, email: true },
    });
    if (!user) return formError('Your account no longer exists.', 404);
    // The current-password check is what stops someone holding a stolen session from taking the account over,
    // so it counts against the same per-account limit as sign-in (one check at a time, failures recorded).
    const clientKey = clientKeyFromHeaders(await headers());
    // Check and record are one database step (any number of instances); a right password clears it below.
    const lockout = await reserveLoginAttempt(user.email, clientKey);
    if (lockout.locked) return formError(lockout.message, 429);
    if (!(await verifyPassword(user.passwordHash, currentPassword)))
      return {
        ok: false,
        status: 400,
        fieldErrors: { currentPassword: ['That is not your current password.'] },
      };
    await clearAccountFailures(user.email);
    const updated = await db.user.update({
      where: { id: me.id },
      data: { passwordHash: await hashPassword(newPassword), sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await reissueSessionCookie(updated.sessionVersion);
    return {
      ok: true,
      data: undefined,
      message: 'Password changed. You stay signed in here; every other device has been signed out.',
    };
  },
);
