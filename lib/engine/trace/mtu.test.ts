/**
 * The MTU check of a sized request (reference B15, R15.1–R15.7), each expectation written from the rule it cites,
 * on cluster C1 (Flannel VXLAN unless a test switches the CNI): frontend-1 (node-1, 10.244.1.5) → backend-2 (node-2,
 * 10.244.2.8:9090), a cross-node path over the overlay.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario';
import { C1_TEXT, c1With } from '../__fixtures__/build';
import { trace } from './index';
import type { TraceSet } from '../types';

const CLUSTER = (cni: string, mtu: string) => `  cluster:
    domain: cluster.local
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    dnsService: kube-system/kube-dns
    cni: ${cni}
    serviceDataplane: { mode: iptables, localTrafficDetector: ClusterCIDR }
    networkPolicy: { enforced: false }
${mtu ? `    mtu: ${mtu}\n` : ''}`;

const FLANNEL = '{ plugin: flannel, mode: vxlan }';

function run(opts: { cni?: string; mtu?: string; request: string }): TraceSet {
  const m = c1With({
    cluster: CLUSTER(opts.cni ?? FLANNEL, opts.mtu ?? ''),
    requests: `  requests:\n${opts.request}`,
  });
  return trace(m);
}

const POD_TO_POD = (extra: string) => `  - id: main
    from: { pod: shop/frontend-1, container: web }
    to: { url: "http://10.244.2.8:9090/" }
${extra}`;

function steps(ts: TraceSet): string[] {
  return ts.paths.flatMap((p) => p.hops.flatMap((h) => h.steps));
}

describe('MTU check (R15)', () => {
  it('does nothing without a size: the trace is the one of the plain request', () => {
    const plain = run({ request: POD_TO_POD('') });
    expect(plain.disposition).toBe('DELIVERED');
    expect(plain.rules.some((r) => r.startsWith('R15.'))).toBe(false);
    expect(steps(plain).some((s) => s.includes('MTU'))).toBe(false);
  });

  it('R15.3: a small response is one packet below every MTU, even over a narrow layer-2 underlay', () => {
    const ts = run({
      mtu: '{ node: 1500, underlay: { name: the provider network, mtu: 1450, device: switch } }',
      request: POD_TO_POD('    responseBytes: 600'),
    });
    expect(ts.disposition).toBe('DELIVERED');
    // 600 bytes of data + 20 IP + 20 TCP + 12 timestamp option = one 652-byte packet.
    expect(ts.reason).toContain('one 652-byte packet');
  });

  it('R15.1/R15.2: Flannel VXLAN gives flannel.1 and the Pods eth0 − 50; full segments are 1450 bytes', () => {
    const ts = run({ mtu: '{ node: 9001 }', request: POD_TO_POD('    responseBytes: 100000') });
    expect(ts.disposition).toBe('DELIVERED');
    const s = steps(ts);
    expect(s.some((x) => x.includes('flannel.1 8951 = eth0 9001 − 50 (VXLAN)'))).toBe(true);
    // MSS = 8951 − 40; segments min(8951, 8911 + 40) = 8951 bytes; with the timestamp option 8899 bytes of data.
    expect(s.some((x) => x.includes('full-sized 8951-byte segments (tcp 8899)'))).toBe(true);
  });

  it('R15.4: a Pod MTU above flannel.1 costs one round trip: node-2 itself drops and sends ICMP type 3 code 4', () => {
    const ts = run({ mtu: '{ node: 1500, pod: 1500 }', request: POD_TO_POD('    responseBytes: 250000') });
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.symptom).toBe('OK');
    expect(ts.rules).toContain('R15.4');
    // 1500-byte segments (frontend-1 announced MSS 1460) cannot leave node-2 through flannel.1 (1450); the ICMP
    // comes from cni0's address 10.244.2.1 (the interface towards backend-2) and carries mtu 1450.
    expect(ts.reason).toContain('1500-byte response segment is dropped at node-2');
    expect(ts.reason).toContain('mtu 1450');
    expect(steps(ts)).toContainEqual(
      expect.stringContaining(
        'IP 10.244.2.1 > 10.244.2.8: ICMP 10.244.1.5 unreachable - need to frag (mtu 1450), length 556',
      ),
    );
  });

  it('R15.6: a layer-2 underlay narrower than the outer packet is a black hole; the verdict is on the overlay hop', () => {
    const ts = run({
      mtu: '{ node: 1500, underlay: { name: the provider network, mtu: 1450, device: switch } }',
      request: POD_TO_POD('    responseBytes: 250000'),
    });
    expect(ts.disposition).toBe('MTU_BLACKHOLE');
    expect(ts.symptom).toBe('TIMEOUT');
    const p = ts.paths[0]!;
    const marked = p.hops.filter((h) => h.verdict);
    expect(marked.map((h) => h.at)).toEqual(['cni/node-1->node-2/vxlan']);
    // The request itself reached backend-2: the path still ends at its container, unmarked.
    expect(p.hops.at(-1)!.layer).toBe('Container');
    expect(p.endpoint?.object).toBe('pod/shop/backend-2');
    // 1450 inner + 50 VXLAN = 1500 outer > 1450; no router, so no ICMP.
    expect(ts.reason).toContain('outer 1500-byte packets exceed the provider network (MTU 1450)');
    expect(ts.reason).toContain('no ICMP');
    expect(ts.reason).toMatch(/1400/); // the fix: node MTU 1450 → the CNI computes 1400
  });

  it('R15.5: VXLAN leaves the outer DF clear, so a narrower router fragments instead of dropping', () => {
    const ts = run({
      mtu: '{ node: 1500, underlay: { name: the WAN router, mtu: 1400, device: router, icmpFragNeeded: filtered } }',
      request: POD_TO_POD('    responseBytes: 250000'),
    });
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.rules).toContain('R15.5');
    expect(ts.reason).toContain('fragments');
  });

  it('R15.5: IP-in-IP copies DF; with ICMP returned, two rounds of PMTU discovery (router → node, tunnel → Pod)', () => {
    const ts = run({
      cni: '{ plugin: calico, mode: ipip }',
      mtu: '{ node: 1500, underlay: { name: the WAN router, mtu: 1400, device: router } }',
      request: POD_TO_POD('    responseBytes: 250000'),
    });
    expect(ts.disposition).toBe('DELIVERED');
    // Pods 1480 (1500 − 20); outer 1500 > 1400 → the node learns 1400, tunl0 answers the Pod with 1400 − 20.
    expect(steps(ts).some((s) => s.includes('tunl0 1480 = eth0 1500 − 20 (IPIP)'))).toBe(true);
    expect(ts.reason).toContain('mtu 1380');
  });

  it('R15.6: IP-in-IP over a router whose ICMP is filtered is a PMTU black hole', () => {
    const ts = run({
      cni: '{ plugin: calico, mode: ipip }',
      mtu: '{ node: 1500, underlay: { name: the WAN router, mtu: 1400, device: router, icmpFragNeeded: filtered } }',
      request: POD_TO_POD('    responseBytes: 250000'),
    });
    expect(ts.disposition).toBe('MTU_BLACKHOLE');
    expect(ts.reason).toContain('filtered');
    expect(ts.reason).toContain('ICMP type 3 code 4');
  });

  it('R15.6: without encapsulation (Calico BGP) the Pod packet itself carries DF: filtered ICMP is a black hole', () => {
    const ts = run({
      cni: '{ plugin: calico, mode: bgp }',
      mtu: '{ node: 1500, underlay: { name: the WAN router, mtu: 1400, device: router, icmpFragNeeded: filtered } }',
      request: POD_TO_POD('    responseBytes: 250000'),
    });
    expect(ts.disposition).toBe('MTU_BLACKHOLE');
    const marked = ts.paths[0]!.hops.filter((h) => h.verdict).map((h) => h.at);
    expect(marked).toEqual(['cni/node-1->node-2/native']);
  });

  it('R15.7: MSS clamping on the narrow link makes both ends send segments that fit, no ICMP needed', () => {
    const m = c1With({
      requests: `  requests:
  - id: main
    from: { external: { name: laptop, ip: 198.51.100.7 } }
    to: { url: "http://192.168.1.10:30080/" }
    responseBytes: 300000
    clientPath: { name: the VPN gateway, mtu: 1400, device: router, icmpFragNeeded: filtered, clampsMss: true }
  - id: unclamped
    from: { external: { name: laptop, ip: 198.51.100.7 } }
    to: { url: "http://192.168.1.10:30080/" }
    responseBytes: 300000
    clientPath: { name: the VPN gateway, mtu: 1400, device: router, icmpFragNeeded: filtered }`,
    });
    const clamped = trace(m, 'main');
    const unclamped = trace(m, 'unclamped');
    expect(clamped.disposition).toBe('DELIVERED');
    expect(clamped.reason).toContain('1360');
    expect(unclamped.disposition).toBe('MTU_BLACKHOLE');
  });

  it('a client path belongs to an external client: the loader says so for a Pod', () => {
    const text = C1_TEXT.replace(
      '      to: { url: "http://backend/" }',
      '      to: { url: "http://backend/" }\n      clientPath: { mtu: 1400 }',
    );
    const r = parseScenario(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message).join('\n')).toContain('external client');
  });
});
