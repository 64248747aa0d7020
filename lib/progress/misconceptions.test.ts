import { describe, expect, it } from 'vitest';
import { MISCONCEPTIONS } from '../grader';
import {
  MISCONCEPTION_TEXT,
  misconceptionEventsFromQuestion,
  misconceptionEventsFromTrace,
  misconceptionFromTag,
  misconceptionInfo,
  scenarioTagFor,
  topMisconceptions,
} from './misconceptions';

const d = (day: number) => new Date(Date.UTC(2026, 10, day));

describe('misconception catalogue', () => {
  it('has plain-words text for every misconception the grader can name', () => {
    for (const m of Object.values(MISCONCEPTIONS)) expect(MISCONCEPTION_TEXT[m.id], m.id).toBeDefined();
  });

  it('maps ids to the scenario and question tags', () => {
    expect(scenarioTagFor('E1')).toBe('misconception-1');
    expect(scenarioTagFor('readiness-direct')).toBe('misconception-readiness-direct');
    expect(misconceptionFromTag('misconception-10')).toBe('E10');
    expect(misconceptionFromTag('misconception-readiness-direct')).toBeUndefined();
    expect(misconceptionInfo('E1')).toMatchObject({
      rule: 'R7.8',
      scenarioTag: 'misconception-1',
      habit: expect.stringContaining('after the ingress controller'),
    });
    expect(misconceptionInfo('nope')).toBeUndefined();
  });
});

describe('misconception events', () => {
  it('counts a misconception once per trace attempt, and only for mistakes', () => {
    const ev = misconceptionEventsFromTrace('t1', d(1), 's1', [
      { code: 'extra', card: 'a', message: 'first', misconception: 'E1' },
      { code: 'extra', card: 'b', message: 'again', misconception: 'E1' },
      { code: 'seed_simplification', card: 'c', message: 'accepted', misconception: 'seed-stack-order' },
      { code: 'missing', card: 'd', message: 'no id' },
    ]);
    expect(ev).toEqual([
      { id: 'E1', sourceId: 't1', sourceKind: 'trace', at: d(1), message: 'first', scenarioId: 's1' },
    ]);
  });

  it('reads a wrong answer to a question tagged misconception-N as E<N>', () => {
    expect(
      misconceptionEventsFromQuestion('q', d(2), ['ingress', 'misconception-1', 'misconception-1'], 0).map(
        (e) => e.id,
      ),
    ).toEqual(['E1']);
    expect(misconceptionEventsFromQuestion('q', d(2), ['misconception-1'], 1)).toEqual([]);
  });
});

describe('topMisconceptions', () => {
  it('ranks by count, then recency, with the latest grader message as the example', () => {
    const events = [
      ...misconceptionEventsFromTrace('t1', d(1), 's', [
        { code: 'extra', card: 'a', message: 'old', misconception: 'E1' },
      ]),
      ...misconceptionEventsFromTrace('t2', d(5), 's', [
        { code: 'extra', card: 'a', message: 'new', misconception: 'E1' },
      ]),
      ...misconceptionEventsFromQuestion('q1', d(3), ['misconception-1'], 0),
      ...misconceptionEventsFromTrace('t3', d(6), 's', [
        { code: 'extra', card: 'a', message: 'x', misconception: 'E8' },
      ]),
      ...misconceptionEventsFromTrace('t4', d(4), 's', [
        { code: 'extra', card: 'a', message: 'y', misconception: 'E9' },
      ]),
      { id: 'unknown', sourceId: 'z', sourceKind: 'trace' as const, at: d(9) },
    ];
    const top = topMisconceptions(events);
    expect(top.map((m) => [m.id, m.count])).toEqual([
      ['E1', 3],
      ['E8', 1],
      ['E9', 1],
    ]);
    expect(top[0]).toMatchObject({ fromTraces: 2, fromQuestions: 1, example: 'new', lastAt: d(5) });
  });
});
