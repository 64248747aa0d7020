import { describe, expect, it } from 'vitest';
import type { Question } from './bank-schema';
import { stableShuffle, toPublicQuestion } from './present';

const q: Question = {
  id: 'm',
  type: 'multiple',
  topic: 'ingress',
  difficulty: 2,
  tags: [],
  prompt: 'Which?',
  options: [
    { id: 'a', text: 'A' },
    { id: 'b', text: 'B' },
    { id: 'c', text: 'C' },
  ],
  answer: ['a', 'b'],
  explanation: 'secret explanation',
  source: { title: 't', url: 'https://kubernetes.io/docs/concepts/services-networking/ingress/' },
  rules: ['R7.4'],
};

describe('toPublicQuestion', () => {
  it('carries nothing that reveals the answer', () => {
    const p = toPublicQuestion(q, ['c', 'a', 'b']);
    const json = JSON.stringify(p);
    expect(json).not.toContain('secret explanation');
    expect(json).not.toContain('answer');
    expect(json).not.toContain('kubernetes.io');
    expect(p.options?.map((o) => o.id)).toEqual(['c', 'a', 'b']);
    expect(p.selectCount).toBe(2);
  });
});

describe('stableShuffle', () => {
  it('is stable for a seed and differs across seeds', () => {
    const xs = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(stableShuffle(xs, 'att1:q1')).toEqual(stableShuffle(xs, 'att1:q1'));
    const orders = new Set(Array.from({ length: 20 }, (_, i) => stableShuffle(xs, `att${i}:q1`).join('')));
    expect(orders.size).toBeGreaterThan(10);
  });

  it('never returns the order to avoid', () => {
    for (let i = 0; i < 200; i++) expect(stableShuffle(['x', 'y'], `s${i}`, ['x', 'y'])).toEqual(['y', 'x']);
  });

  it('keeps every element', () => {
    expect(stableShuffle([1, 2, 3, 4], 's').sort()).toEqual([1, 2, 3, 4]);
  });
});
