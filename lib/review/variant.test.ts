/**
 * Fresh variants (issue 16): a seeded transform of a scenario's YAML (names, namespaces, replica placement,
 * addresses, ports), kept only when the real engine still traces it with the same lesson. Property tests
 * over every shipped scenario × several seeds, with the real engine and grader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '@/lib/engine';
import { cardIdsForPath, cardsFor, grade } from '@/lib/grader';
import { parseScenario } from '@/lib/scenario';
import { lessonOf, scenarioVariant, substitute } from './variant';

const DIR = path.resolve(import.meta.dirname, '..', '..', 'content', 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'));
const SEEDS = ['s1', 's2', 's3', 'x9'];

function original(file: string) {
  const yaml = readFileSync(path.join(DIR, file), 'utf8');
  const p = parseScenario(yaml, file);
  if (!p.ok) throw new Error(`${file} does not parse`);
  const requestId = p.input.scenario.spec.requests[0]!.id;
  const model = buildModel(p.input);
  return { yaml, input: p.input, requestId, model, t: trace(model, requestId) };
}

describe('substitute', () => {
  it('replaces names, IPs and ports as whole tokens, all at once (no cascade, swaps work)', () => {
    expect(
      substitute('backend backend-1 backend-10 10.244.1.5 10.244.1.50 :9090 19090 node-1->node-2 workshop', [
        ['backend-1', 'backend-2', 'placement'],
        ['backend-2', 'backend-1', 'placement'],
        ['backend', 'orders', 'stem'],
        ['10.244.1.5', '10.244.1.9', 'ip'],
        ['9090', '8081', 'port'],
        ['node-1', 'worker-a', 'name'],
        ['shop', 'store', 'name'],
      ]),
    ).toBe('orders backend-2 orders-10 10.244.1.9 10.244.1.50 :8081 19090 worker-a->node-2 workshop');
  });
});

describe('scenarioVariant over the scenario library', () => {
  for (const file of FILES) {
    it(`${file}: every seed gives a variant with other names that keeps the lesson and grades`, () => {
      const o = original(file);
      const level = o.input.scenario.spec.level;
      const lesson = lessonOf(o.t);
      const yamls = new Set<string>();
      for (const seed of SEEDS) {
        const v = scenarioVariant(o.yaml, o.requestId, seed);
        expect(v, `${file} ${seed}`).not.toBeNull();
        if (!v) continue;
        yamls.add(v.yaml);
        // Reproducible from (yaml, request, seed) alone.
        expect(scenarioVariant(o.yaml, o.requestId, seed)?.yaml).toBe(v.yaml);
        // Other names; system objects keep theirs.
        expect(v.renames.length, file).toBeGreaterThan(0);
        for (const [from] of v.renames) expect(from).not.toMatch(/^(kube-system|kube-dns|default)$/);
        expect(v.yaml).toContain('kube-system');
        // The same lesson: disposition, decisive rule, rules exercised.
        expect(lessonOf(v.trace)).toEqual(lesson);
        expect(v.trace.paths.length).toBe(o.t.paths.length);
        // Grading works on the variant: each of its valid paths scores 1, and each original path, renamed,
        // is one of them (the substitutions map card ids, signatures included).
        const opts = { askDisposition: v.input.scenario.spec.askDisposition, model: v.model };
        const palette = new Set(cardsFor(v.trace, level, v.model).map((c) => c.id));
        for (const p of v.trace.paths) {
          const cards = cardIdsForPath(p, level);
          expect(grade(v.trace, { cards }, level, opts).pathScore).toBe(1);
          for (const c of cards) expect(palette.has(c), `${file} ${c}`).toBe(true);
        }
        for (const p of o.t.paths) {
          const renamed = cardIdsForPath(p, level).map(v.rename);
          expect(grade(v.trace, { cards: renamed }, level, opts).pathScore, `${file} ${seed} ${p.id}`).toBe(
            1,
          );
        }
      }
      expect(yamls.size, `${file}: seeds give different variants`).toBeGreaterThan(1);
    });
  }

  it('moves addresses within the same /26 and NodePorts within the node-port range', () => {
    const o = original('08-nodeport-cluster-policy.yaml');
    const v = scenarioVariant(o.yaml, o.requestId, 's1')!;
    const ips = v.substitutions.filter((s) => s[2] === 'ip');
    expect(ips.length).toBeGreaterThan(0);
    for (const [from, to] of ips) {
      const a = from.split('.').map(Number);
      const b = to.split('.').map(Number);
      expect(b.slice(0, 3)).toEqual(a.slice(0, 3));
      expect(Math.floor(b[3]! / 64)).toBe(Math.floor(a[3]! / 64));
    }
    const nodePorts = v.substitutions.filter((s) => s[2] === 'port' && Number(s[0]) >= 30000);
    expect(nodePorts.length).toBeGreaterThan(0);
    for (const [, to] of nodePorts) expect(Number(to)).toBeGreaterThanOrEqual(30000);
    for (const [, to] of nodePorts) expect(Number(to)).toBeLessThanOrEqual(32767);
    // The prompt names the new NodePort too.
    expect(v.input.scenario.spec.prompt).toContain(nodePorts[0]![1]);
  });

  it('moves replicas: the Pods of a Service trade names, so another replica sits on each node', () => {
    const o = original('07-clusterip-short-name.yaml');
    const moved = SEEDS.map((s) => scenarioVariant(o.yaml, o.requestId, s)!).filter((v) =>
      v.substitutions.some((x) => x[2] === 'placement'),
    );
    expect(moved.length).toBeGreaterThan(0);
  });
});
