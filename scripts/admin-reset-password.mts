/**
 * Resets a user's password and prints the new one (default: the demo admin).
 *
 *   npm run admin:reset-password                          # admin@packetpath.dev, random password
 *   npm run admin:reset-password -- --email learner@packetpath.dev
 *   PACKETPATH_ADMIN_PASSWORD='…' npm run admin:reset-password   # choose it
 *
 * The admin account is recreated if it was deleted. Failed sign-in records
 * for the account are cleared so a locked-out admin can log in right away, and
 * every session signed in before the reset ends (User.sessionVersion, ADR 002).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDbClient } from '../lib/server/db/client.ts';
import type { DbClient } from '../lib/server/db/client.ts';
import { generatePassword, hashPassword } from '../lib/server/auth/password.ts';
import { loadDotEnv } from './env.mts';
import { DEMO_ADMIN_EMAIL, passwordFromEnv } from './seed-demo-users.mts';

export interface ResetResult {
  email: string;
  password: string;
  created: boolean;
}

/** Sets a new password for `email`; creates the admin account if `email` is the demo admin and it is missing. */
export async function resetPassword(
  db: DbClient,
  email: string,
  env: Record<string, string | undefined> = process.env,
): Promise<ResetResult> {
  const isAdmin = email === DEMO_ADMIN_EMAIL;
  // Only the admin's password may come from the environment; others are always random.
  const password = isAdmin ? passwordFromEnv(env, 'PACKETPATH_ADMIN_PASSWORD').password : generatePassword();
  const passwordHash = await hashPassword(password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!existing && !isAdmin) throw new Error(`No user with email ${email}.`);
  await db.user.upsert({
    where: { email },
    // A reset (often after a suspected compromise) ends every existing session, like a password change does.
    update: { passwordHash, sessionVersion: { increment: 1 } },
    create: { email, name: 'PacketPath Admin', role: 'ADMIN', passwordHash },
  });
  await db.loginAttempt.deleteMany({ where: { email } });
  return { email, password, created: !existing };
}

async function main(argv: string[]): Promise<void> {
  loadDotEnv(path.resolve(import.meta.dirname, '..', '.env'));
  const i = argv.indexOf('--email');
  const email = i >= 0 ? argv[i + 1] : DEMO_ADMIN_EMAIL;
  if (!email) throw new Error('Usage: npm run admin:reset-password [-- --email <email>]');
  const db = createDbClient();
  try {
    const r = await resetPassword(db, email.trim().toLowerCase());
    process.stdout.write(
      `${r.created ? 'Created' : 'Reset password for'} ${r.email}\n  password: ${r.password}\n`,
    );
  } finally {
    await db.$disconnect();
  }
}

// Run only as a script, not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`Reset failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
