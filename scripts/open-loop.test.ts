import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoopSchedule, quantile, runOpenLoop } from './open-loop.mts';

/**
 * A real server on loopback that records each request. No assertion here depends on wall time (issue 11): counts
 * come from the seeded schedule, and latency accounting is checked on a virtual clock that the server advances by
 * a fixed service time per answer. The rates and latencies a machine achieves are printed by the load scripts.
 */
let server: http.Server;
let base = '';
/** Virtual clock (ms) for the accounting test; the server adds `serviceMs` to it before each answer. */
let virtualMs = 0;
let serviceMs = 0;
const arrivals: { path: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrivals.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString() });
      virtualMs += serviceMs;
      res.writeHead(req.url === '/fail' ? 503 : 200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
/** A seeded PRNG (mulberry32), so each schedule is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('quantile', () => {
  it('is nearest-rank on ascending values', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(v, 0.5)).toBe(50);
    expect(quantile(v, 0.99)).toBe(99);
    expect(quantile(v, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('openLoopSchedule', () => {
  const opts = { clients: 20, ratePerClient: 10, durationMs: 1000 };

  it('offers the rate: Poisson arrivals, 20 clients × 10/s × 1 s ≈ 200 requests, all inside the run', () => {
    const sched = openLoopSchedule({ ...opts, random: seeded(42) });
    const all = sched.flat();
    // 200 expected (Poisson: ±3σ ≈ ±42); the seed fixes the draw.
    expect(all.length).toBeGreaterThan(150);
    expect(all.length).toBeLessThan(250);
    expect(all.every((t) => t >= 0 && t < 1000)).toBe(true);
    for (const due of sched) expect(due).toEqual([...due].sort((a, b) => a - b));
    // The same seed gives the same schedule.
    expect(openLoopSchedule({ ...opts, random: seeded(42) })).toEqual(sched);
  });

  it('spreads requests over time rather than in bursts, and clients start at their own moments', () => {
    const sched = openLoopSchedule({ ...opts, random: seeded(42) });
    // Not synchronised: the due times fall in most of the second's 10 ms windows (Poisson: ~86 of 100), where one
    // shared tick per 100 ms (autocannon's connectionRate pattern) would fill about 10.
    const windows = new Set(sched.flat().map((t) => Math.floor(t / 10)));
    expect(windows.size).toBeGreaterThan(70);
    const firsts = sched.map((d) => d[0]!);
    expect(new Set(firsts.map((t) => Math.floor(t))).size).toBeGreaterThan(15);
    expect(Math.min(...firsts)).toBeGreaterThan(0);
  });

  it('an exponential gap of ln 2 × the mean for random() = 0.5', () => {
    const [due] = openLoopSchedule({ clients: 1, ratePerClient: 20, durationMs: 300, random: () => 0.5 });
    expect(due).toHaveLength(8);
    due!.forEach((t, i) => expect(t).toBeCloseTo((i + 1) * Math.LN2 * 50, 9));
  });
});

describe('runOpenLoop', () => {
  it("sends every scheduled request, each on its client's connection, and records every answer", async () => {
    arrivals.length = 0;
    serviceMs = 0;
    const seen: number[] = [];
    const opts = { clients: 20, ratePerClient: 10, durationMs: 1000 };
    const expected = openLoopSchedule({ ...opts, random: seeded(42) });
    const r = await runOpenLoop({
      base,
      ...opts,
      random: seeded(42),
      request: (c, n) => ({
        method: 'PUT',
        path: `/c${c}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
      }),
      onResponse: (_c, _n, status) => seen.push(status),
    });
    expect(r.sent).toBe(expected.flat().length);
    expect(arrivals).toHaveLength(r.sent);
    expect(r.latencies.length).toBe(r.sent);
    expect(r.lag.length).toBe(r.sent);
    expect(seen.length).toBe(r.sent);
    expect(r.statuses.get(200)).toBe(r.sent);
    expect(r.perSecond.reduce((a, x) => a + x.sent, 0)).toBe(r.sent);
    // Each client sent its own schedule's requests, numbered in order.
    expected.forEach((due, c) => {
      const mine = arrivals
        .filter((a) => a.path === `/c${c}`)
        .map((a) => JSON.parse(a.body) as { n: number });
      expect(mine.map((x) => x.n)).toEqual(due.map((_, i) => i));
    });
  });

  it('charges a request the time it waited behind a slow one on its connection (no coordinated omission)', async () => {
    // One client due every ln 2 × 50 ≈ 34.7 ms (random() = 0.5) to a server that takes 100 ms per answer, on a
    // virtual clock the server advances: the 8 requests queue on the one connection, so answer k comes at
    // 100·k ms. Latency is counted from when a request was due, not from when it could be written: 100·k − due_k,
    // the queueing included (from the write it would be 100 ms for every one).
    virtualMs = 0;
    serviceMs = 100;
    const opts = { clients: 1, ratePerClient: 20, durationMs: 300, random: () => 0.5 };
    const [due] = openLoopSchedule(opts);
    const r = await runOpenLoop({
      base,
      ...opts,
      now: () => virtualMs,
      request: () => ({ method: 'GET', path: '/', headers: {} }),
    });
    expect(r.sent).toBe(8);
    const expected = due!.map((t, i) => 100 * (i + 1) - t).sort((a, b) => a - b);
    expect(r.latencies).toHaveLength(8);
    r.latencies.forEach((ms, i) => expect(ms).toBeCloseTo(expected[i]!, 9));
    expect(quantile(r.latencies, 1)).toBeCloseTo(800 - 8 * Math.LN2 * 50, 9);
    serviceMs = 0;
  });

  it('counts non-2xx answers by status', async () => {
    const r = await runOpenLoop({
      base,
      clients: 2,
      ratePerClient: 20,
      durationMs: 300,
      random: seeded(7),
      request: () => ({ method: 'GET', path: '/fail', headers: {} }),
    });
    expect(r.sent).toBe(
      openLoopSchedule({ clients: 2, ratePerClient: 20, durationMs: 300, random: seeded(7) }).flat().length,
    );
    expect(r.statuses.get(503)).toBe(r.sent);
  });
});
