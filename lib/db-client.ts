/**
 * Prisma client factory without `server-only`, for tsx scripts (seed, start,
 * admin tools) and vitest. App code imports `db` from lib/server/db.ts instead.
 */
import { PrismaClient } from '../generated/prisma/client.ts';
import { createSqliteAdapter, databaseUrlFromEnv } from './sqlite-adapter.ts';

export type DbClient = PrismaClient;

/**
 * Creates a Prisma client on the SQLite file behind `url` (default: DATABASE_URL
 * or prisma/dev.db). Connections use WAL and a busy timeout, see lib/sqlite-adapter.ts.
 * Call `$disconnect()` when done in scripts and tests.
 */
export function createDbClient(url: string = databaseUrlFromEnv()): DbClient {
  return new PrismaClient({ adapter: createSqliteAdapter(url) });
}
