import { describe, expect, it } from 'vitest';
import { TOPIC_SLUGS } from '@/lib/quiz/bank-schema';
import { attemptIdSchema, positionSchema, rateSchema, startQuizSchema } from './quiz';

describe('startQuizSchema', () => {
  it('reads repeated checkbox values and coerces numbers', () => {
    const r = startQuizSchema.safeParse({
      mode: 'EXAM',
      topics: ['dns', 'ingress'],
      difficulties: ['1', '3'],
      count: '15',
      minutes: '20',
    });
    expect(r.success && r.data).toEqual({
      mode: 'EXAM',
      topics: ['dns', 'ingress'],
      difficulties: [1, 3],
      count: 15,
      minutes: 20,
    });
  });

  it('accepts every topic of the bank at once (the picker can tick them all)', () => {
    const r = startQuizSchema.safeParse({
      mode: 'EXAM',
      topics: [...TOPIC_SLUGS],
      count: '10',
    });
    expect(r.success && r.data.topics).toEqual([...TOPIC_SLUGS]);
    expect(TOPIC_SLUGS.length).toBeGreaterThan(13);
  });

  it.each([
    [{ mode: 'EXAM' }, 'count'],
    [{ mode: 'CHEAT', count: '5' }, 'mode'],
    [{ mode: 'EXAM', count: '500' }, 'count'],
    [{ mode: 'EXAM', count: '5', topics: ['not-a-topic'] }, 'topics'],
    [{ mode: 'EXAM', count: '5', minutes: '0' }, 'minutes'],
    [{ mode: 'EXAM', count: '5', extra: 'x' }, ''],
  ])('refuses %j (field %s)', (input, field) => {
    const r = startQuizSchema.safeParse({ topics: [], difficulties: [], ...input });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(
        r.error.issues.some(
          (i) => (i.path[0] ?? '') === field || (field === '' && i.code === 'unrecognized_keys'),
        ),
      ).toBe(true);
  });
});

describe('ids and positions', () => {
  it('accepts cuids and 0-based positions only', () => {
    expect(attemptIdSchema.safeParse('cmbxyz1234567890abcdefgh').success).toBe(true);
    expect(attemptIdSchema.safeParse('../../etc').success).toBe(false);
    expect(positionSchema.safeParse('3').success).toBe(true);
    expect(positionSchema.safeParse('-1').success).toBe(false);
    expect(positionSchema.safeParse('1.5').success).toBe(false);
  });

  it('bounds the self-rating', () => {
    expect(
      rateSchema.safeParse({ attemptId: 'cmbxyz1234567890abcdefgh', position: 0, ticked: [0], selfRating: 5 })
        .success,
    ).toBe(false);
  });
});
