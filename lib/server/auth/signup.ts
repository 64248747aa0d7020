/**
 * Creating a learner account from the sign-up form (after validation and the
 * CSRF check in app/(auth)/signup/actions.ts):
 * per-client limit → reject a taken e-mail → hash the password → create.
 * The limit comes first so a refused attempt costs one indexed read: no
 * e-mail lookup, no argon2id hash, no row.
 */
import 'server-only';
import { db } from '../db';
import { admitSignUpAttempt } from './signup-attempts';
import { hashPassword } from './password';
import { formError, type ActionResult } from '../../validation/action-result';
import type { SignUpInput } from '../../validation/auth';

export const DUPLICATE_EMAIL =
  'An account with this e-mail already exists. Sign in instead, or use another address.';

export type SignUpOptions = {
  /** The request time (ms); tests move it to cross the window. */
  now?: number;
  /** The password hasher; tests pass a counting wrapper around the real one. */
  hash?: (password: string) => Promise<string>;
};

export async function signUpLearner(
  { name, email, password }: Omit<SignUpInput, 'csrfToken'>,
  clientKey: string,
  { now = Date.now(), hash = hashPassword }: SignUpOptions = {},
): Promise<ActionResult<{ email: string }>> {
  const admission = await admitSignUpAttempt(clientKey, now);
  if (!admission.ok) return formError(admission.message);

  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    return { ok: false, fieldErrors: { email: [DUPLICATE_EMAIL] } };
  }
  try {
    await db.user.create({ data: { name, email, passwordHash: await hash(password), role: 'LEARNER' } });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides.
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
      return { ok: false, fieldErrors: { email: [DUPLICATE_EMAIL] } };
    }
    throw error;
  }
  return { ok: true, data: { email } };
}
