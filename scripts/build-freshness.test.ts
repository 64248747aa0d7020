import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBuild, listBuildInputs, recordBuild } from './build-freshness.mts';

let root: string;
const write = (rel: string, content: string, mtimeSec?: number): void => {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mtimeSec !== undefined) utimesSync(file, mtimeSec, mtimeSec);
};
/** Simulates `next build` finishing at `atSec` (an explicit clock, not real time). */
const fakeBuild = (id: string, atSec: number): void => write('.next/BUILD_ID', id, atSec);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'packetpath-build-'));
  write('app/page.tsx', 'export default function Page() { return null }', 1000);
  write('lib/thing.ts', 'export const x = 1;', 1000);
  write('package.json', '{}', 1000);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('listBuildInputs', () => {
  it('skips tests, docs, scripts, databases, env files and build output', () => {
    write('lib/thing.test.ts', '', 1000);
    write('README.md', '', 1000);
    write('docs/x.md', '', 1000);
    write('scripts/start.mts', '', 1000);
    write('prisma/dev.db', '', 1000);
    write('prisma/dev.db.release-lock', '', 3000);
    write('prisma/schema.prisma', '', 1000);
    write('prisma/migrations/1_init/migration.sql', '', 1000);
    write('.env', '', 1000);
    write('next-env.d.ts', '', 1000);
    fakeBuild('a', 2000);
    expect(listBuildInputs(root)).toEqual([
      'app/page.tsx',
      'lib/thing.ts',
      'package.json',
      'prisma/schema.prisma',
    ]);
  });
});

describe('checkBuild', () => {
  it('is stale when there is no build', () => {
    expect(checkBuild(root, {})).toEqual({ stale: true, reason: 'no build yet' });
  });

  it('is fresh right after a recorded build', () => {
    fakeBuild('a', 2000);
    recordBuild(root, {});
    expect(checkBuild(root, {}).stale).toBe(false);
  });

  it('is stale when a source file changes, even if its mtime goes back', () => {
    fakeBuild('a', 2000);
    recordBuild(root, {});
    write('lib/thing.ts', 'export const x = 2;', 500);
    expect(checkBuild(root, {})).toEqual({ stale: true, reason: 'sources changed since last build' });
  });

  it('is stale when a source file is added or deleted', () => {
    fakeBuild('a', 2000);
    recordBuild(root, {});
    write('app/new/page.tsx', 'x', 500);
    expect(checkBuild(root, {}).stale).toBe(true);
    rmSync(path.join(root, 'app/new/page.tsx'));
    expect(checkBuild(root, {}).stale).toBe(false);
    rmSync(path.join(root, 'lib/thing.ts'));
    expect(checkBuild(root, {}).stale).toBe(true);
  });

  it('ignores changes to tests and docs', () => {
    fakeBuild('a', 2000);
    recordBuild(root, {});
    write('lib/thing.test.ts', 'changed', 3000);
    write('README.md', 'changed', 3000);
    expect(checkBuild(root, {}).stale).toBe(false);
  });

  it('is stale when a NEXT_PUBLIC_ variable changes', () => {
    fakeBuild('a', 2000);
    recordBuild(root, { NEXT_PUBLIC_FLAG: '1' });
    expect(checkBuild(root, { NEXT_PUBLIC_FLAG: '1', OTHER: 'x' }).stale).toBe(false);
    expect(checkBuild(root, { NEXT_PUBLIC_FLAG: '2' }).stale).toBe(true);
  });

  it('falls back to mtimes when the build was made outside npm start', () => {
    fakeBuild('a', 2000);
    recordBuild(root, {});
    fakeBuild('b', 2000); // e.g. `next build` run by the e2e script
    expect(checkBuild(root, {})).toEqual({ stale: false, reason: 'no source newer than the build' });
    write('lib/thing.ts', 'export const x = 3;', 3000);
    expect(checkBuild(root, {})).toEqual({ stale: true, reason: 'lib/thing.ts is newer than the build' });
  });
});
