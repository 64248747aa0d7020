/**
 * V8 heap limits for the production server (`npm start`, `npm run serve`, and `npm run load:soak`, which measures
 * them). Without them V8 sizes its heap from the machine's memory and lets it grow lazily towards that limit:
 * under `npm run load:soak` the server's RSS climbed from 109 to 634 MB while its live objects stayed ≈ 125 MB
 * (a heap snapshot at the end): garbage V8 had no reason to collect yet, not a leak. A fixed old-space limit makes
 * it collect sooner; a smaller young generation (semi-space) trades a few more scavenges for less memory.
 *
 * Each flag applies unless NODE_OPTIONS already sets it: `NODE_OPTIONS=--max-old-space-size=512 npm start` wins
 * (and so does NODE_OPTIONS in .env, which `npm start` loads). Flags on the command line would override
 * NODE_OPTIONS, so they are left out instead.
 * The server's environment also caps glibc's malloc arenas (MALLOC_ARENA_MAX, read by glibc when the process
 * starts, so it must be in the environment the server is spawned with). glibc gives a thread that finds the
 * main arena busy an arena of its own, up to 8 × cores, and each arena keeps what was freed in it (Node's libuv
 * pool, V8's GC helper threads and Prisma's query compiler all allocate from threads). An environment that
 * sets MALLOC_ARENA_MAX itself keeps its value.
 *
 * Measured with `npm run load:soak -- --learners 50 --duration 180 --think 2 --idle 10 --trace-gc` (50 learners
 * for 3 minutes; RSS at the end, and what of it is anonymous memory outside the JS heap):
 *   old space 192 MB, semi-space 4 MB, glibc's default arenas    348 MB (121 MB outside the heap)  load avg 13
 *   old space 192 MB, semi-space 4 MB, 2 arenas                  295 MB ( 72 MB)                  quiet
 *   old space 192 MB, semi-space 4 MB, 2 arenas                  304 MB                           load avg 15
 *   old space 176 MB, semi-space 2 MB, 2 arenas                  302 MB → 263 MB 10 s later       load avg 7
 *   old space 160 MB, semi-space 2 MB, 2 arenas                  282 MB ( 87 MB)                  load avg 16
 * The live heap at the end is ≈ 112–118 MB (a heap snapshot: 40 MB of it is the source text of the loaded
 * server chunks and 34 MB their compiled code). The old-space limit must leave room above that for the largest
 * request: a JSON bank import at the 4 MB upload limit adds ≈ 17 MB (8 MB: ≈ 35 MB); YAML is decoded off
 * this heap (lib/server/authoring/read-bundle.ts).
 * @see https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib
 * @see https://nodejs.org/api/cli.html#--max-semi-space-sizesize-in-mib
 * @see https://www.gnu.org/software/libc/manual/html_node/Memory-Allocation-Tunables.html (glibc.malloc.arena_max)
 */

/** The defaults, in MiB. */
export const SERVER_HEAP = { maxOldSpaceMiB: 160, maxSemiSpaceMiB: 2 } as const;

/** The node flags for the server process: the defaults NODE_OPTIONS does not set itself. */
export function serverHeapFlags(nodeOptions: string | undefined = process.env.NODE_OPTIONS): string[] {
  const given = nodeOptions ?? '';
  const sets = (name: string) => new RegExp(`(^|\\s)--${name}[=\\s]`).test(`${given} `);
  return [
    ...(sets('max-old-space-size') ? [] : [`--max-old-space-size=${SERVER_HEAP.maxOldSpaceMiB}`]),
    ...(sets('max-semi-space-size') ? [] : [`--max-semi-space-size=${SERVER_HEAP.maxSemiSpaceMiB}`]),
  ];
}

/** glibc's malloc arena cap for the server process (see above), unless the environment sets its own. */
export const SERVER_MALLOC_ARENA_MAX = '2';

/** The environment to spawn the server with: `env` plus the malloc arena cap when `env` has none. */
export function serverEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX?.trim() || SERVER_MALLOC_ARENA_MAX };
}
