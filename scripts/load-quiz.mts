/**
 * Load test of the quiz hot path: saving an answer (PUT /api/quiz/attempts/:id/items/:position).
 *
 *   npm run build && npm run load:quiz [-- --connections 100 --duration 15 --port 3400 --rate 2]
 *
 * `--rate N` paces each candidate at N saves per second (open loop, like real candidates who think between
 * answers); without it every connection sends its next save as soon as the last one returns (saturation).
 *
 * Starts `next start` on 127.0.0.1 with a fresh SQLite file, creates N candidates, signs each one in through
 * next-auth's real credentials endpoint, opens a timed exam for each through the quiz service, then lets
 * N concurrent connections (one per candidate, each with its own session cookie) save answers for the
 * duration. Reports latency percentiles and errors from autocannon, and checks for lost writes: every
 * 200 response bumps the item's revision by one, so the sum of revisions in the database must equal the
 * number of 200s. Target: p99 < 100 ms, 0 errors, 0 lost writes. Loopback only; bounded in time.
 *
 * Run with tsx's react-server condition (the npm script does) so the server-only service can be imported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDbClient } from '../lib/db-client.ts';
import { hashPassword } from '../lib/password.ts';
import { questionSchema, type Question } from '../lib/quiz/bank-schema.ts';
import type { QuizResponse } from '../lib/quiz/scoring.ts';
import { startAttempt } from '../lib/server/quiz/service.ts';
import { deployMigrations } from './migrations.mts';
import { seedDatabase } from './seed.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '15' },
    port: { type: 'string', default: '3400' },
    // Saves per second per candidate; 0 = as fast as possible (closed loop, zero think time).
    rate: { type: 'string', default: '0' },
  },
});
const CONNECTIONS = Number(args.connections);
const DURATION = Number(args.duration);
const PORT = Number(args.port);
const RATE = Number(args.rate);
const BASE = `http://127.0.0.1:${PORT}`;
const DB_FILE = path.join(ROOT, 'prisma', 'load.db');
const DB_URL = `file:${DB_FILE}`;
const SECRET = 'packetpath-load-test-secret-0123456789abcdef';
const PASSWORD = 'load-test-password-1';

function log(msg: string) {
  process.stdout.write(`${msg}\n`);
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer ${url} within ${ms} ms`);
}

/** Signs in through next-auth's csrf → credentials callback and returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = (csrfRes.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: 'true' }),
  });
  const session = (res.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).find((c) => c?.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email} (HTTP ${res.status})`);
  return session;
}

/** Two different valid answers to a question, so consecutive saves really change the stored answer. */
function validResponses(q: Question): QuizResponse[] {
  switch (q.type) {
    case 'single':
      return q.options.slice(0, 2).map((o) => ({ type: 'single', choice: o.id }));
    case 'outcome':
      return q.options.slice(0, 2).map((o) => ({ type: 'outcome', choice: o.id }));
    case 'multiple':
      return [{ type: 'multiple', choices: [q.options[0]?.id ?? 'a'] }, { type: 'multiple', choices: [q.options[1]?.id ?? 'b'] }];
    case 'truefalse':
      return [{ type: 'truefalse', value: true }, { type: 'truefalse', value: false }];
    case 'ordering':
      return [{ type: 'ordering', order: q.items.map((i) => i.id) }, { type: 'ordering', order: q.items.map((i) => i.id).reverse() }];
    case 'short':
      return [{ type: 'short', text: 'first try' }, { type: 'short', text: 'second try' }];
    case 'interview':
      return [{ type: 'interview', text: 'draft', ticked: [] }];
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('No production build: run `npm run build` first.');
  for (const s of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${s}`, { force: true });
  log(`• fresh database ${path.relative(ROOT, DB_FILE)}: migrate and seed`);
  await deployMigrations({ schemaPath: path.join(ROOT, 'prisma', 'schema.prisma'), migrationsDir: path.join(ROOT, 'prisma', 'migrations'), databaseUrl: DB_URL });
  const db = createDbClient(DB_URL);
  await seedDatabase(db, { env: { ...process.env, PACKETPATH_ADMIN_PASSWORD: PASSWORD, PACKETPATH_LEARNER_PASSWORD: PASSWORD } });

  log(`• ${CONNECTIONS} candidates`);
  const hash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) => db.user.create({ data: { email: `load-${i}@example.test`, name: `Load ${i}`, passwordHash: hash }, select: { id: true, email: true } })),
  );

  log(`• next start on ${BASE}`);
  const server: ChildProcess = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-H', '127.0.0.1', '-p', String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: DB_URL, NEXTAUTH_URL: BASE, NEXTAUTH_SECRET: SECRET, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`${BASE}/api/auth/providers`, 60_000);
    log('• signing every candidate in through next-auth and opening a 30-minute exam each');
    const sessions: { cookie: string; attemptId: string; answers: { position: number; responses: QuizResponse[] }[] }[] = [];
    for (const u of users) {
      const cookie = await signIn(u.email);
      const started = await startAttempt(db, u.id, { mode: 'EXAM', count: 10, minutes: 30, topics: [] }, new Date());
      if (!started.ok) throw new Error(started.message);
      const items = await db.quizItem.findMany({ where: { attemptId: started.id }, select: { position: true, questionVersion: { select: { content: true } } } });
      const answers = items.map((it) => ({ position: it.position, responses: validResponses(questionSchema.parse(JSON.parse(it.questionVersion.content))) }));
      sessions.push({ cookie, attemptId: started.id, answers });
    }
    log(`  ${sessions.length} signed in, ${sessions.reduce((n, s) => n + s.answers.length, 0)} questions open`);

    // Warm up the route once (first request compiles nothing in production, but opens the DB file).
    await fetch(`${BASE}/api/auth/session`, { headers: { cookie: sessions[0]?.cookie ?? '' } });

    let nextSession = 0;
    const ok = new Map<string, number>();
    log(`• autocannon: ${CONNECTIONS} connections for ${DURATION} s, PUT answer, ${RATE > 0 ? `${RATE} saves/s per candidate` : 'back to back (saturation)'}`);
    const result = await autocannon({
      url: BASE,
      connections: CONNECTIONS,
      duration: DURATION,
      ...(RATE > 0 ? { connectionRate: RATE } : {}),
      requests: [
        {
          method: 'PUT',
          setupRequest: (req, context: Record<string, unknown>) => {
            if (context.session === undefined) context.session = nextSession++ % sessions.length;
            const s = sessions[context.session as number] as (typeof sessions)[number];
            const n = ((context.n as number | undefined) ?? 0) + 1;
            context.n = n;
            const a = s.answers[n % s.answers.length] as (typeof s.answers)[number];
            context.key = `${s.attemptId}:${a.position}`;
            return {
              ...req,
              path: `/api/quiz/attempts/${s.attemptId}/items/${a.position}`,
              headers: { 'content-type': 'application/json', cookie: s.cookie },
              body: JSON.stringify({ response: a.responses[n % a.responses.length] }),
            };
          },
          onResponse: (status, _body, context: Record<string, unknown>) => {
            if (status === 200) ok.set(context.key as string, (ok.get(context.key as string) ?? 0) + 1);
          },
        },
      ],
    });

    const acknowledged = [...ok.values()].reduce((a, b) => a + b, 0);
    // A write is lost when an item's stored revision is below the number of saves acknowledged for it.
    // (Saves still in flight when autocannon stops are stored but not counted: those are not losses.)
    const revisions = new Map(
      (await db.quizItem.findMany({ where: { revision: { gt: 0 } }, select: { attemptId: true, position: true, revision: true } })).map((i) => [`${i.attemptId}:${i.position}`, i.revision]),
    );
    let lost = 0;
    for (const [key, n] of ok) lost += Math.max(0, n - (revisions.get(key) ?? 0));
    const stored = [...revisions.values()].reduce((a, b) => a + b, 0);
    const errors = result.errors + result.timeouts + result.non2xx;
    const rows = [
      ['requests', String(result.requests.total)],
      ['throughput', `${result.requests.average.toFixed(0)} req/s`],
      ['latency p50', `${result.latency.p50} ms`],
      ['latency p90', `${result.latency.p90} ms`],
      ['latency p99', `${result.latency.p99} ms (target < 100 ms)`],
      ['latency max', `${result.latency.max} ms`],
      ['errors (non-2xx, timeouts, socket)', `${errors} (target 0)`],
      ['acknowledged saves', String(acknowledged)],
      ['revisions stored', `${stored} (≥ acknowledged; the rest were in flight at the end)`],
      ['lost writes', `${lost} (target 0)`],
    ];
    log('');
    for (const [k, v] of rows) log(`  ${(k ?? "").padEnd(36)} ${v ?? ""}`);
    // Baseline on the same server in the same run: a trivial route handler (no session, no database).
    const base = await autocannon({ url: `${BASE}/api/health`, connections: CONNECTIONS, duration: Math.min(DURATION, 10), ...(RATE > 0 ? { connectionRate: RATE } : {}) });
    log(`  ${'baseline GET /api/health'.padEnd(36)} ${base.requests.average.toFixed(0)} req/s, p99 ${base.latency.p99} ms`);
    log(`  ${'save ÷ baseline throughput'.padEnd(36)} ${(result.requests.average / base.requests.average).toFixed(2)}`);
    const pass = result.latency.p99 < 100 && errors === 0 && lost === 0;
    log(`\n  ${pass ? 'PASS' : 'FAIL'}: save answer, ${CONNECTIONS} concurrent signed-in candidates`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
    await db.$disconnect();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`load:quiz failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
