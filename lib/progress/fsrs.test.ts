import { describe, expect, it } from 'vitest';
import { formatInterval, fromCard, newSchedule, previewIntervals, rate, toCard } from './fsrs';

const now = new Date('2026-11-26T10:00:00Z');

describe('FSRS scheduling (ts-fsrs)', () => {
  it('round-trips a schedule through ts-fsrs Card', () => {
    const s = newSchedule(now);
    expect(fromCard(toCard(s))).toEqual(s);
  });

  it('previews longer intervals for better ratings, in whole days', () => {
    const p = previewIntervals(newSchedule(now), now);
    expect(p.map((x) => x.label)).toEqual(['Again', 'Hard', 'Good', 'Easy']);
    const days = p.map((x) => x.days);
    expect(days[0]).toBeGreaterThanOrEqual(1);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    expect(days[3]).toBeGreaterThan(days[0]!);
  });

  it('reschedules on a rating and logs the state before the review', () => {
    const s = newSchedule(now);
    const r = rate(s, 3, now);
    expect(r.next.reps).toBe(1);
    expect(r.next.due.getTime()).toBeGreaterThan(now.getTime());
    expect(r.next.lastReview).toEqual(now);
    expect(r.log).toMatchObject({ rating: 3, state: 0, reviewedAt: now });
    const again = rate(r.next, 1, r.next.due);
    expect(again.next.lapses).toBe(1);
  });

  it('formats intervals for the rating buttons', () => {
    expect([0, 1, 3, 20, 90, 400].map(formatInterval)).toEqual([
      'today',
      '1 day',
      '3 days',
      '3 weeks',
      '3 months',
      '1.1 years',
    ]);
  });
});
