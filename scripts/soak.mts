/**
 * Soak test: does the server's memory stay bounded while a class uses it? Starts the production server
 * (scripts/next-server.mjs, as `npm run serve` does; scripts/load-server.mts) on loopback with
 * a fresh SQLite database, signs --learners (50) in through next-auth, and lets each of them, for --duration
 * seconds (180), do what a learner does, one thing at a time with a random think time (mean --think s):
 *   - save an answer of their open exam (PUT /api/quiz/attempts/:id/items/:n, the autosave);
 *   - submit a trace path on a random published scenario (POST /api/trace/sessions/:id/submit) — a mostly
 *     wrong path from the scenario's own cards, so the answers are as varied as a class's;
 *   - view a page: the library, the player of a random scenario, their exam, the quizzes, practice, progress.
 * Prints the server's RSS at start (once it is ready), every 30 s, at the end of the load and after --idle
 * seconds without load, and what it is made of (anonymous memory vs mapped files, /proc); with --trace-gc the JS
 * heap after the server's last full GC (used and committed, from V8's --trace-gc lines); with --heap-snapshot DIR
 * a V8 heap snapshot of the end (written by sending SIGUSR2 to a server started with --heapsnapshot-signal).
 *
 *   npm run build && npm run load:soak
 *   npm run load:soak -- --learners 50 --duration 180 --think 2 --idle 10 [--trace-gc] [--heap-snapshot DIR]
 *
 * The server runs with the heap limits `npm start` and `npm run serve` use (scripts/server-heap.mts); NODE_OPTIONS
 * overrides them as it does there, e.g. `NODE_OPTIONS=--max-old-space-size=4096 npm run load:soak` for V8's default.
 *
 * PASS when the RSS at the end stays under --max-rss MB (300) and no request failed with a 5xx.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDbClient } from '../lib/server/db/client.ts';
import { hashPassword } from '../lib/server/auth/password.ts';
import { questionSchema } from '../lib/quiz/bank-schema.ts';
import { parseJson } from '../lib/server/db/json.ts';
import type { QuizResponse } from '../lib/quiz/scoring.ts';
import { startAttempt } from '../lib/server/quiz/service.ts';
import { openSession } from '../lib/server/trace/service.ts';
import { deployMigrations } from './migrations.mts';
import { requireBuild, sampleRss, signIn, startLoadServer, waitUntilReady } from './load-server.mts';
import { formatMB, lastFullGc, rssPartsMB } from './proc-stats.mts';
import { validResponses } from './quiz-responses.mts';
import { seedDatabase } from './seed.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    learners: { type: 'string', default: '50' },
    duration: { type: 'string', default: '180' },
    think: { type: 'string', default: '2' },
    idle: { type: 'string', default: '10' },
    port: { type: 'string', default: '3450' },
    'max-rss': { type: 'string', default: '300' },
    'heap-snapshot': { type: 'string' },
    'trace-gc': { type: 'boolean', default: false },
  },
});
const LEARNERS = Number(args.learners);
const DURATION = Number(args.duration);
const THINK = Number(args.think);
const IDLE = Number(args.idle);
const PORT = Number(args.port);
const MAX_RSS = Number(args['max-rss']);
for (const [name, v, min] of [
  ['learners', LEARNERS, 1],
  ['duration', DURATION, 1],
  ['think', THINK, 0.01],
  ['idle', IDLE, 0],
  ['port', PORT, 1],
  ['max-rss', MAX_RSS, 1],
] as const) {
  if (!Number.isFinite(v) || v < min) {
    process.stderr.write(`load:soak: --${name} must be a number ≥ ${min} (got ${String(v)}).\n`);
    process.exit(2);
  }
}
const DB_FILE = path.join(ROOT, 'prisma', 'soak.db');
const DB_URL = `file:${DB_FILE}`;
const SECRET = 'packetpath-soak-test-secret-0123456789abcdef';
const PASSWORD = 'soak-test-password-1';

const out = (msg: string) => process.stdout.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A deterministic generator, so two runs make the same choices. */
let seed = 12345;
function rnd(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}
const pick = <T,>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
/** Exponential think time with mean THINK seconds (capped at 5× the mean). */
const think = () => Math.min(-Math.log(1 - rnd(1_000_000) / 1_000_000) * THINK, THINK * 5) * 1000;

