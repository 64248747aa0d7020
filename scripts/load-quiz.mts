/**
 * Load test of the quiz hot path: saving an answer (PUT /api/quiz/attempts/:id/items/:position).
 *
 *   npm run build && npm run load:quiz [-- --candidates 100 --rate 1 --duration 20 --warmup 5 --saturation 10 --pin]
 *   npm run load:quiz -- --db postgres --instances 2
 *
 * Starts the production server (scripts/next-server.mjs with its heap limits, as `npm run serve` does;
 * scripts/load-server.mts) on 127.0.0.1 (`--instances N` of them, on consecutive ports, default 1) on a fresh
 * database — `--db sqlite` (default: a fresh prisma/load.db) or `--db postgres` (a throwaway cluster started
 * like the tests do, with PostgreSQL's default durability, unless DATABASE_URL names a PostgreSQL, which is
 * then used as it is) — creates the candidates, spreads them over the instances (candidate c → instance
 * c mod N), signs each one in through next-auth's real credentials endpoint on its instance and opens a timed
 * exam for each, then measures three things:
 *
 * 1. **The target** — `--candidates` concurrent signed-in candidates (default 100), each on its own
 *    keep-alive connection, each saving answers at its own random moments, `--rate` saves per second on
 *    average (default 1: a candidate typing non-stop into a short-answer box, where the runner saves
 *    700 ms after each pause, or clicking through an option every second; people answer far slower).
 *    Open loop (scripts/open-loop.mts): a save is sent on schedule whether or not the last one returned,
 *    and its latency counts from when it was due. PASS: p99 < 100 ms, 0 errors, 0 lost writes. Measured
 *    after `--warmup` seconds at the same rate (default 5; their worst latency per second is printed too).
 * 2. **Saturation** — the same candidates with zero think time (autocannon, one connection each, the next
 *    save sent the moment the last returns) for `--saturation` seconds (0 skips it): the capacity figure.
 *    Here latency is queueing by construction (Little's law: connections ÷ throughput).
 * 3. **The floor** — the same saturation against a route handler that does nothing (GET /api/health).
 *
 * Lost writes: every 200 bumps the item's revision by one, so after the run each item's stored revision
 * must be at least the number of 200s received for it (saves still in flight at the end are stored but
 * not counted: not losses).
 *
 * `--pin` runs the server on CPU 0 and this load generator on CPU 1 (Linux `taskset`), so the generator's
 * own work does not steal the server's core; without it both float over the machine's cores.
 * `--profile DIR` writes the server's V8 CPU profile there (open it in Chrome DevTools).
 *
 * Run with tsx's react-server condition (the npm script does) so the server-only service can be imported.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDbClient } from '../lib/server/db/client.ts';
import { closePgPools } from '../lib/server/db/pg-pool.ts';
import { databaseKind, redactUrl } from '../lib/server/db/url.ts';
import { hashPassword } from '../lib/server/auth/password.ts';
import { questionSchema } from '../lib/quiz/bank-schema.ts';
import type { QuizResponse } from '../lib/quiz/scoring.ts';
import { startAttempt } from '../lib/server/quiz/service.ts';
import { requireBuild, signIn, startLoadServer, waitUntilReady } from './load-server.mts';
import { deployMigrations, layoutFor, projectLayout } from './migrations.mts';
import { startPgCluster, type PgCluster } from './pg-cluster.mts';
import { quantile, runOpenLoop } from './open-loop.mts';
import { formatMB } from './proc-stats.mts';
import { validResponses } from './quiz-responses.mts';
import { seedDatabase } from './seed.mts';
import { parseJson } from '../lib/server/db/json.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '100' },
    // Mean saves per second of each candidate in the target phase (open loop, Poisson arrivals).
    rate: { type: 'string', default: '1' },
    duration: { type: 'string', default: '20' },
    // Seconds of closed-loop saturation (and of the no-op floor) after the target phase; 0 skips both.
    saturation: { type: 'string', default: '10' },
    // Seconds of unmeasured load at the target rate before the target phase.
    warmup: { type: 'string', default: '5' },
    port: { type: 'string', default: '3400' },
    db: { type: 'string', default: 'sqlite' },
    instances: { type: 'string', default: '1' },
    pin: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const CANDIDATES = Number(args.candidates);
const RATE = Number(args.rate);
const DURATION = Number(args.duration);
const SATURATION = Number(args.saturation);
const WARMUP = Number(args.warmup);
const PORT = Number(args.port);
const PIN = args.pin && os.availableParallelism() >= 2;
const INSTANCES = Number(args.instances);
const DB_KIND = args.db;
if (DB_KIND !== 'sqlite' && DB_KIND !== 'postgres') {
  process.stderr.write(`load:quiz: --db must be sqlite or postgres (got ${String(DB_KIND)}).\n`);
  process.exit(2);
}
const PORTS = Array.from({ length: Math.max(1, INSTANCES) }, (_, i) => PORT + i);
const BASE = `http://127.0.0.1:${PORT}`;
const baseOf = (i: number) => `http://127.0.0.1:${PORTS[i % PORTS.length]}`;
for (const [name, v, min] of [
  ['candidates', CANDIDATES, 1],
  ['rate', RATE, 0.01],
  ['duration', DURATION, 1],
  ['saturation', SATURATION, 0],
  ['warmup', WARMUP, 0],
  ['port', PORT, 1],
  ['instances', INSTANCES, 1],
] as const) {
  if (!Number.isFinite(v) || v < min) {
    process.stderr.write(`load:quiz: --${name} must be a number ≥ ${min} (got ${String(v)}).\n`);
    process.exit(2);
  }
}
const DB_FILE = path.join(ROOT, 'prisma', 'load.db');
const SECRET = 'packetpath-load-test-secret-0123456789abcdef';
const PASSWORD = 'load-test-password-1';

/** CPU seconds (user + system) used so far by a process, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of stat (utime, stime) in clock ticks; Linux's USER_HZ is 100.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function log(msg: string) {
  process.stdout.write(`${msg}\n`);
}

/** CPU seconds of a PostgreSQL cluster: the postmaster and every process it started (backends included). */
function clusterCpuSeconds(dataDir: string | undefined): number | null {
  if (!dataDir) return null;
  try {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let total = cpuSeconds(postmaster) ?? 0;
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
        if (ppid === postmaster) total += cpuSeconds(Number(d)) ?? 0;
      } catch {
        /* exited meanwhile */
      }
    }
    return total;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  requireBuild();
  let cluster: PgCluster | undefined;
  let DB_URL: string;
  if (DB_KIND === 'postgres') {
    const given = process.env.DATABASE_URL;
    if (given && databaseKind(given) === 'postgres') {
      DB_URL = given;
      log(`• PostgreSQL from DATABASE_URL (${redactUrl(given)}): migrate and seed`);
    } else {
      cluster = startPgCluster({ maxConnections: 200 });
      DB_URL = cluster.url;
      log(`• throwaway PostgreSQL in ${cluster.dir} (default durability): migrate and seed`);
    }
  } else {
    for (const s of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${s}`, { force: true });
    DB_URL = `file:${DB_FILE}`;
    log(`• fresh database ${path.relative(ROOT, DB_FILE)}: migrate and seed`);
  }
  process.on('exit', () => cluster?.stop());
  await deployMigrations({ ...layoutFor(projectLayout(ROOT), DB_URL), databaseUrl: DB_URL });
  const db = createDbClient(DB_URL);
  await seedDatabase(db, {
    env: { ...process.env, PACKETPATH_ADMIN_PASSWORD: PASSWORD, PACKETPATH_LEARNER_PASSWORD: PASSWORD },
  });

  log(`• ${CANDIDATES} candidates`);
  const RUN = Date.now().toString(36);
  const hash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    Array.from({ length: CANDIDATES }, (_, i) =>
      db.user.create({
        data: { email: `load-${i}-${RUN}@example.test`, name: `Load ${i}`, passwordHash: hash },
        select: { id: true, email: true },
      }),
    ),
  );

  if (PIN) {
    // This process (and its threads) on CPU 1; the server below on CPU 0.
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  }
  const servers = PORTS.map((port) =>
    startLoadServer({
      port,
      databaseUrl: DB_URL,
      secret: SECRET,
      nodeArgs: args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args.profile)] : [],
      prefix: PIN ? ['taskset', '-c', '0'] : [],
    }),
  );
  log(
    `• ${PORTS.length} × server on ${PORTS.map((p) => `127.0.0.1:${p}`).join(', ')} (${DB_KIND}; ${servers[0]?.settings ?? ''})${PIN ? ' (servers on CPU 0, load generator on CPU 1)' : ''}`,
  );
  const serversCpu = (): number | null => {
    const all = servers.map((sv) => cpuSeconds(sv.child.pid));
    return all.some((x) => x === null) ? null : all.reduce((a: number, b) => a + (b ?? 0), 0);
  };
  try {
    for (const sv of servers) await waitUntilReady(sv.base);
    const rssStart = servers.map((sv) => formatMB(sv.rss()));
    log('• signing every candidate in through next-auth and opening a 30-minute exam each');
    const sessions: {
      cookie: string;
      attemptId: string;
      answers: { position: number; responses: QuizResponse[] }[];
    }[] = [];
    for (const [c, u] of users.entries()) {
      const cookie = await signIn(baseOf(c), u.email, PASSWORD);
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
      const answers = items.map((it) => ({
        position: it.position,
        responses: validResponses(parseJson(questionSchema, it.questionVersion.content)),
      }));
      sessions.push({ cookie, attemptId: started.id, answers });
    }
    log(
      `  ${sessions.length} signed in, ${sessions.reduce((n, s) => n + s.answers.length, 0)} questions open`,
    );

    /** The item the n-th save of candidate c goes to: it cycles through the candidate's questions. */
    const itemOf = (c: number, n: number) => {
      const s = sessions[c % sessions.length] as (typeof sessions)[number];
      return { s, a: s.answers[n % s.answers.length] as (typeof s.answers)[number] };
    };
    const keyOf = (c: number, n: number) => {
      const { s, a } = itemOf(c, n);
      return `${s.attemptId}:${a.position}`;
    };
    /** The n-th save of candidate c, alternating between two answers to each question. */
    const save = (c: number, n: number) => {
      const { s, a } = itemOf(c, n);
      return {
        key: `${s.attemptId}:${a.position}`,
        port: String(PORTS[c % PORTS.length]),
        path: `/api/quiz/attempts/${s.attemptId}/items/${a.position}`,
        headers: { 'content-type': 'application/json', cookie: s.cookie },
        // eslint-disable-next-line no-restricted-properties -- a request body, not a column
        body: JSON.stringify({
          response: a.responses[Math.floor(n / s.answers.length) % a.responses.length],
        }),
      };
    };
    const ok = new Map<string, number>();
    const acknowledge = (key: string) => ok.set(key, (ok.get(key) ?? 0) + 1);

    // Warm-up at the target rate, not measured: a server fresh from its start is slow for its first seconds
    // under heavy load (lazily loaded chunks and V8 not yet optimising the hot path, most likely): at 8 saves/s
    // per candidate its first 2–3 s saw up to about 2 s. Light traffic does not warm it enough.
    if (WARMUP > 0) {
      log(`• warm-up: ${WARMUP} s at the target rate (not measured)`);
      const w = await runOpenLoop({
        base: BASE,
        clients: sessions.length,
        ratePerClient: RATE,
        durationMs: WARMUP * 1000,
        request: (c, n) => ({ method: 'PUT', ...save(c, 100_000 + n) }),
        onResponse: (c, n, status) => status === 200 && acknowledge(keyOf(c, 100_000 + n)),
      });
      log(`  worst latency per second: ${w.perSecond.map((x) => x.max.toFixed(0)).join(' ')} ms`);
    }

    log(
      `• target: ${CANDIDATES} candidates for ${DURATION} s, each saving ${RATE}/s on average at its own random moments (open loop)`,
    );
    const cpuBefore = {
      server: serversCpu(),
      db: clusterCpuSeconds(cluster?.dataDir),
      self: process.cpuUsage(),
    };
    const target = await runOpenLoop({
      base: BASE,
      clients: sessions.length,
      ratePerClient: RATE,
      durationMs: DURATION * 1000,
      request: (c, n) => ({ method: 'PUT', ...save(c, n) }),
      onResponse: (c, n, status) => status === 200 && acknowledge(keyOf(c, n)),
    });
    const serverCpu = serversCpu();
    const dbCpu = clusterCpuSeconds(cluster?.dataDir);
    const selfCpu = process.cpuUsage(cpuBefore.self);
    const cpuShare = (seconds: number) => `${((seconds / (target.durationMs / 1000)) * 100).toFixed(0)} %`;
    const targetErrors = target.sent - (target.statuses.get(200) ?? 0);

    let saturation: { rps: number; p50: number; p99: number; errors: number } | null = null;
    let floor: { rps: number; p50: number; p99: number } | null = null;
    if (SATURATION > 0) {
      log(
        `• saturation: ${CANDIDATES} connections back to back for ${SATURATION} s (autocannon), then the no-op floor`,
      );
      // One autocannon per instance, at once, each with the candidates of that instance.
      const perInstance = PORTS.map((_, i) =>
        sessions.map((_s, c) => c).filter((c) => c % PORTS.length === i),
      );
      const rs = await Promise.all(
        perInstance.map((mine, i) => {
          let next = 0;
          return autocannon({
            url: baseOf(i),
            connections: mine.length,
            duration: SATURATION,
            requests: [
              {
                method: 'PUT',
                setupRequest: (req, context: Record<string, unknown>) => {
                  if (context.session === undefined) context.session = mine[next++ % mine.length];
                  const n = ((context.n as number | undefined) ?? 5000) + 1;
                  context.n = n;
                  const s = save(context.session as number, n);
                  context.key = s.key;
                  return { ...req, path: s.path, headers: s.headers, body: s.body };
                },
                onResponse: (status, _body, context: Record<string, unknown>) => {
                  if (status === 200) acknowledge(context.key as string);
                },
              },
            ],
          });
        }),
      );
      saturation = {
        rps: rs.reduce((a, r) => a + r.requests.average, 0),
        p50: Math.max(...rs.map((r) => r.latency.p50)),
        p99: Math.max(...rs.map((r) => r.latency.p99)),
        errors: rs.reduce((a, r) => a + r.errors + r.timeouts + r.non2xx, 0),
      };
      const fs = await Promise.all(
        perInstance.map((mine, i) =>
          autocannon({ url: `${baseOf(i)}/api/health`, connections: mine.length, duration: SATURATION }),
        ),
      );
      floor = {
        rps: fs.reduce((a, f) => a + f.requests.average, 0),
        p50: Math.max(...fs.map((f) => f.latency.p50)),
        p99: Math.max(...fs.map((f) => f.latency.p99)),
      };
    }

    const acknowledged = [...ok.values()].reduce((x, y) => x + y, 0);
    // A write is lost when an item's stored revision is below the number of saves acknowledged for it.
    const revisions = new Map(
      (
        await db.quizItem.findMany({
          where: { revision: { gt: 0 } },
          select: { attemptId: true, position: true, revision: true },
        })
      ).map((i) => [`${i.attemptId}:${i.position}`, i.revision]),
    );
    let lost = 0;
    for (const [key, n] of ok) lost += Math.max(0, n - (revisions.get(key) ?? 0));
    const stored = [...revisions.values()].reduce((x, y) => x + y, 0);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    const p99 = quantile(target.latencies, 0.99);
    const statusText = [...target.statuses].map(([st, n]) => `${n}×${st}`).join(', ');
    const rows: [string, string][] = [
      [
        'target: saves sent',
        `${target.sent} in ${(target.durationMs / 1000).toFixed(1)} s = ${(target.sent / (target.durationMs / 1000)).toFixed(0)} saves/s (${statusText})`,
      ],
      [
        'target: latency p50 / p90 / p99',
        `${ms(quantile(target.latencies, 0.5))} / ${ms(quantile(target.latencies, 0.9))} / ${ms(p99)} (target p99 < 100 ms)`,
      ],
      [
        'target: latency p99.9 / max',
        `${ms(quantile(target.latencies, 0.999))} / ${ms(quantile(target.latencies, 1))}`,
      ],
      [
        'target: generator lag p99 / max',
        `${ms(quantile(target.lag, 0.99))} / ${ms(quantile(target.lag, 1))} (this process firing late; included in the latency above)`,
      ],
      [
        'target: CPU (100 % = one core)',
        `server${PORTS.length > 1 ? `s (${PORTS.length}, summed)` : ''} ${serverCpu !== null && cpuBefore.server !== null ? cpuShare(serverCpu - cpuBefore.server) : 'n/a'}, database ${DB_KIND === 'sqlite' ? 'in the server process' : dbCpu !== null && cpuBefore.db !== null ? cpuShare(dbCpu - cpuBefore.db) : 'n/a (external)'}, load generator ${cpuShare((selfCpu.user + selfCpu.system) / 1e6)}`,
      ],
      [
        'target: errors',
        `${targetErrors} (non-2xx ${target.sent - (target.statuses.get(200) ?? 0) - target.socketErrors - target.timeouts}, socket ${target.socketErrors}, timeouts ${target.timeouts}; target 0)`,
      ],
    ];
    if (saturation && floor) {
      rows.push(
        [
          'saturation: saves/s',
          `${saturation.rps.toFixed(0)} (p50 ${saturation.p50} ms, p99 ${saturation.p99} ms, errors ${saturation.errors})`,
        ],
        [
          'floor: no-op GET /api/health',
          `${floor.rps.toFixed(0)} req/s (p50 ${floor.p50} ms, p99 ${floor.p99} ms)`,
        ],
        ['saturation ÷ floor', (saturation.rps / floor.rps).toFixed(2)],
      );
    }
    rows.push(
      ['acknowledged saves (all phases)', String(acknowledged)],
      ['revisions stored', `${stored} (≥ acknowledged; the rest were in flight at the end)`],
      ['lost writes', `${lost} (target 0)`],
      [
        'server RSS start → end',
        servers.map((sv, i) => `${rssStart[i] ?? 'n/a'} → ${formatMB(sv.rss())}`).join(', '),
      ],
    );
    rows.splice(3, 0, [
      'target: worst latency per second',
      target.perSecond.map((x) => x.max.toFixed(0)).join(' '),
    ]);
    log('');
    for (const [k, v] of rows) log(`  ${k.padEnd(34)} ${v}`);
    const pass = p99 < 100 && targetErrors === 0 && lost === 0 && (saturation?.errors ?? 0) === 0;
    // A generator that cannot keep its schedule measures itself: say so rather than blame (or credit) the server.
    if (quantile(target.lag, 0.99) > 10)
      log(
        `\n  ! the load generator fell behind its schedule (lag p99 ${ms(quantile(target.lag, 0.99))}): this rate needs a faster client or another core; the latency above is not the server's alone`,
      );
    log(
      `\n  ${pass ? 'PASS' : 'FAIL'}: saving an answer on ${DB_KIND} × ${PORTS.length}, ${CANDIDATES} concurrent signed-in candidates at ${RATE} save/s each: p99 ${ms(p99)}, ${targetErrors} errors, ${lost} lost writes`,
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    for (const sv of servers) sv.stop();
    await db.$disconnect();
    await closePgPools();
    // Give the servers a moment to close their connections before the cluster goes.
    await new Promise((r) => setTimeout(r, 1000));
    cluster?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`load:quiz failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
