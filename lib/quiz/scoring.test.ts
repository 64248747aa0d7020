import { describe, expect, it } from 'vitest';
import type { Question } from './bank-schema';
import {
  checkResponse,
  correctResponse,
  isAnswered,
  longestIncreasingRun,
  responseSchema,
  scoreResponse,
} from './scoring';

const base = {
  topic: 'nodeport-lb' as const,
  difficulty: 1 as const,
  tags: [],
  prompt: 'p',
  explanation: 'e',
  source: { title: 't', url: 'https://kubernetes.io/docs/concepts/services-networking/service/' },
  rules: ['R4.1'],
};
const single: Question = {
  ...base,
  id: 's',
  type: 'single',
  options: [
    { id: 'a', text: 'A' },
    { id: 'b', text: 'B' },
  ],
  answer: 'b',
};
const multiple: Question = {
  ...base,
  id: 'm',
  type: 'multiple',
  options: [
    { id: 'a', text: 'A' },
    { id: 'b', text: 'B' },
    { id: 'c', text: 'C' },
    { id: 'd', text: 'D' },
  ],
  answer: ['a', 'c'],
};
const ordering: Question = {
  ...base,
  id: 'o',
  type: 'ordering',
  items: [
    { id: 'w', text: 'W' },
    { id: 'x', text: 'X' },
    { id: 'y', text: 'Y' },
    { id: 'z', text: 'Z' },
  ],
  answer: ['w', 'x', 'y', 'z'],
};
const short: Question = { ...base, id: 'sh', type: 'short', answer: ['30000-32767'] };
const tf: Question = { ...base, id: 'tf', type: 'truefalse', answer: false };
const interview: Question = {
  ...base,
  id: 'i',
  type: 'interview',
  modelAnswer: 'm',
  rubric: ['one', 'two', 'three', 'four'],
};

describe('scoreResponse', () => {
  it('scores single choice all or nothing', () => {
    expect(scoreResponse(single, { type: 'single', choice: 'b' })).toBe(1);
    expect(scoreResponse(single, { type: 'single', choice: 'a' })).toBe(0);
  });

  it.each([
    [['a', 'c'], 1],
    [['a'], 0.5],
    [['a', 'b'], 0],
    [['a', 'c', 'd'], 0.5],
    [['a', 'b', 'c', 'd'], 0],
    [['b', 'd'], 0],
  ])('gives multiple choice %j a partial credit of %d', (choices, expected) => {
    expect(scoreResponse(multiple, { type: 'multiple', choices })).toBe(expected);
  });

  it.each([
    [['w', 'x', 'y', 'z'], 1],
    [['x', 'w', 'y', 'z'], 0.75],
    [['z', 'y', 'x', 'w'], 0.25],
    [['w', 'y', 'x', 'z'], 0.75],
  ])('gives ordering %j a credit of %d', (order, expected) => {
    expect(scoreResponse(ordering, { type: 'ordering', order })).toBe(expected);
  });

  it.each(['30000-32767', '30000–32767', ' 30000 — 32767 '.replace(/ /g, ''), '30000-32767 '])(
    'accepts the short answer %j after normalisation',
    (text) => expect(scoreResponse(short, { type: 'short', text })).toBe(1),
  );

  it('rejects a wrong short answer', () => {
    expect(scoreResponse(short, { type: 'short', text: '30000-32768' })).toBe(0);
  });

  it("scores true/false and an interview's ticked rubric share", () => {
    expect(scoreResponse(tf, { type: 'truefalse', value: false })).toBe(1);
    expect(scoreResponse(tf, { type: 'truefalse', value: true })).toBe(0);
    expect(scoreResponse(interview, { type: 'interview', text: 'x', ticked: [0, 2, 2] })).toBe(0.5);
  });

  it('scores a missing or mismatched response 0', () => {
    expect(scoreResponse(single, null)).toBe(0);
    expect(scoreResponse(single, { type: 'truefalse', value: true })).toBe(0);
  });

  it('gives full marks to the correct response of every type', () => {
    for (const q of [single, multiple, ordering, short, tf, interview])
      expect(scoreResponse(q, correctResponse(q))).toBe(1);
  });
});

describe('checkResponse', () => {
  it('refuses option ids the question does not have', () => {
    expect(checkResponse(single, { type: 'single', choice: 'z' })).toEqual({
      ok: false,
      message: 'Option "z" does not exist in this question.',
    });
    expect(checkResponse(multiple, { type: 'multiple', choices: ['a', 'a'] }).ok).toBe(false);
    expect(checkResponse(ordering, { type: 'ordering', order: ['w', 'x'] }).ok).toBe(false);
    expect(checkResponse(interview, { type: 'interview', text: '', ticked: [4] }).ok).toBe(false);
  });

  it('refuses an answer of another type', () => {
    const r = checkResponse(single, { type: 'short', text: 'x' });
    expect(r.ok).toBe(false);
  });

  it('accepts well-formed answers', () => {
    expect(checkResponse(ordering, { type: 'ordering', order: ['z', 'y', 'x', 'w'] })).toEqual({ ok: true });
  });
});

describe('responseSchema', () => {
  it('rejects unknown fields and oversized text', () => {
    expect(responseSchema.safeParse({ type: 'single', choice: 'a', extra: 1 }).success).toBe(false);
    expect(responseSchema.safeParse({ type: 'short', text: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('isAnswered', () => {
  it('treats empty text and empty selections as unanswered', () => {
    expect(isAnswered({ type: 'short', text: '  ' })).toBe(false);
    expect(isAnswered({ type: 'multiple', choices: [] })).toBe(false);
    expect(isAnswered({ type: 'truefalse', value: false })).toBe(true);
  });
});

describe('longestIncreasingRun', () => {
  it('finds the longest strictly increasing subsequence', () => {
    expect(longestIncreasingRun([3, 1, 2, 0, 4])).toBe(3);
    expect(longestIncreasingRun([])).toBe(0);
  });
});
