import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Level, TracePath, TraceSet } from '../engine/types';
import s03 from './__fixtures__/s03-pod-same-node.json';
import s04 from './__fixtures__/s04-pod-cross-node.json';
import s06 from './__fixtures__/s06-clusterip.json';
import s10 from './__fixtures__/s10-no-endpoints.json';
import s19 from './__fixtures__/s19-lb-ip-targets.json';
import s22 from './__fixtures__/s22-ingress.json';
import s32 from './__fixtures__/s32-headless.json';
import {
  cardIdForHop,
  cardIdsForPath,
  cardsFor,
  normalizeCardId,
  resolveCardShorthand,
  validCards,
} from './cards';
import { distractors, MAX_DISTRACTORS, MIN_DISTRACTORS } from './distractors';
import { editDistance, grade, hint, type Finding, type GradeResult } from './grade';
import { gradingSequence, project, type GradingHop } from './levels';

const FIX: Record<string, TraceSet> = {
  s03: s03 as unknown as TraceSet,
  s04: s04 as unknown as TraceSet,
  s06: s06 as unknown as TraceSet,
  s10: s10 as unknown as TraceSet,
  s19: s19 as unknown as TraceSet,
  s22: s22 as unknown as TraceSet,
  s32: s32 as unknown as TraceSet,
};
const LEVELS: Level[] = ['textbook', 'coarse', 'wire'];

function fx(name: string): TraceSet {
  return structuredClone(FIX[name]!);
}
function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
const keys = (p: TracePath, level: Level): string[] =>
  project(p, level).map((h) => (h.optional ? `[${h.key}]` : h.key));
/** Compact findings for snapshots: `code@index/expectedIndex card [misconception rule]`. */
const compact = (r: GradeResult): string[] =>
  r.findings.map(
    (f: Finding) =>
      `${f.code}@${f.index ?? '-'}/${f.expectedIndex ?? '-'} ${f.card}${f.misconception ? ` {${f.misconception}}` : ''}${f.rule ? ` (${f.rule})` : ''}`,
  );

const C = {
  web: 'Container@container/shop/frontend-1/web',
  fe: 'Pod@pod/shop/frontend-1',
  cni1: 'CNI@cni/node-1',
  cni2: 'CNI@cni/node-2',
  vx12: 'CNI@cni/node-1->node-2/vxlan',
  n1: 'Node@node/node-1',
  n2: 'Node@node/node-2',
  svc: 'Service@service/shop/backend',
  kp1: 'kube-proxy@kube-proxy/node-1',
  kp2: 'kube-proxy@kube-proxy/node-2',
  b1: 'Pod@pod/shop/backend-1',
  b2: 'Pod@pod/shop/backend-2',
  api1: 'Container@container/shop/backend-1/api',
  api2: 'Container@container/shop/backend-2/api',
  client: 'Client@client/browser',
  lb: 'Cloud LB@cloudlb/ingress-nginx/ingress-nginx-controller',
  ingSvc: 'Service@service/ingress-nginx/ingress-nginx-controller',
  ingPod: 'Pod@pod/ingress-nginx/ingress-nginx-controller-7d9',
  ing: 'Ingress@ingress/shop/shop',
};

