'use server';
/**
 * Sign-up: validate → reject duplicates → create a LEARNER. The client form
 * then signs in with the same credentials through next-auth.
 */
import { db } from '@/lib/server/db';
import { hashPassword } from '@/lib/password';
import { verifyCsrfToken, CSRF_ERROR } from '@/lib/server/csrf';
import { signUpSchema } from '@/lib/validation/auth';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

const DUPLICATE = 'An account with this e-mail already exists. Sign in instead, or use another address.';

export async function signUpAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ email: string }>> {
  const parsed = signUpSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { name, email, password, csrfToken } = parsed.data;
  if (!verifyCsrfToken(csrfToken, undefined)) return formError(CSRF_ERROR);

  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    return { ok: false, fieldErrors: { email: [DUPLICATE] } };
  }
  try {
    await db.user.create({ data: { name, email, passwordHash: await hashPassword(password), role: 'LEARNER' } });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
      return { ok: false, fieldErrors: { email: [DUPLICATE] } };
    }
    throw error;
  }
  return { ok: true, data: { email } };
}
