import 'server-only';
/**
 * Readiness: can this process serve requests that need the database? Two checks, both cheap:
 *   1. the database answers a query;
 *   2. every migration shipped for this database (prisma/migrations for SQLite, prisma/postgres/migrations for
 *      PostgreSQL, ADR 009) is applied (finished, not rolled back) and none is failed.
 * A process whose database is behind its code (a deploy that skipped `npm run db:migrate:deploy`) is not
 * ready: its queries would fail on missing tables or columns.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DbClient } from '@/lib/server/db/client';
import { databaseKind } from '@/lib/server/db/url';

export type Readiness =
  | { ready: true; migrations: number }
  | { ready: false; reason: string; pending?: string[]; failed?: string[] };

/** Where the migrations of the database behind `url` live (the same layout as scripts/migrations.mts). */
export function migrationsDirFor(url: string, root: string = process.cwd()): string {
  return databaseKind(url) === 'postgres'
    ? path.join(root, 'prisma', 'postgres', 'migrations')
    : path.join(root, 'prisma', 'migrations');
}

/** The migration folders shipped with the code (each `<timestamp>_<name>/migration.sql`). */
export async function shippedMigrations(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

type AppliedRow = { migration_name: string; finished_at: unknown; rolled_back_at: unknown };

const DEFAULT_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(
  db: DbClient,
  migrationsDir: string,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Promise<Readiness> {
  let rows: AppliedRow[];
  try {
    rows = await withTimeout(
      db.$queryRawUnsafe<AppliedRow[]>(
        'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations',
      ),
      timeoutMs,
      'The database',
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/_prisma_migrations/.test(message) && /no such table|does not exist/i.test(message)) {
      return {
        ready: false,
        reason: 'The database has no migrations applied. Run npm run db:migrate:deploy.',
      };
    }
    return { ready: false, reason: `The database is unreachable: ${message.split('\n')[0]}` };
  }
  let shipped: string[];
  try {
    shipped = await shippedMigrations(migrationsDir);
  } catch {
    return { ready: false, reason: `The migrations folder ${migrationsDir} cannot be read.` };
  }
  const applied = new Set(
    rows.filter((r) => r.finished_at != null && r.rolled_back_at == null).map((r) => r.migration_name),
  );
  const failed = rows
    .filter((r) => r.finished_at == null && r.rolled_back_at == null)
    .map((r) => r.migration_name)
    .sort();
  if (failed.length) {
    return {
      ready: false,
      reason: 'A migration failed; fix it and mark it with scripts/migrate.mts resolve (see README).',
      failed,
    };
  }
  const pending = shipped.filter((m) => !applied.has(m));
  if (pending.length) {
    return {
      ready: false,
      reason: 'The database is behind the code. Run npm run db:migrate:deploy.',
      pending,
    };
  }
  return { ready: true, migrations: shipped.length };
}
