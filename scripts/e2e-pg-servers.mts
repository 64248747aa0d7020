/**
 * The servers of the two-instance end-to-end suite (playwright.pg.config.ts): a throwaway PostgreSQL
 * (scripts/pg-cluster.mts), one release (migrations + seed, scripts/release.mts), then two instances
 * (scripts/next-server.mjs, as `npm run serve` runs it) of the same build on the ports of E2E_PG_BASE_URLS (default 3101 and 3111). The database URL is
 * written to E2E_PG_URL_FILE for the specs. Everything stops, and the cluster is dropped, on SIGTERM/SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startPgCluster } from './pg-cluster.mts';
import { release } from './release.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const urls = (process.env.E2E_PG_BASE_URLS ?? 'http://127.0.0.1:3101,http://127.0.0.1:3111').split(',');
const urlFile = process.env.E2E_PG_URL_FILE ?? '/tmp/packetpath-e2e-pg.url';

const cluster = startPgCluster({ fast: true });
const children: ChildProcess[] = [];
let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => {
    cluster.stop();
    rmSync(urlFile, { force: true });
    process.exit(code);
  }, 1500);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  await release(cluster.url, process.env);
  writeFileSync(urlFile, cluster.url);
  for (const base of urls) {
    const port = new URL(base).port;
    // The server a deployment runs (`npm run serve`), without the drain delay: the suite stops it at the end.
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'next-server.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: cluster.url,
        NEXTAUTH_URL: base,
        PORT: port,
        BIND_HOST: '127.0.0.1',
        SHUTDOWN_DELAY_MS: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`e2e-pg: the instance on ${base} exited (${code}).\n`);
        stop(1);
      }
    });
    children.push(child);
  }
} catch (error) {
  process.stderr.write(`e2e-pg: ${error instanceof Error ? error.message : String(error)}\n`);
  stop(1);
}
