/**
 * Failed sign-in bookkeeping on the LoginAttempt table, limited per account
 * (e-mail) and per client (IP). Policy math lives in lib/server/auth/rate-limit.ts.
 * Both the credentials provider and the /api/auth/callback/credentials
 * wrapper (which answers 429 + Retry-After) ask getLoginLockout first.
 */
import 'server-only';
import { clientUrl } from '../db/client';
import { db } from '../db';
import { hotPath } from '../hot-path';
import { env } from '../../env.js';
import {
  attemptsLeft,
  lockoutMessage,
  lockoutRemainingMs,
  retryAfterSeconds,
  type LockoutPolicy,
} from './rate-limit';

const windowMs = env.LOGIN_WINDOW_MINUTES * 60_000;
export const accountPolicy: LockoutPolicy = { maxFailures: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs };
export const clientPolicy: LockoutPolicy = { maxFailures: env.LOGIN_MAX_FAILURES_PER_CLIENT, windowMs };

export type LoginLockout =
  | { locked: false; attemptsLeft: number }
  | { locked: true; retryAfterSeconds: number; message: string; scope: 'account' | 'client' };

/**
 * The client key: the right-most X-Forwarded-For entry, i.e. the address seen
 * by the closest proxy (Next itself fills the header from the socket when it
 * is absent). NOTE: a client talking to `next start` directly can forge this
 * header, so the per-client limit is best effort; the per-account limit is
 * the hard one. Behind a reverse proxy that appends XFF it is accurate.
 */
export function clientKeyFromHeaders(
  headers: Headers | Record<string, string | string[] | undefined>,
): string {
  const raw = headers instanceof Headers ? headers.get('x-forwarded-for') : headers['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const last = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return (last ?? 'unknown').slice(0, 64);
}

/**
 * Admits one password check for this account and client, or refuses it: when neither is locked out, the
 * attempt is recorded as a failure at once, in the same serialised database step as the check
 * (hot-path `admitAttempt`: an IMMEDIATE transaction on SQLite, advisory locks on PostgreSQL). A parallel
 * burst of guesses, on any number of instances, therefore gets at most the limit of password checks. When
 * the password turns out right, the caller clears the account's failures (this one included).
 */
export async function reserveLoginAttempt(
  email: string,
  clientKey: string,
  now = Date.now(),
): Promise<LoginLockout> {
  const { admitted, recent } = await hotPath(clientUrl(db)).admitAttempt({
    table: 'LoginAttempt',
    row: { email, clientKey },
    limits: [
      { column: 'email', value: email, max: accountPolicy.maxFailures },
      { column: 'clientKey', value: clientKey, max: clientPolicy.maxFailures },
    ],
    since: new Date(now - windowMs),
    now: new Date(now),
  });
  const [accountTimes = [], clientTimes = []] = recent;
  if (!admitted) {
    const accountMs = lockoutRemainingMs(accountTimes, accountPolicy, now);
    const clientMs = lockoutRemainingMs(clientTimes, clientPolicy, now);
    const ms = Math.max(accountMs, clientMs, 1000);
    return {
      locked: true,
      retryAfterSeconds: retryAfterSeconds(ms),
      message: lockoutMessage(ms),
      scope: accountMs >= clientMs ? 'account' : 'client',
    };
  }
  // Keep the table small: nothing older than a day matters.
  await db.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now - 24 * 60 * 60_000) } } });
  return {
    locked: false,
    attemptsLeft: Math.min(
      attemptsLeft(accountTimes, accountPolicy, now),
      attemptsLeft(clientTimes, clientPolicy, now),
    ),
  };
}

/** Is this account or client locked out right now? */
export async function getLoginLockout(
  email: string,
  clientKey: string,
  now = Date.now(),
): Promise<LoginLockout> {
  const since = new Date(now - windowMs);
  const [byAccount, byClient] = await Promise.all([
    db.loginAttempt.findMany({
      where: { email, createdAt: { gt: since } },
      orderBy: { createdAt: 'desc' },
      take: accountPolicy.maxFailures,
      select: { createdAt: true },
    }),
    db.loginAttempt.findMany({
      where: { clientKey, createdAt: { gt: since } },
      orderBy: { createdAt: 'desc' },
      take: clientPolicy.maxFailures,
      select: { createdAt: true },
    }),
  ]);
  const accountTimes = byAccount.map((r) => r.createdAt);
  const clientTimes = byClient.map((r) => r.createdAt);
  const accountMs = lockoutRemainingMs(accountTimes, accountPolicy, now);
  const clientMs = lockoutRemainingMs(clientTimes, clientPolicy, now);
  if (accountMs > 0 || clientMs > 0) {
    const ms = Math.max(accountMs, clientMs);
    return {
      locked: true,
      retryAfterSeconds: retryAfterSeconds(ms),
      message: lockoutMessage(ms),
      scope: accountMs >= clientMs ? 'account' : 'client',
    };
  }
  return {
    locked: false,
    attemptsLeft: Math.min(
      attemptsLeft(accountTimes, accountPolicy, now),
      attemptsLeft(clientTimes, clientPolicy, now),
    ),
  };
}

/** A successful sign-in clears that account's failures (not the client's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { email } });
}