type Learner = {
  id: string;
  cookie: string;
  attemptId: string;
  items: { position: number; responses: QuizResponse[] }[];
};

async function main(): Promise<void> {
  requireBuild();
  for (const s of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${s}`, { force: true });
  out(`• fresh database ${path.relative(ROOT, DB_FILE)}: migrate and seed`);
  await deployMigrations({
    schemaPath: path.join(ROOT, 'prisma', 'schema.prisma'),
    migrationsDir: path.join(ROOT, 'prisma', 'migrations'),
    databaseUrl: DB_URL,
  });
  const db = createDbClient(DB_URL);
  await seedDatabase(db, {
    env: { ...process.env, PACKETPATH_ADMIN_PASSWORD: PASSWORD, PACKETPATH_LEARNER_PASSWORD: PASSWORD },
  });
  const hash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    Array.from({ length: LEARNERS }, (_, i) =>
      db.user.create({
        data: { email: `soak-${i}@example.test`, name: `Soak ${i}`, passwordHash: hash },
        select: { id: true, email: true },
      }),
    ),
  );
  const scenarios = (
    await db.scenario.findMany({
      where: { status: 'PUBLISHED' },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
  ).map((s) => s.id);

  const snapshotDir = args['heap-snapshot'] ? path.resolve(args['heap-snapshot']) : undefined;
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const server = startLoadServer({
    port: PORT,
    databaseUrl: DB_URL,
    secret: SECRET,
    nodeArgs: [
      ...(snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []),
      ...(args['trace-gc'] ? ['--trace-gc'] : []),
    ],
    env: { LOG_LEVEL: 'warn' },
    output: args['trace-gc'] ? 'capture' : 'stderr',
  });
  const BASE = server.base;
  out(`• server on ${BASE} (scripts/next-server.mjs, ${server.settings})`);
  const counts = new Map<string, { n: number; failed: number; refused: number; ms: number }>();
  const count = (kind: string, status: number, ms: number) => {
    const c = counts.get(kind) ?? { n: 0, failed: 0, refused: 0, ms: 0 };
    c.n++;
    c.ms += ms;
    if (status >= 500 || status === 0) c.failed++;
    else if (status >= 400) c.refused++;
    counts.set(kind, c);
  };
  try {
    await waitUntilReady(BASE);
    const rssStart = server.rss();
    out(`  server RSS at start: ${formatMB(rssStart)}`);

    out(`• ${LEARNERS} learners sign in through next-auth and open a 30-minute exam each`);
    const learners: Learner[] = [];
    for (const u of users) {
      const cookie = await signIn(BASE, u.email, PASSWORD);
      const started = await startAttempt(
        db,
        u.id,
        { mode: 'EXAM', count: 10, minutes: 30, topics: [] },
        new Date(),
      );
      if (!started.ok) throw new Error(started.message);
      const items = await db.quizItem.findMany({
        where: { attemptId: started.id },
        select: { position: true, questionVersion: { select: { content: true } } },
      });
      learners.push({
        id: u.id,
        cookie,
        attemptId: started.id,
        items: items.map((it) => {
          const q = parseJson(questionSchema, it.questionVersion.content);
          return { position: it.position, responses: validResponses(q) };
        }),
      });
    }

    const request = async (kind: string, url: string, init: RequestInit & { cookie: string }) => {
      const t0 = performance.now();
      let status = 0;
      try {
        const res = await fetch(`${BASE}${url}`, {
          ...init,
          redirect: 'manual',
          headers: { ...(init.headers as Record<string, string>), cookie: init.cookie },
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      count(kind, status, performance.now() - t0);
    };

    const saveAnswer = (l: Learner, n: number) => {
      const item = pick(l.items);
      const response = item.responses[n % item.responses.length];
      return request('save answer', `/api/quiz/attempts/${l.attemptId}/items/${item.position}`, {
        method: 'PUT',
        cookie: l.cookie,
        headers: { 'content-type': 'application/json' },
        // eslint-disable-next-line no-restricted-properties -- a request body, not a column
        body: JSON.stringify({ response }),
      });
    };

    const submitTrace = async (l: Learner) => {
      const scenarioId = pick(scenarios);
      const opened = await openSession(db, l.id, scenarioId, { mode: 'challenge' }, new Date());
      if (!opened.ok) return count('trace submit', 500, 0);
      const { view } = opened;
      const palette = view.palette.map((c) => c.id);
      const cards = Array.from({ length: 2 + rnd(7) }, () => pick(palette));
      const body = view.scenario.askDisposition ? { cards, disposition: 'DELIVERED' } : { cards };
      await request('trace submit', `/api/trace/sessions/${view.sessionId}/submit`, {
        method: 'POST',
        cookie: l.cookie,
        headers: { 'content-type': 'application/json' },
        // eslint-disable-next-line no-restricted-properties -- a request body, not a column
        body: JSON.stringify(body),
      });
    };

    const viewPage = (l: Learner) => {
      const pages = [
        '/trace',
        `/trace/${pick(scenarios)}`,
        `/trace/${pick(scenarios)}`,
        `/quizzes/${l.attemptId}`,
        '/quizzes',
        '/practice',
        '/progress',
      ];
      return request('page view', pick(pages), { method: 'GET', cookie: l.cookie });
    };

    out(`• soak: ${LEARNERS} learners for ${DURATION} s, think time ${THINK} s on average`);
    const started = Date.now();
    const end = started + DURATION * 1000;
    const sampler = sampleRss(server, 30_000);
    await Promise.all(
      learners.map(async (l, i) => {
        await sleep(rnd(THINK * 1000));
        for (let n = i; Date.now() < end; n++) {
          const r = rnd(100);
          if (r < 45) await saveAnswer(l, n);
          else if (r < 60) await submitTrace(l);
          else await viewPage(l);
          await sleep(think());
        }
      }),
    );
    const samples = sampler.stop().map((x) => `${x.s} s: ${formatMB(x.mb)}`);
    const rssEnd = server.rss();
    if (IDLE > 0) await sleep(IDLE * 1000);
    const rssIdle = server.rss();
    const parts = rssPartsMB(server.child.pid);
    const gc = lastFullGc(server.output());

    out('');
    for (const [kind, c] of counts) {
      out(
        `  ${kind.padEnd(14)} ${String(c.n).padStart(6)} requests, mean ${(c.ms / c.n).toFixed(0)} ms, 4xx ${c.refused}, 5xx/failed ${c.failed}`,
      );
    }
    out(`  server RSS during the soak: ${samples.join(' · ')}`);
    out(
      `  server RSS: start ${formatMB(rssStart)} → end of load ${formatMB(rssEnd)} → after ${IDLE} s idle ${formatMB(rssIdle)} (target < ${MAX_RSS} MB)`,
    );
    if (parts)
      out(
        `  server RSS after idle: ${formatMB(parts.anon)} anonymous (JS heap, malloc, stacks) + ${formatMB(parts.file)} mapped files (code)`,
      );
    if (gc)
      out(
        `  JS heap after the last full GC (--trace-gc): ${gc.usedMB.toFixed(0)} MB used, ${gc.committedMB.toFixed(0)} MB committed`,
      );
    if (snapshotDir && server.child.pid) {
      const before = new Set(readdirSync(snapshotDir));
      server.child.kill('SIGUSR2');
      for (let t = 0; t < 600; t++) {
        await sleep(1000);
        const done = readdirSync(snapshotDir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
        if (done.length && server.rss() !== null) {
          await sleep(2000);
          out(`  heap snapshot: ${path.join(snapshotDir, done[0]!)}`);
          break;
        }
      }
    }
    const failed = [...counts.values()].reduce((n, c) => n + c.failed, 0);
    const ok = rssEnd !== null && rssEnd < MAX_RSS && failed === 0;
    out(
      `\n  ${ok ? 'PASS' : 'FAIL'}: ${LEARNERS} learners for ${DURATION} s: RSS ${formatMB(rssStart)} → ${formatMB(rssEnd)} (< ${MAX_RSS} MB), ${failed} failed requests`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    server.stop();
    await db.$disconnect();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`load:soak failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
