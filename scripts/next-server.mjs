// @ts-check
/**
 * The production HTTP server behind `npm run serve` and `npm start` (they run it with plain `node`): Next.js's
 * own request handler (the custom-server API, `next({ dev: false })`, the same router `next start` uses) on
 * a `node:http` server we own, so that shutting down can drain (README "Reference deployment", ADR 019).
 *
 * `next start` on SIGTERM closes its listening socket at once and then waits, without a bound, for open
 * connections to end: a load balancer that has not yet noticed sees refused connections, and readiness cannot
 * say "draining". Here, on SIGTERM:
 *   1. Draining: `GET /api/ready` answers 503 `{ ready: false, reason }`, so the load balancer takes this
 *      instance out of rotation; every other request is still served, with `Connection: close` so clients
 *      and proxies open their next connection elsewhere. This lasts `SHUTDOWN_DELAY_MS` (default 5000).
 *   2. The listening socket closes (new connections are refused) and idle keep-alive connections are closed.
 *   3. Requests in flight (a save waiting on its lock, a submit) finish and are answered; then the process
 *      exits 0. If some are still running after `SHUTDOWN_TIMEOUT_MS` more (default 20000), their
 *      connections are cut and the process exits 1. Give the platform a grace period longer than both.
 * SIGINT (Ctrl-C) does the same without the delay. Repeated signals are ignored (a terminal's Ctrl-C reaches
 * this process twice: from the shell and from the launcher that forwards it); the timeout bounds the wait.
 *
 * Env: PORT (3000), BIND_HOST (default: every interface), SHUTDOWN_DELAY_MS, SHUTDOWN_TIMEOUT_MS.
 */
import http from 'node:http';
import path from 'node:path';
import { pino } from 'pino';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A non-negative integer from the environment, or `fallback`; anything else stops the server. */
function msFromEnv(name, fallback) {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) {
    process.stderr.write(`serve: ${name} must be a whole number of milliseconds (got "${raw}").\n`);
    process.exit(1);
  }
  return Number(raw);
}

const port = Number(process.env.PORT?.trim() || '3000');
const host = process.env.BIND_HOST?.trim() || undefined;
const delayMs = msFromEnv('SHUTDOWN_DELAY_MS', 5_000);
const timeoutMs = msFromEnv('SHUTDOWN_TIMEOUT_MS', 20_000);

// What `next start` sets before it loads the server (next/dist/bin/next).
process.env.NODE_ENV = process.env.NODE_ENV || 'production';
process.env.NEXT_RUNTIME = 'nodejs';

// Same line format as the app's logger (lib/server/observability/log.ts).
const log = pino(
  {
    level: process.env.LOG_LEVEL || 'info',
    base: { service: 'packetpath', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  pino.destination({ dest: 1, sync: true }),
);

const { default: next } = await import('next');
const app = next({ dev: false, dir: ROOT, hostname: host ?? 'localhost', port });
await app.prepare();
const handle = app.getRequestHandler();

/** Set once a signal arrived. */
let draining = false;
/** Requests received and not yet answered (or whose connection closed). */
let inFlight = 0;
/** Resolves the wait in `shutdown` when the last in-flight request is done. */
let onIdle = () => {};

const DRAINING_BODY = JSON.stringify({
  ready: false,
  reason: 'This instance is shutting down; send new requests to another one.',
});

const server = http.createServer((req, res) => {
  inFlight++;
  res.once('close', () => {
    inFlight--;
    if (inFlight === 0) onIdle();
  });
  if (draining) {
    res.setHeader('connection', 'close');
    if (req.method === 'GET' && (req.url === '/api/ready' || req.url?.startsWith('/api/ready?'))) {
      res.writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(DRAINING_BODY);
      return;
    }
  }
  handle(req, res).catch((/** @type {unknown} */ error) => {
    log.error({ event: 'server.unhandled', err: error }, 'request handler failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end();
  });
});

server.listen(port, host, () => {
  log.info({ event: 'server.listening', port, host: host ?? '*' }, `serving on port ${port}`);
});

/** @param {NodeJS.Signals} signal */
async function shutdown(signal) {
  if (draining) return;
  draining = true;
  const wait = signal === 'SIGTERM' ? delayMs : 0;
  log.info({ event: 'server.draining', signal, delayMs: wait, inFlight }, 'draining: readiness answers 503');
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  // Stop accepting; Node also closes the connections that are idle now. Busy ones close after their
  // response (Connection: close, set above while draining).
  server.close();
  server.closeIdleConnections();
  log.info({ event: 'server.closed', inFlight }, 'no longer accepting connections');
  const drained = await new Promise((resolve) => {
    if (inFlight === 0) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    onIdle = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
  if (!drained) {
    log.error({ event: 'server.drain-timeout', inFlight, timeoutMs }, 'requests still running: cutting them');
    server.closeAllConnections();
  }
  // Lets Next finish its own work (e.g. `after()` callbacks) once no request can come in.
  await app.close().catch((/** @type {unknown} */ error) => log.error({ err: error }, 'next close failed'));
  log.info({ event: 'server.stopped', drained }, 'stopped');
  process.exit(drained ? 0 : 1);
}

for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT']))
  process.on(signal, () => void shutdown(signal));
