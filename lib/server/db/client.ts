/**
 * Prisma client factory without `server-only`, for tsx scripts (seed, start,
 * admin tools) and vitest. App code imports `db` from lib/server/db/index.ts instead.
 *
 * One client type for both databases (ADR 009): the PostgreSQL client is generated from
 * prisma/postgres/schema.prisma, which is derived from the SQLite schema and has the same models and the
 * same TypeScript types, so it is used through the SQLite client's type.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../generated/prisma/client.ts';
import { PrismaClient as PgPrismaClient } from '../../../generated/prisma-pg/client.ts';
import { pgPool } from './pg-pool.ts';
import { databaseKind } from './url.ts';
import { createSqliteAdapter, databaseUrlFromEnv } from './sqlite-adapter.ts';

export type DbClient = PrismaClient;

const urls = new WeakMap<DbClient, string>();

/**
 * Creates a Prisma client on the database behind `url` (default: DATABASE_URL or prisma/dev.db).
 * SQLite connections use WAL and a busy timeout (lib/server/db/sqlite-adapter.ts); PostgreSQL uses the process's
 * shared pool (lib/server/db/pg-pool.ts). Call `$disconnect()` when done in scripts and tests.
 */
export function createDbClient(url: string = databaseUrlFromEnv()): DbClient {
  const client =
    databaseKind(url) === 'postgres'
      ? (new PgPrismaClient({ adapter: new PrismaPg(pgPool(url)) }) as unknown as DbClient)
      : new PrismaClient({ adapter: createSqliteAdapter(url) });
  urls.set(client, url);
  return client;
}

/** The URL a client was created with (the hot-path stores open the same database). */
export function clientUrl(db: DbClient): string {
  return urls.get(db) ?? databaseUrlFromEnv();
}
