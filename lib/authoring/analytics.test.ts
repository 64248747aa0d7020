import { describe, expect, it } from 'vitest';
import {
  DISCRIMINATION_FLAG,
  hopHeatMap,
  pearson,
  questionStatistics,
  upperLowerIndex,
  type ItemObservation,
} from './analytics';

describe('pearson', () => {
  it('is 1 for a perfect positive relation and -1 for a perfect negative one', () => {
    expect(pearson([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(1);
    expect(pearson([0, 1, 2, 3], [3, 2, 1, 0])).toBeCloseTo(-1);
  });

  it('is null without variance or with fewer than two pairs', () => {
    expect(pearson([1, 1, 1], [0, 1, 2])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
  });

  it('matches a hand-computed point-biserial', () => {
    // r_pb = (M1 − M0) / s · √(pq): M1 = 0.8, M0 = 0.3, p = q = 0.5, population sd of the rest scores = √0.0725
    const r = pearson([1, 1, 0, 0], [0.9, 0.7, 0.4, 0.2]);
    expect(r).toBeCloseTo(((0.8 - 0.3) / Math.sqrt(0.0725)) * 0.5, 6);
  });
});

describe('upperLowerIndex', () => {
  it("is the upper group's mean item score minus the lower group's", () => {
    const pairs = Array.from({ length: 10 }, (_, i) => ({
      rest: i / 10,
      item: i >= 7 ? 1 : i <= 2 ? 0 : 0.5,
    }));
    // 27 % of 10 → 3 per group: top three all 1, bottom three all 0.
    expect(upperLowerIndex(pairs)).toBe(1);
  });

  it('is null below four pairs', () => {
    expect(upperLowerIndex([{ rest: 0, item: 0 }])).toBeNull();
  });
});

/** n attempts of three questions: "good" tracks ability, "bad" is answered right by the weakest only. */
function cohort(n: number): ItemObservation[] {
  const out: ItemObservation[] = [];
  for (let i = 0; i < n; i++) {
    const strong = i >= n / 2;
    const a = `a${i}`;
    out.push({ attemptId: a, questionId: 'good', score: strong ? 1 : 0 });
    out.push({ attemptId: a, questionId: 'anchor', score: strong ? 1 : i % 3 === 0 ? 1 : 0 });
    out.push({ attemptId: a, questionId: 'filler', score: strong ? (i % 2 ? 1 : 0.5) : 0 });
    out.push({ attemptId: a, questionId: 'bad', score: strong ? 0 : 1 });
  }
  return out;
}

describe('questionStatistics', () => {
  it('counts attempts and the share scored 1', () => {
    const s = questionStatistics(cohort(10)).get('good')!;
    expect(s).toMatchObject({ attempts: 10, correct: 5, shareCorrect: 0.5, meanScore: 0.5 });
  });

  it('gives a question that tracks ability a high index and flags one that runs against it', () => {
    const stats = questionStatistics(cohort(20));
    expect(stats.get('good')!.discrimination).toBeGreaterThan(0.3);
    expect(stats.get('good')!.flagged).toBe(false);
    expect(stats.get('bad')!.discrimination).toBeLessThan(DISCRIMINATION_FLAG);
    expect(stats.get('bad')!.flagged).toBe(true);
    expect(stats.get('bad')!.upperLower).toBeLessThan(0);
  });

  it('leaves the index out with too few attempts', () => {
    const s = questionStatistics(cohort(4)).get('good')!;
    expect(s.discrimination).toBeNull();
    expect(s.flagged).toBe(false);
  });

  it('excludes the item from the total it is correlated with', () => {
    // Two attempts where the only other item is constant: rest scores do not vary → no index, even though
    // the item itself varies (an uncorrected item–total correlation would report 1).
    const obs: ItemObservation[] = [];
    for (let i = 0; i < 6; i++) {
      obs.push({ attemptId: `x${i}`, questionId: 'q', score: i % 2 });
      obs.push({ attemptId: `x${i}`, questionId: 'const', score: 1 });
    }
    expect(questionStatistics(obs).get('q')!.discrimination).toBeNull();
  });
});

describe('hopHeatMap', () => {
  it('counts mistakes per hop and code, ignoring correct hops and junk', () => {
    const map = hopHeatMap([
      [
        { code: 'missing', card: 'kube-proxy@node/node-1' },
        { code: 'extra', card: 'Ingress' },
        { code: 'correct', card: 'Pod@pod/shop/a' },
      ],
      [
        { code: 'missing', card: 'kube-proxy@node/node-1' },
        { code: 'out_of_order', card: 'kube-proxy@node/node-1' },
        'junk',
        { code: 'missing' },
      ],
      'not an array',
    ]);
    expect(map.attempts).toBe(3);
    expect(map.rows[0]).toEqual({
      card: 'kube-proxy@node/node-1',
      counts: { extra: 0, missing: 2, out_of_order: 1, wrong_object: 0 },
      total: 3,
      attempts: 2,
    });
    expect(map.rows[1]?.card).toBe('Ingress');
    expect(map.max).toBe(2);
  });
});
