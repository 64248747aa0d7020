/**
 * The credentials provider's sign-in limit under concurrency: a burst of parallel wrong passwords for one
 * account must not get more password checks than the per-account limit allows.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword } from './password';
import { createTestDb, type TestDb } from '../../../tests/support/db';

const holder = vi.hoisted((): { db: unknown } => ({ db: undefined }));
vi.mock('../db', () => ({
  get db() {
    return holder.db;
  },
}));

const { authOptions } = await import('./index');
const { accountPolicy } = await import('./login-attempts');

type Authorize = (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<unknown>;
const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };
const authorize = provider.options.authorize;

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  holder.db = t.db;
});
afterEach(() => t.cleanup());

describe('credentials sign-in limit', () => {
  it('a parallel burst of wrong passwords gets at most the per-account limit of password checks', async () => {
    await t.db.user.create({
      data: {
        email: 'burst@example.dev',
        name: 'Burst',
        role: 'LEARNER',
        passwordHash: await hashPassword('right-password-1'),
      },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, (_, i) =>
        authorize(
          { email: 'burst@example.dev', password: `wrong-${i}` },
          { headers: { 'x-forwarded-for': `10.0.0.${i}` } },
        ),
      ),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await t.db.loginAttempt.count({ where: { email: 'burst@example.dev' } })).toBe(
      accountPolicy.maxFailures,
    );
    const locked = results.filter(
      (r) =>
        r.status === 'rejected' &&
        String((r.reason as Error).message).startsWith('Too many failed sign-in attempts'),
    );
    expect(locked).toHaveLength(15 - accountPolicy.maxFailures);
  });

  it('the right password still signs in after a few failures, and clears them', async () => {
    await t.db.user.create({
      data: {
        email: 'ok@example.dev',
        name: 'Ok',
        role: 'LEARNER',
        passwordHash: await hashPassword('right-password-1'),
      },
    });
    await Promise.allSettled(
      [1, 2].map((i) => authorize({ email: 'ok@example.dev', password: `wrong-${i}` }, { headers: {} })),
    );
    await expect(
      authorize({ email: 'ok@example.dev', password: 'right-password-1' }, { headers: {} }),
    ).resolves.toMatchObject({ email: 'ok@example.dev' });
    expect(await t.db.loginAttempt.count({ where: { email: 'ok@example.dev' } })).toBe(0);
  });
});
