'use server';
/**
 * Sign-up: validate → CSRF → lib/server/signup.ts (per-client limit → reject
 * duplicates → create a LEARNER). The client form then signs in with the same
 * credentials through next-auth.
 */
import { headers } from 'next/headers';
import { verifyCsrfToken, CSRF_ERROR } from '@/lib/server/csrf';
import { clientKeyFromHeaders } from '@/lib/server/login-attempts';
import { signUpLearner } from '@/lib/server/signup';
import { signUpSchema } from '@/lib/validation/auth';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

export async function signUpAction(
  _prev: unknown,
  formData: FormData,
): Promise<ActionResult<{ email: string }>> {
  const parsed = signUpSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  const { name, email, password, csrfToken } = parsed.data;
  if (!verifyCsrfToken(csrfToken, undefined)) return formError(CSRF_ERROR);
  return signUpLearner({ name, email, password }, clientKeyFromHeaders(await headers()));
}
