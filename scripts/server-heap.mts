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
 * @see https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib
 * @see https://nodejs.org/api/cli.html#--max-semi-space-sizesize-in-mib
 */

/** The defaults, in MiB. */
export const SERVER_HEAP = { maxOldSpaceMiB: 192, maxSemiSpaceMiB: 4 } as const;

/** The node flags for the server process: the defaults NODE_OPTIONS does not set itself. */
export function serverHeapFlags(nodeOptions: string | undefined = process.env.NODE_OPTIONS): string[] {
  const given = nodeOptions ?? '';
  const sets = (name: string) => new RegExp(`(^|\\s)--${name}[=\\s]`).test(`${given} `);
  return [
    ...(sets('max-old-space-size') ? [] : [`--max-old-space-size=${SERVER_HEAP.maxOldSpaceMiB}`]),
    ...(sets('max-semi-space-size') ? [] : [`--max-semi-space-size=${SERVER_HEAP.maxSemiSpaceMiB}`]),
  ];
}
