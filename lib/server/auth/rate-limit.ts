/**
 * Sign-in and sign-up rate-limit policy as pure functions (no I/O), so the
 * rules are unit tested without a database. lib/server/auth/login-attempts.ts
 * feeds them the LoginAttempt rows, lib/server/auth/signup-attempts.ts the
 * SignupAttempt rows (there every attempt counts as a "failure").
 *
 * Rule: a key (an account e-mail, or a client) is locked once it has
 * `maxFailures` failures inside the sliding `windowMs`; it unlocks when the
 * oldest of those failures leaves the window. With 5 in 15 min the 6th
 * attempt is refused and the wait is at most 15 minutes.
 */

export type LockoutPolicy = {
  /** Failures allowed inside the window; the next attempt is refused. */
  readonly maxFailures: number;
  /** Sliding window length in milliseconds. */
  readonly windowMs: number;
};

const toMs = (t: Date | number): number => (typeof t === 'number' ? t : t.getTime());

/** Failures still inside the window, newest first. */
function recentFailures(failures: readonly (Date | number)[], policy: LockoutPolicy, now: number): number[] {
  const from = now - policy.windowMs;
  return failures
    .map(toMs)
    .filter((t) => t > from && t <= now)
    .sort((a, b) => b - a);
}

/**
 * Milliseconds until the key may try again; 0 means "allowed now".
 * @example lockoutRemainingMs([t1, t2, t3, t4, t5], { maxFailures: 5, windowMs: 900_000 }, now) // > 0
 */
export function lockoutRemainingMs(
  failures: readonly (Date | number)[],
  policy: LockoutPolicy,
  now: number,
): number {
  const recent = recentFailures(failures, policy, now);
  if (recent.length < policy.maxFailures) return 0;
  // The max-th newest failure is the one whose expiry frees a slot.
  const pivot = recent[policy.maxFailures - 1];
  if (pivot === undefined) return 0;
  return Math.max(0, pivot + policy.windowMs - now);
}

/** How many more failures the key may make before it is locked. */
export function attemptsLeft(
  failures: readonly (Date | number)[],
  policy: LockoutPolicy,
  now: number,
): number {
  return Math.max(0, policy.maxFailures - recentFailures(failures, policy, now).length);
}

/** Whole seconds for a Retry-After header (at least 1 while locked). */
export function retryAfterSeconds(ms: number): number {
  return ms <= 0 ? 0 : Math.max(1, Math.ceil(ms / 1000));
}

/** "45 seconds", "1 minute", "14 minutes": rounded up so users never retry too early. */
export function formatWait(ms: number): string {
  const seconds = retryAfterSeconds(ms);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The message shown to a locked-out user. */
export function lockoutMessage(ms: number): string {
  return `Too many failed sign-in attempts. Try again in ${formatWait(ms)}.`;
}

/** The message shown to a client that made too many sign-up attempts. */
export function signUpLimitMessage(ms: number): string {
  return `Too many sign-up attempts from your network. Try again in ${formatWait(ms)}.`;
}
