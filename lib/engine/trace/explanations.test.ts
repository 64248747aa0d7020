/**
 * Issue 17 (b): explanation fixes from the expert reviews, each checked against the rule or upstream source it
 * comes from (not against engine output).
 */
import { describe, expect, it } from 'vitest';
import { c1With, trace } from '../__fixtures__/build';

const CLUSTER = (dp: string, extra = '') => `  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    serviceDataplane: { mode: ${dp} }
${extra}`;

const noEndpoints = `apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec: {clusterIP: 10.96.150.9, selector: {app: nothing}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: itp-local, namespace: shop}
spec:
  clusterIP: 10.96.150.10
  selector: {app: db}
  internalTrafficPolicy: Local
  ports: [{name: http, port: 80, targetPort: 5432}]
`;
const REQS = `  requests:
    - id: empty
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.150.9, port: 80, protocol: TCP }
    - id: itp-local-none
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.150.10, port: 80, protocol: TCP }
    - id: healthz
      from: { external: { name: lb-probe, ip: 198.51.100.50 } }
      to: { ip: 192.168.1.11, port: 32456, protocol: TCP }
    - id: one-endpoint
      from: { external: { name: laptop, ip: 198.51.100.7 } }
      to: { ip: 192.168.1.11, port: 30080, protocol: TCP }
    - id: lb
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { ip: 203.0.113.10, port: 80, protocol: TCP }
`;

const kubeProxySteps = (mode: string, id: string) => {
  const ts = trace(c1With({ requests: REQS, cluster: CLUSTER(mode), extra: noEndpoints }), id);
  return { ts, steps: ts.paths[0]?.hops.find((h) => h.layer === 'kube-proxy')?.steps.join(' | ') ?? '' };
};

describe('no endpoints: only the filter verdict exists, no nat capture (proxier.go "Capture the clusterIP")', () => {
  // kube-proxy (iptables proxier.go, nftables proxier.go) writes the nat KUBE-SERVICES rule / @service-ips element
  // of a Service port only `if hasInternalEndpoints`; otherwise a filter-table REJECT (no endpoints at all) or
  // DROP (internalTrafficPolicy Local with none on this node).
  it('iptables, no endpoints: no "cluster IP" nat rule matches; filter KUBE-SERVICES REJECTs (R3.11)', () => {
    const { ts, steps } = kubeProxySteps('iptables', 'empty');
    expect(ts.disposition).toBe('REFUSED');
    expect(steps).not.toContain('cluster IP"');
    expect(steps).toContain('no rule for 10.96.150.9/32');
    expect(steps).toContain('"shop/empty:http has no endpoints" → REJECT');
  });
  it('iptables, internalTrafficPolicy Local and none local: no nat rule either; filter DROP (R4.5)', () => {
    const { ts, steps } = kubeProxySteps('iptables', 'itp-local-none');
    expect(ts.disposition).toBe('DROPPED');
    expect(steps).not.toContain('cluster IP"');
    expect(steps).toContain('"shop/itp-local:http has no local endpoints" → DROP');
  });
  it('nftables, no endpoints: no @service-ips element; no-endpoint-services rejects (R3.11, R11.4)', () => {
    const { ts, steps } = kubeProxySteps('nftables', 'empty');
    expect(ts.disposition).toBe('REFUSED');
    expect(steps).not.toContain('vmap @service-ips (');
    expect(steps).toContain('@no-endpoint-services');
  });
  it('with endpoints the nat capture is there (the check can fail)', () => {
    const ts = trace(
      c1With({
        requests: `  requests:
    - id: ok
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.120.15, port: 80, protocol: TCP }
`,
        cluster: CLUSTER('iptables'),
      }),
      'ok',
    );
    const steps = ts.paths[0]?.hops.find((h) => h.layer === 'kube-proxy')?.steps.join(' | ') ?? '';
    expect(steps).toContain('"shop/backend:http cluster IP"');
  });
});

describe('small wording fixes', () => {
  const model = c1With({ requests: REQS, cluster: CLUSTER('iptables'), extra: noEndpoints });
  it('a health check answered 200 is not drawn as a failure; "1 local endpoint" (R5.4)', () => {
    const ts = trace(model, 'healthz');
    expect(ts.disposition).toBe('HTTP_200');
    const last = ts.paths[0]?.hops.at(-1);
    expect(last?.verdict).toBeUndefined();
    expect(ts.reason).toContain('(1 local endpoint,');
  });
  it('"only node-2 answers 200" (one healthy node, R5.4)', () => {
    const ts = trace(model, 'lb');
    const lbSteps = ts.paths[0]?.hops.find((h) => h.layer === 'Cloud LB')?.steps.join(' | ') ?? '';
    expect(lbSteps).toContain('only node-2 answers 200');
  });
  it('the only endpoint is not chosen by "statistic random" (the last KUBE-SVC rule is unconditional, R3.6)', () => {
    const ts = trace(model, 'one-endpoint');
    expect(ts.paths).toHaveLength(1);
    expect(ts.paths[0]?.choice).not.toContain('statistic random');
    expect(ts.paths[0]?.choice).toContain('only usable endpoint');
  });
});

describe('Canal = Calico CNI and policy over Flannel VXLAN (scenario 33)', () => {
  const model = c1With({
    requests: `  requests:
    - id: same-node
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.1.7, port: 9090, protocol: TCP }
    - id: cross-node
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.2.8, port: 9090, protocol: TCP }
`,
    cluster: CLUSTER('iptables', '    cni: { plugin: canal }\n'),
  });
  it('no cni0 bridge: cali* veths and /32 routes on the node (R2.3)', () => {
    const steps = trace(model, 'same-node')
      .paths[0]!.hops.flatMap((h) => h.steps)
      .join(' | ');
    expect(steps).not.toContain('cni0');
    expect(steps).toContain('cali');
    expect(steps).toContain('/32');
  });
  it("between nodes, Flannel's VXLAN (flannel.1, UDP 8472) (R2.4)", () => {
    const labels = trace(model, 'cross-node')
      .paths[0]!.hops.map((h) => h.label)
      .join(' | ');
    expect(labels).toContain('flannel.1 VXLAN');
  });
});

describe('Flannel same-node Pod → Pod is on-link (S03, R2.2)', () => {
  const model = c1With({
    requests: `  requests:
    - id: same-node
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.1.7, port: 9090, protocol: TCP }
    - id: cross-node
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.2.8, port: 9090, protocol: TCP }
`,
  });
  it('the Pod ARPs for the destination in its /24 and cni0 switches at L2: no default gateway', () => {
    const steps = trace(model, 'same-node')
      .paths[0]!.hops.flatMap((h) => h.steps)
      .join(' | ');
    expect(steps).toContain('on-link');
    expect(steps).toContain('ARP for 10.244.1.7');
    expect(steps).toContain('L2 forward');
    expect(steps).not.toContain('default via');
  });
  it("another node's Pod is reached via the default gateway (the check can fail)", () => {
    const steps = trace(model, 'cross-node')
      .paths[0]!.hops.flatMap((h) => h.steps)
      .join(' | ');
    expect(steps).toContain('default via 10.244.1.1');
  });
});
