/**
 * What if (issue 16): one setting flipped, re-traced by the real engine over shipped scenarios. The expected
 * changes come from the networking reference (rules cited per test), not from the engine's output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace, type TraceSet } from '@/lib/engine';
import { parseScenario, type ScenarioInput } from '@/lib/scenario';
import { applySwitch, retrace, traceDiff, whatIfSwitches, type WhatIfOption } from './what-if';

const DIR = path.resolve(import.meta.dirname, '..', '..', 'content', 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'));

function load(file: string): { input: ScenarioInput; t: TraceSet; options: WhatIfOption[] } {
  const r = parseScenario(readFileSync(path.join(DIR, file), 'utf8'), file);
  if (!r.ok) throw new Error(`${file} does not parse`);
  const t = trace(buildModel(r.input), r.input.scenario.spec.requests[0]!.id);
  return { input: r.input, t, options: whatIfSwitches(r.input, t) };
}

function flip(file: string, kind: string, match: (o: WhatIfOption) => boolean = () => true) {
  const s = load(file);
  const o = s.options.find((x) => x.switch.kind === kind && match(x));
  if (!o) throw new Error(`${file}: no ${kind} switch (${s.options.map((x) => x.id).join(', ')})`);
  const after = retrace(applySwitch(s.input, o.switch), s.t.requestId);
  expect(after).not.toBeNull();
  return { ...s, o, after: after!, d: traceDiff(s.t, after!, s.input.scenario.spec.level) };
}

describe('what-if switches', () => {
  it('externalTrafficPolicy Local → Cluster on a node without a local endpoint: delivered, and SNATed (R4.3, R4.4)', () => {
    const { d } = flip('24-etp-local-no-local-endpoint.yaml', 'externalTrafficPolicy');
    expect(d.disposition).toMatchObject({ before: 'DROPPED', after: 'DELIVERED', changed: true });
    expect(d.endpoints.added.length).toBeGreaterThan(0);
    // Cluster policy masquerades: the Pod sees a node-side address, never the external client.
    expect(d.sourceSeen.after.length).toBeGreaterThan(0);
    expect(d.sourceSeen.after.every((ip) => ip.startsWith('10.244.') || ip.startsWith('192.168.'))).toBe(
      true,
    );
  });

  it('externalTrafficPolicy Cluster → Local on an entry node without a local endpoint: dropped (R4.4)', () => {
    const { d } = flip('08-nodeport-cluster-policy.yaml', 'externalTrafficPolicy');
    expect(d.disposition).toMatchObject({ before: 'DELIVERED', after: 'DROPPED' });
    expect(d.endpoints.after).toEqual([]);
    expect(d.rules.added).toContain('R4.4');
  });

  it('internalTrafficPolicy Local → Cluster: the remote endpoints become usable (R4.5)', () => {
    const { d } = flip('25-itp-local-no-local-endpoint.yaml', 'internalTrafficPolicy');
    expect(d.disposition).toMatchObject({ before: 'DROPPED', after: 'DELIVERED' });
    expect(d.endpoints.added.length).toBe(2);
  });

  it('IP targets → instance targets: the LB lands on a NodePort and kube-proxy DNATs there (R5.2, R5.3)', () => {
    const { d } = flip('10-loadbalancer-ip-targets.yaml', 'lbTargetType');
    expect(d.disposition.changed).toBe(false);
    expect(d.hops.some((h) => h.op === 'added' && h.layer === 'kube-proxy')).toBe(true);
    expect(d.rules.added).toContain('R5.2');
    expect(d.rules.removed).toContain('R5.3');
  });

  it('removing the allow rule under a default-deny leaves the Pod isolated: denied at its ingress (R10.2, R10.7)', () => {
    const { d } = flip('32-networkpolicy-default-deny.yaml', 'removeNetworkPolicy', (o) =>
      o.id.includes('allow'),
    );
    expect(d.disposition).toMatchObject({ before: 'DELIVERED', after: 'DENIED_IN' });
  });

  it('a default-deny policy on a plugin that does not enforce policy changes nothing, and says why (R10.7)', () => {
    const { d, o } = flip('07-clusterip-short-name.yaml', 'addDefaultDenyIngress');
    expect(d.unchanged).toBe(true);
    expect(o.note).toMatch(/does not enforce NetworkPolicy.*R10\.7/);
  });

  it('flannel VXLAN → host-gw: no encapsulation hop (R2.4, R2.5)', () => {
    const { d } = flip('04-pod-to-pod-cross-node-flannel-vxlan.yaml', 'cniMode');
    expect(d.disposition.changed).toBe(false);
    expect(d.rules.removed).toContain('R2.4');
    expect(d.rules.added).toContain('R2.5');
  });

  it("iptables → Cilium's kube-proxy replacement: the DNAT moves to the socket, no kube-proxy hop (R11.5)", () => {
    const { d } = flip(
      '07-clusterip-short-name.yaml',
      'dataplane',
      (o) => o.switch.kind === 'dataplane' && o.to === 'cilium',
    );
    expect(d.hops.some((h) => h.op === 'removed' && h.layer === 'kube-proxy')).toBe(true);
    expect(d.rules.added).toContain('R11.5');
  });

  it('sessionAffinity ClientIP pins later connections; the first one is still a random pick (R3.10)', () => {
    const { d } = flip('07-clusterip-short-name.yaml', 'sessionAffinity');
    expect(d.disposition.changed).toBe(false);
    expect(d.paths.after).toBe(d.paths.before);
    expect(d.rules.added).toContain('R3.10');
  });

  it('offers only relevant switches: no externalTrafficPolicy for a Pod → ClusterIP request, no Service setting for Pod → Pod', () => {
    expect(load('07-clusterip-short-name.yaml').options.map((o) => o.switch.kind)).not.toContain(
      'externalTrafficPolicy',
    );
    const direct = load('03-pod-to-pod-same-node.yaml').options.map((o) => o.switch.kind);
    expect(direct).not.toContain('internalTrafficPolicy');
    expect(direct).not.toContain('dataplane');
    expect(direct).not.toContain('cniMode'); // same node: the CNI mode does not matter
  });

  it('on every shipped scenario: every offered switch traces, inputs are not mutated, and no switch is a no-op diff of itself', () => {
    let offered = 0;
    for (const file of FILES) {
      const { input, t, options } = load(file);
      const frozen = JSON.stringify(input);
      expect(traceDiff(t, t, input.scenario.spec.level).unchanged, file).toBe(true);
      for (const o of options) {
        offered++;
        const after = retrace(applySwitch(input, o.switch), t.requestId);
        expect(after, `${file} ${o.id}`).not.toBeNull();
        expect(after!.disposition, `${file} ${o.id}`).not.toBe('ENGINE_ERROR');
      }
      expect(JSON.stringify(input), file).toBe(frozen);
      expect(new Set(options.map((o) => o.id)).size, file).toBe(options.length);
    }
    expect(offered).toBeGreaterThan(FILES.length);
  });
});