// -------------------------------------------------------------------------------------------------------------
describe('levels: project', () => {
  it('coarse merges consecutive duplicates; wire keeps every hop with its rewrite signature', () => {
    const p = fx('s06').paths[1]!; // backend-2 on node-2
    expect(keys(p, 'coarse')).toEqual([
      C.web,
      C.fe,
      C.cni1,
      C.n1,
      C.svc,
      C.kp1,
      C.vx12,
      C.n2,
      C.cni2,
      C.b2,
      C.api2,
    ]);
    const wire = project(p, 'wire');
    expect(wire).toHaveLength(p.hops.length);
    expect(wire[5]!.key).toBe('kube-proxy@kube-proxy/node-1#DNAT 10.96.120.15:80→10.244.2.8:9090');
    expect(wire[5]!.label).toBe('kube-proxy(node-1) [DNAT 10.96.120.15:80→10.244.2.8:9090]');
    expect(wire[6]!.key).toBe('CNI@cni/node-1->node-2/vxlan#ENCAP 192.168.1.10→192.168.1.11');
  });

  it('merges CNI@cni/node-2, CNI@cni/node-2 into one coarse hop carrying both hop ids', () => {
    const p = fx('s22').paths[1]!; // backend-2, local to the controller's node
    const merged = structuredClone(p);
    merged.hops.splice(9, 0, { ...merged.hops[9]!, id: 'hX' }); // a second CNI@cni/node-2 right after
    const coarse = project(merged, 'coarse');
    const cni = coarse.filter((h) => h.key === C.cni2);
    expect(cni).toHaveLength(2); // one before the controller Pod, one after the Ingress
    expect(cni[1]!.hopIds).toEqual(['hX', 'h10']);
  });

  it.each([
    ['s06', 0, ['Container', 'Pod', 'Service', 'kube-proxy', 'Pod', 'Container']],
    ['s10', 0, ['Container', 'Pod', 'Service', 'kube-proxy']],
    [
      's22',
      0,
      ['Client', 'Cloud LB', 'Node', 'Service', 'kube-proxy', 'Ingress', '[Service]', 'Pod', 'Container'],
    ],
    ['s04', 0, ['Container', 'Pod', 'CNI', 'Node', 'Pod', 'Container']],
    ['s03', 0, ['Container', 'Pod', 'CNI', 'Pod', 'Container']],
    ['s19', 0, ['Client', 'Cloud LB', '[Node]', '[CNI]', 'Pod', 'Container']],
    ['s32', 0, ['Container', 'Pod', 'CNI', 'Node', 'Pod', 'Container']],
  ] as const)('textbook projection of %s path %i', (name, i, want) => {
    expect(keys(fx(name).paths[i]!, 'textbook')).toEqual(want);
  });

  it("the textbook grading sequence tolerates detail hops and the seed's simplifications", () => {
    const seq = gradingSequence(fx('s22').paths[0]!, 'textbook');
    const show = (h: GradingHop) =>
      h.tolerance ? `${h.key}:${h.tolerance}` : h.optional ? `[${h.key}]` : h.key;
    expect(seq.map(show)).toEqual([
      'Client',
      'Cloud LB',
      'Node:seed-omit',
      'Service:seed-omit',
      'kube-proxy:seed-omit',
      'CNI:detail',
      'Pod:detail',
      'Ingress',
      '[Service]',
      'kube-proxy:seed-insert',
      'CNI:detail',
      'Node:detail',
      'CNI:detail',
      'Node:detail',
      'CNI:detail',
      'Pod',
      'Container',
    ]);
  });

  it('keeps the verdict on the last hop of a failed path and does not mutate the path', () => {
    const ts = deepFreeze(fx('s10'));
    for (const level of LEVELS)
      expect(project(ts.paths[0]!, level).at(-1)!.verdict?.disposition).toBe('REFUSED');
  });
});

