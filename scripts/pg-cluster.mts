/**
 * A throwaway PostgreSQL cluster for tests, e2e and load runs: `initdb` into a temp folder, `pg_ctl start`
 * listening only on a Unix socket in that folder, `stop()` drops it all. Uses Debian's `postgresql`
 * package (binaries in /usr/lib/postgresql/<major>/bin, or `PG_BIN`); `.ci/run` installs it when missing.
 * The server refuses to run as root, so as root it runs as the `postgres` user (runuser).
 * See /work/shared/STACK-NOTES.md §9 and docs/decisions/009-sqlite-and-postgresql.md.
 *
 *   tsx scripts/pg-cluster.mts      start one, print its URL, stop it on SIGINT/SIGTERM
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** `postgresql://app@localhost/postgres?host=<socket dir>` (the superuser `app`, trust auth). */
  url: string;
  /** URL of another database in the same cluster. */
  urlFor(database: string): string;
  dir: string;
  /** The cluster's data directory (postmaster.pid lives there). */
  dataDir: string;
  /** Stops the server and deletes its folder. */
  stop(): void;
}

/** The newest installed server's bin folder, or undefined. */
export function findPgBin(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.PG_BIN) return env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter((d) => /^\d+$/.test(d) && existsSync(path.join(base, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(base, majors[0], 'bin') : undefined;
}

export interface StartOptions {
  /**
   * Durability off (fsync, synchronous_commit, full_page_writes): for tests, where a crash loses nothing
   * of value. Load runs keep PostgreSQL's defaults so their figures mean something.
   */
  fast?: boolean;
  maxConnections?: number;
}

export function startPgCluster(options: StartOptions = {}): PgCluster {
  const bin = findPgBin();
  if (!bin)
    throw new Error(
      "PostgreSQL server binaries not found (/usr/lib/postgresql/<major>/bin). Install Debian's package: apt-get install -y postgresql (or set PG_BIN).",
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  if (asRoot) {
    execFileSync('chown', ['postgres:postgres', dir]);
    chmodSync(dir, 0o755);
  }
  const data = path.join(dir, 'data');
  const settings = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    `-c max_connections=${options.maxConnections ?? 200}`,
    ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'app', '-E', 'UTF8', '--no-sync']);
    run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', path.join(dir, 'log'), '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`Could not start a throwaway PostgreSQL: ${stderr || String(error)}`, { cause: error });
  }
  const urlFor = (database: string): string =>
    `postgresql://app@localhost/${database}?host=${encodeURIComponent(dir)}`;
  let stopped = false;
  return {
    url: urlFor('postgres'),
    urlFor,
    dir,
    dataDir: data,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cluster = startPgCluster({ fast: process.argv.includes('--fast') });
  process.stdout.write(`${cluster.url}\n`);
  const stop = (): void => {
    cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
