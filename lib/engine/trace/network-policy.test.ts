/**
 * NetworkPolicy (R10.1–R10.9) on C1 with an enforcing CNI: S35 (default-deny ingress + allow), S37 (NodePort
 * SNAT vs ipBlock, own-node exception, pre-NAT switch), egress isolation (both sides, post-DNAT port), DNS
 * egress (R10.8), deny action reject.
 */
import { describe, expect, it } from 'vitest';
import { c1With, trace } from '../__fixtures__/build';

const CLUSTER = (extra = '') => `  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    cni: { plugin: calico, mode: vxlan }
    networkPolicy: { enforced: true${extra} }
`;

const S35 = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: backend}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: frontend}}}]
      ports: [{protocol: TCP, port: 9090}]
`;

const REQS = `  requests:
    - id: frontend-to-backend
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.120.15, port: 80 }
    - id: tools-to-backend
      from: { pod: web/tools-1 }
      to: { ip: 10.96.120.15, port: 80 }
    - id: kubelet-probe
      from: { node: node-2 }
      to: { ip: 10.244.2.8, port: 9090 }
    - id: office-nodeport
      from: { external: { name: office, ip: 198.51.100.7 } }
      to: { ip: 192.168.1.11, port: 30080 }
    - id: outsider-same-node
      from: { external: { name: outsider, ip: 203.0.113.99 } }
      to: { ip: 192.168.1.10, port: 30080 }
    - id: office-same-node
      from: { external: { name: office, ip: 198.51.100.7 } }
      to: { ip: 192.168.1.10, port: 30080 }
    - id: by-name
      from: { pod: shop/frontend-1, container: web }
      to: { url: "http://backend/" }
