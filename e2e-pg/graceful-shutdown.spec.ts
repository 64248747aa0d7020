/**
 * A rolling deploy stops an instance with SIGTERM while candidates are saving. This starts a third instance the
 * way a deployment does (`npm run serve`, i.e. scripts/serve.mts → scripts/next-server.mjs) on the suite's
 * PostgreSQL, holds a lock on an exam attempt so that a burst of saves is stuck in flight, sends SIGTERM, and
 * checks what a load balancer and the candidates see:
 * - readiness answers 503 at once, while a save sent during the drain delay is still taken in;
 * - after the delay new connections are refused, but the saves already in flight are kept waiting;
 * - once the lock goes, every save is answered 200 (no connection reset, no 5xx), every acknowledged save is
 *   stored, and the process exits 0 within the bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import pg from 'pg';
import { E2E_ENV } from '../e2e/env';
import { PG_URL_FILE } from './env';
import { createUser } from './support';

// Playwright runs from the project root (and compiles specs to CommonJS: no import.meta here).
const ROOT = process.cwd();
const DELAY_MS = 5_000;
const POOL_MAX = 3;
const BURST = 10;

/** A port nobody listens on now (the kernel's choice). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** A JSON column as \`pg\` returns it: text (parsed here) or jsonb (parsed by the driver). */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

interface Outcome {
  status?: number;
  body?: string;
  error?: string;
}

/** One HTTP request on a connection of its own; resolves with the response or the socket error. */
function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
        res.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
      },
    );
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(init.body);
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => {
    if (child.exitCode !== null) r(child.exitCode);
    else child.once('exit', (code) => r(code));
  });

test('SIGTERM drains: readiness 503, in-flight saves answered and stored, exit 0 within the bound', async () => {
  test.setTimeout(120_000);
  const dbUrl = readFileSync(PG_URL_FILE, 'utf8').trim();
  const db = new pg.Client({ connectionString: dbUrl });
  const locker = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await locker.connect();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  let serverLog = '';
  try {
    // An open exam with one single-choice question, straight into the database.
    const user = await createUser(db);
    const v = await db.query<{ id: string; content: unknown }>(
      `SELECT v."id", v."content" FROM "QuestionVersion" v
         JOIN "Question" q ON q."id" = v."questionId" AND q."publishedVersion" = v."version"
        WHERE q."type" = 'single' AND q."status" = 'PUBLISHED' ORDER BY q."id" LIMIT 1`,
    );
    const version = v.rows[0]!;
    const choice = (json(version.content) as { options: { id: string }[] }).options[0]!.id;
    const attemptId = `e2eshutdown${randomBytes(5).toString('hex')}`;
    await db.query(
      `INSERT INTO "QuizAttempt" ("id", "userId", "mode", "title", "startedAt", "deadline")
       VALUES ($1, $2, 'EXAM', 'Shutdown', now(), now() + interval '30 minutes')`,
      [attemptId, user.id],
    );
    await db.query(
      `INSERT INTO "QuizItem" ("id", "attemptId", "position", "questionVersionId") VALUES ($1, $2, 0, $3)`,
      [`${attemptId}i0`, attemptId, version.id],
    );

    // The instance, as a deployment starts it, and SIGTERM goes to that process (npm): the signal must reach the
    // server through npm, the shell, tsx and scripts/serve.mts (`npm run serve` execs tsx for that).
    server = spawn('npm', ['run', '-s', 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...E2E_ENV,
        DATABASE_URL: dbUrl,
        NEXTAUTH_URL: base,
        PORT: String(port),
        BIND_HOST: '127.0.0.1',
        DATABASE_POOL_MAX: String(POOL_MAX),
        SHUTDOWN_DELAY_MS: String(DELAY_MS),
        SHUTDOWN_TIMEOUT_MS: '30000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that cleanup can stop the launcher and the server under it together.
      detached: true,
    });
    server.stdout!.on('data', (c: Buffer) => (serverLog += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (serverLog += c.toString()));
    await expect
      .poll(async () => (await send(`${base}/api/ready`)).status ?? 0, { timeout: 90_000 })
      .toBe(200);

    const api = await playwrightRequest.newContext({ baseURL: base });
    const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const login = await api.post('/api/auth/callback/credentials', {
      form: { csrfToken, email: user.email, password: user.password, json: 'true' },
    });
    expect(login.status()).toBe(200);
    const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await api.dispose();
    const save = () =>
      send(`${base}/api/quiz/attempts/${attemptId}/items/0`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ response: { type: 'single', choice } }),
      });

    // Hold the attempt's row: every save's write waits for it (it locks the attempt FOR SHARE).
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM "QuizAttempt" WHERE "id" = $1 FOR UPDATE`, [attemptId]);
    const burst = Array.from({ length: BURST }, save);
    // In flight: as many saves as the instance has connections are waiting on the lock, the rest on the pool.
    await expect
      .poll(
        async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE "QuizItem"%'`,
            )
          ).rows[0]!.n,
        { timeout: 30_000 },
      )
      .toBe(POOL_MAX);

    const t0 = Date.now();
    server.kill('SIGTERM');
    const exit = exited(server);
    // Draining: readiness says so at once (a fresh connection, as a load balancer's probe), and a save that
    // arrives meanwhile is still taken in.
    // (Only the draining answer counts: with every connection of the pool stuck, the database check of a
    // readiness that was not draining would also answer 503 after its 2 s timeout, saying so.)
    const readiness = async () => {
      const o = await send(`${base}/api/ready`);
      if (o.error) return o.error;
      const body = JSON.parse(o.body ?? '{}') as { reason?: string };
      return `${o.status} ${body.reason ?? ''}`;
    };
    await expect
      .poll(readiness, { timeout: DELAY_MS - 1_500, intervals: [20, 50, 100] })
      .toBe('503 This instance is shutting down; send new requests to another one.');
    const late = save();
    // After the delay the instance takes no new connections, though its saves are still waiting.
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + DELAY_MS + 1_000 - Date.now())));
    expect((await send(`${base}/api/health`)).error).toBe('ECONNREFUSED');
    expect(server.exitCode).toBeNull();

    await locker.query('COMMIT');
    const outcomes = await Promise.all([...burst, late]);
    expect(outcomes.map((o) => o.error ?? o.status)).toEqual(Array(BURST + 1).fill(200));
    const revisions = outcomes.map((o) => (JSON.parse(o.body!) as { revision: number }).revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(Array.from({ length: BURST + 1 }, (_, i) => i + 1));
    const stored = await db.query<{ revision: number; response: unknown }>(
      `SELECT "revision", "response" FROM "QuizItem" WHERE "attemptId" = $1`,
      [attemptId],
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.revision).toBe(BURST + 1);
    expect(json(stored.rows[0]!.response)).toEqual({ type: 'single', choice });

    expect(await exit).toBe(0);
    expect(Date.now() - t0).toBeLessThan(DELAY_MS + 15_000);
    expect(serverLog).toContain('"event":"server.stopped"');
  } catch (error) {
    // The server's own lines explain most failures here.
    process.stderr.write(serverLog);
    throw error;
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
    await locker.end();
    await db.end();
  }
});
