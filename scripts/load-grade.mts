/**
 * Load test: is grading the slow part? Drives `next start` on 127.0.0.1 with autocannon and compares the
 * throughput of the grading endpoint (POST /api/trace/sessions/:id/submit, a fresh session per request:
 * auth + session lookup + the engine's grader + two writes) with a trivial route handler (GET /api/health)
 * on the same server, in the same run. PASS when grading ≥ 0.5 × trivial.
 *
 *   npm run build && npm run load:grade
 *   npm run load:grade -- --duration 15 --connections 16 --scenario 07-clusterip-short-name
 *
 * The graded answers are up to --answers (default 20000) distinct paths built from the scenario's cards, more
 * than a run submits, so the memo of identical answers (engine-adapter.ts) does not hide the grading cost;
 * `--answers 1` shows the memo's effect.
 *
 * Setup, all local and throw-away: a temp SQLite database (migrated and seeded like `npm start`), a load
 * user created directly in it, a session cookie minted with next-auth/jwt `encode` and NEXTAUTH_SECRET,
 * and enough TraceSessions created up front that every graded request consumes its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encode } from 'next-auth/jwt';
import { createDbClient } from '../lib/server/db/client.ts';
import { buildModel, trace } from '../lib/engine/index.ts';
import { cardsFor, project } from '../lib/grader/index.ts';
import { parseScenario } from '../lib/scenario/index.ts';
import { formatMB, rssMB } from './proc-stats.mts';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  duration: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

const ROOT = path.resolve(import.meta.dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '16'));
const PORT = Number(arg('port', String(3900 + Math.floor(Math.random() * 90))));
const SCENARIO = arg('scenario', '07-clusterip-short-name');
const SESSIONS = Number(arg('sessions', '40000'));
const ANSWERS = Number(arg('answers', '20000'));
const BASE = `http://127.0.0.1:${PORT}`;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID')))
    throw new Error('No production build: run `npm run build` first.');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'packetpath-load-'));
  const dbFile = path.join(dir, 'load.db');
  const secret = randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${dbFile}`,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: BASE,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    PACKETPATH_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    PACKETPATH_LEARNER_PASSWORD: randomBytes(12).toString('hex'),
  };
  let server: ChildProcess | undefined;
  const db = createDbClient(`file:${dbFile}`);
  try {
    process.stdout.write(
      `load:grade  duration ${DURATION}s per endpoint, ${CONNECTIONS} connections, port ${PORT}, scenario ${SCENARIO}, ${ANSWERS} distinct answers\n`,
    );
    await run(
      process.execPath,
      [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/migrate.mts', 'deploy'],
      env,
    );
    await run(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/seed.mts'], env);

    // The learner, the answer (a correct path of the scenario) and the sessions to consume.
    const scenario = await db.scenario.findUnique({
      where: { id: SCENARIO },
      include: { versions: { where: { version: 1 } } },
    });
    const version = scenario?.versions[0];
    if (!scenario || !version) throw new Error(`Scenario ${SCENARIO} is not in the seeded library.`);
    const parsed = parseScenario(version.yaml, `${SCENARIO}.yaml`);
    if (!parsed.ok) throw new Error(`${SCENARIO} does not parse`);
    const model = buildModel(parsed.input);
    const ts = trace(model);
    const level = parsed.input.scenario.spec.level;
    const firstPath = ts.paths[0];
    if (!firstPath) throw new Error(`${SCENARIO} has no path`);
    // ANSWERS distinct answers, like a class of learners: the correct path and mutations of it (a hop
    // dropped, a palette card inserted, two hops swapped), all made of the scenario's own cards.
    const correct = project(firstPath, level).map((h) => h.key);
    const palette = cardsFor(ts, level, model).map((c) => c.id);
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const variants = new Set<string>([correct.join('\n')]);
    for (let guard = 0; variants.size < ANSWERS && guard < ANSWERS * 50; guard++) {
      const cards = [...correct];
      for (let m = 0, n = 1 + rnd(3); m < n; m++) {
        const op = rnd(3);
        if (op === 0 && cards.length > 1) cards.splice(rnd(cards.length), 1);
        else if (op === 1) cards.splice(rnd(cards.length + 1), 0, palette[rnd(palette.length)]!);
        else if (cards.length > 1) {
          const i = rnd(cards.length - 1);
          [cards[i], cards[i + 1]] = [cards[i + 1]!, cards[i]!];
        }
      }
      variants.add(cards.join('\n'));
    }
    const withOutcome = parsed.input.scenario.spec.askDisposition
      ? { disposition: firstPath.disposition }
      : {};
    const answers = [...variants].map((v) => JSON.stringify({ cards: v.split('\n'), ...withOutcome }));
    const requestId = parsed.input.scenario.spec.requests[0]!.id;
    const user = await db.user.create({
      data: {
        email: `load-${randomBytes(4).toString('hex')}@example.test`,
        name: 'Load',
        passwordHash: 'not-used',
        role: 'LEARNER',
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < SESSIONS; i++)
      ids.push(`load${i.toString(36).padStart(6, '0')}${randomBytes(4).toString('hex')}`);
    for (let i = 0; i < ids.length; i += 5000) {
      await db.traceSession.createMany({
        data: ids.slice(i, i + 5000).map((id) => ({
          id,
          userId: user.id,
          scenarioVersionId: version.id,
          requestId,
          level,
          mode: 'CHALLENGE',
        })),
      });
    }
    const token = await encode({
      token: { sub: user.id, uid: user.id, role: 'LEARNER', name: user.name, email: user.email },
      secret,
      maxAge: 3600,
    });
    const cookie = `next-auth.session-token=${token}`;

    server = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // autocannon closes its sockets mid-request when a run ends; Next logs those as "aborted". Drop that noise.
    server.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim() !== '' && !/aborted|ECONNRESET|ignore-listed|^\s*}\s*$|code: /.test(l))
        .join('\n');
      if (text) process.stderr.write(`${text}\n`);
    });
    await waitFor(`${BASE}/api/health`, 60_000);
    const rssStart = rssMB(server.pid);

    let next = 0;
    const grading = (duration: number) =>
      autocannon({
        url: BASE,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            setupRequest: (req) => {
              const id = ids[next];
              if (id === undefined) throw new Error('Out of sessions: raise --sessions.');
              const body = answers[next % answers.length]!;
              next++;
              return { ...req, path: `/api/trace/sessions/${id}/submit`, body };
            },
          },
        ],
      });
    const trivial = (duration: number) =>
      autocannon({ url: `${BASE}/api/health`, connections: CONNECTIONS, duration, headers: { cookie } });

    // Warm up both (JIT, the compiled-scenario cache), then measure: trivial, grading, trivial again. The
    // baseline is the mean of the two trivial runs, so a machine whose load drifts during the run does not
    // favour either side.
    await trivial(2);
    await grading(2);
    const t1 = await trivial(DURATION);
    const g = await grading(DURATION);
    const t2 = await trivial(DURATION);
    const t: AutocannonResult = {
      ...t1,
      requests: {
        average: (t1.requests.average + t2.requests.average) / 2,
        total: t1.requests.total + t2.requests.total,
      },
    };

    const stored = await db.traceAttempt.count({ where: { userId: user.id } });
    const ratio = g.requests.average / t.requests.average;
    const row = (name: string, r: AutocannonResult) =>
      `  ${name.padEnd(44)} ${fmt(r.requests.average).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   2xx ${fmt(r['2xx'])}   non-2xx ${r.non2xx}   errors ${r.errors}`;
    process.stdout.write(
      `${row('GET  /api/health (trivial, before)', t1)}\n${row('POST /api/trace/sessions/:id/submit (grading)', g)}\n${row('GET  /api/health (trivial, after)', t2)}\n`,
    );
    process.stdout.write(
      `  trivial baseline (mean) ${fmt(t.requests.average)} req/s · grading ${fmt(g.requests.average)} req/s\n`,
    );
    process.stdout.write(`  attempts stored: ${fmt(stored)} (every graded request, warm-up included)\n`);
    process.stdout.write(`  server RSS: start ${formatMB(rssStart)} → end ${formatMB(rssMB(server.pid))}\n`);
    const ok = ratio >= 0.5 && g.non2xx === 0 && g.errors === 0;
    process.stdout.write(
      `  ratio grading/trivial = ${ratio.toFixed(2)} (need ≥ 0.50)  →  ${ok ? 'PASS' : 'FAIL'}\n`,
    );
    const perfect = await db.traceAttempt.count({ where: { userId: user.id, score: 1 } });
    process.stdout.write(
      `  of which scored 100%: ${fmt(perfect)} (the unmutated answer is 1 in ${answers.length})\n`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (server?.pid) server.kill('SIGTERM');
    await db.$disconnect();
    await sleep(300);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`load:grade failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