`;

describe('S35: default-deny ingress + allow from app=frontend on 9090', () => {
  const model = c1With({ requests: REQS, cluster: CLUSTER(), extra: S35 });
  it('(a) frontend → backend:80 is allowed: the policy sees the post-DNAT port 9090 (R10.6)', () =>
    expect(trace(model, 'frontend-to-backend').disposition).toBe('DELIVERED'));
  it('(b) tools-1 (namespace web) is denied at each endpoint: DENIED_IN, timeout (R10.7)', () => {
    const ts = trace(model, 'tools-to-backend');
    expect(ts.disposition).toBe('DENIED_IN');
    expect(ts.symptom).toBe('TIMEOUT');
    expect(ts.paths).toHaveLength(3);
    for (const p of ts.paths) {
      expect(p.hops.some((h) => h.layer === 'kube-proxy')).toBe(true); // the DNAT still happens
      expect(p.hops[p.hops.length - 1]?.layer).toBe('CNI');
    }
  });
  it("(c) the kubelet on the Pod's own node is always allowed (R10.5)", () =>
    expect(trace(model, 'kubelet-probe').disposition).toBe('DELIVERED'));
  it('a policy written for the Service port 80 denies (policies see the endpoint port)', () => {
    const m = c1With({ requests: REQS, cluster: CLUSTER(), extra: S35.replace('port: 9090', 'port: 80') });
    expect(trace(m, 'frontend-to-backend').disposition).toBe('DENIED_IN');
  });
  it('deny action reject → the client sees connection refused', () => {
    const m = c1With({ requests: REQS, cluster: CLUSTER(', denyAction: reject'), extra: S35 });
    const ts = trace(m, 'tools-to-backend');
    expect(ts.disposition).toBe('DENIED_IN');
    expect(ts.symptom).toBe('CONNECTION_REFUSED');
  });
  it('without an enforcing plugin, policies have no effect (R10.7)', () => {
    const m = c1With({
      requests: REQS,
      cluster: CLUSTER().replace('enforced: true', 'enforced: false'),
      extra: S35,
    });
    expect(trace(m, 'tools-to-backend').disposition).toBe('DELIVERED');
  });
});

describe('S37: NodePort SNAT vs an ipBlock policy (R10.5, R10.6)', () => {
  const pol = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-office, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  ingress:
    - from: [{ipBlock: {cidr: 198.51.100.0/24}}]
      ports: [{protocol: TCP, port: 8080}]
`;
  const model = c1With({ requests: REQS, cluster: CLUSTER(), extra: pol });
  it('(a) ETP Cluster via node-2: SNATed to a node-2 address → DENIED_IN', () => {
    const ts = trace(model, 'office-nodeport');
    expect(ts.disposition).toBe('DENIED_IN');
    expect(ts.paths.every((p) => p.masqueraded)).toBe(true);
  });
  // Issue 17 (R10.5, R10.6 [IMPL]): Calico enforces in filter FORWARD — after kube-proxy's DNAT, before the
  // MASQUERADE of the node hosting the Pod — so a client SNATed on that same node is seen as itself; and the
  // own-node exception covers traffic the node originates, not a client it masquerades.
  it('(c) outsider via node-1 (hosts frontend-1): Calico sees the real client → DENIED_IN', () => {
    const ts = trace(model, 'outsider-same-node');
    expect(ts.disposition).toBe('DENIED_IN');
    expect(ts.reason).toContain('203.0.113.99');
  });
  // R10.6 and R12.1 (MASQUERADE is a nat POSTROUTING rule, kube-proxy's KUBE-POSTROUTING; only a marked packet that
  // reaches POSTROUTING is rewritten, and the kernel confirms a new conntrack entry there): a packet Calico drops in
  // filter FORWARD on the same node never gets the SNAT kube-proxy marked it for, and leaves no conntrack entry.
  it('(c) the outsider dropped on node-1 was never masqueraded: no SNAT, no POSTROUTING, no conntrack entry', () => {
    const ts = trace(model, 'outsider-same-node');
    for (const p of ts.paths) {
      expect(p.masqueraded).toBe(false);
      expect(p.sourceSeenByDestination).toBe('203.0.113.99');
      expect(p.hops.flatMap((h) => h.rewrites).filter((r) => r.kind === 'SNAT')).toEqual([]);
      expect(p.hops.at(-1)!.packet.src).toBe('203.0.113.99');
      const kp = p.hops.find((h) => h.layer === 'kube-proxy')!;
      expect(kp.rewrites.map((r) => r.kind)).toEqual(['DNAT']);
      const lines = kp.kernel!.rules!.lines;
      expect(
        lines.find((l) => l.text.includes('-j KUBE-MARK-MASQ') && l.text.includes('KUBE-EXT'))?.hit,
      ).toBe(true);
      expect(lines.filter((l) => /POSTROUTING/.test(l.text) && l.hit)).toEqual([]);
      expect(kp.kernel!.conntrack).toBeUndefined();
      expect(kp.steps.join(' ')).not.toMatch(/MASQUERADE 203\.0\.113\.99 → 192\.168\.1\.10 \(/);
    }
    expect(ts.reason).toContain('never applied');
  });
  it('(c) in nftables mode likewise: the masquerading chain is not reached', () => {
    const m = c1With({
      requests: REQS,
      cluster: CLUSTER().replace(
        '    networkPolicy',
        '    serviceDataplane: { mode: nftables }\n    networkPolicy',
      ),
      extra: pol,
    });
    const ts = trace(m, 'outsider-same-node');
    expect(ts.disposition).toBe('DENIED_IN');
    const kp = ts.paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!;
    expect(kp.kernel!.rules!.lines.filter((l) => /postrouting|masquerading/.test(l.text) && l.hit)).toEqual(
      [],
    );
    expect(ts.paths[0]!.masqueraded).toBe(false);
  });
  it('(a) via node-2 the SNAT is done on node-2, before the packet reaches node-1: still masqueraded', () => {
    const p = trace(model, 'office-nodeport').paths[0]!;
    expect(p.sourceSeenByDestination).not.toBe('198.51.100.7');
    expect(p.hops.find((h) => h.layer === 'kube-proxy')!.kernel!.conntrack).toContain('dst=10.244.2.0');
  });
  it('(c′) the office client via node-1: Calico sees 198.51.100.7 before the MASQUERADE → DELIVERED', () => {
    const ts = trace(model, 'office-same-node');
    expect(ts.disposition).toBe('DELIVERED');
    // Allowed, it reaches POSTROUTING: kube-proxy's MASQUERADE applies (ETP Cluster, R4.3).
    expect(ts.paths.every((p) => p.masqueraded)).toBe(true);
  });
  it('a plugin enforcing at the Pod interface after the SNAT sees node-1 — and that is no own-node exception', () => {
    const m = c1With({ requests: REQS, cluster: CLUSTER(', enforcementPoint: after-snat'), extra: pol });
    const office = trace(m, 'office-same-node');
    expect(office.disposition).toBe('DENIED_IN');
    expect(office.reason).not.toContain('198.51.100.7');
    expect(trace(m, 'outsider-same-node').disposition).toBe('DENIED_IN');
  });
  it('policySeesPreNatSource: the office client is allowed, the outsider is not', () => {
    const m = c1With({ requests: REQS, cluster: CLUSTER(', policySeesPreNatSource: true'), extra: pol });
    expect(trace(m, 'office-nodeport').disposition).toBe('DELIVERED');
    expect(trace(m, 'outsider-same-node').disposition).toBe('DENIED_IN');
  });
});

