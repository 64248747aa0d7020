/**
 * The injectable time source for the progress features (review scheduling, "due today", mastery recency) and
 * the quiz (pages, actions, autosave: so e2e can put an exam a minute before its deadline, ADR 005).
 *
 * `now()` is the real time. Only when BOTH of these hold does it move:
 *   1. the server process runs with `PACKETPATH_TEST_CLOCK=1` — set only by the e2e server (e2e/env.ts); never
 *      by `npm start`, `.env.example` or the build; and
 *   2. the request carries a test-clock token (cookie `pp-test-clock` or header `x-pp-test-clock`) of the form
 *      `<offsetMs>.<HMAC-SHA256(NEXTAUTH_SECRET, "test-clock:<offsetMs>")>` with 0 ≤ offset ≤ 400 days.
 * Then `now()` = real time + offset. So even a server wrongly started with the flag cannot be moved by a
 * visitor: minting a token needs the server's secret. The offset only moves forward and is bounded, and only
 * the progress features and the quiz read this clock (CSRF and the trace player keep the real time).
 *
 * NOTE: the flag is read from `process.env` on purpose (not lib/env.js): it is a test switch, not a setting.
 * See docs/decisions/007-progress-and-review.md.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookies, headers } from 'next/headers';

export const TEST_CLOCK_COOKIE = 'pp-test-clock';
export const TEST_CLOCK_HEADER = 'x-pp-test-clock';
export const MAX_TEST_OFFSET_MS = 400 * 86_400_000;

function mac(offsetMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`test-clock:${offsetMs}`).digest('base64url');
}

/** A token that moves the clock `offsetMs` forward on a server started with PACKETPATH_TEST_CLOCK=1 (tests). */
export function signTestClock(offsetMs: number, secret: string): string {
  return `${Math.trunc(offsetMs)}.${mac(Math.trunc(offsetMs), secret)}`;
}

/** The offset a token carries, or null when it is absent, malformed, out of range or not signed with `secret`. */
export function verifyTestClock(token: string | undefined | null, secret: string | undefined): number | null {
  if (!token || !secret || token.length > 200) return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const offsetText = token.slice(0, dot);
  if (!/^\d{1,12}$/.test(offsetText)) return null;
  const offset = Number(offsetText);
  if (offset > MAX_TEST_OFFSET_MS) return null;
  const expected = Buffer.from(mac(offset, secret));
  const given = Buffer.from(token.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? offset : null;
}

/** True when this process may honour test-clock tokens. */
export function testClockEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.PACKETPATH_TEST_CLOCK === '1';
}

/**
 * The current time for the request being served (server components, actions). Real time unless the test
 * clock is enabled and the request carries a valid token (see module comment).
 */
export async function now(): Promise<Date> {
  const real = new Date();
  if (!testClockEnabled()) return real;
  const token = (await headers()).get(TEST_CLOCK_HEADER) ?? (await cookies()).get(TEST_CLOCK_COOKIE)?.value;
  const offset = verifyTestClock(token, process.env.NEXTAUTH_SECRET);
  return offset === null ? real : new Date(real.getTime() + offset);
}
