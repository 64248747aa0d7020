/**
 * Decides whether `.next` is stale, so `npm start` rebuilds only when needed.
 *
 * The fingerprint is a SHA-256 over the path and content of every file that
 * can change the production bundle, plus `NEXT_PUBLIC_*` variables (inlined
 * at build time). After each build we store it beside `.next/BUILD_ID`.
 * When the stamp is missing or belongs to another BUILD_ID (someone ran
 * `next build` directly, e.g. the e2e script), we fall back to comparing file
 * mtimes with BUILD_ID's, which errs towards rebuilding.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Top-level folders that never feed the Next bundle (or are its output). */
const IGNORED_TOP_DIRS = new Set([
  'node_modules',
  '.git',
  '.next',
  '.ci',
  'generated',
  'coverage',
  'test-results',
  'playwright-report',
  'blob-report',
  '.bench',
  'e2e',
  'tests',
  'docs',
  'scripts',
]);

/** Files that never feed the bundle, at any depth. */
function ignoredFile(rel: string): boolean {
  const base = path.basename(rel);
  return (
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(base) ||
    // The database, its WAL and journal, and `npm run release`'s lock file beside it (scripts/release.mts).
    /\.db(-journal|-wal|-shm|\.release-lock(-journal)?)?$/.test(base) ||
    base.startsWith('.env') ||
    base.endsWith('.tsbuildinfo') ||
    base === '.DS_Store' ||
    // Written by `next build` itself; including it would make every build stale.
    rel === 'next-env.d.ts' ||
    // Top-level docs (README.md etc.) and migrations do not change the bundle.
    (!rel.includes('/') && base.endsWith('.md')) ||
    rel.startsWith('prisma/migrations/') ||
    rel.split('/').includes('__snapshots__')
  );
}

/** Relative, sorted paths of the files that feed `next build`. */
export function listBuildInputs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (rel === '' && IGNORED_TOP_DIRS.has(entry.name)) continue;
        if (entry.name === 'node_modules' || entry.name === '__fixtures__') continue;
        walk(path.join(dir, entry.name), childRel);
      } else if (entry.isFile() && !ignoredFile(childRel)) {
        out.push(childRel);
      }
    }
  };
  walk(root, '');
  return out.sort();
}

export interface Fingerprint {
  hash: string;
  /** Newest mtime among the inputs, for the BUILD_ID fallback. */
  newestMtimeMs: number;
  newestFile: string;
}

/** Hashes the build inputs under `root` and the `NEXT_PUBLIC_*` values in `env`. */
export function fingerprintBuildInputs(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Fingerprint {
  const h = createHash('sha256');
  let newestMtimeMs = 0;
  let newestFile = '';
  for (const rel of listBuildInputs(root)) {
    const file = path.join(root, rel);
    const { mtimeMs } = statSync(file);
    if (mtimeMs > newestMtimeMs) {
      newestMtimeMs = mtimeMs;
      newestFile = rel;
    }
    h.update(`${rel}\0`).update(readFileSync(file)).update('\0');
  }
  for (const key of Object.keys(env)
    .filter((k) => k.startsWith('NEXT_PUBLIC_'))
    .sort()) {
    h.update(`env:${key}=${env[key] ?? ''}\0`);
  }
  return { hash: h.digest('hex'), newestMtimeMs, newestFile };
}

const STAMP = 'packetpath-build.json';

interface Stamp {
  buildId: string;
  hash: string;
}

export type BuildCheck = { stale: false; reason: string } | { stale: true; reason: string };

/** Is `<root>/.next` missing or older than the sources? */
export function checkBuild(root: string, env: Record<string, string | undefined> = process.env): BuildCheck {
  const buildIdFile = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildIdFile)) return { stale: true, reason: 'no build yet' };
  const buildId = readFileSync(buildIdFile, 'utf8').trim();
  const fp = fingerprintBuildInputs(root, env);
  const stampFile = path.join(root, '.next', STAMP);
  const stamp = existsSync(stampFile)
    ? (JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<Stamp>)
    : undefined;
  if (stamp?.buildId === buildId && typeof stamp.hash === 'string') {
    return stamp.hash === fp.hash
      ? { stale: false, reason: 'sources unchanged since last build' }
      : { stale: true, reason: 'sources changed since last build' };
  }
  const builtAt = statSync(buildIdFile).mtimeMs;
  return fp.newestMtimeMs > builtAt
    ? { stale: true, reason: `${fp.newestFile} is newer than the build` }
    : { stale: false, reason: 'no source newer than the build' };
}

/** Records the current fingerprint for the current BUILD_ID (call right after a build). */
export function recordBuild(root: string, env: Record<string, string | undefined> = process.env): void {
  const buildId = readFileSync(path.join(root, '.next', 'BUILD_ID'), 'utf8').trim();
  const stamp: Stamp = { buildId, hash: fingerprintBuildInputs(root, env).hash };
  writeFileSync(path.join(root, '.next', STAMP), `${JSON.stringify(stamp)}\n`);
}
