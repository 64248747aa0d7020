/**
 * When the Service is translated before the packet leaves the client Pod — a meshed client's sidecar picks the
 * endpoint (R14.3), Cilium's socket-LB rewrites connect() (R11.5) — the packet goes straight from Pod to Pod. At
 * textbook level the two Pods must stay two, with what a pure Pod-network path keeps between them (the seed's
 * "Pod A → CNI routing → Node network → CNI → Pod B"): the first CNI hop, and across nodes the first Node hop.
 * (Tests may read files; the grader itself does not.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '../engine';
import type { TraceSet } from '../engine/types';
import { parseScenario } from '../scenario';
import { grade } from './grade';
import { project } from './levels';

function traced(file: string, request: string): TraceSet {
  const r = parseScenario(
    readFileSync(join(__dirname, '..', '..', 'content', 'scenarios', file), 'utf8'),
    file,
  );
  if (!r.ok) throw new Error(`${file} does not parse`);
  return trace(buildModel(r.input), request);
}
const keys = (ts: TraceSet, endpoint: string) =>
  project(
    ts.paths.find((p) => p.endpoint?.object === endpoint)!,
    'textbook',
  ).map((h) => `${h.layer}${h.optional ? '?' : ''}`);

describe('Pod to Pod after a Service translated in the client Pod, at textbook level', () => {
  const mesh = traced('56-mesh-sidecar-clusterip.yaml', 'main');
  it('56 (sidecar): the client Pod, CNI (and Node across nodes), the endpoint Pod — not one merged Pod', () => {
    expect(keys(mesh, 'pod/shop/backend-1')).toEqual([
      'Container',
      'Service?',
      'Pod',
      'CNI',
      'Pod',
      'Container',
    ]);
    expect(keys(mesh, 'pod/shop/backend-2')).toEqual([
      'Container',
      'Service?',
      'Pod',
      'CNI',
      'Node',
      'Pod',
      'Container',
    ]);
  });
  it('34 (Cilium socket-LB): the same shape after the translation at connect()', () => {
    const ts = traced('34-cilium-socket-lb.yaml', 'main');
    for (const p of ts.paths) {
      const k = project(p, 'textbook').map((h) => h.layer);
      const first = k.indexOf('Pod');
      expect(k.slice(first, first + 2)).toEqual(['Pod', 'CNI']);
      expect(k.filter((l) => l === 'Pod')).toHaveLength(2);
    }
  });
  it('grading: the two Pods with CNI between them are full marks; one Pod for both is not', () => {
    const local = mesh.paths.find((p) => p.endpoint?.object === 'pod/shop/backend-1')!.id;
    const full = grade(
      mesh,
      { cards: ['Container', 'Service', 'Pod', 'CNI', 'Pod', 'Container'] },
      'textbook',
    );
    expect(full.pathScore).toBe(1);
    expect(full.closestPathId).toBe(local);
    const merged = grade(mesh, { cards: ['Container', 'Service', 'Pod', 'Container'] }, 'textbook');
    expect(merged.pathScore).toBeLessThan(1);
  });
});
