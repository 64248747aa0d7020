/**
 * `npm start`: from a fresh clone (after `npm install`) to a running app, and
 * fast on every later run. Each step is idempotent and prints one line:
 *
 *   1. .env        create with safe defaults when missing (random NEXTAUTH_SECRET)
 *   2. client      `prisma generate` when the generated client is older than the schema
 *   3. migrations  apply pending ones (wasm schema engine, scripts/migrations.mts)  } `npm run release`
 *   4. seed        run the seed steps; first run creates and prints the demo logins } (under a lock)
 *   5. build       `next build` when .next is missing or stale (scripts/build-freshness.mts)
 *   6. serve       scripts/next-server.mjs (Next's handler, draining on SIGTERM) on $PORT (default 3000) with the
 *                  server's heap limits (scripts/server-heap.mts; NODE_OPTIONS overrides them); prints "serving"
 *                  once it answers
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { databaseUrlFromEnv } from '../lib/server/db/sqlite-adapter.ts';
import { checkBuild, recordBuild } from './build-freshness.mts';
import { ensureDotEnv, loadDotEnv } from './env.mts';
import { serverEnv, serverHeapFlags } from './server-heap.mts';
import { redactUrl } from '../lib/server/db/url.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const t0 = performance.now();
const require = createRequire(import.meta.url);

const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(1)}s`;
const step = (label: string, detail: string): void => {
  process.stdout.write(`[start ${elapsed().padStart(5)}] ${label.padEnd(10)} ${detail}\n`);
};

/** Runs a Node CLI (resolved from node_modules, no npx) and rejects on a non-zero exit. */
function runNode(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(bin)} ${args[0] ?? ''} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** The generated client is stale when it is missing or older than what it is generated from. */
function clientIsStale(root: string): boolean {
  return [
    ['generated/prisma/client.ts', 'prisma/schema.prisma'],
    ['generated/prisma-pg/client.ts', 'prisma/postgres/schema.prisma'],
  ].some(([client, schema]) => {
    const file = path.join(root, client!);
    if (!existsSync(file)) return true;
    const builtAt = statSync(file).mtimeMs;
    return [schema!, 'prisma.config.ts'].some((f) => statSync(path.join(root, f)).mtimeMs > builtAt);
  });
}

/** The port a URL points at (explicit or the scheme's default), or undefined if unparsable. */
function portOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.port || (u.protocol === 'https:' ? '443' : '80');
  } catch {
    return undefined;
  }
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<boolean> {
  while (child.exitCode === null && child.signalCode === null) {
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

async function main(): Promise<void> {
  // 1. .env
  const envFile = path.join(ROOT, '.env');
  const dotenv = ensureDotEnv(envFile);
  step(
    '.env',
    dotenv.created
      ? `created with ${dotenv.added.join(', ')}`
      : dotenv.added.length
        ? `added ${dotenv.added.join(', ')}`
        : 'present',
  );
  loadDotEnv(envFile);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
  };

  // 2. Prisma client
  if (clientIsStale(ROOT)) {
    step('client', 'generating Prisma clients (SQLite and PostgreSQL)…');
    for (const args of [['generate'], ['generate', '--schema', 'prisma/postgres/schema.prisma']]) {
      await runNode(require.resolve('prisma/build/index.js'), args, {
        ...env,
        // Offline: stops the CLI from downloading a native schema engine it does not need.
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
      });
    }
    step('client', 'generated');
  } else {
    step('client', 'up to date');
  }

  // 3 + 4. Release: migrations, then seed, under the release lock (scripts/release.mts, also `npm run release`).
  // Imported late: the seed needs the client generated in step 2.
  const databaseUrl = databaseUrlFromEnv(env);
  const shown = redactUrl(databaseUrl);
  const { release } = await import('./release.mts');
  const { formatSeedResults } = await import('./seed.mts');
  const released = await release(databaseUrl, env);
  step(
    'migrate',
    released.applied.length ? `applied ${released.applied.join(', ')} to ${shown}` : `up to date (${shown})`,
  );
  const seedNotes = released.seed.flatMap((r) => r.notes ?? []);
  step('seed', 'done');
  process.stdout.write(`${formatSeedResults(released.seed)}\n`);

  // 5. Build
  const nextBin = require.resolve('next/dist/bin/next');
  const build = checkBuild(ROOT, env);
  if (build.stale) {
    step('build', `next build (${build.reason})…`);
    await runNode(nextBin, ['build'], env);
    recordBuild(ROOT, env);
    step('build', 'done');
  } else {
    step('build', `up to date (${build.reason})`);
  }

  // 6. Serve
  const port = env.PORT?.trim() || '3000';
  step('serve', `serving the build on port ${port}…`);
  const authPort = portOf(env.NEXTAUTH_URL);
  if (authPort && authPort !== port) {
    step(
      'warning',
      `NEXTAUTH_URL (${env.NEXTAUTH_URL}) is not on port ${port}; sign-in redirects will go there. Update .env.`,
    );
  }
  const heap = serverHeapFlags(env.NODE_OPTIONS);
  if (heap.length) step('serve', `heap ${heap.join(' ')} (NODE_OPTIONS overrides)`);
  // The same server as `npm run serve` (scripts/next-server.mjs: Next's handler, draining on SIGTERM).
  const server = spawn(process.execPath, [...heap, path.join(ROOT, 'scripts', 'next-server.mjs')], {
    cwd: ROOT,
    env: serverEnv({ ...env, PORT: port }),
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  if (await waitUntilServing(`http://127.0.0.1:${port}/`, server)) {
    step('serving', `http://localhost:${port}  (Ctrl-C to stop)`);
    // Repeat first-run logins here: the build output has scrolled them away.
    if (seedNotes.length) process.stdout.write(`${seedNotes.map((n) => `  ${n}`).join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
