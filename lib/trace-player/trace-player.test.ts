/**
 * The pure helpers of the trace player (shared by the server and the browser): the mapping between the engine's hops and the palette cards (and of both
 * to the diagram), the answer lane, replay frames and outcomes. Table-driven over cluster C1 requests and the
 * shipped scenario library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace, type TraceSet } from '@/lib/engine';
import { cardIdsForPath, cardsFor, grade, project } from '@/lib/grader';
import { cardIdForHop } from '@/lib/grader/cards';
import { parseScenario, type ScenarioInput } from '@/lib/scenario';
import { anchorFor, buildDiagramGraph } from './graph';
import {
  addToLane,
  laneCards,
  matchCards,
  moveInLane,
  removeFromLane,
  stepDropIndex,
  type LaneItem,
} from './lane';
import { absolutePosition, layoutDiagram } from './layout';
import { buildClusterMap, mapBoxIds } from './map';
import { isDisposition, OUTCOME_OPTIONS, outcomeLabel, setOutcomeLabel } from './outcomes';
import { outerText, packetText, pathNodeIds, replayFrames } from './replay';
import { answerSchema } from '../validation/trace';
import c1Main from './__fixtures__/c1-main-trace.json';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const C1 = readFileSync(path.join(ROOT, 'lib/scenario/__fixtures__/c1.yaml'), 'utf8');

function load(text: string, file: string): ScenarioInput {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(`${file}: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.input;
}

const c1 = load(C1, 'c1.yaml');
const c1Model = buildModel(c1);
const LEVELS = ['textbook', 'coarse', 'wire'] as const;

const SCENARIO_DIR = path.join(ROOT, 'content/scenarios');
const library: { file: string; input: ScenarioInput }[] = (() => {
  try {
    return readdirSync(SCENARIO_DIR)
      .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'))
      .sort()
      .map((f) => ({ file: f, input: load(readFileSync(path.join(SCENARIO_DIR, f), 'utf8'), f) }));
  } catch {
    return [];
  }
})();

describe('hop → card mapping', () => {
  it.each(LEVELS)('every hop of every valid path of C1 maps to a palette card at %s level', (level) => {
    for (const req of c1.scenario.spec.requests) {
      const t = trace(c1Model, req.id);
      const palette = new Set(cardsFor(t, level, c1Model).map((c) => c.id));
      for (const p of t.paths)
        for (const id of cardIdsForPath(p, level))
          expect(palette.has(id), `${req.id} ${p.id} ${id}`).toBe(true);
    }
  });

  it('a card id depends only on what the card shows (layer, object, rewrites), never on the path', () => {
    const t = c1Main as unknown as TraceSet;
    const hop = t.paths[0]!.hops[4]!;
    expect(cardIdForHop(hop, 'textbook')).toBe(hop.layer);
    expect(cardIdForHop(hop, 'coarse')).toBe(`${hop.layer}@${hop.at}`);
    expect(cardIdForHop({ ...hop, id: 'h99' }, 'coarse')).toBe(cardIdForHop(hop, 'coarse'));
  });

  it('submitting the projection of any valid path scores 1 (the palette can express every valid answer)', () => {
    for (const { file, input } of library.length > 0 ? library : [{ file: 'c1.yaml', input: c1 }]) {
      const model = buildModel(input);
      const t = trace(model);
      const level = input.scenario.spec.level;
      for (const p of t.paths) {
        const r = grade(
          t,
          { cards: project(p, level).map((h) => h.key), disposition: p.disposition },
          level,
          { askDisposition: input.scenario.spec.askDisposition, model },
        );
        expect(r.score, `${file} ${p.id}`).toBe(1);
      }
    }
  });

  it('every card with an object has a place on the diagram (the player highlights it on hover)', () => {
    for (const { file, input } of library.length > 0 ? library : [{ file: 'c1.yaml', input: c1 }]) {
      const model = buildModel(input);
      const t = trace(model);
      const graph = buildDiagramGraph(input);
      const palette = cardsFor(t, input.scenario.spec.level, model);
      const valid = new Set(t.paths.flatMap((p) => cardIdsForPath(p, input.scenario.spec.level)));
      for (const c of palette)
        if (c.object !== undefined && valid.has(c.id))
          expect(anchorFor(graph, c.object), `${file} ${c.id}`).toBeDefined();
    }
  });
});

describe('buildDiagramGraph', () => {
  const g = buildDiagramGraph(c1);

  it('draws nodes holding their Pods holding their containers, with object-reference ids', () => {
    const pod = g.nodes.find((n) => n.id === 'pod/shop/frontend-1');
    expect(pod).toMatchObject({ kind: 'pod', parentId: 'node/node-1', detail: '10.244.1.5' });
    expect(g.nodes.find((n) => n.id === 'container/shop/frontend-1/web')).toMatchObject({
      kind: 'container',
      parentId: 'pod/shop/frontend-1',
    });
    expect(g.nodes.find((n) => n.id === 'service/shop/backend')?.detail).toContain('10.96.120.15');
  });

  it('draws the cloud LB, the Ingress controller and CoreDNS', () => {
    const kinds = new Set(g.nodes.map((n) => n.kind));
    for (const k of ['cloudlb', 'ingress', 'dns', 'service', 'node', 'pod', 'container'] as const)
      expect(kinds.has(k), k).toBe(true);
  });

  it('draws the external client of the traced request', () => {
    const gb = buildDiagramGraph(c1, { requestId: 'browser' });
    expect(gb.nodes.find((n) => n.kind === 'client')).toMatchObject({
      id: 'client/browser',
      detail: '198.51.100.7',
    });
  });

  it('joins a Service to the Pods it selects (configuration, not the trace)', () => {
    expect(g.edges.map((e) => e.id)).toEqual(
      expect.arrayContaining([
        'service/shop/backend->pod/shop/backend-1',
        'service/shop/backend->pod/shop/backend-3',
      ]),
    );
  });
});

describe('anchorFor', () => {
  const g = buildDiagramGraph(c1, { requestId: 'browser' });
  it.each([
    ['pod/shop/backend-2', 'pod/shop/backend-2'],
    ['container/shop/backend-2/api', 'container/shop/backend-2/api'],
    ['container/shop/backend-2/ghost', 'pod/shop/backend-2'],
    ['kube-proxy/node-2', 'node/node-2'],
    ['cni/node-1', 'node/node-1'],
    ['cni/node-1->node-2/vxlan', 'node/node-1'],
    ['ingress/shop/shop', 'ingress/nginx'],
    ['cloudlb/ingress-nginx/ingress-nginx-controller', 'cloudlb/ingress-nginx/ingress-nginx-controller'],
    ['client/browser', 'client/browser'],
    ['dns/coredns', 'dns/coredns'],
  ])('places %s on %s', (ref, box) => {
    expect(anchorFor(g, ref)).toBe(box);
  });

  it('places nothing for an object the diagram does not know', () => {
    expect(anchorFor(g, 'service/nowhere/ghost')).toBeUndefined();
  });
});

describe('layoutDiagram', () => {
  const laid = layoutDiagram(buildDiagramGraph(c1));

  it('gives every box a size and keeps Pods inside their node', () => {
    for (const n of laid.nodes) expect(n.width * n.height, n.id).toBeGreaterThan(0);
    const node = laid.nodes.find((n) => n.id === 'node/node-1')!;
    for (const p of laid.nodes.filter((n) => n.parentId === 'node/node-1')) {
      expect(p.x + p.width).toBeLessThanOrEqual(node.width);
      expect(p.y + p.height).toBeLessThanOrEqual(node.height);
    }
  });

  it('does not overlap top-level boxes', () => {
    const tops = laid.nodes.filter((n) => !n.parentId);
    for (const a of tops)
      for (const b of tops) {
        if (a === b) continue;
        const overlap =
          a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} / ${b.id}`).toBe(false);
      }
  });

  it('is deterministic and does not mutate its input', () => {
    const g = buildDiagramGraph(c1);
    const copy = structuredClone(g);
    expect(layoutDiagram(g)).toEqual(layoutDiagram(g));
    expect(g).toEqual(copy);
  });

  it('computes absolute positions through the parents', () => {
    const c = absolutePosition(laid, 'container/shop/frontend-1/web')!;
    const node = laid.nodes.find((n) => n.id === 'node/node-1')!;
    expect(c.x).toBeGreaterThan(node.x);
    expect(c.y).toBeGreaterThan(node.y);
  });
});

describe('buildClusterMap', () => {
  const g = buildDiagramGraph(c1);

  it('puts every object in exactly one place, in the tier a request meets it', () => {
    const tiers = buildClusterMap(g);
    expect(mapBoxIds(tiers).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(tiers.map((t) => t.id)).toEqual(
      ['outside', 'proxies', 'services', 'nodes'].filter((id) => tiers.some((t) => t.id === id)),
    );
    const nodes = tiers.find((t) => t.id === 'nodes')!;
    expect(nodes.shown.every((b) => b.node.kind === 'node' || b.node.kind === 'pod')).toBe(true);
    const node1 = nodes.shown.find((b) => b.node.id === 'node/node-1')!;
    expect(node1.children.map((c) => c.node.id)).toContain('pod/shop/frontend-1');
    expect(tiers.find((t) => t.id === 'services')!.shown.some((b) => b.node.kind === 'service')).toBe(true);
    // Nothing folded without a focus.
    for (const t of tiers) expect(t.folded).toEqual([]);
  });

  it('shows the objects in focus (and what holds them) and folds the rest, per tier and per node', () => {
    const focus = new Set(['container/shop/frontend-1/web']);
    const tiers = buildClusterMap(g, focus);
    expect(mapBoxIds(tiers).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    const nodes = tiers.find((t) => t.id === 'nodes')!;
    expect(nodes.shown.map((b) => b.node.id)).toEqual(['node/node-1']);
    const node1 = nodes.shown[0]!;
    expect(node1.children.map((c) => c.node.id)).toEqual(['pod/shop/frontend-1']);
    expect(node1.folded.length).toBeGreaterThan(0);
    // A shown Pod keeps all its containers.
    const pod = g.nodes.filter((n) => n.parentId === 'pod/shop/frontend-1').map((n) => n.id);
    expect(node1.children[0]!.children.map((c) => c.node.id)).toEqual(pod);
    for (const t of tiers.filter((t) => t.id !== 'nodes')) expect(t.shown).toEqual([]);
  });

  it('lists configuration relationships as text on the box they leave', () => {
    const tiers = buildClusterMap(g);
    const svc = tiers.flatMap((t) => t.shown).find((b) => b.node.kind === 'service' && b.to.length > 0);
    expect(svc).toBeDefined();
    const targets = g.edges.filter((e) => e.source === svc!.node.id).map((e) => e.target);
    expect(svc!.to.length).toBe(new Set(targets.map((t) => g.nodes.find((n) => n.id === t)!.label)).size);
  });

  it.each(library.map((l) => [l.file, l.input] as const))(
    '%s: every object of the scenario is on the map once',
    (_file, input) => {
      const graph = buildDiagramGraph(input);
      const ids = mapBoxIds(buildClusterMap(graph));
      expect(ids.sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    },
  );
});

describe('replayFrames', () => {
  const t = c1Main as unknown as TraceSet;
  const g = buildDiagramGraph(c1);
  const frames = replayFrames(t.paths[1]!, g);

  it('has one frame per hop, each placed on the diagram', () => {
    expect(frames).toHaveLength(t.paths[1]!.hops.length);
    for (const f of frames) expect(f.nodeId, f.at).toBeDefined();
  });

  it('shows the DNAT where kube-proxy rewrites the ClusterIP', () => {
    const dnat = frames.find((f) => f.rewrites.some((r) => r.kind === 'DNAT'));
    expect(dnat?.rewrites[0]?.text).toMatch(/^DNAT 10\.96\.120\.15:80 → 10\.244\.2\.8:9090$/);
  });

  it('merges consecutive frames on the same box into one stop of the route', () => {
    const ids = pathNodeIds(frames);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1]);
  });

  it('writes packets and tunnel headers as one line', () => {
    expect(
      packetText({
        src: '10.244.1.5',
        srcPort: 'ephemeral',
        dst: '10.96.120.15',
        dstPort: 80,
        protocol: 'TCP',
      }),
    ).toBe('10.244.1.5:ephemeral → 10.96.120.15:80 TCP');
    expect(
      outerText({
        src: 'a',
        dst: 'b',
        protocol: 'TCP',
        outer: { src: '192.168.1.10', dst: '192.168.1.11', protocol: 'UDP', port: 8472, vni: 1 },
      }),
    ).toBe('VXLAN 192.168.1.10 → 192.168.1.11 UDP/8472 VNI 1');
  });
});

describe('answer lane', () => {
  const lane: LaneItem[] = [
    { uid: 'a', cardId: 'Pod' },
    { uid: 'b', cardId: 'Service' },
    { uid: 'c', cardId: 'kube-proxy' },
  ];
  it('adds at an index (clamped), moves and removes without mutating', () => {
    expect(laneCards(addToLane(lane, { uid: 'd', cardId: 'CNI' }, 1))).toEqual([
      'Pod',
      'CNI',
      'Service',
      'kube-proxy',
    ]);
    expect(laneCards(addToLane(lane, { uid: 'd', cardId: 'CNI' }, 99))).toEqual([
      'Pod',
      'Service',
      'kube-proxy',
      'CNI',
    ]);
    expect(laneCards(moveInLane(lane, 2, 0))).toEqual(['kube-proxy', 'Pod', 'Service']);
    expect(laneCards(moveInLane(lane, 0, 5))).toEqual(['Service', 'kube-proxy', 'Pod']);
    expect(laneCards(moveInLane(lane, 7, 0))).toEqual(['Pod', 'Service', 'kube-proxy']);
    expect(laneCards(removeFromLane(lane, 1))).toEqual(['Pod', 'kube-proxy']);
    expect(laneCards(lane)).toEqual(['Pod', 'Service', 'kube-proxy']);
  });

  it('steps a keyboard drop through the positions, from the end (the default) to hop 1 and back', () => {
    // Three hops: positions 0..2 insert before a hop, 3 is the end.
    expect(stepDropIndex(3, 3, 'ArrowUp')).toBe(2);
    expect(stepDropIndex(3, 2, 'ArrowLeft')).toBe(1);
    expect(stepDropIndex(3, 0, 'ArrowUp')).toBe(0);
    expect(stepDropIndex(3, 1, 'ArrowDown')).toBe(2);
    expect(stepDropIndex(3, 3, 'ArrowDown')).toBe(3);
    expect(stepDropIndex(3, 3, 'ArrowRight')).toBe(3);
    expect(stepDropIndex(3, 3, 'Home')).toBe(0);
    expect(stepDropIndex(3, 0, 'End')).toBe(3);
    expect(stepDropIndex(0, 0, 'ArrowUp')).toBe(0);
    expect(stepDropIndex(3, 3, 'KeyA')).toBeUndefined();
  });

  it('finds cards by what was typed: every word, punctuation optional, label starts ranked first', () => {
    const cards = [
      { id: '1', label: 'Client(browser)' },
      { id: '2', label: 'CNI(node-2)' },
      { id: '3', label: 'Node(node-2)' },
      { id: '4', label: 'Pod(myapp/web-1)' },
      { id: '5', label: 'Pod(myapp/web-2)' },
      { id: '6', label: 'Container(myapp/web-1/web)' },
      { id: '7', label: 'kube-proxy(node-2)' },
    ];
    const ids = (q: string) => matchCards(cards, q).map((c) => c.id);
    expect(ids('')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('pod web')).toEqual(['4', '5']);
    expect(ids('POD WEB-2')).toEqual(['5']);
    expect(ids('node')).toEqual(['3', '2', '7']);
    expect(ids('cni node2')).toEqual(['2']);
    expect(ids('proxy')).toEqual(['7']);
    expect(ids('web1')).toEqual(['4', '6']);
    expect(ids('zzz')).toEqual([]);
    expect(ids('(')).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });
});

describe('outcomes', () => {
  it('offers the same engine dispositions for every scenario, with readable labels', () => {
    for (const o of OUTCOME_OPTIONS) expect(isDisposition(o.value), o.value).toBe(true);
    expect(outcomeLabel('HTTP_404')).toBe('HTTP 404');
    expect(outcomeLabel('HTTP_418')).toBe('HTTP 418');
    expect(isDisposition('TIMEOUT')).toBe(false);
  });

  it('rejects an unknown outcome and extra fields in an answer', () => {
    expect(answerSchema.safeParse({ cards: ['Pod'], disposition: 'MAYBE' }).success).toBe(false);
    expect(answerSchema.safeParse({ cards: ['Pod'], score: 1 }).success).toBe(false);
    expect(answerSchema.safeParse({ cards: ['Pod'], disposition: 'HTTP_503' }).success).toBe(true);
  });
});

describe('setOutcomeLabel (engine SetOutcome)', () => {
  it("names one outcome, or every share of a split in the engine's order", () => {
    expect(setOutcomeLabel({ kind: 'single', disposition: 'REFUSED' })).toBe('Connection refused');
    expect(
      setOutcomeLabel({
        kind: 'split',
        shares: [
          { disposition: 'DELIVERED', weight: 0.5 },
          { disposition: 'HTTP_500', weight: 0.5 },
        ],
      }),
    ).toBe('Split: Delivered 50 % · HTTP 500 50 %');
  });
});
