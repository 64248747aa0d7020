/**
 * The order kube-proxy writes a Service port's endpoints in, transcribed from kubernetes/kubernetes
 * (commit 05e14799db8e4835d686d5b604ea4c9f5708120d):
 * - pkg/proxy/endpointslicecache.go endpointsMapFromEndpointInfo: "Ensure endpoints are always returned in the same
 *   order to simplify diffing" — `sort.Sort(byEndpoint(...))`, `Less` = `e[i].String() < e[j].String()`, where
 *   `String()` is "ip:port" (a string comparison, not a numeric one);
 * - pkg/proxy/endpointslicecache_test.go TestEndpointsMapFromESC, case "2 slices, overlapping endpoints, some
 *   endpoints unready in 1 or both": generateEndpointSlice("svc1", "ns1", 1, 10, 3, …) and (…, 1, 10, 6, …), port-0
 *   = 80, addresses 10.0.1.1 … 10.0.1.10; the expected list is 10.0.1.10:80, 10.0.1.1:80, …, 10.0.1.9:80, with only
 *   10.0.1.6 neither ready nor serving (unready in both slices). compareEndpointsMapsStr compares position by
 *   position.
 * The iptables proxier writes one KUBE-SVC rule per ready endpoint in that order, every one but the last with
 * `--probability 1/(n−i)` (proxier.go writeServiceToEndpointRules, `%0.10f`); the nftables proxier numbers its
 * numgen vmap in the same order. The merged slice below is what the two upstream slices amount to (one endpoint per
 * address, 10.0.1.6 unready).
 */
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';
import { kubeProxyOrder, endpointString } from '../trace/service-dataplane';
import type { ClusterModel } from '../model';
import type { Hop } from '../types';

const ADDRS = Array.from({ length: 10 }, (_, i) => `10.0.1.${i + 1}`);

const scenario = (mode: string) => `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata: {name: kube-proxy-endpoint-order}
spec:
  title: "kube-proxy endpoint order"
  prompt: "x"
  topic: services
  difficulty: 1
  level: wire
  cluster:
    domain: cluster.local
    podCIDR: 10.0.0.0/8
    serviceCIDR: 172.30.0.0/16
    underlay: {cidr: 192.168.0.0/24}
    cni: {plugin: calico, mode: bgp}
    serviceDataplane: {mode: ${mode}, masqueradeAll: false, localTrafficDetector: ClusterCIDR}
    networkPolicy: {enforced: false}
  requests:
  - id: svc1
    from: {pod: default/client}
    to: {ip: 172.30.0.41, port: 80, protocol: TCP}
---
apiVersion: v1
kind: Node
metadata: {name: host1}
spec: {podCIDR: 10.0.0.0/24}
status:
  addresses: [{type: InternalIP, address: 192.168.0.2}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  nodeName: host1
  containers: [{name: c, image: busybox}]
status: {podIP: 10.0.0.2, phase: Running, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Service
metadata: {name: svc1, namespace: ns1}
spec:
  clusterIP: 172.30.0.41
  ports: [{name: port-0, port: 80, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc1-1, namespace: ns1, labels: {kubernetes.io/service-name: svc1}}
addressType: IPv4
endpoints:
${ADDRS.map((a) => `- {addresses: [${a}], conditions: {ready: ${a !== '10.0.1.6'}, serving: ${a !== '10.0.1.6'}}}`).join('\n')}
ports: [{name: port-0, port: 80, protocol: TCP}]
`;

/** Upstream's expected list for ns1/svc1:port-0, in order. */
const EXPECTED = [
  '10.0.1.10:80',
  '10.0.1.1:80',
  '10.0.1.2:80',
  '10.0.1.3:80',
  '10.0.1.4:80',
  '10.0.1.5:80',
  '10.0.1.6:80',
  '10.0.1.7:80',
  '10.0.1.8:80',
  '10.0.1.9:80',
];
const READY = EXPECTED.filter((e) => e !== '10.0.1.6:80');

function kernelHops(m: ClusterModel): Hop[] {
  return trace(m, 'svc1').paths.map((p) => p.hops.find((h) => h.kernel)!);
}

describe('kube-proxy endpoint order (endpointslicecache.go byEndpoint: "ip:port" as a string)', () => {
  const model = modelFrom(scenario('iptables'));
  const port = model.services.get('ns1/svc1')!.ports[0]!;

  it('TestEndpointsMapFromESC "2 slices, overlapping endpoints, …": 10.0.1.10:80 first, then .1 … .9', () => {
    expect(kubeProxyOrder(port.endpoints).map(endpointString)).toEqual(EXPECTED);
    expect(port.endpoints.find((e) => e.ip === '10.0.1.6')!.ready).toBe(false);
  });

  it('iptables: the KUBE-SVC rules follow that order, 1/(n−i) each, the last (10.0.1.9) unconditional', () => {
    const lines = kernelHops(model)[0]!.kernel!.rules!.lines.map((l) => l.text);
    const svcRules = lines.filter((l) =>
      /^-A KUBE-SVC-\S+ -m comment --comment "ns1\/svc1:port-0 -> /.test(l),
    );
    expect(svcRules.map((l) => /-> (\S+)"/.exec(l)![1])).toEqual(READY);
    expect(svcRules.map((l) => /--probability (\S+)/.exec(l)?.[1])).toEqual([
      '0.1111111111',
      '0.1250000000',
      '0.1428571429',
      '0.1666666667',
      '0.2000000000',
      '0.2500000000',
      '0.3333333333',
      '0.5000000000',
      undefined,
    ]);
  });

  it("each alternative's choice names its rule position in kube-proxy's order", () => {
    const ts = trace(model, 'svc1');
    const choice = (ip: string) => ts.paths.find((p) => p.choice.includes(`endpoint ${ip} `))!.choice;
    expect(choice('10.0.1.10')).toContain(
      'iptables rule 1 of 9, -m statistic --mode random --probability 0.1111111111',
    );
    expect(choice('10.0.1.1')).toContain(
      'iptables rule 2 of 9, -m statistic --mode random --probability 0.1250000000',
    );
    expect(choice('10.0.1.9')).toContain('iptables rule 9 of 9, unconditional');
    // The kube-proxy hop's own step says the same.
    const hop = ts.paths
      .find((p) => p.choice.includes('endpoint 10.0.1.10 '))!
      .hops.find((h) => h.layer === 'kube-proxy')!;
    expect(hop.steps.join(' ')).toContain(
      'rule 1 of 9: -m statistic --mode random --probability 0.1111111111',
    );
  });

  it('nftables: the numgen vmap numbers the endpoint chains in the same order', () => {
    const lines = kernelHops(modelFrom(scenario('nftables')))[0]!.kernel!.rules!.lines.map((l) => l.text);
    const vmap = lines.find((l) => l.includes('numgen random mod 9 vmap'))!;
    const order = [...vmap.matchAll(/(\d+) : goto endpoint-\S+__(\S+)\/80/g)].map((m) => `${m[2]}:80`);
    expect(order).toEqual(READY);
  });
});
