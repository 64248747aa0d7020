/**
 * The one place that turns a `DATABASE_URL` into a Prisma driver adapter for
 * SQLite. Used by the app client (lib/server/db/client.ts) and by the migration
 * runner (scripts/schema-engine.mts), so both open the file the same way and
 * with the same pragmas.
 *
 * Pure module (no `server-only`, no generated client) so tsx scripts and
 * vitest can import it before `prisma generate` has run.
 * @see https://www.prisma.io/docs/orm/overview/databases/sqlite#using-the-better-sqlite3-driver
 */
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** Default database when `DATABASE_URL` is unset; relative to the project root (the cwd). */
export const DEFAULT_DATABASE_URL = 'file:./prisma/dev.db';

/** How long a connection waits on a locked database before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Run on every new connection.
 * - WAL lets readers (page renders) proceed while a writer (a quiz submit or a
 *   migration) holds the lock; it is persistent in the file, but setting it
 *   each time is cheap and covers files created by other tools.
 * - busy_timeout makes concurrent writers wait instead of failing at once.
 *   better-sqlite3's `timeout` option sets the same thing; the pragma keeps
 *   the shadow-DB connection (which the adapter opens itself) in line.
 * - foreign_keys is on by default in better-sqlite3; stated here so that a
 *   driver change cannot silently turn it off.
 */
export const CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL;',
  `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`,
  'PRAGMA foreign_keys = ON;',
].join('\n');

/**
 * Maps a `file:` URL to an absolute path. Relative paths resolve against
 * `cwd`, which is the project root for `npm` scripts and `next start`.
 * `:memory:` passes through unchanged.
 *
 * @example sqliteFilePath('file:./prisma/dev.db', '/app') // '/app/prisma/dev.db'
 */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  const raw = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (raw === ':memory:') return raw;
  return path.resolve(cwd, raw);
}

/** Returns `DATABASE_URL` from the environment, or the dev default. */
export function databaseUrlFromEnv(env: Record<string, string | undefined> = process.env): string {
  const url = env.DATABASE_URL?.trim();
  return url ? url : DEFAULT_DATABASE_URL;
}

/** An adapter factory that can also close every connection it opened. */
export interface SqliteAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /**
   * Closes all connections opened so far. The schema engine does not close
   * its connection when freed, and a leftover connection in a long-lived
   * process (npm start) would keep SQLite from checkpointing the WAL.
   */
  disposeAll(): Promise<void>;
}

/**
 * Creates a migration-aware adapter factory for the SQLite file behind `url`.
 * Every connection it opens (including a shadow DB) gets {@link CONNECTION_PRAGMAS}.
 */
export function createSqliteAdapter(url: string): SqliteAdapterFactory {
  const file = sqliteFilePath(url);
  const inner = new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = await connect;
    await adapter.executeScript(CONNECTION_PRAGMAS);
    open.add(adapter);
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => track(inner.connect()),
    connectToShadowDb: () => track(inner.connectToShadowDb()),
    disposeAll: async () => {
      const adapters = [...open];
      open.clear();
      await Promise.all(adapters.map((a) => a.dispose()));
    },
  };
}
