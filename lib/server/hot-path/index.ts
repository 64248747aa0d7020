import 'server-only';
/**
 * The hot-path seam (./types.ts) for a database URL: SQLite or PostgreSQL by the URL's scheme, one instance
 * per URL per process. Route handlers pass `env.DATABASE_URL`; services pass the URL of the Prisma client
 * they were given (`clientUrl(db)`), so tests on their own databases use the same seam.
 */
import { databaseKind } from '@/lib/server/db/url';
import { openPostgresHotPath } from './postgres';
import { openSqliteHotPath } from './sqlite';
import type { HotPath } from './types';

export type * from './types';

const opened = new Map<string, HotPath>();

export function hotPath(url: string): HotPath {
  let h = opened.get(url);
  if (!h) {
    h = databaseKind(url) === 'postgres' ? openPostgresHotPath(url) : openSqliteHotPath(url);
    opened.set(url, h);
  }
  return h;
}

/** Closes every seam (tests delete their database files afterwards). */
export async function closeHotPaths(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  await Promise.all(all.map((h) => h.close()));
}
