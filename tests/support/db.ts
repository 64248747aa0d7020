/**
 * A fresh, fully migrated SQLite database per test (STYLE.md rule 21).
 *
 * tests/setup/global-db.ts migrates tests/prisma/base.db once per run (and
 * only when the migrations changed); {@link createTestDb} copies that file
 * into a temp dir, which is far cheaper than migrating per test.
 *
 * @example
 *   let t: TestDb;
 *   beforeEach(async () => { t = await createTestDb(); });
 *   afterEach(() => t.cleanup());
 *   it('…', async () => { await t.db.user.count(); });
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDbClient } from '../../lib/db-client.ts';
import type { DbClient } from '../../lib/db-client.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BASE_DB_PATH = path.join(PROJECT_ROOT, 'tests', 'prisma', 'base.db');

export interface TestDb {
  /** `file:` URL of this test's database. */
  url: string;
  db: DbClient;
  /** Disconnects and deletes the database. */
  cleanup(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'packetpath-test-db-'));
  const file = path.join(dir, 'test.db');
  await copyFile(BASE_DB_PATH, file);
  const url = `file:${file}`;
  const db = createDbClient(url);
  return {
    url,
    db,
    cleanup: async () => {
      await db.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
