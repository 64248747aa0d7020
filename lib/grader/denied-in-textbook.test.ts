/**
 * Issue 17 item 1: a NetworkPolicy ingress denial is shown, at every level, at the hop that enforces it. The
 * reference says where: R10.7 — the destination Pod is isolated for ingress and the packet, already DNATed by
 * kube-proxy (R10.6), is "dropped at the Pod's interface"; §E9 is the misconception that the policy blocks the
 * Service. So at textbook level the path must end at the destination Pod, marked, not at kube-proxy.
 * (Tests may read files; the grader itself does not.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '../engine';
import { parseScenario } from '../scenario';
import { grade } from './grade';
import { project } from './levels';

const FILE = '32-networkpolicy-default-deny.yaml';
const r = parseScenario(
  readFileSync(join(__dirname, '..', '..', 'content', 'scenarios', FILE), 'utf8'),
  FILE,
);
if (!r.ok) throw new Error('scenario 32 does not parse');
const ts = trace(buildModel(r.input), 'other-namespace');

describe('DENIED_IN at textbook level (R10.7, §E9)', () => {
  it('ends at the destination Pod, which carries the verdict; kube-proxy carries none', () => {
    expect(ts.disposition).toBe('DENIED_IN');
    for (const p of ts.paths) {
      const hops = project(p, 'textbook');
      const last = hops[hops.length - 1]!;
      expect(last.layer).toBe('Pod');
      expect(last.verdict?.disposition).toBe('DENIED_IN');
      expect(hops.filter((h) => h.verdict)).toHaveLength(1);
      expect(hops.find((h) => h.layer === 'kube-proxy')?.verdict).toBeUndefined();
      // kube-proxy's DNAT happens before the denial (R10.6): it is on the path, before the Pod.
      expect(hops.findIndex((h) => h.layer === 'kube-proxy')).toBeLessThan(hops.length - 1);
    }
  });

  it('an answer that stops at kube-proxy is not full marks and names the §E9 misconception', () => {
    const g = grade(ts, { cards: ['Container', 'Pod', 'Service', 'kube-proxy'] }, 'textbook');
    expect(g.pathScore).toBeLessThan(1);
    expect(g.findings.some((f) => f.misconception === 'E9')).toBe(true);
    const full = grade(ts, { cards: ['Container', 'Pod', 'Service', 'kube-proxy', 'Pod'] }, 'textbook');
    expect(full.pathScore).toBe(1);
  });

  it('coarse and wire levels still mark the CNI hop into the Pod on its node (where the CNI drops it)', () => {
    const coarse = project(ts.paths[0]!, 'coarse');
    const last = coarse[coarse.length - 1]!;
    expect(last.layer).toBe('CNI');
    expect(last.verdict?.disposition).toBe('DENIED_IN');
  });
});
