/**
 * Issue 17 item 3: topology-aware routing through the whole trace (the per-node decision itself is transcribed in
 * conformance/kube-proxy-topology.test.ts). Sources:
 * - kubernetes pkg/proxy/topology.go (CategorizeEndpoints, topologyModeFromHints): kube-proxy reads only the hints.
 * - staging/src/k8s.io/endpointslice/trafficdist (preferCloseHeuristic): PreferClose / PreferSameZone hint each ready
 *   endpoint for its own zone, PreferSameNode also for its own node; the reconciler uses trafficDistribution only when
 *   the topology annotation is not enabled (`canUseTrafficDistribution := … && !hintsEnabled(annotations)`).
 * - staging/src/k8s.io/endpointslice/utils.go hintsEnabled: topology-aware-hints wins over topology-mode; "Auto"/"auto".
 * - Cilium: hints are honoured only with enable-service-topology (Helm loadBalancer.serviceTopology), default off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario';
import { modelFrom, trace } from '../__fixtures__/build';

const text = (f: string) =>
  readFileSync(join(__dirname, '..', '..', '..', 'content', 'scenarios', f), 'utf8');
const pods = (ts: ReturnType<typeof trace>) => ts.paths.map((p) => p.endpoint?.object).sort();
const kubeProxySteps = (ts: ReturnType<typeof trace>) =>
  ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!.steps.join('\n');

describe('scenario 38 under each dataplane', () => {
  for (const mode of ['iptables', 'nftables', 'ipvs'])
    it(`${mode}: kube-proxy narrows to the zone-a endpoints`, () => {
      const m = modelFrom(text('38-topology-prefer-close.yaml').replace('mode: iptables,', `mode: ${mode},`));
      const ts = trace(m, 'main');
      expect(pods(ts)).toEqual(['pod/shop/backend-1', 'pod/shop/backend-4']);
      expect(kubeProxySteps(ts)).toContain("hinted for node-1's zone zone-a");
      expect(ts.paths[0]!.choice).toContain('only endpoints hinted for zone zone-a');
    });

  it('Cilium (enable-service-topology off by default) ignores the hints and says so', () => {
    const m = modelFrom(
      text('38-topology-prefer-close.yaml')
        .replace('cni: {plugin: flannel, mode: vxlan,', 'cni: {plugin: cilium, mode: tunnel,')
        .replace('mode: iptables,', 'mode: cilium,'),
    );
    const ts = trace(m, 'main');
    expect(pods(ts)).toEqual([
      'pod/shop/backend-1',
      'pod/shop/backend-2',
      'pod/shop/backend-3',
      'pod/shop/backend-4',
    ]);
    expect(kubeProxySteps(ts)).toContain('enable-service-topology');
  });
});

describe('scenario 39: the fall-backs are explained on the kube-proxy hop', () => {
  const m = modelFrom(text('39-topology-fallbacks.yaml'));
  it('a zone no endpoint is hinted for', () => {
    const s = kubeProxySteps(trace(m, 'main'));
    expect(s).toContain("no ready endpoint of shop/backend:http is hinted for node-3's zone zone-c");
  });
  it('a node without the zone label', () => {
    const s = kubeProxySteps(trace(m, 'unlabelled-node'));
    expect(s).toContain('node-4 has no topology.kubernetes.io/zone label');
  });
});

describe('hints the EndpointSlice controller derives (trafficdist)', () => {
  it('PreferSameNode: node hints first, then the zone, then everything', () => {
    const m = modelFrom(
      text('39-topology-fallbacks.yaml').replace(
        '  trafficDistribution: PreferClose\n',
        '  trafficDistribution: PreferSameNode\n',
      ),
    );
    const svc = m.services.get('shop/backend')!;
    const ep1 = svc.ports[0]!.endpoints.find((e) => e.pod === 'shop/backend-1')!;
    expect(ep1.zoneHints).toEqual(['zone-a']);
    expect(ep1.nodeHints).toEqual(['node-1']);
    expect(pods(trace(m, 'same-zone'))).toEqual(['pod/shop/backend-1']);
    expect(kubeProxySteps(trace(m, 'same-zone'))).toContain('has a node hint');
    expect(pods(trace(m, 'main'))).toEqual(['pod/shop/backend-1', 'pod/shop/backend-2']);
  });

  it('an enabled topology annotation takes precedence over trafficDistribution: no derived hints, and a warning', () => {
    const t = text('39-topology-fallbacks.yaml').replace(
      '  name: backend\n  namespace: shop\n',
      '  annotations:\n    service.kubernetes.io/topology-aware-hints: auto\n  name: backend\n  namespace: shop\n',
    );
    expect(t).not.toBe(text('39-topology-fallbacks.yaml'));
    const r = parseScenario(t, 't.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.message).join('\n')).toContain('topology-mode Auto hints are allocated');
    const m = modelFrom(t);
    const eps = m.services.get('shop/backend')!.ports[0]!.endpoints;
    expect(eps.every((e) => e.zoneHints === undefined)).toBe(true);
    const ts = trace(m, 'same-zone');
    expect(pods(ts)).toEqual(['pod/shop/backend-1', 'pod/shop/backend-2']);
    expect(kubeProxySteps(ts)).toContain('no ready endpoint of shop/backend:http carries a hint');
  });

  it('a disabled annotation value does not enable hints ("Auto"/"auto" only)', () => {
    const t = text('39-topology-fallbacks.yaml').replace(
      '  name: backend\n  namespace: shop\n',
      '  annotations:\n    service.kubernetes.io/topology-mode: aUto\n  name: backend\n  namespace: shop\n',
    );
    const r = parseScenario(t, 't.yaml');
    expect(r.ok && r.warnings.length).toBe(0);
    // trafficDistribution still applies: hints derived, zone-a only.
    expect(pods(trace(modelFrom(t), 'same-zone'))).toEqual(['pod/shop/backend-1']);
  });
});

describe('loader', () => {
  it('reads hints.forZones / forNodes and trafficDistribution', () => {
    const m = modelFrom(text('40-topology-mode-auto.yaml'));
    const svc = m.services.get('shop/backend')!;
    expect(svc.topologyAnnotation).toEqual({ key: 'service.kubernetes.io/topology-mode', value: 'Auto' });
    const a1 = svc.ports[0]!.endpoints.find((e) => e.pod === 'shop/backend-a1')!;
    expect(a1.zone).toBe('zone-a');
    expect(a1.zoneHints).toEqual(['zone-c']);
    expect(svc.slices[0]!.endpoints[0]!.hints).toEqual({ forZones: ['zone-c'], forNodes: [] });
    expect(
      modelFrom(text('38-topology-prefer-close.yaml')).services.get('shop/backend')!.trafficDistribution,
    ).toBe('PreferClose');
  });

  it('rejects a trafficDistribution the API server rejects', () => {
    const r = parseScenario(
      text('38-topology-prefer-close.yaml').replace(
        '  trafficDistribution: PreferClose\n',
        '  trafficDistribution: Nearest\n',
      ),
      't.yaml',
    );
    expect(r.ok).toBe(false);
  });

  it('warns about hints on a controller-managed slice of a Service that asks for none (the controller removes them)', () => {
    const t = text('40-topology-mode-auto.yaml').replace(
      '  annotations:\n    service.kubernetes.io/topology-mode: Auto\n',
      '',
    );
    const r = parseScenario(t, 't.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.message).join('\n')).toContain(
      'the EndpointSlice controller would remove them',
    );
  });
});
