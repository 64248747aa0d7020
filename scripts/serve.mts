/**
 * `npm run serve`: the stateless half of `npm start` for deployments (ADR 009): serve an existing build on
 * `$PORT` (default 3000) and `$BIND_HOST` (default: every interface, like `npm start`),
 * nothing else (not `$HOSTNAME`: shells and containers set that to the machine's name). It never migrates,
 * seeds or builds, so any number of instances may start at once against one database; run `npm run release`
 * once per deploy first and `npm run build` once per version (every instance serves the same `.next`).
 * The server runs with the heap limits of scripts/server-heap.mts (160 MiB old space, 2 MiB semi-space, 2 malloc arenas)
 * unless NODE_OPTIONS sets them.
 *
 * The server is scripts/next-server.mjs (plain `node`): Next's request handler on a server that drains on
 * SIGTERM — readiness answers 503 for `SHUTDOWN_DELAY_MS` while requests are still served, then it stops
 * accepting, lets in-flight requests (a save, a submit) finish within `SHUTDOWN_TIMEOUT_MS`, and exits 0.
 * SIGTERM/SIGINT are passed on to it; this launcher exits with its status.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serverEnv, serverHeapFlags } from './server-heap.mts';

const ROOT = path.resolve(import.meta.dirname, '..');

if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  process.stderr.write('serve: no build in .next. Run `npm run build` once (every instance serves it).\n');
  process.exit(1);
}
const server = spawn(
  process.execPath,
  [...serverHeapFlags(), path.join(ROOT, 'scripts', 'next-server.mjs')],
  {
    cwd: ROOT,
    env: serverEnv({ ...process.env, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1' }),
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