describe('egress isolation (R10.1, R10.3, R10.8)', () => {
  const denyEgress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: shop}
spec: {podSelector: {matchLabels: {app: frontend}}, policyTypes: [Egress]}
`;
  const allowBackend = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-backend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: backend}}}]
      ports: [{protocol: TCP, port: 9090}]
`;
  const allowDns = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`;
  it('default-deny egress: DENIED_OUT at the source Pod after the DNAT', () => {
    const ts = trace(
      c1With({ requests: REQS, cluster: CLUSTER(), extra: denyEgress }),
      'frontend-to-backend',
    );
    expect(ts.disposition).toBe('DENIED_OUT');
    for (const p of ts.paths) expect(p.hops.some((h) => h.layer === 'kube-proxy')).toBe(true);
  });
  it('an egress allow for the endpoint port lets it through', () =>
    expect(
      trace(
        c1With({ requests: REQS, cluster: CLUSTER(), extra: denyEgress + allowBackend }),
        'frontend-to-backend',
      ).disposition,
    ).toBe('DELIVERED'));
  it('R10.8: egress isolation without a DNS rule breaks name resolution before any connection', () => {
    const ts = trace(
      c1With({ requests: REQS, cluster: CLUSTER(), extra: denyEgress + allowBackend }),
      'by-name',
    );
    // R10.8: the dropped query gets no answer at all — the resolver retries and times out; nothing answered
    // NXDOMAIN, and no connection is attempted.
    expect(ts.disposition).toBe('DNS_TIMEOUT');
    expect(ts.symptom).toBe('NAME_NOT_RESOLVED');
    expect(ts.reason).toMatch(/^DNS timed out/);
    expect(ts.reason).toContain('default-deny-egress');
    expect(ts.dns?.tried.length).toBeGreaterThan(0);
    expect(ts.dns?.tried.every((t) => t.result === 'NO_ANSWER')).toBe(true);
    expect(ts.dns?.answers).toEqual([]);
    for (const p of ts.paths) {
      expect(p.disposition).toBe('DNS_TIMEOUT');
      expect(p.hops.some((h) => h.layer === 'Service' && h.at === 'service/shop/backend')).toBe(false);
    }
  });
  it('…and with a DNS egress rule the name resolves and the connection is delivered', () => {
    const ts = trace(
      c1With({ requests: REQS, cluster: CLUSTER(), extra: denyEgress + allowBackend + allowDns }),
      'by-name',
    );
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.dns?.answers).toEqual(['10.96.120.15']);
  });
});
