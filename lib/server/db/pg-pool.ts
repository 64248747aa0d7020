/**
 * The PostgreSQL connection pool of a process: one `pg.Pool` per URL, shared by the Prisma client (through
 * `@prisma/adapter-pg`) and the hot-path statements (lib/server/data/), so an instance never holds more than
 * `DATABASE_POOL_MAX` connections (default 10). Put PgBouncer in front when instances × pool would exceed
 * the server's `max_connections` (docs/capacity.md).
 */
import pg from 'pg';

const pools = new Map<string, pg.Pool>();

/** Connections per process; `DATABASE_POOL_MAX` overrides (1–200). */
export function poolMax(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.DATABASE_POOL_MAX);
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 10;
}

export function pgPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: poolMax(), idleTimeoutMillis: 30_000 });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    pools.set(url, pool);
  }
  return pool;
}

/** Ends every pool (tests, scripts, graceful shutdown). */
export async function closePgPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end()));
}