// -------------------------------------------------------------------------------------------------------------
describe('cards', () => {
  it.each([
    ['textbook', 'kube-proxy'],
    ['coarse', 'kube-proxy@kube-proxy/node-1'],
    ['wire', 'kube-proxy@kube-proxy/node-1#DNAT 10.96.120.15:80→10.244.1.7:9090'],
  ] as const)("maps the engine's kube-proxy hop to a card id at %s level", (level, id) => {
    const hop = fx('s06').paths[0]!.hops[5]!;
    expect(cardIdForHop(hop, level)).toBe(id);
  });

  it('maps every hop of every fixture path to a card that is in the palette', () => {
    for (const [, ts] of Object.entries(FIX)) {
      for (const level of LEVELS) {
        const palette = new Set(cardsFor(ts, level).map((c) => c.id));
        for (const p of ts.paths)
          for (const id of cardIdsForPath(p, level)) expect(palette.has(id)).toBe(true);
      }
    }
  });

  it('palette = distinct cards of ALL paths + distractors, hash-ordered, independent of path order', () => {
    const ts = fx('s06');
    const palette = cardsFor(ts, 'coarse');
    const ids = palette.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const b of [C.b1, C.b2, 'Pod@pod/shop/backend-3']) expect(ids).toContain(b);
    const reversed = { ...ts, paths: [...ts.paths].reverse() };
    expect(cardsFor(reversed, 'coarse')).toEqual(palette);
    expect(palette.map((c) => c.id)).not.toEqual(cardIdsForPath(ts.paths[0]!, 'coarse'));
  });

  it('distractor cards have exactly the shape of valid cards', () => {
    for (const level of LEVELS) {
      const shape = (o: object) => Object.keys(o).sort().join(',');
      const valid = new Set(validCards(fx('s22'), level).map(shape));
      for (const d of distractors(fx('s22'), undefined, level)) expect(valid.has(shape(d.card))).toBe(true);
    }
  });

  it('normalises ids across levels and resolves Layer(name) shorthands', () => {
    expect(normalizeCardId('kube-proxy@kube-proxy/node-1#DNAT x', 'coarse')).toBe(
      'kube-proxy@kube-proxy/node-1',
    );
    expect(normalizeCardId('kube-proxy@kube-proxy/node-1', 'textbook')).toBe('kube-proxy');
    const palette = cardsFor(fx('s06'), 'coarse');
    expect(resolveCardShorthand('Pod(backend-2)', palette)).toBe(C.b2);
    expect(resolveCardShorthand('kube-proxy(node-1)', palette)).toBe(C.kp1);
    expect(resolveCardShorthand('Service', palette)).toBe(C.svc);
    expect(resolveCardShorthand('CNI', palette)).toBeUndefined(); // ambiguous
  });
});

// -------------------------------------------------------------------------------------------------------------
describe('distractors', () => {
  it('are 2–5, deterministic, carry metadata, and never coincide with a card of any valid path', () => {
    for (const [name, ts] of Object.entries(FIX)) {
      for (const level of LEVELS) {
        const ds = distractors(ts, undefined, level);
        expect(ds.length, `${name} ${level}`).toBeGreaterThanOrEqual(MIN_DISTRACTORS);
        expect(ds.length).toBeLessThanOrEqual(MAX_DISTRACTORS);
        expect(distractors(ts, undefined, level)).toEqual(ds);
        const valid = new Set(
          ts.paths.flatMap((p) =>
            gradingSequence(p, level).flatMap((h) => [h.key, `${h.layer}@${h.object}`]),
          ),
        );
        for (const d of ds) {
          expect(valid.has(d.card.id)).toBe(false);
          expect(d.misconception).toBeTruthy();
          expect(d.explanation.length).toBeGreaterThan(20);
          expect(d.rule).toBeTruthy();
        }
      }
    }
  });

  it.each([
    [
      's22',
      'coarse',
      [
        'kube-proxy@kube-proxy/node-1 E1',
        'kube-proxy@kube-proxy/node-3 E1',
        'DNS@dns/coredns public-name-coredns',
        'API Gateway@apigw/api-gateway api-gateway-after-ingress',
        'Pod@pod/kube-system/kube-proxy E2',
      ],
    ],
    [
      's22',
      'textbook',
      ['DNS public-name-coredns', 'API Gateway api-gateway-after-ingress', 'External seed-stack-order'],
    ],
    [
      's06',
      'coarse',
      [
        'kube-proxy@kube-proxy/node-2 E2',
        'kube-proxy@kube-proxy/node-3 E2',
        'Pod@pod/kube-system/kube-proxy E2',
      ],
    ],
    [
      's19',
      'coarse',
      [
        'Service@service/shop/frontend-lb E3',
        'kube-proxy@kube-proxy/node-1 E3',
        'kube-proxy@kube-proxy/node-3 E3',
        'DNS@dns/coredns public-name-coredns',
      ],
    ],
    ['s32', 'coarse', ['Service@service/shop/db E10', 'kube-proxy@kube-proxy/node-1 E10']],
    [
      's03',
      'textbook',
      [
        'kube-proxy service-for-pod-ip',
        'Service service-for-pod-ip',
        'Node encap-same-node',
        'Ingress seed-stack-order',
        'Cloud LB seed-stack-order',
      ],
    ],
  ] as const)('catalogue for %s at %s', (name, level, want) => {
    expect(distractors(fx(name), undefined, level).map((d) => `${d.card.id} ${d.misconception}`)).toEqual(
      want,
    );
  });

  it('uses the model to name another node for the same-node encapsulation distractor', () => {
    const ds = distractors(
      fx('s03'),
      { nodeNames: ['node-1', 'node-2', 'node-3'], services: new Map(), ingresses: new Map() },
      'coarse',
    );
    expect(ds.map((d) => d.card.id)).toContain('Node@node/node-2');
  });
});

