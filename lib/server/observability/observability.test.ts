/**
 * The logger, the request id and readiness, on the real pino and a real SQLite database.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/server/db/client';
import { createTestDb, PROJECT_ROOT, type TestDb } from '@/tests/support/db';
import { createLogger } from './log';
import { checkReadiness, migrationsDirFor } from './readiness';
import { currentRequestId, runWithRequestId, withRequestId } from './request-context';

type Line = Record<string, unknown>;

function collector() {
  const lines: Line[] = [];
  const logger = createLogger({ write: (s: string) => void lines.push(JSON.parse(s) as Line) }, 'info');
  return { lines, logger };
}

describe('log', () => {
  it('writes one JSON object per line with level, ISO time, service and message', () => {
    const { lines, logger } = collector();
    logger.info({ event: 'quiz.finalised', attemptId: 'a1' }, 'attempt finalised');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'packetpath',
      event: 'quiz.finalised',
      attemptId: 'a1',
      msg: 'attempt finalised',
    });
    expect(new Date(lines[0]?.time as string).toISOString()).toBe(lines[0]?.time);
    expect(lines[0]).not.toHaveProperty('requestId');
  });

  it('stamps the current request id on every line inside a request, and only there', async () => {
    const { lines, logger } = collector();
    await runWithRequestId('req-1', async () => {
      logger.info('before');
      await new Promise((r) => setTimeout(r, 1));
      logger.warn('after an await');
    });
    logger.info('outside');
    expect(lines.map((l) => l.requestId)).toEqual(['req-1', 'req-1', undefined]);
  });

  it('serialises errors with their stack and redacts secrets', () => {
    const { lines, logger } = collector();
    logger.error({ err: new TypeError('boom'), password: 'hunter2', user: { token: 't' } }, 'failed');
    const line = lines[0] ?? {};
    expect(line.err).toMatchObject({ type: 'TypeError', message: 'boom' });
    expect(String((line.err as Line).stack)).toContain('observability.test.ts');
    expect(line.password).toBe('[redacted]');
    expect(line.user).toEqual({ token: '[redacted]' });
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (s: string) => void lines.push(s) }, 'warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });
});

describe('withRequestId (route handlers)', () => {
  const handler = withRequestId(async (_req: Request) => {
    await new Promise((r) => setTimeout(r, 2));
    return Response.json({ seen: currentRequestId() });
  });

  it('honours an acceptable x-request-id and echoes it', async () => {
    const res = await handler(new Request('http://x/api', { headers: { 'x-request-id': 'lb-7f3a.1:2' } }));
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.1:2');
    expect(await res.json()).toEqual({ seen: 'lb-7f3a.1:2' });
  });

  it('generates a UUID when the header is missing or unacceptable', async () => {
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'new\nline']) {
      const headers: Record<string, string> =
        bad === undefined || bad.includes('\n') ? {} : { 'x-request-id': bad };
      const res = await handler(new Request('http://x/api', { headers }));
      const id = res.headers.get('x-request-id');
      expect(id, String(bad)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(await res.json()).toEqual({ seen: id });
    }
  });

  it('keeps concurrent requests apart', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const seen = await Promise.all(
      ids.map(async (id) => {
        const res = await handler(new Request('http://x/api', { headers: { 'x-request-id': id } }));
        return ((await res.json()) as { seen: string }).seen;
      }),
    );
    expect(seen).toEqual(ids);
  });

  it('still answers when the response headers are immutable (a redirect)', async () => {
    const redirect = withRequestId(() => Response.redirect('http://x/login', 303));
    const res = await redirect(new Request('http://x/api'));
    expect(res.status).toBe(303);
  });
});

describe('checkReadiness (on the project’s database: SQLite, then PostgreSQL)', () => {
  let t: TestDb;
  let dir: string;
  let migrations: string;
  beforeEach(async () => {
    t = await createTestDb();
    migrations = migrationsDirFor(t.url, PROJECT_ROOT);
    dir = await mkdtemp(path.join(os.tmpdir(), 'packetpath-ready-'));
  });
  afterEach(async () => {
    await t.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('is ready on a fully migrated database', async () => {
    const r = await checkReadiness(t.db, migrations);
    expect(r).toMatchObject({ ready: true });
    expect(r.ready && r.migrations).toBeGreaterThan(0);
  });

  it('is not ready when the code ships a migration the database lacks, and names it', async () => {
    const shipped = path.join(dir, 'migrations');
    await cp(migrations, shipped, { recursive: true });
    await mkdir(path.join(shipped, '29990101000000_future_change'));
    const r = await checkReadiness(t.db, shipped);
    expect(r).toMatchObject({ ready: false, pending: ['29990101000000_future_change'] });
    expect(!r.ready && r.reason).toContain('db:migrate:deploy');
  });

  it('is not ready when a migration failed', async () => {
    await t.db.$executeRawUnsafe(
      `UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
    );
    const r = await checkReadiness(t.db, migrations);
    expect(r).toMatchObject({ ready: false });
    expect(!r.ready && r.failed).toHaveLength(1);
  });

  it('is not ready on an empty database', async () => {
    // An empty SQLite file on both projects: what a fresh volume without `npm run release` looks like.
    const empty = createDbClient(`file:${path.join(dir, 'empty.db')}`);
    try {
      const r = await checkReadiness(empty, migrations);
      expect(r).toEqual({
        ready: false,
        reason: 'The database has no migrations applied. Run npm run db:migrate:deploy.',
      });
    } finally {
      await empty.$disconnect();
    }
  });

  it('is not ready when the database cannot be opened', async () => {
    const missing = createDbClient(`file:${path.join(dir, 'no-such-dir', 'x.db')}`);
    try {
      const r = await checkReadiness(missing, migrations);
      expect(r).toMatchObject({ ready: false });
      expect(!r.ready && r.reason).toMatch(/^The database is unreachable: /);
    } finally {
      await missing.$disconnect().catch(() => undefined);
    }
  });
});

describe('migrationsDirFor', () => {
  it('picks the migration set of the database kind', () => {
    expect(migrationsDirFor('file:./prisma/dev.db', '/app')).toBe('/app/prisma/migrations');
    expect(migrationsDirFor('postgresql://app@db/pp', '/app')).toBe('/app/prisma/postgres/migrations');
  });
});
