/**
 * Vitest global setup: migrates tests/prisma/base.db (gitignored) with the
 * real migrations, once per run and only when they changed since last time.
 * Tests copy it via tests/support/db.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { deployMigrations } from '../../scripts/migrations.mts';
import { BASE_DB_PATH, PROJECT_ROOT } from '../support/db.ts';

const MIGRATIONS = path.join(PROJECT_ROOT, 'prisma', 'migrations');

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const dir of readdirSync(MIGRATIONS).sort()) {
    const file = path.join(MIGRATIONS, dir, 'migration.sql');
    if (existsSync(file)) h.update(`${dir}\0`).update(readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}

export default async function setup(): Promise<void> {
  const stampFile = `${BASE_DB_PATH}.sha256`;
  const hash = migrationsHash();
  if (existsSync(BASE_DB_PATH) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;

  mkdirSync(path.dirname(BASE_DB_PATH), { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '.sha256']) rmSync(`${BASE_DB_PATH}${suffix}`, { force: true });
  await deployMigrations({
    schemaPath: path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'),
    migrationsDir: MIGRATIONS,
    databaseUrl: `file:${BASE_DB_PATH}`,
  });
  // Fold the WAL into the main file so copying base.db alone is a complete copy.
  const sqlite = new Database(BASE_DB_PATH);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  writeFileSync(stampFile, hash);
}
