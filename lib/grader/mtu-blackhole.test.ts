/**
 * An MTU black hole in grading (reference R15.6): the request reached the destination, so the path a learner builds
 * is the full path, to the container; the outcome is the black hole, and its verdict marks the link where the
 * full-sized segments are lost (the overlay hop), at coarse and wire level. Picking "Delivered" for it is wrong
 * and explained with R15.6; picking the black hole for a case PMTU discovery repairs is explained with R15.4.
 * (Tests may read files; the grader itself does not.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '../engine';
import { parseScenario } from '../scenario';
import { grade } from './grade';
import { project } from './levels';

function load(file: string) {
  const r = parseScenario(
    readFileSync(join(__dirname, '..', '..', 'content', 'scenarios', file), 'utf8'),
    file,
  );
  if (!r.ok) throw new Error(`${file} does not parse`);
  return buildModel(r.input);
}

describe('MTU_BLACKHOLE in the grader (R15.6)', () => {
  const black = trace(load('60-mtu-vxlan-underlay-black-hole.yaml'), 'large-response');
  const rescued = trace(load('59-mtu-pod-mtu-too-large-flannel.yaml'), 'large-response');

  it('keeps the full path and marks the overlay hop at coarse and wire level', () => {
    expect(black.disposition).toBe('MTU_BLACKHOLE');
    for (const level of ['coarse', 'wire'] as const) {
      const hops = project(black.paths[0]!, level);
      expect(hops.at(-1)!.layer).toBe('Container');
      const marked = hops.filter((h) => h.verdict);
      expect(marked.map((h) => h.layer)).toEqual(['CNI']);
      expect(marked[0]!.verdict!.disposition).toBe('MTU_BLACKHOLE');
    }
  });

  // The learner's cards: the path the request took (reference §D S04), as coarse card ids.
  const CARDS = [
    'Container@container/shop/frontend-1/web',
    'Pod@pod/shop/frontend-1',
    'CNI@cni/node-1',
    'Node@node/node-1',
    'CNI@cni/node-1->node-2/vxlan',
    'Node@node/node-2',
    'CNI@cni/node-2',
    'Pod@pod/shop/backend-2',
    'Container@container/shop/backend-2/api',
  ];

  it('the full path with the black hole as outcome gets full marks; "Delivered" is explained with R15.6', () => {
    const right = grade(black, { cards: CARDS, disposition: 'MTU_BLACKHOLE' }, 'coarse');
    expect(right.pathScore).toBe(1);
    expect(right.dispositionCorrect).toBe(true);
    const wrong = grade(black, { cards: CARDS, disposition: 'DELIVERED' }, 'coarse');
    expect(wrong.dispositionCorrect).toBe(false);
    const f = wrong.findings.find((x) => x.code === 'wrong_disposition');
    expect(f?.rule).toBe('R15.6');
    expect(f?.message).toContain('small packets pass');
  });

  it('calling a PMTU-discovery case a black hole is explained with R15.4', () => {
    expect(rescued.disposition).toBe('DELIVERED');
    const g = grade(rescued, { cards: CARDS, disposition: 'MTU_BLACKHOLE' }, 'coarse');
    const f = g.findings.find((x) => x.code === 'wrong_disposition');
    expect(f?.rule).toBe('R15.4');
  });
});
