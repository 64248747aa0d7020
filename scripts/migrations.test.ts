/**
 * The migration runner against throw-away databases and a throw-away schema
 * (never the real prisma/schema.prisma or prisma/migrations).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATION_LOCK_TOML,
  createMigration,
  deployMigrations,
  migrationSlug,
  migrationStatus,
  nextMigrationTimestamp,
  resolveMigration,
} from './migrations.mts';

const SCHEMA_V1 = `
datasource db {
  provider = "sqlite"
}

model Note {
  id    Int    @id @default(autoincrement())
  title String
  body  String
}
`;

// v2: a column in the middle (SQLite must rebuild the table) and one at the end.
const SCHEMA_V2 = `
datasource db {
  provider = "sqlite"
}

model Note {
  id    Int     @id @default(autoincrement())
  title String
  done  Boolean @default(false)
  body  String
  tag   String?
}
`;

let dir: string;
let schemaPath: string;
let migrationsDir: string;
let databaseUrl: string;
let dbFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'packetpath-migrations-'));
  schemaPath = path.join(dir, 'schema.prisma');
  migrationsDir = path.join(dir, 'migrations');
  dbFile = path.join(dir, 'data', 'app.db');
  databaseUrl = `file:${dbFile}`;
  writeFileSync(schemaPath, SCHEMA_V1);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = () => ({ schemaPath, migrationsDir, databaseUrl });
const at = (iso: string) => new Date(iso);

/** Reads rows with a short-lived connection so the test never holds a lock. */
function query<T>(sql: string): T[] {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    return sqlite.prepare(sql).all() as T[];
  } finally {
    sqlite.close();
  }
}

