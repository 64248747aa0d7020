/**
 * Seed step: the demo admin and learner, created only when there are no users
 * at all. Passwords come from PACKETPATH_ADMIN_PASSWORD /
 * PACKETPATH_LEARNER_PASSWORD or are generated and printed once — there is
 * deliberately no fixed default password.
 */
import { generatePassword, hashPassword } from '../lib/server/auth/password.ts';
import type { SeedStep } from './seed.mts';

export const DEMO_ADMIN_EMAIL = 'admin@packetpath.dev';
export const DEMO_LEARNER_EMAIL = 'learner@packetpath.dev';

/** Shortest password we accept from the environment (matches common login-form rules). */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Returns the password from `env[key]`, or a generated one.
 * Throws for a too-short value instead of silently seeding a weak login.
 */
export function passwordFromEnv(
  env: Record<string, string | undefined>,
  key: string,
): { password: string; generated: boolean } {
  const value = env[key]?.trim();
  if (!value) return { password: generatePassword(), generated: true };
  if (value.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`${key} must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  return { password: value, generated: false };
}

function describe(
  email: string,
  role: string,
  pw: { password: string; generated: boolean },
  key: string,
): string {
  return pw.generated
    ? `${role.padEnd(7)} ${email}  password: ${pw.password}  (generated; set ${key} to choose)`
    : `${role.padEnd(7)} ${email}  password: from ${key}`;
}

export const demoUsersStep: SeedStep = {
  name: 'demo users',
  async run(db, { env }) {
    if ((await db.user.count()) > 0) return { summary: 'skipped (users exist)' };
    const admin = passwordFromEnv(env, 'PACKETPATH_ADMIN_PASSWORD');
    const learner = passwordFromEnv(env, 'PACKETPATH_LEARNER_PASSWORD');
    await db.user.createMany({
      data: [
        {
          email: DEMO_ADMIN_EMAIL,
          name: 'PacketPath Admin',
          role: 'ADMIN',
          passwordHash: await hashPassword(admin.password),
        },
        {
          email: DEMO_LEARNER_EMAIL,
          name: 'Demo Learner',
          role: 'LEARNER',
          passwordHash: await hashPassword(learner.password),
        },
      ],
    });
    return {
      summary: 'created 2 users',
      notes: [
        'Demo logins (shown once; reset with `npm run admin:reset-password`):',
        describe(DEMO_ADMIN_EMAIL, 'admin', admin, 'PACKETPATH_ADMIN_PASSWORD'),
        describe(DEMO_LEARNER_EMAIL, 'learner', learner, 'PACKETPATH_LEARNER_PASSWORD'),
      ],
    };
  },
};
