/**
 * Sign-up rate limit per client (IP) on the SignupAttempt table: at most
 * SIGNUP_MAX_ATTEMPTS_PER_CLIENT attempts inside a sliding window of
 * SIGNUP_WINDOW_MINUTES. Every attempt that gets past validation and CSRF
 * counts, whether it creates an account or finds the e-mail taken, so a
 * script can neither pin the CPU with argon2id hashes nor probe many e-mails.
 * Policy math lives in lib/rate-limit.ts; the client key comes from
 * clientKeyFromHeaders (lib/server/login-attempts.ts), with the same caveat:
 * without a proxy in front, X-Forwarded-For can be forged.
 */
import 'server-only';
import { db } from './db';
import { createKeyedLock } from './keyed-lock';
import { env } from '../env.js';
import { lockoutRemainingMs, retryAfterSeconds, signUpLimitMessage, type LockoutPolicy } from '../rate-limit';

/** Every sign-up attempt is counted, so `maxFailures` here means attempts. */
export const signUpPolicy: LockoutPolicy = {
  maxFailures: env.SIGNUP_MAX_ATTEMPTS_PER_CLIENT,
  windowMs: env.SIGNUP_WINDOW_MINUTES * 60_000,
};

const DAY_MS = 24 * 60 * 60_000;

export type SignUpAdmission = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

const withClientLock = createKeyedLock();

/**
 * Admits one sign-up attempt from `clientKey`, or refuses it. Admitted attempts are recorded at once; refused
 * ones are not (so a client that keeps trying is free again once its oldest attempt leaves the window). The
 * check and the record run one client at a time, so a parallel burst gets at most the limit.
 * Call it before anything expensive (the e-mail lookup, the password hash).
 */
export async function admitSignUpAttempt(clientKey: string, now = Date.now()): Promise<SignUpAdmission> {
  const admission = await withClientLock(clientKey, async (): Promise<SignUpAdmission> => {
    const recent = await db.signupAttempt.findMany({
      where: { clientKey, createdAt: { gt: new Date(now - signUpPolicy.windowMs) } },
      orderBy: { createdAt: 'desc' },
      take: signUpPolicy.maxFailures,
      select: { createdAt: true },
    });
    const ms = lockoutRemainingMs(
      recent.map((r) => r.createdAt),
      signUpPolicy,
      now,
    );
    if (ms > 0)
      return { ok: false, retryAfterSeconds: retryAfterSeconds(ms), message: signUpLimitMessage(ms) };
    await db.signupAttempt.create({ data: { clientKey, createdAt: new Date(now) } });
    return { ok: true };
  });
  // Keep the table small: no window is longer than a day (lib/env.js).
  if (admission.ok)
    await db.signupAttempt.deleteMany({ where: { createdAt: { lt: new Date(now - DAY_MS) } } });
  return admission;
}
