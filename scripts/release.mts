/**
 * `npm run release`: the once-per-deploy half of `npm start` (ADR 009): apply pending migrations, then run
 * the seed steps, holding a release lock so that two releases started at once do not race: the second
 * waits for the first, then finds nothing to do. On PostgreSQL the lock is a session advisory lock
 * (released by the server if this process dies); on SQLite it is an exclusive transaction on a side file
 * next to the database (released by the OS likewise).
 *
 * Acts on DATABASE_URL (from the environment, else `.env`, else prisma/dev.db). Serving is
 * `npm run serve` (many instances) or `npm start` (single machine: release + build + serve).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseKind, redactUrl } from '../lib/server/db/url.ts';
import { databaseUrlFromEnv, sqliteFilePath } from '../lib/server/db/sqlite-adapter.ts';
import { deployMigrations, layoutFor, projectLayout } from './migrations.mts';
import type { SeedStepResult } from './seed.mts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** How long a release waits for another one before giving up. */
const LOCK_WAIT_MS = 10 * 60_000;

/** Runs `fn` while holding the database's release lock (waits for a release already running). */
export async function withReleaseLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T> {
  if (databaseKind(databaseUrl) === 'postgres') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`SET lock_timeout = ${LOCK_WAIT_MS}`);
      await client.query(`SELECT pg_advisory_lock(hashtextextended('packetpath:release', 0))`);
      return await fn();
    } finally {
      await client.end(); // ends the session, which releases the lock
    }
  }
  const file = sqliteFilePath(databaseUrl);
  if (file === ':memory:') return fn();
  const lock = new Database(`${file}.release-lock`, { timeout: LOCK_WAIT_MS });
  try {
    lock.exec('BEGIN EXCLUSIVE');
    try {
      return await fn();
    } finally {
      lock.exec('COMMIT');
    }
  } finally {
    lock.close();
  }
}

export interface ReleaseResult {
  applied: string[];
  seed: Array<SeedStepResult & { step: string }>;
}

/** Migrate, then seed, under the release lock. */
export async function release(
  databaseUrl: string,
  env: Record<string, string | undefined> = process.env,
): Promise<ReleaseResult> {
  return withReleaseLock(databaseUrl, async () => {
    const applied = await deployMigrations({ ...layoutFor(projectLayout(ROOT), databaseUrl), databaseUrl });
    // Imported late: the generated client must exist (npm install / npm start generate it).
    const { createDbClient } = await import('../lib/server/db/client.ts');
    const { closePgPools } = await import('../lib/server/db/pg-pool.ts');
    const { seedDatabase } = await import('./seed.mts');
    const db = createDbClient(databaseUrl);
    try {
      return { applied, seed: await seedDatabase(db, { env }) };
    } finally {
      await db.$disconnect();
      await closePgPools();
    }
  });
}

async function main(): Promise<void> {
  const { loadDotEnv } = await import('./env.mts');
  const { formatSeedResults } = await import('./seed.mts');
  loadDotEnv(path.join(ROOT, '.env'));
  const url = databaseUrlFromEnv();
  const t0 = performance.now();
  const r = await release(url);
  process.stdout.write(
    `release: ${r.applied.length ? `applied ${r.applied.join(', ')}` : 'no pending migrations'} (${redactUrl(url)})\n` +
      `${formatSeedResults(r.seed)}\n` +
      `release: done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`release failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
