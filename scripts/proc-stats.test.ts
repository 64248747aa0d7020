/**
 * What the load scripts read about the server process: the RSS and its parts from /proc, and the JS heap from a
 * real node's --trace-gc output.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lastFullGc, rssMB, rssPartsMB } from './proc-stats.mts';

describe('proc-stats', () => {
  it('splits the RSS into anonymous memory and mapped files that add up to it', () => {
    const rss = rssMB(process.pid);
    const parts = rssPartsMB(process.pid);
    expect(rss).not.toBeNull();
    expect(parts).not.toBeNull();
    expect(parts!.anon).toBeGreaterThan(10);
    expect(parts!.file).toBeGreaterThan(1);
    // Read a moment apart, so allow a little drift.
    expect(Math.abs(parts!.anon + parts!.file - rss!)).toBeLessThan(rss! * 0.1);
    expect(rssPartsMB(undefined)).toBeNull();
  });

  it("reads the JS heap after the last full GC from a real node's --trace-gc output", () => {
    const out = execFileSync(process.execPath, [
      '--trace-gc',
      '--expose-gc',
      '-e',
      'global.keep = Array.from({ length: 200000 }, (_, i) => ({ i })); global.gc(); global.keep = null; global.gc()',
    ]).toString();
    const gc = lastFullGc(out);
    expect(gc).not.toBeNull();
    expect(gc!.usedMB).toBeGreaterThan(0);
    expect(gc!.usedMB).toBeLessThanOrEqual(gc!.committedMB);
    // The last of the two full GCs ran after the array was dropped: less is used than after the first.
    const all = [...out.matchAll(/Mark-Compact[^\n]*?-> ([\d.]+) \(/g)].map((m) => Number(m[1]));
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(gc!.usedMB).toBe(all.at(-1));
    expect(gc!.usedMB).toBeLessThan(all.at(-2)!);
    expect(lastFullGc('no gc here')).toBeNull();
  });
});
