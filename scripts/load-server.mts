/**
 * The production server the load scripts measure (`npm run load:quiz`, `npm run load:soak`, `npm run probe:fuzz`):
 * scripts/next-server.mjs on 127.0.0.1 over an existing build, started the way `npm start` and `npm run serve`
 * start it (the heap limits of scripts/server-heap.mts unless NODE_OPTIONS sets them), then waited for, signed in
 * to through next-auth's real credentials endpoint, and measured (RSS from /proc). It stops at once on SIGTERM
 * (no drain delay: nothing balances load here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { rssMB } from './proc-stats.mts';
import { serverEnv, serverHeapFlags } from './server-heap.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVER = path.join(ROOT, 'scripts', 'next-server.mjs');

export type LoadServerOptions = {
  port: number;
  databaseUrl: string;
  secret: string;
  /** Node flags of the server process besides the heap limits (--cpu-prof, --heapsnapshot-signal …). */
  nodeArgs?: string[];
  /** A command the server runs under, e.g. ['taskset', '-c', '0']. */
  prefix?: string[];
  /** More environment for the server (LOG_LEVEL …). */
  env?: Record<string, string>;
  /** 'stderr' (default): the server's stderr goes to ours, its stdout nowhere; 'capture': both kept for output(). */
  output?: 'stderr' | 'capture';
};

export type LoadServer = {
  base: string;
  child: ChildProcess;
  /** What the server process runs with, for the script's header line. */
  settings: string;
  /** Its resident set size now, in MB (null when /proc cannot tell). */
  rss: () => number | null;
  /** Everything it wrote so far, with output: 'capture'. */
  output: () => string;
  stop: () => void;
};

/** Refuses to go on without a production build. */
export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID')))
    throw new Error('No production build: run `npm run build` first.');
}

/** Starts the production server on 127.0.0.1:PORT with its node flags and environment. */
export function startLoadServer(o: LoadServerOptions): LoadServer {
  const base = `http://127.0.0.1:${o.port}`;
  const heap = serverHeapFlags();
  const args = [...heap, ...(o.nodeArgs ?? []), SERVER];
  const [cmd, ...cmdArgs] = [...(o.prefix ?? []), process.execPath, ...args] as [string, ...string[]];
  const capture = o.output === 'capture';
  const child = spawn(cmd, cmdArgs, {
    cwd: ROOT,
    env: serverEnv({
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: o.secret,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(o.port),
      BIND_HOST: '127.0.0.1',
      SHUTDOWN_DELAY_MS: '0',
      ...o.env,
    }),
    stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const settings =
    [
      ...heap,
      process.env.NODE_OPTIONS ? `NODE_OPTIONS=${process.env.NODE_OPTIONS}` : '',
      `MALLOC_ARENA_MAX=${serverEnv({ ...process.env, ...o.env }).MALLOC_ARENA_MAX}`,
    ]
      .filter(Boolean)
      .join(' ') || 'V8 default heap';
  return {
    base,
    child,
    settings,
    // With a prefix (taskset) the command execs node, so the pid is still the server's.
    rss: () => rssMB(child.pid),
    output: () => out,
    stop: () => void child.kill('SIGTERM'),
  };
}

/** Waits until GET base + path answers 2xx (default /api/ready: the database answers, migrations applied). */
export async function waitUntilReady(base: string, urlPath = '/api/ready', ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}${urlPath}`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer ${base}${urlPath} within ${ms} ms`);
}

/** Signs in through next-auth's csrf → credentials callback, as the sign-in form does; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email} (HTTP ${res.status})`);
  return session;
}

/** Samples a server's RSS every `everyMs` from now; stop() ends it and returns the samples (seconds since start). */
export function sampleRss(
  server: Pick<LoadServer, 'rss'>,
  everyMs: number,
): { stop: () => { s: number; mb: number | null }[] } {
  const started = Date.now();
  const samples: { s: number; mb: number | null }[] = [];
  const timer = setInterval(() => {
    samples.push({ s: Math.round((Date.now() - started) / 1000), mb: server.rss() });
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}
