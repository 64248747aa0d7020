/**
 * The production server's heap limits (scripts/server-heap.mts): the defaults apply unless NODE_OPTIONS sets the
 * same flag, and a real node process started the way `npm start` / `npm run serve` start `next start` gets them.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVER_HEAP, SERVER_MALLOC_ARENA_MAX, serverEnv, serverHeapFlags } from './server-heap.mts';

/** V8's heap limit in MiB of a node started with these flags and this NODE_OPTIONS. */
function heapLimitMiB(flags: string[], nodeOptions?: string): number {
  const env = { ...process.env };
  if (nodeOptions === undefined) delete env.NODE_OPTIONS;
  else env.NODE_OPTIONS = nodeOptions;
  const out = execFileSync(
    process.execPath,
    [...flags, '-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'],
    { env },
  );
  return Number(out.toString()) / 2 ** 20;
}

describe('serverHeapFlags', () => {
  it('sets the old-space and semi-space limits by default', () => {
    expect(serverHeapFlags(undefined)).toEqual([
      `--max-old-space-size=${SERVER_HEAP.maxOldSpaceMiB}`,
      `--max-semi-space-size=${SERVER_HEAP.maxSemiSpaceMiB}`,
    ]);
    expect(serverHeapFlags('--enable-source-maps')).toHaveLength(2);
  });

  it('leaves out each flag NODE_OPTIONS sets itself', () => {
    expect(serverHeapFlags('--max-old-space-size=512')).toEqual([
      `--max-semi-space-size=${SERVER_HEAP.maxSemiSpaceMiB}`,
    ]);
    expect(serverHeapFlags('--inspect --max-semi-space-size=16 --max-old-space-size 1024')).toEqual([]);
  });

  it('gives a real node process the limit, and NODE_OPTIONS still wins', () => {
    const limited = heapLimitMiB(serverHeapFlags(undefined));
    // Old space plus the young generation (three semi-spaces).
    expect(limited).toBeGreaterThanOrEqual(SERVER_HEAP.maxOldSpaceMiB);
    expect(limited).toBeLessThanOrEqual(SERVER_HEAP.maxOldSpaceMiB + 3 * SERVER_HEAP.maxSemiSpaceMiB + 8);
    const overridden = heapLimitMiB(serverHeapFlags('--max-old-space-size=512'), '--max-old-space-size=512');
    expect(overridden).toBeGreaterThanOrEqual(512);
    expect(overridden).toBeLessThan(600);
  });
});

describe('serverEnv', () => {
  /** MALLOC_ARENA_MAX as a real node process spawned with this environment sees it. */
  function childSees(env: NodeJS.ProcessEnv): string {
    return execFileSync(
      process.execPath,
      ['-e', 'process.stdout.write(process.env.MALLOC_ARENA_MAX ?? "unset")'],
      {
        env,
      },
    ).toString();
  }

  it('caps the malloc arenas of the spawned server unless the environment sets its own cap', () => {
    const { MALLOC_ARENA_MAX: _, ...without } = process.env;
    expect(childSees(serverEnv(without))).toBe(SERVER_MALLOC_ARENA_MAX);
    expect(childSees(serverEnv({ ...without, MALLOC_ARENA_MAX: '4' }))).toBe('4');
    expect(childSees(serverEnv({ ...without, MALLOC_ARENA_MAX: ' ' }))).toBe(SERVER_MALLOC_ARENA_MAX);
  });

  it('keeps the rest of the environment', () => {
    const env = serverEnv({ ...process.env, DATABASE_URL: 'file:./x.db' });
    expect(env.DATABASE_URL).toBe('file:./x.db');
    expect(env.PATH).toBe(process.env.PATH);
  });
});
