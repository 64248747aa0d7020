/**
 * Replaying the learner's own path (issue 16): each placed card on its box, marked from the real grader's
 * findings on the real engine's trace, over shipped scenarios. Impossible hops carry the rule of the
 * networking reference that refutes them (R5.3 IP targets, R3.2 the DNAT node, R7.8 the ingress leg).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace, type Level } from '@/lib/engine';
import { cardIdsForPath, cardsFor, grade, project } from '@/lib/grader';
import { parseScenario } from '@/lib/scenario';
import { buildDiagramGraph } from './graph';
import { learnerFrames, replayFrames } from './replay';

const DIR = path.resolve(import.meta.dirname, '..', '..', 'content', 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'));

function compile(file: string) {
  const r = parseScenario(readFileSync(path.join(DIR, file), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not parse`);
  const input = r.input;
  const model = buildModel(input);
  const requestId = input.scenario.spec.requests[0]!.id;
  const t = trace(model, requestId);
  const level: Level = input.scenario.spec.level;
  const palette = cardsFor(t, level, model);
  const graph = buildDiagramGraph(input, { requestId });
  const replay = (cards: string[]) => {
    const answer = { cards };
    const g = grade(t, answer, level, { askDisposition: input.scenario.spec.askDisposition, model });
    const byId = new Map(palette.map((k) => [k.id, k]));
    const frames = learnerFrames(
      cards.map((id) => {
        const k = byId.get(id)!;
        return { cardId: id, label: k.label, layer: k.layer, ...(k.object ? { object: k.object } : {}) };
      }),
      g.findings,
      t.paths.find((p) => p.id === g.closestPathId),
      g.expected,
      graph,
    );
    return { frames, g };
  };
  return { t, level, palette, graph, replay };
}

const label = (s: ReturnType<typeof compile>, text: string): string => {
  const k = s.palette.find((c) => c.label === text);
  if (!k) throw new Error(`no card ${text} in ${s.palette.map((c) => c.label).join(', ')}`);
  return k.id;
};

describe('learnerFrames', () => {
  it('marks a Service box that is not on the wire behind an IP-target LB (R5.3), and plays the real packet on the right hops', () => {
    const s = compile('10-loadbalancer-ip-targets.yaml');
    const cards = [
      'Client(browser)',
      'Cloud LB(shop/frontend-lb)',
      'Service(shop/frontend-lb)',
      'Pod(shop/frontend-1)',
      'Container(shop/frontend-1/web)',
    ].map((l) => label(s, l));
    const { frames } = s.replay(cards);
    expect(frames.map((f) => f.status)).toEqual(['ok', 'ok', 'impossible', 'ok', 'ok']);
    const svc = frames[2]!;
    expect(svc.rule).toBe('R5.3');
    expect(svc.nodeId).toBe('service/shop/frontend-lb');
    expect(svc.message).toMatch(/IP targets.*no NodePort, no Service DNAT and no kube-proxy hop/);
    expect(svc.packet).toBeUndefined();
    // The valid path at that point is the Pod (the next hop after the LB), not a Service.
    expect(svc.validIndex).toBeDefined();
    expect(frames[3]!.packet).toContain('10.0.1.87:8080');
    expect(frames[3]!.nodeId).toBe('pod/shop/frontend-1');
  });

  it('marks kube-proxy on the backend node instead of the receiving node (R3.2)', () => {
    const s = compile('09-loadbalancer-instance-targets.yaml');
    const p1 = s.t.paths[0]!;
    const valid = cardIdsForPath(p1, s.level);
    // Replace the real kube-proxy card with a distractor kube-proxy on another node.
    const wrong = s.palette.find(
      (k) => k.layer === 'kube-proxy' && !valid.includes(k.id) && /node-[13]/.test(k.label),
    )!;
    const kp = valid.findIndex((id) => id.startsWith('kube-proxy@'));
    const cards = [...valid];
    cards[kp] = wrong.id;
    const { frames } = s.replay(cards);
    const f = frames[kp]!;
    expect(f.status).toBe('impossible');
    expect(f.rule).toBe('R3.2');
    expect(f.message).toMatch(/DNAT happens on .*not on/);
    expect(f.nodeId).toMatch(/^node\//);
  });

  it('marks kube-proxy after an ingress controller as a NAT that never happened (R7.8)', () => {
    const s = compile('12-cloud-lb-ingress-nginx.yaml');
    const p = s.t.paths[0]!;
    const valid = cardIdsForPath(p, s.level);
    const ing = valid.findIndex((id) => id.startsWith('Ingress@'));
    const e1 = s.palette.find((k) => k.layer === 'kube-proxy' && !valid.includes(k.id))!;
    const cards = [...valid.slice(0, ing + 1), e1.id, ...valid.slice(ing + 1)];
    const { frames } = s.replay(cards);
    const f = frames[ing + 1]!;
    expect(f.status).toBe('impossible');
    expect(f.rule).toBe('R7.8');
    expect(f.message).toMatch(/no ClusterIP DNAT happens/);
  });

  it('says which required hops were left out, where the packet passes them', () => {
    const s = compile('10-loadbalancer-ip-targets.yaml');
    const cards = ['Client(browser)', 'Pod(shop/frontend-1)', 'Container(shop/frontend-1/web)'].map((l) =>
      label(s, l),
    );
    const { frames } = s.replay(cards);
    expect(frames.every((f) => f.status === 'ok')).toBe(true);
    expect(frames[1]!.missedBefore).toEqual(['Cloud LB(shop/frontend-lb)']);
  });

  it('on every shipped scenario, a valid path replayed as the answer is all right hops on the boxes of the valid replay', () => {
    for (const file of FILES) {
      const s = compile(file);
      for (const p of s.t.paths.slice(0, 2)) {
        const cards = cardIdsForPath(p, s.level);
        const { frames, g } = s.replay(cards);
        expect(g.pathScore, file).toBe(1);
        expect(frames, file).toHaveLength(cards.length);
        expect(
          frames.filter((f) => f.status !== 'ok'),
          file,
        ).toEqual([]);
        const closest = s.t.paths.find((x) => x.id === g.closestPathId)!;
        const validBoxes = new Set(replayFrames(closest, s.graph).map((f) => f.nodeId));
        for (const f of frames)
          if (f.nodeId) expect(validBoxes.has(f.nodeId), `${file} ${f.label}`).toBe(true);
        expect(project(closest, s.level).length).toBeGreaterThan(0);
      }
    }
  });
});