// -------------------------------------------------------------------------------------------------------------
describe('grade', () => {
  it('every valid path scores 1 at every level, on every fixture', () => {
    for (const [name, ts] of Object.entries(FIX)) {
      for (const level of LEVELS) {
        for (const p of ts.paths) {
          const r = grade(ts, { cards: cardIdsForPath(p, level), disposition: p.disposition }, level, {
            askDisposition: true,
          });
          expect(r.score, `${name} ${level} ${p.id}`).toBe(1);
          expect(r.findings.every((f) => f.code === 'correct')).toBe(true);
        }
      }
    }
  });

  it("S06 coarse: kube-proxy on the backend's node is wrong_object (E2), a wrong outcome costs 20 %", () => {
    const ts = fx('s06');
    const cards = [C.web, C.fe, C.cni1, C.n1, C.svc, C.kp2, C.vx12, C.n2, C.cni2, C.b2, C.api2];
    const r = grade(ts, { cards, disposition: 'REFUSED' }, 'coarse', { askDisposition: true });
    expect(r.closestPathId).toBe('p2');
    expect(r.editDistance).toBe(2);
    expect(r.requiredLength).toBe(11);
    expect(r.pathScore).toBeCloseTo(9 / 11, 10);
    expect(r.score).toBeCloseTo(0.8 * (9 / 11), 10);
    expect(r.dispositionCorrect).toBe(false);
    expect(compact(r)).toMatchInlineSnapshot(`
      [
        "correct@0/0 Container@container/shop/frontend-1/web",
        "correct@1/1 Pod@pod/shop/frontend-1",
        "correct@2/2 CNI@cni/node-1",
        "correct@3/3 Node@node/node-1",
        "correct@4/4 Service@service/shop/backend",
        "wrong_object@5/5 kube-proxy@kube-proxy/node-2 {E2} (R3.2)",
        "correct@6/6 CNI@cni/node-1->node-2/vxlan",
        "correct@7/7 Node@node/node-2",
        "correct@8/8 CNI@cni/node-2",
        "correct@9/9 Pod@pod/shop/backend-2",
        "correct@10/10 Container@container/shop/backend-2/api",
        "wrong_disposition@-/- outcome:REFUSED",
      ]
    `);
  });

  it('S06 coarse: a moved Service hop is out_of_order, not missing + extra (and costs 2 edits)', () => {
    const cards = [C.web, C.fe, C.cni1, C.svc, C.n1, C.kp1, C.cni1, C.b1, C.api1];
    const r = grade(fx('s06'), { cards }, 'coarse');
    expect(r.editDistance).toBe(2);
    expect(r.score).toBeCloseTo(7 / 9, 10);
    expect(compact(r).filter((f) => !f.startsWith('correct'))).toEqual([
      'out_of_order@3/4 Service@service/shop/backend (R3.2)',
    ]);
  });

  it('S22 coarse: the optional logical Service hop is free either way; kube-proxy after the Ingress is E1', () => {
    const ts = fx('s22');
    const full = cardIdsForPath(ts.paths[1]!, 'coarse');
    const without = full.filter((c) => c !== C.svc);
    expect(grade(ts, { cards: full }, 'coarse').score).toBe(1);
    expect(grade(ts, { cards: without }, 'coarse').score).toBe(1);
    const e1 = [...full];
    e1.splice(full.indexOf(C.svc) + 1, 0, 'kube-proxy@kube-proxy/node-1');
    const r = grade(ts, { cards: e1 }, 'coarse');
    const extra = r.findings.filter((f) => f.code !== 'correct');
    expect(extra).toHaveLength(1);
    expect(extra[0]).toMatchObject({
      code: 'extra',
      index: 9,
      card: 'kube-proxy@kube-proxy/node-1',
      misconception: 'E1',
      rule: 'R7.8',
      severity: 'error',
    });
    expect(extra[0]!.message).toContain('sends to Pod IPs directly');
    expect(r.score).toBeCloseTo((r.requiredLength - 1) / r.requiredLength, 10);
  });

  it('S22 coarse: the full findings list of the seed-style answer (no NodePort leg, kube-proxy after the Ingress)', () => {
    const cards = [C.client, C.lb, C.ingPod, C.ing, C.svc, C.kp2, C.b2, C.api2];
    const r = grade(fx('s22'), { cards }, 'coarse');
    expect(compact(r)).toMatchInlineSnapshot(`
      [
        "correct@0/0 Client@client/browser",
        "correct@1/1 Cloud LB@cloudlb/ingress-nginx/ingress-nginx-controller",
        "missing@-/2 Node@node/node-2 {E3} (R5.2)",
        "missing@-/3 Service@service/ingress-nginx/ingress-nginx-controller {E3} (R5.2)",
        "missing@-/4 kube-proxy@kube-proxy/node-2 {E3} (R5.2)",
        "missing@-/5 CNI@cni/node-2 (R2.2)",
        "correct@2/6 Pod@pod/ingress-nginx/ingress-nginx-controller-7d9",
        "correct@3/7 Ingress@ingress/shop/shop",
        "correct@4/8 Service@service/shop/backend",
        "extra@5/- kube-proxy@kube-proxy/node-2 {E1} (R7.8)",
        "missing@-/9 CNI@cni/node-2 (R2.2)",
        "correct@6/10 Pod@pod/shop/backend-2",
        "correct@7/11 Container@container/shop/backend-2/api",
      ]
    `);
    expect(r.editDistance).toBe(6);
    expect(r.score).toBeCloseTo(5 / 11, 10);
  });

  it("S22 textbook: the seed's own flow earns full credit with seed_simplification findings", () => {
    const r = grade(
      fx('s22'),
      { cards: ['Client', 'Cloud LB', 'Ingress', 'Service', 'kube-proxy', 'Pod', 'Container'] },
      'textbook',
    );
    expect(r.score).toBe(1);
    expect(compact(r)).toMatchInlineSnapshot(`
      [
        "correct@0/0 Client",
        "correct@1/1 Cloud LB",
        "seed_simplification@-/2 Node {seed-lb-to-ingress} (R5.2)",
        "correct@2/5 Ingress",
        "correct@3/6 Service",
        "seed_simplification@4/- kube-proxy {seed-ingress-service-kube-proxy} (R7.8)",
        "correct@5/7 Pod",
        "correct@6/8 Container",
      ]
    `);
    const seeds = r.findings.filter((f) => f.code === 'seed_simplification');
    expect(seeds[0]!.message).toContain('NodePort on node-2');
    expect(seeds[1]!.message).toContain('straight to the Pod IP 10.244.1.7');
    expect(seeds.every((f) => f.severity === 'info')).toBe(true);
  });

  it("textbook: the seed's Q10 flow for S22 and extra CNI/Node detail are accepted", () => {
    const ts = fx('s22');
    const q10 = ['Client', 'Cloud LB', 'Ingress', 'Service', 'kube-proxy', 'Pod', 'Container'];
    expect(grade(ts, { cards: q10 }, 'textbook').score).toBe(1);
    const detailed = [
      'Container',
      'Pod',
      'CNI',
      'Node',
      'Service',
      'kube-proxy',
      'CNI',
      'Node',
      'CNI',
      'Pod',
      'Container',
    ];
    expect(grade(fx('s06'), { cards: detailed }, 'textbook').score).toBe(1);
    expect(
      grade(fx('s04'), { cards: ['Container', 'Pod', 'CNI', 'Node', 'CNI', 'Pod', 'Container'] }, 'textbook')
        .score,
    ).toBe(1); // seed Q9
  });

  it('S10: the failing path, with the outcome asked', () => {
    const ts = fx('s10');
    const ok = grade(
      ts,
      { cards: ['Container', 'Pod', 'Service', 'kube-proxy'], disposition: 'REFUSED' },
      'textbook',
      { askDisposition: true },
    );
    expect(ok.score).toBe(1);
    const wrong = grade(
      ts,
      { cards: [C.web, C.fe, C.cni1, C.n1, C.svc, C.kp1, C.cni1, C.b1, C.api1], disposition: 'DROPPED' },
      'coarse',
      { askDisposition: true },
    );
    expect(compact(wrong)).toMatchInlineSnapshot(`
      [
        "correct@0/0 Container@container/shop/frontend-1/web",
        "correct@1/1 Pod@pod/shop/frontend-1",
        "correct@2/2 CNI@cni/node-1",
        "correct@3/3 Node@node/node-1",
        "correct@4/4 Service@service/shop/backend",
        "correct@5/5 kube-proxy@kube-proxy/node-1",
        "extra@6/- CNI@cni/node-1",
        "extra@7/- Pod@pod/shop/backend-1",
        "extra@8/- Container@container/shop/backend-1/api",
        "wrong_disposition@-/- outcome:DROPPED {E6} (R3.11)",
      ]
    `);
    expect(wrong.pathScore).toBeCloseTo(3 / 6, 10);
    expect(wrong.score).toBeCloseTo(0.8 * 0.5, 10);
    expect(wrong.findings.at(-1)!.message).toContain('REJECT');
  });

  it('reports every position: duplicates merge but each original index gets a finding', () => {
    const cards = [C.web, C.fe, C.cni1, C.cni1, C.n1, C.svc, C.kp1, C.cni1, C.b1, C.api1];
    const r = grade(fx('s06'), { cards }, 'coarse');
    expect(r.score).toBe(1);
    const indexed = r.findings.filter((f) => f.index !== undefined).map((f) => f.index);
    expect(indexed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.findings[3]!.message).toContain('consecutive duplicates count once');
  });

  it('names distractors, headless and pod-IP misconceptions in extra findings', () => {
    const headless = grade(
      fx('s32'),
      { cards: ['Container', 'Pod', 'Service', 'kube-proxy', 'CNI', 'Node', 'Pod', 'Container'] },
      'textbook',
    );
    expect(headless.findings.filter((f) => f.code === 'extra').map((f) => f.misconception)).toEqual([
      'E10',
      'E10',
    ]);
    const ip = grade(
      fx('s19'),
      {
        cards: [
          C.client,
          'Cloud LB@cloudlb/shop/frontend-lb',
          'Service@service/shop/frontend-lb',
          'kube-proxy@kube-proxy/node-1',
          'Pod@pod/shop/frontend-1',
          'Container@container/shop/frontend-1/web',
        ],
      },
      'coarse',
    );
    expect(
      ip.findings.filter((f) => f.code === 'extra').map((f) => `${f.card} ${f.misconception} ${f.rule}`),
    ).toEqual(['Service@service/shop/frontend-lb E3 R5.3', 'kube-proxy@kube-proxy/node-1 E3 R5.3']);
  });

  it('is pure: same result twice, inputs frozen, answer unchanged', () => {
    const ts = deepFreeze(fx('s22'));
    const answer = deepFreeze({
      cards: [C.client, C.lb, C.ing, C.kp2, C.b1],
      disposition: 'DELIVERED' as const,
    });
    const r1 = grade(ts, answer, 'coarse', { askDisposition: true });
    const r2 = grade(ts, answer, 'coarse', { askDisposition: true });
    expect(r2).toEqual(r1);
  });

  it('handles an empty answer and a trace without paths', () => {
    const r = grade(fx('s06'), { cards: [] }, 'coarse');
    expect(r.score).toBe(0);
    expect(r.findings.filter((f) => f.code === 'missing')).toHaveLength(r.requiredLength);
    const none: TraceSet = {
      ...fx('s06'),
      paths: [],
      disposition: 'NXDOMAIN',
      reason: 'backend.web.svc.cluster.local: NXDOMAIN',
    };
    expect(
      grade(none, { cards: [], disposition: 'NXDOMAIN' }, 'coarse', { askDisposition: true }).score,
    ).toBe(1);
    expect(grade(none, { cards: [C.svc] }, 'coarse').score).toBe(0);
  });
});

