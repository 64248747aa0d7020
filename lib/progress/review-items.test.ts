import { describe, expect, it } from 'vitest';
import {
  FIRST_REVIEW_DELAY_MS,
  itemsFromQuizItem,
  itemsFromTraceAttempt,
  latestPerKey,
  mergeDraft,
  parseFindings,
  titleOf,
  type ReviewItemDraft,
} from './review-items';

const at = new Date('2026-11-20T10:00:00Z');
const trace = (findings: unknown[]) => ({
  id: 'att1',
  scenarioId: '12-cloud-lb-ingress-nginx',
  scenarioTitle: 'Browser → LB → ingress-nginx',
  topic: 'ingress',
  requestId: 'main',
  level: 'coarse',
  createdAt: at,
  findings: parseFindings(findings),
});

describe('parseFindings', () => {
  it('reads the stored value, skipping malformed entries; text is not parsed (the codec reads columns)', () => {
    expect(parseFindings([{ code: 'extra', card: 'kube-proxy', message: 'm' }, { nope: 1 }])).toEqual([
      { code: 'extra', card: 'kube-proxy', message: 'm' },
    ]);
    expect(parseFindings('[{"code":"extra","card":"kube-proxy"}]')).toEqual([]);
    expect(parseFindings({ code: 'x' })).toEqual([]);
  });
});

describe('itemsFromTraceAttempt (findings → review items)', () => {
  it('makes one SCENARIO_HOP item per missed, misplaced, wrong or extra card, keyed by scenario and card', () => {
    const items = itemsFromTraceAttempt(
      trace([
        { code: 'correct', card: 'Pod@pod/shop/a', message: 'ok' },
        {
          code: 'extra',
          card: 'kube-proxy@kube-proxy/node-1',
          message: 'kube-proxy is not on this leg (R7.8).',
          rule: 'R7.8',
          misconception: 'E1',
        },
        { code: 'missing', card: 'Node@node/node-2', message: 'Missing node-2' },
        { code: 'out_of_order', card: 'Ingress@ingress/shop/shop', message: 'moved' },
        { code: 'wrong_object', card: 'Pod@pod/shop/b', message: 'wrong pod' },
        { code: 'seed_simplification', card: 'Service', message: 'accepted' },
      ]),
    );
    expect(items.map((i) => [i.kind, i.key])).toEqual([
      ['SCENARIO_HOP', '12-cloud-lb-ingress-nginx:kube-proxy@kube-proxy/node-1'],
      ['SCENARIO_HOP', '12-cloud-lb-ingress-nginx:Node@node/node-2'],
      ['SCENARIO_HOP', '12-cloud-lb-ingress-nginx:Ingress@ingress/shop/shop'],
      ['SCENARIO_HOP', '12-cloud-lb-ingress-nginx:Pod@pod/shop/b'],
    ]);
    expect(items[0]).toMatchObject({
      sourceId: 'att1',
      sourceAt: at,
      payload: {
        kind: 'SCENARIO_HOP',
        scenarioId: '12-cloud-lb-ingress-nginx',
        card: 'kube-proxy@kube-proxy/node-1',
        code: 'extra',
        rule: 'R7.8',
        misconception: 'E1',
        level: 'coarse',
        requestId: 'main',
        sourceAt: at.toISOString(),
      },
    });
  });

  it('turns a wrong outcome into one outcome item and counts a repeated card once', () => {
    const items = itemsFromTraceAttempt(
      trace([
        { code: 'wrong_disposition', card: 'outcome:DROPPED', message: 'Outcome is REFUSED' },
        { code: 'extra', card: 'DNS', message: 'a' },
        { code: 'extra', card: 'DNS', message: 'b' },
      ]),
    );
    expect(items.map((i) => i.key)).toEqual([
      '12-cloud-lb-ingress-nginx:outcome',
      '12-cloud-lb-ingress-nginx:DNS',
    ]);
  });

  it('makes nothing for a perfect attempt', () => {
    expect(itemsFromTraceAttempt(trace([{ code: 'correct', card: 'Pod', message: '' }]))).toEqual([]);
  });
});

