/**
 * The troubleshooting exercise cache stays within its byte bound (a real shipped exercise, the real loader): a
 * flood of versions evicts the least recently used instead of growing the heap, and a version used recently is
 * still served from the cache.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledExercise, EXERCISE_CACHE_MAX_BYTES, exerciseCacheStats } from './service';

const FILE = readFileSync(
  path.resolve(import.meta.dirname, '../../../content/troubleshooting/selector-label-mismatch.yaml'),
  'utf8',
);

describe('compiled-exercise cache', () => {
  it('serves a version from the cache and evicts the least recently used beyond its byte bound', () => {
    // The exercise padded with a comment to ≈ 60 KB, so about a dozen versions fit (the byte bound, not the
    // count of 256, binds).
    const yaml = `${FILE}\n# ${'x'.repeat(60_000)}\n`;
    const fits = Math.floor(EXERCISE_CACHE_MAX_BYTES / (yaml.length * 12));
    expect(fits).toBeGreaterThan(5);
    expect(fits).toBeLessThan(20);
    const first = compiledExercise('v0', yaml);
    expect(compiledExercise('v0', yaml)).toBe(first);
    const early = compiledExercise('v1', yaml);
    for (let i = 2; i < fits + 10; i++) {
      compiledExercise(`v${i}`, yaml);
      if (i % 3 === 0) expect(compiledExercise('v0', yaml)).toBe(first);
    }
    const stats = exerciseCacheStats();
    expect(stats.bytes).toBeLessThanOrEqual(EXERCISE_CACHE_MAX_BYTES);
    expect(stats.entries).toBe(fits);
    // v0 was used recently and stays; v1 was used once, early, so it was evicted and loads afresh.
    expect(compiledExercise('v0', yaml)).toBe(first);
    const v1 = compiledExercise('v1', yaml);
    expect(v1).not.toBe(early);
    expect(v1.doc).toEqual(early.doc);
  });

  it('throws, and caches nothing, for a version that does not load', () => {
    const before = exerciseCacheStats().entries;
    expect(() => compiledExercise('broken', 'kind: [')).toThrow(
      /troubleshooting version broken does not load/,
    );
    expect(exerciseCacheStats().entries).toBe(before);
  });
});
