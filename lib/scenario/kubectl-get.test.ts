/**
 * Issue 17 item 2: the loader accepts what the API server accepts, read from `kubectl get -o yaml` output
 * (__fixtures__/kubectl-get.yaml). Expectations come from the Kubernetes API reference and source:
 *  - loadBalancerSourceRanges entries may be space-padded: apiserver validation trims them and kube-proxy's
 *    proxyutil.MapCIDRsByIPFamily does strings.TrimSpace before ParseCIDRSloppy.
 *  - a single-port Service may leave its port name empty (only multi-port Services must name ports).
 *  - core/v1 Endpoints of a selector-less Service are mirrored to EndpointSlices (EndpointSlice mirroring
 *    controller): `addresses` → ready, `notReadyAddresses` → not ready; Services with a selector are not mirrored.
 *  - discovery.k8s.io/v1beta1 EndpointSlice converts to v1 with topology["topology.kubernetes.io/zone"] → zone
 *    (pkg/apis/discovery/v1beta1/conversion.go).
 *  - allocateLoadBalancerNodePorts: false means no nodePort, so instance/nodePort load balancers cannot reach it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import type { ScenarioInput } from './schema';

const TEXT = readFileSync(fileURLToPath(new URL('./__fixtures__/kubectl-get.yaml', import.meta.url)), 'utf8');

function ok(text: string): { input: ScenarioInput; warnings: string[] } {
  const r = parseScenario(text, 'kubectl-get.yaml');
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`).join('\n'));
  return { input: r.input, warnings: r.warnings.map((w) => `${w.path}: ${w.message}`) };
}

describe('kubectl get -o yaml fixture', () => {
  const { input, warnings } = ok(TEXT);

  it('loads without errors or warnings', () => {
    expect(warnings).toEqual([]);
  });

  it('trims space-padded loadBalancerSourceRanges', () => {
    const api = input.services.find((s) => s.metadata.name === 'api')!;
    expect(api.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
    expect(api.spec.allocateLoadBalancerNodePorts).toBe(false);
    expect(api.spec.ports.map((p) => p.nodePort)).toEqual([undefined]);
  });

  it('accepts name: "" on a single-port Service', () => {
    const db = input.services.find((s) => s.metadata.name === 'legacy-db')!;
    expect(db.spec.ports).toEqual([
      expect.objectContaining({ name: '', port: 5432, targetPort: 5432, protocol: 'TCP' }),
    ]);
  });

  it('mirrors Endpoints into an EndpointSlice: addresses ready, notReadyAddresses not ready', () => {
    const slices = input.endpointSlices.filter(
      (s) => s.metadata.labels['kubernetes.io/service-name'] === 'legacy-db',
    );
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    expect(s.metadata.namespace).toBe('shop');
    expect(s.metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe(
      'endpointslicemirroring-controller.k8s.io',
    );
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: '', port: 5432, protocol: 'TCP' }]);
    expect(s.endpoints.map((e) => [e.addresses, e.conditions.ready, e.conditions.serving])).toEqual([
      [['10.0.5.20'], true, true],
      [['10.0.5.21'], false, false],
    ]);
  });

  it('reads a v1beta1 EndpointSlice as v1: topology zone → zone, nodeName kept', () => {
    const s = input.endpointSlices.find((x) => x.metadata.name === 'search-x7k2p')!;
    expect(s.apiVersion).toBe('discovery.k8s.io/v1');
    expect(s.endpoints[0]).toEqual(
      expect.objectContaining({ addresses: ['10.244.2.7'], nodeName: 'node-2', zone: 'zone-b' }),
    );
    expect(s.ports).toEqual([{ name: '', port: 9200, protocol: 'TCP' }]);
  });
});

describe('what the API server accepts, one change at a time', () => {
  it('still rejects a malformed range after trimming', () => {
    const r = parseScenario(TEXT.replace("' 203.0.113.0/24'", "' 203.0.113.0/33'"), 'k.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain('items[11].spec.loadBalancerSourceRanges[0]');
  });

  it('rejects loadBalancerSourceRanges on a non-LoadBalancer Service (API server: Forbidden)', () => {
    const t = TEXT.replace(
      '    clusterIP: 10.96.70.1\n',
      "    clusterIP: 10.96.70.1\n    loadBalancerSourceRanges: ['10.0.0.0/8']\n",
    );
    const r = parseScenario(t, 'k.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
        'invalid_service items[9].spec.loadBalancerSourceRanges',
      ]);
  });

  it('still rejects an empty port name on a multi-port Service', () => {
    const t = TEXT.replace(
      '    - name: ""\n      port: 5432\n      protocol: TCP\n      targetPort: 5432\n',
      '    - name: ""\n      port: 5432\n      protocol: TCP\n      targetPort: 5432\n    - name: metrics\n      port: 9187\n',
    );
    const r = parseScenario(t, 'k.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['items[7].spec.ports[0]']);
  });

  it('warns that instance targets with nodePort delivery cannot reach a Service without nodePorts', () => {
    const { warnings } = ok(TEXT.replace('{ service: shop/api, targetType: ip }', '{ service: shop/api }'));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^spec\.cloudLoadBalancers\[0\]: Service shop\/api: allocateLoadBalancerNodePorts is false.*targetType: ip or delivery: vip/,
      ),
    ]);
    // VIP delivery (MetalLB-style) is fine.
    expect(
      ok(TEXT.replace('{ service: shop/api, targetType: ip }', '{ service: shop/api, delivery: vip }'))
        .warnings,
    ).toEqual([]);
    // No cloudLoadBalancers entry: the engine's default (instance, nodePort) is what cannot work.
    expect(ok(TEXT.replace('    - { service: shop/api, targetType: ip }\n', '    []\n')).warnings).toEqual([
      expect.stringMatching(/^items\[11\]\.spec\.allocateLoadBalancerNodePorts: .*default/),
    ]);
  });

  it('does not mirror Endpoints of a Service with a selector, or labelled skip-mirror, or without a Service', () => {
    const withSelector = ok(
      TEXT.replace('    clusterIP: 10.96.50.10\n', '    clusterIP: 10.96.50.10\n    selector: { app: db }\n'),
    );
    expect(
      withSelector.input.endpointSlices.some(
        (s) => s.metadata.labels['kubernetes.io/service-name'] === 'legacy-db',
      ),
    ).toBe(false);
    expect(withSelector.warnings).toEqual([expect.stringMatching(/has a selector.*not mirrored/)]);

    const skip = ok(
      TEXT.replace(
        '    name: legacy-db\n    namespace: shop\n    resourceVersion: "40118"\n',
        '    labels:\n      endpointslice.kubernetes.io/skip-mirror: "true"\n    name: legacy-db\n    namespace: shop\n    resourceVersion: "40118"\n',
      ),
    );
    expect(skip.input.endpointSlices.map((s) => s.metadata.name)).toEqual(['search-x7k2p']);
    expect(skip.warnings).toEqual([expect.stringMatching(/skip-mirror=true/)]);

    const orphan = ok(
      TEXT.replace(
        '    name: legacy-db\n    namespace: shop\n    resourceVersion: "40118"\n',
        '    name: legacy\n    namespace: shop\n    resourceVersion: "40118"\n',
      ),
    );
    expect(orphan.warnings).toEqual([expect.stringMatching(/Service shop\/legacy does not exist/)]);
  });

  it('mirrors one slice per address family and skips addresses that are not IPs', () => {
    const t = TEXT.replace(
      '    notReadyAddresses:\n    - ip: 10.0.5.21\n',
      '    - ip: fd00::20\n    - ip: db.example.com\n    notReadyAddresses:\n    - ip: 10.0.5.21\n',
    );
    const { input, warnings } = ok(t);
    const slices = input.endpointSlices.filter(
      (s) => s.metadata.labels['kubernetes.io/service-name'] === 'legacy-db',
    );
    expect(slices.map((s) => [s.addressType, s.endpoints.flatMap((e) => e.addresses)])).toEqual([
      ['IPv4', ['10.0.5.20', '10.0.5.21']],
      ['IPv6', ['fd00::20']],
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/"db\.example\.com" is not mirrored \(not an IP address\)/),
    ]);
  });

  it('names the supported kinds for an unknown Endpoints apiVersion', () => {
    const r = parseScenario(
      TEXT.replace('- apiVersion: v1\n  kind: Endpoints', '- apiVersion: v2\n  kind: Endpoints'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/supported: .*v1 Endpoints/);
  });
});