describe('itemsFromQuizItem', () => {
  const base = {
    attemptId: 'q1',
    questionId: 'dns-ndots',
    type: 'single',
    topic: 'dns',
    prompt: '**Which** resolver\nsecond line',
    score: 0,
    selfRating: null,
    ticked: [],
    rubric: [],
    at,
  };

  it('makes a QUESTION item for a wrong or partly wrong answer, keyed by the question id', () => {
    expect(itemsFromQuizItem(base)).toEqual([
      {
        kind: 'QUESTION',
        key: 'dns-ndots',
        sourceId: 'q1',
        sourceAt: at,
        payload: {
          kind: 'QUESTION',
          questionId: 'dns-ndots',
          topic: 'dns',
          title: 'Which resolver',
          score: 0,
          sourceAt: at.toISOString(),
        },
      },
    ]);
    expect(itemsFromQuizItem({ ...base, score: 0.5 })).toHaveLength(1);
  });

  it('makes nothing for a right or ungraded answer', () => {
    expect(itemsFromQuizItem({ ...base, score: 1 })).toEqual([]);
    expect(itemsFromQuizItem({ ...base, score: null })).toEqual([]);
  });

  it('makes one INTERVIEW_POINT item per rubric point not ticked, once the answer is rated', () => {
    const q = {
      ...base,
      questionId: 'iq',
      type: 'interview',
      rubric: ['DNS first', 'DNAT on the client node', 'Pod IP'],
      ticked: [1],
      selfRating: 2,
      score: 1 / 3,
    };
    const items = itemsFromQuizItem(q);
    expect(items.map((i) => i.key)).toEqual(['iq#0', 'iq#2']);
    expect(items[1]?.payload).toMatchObject({ kind: 'INTERVIEW_POINT', rubricIndex: 2, point: 'Pod IP' });
    expect(itemsFromQuizItem({ ...q, selfRating: null })).toEqual([]);
  });
});

describe('titleOf', () => {
  it('keeps the first non-empty line without Markdown marks, at most 120 characters', () => {
    expect(titleOf('\n# `kube-proxy` *runs*\nmore')).toBe('kube-proxy runs');
    expect(titleOf('x'.repeat(200))).toHaveLength(118);
  });
});

describe('mergeDraft', () => {
  const draft = (sourceAt: Date): ReviewItemDraft => ({
    kind: 'QUESTION',
    key: 'k',
    sourceId: 's',
    sourceAt,
    payload: {
      kind: 'QUESTION',
      questionId: 'k',
      topic: 'dns',
      title: 't',
      score: 0,
      sourceAt: sourceAt.toISOString(),
    },
  });

  it('creates a new item due one day after the mistake', () => {
    expect(mergeDraft(undefined, draft(at))).toEqual({
      type: 'create',
      due: new Date(at.getTime() + FIRST_REVIEW_DELAY_MS),
    });
  });

  it('is idempotent: the mistake already recorded changes nothing', () => {
    const d = draft(at);
    expect(
      mergeDraft({ key: 'k', due: new Date('2026-12-20'), lastReview: null, payload: d.payload }, d),
    ).toEqual({ type: 'none' });
  });

  it('makes the item due again after a newer mistake, never later than it already was', () => {
    const old = draft(at);
    const later = new Date('2026-11-25T10:00:00Z');
    expect(
      mergeDraft(
        { key: 'k', due: new Date('2026-12-20'), lastReview: new Date('2026-11-22'), payload: old.payload },
        draft(later),
      ),
    ).toEqual({ type: 'bump', due: new Date(later.getTime() + FIRST_REVIEW_DELAY_MS) });
    expect(
      mergeDraft(
        { key: 'k', due: new Date('2026-11-24'), lastReview: null, payload: old.payload },
        draft(later),
      ),
    ).toEqual({ type: 'bump', due: new Date('2026-11-24') });
  });

  it('ignores a mistake made before the last review', () => {
    expect(
      mergeDraft(
        { key: 'k', due: new Date('2026-12-20'), lastReview: new Date('2026-11-26'), payload: null },
        draft(at),
      ),
    ).toEqual({ type: 'none' });
  });
});

describe('latestPerKey', () => {
  it('keeps the newest draft of each key', () => {
    const mk = (key: string, d: string): ReviewItemDraft => ({
      kind: 'QUESTION',
      key,
      sourceId: d,
      sourceAt: new Date(d),
      payload: { kind: 'QUESTION', questionId: key, topic: 't', title: '', score: 0, sourceAt: d },
    });
    expect(
      latestPerKey([
        mk('a', '2026-11-01'),
        mk('a', '2026-11-03'),
        mk('b', '2026-11-02'),
        mk('a', '2026-11-02'),
      ]).map((d) => [d.key, d.sourceId]),
    ).toEqual([
      ['a', '2026-11-03'],
      ['b', '2026-11-02'],
    ]);
  });
});
