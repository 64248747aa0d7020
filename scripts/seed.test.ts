import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../lib/server/auth/password.ts';
import { createTestDb } from '../tests/support/db.ts';
import type { TestDb } from '../tests/support/db.ts';
import { resetPassword } from './admin-reset-password.mts';
import { DEMO_ADMIN_EMAIL, DEMO_LEARNER_EMAIL } from './seed-demo-users.mts';
import { seedDatabase } from './seed.mts';
import type { SeedStep } from './seed.mts';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

const env = { PACKETPATH_ADMIN_PASSWORD: 'admin-pass-123', PACKETPATH_LEARNER_PASSWORD: 'learner-pass-123' };

describe('seedDatabase', () => {
  it('creates the demo admin and learner with the passwords from the environment', async () => {
    const results = await seedDatabase(t.db, { env });
    expect(results[0]).toMatchObject({ step: 'demo users', summary: 'created 2 users' });
    const users = await t.db.user.findMany({ orderBy: { email: 'asc' } });
    expect(users.map((u) => [u.email, u.role])).toEqual([
      [DEMO_ADMIN_EMAIL, 'ADMIN'],
      [DEMO_LEARNER_EMAIL, 'LEARNER'],
    ]);
    expect(await verifyPassword(users[0]!.passwordHash, 'admin-pass-123')).toBe(true);
    expect(await verifyPassword(users[1]!.passwordHash, 'learner-pass-123')).toBe(true);
    expect(results[0]?.notes?.join('\n')).not.toContain('admin-pass-123');
  });

  it('generates and reports passwords when none are configured', async () => {
    const [result] = await seedDatabase(t.db, { env: {} });
    const admin = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } });
    const printed = /admin@packetpath\.dev {2}password: (\S+)/.exec(result?.notes?.join('\n') ?? '')?.[1];
    expect(printed).toBeDefined();
    expect(await verifyPassword(admin.passwordHash, printed!)).toBe(true);
  });

  it('leaves an existing user table alone', async () => {
    await seedDatabase(t.db, { env });
    const [again] = await seedDatabase(t.db, { env: {} });
    expect(again).toMatchObject({ summary: 'skipped (users exist)' });
    expect(await t.db.user.count()).toBe(2);
  });

  it('refuses a too-short configured password', async () => {
    await expect(seedDatabase(t.db, { env: { PACKETPATH_ADMIN_PASSWORD: 'short' } })).rejects.toThrow(
      /at least 8/,
    );
    expect(await t.db.user.count()).toBe(0);
  });

  it('runs extra steps in order', async () => {
    const order: string[] = [];
    const step = (name: string): SeedStep => ({
      name,
      run: async () => (order.push(name), { summary: 'ok' }),
    });
    await seedDatabase(t.db, { env }, [step('a'), step('b')]);
    expect(order).toEqual(['a', 'b']);
  });
});

describe('resetPassword', () => {
  it('sets a new admin password and clears failed sign-ins', async () => {
    await seedDatabase(t.db, { env });
    await t.db.loginAttempt.create({ data: { email: DEMO_ADMIN_EMAIL, clientKey: '127.0.0.1' } });
    const r = await resetPassword(t.db, DEMO_ADMIN_EMAIL, {});
    expect(r.created).toBe(false);
    const admin = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } });
    expect(await verifyPassword(admin.passwordHash, r.password)).toBe(true);
    expect(await verifyPassword(admin.passwordHash, 'admin-pass-123')).toBe(false);
    expect(await t.db.loginAttempt.count()).toBe(0);
  });

  it('ends every session signed in before the reset (bumps sessionVersion)', async () => {
    await seedDatabase(t.db, { env });
    const before = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER_EMAIL } });
    await resetPassword(t.db, DEMO_LEARNER_EMAIL, {});
    const after = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER_EMAIL } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
  });

  it('recreates a deleted admin account', async () => {
    const r = await resetPassword(t.db, DEMO_ADMIN_EMAIL, { PACKETPATH_ADMIN_PASSWORD: 'chosen-pass-1' });
    expect(r).toEqual({ email: DEMO_ADMIN_EMAIL, password: 'chosen-pass-1', created: true });
    expect(await t.db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } })).toMatchObject({
      role: 'ADMIN',
    });
  });

  it('refuses an unknown non-admin email', async () => {
    await expect(resetPassword(t.db, 'nobody@example.com', {})).rejects.toThrow(/No user/);
  });
});
