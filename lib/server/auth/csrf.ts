/**
 * CSRF tokens for our server-action forms (next-auth protects its own routes).
 *
 * Why, given Next already rejects cross-origin server-action POSTs: that check
 * relies on the Origin header, and requests without one are let through. A
 * token bound to the signed-in user (HMAC of user id + issue time with
 * NEXTAUTH_SECRET) cannot be obtained by another site, so a forged or
 * replayed-by-someone-else request fails with a friendly form error.
 * Anonymous forms (sign-up) get a token bound to "anon": that only proves the
 * form came from our page, which is enough there (sign-up signs nobody in).
 *
 * Usage: page → `csrfToken = await createCsrfToken(session?.user.id)`,
 * pass it to the form as <CsrfField token={csrfToken} />; action →
 * `verifyCsrfToken(input.csrfToken, user.id)`.
 */
import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '../../env.js';

const MAX_AGE_MS = 24 * 60 * 60_000;

function sign(subject: string, issuedAt: number): string {
  // Only empty when started with SKIP_ENV_VALIDATION and no secret; refuse rather than sign with "".
  if (!env.NEXTAUTH_SECRET) throw new Error('NEXTAUTH_SECRET is not set.');
  return createHmac('sha256', env.NEXTAUTH_SECRET).update(`csrf:${subject}:${issuedAt}`).digest('base64url');
}

/** A token for `subject` (the user id, or undefined for anonymous forms). */
export function createCsrfToken(subject: string | undefined, now = Date.now()): string {
  return `${now.toString(36)}.${sign(subject ?? 'anon', now)}`;
}

/** True when `token` was issued by us for `subject` within the last day. */
export function verifyCsrfToken(token: unknown, subject: string | undefined, now = Date.now()): boolean {
  if (typeof token !== 'string' || token.length > 512) return false;
  const [issued, mac] = token.split('.');
  if (!issued || !mac) return false;
  const issuedAt = parseInt(issued, 36);
  if (!Number.isFinite(issuedAt) || issuedAt > now + 60_000 || now - issuedAt > MAX_AGE_MS) return false;
  const expected = Buffer.from(sign(subject ?? 'anon', issuedAt));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
