/**
 * The sign-up limit per client, on a real (per-test) SQLite database: the attempt after the limit is refused
 * before anything expensive happens (no e-mail lookup, no argon2id hash, no row), other clients are not
 * affected, the window slides, and taken e-mails count too (so sign-up cannot enumerate many accounts).
 * The hasher is the real one, wrapped to count calls; time is injected as `now`.
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

const { signUpLearner, DUPLICATE_EMAIL } = await import('./signup');
const { admitSignUpAttempt, signUpPolicy } = await import('./signup-attempts');

const LIMIT = signUpPolicy.maxFailures;
const WINDOW = signUpPolicy.windowMs;
const MIN = 60_000;
const T0 = Date.parse('2026-11-26T12:00:00Z');

let t: TestDb;
let hashes: number;
const countingHash = (password: string) => {
  hashes += 1;
  return hashPassword(password);
};
const input = (n: number | string) => ({
  name: `User ${n}`,
  email: `user-${n}@example.dev`,
  password: 'a-good-pass-1',
});

beforeEach(async () => {
  t = await createTestDb();
  holder.db = t.db;
  hashes = 0;
});
afterEach(() => t.cleanup());

describe('sign-up limit per client', () => {
  it(`the attempt after ${LIMIT} from one client is refused with when to retry, before hashing, and creates nothing`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      expect(await signUpLearner(input(i), '10.0.0.1', { now: T0 + i * MIN, hash: countingHash })).toEqual({
        ok: true,
        data: { email: `user-${i}@example.dev` },
      });
    }
    expect(hashes).toBe(LIMIT);

    const refused = await signUpLearner(input('over'), '10.0.0.1', {
      now: T0 + LIMIT * MIN,
      hash: countingHash,
    });
    // Free again when the oldest attempt (at T0) leaves the window.
    expect(refused).toEqual({
      ok: false,
      formError: `Too many sign-up attempts from your network. Try again in ${Math.ceil((WINDOW - LIMIT * MIN) / MIN)} minutes.`,
    });
    expect(hashes).toBe(LIMIT);
    expect(await t.db.user.findUnique({ where: { email: 'user-over@example.dev' } })).toBeNull();
    expect(await t.db.user.count()).toBe(LIMIT);
    // A refused attempt is not recorded, so it does not push the wait further out.
    expect(await t.db.signupAttempt.count({ where: { clientKey: '10.0.0.1' } })).toBe(LIMIT);
  });

  it('another client is not affected', async () => {
    for (let i = 0; i < LIMIT; i++)
      await signUpLearner(input(i), '10.0.0.1', { now: T0, hash: countingHash });
    expect(await signUpLearner(input('a'), '10.0.0.1', { now: T0, hash: countingHash })).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/^Too many sign-up attempts/) as unknown,
    });
    expect(await signUpLearner(input('b'), '10.0.0.2', { now: T0, hash: countingHash })).toMatchObject({
      ok: true,
    });
    expect(await t.db.user.findUnique({ where: { email: 'user-b@example.dev' } })).not.toBeNull();
  });

  it('the window slides: the client may sign up again once its oldest attempt is older than the window', async () => {
    // Old rows written straight into the table, as a past hour would have left them.
    await t.db.signupAttempt.createMany({
      data: Array.from({ length: LIMIT }, (_, i) => ({
        clientKey: '10.0.0.1',
        createdAt: new Date(T0 - WINDOW + 1 + i * MIN),
      })),
    });
    expect(await admitSignUpAttempt('10.0.0.1', T0)).toEqual({
      ok: false,
      retryAfterSeconds: 1,
      message: 'Too many sign-up attempts from your network. Try again in 1 second.',
    });
    expect(await signUpLearner(input('late'), '10.0.0.1', { now: T0 + 1, hash: countingHash })).toMatchObject(
      { ok: true },
    );
    expect(hashes).toBe(1);
  });

  it('a taken e-mail counts as an attempt, so sign-up cannot probe more than the limit of e-mails', async () => {
    await t.db.user.create({
      data: { name: 'Taken', email: 'user-taken@example.dev', passwordHash: 'x', role: 'LEARNER' },
    });
    for (let i = 0; i < LIMIT; i++) {
      expect(await signUpLearner(input('taken'), '10.0.0.1', { now: T0, hash: countingHash })).toEqual({
        ok: false,
        fieldErrors: { email: [DUPLICATE_EMAIL] },
      });
    }
    expect(await signUpLearner(input('taken'), '10.0.0.1', { now: T0, hash: countingHash })).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/^Too many sign-up attempts/) as unknown,
    });
    expect(hashes).toBe(0);
    expect(await t.db.user.count()).toBe(1);
  });

  it('a parallel burst from one client gets at most the limit of attempts through', async () => {
    const results = await Promise.all(
      Array.from({ length: LIMIT + 7 }, (_, i) =>
        signUpLearner(input(i), '10.0.0.1', { now: T0, hash: countingHash }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(LIMIT);
    expect(results.filter((r) => !r.ok && r.formError?.startsWith('Too many sign-up attempts'))).toHaveLength(
      7,
    );
    expect(hashes).toBe(LIMIT);
    expect(await t.db.user.count()).toBe(LIMIT);
    expect(await t.db.signupAttempt.count()).toBe(LIMIT);
  });

  it('prunes attempts older than a day', async () => {
    await t.db.signupAttempt.create({
      data: { clientKey: '10.9.9.9', createdAt: new Date(T0 - 25 * 60 * MIN) },
    });
    await admitSignUpAttempt('10.0.0.1', T0);
    expect(await t.db.signupAttempt.findMany({ select: { clientKey: true } })).toEqual([
      { clientKey: '10.0.0.1' },
    ]);
  });
});
