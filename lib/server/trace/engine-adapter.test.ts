/**
 * The engine adapter's caches stay within their byte bounds (real scenario C1, real engine and grader): a flood of
 * distinct answers or of scenario versions evicts the least recently used entries instead of growing the heap,
 * and a repeated answer or version is still served from the cache.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cacheStats,
  clearCompiledCache,
  COMPILED_CACHE_MAX_BYTES,
  compiledScenario,
  GRADE_MEMO_MAX_BYTES,
  gradeAnswer,
} from './engine-adapter';

const C1 = readFileSync(path.resolve(import.meta.dirname, '../../scenario/__fixtures__/c1.yaml'), 'utf8');

beforeEach(() => clearCompiledCache());

describe('graded-answer memo', () => {
  it('returns the same result for the same answer, and stays under its byte bound with many distinct answers', () => {
    const c = compiledScenario('v1', C1);
    const cards = c.paletteOf('main', 'coarse').map((card) => card.id);
    expect(cards.length).toBeGreaterThan(3);
    const first = gradeAnswer(c, 'main', 'coarse', { cards: cards.slice(0, 3) });
    expect(gradeAnswer(c, 'main', 'coarse', { cards: cards.slice(0, 3) })).toBe(first);

    // Distinct answers: every ordered pair and triple of palette cards, until the memo must have evicted.
    let graded = 1;
    outer: for (const a of cards)
      for (const b of cards)
        for (const d of cards) {
          gradeAnswer(c, 'main', 'coarse', { cards: [a, b, d] });
          graded++;
          if (graded > 3000) break outer;
        }
    const { graded: memo } = cacheStats();
    expect(memo.bytes).toBeLessThanOrEqual(GRADE_MEMO_MAX_BYTES);
    expect(memo.entries).toBeLessThan(graded);
    expect(memo.bytes).toBeGreaterThan(GRADE_MEMO_MAX_BYTES / 2);
    // The first answer was evicted long ago: grading it again gives an equal, new result.
    const again = gradeAnswer(c, 'main', 'coarse', { cards: cards.slice(0, 3) });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

describe('compiled-scenario cache', () => {
  it('keeps recently used versions and evicts the least recently used beyond its byte bound', () => {
    // C1 padded with a comment to ≈ 100 KB, so about 27 versions fit (the byte bound, not the count, binds).
    const yaml = `${C1}\n# ${'x'.repeat(90_000)}\n`;
    const fits = Math.floor(COMPILED_CACHE_MAX_BYTES / (yaml.length * 12));
    expect(fits).toBeLessThan(40);
    const first = compiledScenario('v0', yaml);
    const early = compiledScenario('v1', yaml);
    for (let i = 2; i < fits + 10; i++) {
      compiledScenario(`v${i}`, yaml);
      if (i % 5 === 0) expect(compiledScenario('v0', yaml)).toBe(first);
    }
    const { compiled } = cacheStats();
    expect(compiled.bytes).toBeLessThanOrEqual(COMPILED_CACHE_MAX_BYTES);
    expect(compiled.entries).toBe(fits);
    // v0 was used recently and stays; v1 was used once, early, so it was evicted and compiles afresh.
    expect(compiledScenario('v0', yaml)).toBe(first);
    const v1 = compiledScenario('v1', yaml);
    expect(v1).not.toBe(early);
    expect(v1.traceOf('main')).toEqual(early.traceOf('main'));
  });
});
