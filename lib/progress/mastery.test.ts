import { describe, expect, it } from 'vitest';
import {
  confidenceOf,
  HALF_LIFE_DAYS,
  isSkillTag,
  masteryBand,
  masteryBy,
  masteryByTag,
  masteryByTopic,
  recencyWeight,
  weakest,
  type Evidence,
} from './mastery';

const now = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const ev = (
  value: number,
  d: number,
  topic = 'dns',
  source: Evidence['source'] = 'quiz',
  tags: string[] = [],
): Evidence => ({ source, value, at: daysAgo(d), topic, tags });

describe('recencyWeight', () => {
  it('is 1 for evidence from now and halves every half-life', () => {
    expect(recencyWeight(now, now)).toBe(1);
    expect(recencyWeight(daysAgo(HALF_LIFE_DAYS), now)).toBeCloseTo(0.5, 10);
    expect(recencyWeight(daysAgo(2 * HALF_LIFE_DAYS), now)).toBeCloseTo(0.25, 10);
  });

  it('treats evidence from the future as fresh', () => {
    expect(recencyWeight(daysAgo(-3), now)).toBe(1);
  });
});

describe('confidenceOf', () => {
  it('is 0 without evidence, 0.5 at three fresh answers and approaches 1', () => {
    expect(confidenceOf(0)).toBe(0);
    expect(confidenceOf(3)).toBe(0.5);
    expect(confidenceOf(300)).toBeGreaterThan(0.99);
  });
});

describe('masteryBy', () => {
  it('is the plain mean when all evidence is equally recent', () => {
    const [m] = masteryByTopic([ev(1, 0), ev(0, 0), ev(0.5, 0)], now);
    expect(m?.mastery).toBeCloseTo(0.5, 10);
    expect(m?.count).toBe(3);
  });

  it('weights recent evidence more: a fresh right answer outweighs an old wrong one', () => {
    const [m] = masteryByTopic([ev(0, 28), ev(1, 0)], now);
    // weights 0.25 and 1 → (0·0.25 + 1·1) / 1.25
    expect(m?.mastery).toBeCloseTo(0.8, 10);
    expect(m?.effective).toBeCloseTo(1.25, 10);
  });

  it('counts a piece of evidence once per key, by source, and keeps the latest date', () => {
    const out = masteryBy(
      [ev(1, 3, 'ingress', 'trace', ['a', 'a', 'b']), ev(0.5, 1, 'ingress', 'interview', ['b'])],
      (e) => e.tags ?? [],
      now,
    );
    expect(out.map((m) => [m.key, m.count])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(out[1]?.bySource).toEqual({ quiz: 0, trace: 1, interview: 1 });
    expect(out[1]?.lastAt).toEqual(daysAgo(1));
  });

  it('clamps values to [0, 1] and ignores NaN as 0', () => {
    const [m] = masteryByTopic([ev(7, 0), ev(Number.NaN, 0)], now);
    expect(m?.mastery).toBe(0.5);
  });

  it('returns nothing for no evidence', () => {
    expect(masteryByTopic([], now)).toEqual([]);
  });

  it('does not mutate its input', () => {
    const input = [ev(1, 0, 'dns', 'quiz', ['x'])];
    const copy = structuredClone(input);
    masteryByTopic(input, now);
    expect(input).toEqual(copy);
  });
});

describe('masteryByTag', () => {
  it('leaves out provenance tags and tags with too little evidence', () => {
    const e = [
      ev(1, 0, 'dns', 'quiz', ['ndots', 'seed', 'ref-S22', 'misconception-1']),
      ev(0, 0, 'dns', 'quiz', ['ndots']),
      ev(1, 0, 'dns', 'quiz', ['ndots', 'once']),
    ];
    expect(masteryByTag(e, now).map((m) => m.key)).toEqual(['ndots']);
    expect(isSkillTag('seed-interview')).toBe(false);
    expect(isSkillTag('externalTrafficPolicy')).toBe(true);
  });
});

describe('masteryBand and weakest', () => {
  it('names the bands at 80/60/40', () => {
    expect([0.8, 0.79, 0.6, 0.4, 0.39].map(masteryBand)).toEqual([
      'strong',
      'solid',
      'solid',
      'shaky',
      'weak',
    ]);
  });

  it('picks the lowest mastery among topics with enough confidence', () => {
    const entries = masteryByTopic(
      [
        ev(0, 0, 'a'),
        ev(0, 0, 'a'),
        ev(0.5, 0, 'b'),
        ev(0.5, 0, 'b'),
        ev(0, 0, 'c'),
        ev(1, 0, 'd'),
        ev(1, 0, 'd'),
      ],
      now,
    );
    // c has one answer only (confidence 0.25 → kept at the default threshold), d is strong
    expect(weakest(entries, 2).map((m) => m.key)).toEqual(['a', 'c']);
    expect(weakest(entries, 3, 0.4).map((m) => m.key)).toEqual(['a', 'b']);
  });
});