// -------------------------------------------------------------------------------------------------------------
describe('hint', () => {
  it('gives the next correct hop, then names a misconception, then says complete', () => {
    const ts = fx('s22');
    expect(hint(ts, { cards: [C.client, C.lb] }, 'coarse')).toMatchObject({
      kind: 'next',
      card: C.n2,
      position: 2,
    });
    const withE1 = [...cardIdsForPath(ts.paths[1]!, 'coarse')];
    withE1.splice(withE1.indexOf(C.ing) + 1, 0, 'kube-proxy@kube-proxy/node-3');
    expect(hint(ts, { cards: withE1 }, 'coarse')).toMatchObject({
      kind: 'misconception',
      misconception: 'E1',
      card: 'kube-proxy@kube-proxy/node-3',
    });
    expect(hint(ts, { cards: cardIdsForPath(ts.paths[2]!, 'coarse') }, 'coarse')).toMatchObject({
      kind: 'complete',
    });
  });
});

// -------------------------------------------------------------------------------------------------------------
describe('edit distance and scores (properties)', () => {
  const names = Object.keys(FIX);
  const arbCase = fc
    .record({ name: fc.constantFrom(...names), level: fc.constantFrom<Level>(...LEVELS) })
    .chain(({ name, level }) => {
      const ts = FIX[name]!;
      const palette = cardsFor(ts, level).map((c) => c.id);
      return fc.record({
        name: fc.constant(name),
        level: fc.constant(level),
        cards: fc.array(fc.constantFrom(...palette), { maxLength: 18 }),
      });
    });

  it('score ∈ [0, 1], deterministic, and unchanged by the order of the alternatives', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 0, max: 1000 }), ({ name, level, cards }, seed) => {
        const ts = FIX[name]!;
        const r = grade(ts, { cards }, level);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(grade(ts, { cards }, level)).toEqual(r);
        const rotated = { ...ts, paths: ts.paths.map((_, i) => ts.paths[(i + seed) % ts.paths.length]!) };
        expect(grade(rotated, { cards }, level).score).toBe(r.score);
        // every answer position gets exactly one finding
        const idx = r.findings.filter((f) => f.index !== undefined).map((f) => f.index);
        expect(idx).toEqual(cards.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });

  it('an exact valid path scores 1; removing one required hop scores (n−1)/n', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom<Level>(...LEVELS),
        fc.nat(),
        fc.nat(),
        (name, level, pi, k) => {
          const ts = FIX[name]!;
          const path = ts.paths[pi % ts.paths.length]!;
          const proj = project(path, level);
          expect(grade(ts, { cards: proj.map((h) => h.key) }, level).score).toBe(1);
          const required = proj.map((h, i) => ({ h, i })).filter((x) => !x.h.optional);
          const drop = required[k % required.length]!.i;
          // dropping a hop between two equal cards merges them (§A4): a second edit, not covered here
          if (level !== 'wire' && drop > 0 && proj[drop - 1]?.key === proj[drop + 1]?.key) return;
          const cards = proj.filter((_, i) => i !== drop).map((h) => h.key);
          const r = grade(ts, { cards }, level);
          // the answer may match another alternative even better, never worse than this path
          expect(r.score).toBeGreaterThanOrEqual((required.length - 1) / required.length - 1e-12);
          expect(r.score).toBeLessThan(1 + 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('without optional hops the distance is the LCS distance |a| + |e| − 2·LCS', () => {
    const lcs = (a: string[], b: string[]): number => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
      return t[a.length]![b.length]!;
    };
    const alpha = fc.constantFrom('A', 'B', 'C', 'D');
    fc.assert(
      fc.property(fc.array(alpha, { maxLength: 12 }), fc.array(alpha, { maxLength: 12 }), (a, b) => {
        const e: GradingHop[] = b.map((k) => ({
          key: k,
          layer: 'Pod',
          label: k,
          optional: false,
          hopIds: [],
          rules: [],
        }));
        expect(editDistance(a, e)).toBe(a.length + b.length - 2 * lcs(a, b));
      }),
    );
  });
});
