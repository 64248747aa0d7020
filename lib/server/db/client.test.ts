import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../tests/support/db.ts';
import type { TestDb } from '../../../tests/support/db.ts';
import { BUSY_TIMEOUT_MS, databaseUrlFromEnv, sqliteFilePath } from './sqlite-adapter.ts';

describe('createDbClient', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.cleanup());

  it('opens connections in WAL mode with a busy timeout and foreign keys on', async () => {
    const [journal] = await t.db.$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
    const [busy] = await t.db.$queryRawUnsafe<Array<{ timeout: bigint | number }>>('PRAGMA busy_timeout');
    const [fk] = await t.db.$queryRawUnsafe<Array<{ foreign_keys: bigint | number }>>('PRAGMA foreign_keys');
    expect(journal?.journal_mode).toBe('wal');
    expect(Number(busy?.timeout)).toBe(BUSY_TIMEOUT_MS);
    expect(Number(fk?.foreign_keys)).toBe(1);
  });
});

describe('sqliteFilePath', () => {
  it('resolves a relative file: URL against the given directory', () => {
    expect(sqliteFilePath('file:./prisma/dev.db', '/app')).toBe('/app/prisma/dev.db');
  });

  it('keeps absolute paths and :memory:, and drops query parameters', () => {
    expect(sqliteFilePath('file:/data/x.db?connection_limit=1', '/app')).toBe('/data/x.db');
    expect(sqliteFilePath('file::memory:', '/app')).toBe(':memory:');
  });
});

describe('databaseUrlFromEnv', () => {
  it('falls back to the dev database when DATABASE_URL is unset or blank', () => {
    expect(databaseUrlFromEnv({})).toBe('file:./prisma/dev.db');
    expect(databaseUrlFromEnv({ DATABASE_URL: ' ' })).toBe('file:./prisma/dev.db');
    expect(databaseUrlFromEnv({ DATABASE_URL: 'file:/tmp/a.db' })).toBe('file:/tmp/a.db');
  });
});
