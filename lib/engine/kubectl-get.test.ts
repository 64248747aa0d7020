/**
 * Issue 17 item 2: `kubectl get -o yaml` output (lib/scenario/__fixtures__/kubectl-get.yaml) traced by the real
 * engine. Expectations from the Kubernetes docs, not from the engine:
 *  - Endpoints `notReadyAddresses` are not ready, so kube-proxy does not send Service traffic to them (Service
 *    docs, "Endpoints"; EndpointSlice conditions: only ready endpoints receive traffic unless all are terminating).
 *  - a single unnamed Service port matches the EndpointSlice port with name "" (EndpointSlice docs: the port
 *    name matches the Service port name; unnamed = "").
 *  - loadBalancerSourceRanges (space-padded in the object) restrict LoadBalancer clients (Service docs,
 *    "Restricting access to a LoadBalancer": only those CIDRs; others are dropped).
 *  - allocateLoadBalancerNodePorts: false with ip targets: the load balancer sends to Pod IPs directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, objectsOf, trace } from './__fixtures__/build';

const TEXT = readFileSync(join(__dirname, '..', 'scenario', '__fixtures__', 'kubectl-get.yaml'), 'utf8');
const m = modelFrom(TEXT, 'kubectl-get.yaml');

describe('kubectl get -o yaml fixture traced', () => {
  it('a selector-less Service backed by v1 Endpoints reaches only the ready address', () => {
    const ts = trace(m, 'legacy');
    expect(ts.paths.map((p) => `${p.endpoint?.ip}:${p.endpoint?.port}`)).toEqual(['10.0.5.20:5432']);
    expect(ts.paths.every((p) => p.disposition === ts.disposition)).toBe(true);
    expect(ts.disposition).not.toMatch(/DROPPED|REFUSED|REJECTED/);
    expect(m.services.get('shop/legacy-db')!.endpointsSource).toBe('explicit');
  });

  it('a v1beta1 EndpointSlice with port name "" serves the unnamed Service port', () => {
    const ts = trace(m, 'search');
    expect(ts.disposition).toBe('DELIVERED');
    expect(objectsOf(ts)).toEqual(['pod/shop/search-1']);
    const ep = m.services.get('shop/search')!.ports[0]!.endpoints;
    expect(ep.map((e) => [e.ip, e.port, e.nodeName, e.zone])).toEqual([
      ['10.244.2.7', 9200, 'node-2', 'zone-b'],
    ]);
  });

  it('space-padded loadBalancerSourceRanges allow their clients and drop others', () => {
    for (const id of ['lb-allowed', 'lb-allowed-padded']) {
      const ts = trace(m, id);
      expect(ts.disposition, id).toBe('DELIVERED');
      expect(objectsOf(ts), id).toEqual(['pod/shop/api-1']);
    }
    const denied = trace(m, 'lb-denied');
    expect(denied.disposition).toBe('DROPPED');
    expect(denied.paths.some((p) => p.endpoint)).toBe(false);
  });

  it('allocateLoadBalancerNodePorts: false allocates no NodePort', () => {
    const svc = m.services.get('shop/api')!;
    expect(svc.allocateLoadBalancerNodePorts).toBe(false);
    expect(svc.ports.map((p) => p.nodePort)).toEqual([undefined]);
    expect([...m.servicePortsByNodePort.values()].some((r) => r.service.id === 'shop/api')).toBe(false);
  });
});
