import { describe, expect, it } from 'vitest';
import { computeStreak } from './streak';

const now = new Date('2026-11-26T09:00:00Z');
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 10, 26 + d, h));

describe('computeStreak', () => {
  it('counts consecutive active days ending today', () => {
    expect(computeStreak([day(0), day(-1), day(-1, 3), day(-2), day(-5)], now)).toEqual({
      current: 3,
      longest: 3,
      activeToday: true,
      activeDays: 4,
    });
  });

  it('keeps the streak alive until today ends when yesterday was active', () => {
    expect(computeStreak([day(-1), day(-2)], now)).toMatchObject({ current: 2, activeToday: false });
  });

  it('is broken after a missed day but remembers the longest run', () => {
    expect(computeStreak([day(-2), day(-3), day(-4), day(-5)], now)).toMatchObject({
      current: 0,
      longest: 4,
    });
  });

  it('is zero without activity and ignores the future', () => {
    expect(computeStreak([], now)).toEqual({ current: 0, longest: 0, activeToday: false, activeDays: 0 });
    expect(computeStreak([day(2)], now).current).toBe(0);
  });
});
