import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quantile, runOpenLoop } from './open-loop.mts';

/** A real server on loopback: answers after `delay` ms, records when each request arrived. */
let server: http.Server;
let base = '';
let delayMs = 0;
const arrivals: { at: number; path: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrivals.push({ at: performance.now(), path: req.url ?? '', body: Buffer.concat(chunks).toString() });
      setTimeout(() => res.writeHead(req.url === '/fail' ? 503 : 200).end('ok'), delayMs);
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

describe('runOpenLoop', () => {
  it('sends at the offered rate, spread over time rather than in bursts, and records every answer', async () => {
    arrivals.length = 0;
    delayMs = 0;
    const seen: number[] = [];
    const r = await runOpenLoop({
      base,
      clients: 20,
      ratePerClient: 10,
      durationMs: 1000,
      random: seeded(42),
      request: (c, n) => ({
        method: 'PUT',
        path: `/c${c}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
      }),
      onResponse: (_c, _n, status) => seen.push(status),
    });
    // 200 requests expected (Poisson: ±3σ ≈ ±42).
    expect(r.sent).toBeGreaterThan(150);
    expect(r.sent).toBeLessThan(250);
    expect(r.latencies.length).toBe(r.sent);
    expect(r.lag.length).toBe(r.sent);
    expect(seen.length).toBe(r.sent);
    expect(r.statuses.get(200)).toBe(r.sent);
    expect(arrivals.every((a) => a.body.startsWith('{"n":'))).toBe(true);
    // Not synchronised: arrivals are spread over most of the second's 10 ms windows (Poisson: ~86 of 100),
    // where one shared tick per 100 ms (autocannon's connectionRate pattern) would fill about 10. A loaded
    // machine that stalls this process for a while bunches some together, so the bar is set well below.
    const t0 = Math.min(...arrivals.map((a) => a.at));
    const windows = new Set(arrivals.map((a) => Math.floor((a.at - t0) / 10)));
    expect(windows.size).toBeGreaterThan(40);
  });

  it('charges a request the time it waited behind a slow one on its connection (no coordinated omission)', async () => {
    delayMs = 100;
    // One client sending every ~35 ms (random() = 0.5 → gap = ln 2 × 50 ms) to a server that takes 100 ms:
    // the ~8 requests queue on the one connection, so the last waits far longer than the server's 100 ms.
    const r = await runOpenLoop({
      base,
      clients: 1,
      ratePerClient: 20,
      durationMs: 300,
      random: () => 0.5,
      request: () => ({ method: 'GET', path: '/', headers: {} }),
    });
    expect(r.sent).toBe(8);
    expect(quantile(r.latencies, 0)).toBeGreaterThanOrEqual(95);
    expect(quantile(r.latencies, 1)).toBeGreaterThan(400);
    delayMs = 0;
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
    expect(r.statuses.get(503)).toBe(r.sent);
  });
});
