/**
 * CNI and node-level behaviour: encapsulation headers (R2.4), native routing (R2.5), routed same-node
 * delivery (R2.3), hairpin (R12.5), Pod egress masquerade (R6.3), NodePort addresses (R4.1, R4.6), hostPort,
 * Cilium socket-LB and N-S modes (R11.5, R11.6), cloud LB entry nodes (R5.2, R5.4, R5.6).
 */
import { describe, expect, it } from 'vitest';
import { c1With, coarse, objectsOf, trace } from '../__fixtures__/build';

const cluster = (cni: string, dp = 'iptables', extra = '') => `  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    cni: ${cni}
    serviceDataplane: { mode: ${dp}${extra} }
`;

const REQS = `  requests:
    - id: cross
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.2.8, port: 9090 }
    - id: same
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.1.7, port: 9090 }
    - id: hairpin
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.130.7, port: 80 }
    - id: internet
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 93.184.216.34, port: 443 }
    - id: nodeport-other-node
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 192.168.1.12, port: 30080 }
    - id: localhost-nodeport
      from: { node: node-2 }
      to: { ip: 127.0.0.1, port: 30080 }
    - id: nodeport-external
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { ip: 192.168.1.11, port: 30080 }
    - id: lb
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { url: "https://shop.example.com/api/orders" }
    - id: pod-to-lb
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 203.0.113.10, port: 443 }
    - id: ping-pod
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.3.9, protocol: ICMP }
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}]}
`;

describe('encapsulation and routing (R2.3–R2.6)', () => {
  it('flannel VXLAN: outer header node→node UDP/8472 VNI 1, inner IPs unchanged', () => {
    const ts = trace(c1With({ requests: REQS }), 'cross');
    const encap = ts.paths[0]!.hops.find((h) => h.at.endsWith('/vxlan'));
    expect(encap?.rewrites[0]?.kind).toBe('ENCAP');
    const node2 = ts.paths[0]!.hops.find((h) => h.at === 'node/node-2');
    expect(node2?.packet.outer).toEqual({
      src: '192.168.1.10',
      dst: '192.168.1.11',
      protocol: 'UDP',
      port: 8472,
      vni: 1,
    });
    expect(ts.paths[0]!.sourceSeenByDestination).toBe('10.244.1.5');
  });
  it('calico IPIP: IP-in-IP outer header', () => {
    const ts = trace(c1With({ requests: REQS, cluster: cluster('{ plugin: calico, mode: ipip }') }), 'cross');
    expect(ts.paths[0]!.hops.find((h) => h.at === 'node/node-2')?.packet.outer).toEqual({
      src: '192.168.1.10',
      dst: '192.168.1.11',
      protocol: 'IPIP',
    });
  });
  it('calico VXLAN uses UDP 4789; CrossSubnet on one subnet routes natively', () => {
    const vx = trace(
      c1With({ requests: REQS, cluster: cluster('{ plugin: calico, mode: vxlan }') }),
      'cross',
    );
    expect(vx.paths[0]!.hops.find((h) => h.at === 'node/node-2')?.packet.outer?.port).toBe(4789);
    const cs = trace(
      c1With({ requests: REQS, cluster: cluster('{ plugin: calico, mode: vxlan, crossSubnet: true }') }),
      'cross',
    );
    expect(cs.paths[0]!.hops.some((h) => h.packet.outer)).toBe(false);
  });
  // Calico IPAM hands out /26 blocks (IPPool blockSize, default 26 for IPv4) and ignores the node's podCIDR, so
  // the route a node holds (BGP-learned "proto bird", or via tunl0) is the block's /26, never the node's /24.
  // host-local IPAM (Flannel) routes the node's podCIDR. docs.tigera.io …/reference/resources/ippool
  it('calico routes the remote /26 IPAM block, flannel the node podCIDR (R2.4, R2.5)', () => {
    const routeStep = (cni: string) =>
      trace(c1With({ requests: REQS, cluster: cluster(cni) }), 'cross')
        .paths[0]!.hops.flatMap((h) => h.steps)
        .find((s) => s.startsWith('node-1 route ') && s.includes(' via '));
    for (const mode of ['bgp', 'ipip', 'vxlan']) {
      const step = routeStep(`{ plugin: calico, mode: ${mode} }`);
      expect(step).toContain('10.244.2.0/26');
      expect(step).not.toContain('/24');
    }
    expect(routeStep('{ plugin: flannel, mode: host-gw }')).toContain('10.244.2.0/24');
    expect(routeStep('{ plugin: flannel, mode: vxlan }')).toContain('10.244.2.0/24');
  });
  it('flannel host-gw: native routing, no encapsulation, optional routed hop (R2.5)', () => {
    const ts = trace(
      c1With({ requests: REQS, cluster: cluster('{ plugin: flannel, mode: host-gw }') }),
      'cross',
    );
    expect(coarse(ts)).toEqual([
      'Container(container/shop/frontend-1/web)',
      'Pod(pod/shop/frontend-1)',
      'CNI(cni/node-1)',
      'Node(node/node-1)',
      'Node(node/node-2)',
      'CNI(cni/node-2)',
      'Pod(pod/shop/backend-2)',
      'Container(container/shop/backend-2/api)',
    ]);
  });
  it('same node, bridged: no Node hop (S03)', () => {
    const ts = trace(c1With({ requests: REQS }), 'same');
    expect(coarse(ts)).toEqual([
      'Container(container/shop/frontend-1/web)',
      'Pod(pod/shop/frontend-1)',
      'CNI(cni/node-1)',
      'Pod(pod/shop/backend-1)',
      'Container(container/shop/backend-1/api)',
    ]);
  });
  it('ICMP to a Pod IP is answered by the Pod', () =>
    expect(trace(c1With({ requests: REQS }), 'ping-pod').disposition).toBe('DELIVERED'));
});

