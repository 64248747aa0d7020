/**
 * Changing the password: the current-password check is limited like sign-in, so a stolen session cannot be
 * used to guess the password and take the account over.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '@/lib/server/auth/password';
import { createTestDb, type TestDb } from '@/tests/support/db';

const holder = vi.hoisted((): { db: unknown; userId: string } => ({ db: undefined, userId: '' }));
vi.mock('@/lib/server/db', () => ({
  get db() {
    return holder.db;
  },
}));
vi.mock('next/headers', () => ({
  headers: () => Promise.resolve(new Headers({ 'x-forwarded-for': '10.1.2.3' })),
}));
vi.mock('@/lib/server/auth', () => ({
  authorizeUser: () =>
    Promise.resolve({
      ok: true,
      user: { id: holder.userId, role: 'LEARNER', name: 'T', email: 't@example.dev' },
    }),
  reissueSessionCookie: () => Promise.resolve(),
}));

const { changePasswordAction } = await import('./actions');
const { createCsrfToken } = await import('@/lib/server/auth/csrf');
const { accountPolicy } = await import('@/lib/server/auth/login-attempts');

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  holder.db = t.db;
  holder.userId = (
    await t.db.user.create({
      data: {
        email: 't@example.dev',
        name: 'T',
        role: 'LEARNER',
        passwordHash: await hashPassword('current-pass-1'),
      },
    })
  ).id;
});
afterEach(() => t.cleanup());

function form(currentPassword: string, newPassword = 'brand-new-pass-2'): FormData {
  const fd = new FormData();
  fd.set('currentPassword', currentPassword);
  fd.set('newPassword', newPassword);
  fd.set('confirmPassword', newPassword);
  fd.set('csrfToken', createCsrfToken(holder.userId));
  return fd;
}

describe('changePasswordAction', () => {
  it('stops checking the current password after the per-account limit, even for the right one', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => changePasswordAction(null, form(`guess-number-${i}`))),
    );
    const wrong = results.filter((r) => !r.ok && r.fieldErrors?.currentPassword);
    expect(wrong).toHaveLength(accountPolicy.maxFailures);
    const locked = await changePasswordAction(null, form('current-pass-1'));
    expect(locked).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/^Too many failed sign-in attempts/) as unknown,
    });
    const user = await t.db.user.findUniqueOrThrow({ where: { id: holder.userId } });
    expect(await verifyPassword(user.passwordHash, 'current-pass-1')).toBe(true);
  });

  it('changes the password with the right current one and clears earlier failures', async () => {
    await changePasswordAction(null, form('a-wrong-guess-1'));
    expect(await changePasswordAction(null, form('current-pass-1'))).toMatchObject({ ok: true });
    const user = await t.db.user.findUniqueOrThrow({ where: { id: holder.userId } });
    expect(await verifyPassword(user.passwordHash, 'brand-new-pass-2')).toBe(true);
    expect(user.sessionVersion).toBe(1);
    expect(await t.db.loginAttempt.count()).toBe(0);
  });
});
