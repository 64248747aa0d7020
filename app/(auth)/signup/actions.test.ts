/**
 * The sign-up action end to end on a real (per-test) SQLite database: the client key comes from the request's
 * X-Forwarded-For, only attempts past validation and CSRF count, and the one after the limit is refused with
 * a form error and creates nothing. The limit's details are in lib/server/auth/signup.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '@/tests/support/db';

const holder = vi.hoisted((): { db: unknown; forwardedFor: string } => ({ db: undefined, forwardedFor: '' }));
vi.mock('@/lib/server/db', () => ({
  get db() {
    return holder.db;
  },
}));
vi.mock('next/headers', () => ({
  headers: () => Promise.resolve(new Headers({ 'x-forwarded-for': holder.forwardedFor })),
}));

const { signUpAction } = await import('./actions');
const { createCsrfToken } = await import('@/lib/server/auth/csrf');
const { signUpPolicy } = await import('@/lib/server/auth/signup-attempts');

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  holder.db = t.db;
});
afterEach(() => t.cleanup());

function form(email: string, password = 'a-good-pass-1'): FormData {
  const fd = new FormData();
  fd.set('name', 'New Learner');
  fd.set('email', email);
  fd.set('password', password);
  fd.set('csrfToken', createCsrfToken(undefined));
  return fd;
}

describe('signUpAction', () => {
  it('refuses the attempt after the limit from one client with when to retry; another client still signs up', async () => {
    holder.forwardedFor = '198.51.100.7, 10.0.0.1';
    // Invalid input never reaches the limit (nor the hash).
    expect(await signUpAction(null, form('weak@example.dev', 'short'))).toMatchObject({
      ok: false,
      fieldErrors: { password: expect.anything() as unknown },
    });
    for (let i = 0; i < signUpPolicy.maxFailures; i++) {
      expect(await signUpAction(null, form(`learner-${i}@example.dev`))).toMatchObject({ ok: true });
    }
    expect(await signUpAction(null, form('one-too-many@example.dev'))).toEqual({
      ok: false,
      formError: `Too many sign-up attempts from your network. Try again in ${signUpPolicy.windowMs / 60_000} minutes.`,
    });
    expect(await t.db.user.findUnique({ where: { email: 'one-too-many@example.dev' } })).toBeNull();
    expect(await t.db.signupAttempt.groupBy({ by: ['clientKey'], _count: true })).toEqual([
      { clientKey: '10.0.0.1', _count: signUpPolicy.maxFailures },
    ]);

    holder.forwardedFor = '10.0.0.2';
    expect(await signUpAction(null, form('other-client@example.dev'))).toMatchObject({ ok: true });
    expect(await t.db.user.count()).toBe(signUpPolicy.maxFailures + 1);
  });
});