describe('hairpin and egress (R12.5, R6.3)', () => {
  it('a Pod reaching itself through its Service is masqueraded (bridge address)', () => {
    const ts = trace(c1With({ requests: REQS }), 'hairpin');
    expect(objectsOf(ts)).toEqual(['pod/shop/frontend-1']);
    expect(ts.paths[0]!.masqueraded).toBe(true);
    expect(ts.paths[0]!.sourceSeenByDestination).toBe('10.244.1.1');
  });
  it('without hairpin mode on the bridge the connection fails', () => {
    const ts = trace(
      c1With({ requests: REQS, cluster: cluster('{ plugin: flannel, mode: vxlan, hairpinMode: false }') }),
      'hairpin',
    );
    expect(ts.disposition).toBe('DROPPED');
  });
  it('Pod egress to the internet leaves the cluster masqueraded to the node IP', () => {
    const ts = trace(c1With({ requests: REQS }), 'internet');
    expect(ts.disposition).toBe('EXITS_CLUSTER');
    expect(ts.paths[0]!.sourceSeenByDestination).toBe('192.168.1.10');
  });
});

describe('NodePorts (R4.1–R4.6)', () => {
  it("a Pod dialling another node's NodePort: CNI masquerade, then NodePort on node-3 (Cluster policy)", () => {
    const ts = trace(c1With({ requests: REQS }), 'nodeport-other-node');
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')?.at).toBe('kube-proxy/node-3');
  });
  it('localhost NodePorts: iptables yes, nftables no (R4.1)', () => {
    expect(trace(c1With({ requests: REQS }), 'localhost-nodeport').disposition).toBe('DELIVERED');
    expect(
      trace(
        c1With({ requests: REQS, cluster: cluster('{ plugin: flannel, mode: vxlan }', 'nftables') }),
        'localhost-nodeport',
      ).disposition,
    ).toBe('REFUSED');
  });
  it('nodePortAddresses restricts where NodePorts are open', () => {
    const ts = trace(
      c1With({
        requests: REQS,
        cluster: cluster('{ plugin: flannel, mode: vxlan }', 'iptables', ', nodePortAddresses: [10.0.0.0/8]'),
      }),
      'nodeport-external',
    );
    expect(ts.disposition).toBe('REFUSED');
  });
  describe('--nodeport-addresses in the iptables rules (proxier.go; TestOnlyLocalNodePorts, NewNodePortAddresses)', () => {
    const JUMP =
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
    const flannel = '{ plugin: flannel, mode: vxlan }';
    const kernelLines = (ts: ReturnType<typeof trace>) =>
      ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!.kernel!.rules!.lines;
    it('CIDRs given: one `-d <node IP>` jump per node address in them; localhost is not among them', () => {
      const c = c1With({
        requests: REQS,
        cluster: cluster(
          flannel,
          'iptables',
          ', nodePortAddresses: [192.168.1.0/24, "2001:db8::/64"], localhostNodePorts: false',
        ),
      });
      const ts = trace(c, 'nodeport-external');
      expect(ts.disposition).toBe('DELIVERED');
      expect(
        kernelLines(ts).filter(
          (l) => l.text.includes('KUBE-NODEPORTS') && l.text.startsWith('-A KUBE-SERVICES'),
        ),
      ).toEqual([{ text: `${JUMP} -d 192.168.1.11 -j KUBE-NODEPORTS`, hit: true }]);
      expect(trace(c, 'localhost-nodeport').disposition).toBe('REFUSED');
      // The hop's own step says the same.
      expect(ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!.steps[0]).toBe(
        'nat PREROUTING → KUBE-SERVICES (no VIP match) → KUBE-NODEPORTS (-d 192.168.1.11, tcp dpt:30080)',
      );
    });
    it('a CIDR holding 127.0.0.1 (with localhost NodePorts) adds a `-d 127.0.0.1` jump, the one a node-local request takes', () => {
      const ts = trace(
        c1With({
          requests: REQS,
          cluster: cluster(flannel, 'iptables', ', nodePortAddresses: [192.168.1.0/24, 127.0.0.1/32]'),
        }),
        'localhost-nodeport',
      );
      expect(ts.disposition).toBe('DELIVERED');
      expect(kernelLines(ts).filter((l) => l.text.startsWith(`${JUMP} -d`))).toEqual([
        { text: `${JUMP} -d 192.168.1.11 -j KUBE-NODEPORTS`, hit: false },
        { text: `${JUMP} -d 127.0.0.1 -j KUBE-NODEPORTS`, hit: true },
      ]);
    });
    it('matching all without localhost NodePorts: the addrtype LOCAL jump excludes 127.0.0.0/8', () => {
      const ts = trace(
        c1With({ requests: REQS, cluster: cluster(flannel, 'iptables', ', localhostNodePorts: false') }),
        'nodeport-external',
      );
      expect(kernelLines(ts).map((l) => l.text)).toContain(
        `${JUMP} -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS`,
      );
      expect(ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!.steps[0]).toBe(
        'nat PREROUTING → KUBE-SERVICES (no VIP match) → KUBE-NODEPORTS (dst-type LOCAL, ! -d 127.0.0.0/8, tcp dpt:30080)',
      );
    });
    it('nftables, --nodeport-addresses matching all: the step names the fib rule kube-proxy writes, not @nodeport-ips', () => {
      const ts = trace(
        c1With({ requests: REQS, cluster: cluster(flannel, 'nftables', ', nodePortAddresses: [0.0.0.0/0]') }),
        'nodeport-external',
      );
      expect(ts.disposition).toBe('DELIVERED');
      expect(ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!.steps[0]).toBe(
        'nat-prerouting → services: fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports (tcp . 30080)',
      );
    });
    it('only CIDRs of the other family: this family matches all (NewNodePortAddresses adds its zero CIDR)', () => {
      const ts = trace(
        c1With({
          requests: REQS,
          cluster: cluster(flannel, 'iptables', ', nodePortAddresses: ["2001:db8::/64"]'),
        }),
        'nodeport-external',
      );
      expect(ts.disposition).toBe('DELIVERED');
      expect(kernelLines(ts).map((l) => l.text)).toContain(
        `${JUMP} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
      );
    });
  });
  it('Cilium N-S: snat masquerades, dsr keeps the client address (R11.6)', () => {
    const snat = trace(
      c1With({ requests: REQS, cluster: cluster('{ plugin: cilium, mode: tunnel }', 'cilium') }),
      'nodeport-external',
    );
    expect(snat.paths.every((p) => p.masqueraded)).toBe(true);
    const dsr = trace(
      c1With({
        requests: REQS,
        cluster: cluster(
          '{ plugin: cilium, mode: tunnel }',
          'cilium',
          ', cilium: { socketLB: true, lbMode: dsr }',
        ),
      }),
      'nodeport-external',
    );
    expect(dsr.paths.every((p) => !p.masqueraded && p.sourceSeenByDestination === '198.51.100.7')).toBe(true);
  });
  it("Cilium socket-LB: translation before the Pod's interface, no Service hop, VIP never on the wire (S38)", () => {
    const ts = trace(
      c1With({
        requests: REQS.replace('to: { ip: 10.244.2.8, port: 9090 }', 'to: { ip: 10.96.120.15, port: 80 }'),
        cluster: cluster('{ plugin: cilium, mode: tunnel }', 'cilium'),
      }),
      'cross',
    );
    const p = ts.paths.find((x) => x.endpoint?.object === 'pod/shop/backend-2')!;
    expect(coarse(ts, 'pod/shop/backend-2').slice(0, 3)).toEqual([
      'Container(container/shop/frontend-1/web)',
      'kube-proxy(kube-proxy/node-1)',
      'Pod(pod/shop/frontend-1)',
    ]);
    expect(p.hops.some((h) => h.layer === 'Service')).toBe(false);
    expect(p.hops.filter((h) => h.layer === 'CNI').every((h) => h.packet.dst === '10.244.2.8')).toBe(true);
  });
});

describe('cloud LB (R5.2, R5.4, R5.6)', () => {
  it('ETP Local + health checks: only node-2 (hosting the controller) receives traffic; client IP kept', () => {
    const ts = trace(c1With({ requests: REQS, extra: INGRESS }), 'lb');
    expect(ts.disposition).toBe('DELIVERED');
    for (const p of ts.paths) {
      expect(p.hops.find((h) => h.layer === 'kube-proxy')?.at).toBe('kube-proxy/node-2');
      expect(p.hops.find((h) => h.at.startsWith('pod/ingress-nginx'))?.packet.src).toBe('198.51.100.7');
    }
  });
  it('an in-cluster client to the LB IP is short-circuited on its node (ipMode VIP)…', () => {
    const ts = trace(c1With({ requests: REQS, extra: INGRESS }), 'pod-to-lb');
    expect(ts.paths.some((p) => p.hops.some((h) => h.layer === 'Cloud LB'))).toBe(false);
    expect(ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')?.at).toBe('kube-proxy/node-1');
  });
  it('…and really goes to the cloud LB with ipMode Proxy (masqueraded to the node IP first)', () => {
    const m = c1With({
      requests: REQS,
      extra: INGRESS,
      patch: (t) => t.replace('- { ip: 203.0.113.10, ipMode: VIP }', '- { ip: 203.0.113.10, ipMode: Proxy }'),
    });
    expect(m.services.get('ingress-nginx/ingress-nginx-controller')!.loadBalancerIngress[0]?.ipMode).toBe(
      'Proxy',
    );
    const ts = trace(m, 'pod-to-lb');
    expect(ts.paths.every((p) => p.hops.some((h) => h.layer === 'Cloud LB'))).toBe(true);
    expect(ts.paths.every((p) => p.masqueraded)).toBe(true);
  });
});
