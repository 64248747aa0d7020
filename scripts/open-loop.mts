/**
 * An open-loop load generator: N independent clients ("candidates"), each on its own keep-alive connection,
 * each sending requests at its own random moments (Poisson arrivals at `ratePerClient` per second, the usual
 * model for independent people), whether or not the server has answered the previous one.
 *
 * Why not autocannon's `connectionRate`: autocannon restarts every connection's quota on one shared 1-second
 * tick, so 100 connections at 1 request/s fire 100 requests in the same millisecond every second, a
 * synchronised burst no population of candidates produces. Closed-loop autocannon (no rate) is still the
 * right tool for saturation, and scripts/load-quiz.mts reports both.
 *
 * Latency is measured from the moment a request was *scheduled*, not from when it was written: a request
 * that waits behind a slow one on the same connection is charged the wait (no coordinated omission).
 */
import http from 'node:http';

export interface OpenLoopRequest {
  method: string;
  path: string;
  /** Another port of the same host than `base`'s (several server instances); each client keeps to one. */
  port?: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OpenLoopOptions {
  /** e.g. http://127.0.0.1:3400 */
  base: string;
  clients: number;
  /** Mean requests per second of each client (exponential gaps between them). */
  ratePerClient: number;
  durationMs: number;
  /** The next request of client `client` (its `n`th, from 0). */
  request: (client: number, n: number) => OpenLoopRequest;
  /** Called for every response with its status and body text. */
  onResponse?: (client: number, n: number, status: number, body: string) => void;
  /** Random source in [0, 1), for reproducible schedules in tests. */
  random?: () => number;
  /** Per-request timeout; a request without an answer by then counts as a timeout. */
  timeoutMs?: number;
  /**
   * The clock (ms) that schedules are laid out on and latencies, lag and `perSecond` are measured with; default
   * `performance.now`. Tests pass a virtual clock to check the accounting without depending on wall time.
   */
  now?: () => number;
}

export interface OpenLoopResult {
  sent: number;
  /** Latencies in ms of every answered request, ascending. */
  latencies: number[];
  statuses: Map<number, number>;
  socketErrors: number;
  timeouts: number;
  durationMs: number;
  /**
   * How late this generator fired each request (ms, ascending): its own event loop falling behind. Latency
   * includes it, so when its p99 is more than a few ms the generator, not the server, is the bottleneck.
   */
  lag: number[];
  /** Per second of the run (by when requests were due): how many, and their worst latency in ms. */
  perSecond: { sent: number; max: number }[];
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending values, nearest-rank; NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Exponentially distributed gap with the given mean (inverse transform). */
function expGap(meanMs: number, random: () => number): number {
  return -Math.log(1 - random()) * meanMs;
}

/**
 * When each client's requests are due, in ms from the start: Poisson arrivals at `ratePerClient` per second, each
 * client's first request at its own random moment (no synchronised start), nothing due at or after `durationMs`.
 * Drawn from `random` in the order runOpenLoop draws it (client by client), so a seeded source gives the schedule a
 * run will follow.
 */
export function openLoopSchedule(opts: {
  clients: number;
  ratePerClient: number;
  durationMs: number;
  random?: () => number;
}): number[][] {
  const random = opts.random ?? Math.random;
  const meanGap = 1000 / opts.ratePerClient;
  const out: number[][] = [];
  for (let c = 0; c < opts.clients; c++) {
    const due: number[] = [];
    for (let at = expGap(meanGap, random); at < opts.durationMs; at += expGap(meanGap, random)) due.push(at);
    out.push(due);
  }
  return out;
}

export async function runOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const now = opts.now ?? (() => performance.now());
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const url = new URL(opts.base);
  const latencies: number[] = [];
  const lag: number[] = [];
  const perSecond: { sent: number; max: number }[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  let socketErrors = 0;
  let timeouts = 0;
  const inFlight = new Set<Promise<void>>();
  const agents: http.Agent[] = [];
  const start = now();
  const schedule = openLoopSchedule(opts);

  const fire = (client: number, n: number, agent: http.Agent, scheduledAt: number): void => {
    const r = opts.request(client, n);
    sent += 1;
    const done = new Promise<void>((resolve) => {
      let timedOut = false;
      const req = http.request(
        {
          host: url.hostname,
          port: r.port ?? url.port,
          method: r.method,
          path: r.path,
          headers:
            r.body === undefined
              ? r.headers
              : { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
          agent,
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = now() - scheduledAt;
            latencies.push(ms);
            const sec = (perSecond[Math.floor((scheduledAt - start) / 1000)] ??= { sent: 0, max: 0 });
            sec.sent += 1;
            sec.max = Math.max(sec.max, ms);
            const status = res.statusCode ?? 0;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            opts.onResponse?.(client, n, status, Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
          res.on('error', () => {
            socketErrors += 1;
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timedOut = true;
        timeouts += 1;
        req.destroy();
      });
      req.on('error', () => {
        if (!timedOut) socketErrors += 1;
        resolve();
      });
      req.end(r.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  // Every scheduled request is sent, a late one too (its lateness is recorded in `lag` and charged to its
  // latency): an open-loop generator that dropped what it could not fire on time would under-report.
  const clientsDone = schedule.map((due, client) => {
    // One connection per client, like one browser per candidate; requests queue on it in order.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return new Promise<void>((resolve) => {
      const next = (n: number): void => {
        if (n >= due.length) return resolve();
        const at = start + due[n]!;
        setTimeout(
          () => {
            lag.push(now() - at);
            fire(client, n, agent, at);
            next(n + 1);
          },
          Math.max(0, at - now()),
        );
      };
      next(0);
    });
  });

  await Promise.all(clientsDone);
  await Promise.all(inFlight);
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  lag.sort((a, b) => a - b);
  return {
    sent,
    latencies,
    statuses,
    socketErrors,
    timeouts,
    durationMs: now() - start,
    lag,
    perSecond: Array.from(perSecond, (x) => x ?? { sent: 0, max: 0 }),
  };
}
