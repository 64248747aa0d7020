/**
 * Sign-up rate limit per client (IP) on the SignupAttempt table: at most
 * SIGNUP_MAX_ATTEMPTS_PER_CLIENT attempts inside a sliding window of
 * SIGNUP_WINDOW_MINUTES. Every attempt that gets past validation and CSRF
 * counts, whether it creates an account or finds the e-mail taken, so a
 * script can neither pin the CPU with argon2id hashes nor probe many e-mails.
 * Policy math lives in lib/server/auth/rate-limit.ts; the client key comes from
 * clientKeyFromHeaders (lib/server/auth/login-attempts.ts), with the same caveat:
 * without a proxy in front, X-Forwarded-For can be forged.
 */
import 'server-only';
import { clientUrl } from '../db/client';
import { db } from '../db';
import { hotPath } from '../hot-path';
import { env } from '../../env.js';
import { lockoutRemainingMs, retryAfterSeconds, signUpLimitMessage, type LockoutPolicy } from './rate-limit';

/** Every sign-up attempt is counted, so `maxFailures` here means attempts. */
export const signUpPolicy: LockoutPolicy = {
  maxFailures: env.SIGNUP_MAX_ATTEMPTS_PER_CLIENT,
  windowMs: env.SIGNUP_WINDOW_MINUTES * 60_000,
};

const DAY_MS = 24 * 60 * 60_000;

export type SignUpAdmission = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

/**
 * Admits one sign-up attempt from `clientKey`, or refuses it. Admitted attempts are recorded at once; refused
 * ones are not (so a client that keeps trying is free again once its oldest attempt leaves the window). The
 * check and the record are one database step, so a parallel burst on any number of instances gets at most
 * the limit.
 * Call it before anything expensive (the e-mail lookup, the password hash).
 */
export async function admitSignUpAttempt(clientKey: string, now = Date.now()): Promise<SignUpAdmission> {
  // Check and record in one serialised database step (hot-path admitAttempt), so a burst spread over any
  // number of instances gets at most the limit.
  const { admitted, recent } = await hotPath(clientUrl(db)).admitAttempt({
    table: 'SignupAttempt',
    row: { clientKey },
    limits: [{ column: 'clientKey', value: clientKey, max: signUpPolicy.maxFailures }],
    since: new Date(now - signUpPolicy.windowMs),
    now: new Date(now),
  });
  let admission: SignUpAdmission = { ok: true };
  if (!admitted) {
    const ms = Math.max(lockoutRemainingMs(recent[0] ?? [], signUpPolicy, now), 1000);
    admission = { ok: false, retryAfterSeconds: retryAfterSeconds(ms), message: signUpLimitMessage(ms) };
  }
  // Keep the table small: no window is longer than a day (lib/env.js).
  if (admission.ok)
    await db.signupAttempt.deleteMany({ where: { createdAt: { lt: new Date(now - DAY_MS) } } });
  return admission;
}