describe('createMigration', () => {
  it('writes <timestamp>_<name>/migration.sql and migration_lock.toml', async () => {
    const result = await createMigration({
      schemaPath,
      migrationsDir,
      name: 'Init',
      now: at('2026-01-02T03:04:05Z'),
    });
    expect(result).toMatchObject({ created: true, name: '20260102030405_init' });
    const sql = readFileSync(path.join(migrationsDir, '20260102030405_init', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Note"');
    expect(readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(MIGRATION_LOCK_TOML);
    expect(existsSync(dbFile)).toBe(false);
  });

  it('creates nothing when the schema matches the migrations', async () => {
    await createMigration({ schemaPath, migrationsDir, name: 'init', now: at('2026-01-02T03:04:05Z') });
    expect(await createMigration({ schemaPath, migrationsDir, name: 'again' })).toEqual({
      created: false,
      reason: 'no-changes',
    });
    expect(readdirSync(migrationsDir).sort()).toEqual(['20260102030405_init', 'migration_lock.toml']);
  });

  it('writes an empty migration on request', async () => {
    await createMigration({ schemaPath, migrationsDir, name: 'init', now: at('2026-01-02T03:04:05Z') });
    const r = await createMigration({
      schemaPath,
      migrationsDir,
      name: 'data fix',
      empty: true,
      now: at('2026-01-02T03:04:05Z'),
    });
    expect(r).toMatchObject({
      created: true,
      name: '20260102030406_data_fix',
      sql: '-- This is an empty migration.\n',
    });
  });
});

describe('deployMigrations', () => {
  it('applies pending migrations, records them like Prisma Migrate, and is idempotent', async () => {
    await createMigration({ schemaPath, migrationsDir, name: 'init', now: at('2026-01-02T03:04:05Z') });
    expect(await deployMigrations(opts())).toEqual(['20260102030405_init']);
    expect(await deployMigrations(opts())).toEqual([]);

    const sql = readFileSync(path.join(migrationsDir, '20260102030405_init', 'migration.sql'));
    const rows = query<{
      migration_name: string;
      checksum: string;
      finished_at: string | null;
      applied_steps_count: number;
    }>('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations');
    expect(rows).toEqual([
      {
        migration_name: '20260102030405_init',
        checksum: createHash('sha256').update(sql).digest('hex'),
        finished_at: expect.any(String),
        applied_steps_count: 1,
      },
    ]);
    expect(query<{ journal_mode: string }>('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });

  it('applies an incremental change and keeps existing rows', async () => {
    await createMigration({ schemaPath, migrationsDir, name: 'init', now: at('2026-01-02T03:04:05Z') });
    await deployMigrations(opts());
    const sqlite = new Database(dbFile);
    sqlite.prepare('INSERT INTO "Note" (title, body) VALUES (?, ?)').run('keep me', 'hello');
    sqlite.close();

    writeFileSync(schemaPath, SCHEMA_V2);
    const r = await createMigration({
      schemaPath,
      migrationsDir,
      name: 'note done',
      now: at('2026-02-01T00:00:00Z'),
    });
    expect(r).toMatchObject({ created: true, name: '20260201000000_note_done' });
    if (!r.created) throw new Error('unreachable');
    expect(r.sql).toContain('-- RedefineTables');
    expect(r.sql).toContain('INSERT INTO "new_Note"');

    expect((await migrationStatus(opts())).pending).toEqual(['20260201000000_note_done']);
    expect(await deployMigrations(opts())).toEqual(['20260201000000_note_done']);
    expect(query('SELECT id, title, done, body, tag FROM "Note"')).toEqual([
      { id: 1, title: 'keep me', done: 0, body: 'hello', tag: null },
    ]);
    expect(await migrationStatus(opts())).toMatchObject({ upToDate: true });
  });

  it('explains a failing migration and records it as failed', async () => {
    mkdirSync(path.join(migrationsDir, '20260101000000_broken'), { recursive: true });
    writeFileSync(path.join(migrationsDir, '20260101000000_broken', 'migration.sql'), 'CREATE TABLE x (;\n');
    await expect(deployMigrations(opts())).rejects.toThrow(/20260101000000_broken/);
    expect((await migrationStatus(opts())).failed).toEqual(['20260101000000_broken']);
  });

  it('retries a failed migration after it is fixed and marked rolled back', async () => {
    const file = path.join(migrationsDir, '20260101000000_fixme', 'migration.sql');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'CREATE TABLE x (;\n');
    await expect(deployMigrations(opts())).rejects.toThrow();
    writeFileSync(file, 'CREATE TABLE x (id INTEGER);\n');
    await resolveMigration({ ...opts(), name: '20260101000000_fixme', as: 'rolled-back' });
    expect(await deployMigrations(opts())).toEqual(['20260101000000_fixme']);
    expect(await migrationStatus(opts())).toMatchObject({ upToDate: true });
  });
});

describe('migrationStatus', () => {
  it('lists every migration as pending for a database that does not exist, without creating it', async () => {
    await createMigration({ schemaPath, migrationsDir, name: 'init', now: at('2026-01-02T03:04:05Z') });
    expect(await migrationStatus(opts())).toMatchObject({
      pending: ['20260102030405_init'],
      upToDate: false,
    });
    expect(existsSync(dbFile)).toBe(false);
  });

  it('reports an edited migration', async () => {
    await createMigration({ schemaPath, migrationsDir, name: 'init', now: at('2026-01-02T03:04:05Z') });
    await deployMigrations(opts());
    const file = path.join(migrationsDir, '20260102030405_init', 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
    expect(await migrationStatus(opts())).toMatchObject({ edited: ['20260102030405_init'], upToDate: false });
  });
});

describe('migrationSlug', () => {
  it('lowercases and replaces anything but letters, digits and underscores', () => {
    expect(migrationSlug('  Add user Bio! ')).toBe('add_user_bio');
  });

  it('rejects a name with nothing usable', () => {
    expect(() => migrationSlug('!!!')).toThrow(/Invalid migration name/);
  });
});

describe('nextMigrationTimestamp', () => {
  it('uses the current UTC time when it sorts after every existing migration', () => {
    expect(nextMigrationTimestamp(['20260101000000_init'], at('2026-03-04T05:06:07Z'))).toBe(
      '20260304050607',
    );
  });

  it('moves one second past the newest migration when the clock is not ahead of it', () => {
    expect(nextMigrationTimestamp(['20260101235959_a'], at('2026-01-01T23:59:59Z'))).toBe('20260102000000');
  });
});
