/**
 * A fresh, fully migrated database per test (STYLE.md rule 21), on the engine the Vitest project runs:
 * SQLite (project `sqlite`, the default) or PostgreSQL (project `postgres`, `TEST_DB=postgres`).
 *
 * - SQLite: tests/setup/global-db.ts migrates tests/prisma/base.db once per run (and only when the
 *   migrations changed); {@link createTestDb} copies that file into a temp dir.
 * - PostgreSQL: tests/setup/global-pg.ts starts a throwaway cluster (scripts/pg-cluster.mts) and migrates a
 *   template database `base` with the PostgreSQL migrations; {@link createTestDb} creates a database from
 *   that template (`CREATE DATABASE … TEMPLATE base`) and drops it afterwards.
 *
 * @example
 *   let t: TestDb;
 *   beforeEach(async () => { t = await createTestDb(); });
 *   afterEach(() => t.cleanup());
 *   it('…', async () => { await t.db.user.count(); });
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDbClient } from '../../lib/server/db/client.ts';
import type { DbClient } from '../../lib/server/db/client.ts';
import { closePgPools } from '../../lib/server/db/pg-pool.ts';
import { closeHotPaths } from '../../lib/server/hot-path/index.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BASE_DB_PATH = path.join(PROJECT_ROOT, 'tests', 'prisma', 'base.db');

export type TestEngine = 'sqlite' | 'postgres';

/** The engine of this test run. */
export const testEngine: TestEngine = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDb {
  /** URL of this test's database (`file:` or `postgresql://`). */
  url: string;
  engine: TestEngine;
  db: DbClient;
  /** Disconnects and deletes the database. */
  cleanup(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL template of the test cluster: `{db}` stands for the database name. */
    pgUrlTemplate: string;
  }
}

export async function createTestDb(): Promise<TestDb> {
  return testEngine === 'postgres' ? createPostgresTestDb() : createSqliteTestDb();
}

async function createSqliteTestDb(): Promise<TestDb> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'packetpath-test-db-'));
  const file = path.join(dir, 'test.db');
  await copyFile(BASE_DB_PATH, file);
  const url = `file:${file}`;
  const db = createDbClient(url);
  return {
    url,
    engine: 'sqlite',
    db,
    cleanup: async () => {
      await db.$disconnect();
      await closeHotPaths();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one statement on the cluster's maintenance database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** URL of database `name` in the test cluster. */
export function postgresUrl(name: string): string {
  return inject('pgUrlTemplate').replace('{db}', name);
}

async function createPostgresTestDb(): Promise<TestDb> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}" TEMPLATE base`);
  const url = postgresUrl(name);
  const db = createDbClient(url);
  return {
    url,
    engine: 'postgres',
    db,
    cleanup: async () => {
      await db.$disconnect();
      await closeHotPaths();
      await closePgPools();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
