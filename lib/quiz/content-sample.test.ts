import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatForReview, sampleQuestions, seededRandom } from './content-sample';
import { loadBank } from '../server/quiz/load-bank';

const bank = loadBank(join(__dirname, '..', '..', 'content', 'questions'));

describe('content sample', () => {
  it('the PRNG is deterministic per seed and in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });

  it('draws n distinct questions, the same for the same seed whatever the file order', () => {
    const s1 = sampleQuestions(bank.questions, { seed: 42, n: 10 }).map((q) => q.id);
    expect(s1).toHaveLength(10);
    expect(new Set(s1).size).toBe(10);
    const reversed = [...bank.questions].reverse();
    expect(sampleQuestions(reversed, { seed: 42, n: 10 }).map((q) => q.id)).toEqual(s1);
    expect(sampleQuestions(bank.questions, { seed: 7, n: 10 }).map((q) => q.id)).not.toEqual(s1);
  });

  it('filters by topic and type and never draws more than the pool', () => {
    const dns = sampleQuestions(bank.questions, { seed: 1, n: 1000, topic: 'dns' });
    expect(dns.length).toBe(bank.questions.filter((q) => q.topic === 'dns').length);
    expect(dns.every((q) => q.topic === 'dns')).toBe(true);
    const iv = sampleQuestions(bank.questions, { seed: 1, n: 3, type: 'interview' });
    expect(iv.every((q) => q.type === 'interview')).toBe(true);
  });

  it('prints the key, every distractor, the explanation and the source', () => {
    const q = bank.questions.find((x) => x.type === 'single')!;
    if (q.type !== 'single') throw new Error('unreachable');
    const text = formatForReview(q, 0, 1);
    for (const o of q.options) expect(text).toContain(`${o.id === q.answer ? '✓' : '✗'} ${o.id}) ${o.text}`);
    expect(text).toContain(q.source.url);
    expect(text).toContain('EXPLANATION');
    const iv = bank.questions.find((x) => x.type === 'interview')!;
    if (iv.type !== 'interview') throw new Error('unreachable');
    expect(formatForReview(iv, 0, 1)).toContain(`□ ${iv.rubric[0]}`);
  });
});
