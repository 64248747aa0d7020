/**
 * Service dataplane semantics, checked against cases transcribed from kube-proxy's own packet-flow tests
 * (pkg/proxy/{iptables,nftables}/proxier_test.go: TestInternalExternalMasquerade, TestLoadBalancer,
 * TestClusterIPGeneral, TestNoEndpointsReject, TestTerminatingEndpointsTrafficPolicy*), plus the
 * iptables / nftables / ipvs outcome table (wrong port, no endpoints, Local without local endpoints).
 *
 * Upstream conventions: Pod IPs 10.0.0.0/8 (local-traffic detector), Service CIDR 172.30.0.0/16, local node
 * `test-node` 192.168.0.2, external client 203.0.113.2, blocked client 203.0.113.130. NodePorts 3001-3003 are
 * written 30001-30003 (our schema enforces the default NodePort range).
 */
import { describe, expect, it } from 'vitest';
import { c1With, endpointsOf, modelFrom, trace } from '../__fixtures__/build';

type Mode = 'iptables' | 'nftables' | 'ipvs' | 'cilium';

interface Flow {
  name: string;
  src: string;
  dst: string;
  port: number;
  kind: 'pod' | 'node' | 'external';
  proto?: 'TCP' | 'UDP';
  /** kube-proxy test output: endpoints, "REJECT", "DROP" or "" (not translated). */
  output: string;
  masq?: boolean;
}

function node(name: string, ip: string, cidr: string): string {
  return `apiVersion: v1
kind: Node
metadata: {name: ${name}}
spec: {podCIDR: ${cidr}}
status: {addresses: [{type: InternalIP, address: ${ip}}]}
`;
}

function svc(ns: string, name: string, spec: string, lb?: string): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec.replace(/^/gm, '  ')}
${lb ? `status: {loadBalancer: {ingress: [{ip: ${lb}}]}}` : ''}
`;
}

function slice(
  ns: string,
  name: string,
  eps: { ip: string; node?: string; ready?: boolean; serving?: boolean; terminating?: boolean }[],
  portName = 'p80',
  port = 80,
): string {
  return `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-1, namespace: ${ns}, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
ports: [{name: "${portName}", port: ${port}, protocol: TCP}]
endpoints:
${eps
  .map(
    (e) =>
      `  - addresses: [${e.ip}]${e.node ? `\n    nodeName: ${e.node}` : ''}${e.ready !== undefined ? `\n    conditions: {ready: ${e.ready}, serving: ${e.serving ?? e.ready}, terminating: ${e.terminating ?? false}}` : ''}`,
  )
  .join('\n')}
`;
}

function upstream(
  mode: Mode,
  docs: string[],
  flows: Flow[],
  opts: { localDetector?: boolean; masqueradeAll?: boolean } = {},
) {
  const requests = flows
    .map(
      (f, i) => `    - id: f${i}
      from: {external: {name: x, ip: 203.0.113.2}}
      packet: {src: ${f.src}, dst: ${f.dst}, dstPort: ${f.port}, protocol: ${f.proto ?? 'TCP'}, arrivesAt: test-node, sourceKind: ${f.kind}}`,
    )
    .join('\n');
  const text = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata: {name: upstream-flows}
spec:
  title: kube-proxy packet flow tests
  cluster:
    podCIDR: 10.0.0.0/8
    serviceCIDR: 172.30.0.0/16
    cni: {plugin: flannel, mode: vxlan}
    serviceDataplane: {mode: ${mode}, localTrafficDetector: ${opts.localDetector === false ? 'None' : 'ClusterCIDR'}, masqueradeAll: ${opts.masqueradeAll ? 'true' : 'false'}}
  requests:
${requests}
---
${node('test-node', '192.168.0.2', '10.180.0.0/24')}---
${node('remote', '192.168.0.3', '10.180.1.0/24')}---
${docs.join('---\n')}`;
  return modelFrom(text);
}

function expectFlows(
  mode: Mode,
  docs: string[],
  flows: Flow[],
  opts: { localDetector?: boolean; masqueradeAll?: boolean } = {},
) {
  const model = upstream(mode, docs, flows, opts);
  flows.forEach((f, i) => {
    const ts = trace(model, `f${i}`);
    const where = `${mode} ${f.name}: ${ts.disposition} ${ts.reason}`;
    if (f.output === 'REJECT') expect(ts.disposition, where).toBe('REFUSED');
    else if (f.output === 'DROP') expect(['DROPPED', 'DENIED_IN']).toContain(ts.disposition);
    else if (f.output === '')
      expect(
        ts.paths.some((p) =>
          p.hops.some((h) => h.layer === 'kube-proxy' && h.rewrites.some((r) => r.kind === 'DNAT')),
        ),
        where,
      ).toBe(false);
    else {
      expect(endpointsOf(ts), where).toBe(f.output);
      expect(ts.disposition, where).toBe('DELIVERED');
      if (f.masq !== undefined)
        for (const p of ts.paths) expect(p.masqueraded, `${where} (${p.choice})`).toBe(f.masq);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// TestInternalExternalMasquerade (iptables and nftables proxier_test.go)
// ---------------------------------------------------------------------------------------------

const IEM_DOCS = [
  svc(
    'ns1',
    'svc1',
    'type: LoadBalancer\nclusterIP: 172.30.0.41\nports: [{name: p80, port: 80, protocol: TCP, nodePort: 30001}]',
    '1.2.3.4',
  ),
  svc(
    'ns2',
    'svc2',
    'type: LoadBalancer\nclusterIP: 172.30.0.42\nexternalTrafficPolicy: Local\nports: [{name: p80, port: 80, protocol: TCP, nodePort: 30002}]\nhealthCheckNodePort: 30012',
    '5.6.7.8',
  ),
  svc(
    'ns3',
    'svc3',
    'type: LoadBalancer\nclusterIP: 172.30.0.43\ninternalTrafficPolicy: Local\nports: [{name: p80, port: 80, protocol: TCP, nodePort: 30003}]',
    '9.10.11.12',
  ),
  slice('ns1', 'svc1', [
    { ip: '10.180.0.1', node: 'test-node' },
    { ip: '10.180.1.1', node: 'remote' },
  ]),
  slice('ns2', 'svc2', [
    { ip: '10.180.0.2', node: 'test-node' },
    { ip: '10.180.1.2', node: 'remote' },
  ]),
  slice('ns3', 'svc3', [
    { ip: '10.180.0.3', node: 'test-node' },
    { ip: '10.180.1.3', node: 'remote' },
  ]),
];
const N = '192.168.0.2';
const EXT = '203.0.113.2';
const IEM: Flow[] = [
  {
    name: 'pod to ClusterIP',
    src: '10.0.0.2',
    kind: 'pod',
    dst: '172.30.0.41',
    port: 80,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: false,
  },
  {
    name: 'pod to NodePort',
    src: '10.0.0.2',
    kind: 'pod',
    dst: N,
    port: 30001,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'pod to LB',
    src: '10.0.0.2',
    kind: 'pod',
    dst: '1.2.3.4',
    port: 80,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'node to ClusterIP',
    src: N,
    kind: 'node',
    dst: '172.30.0.41',
    port: 80,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'node to NodePort',
    src: N,
    kind: 'node',
    dst: N,
    port: 30001,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'node to LB',
    src: N,
    kind: 'node',
    dst: '1.2.3.4',
    port: 80,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'external to ClusterIP',
    src: EXT,
    kind: 'external',
    dst: '172.30.0.41',
    port: 80,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'external to NodePort',
    src: EXT,
    kind: 'external',
    dst: N,
    port: 30001,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'external to LB',
    src: EXT,
    kind: 'external',
    dst: '1.2.3.4',
    port: 80,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'pod to ClusterIP with eTP:Local',
    src: '10.0.0.2',
    kind: 'pod',
    dst: '172.30.0.42',
    port: 80,
    output: '10.180.0.2:80, 10.180.1.2:80',
    masq: false,
  },
  {
    name: 'pod to NodePort with eTP:Local',
    src: '10.0.0.2',
    kind: 'pod',
    dst: N,
    port: 30002,
    output: '10.180.0.2:80, 10.180.1.2:80',
    masq: false,
  },
  {
    name: 'pod to LB with eTP:Local',
    src: '10.0.0.2',
    kind: 'pod',
    dst: '5.6.7.8',
    port: 80,
    output: '10.180.0.2:80, 10.180.1.2:80',
    masq: false,
  },
  {
    name: 'node to ClusterIP with eTP:Local',
    src: N,
    kind: 'node',
    dst: '172.30.0.42',
    port: 80,
    output: '10.180.0.2:80, 10.180.1.2:80',
    masq: true,
  },
  {
    name: 'node to NodePort with eTP:Local',
    src: N,
    kind: 'node',
    dst: N,
    port: 30001,
    output: '10.180.0.1:80, 10.180.1.1:80',
    masq: true,
  },
  {
    name: 'node to LB with eTP:Local',
    src: N,
    kind: 'node',
    dst: '5.6.7.8',
    port: 80,
    output: '10.180.0.2:80, 10.180.1.2:80',
    masq: true,
  },
  {
    name: 'external to ClusterIP with eTP:Local',
    src: EXT,
    kind: 'external',
    dst: '172.30.0.42',
    port: 80,
    output: '10.180.0.2:80, 10.180.1.2:80',
    masq: true,
  },
  {
    name: 'external to NodePort with eTP:Local',
    src: EXT,
    kind: 'external',
    dst: N,
    port: 30002,
    output: '10.180.0.2:80',
    masq: false,
  },
  {
    name: 'external to LB with eTP:Local',
    src: EXT,
    kind: 'external',
    dst: '5.6.7.8',
    port: 80,
    output: '10.180.0.2:80',
    masq: false,
  },
  {
    name: 'pod to ClusterIP with iTP:Local',
    src: '10.0.0.2',
    kind: 'pod',
    dst: '172.30.0.43',
    port: 80,
    output: '10.180.0.3:80',
    masq: false,
  },
  {
    name: 'pod to NodePort with iTP:Local',
    src: '10.0.0.2',
    kind: 'pod',
    dst: N,
    port: 30003,
    output: '10.180.0.3:80, 10.180.1.3:80',
    masq: true,
  },
  {
    name: 'pod to LB with iTP:Local',
    src: '10.0.0.2',
    kind: 'pod',
    dst: '9.10.11.12',
    port: 80,
    output: '10.180.0.3:80, 10.180.1.3:80',
    masq: true,
  },
  {
    name: 'node to ClusterIP with iTP:Local',
    src: N,
    kind: 'node',
    dst: '172.30.0.43',
    port: 80,
    output: '10.180.0.3:80',
    masq: true,
  },
  {
    name: 'node to NodePort with iTP:Local',
    src: N,
    kind: 'node',
    dst: N,
    port: 30003,
    output: '10.180.0.3:80, 10.180.1.3:80',
    masq: true,
  },
  {
    name: 'node to LB with iTP:Local',
    src: N,
    kind: 'node',
    dst: '9.10.11.12',
    port: 80,
    output: '10.180.0.3:80, 10.180.1.3:80',
    masq: true,
  },
  {
    name: 'external to ClusterIP with iTP:Local',
    src: EXT,
    kind: 'external',
    dst: '172.30.0.43',
    port: 80,
    output: '10.180.0.3:80',
    masq: true,
  },
  {
    name: 'external to NodePort with iTP:Local',
    src: EXT,
    kind: 'external',
    dst: N,
    port: 30003,
    output: '10.180.0.3:80, 10.180.1.3:80',
    masq: true,
  },
  {
    name: 'external to LB with iTP:Local',
    src: EXT,
    kind: 'external',
    dst: '9.10.11.12',
    port: 80,
    output: '10.180.0.3:80, 10.180.1.3:80',
    masq: true,
  },
];

function override(base: Flow[], o: Record<string, Partial<Flow>>): Flow[] {
  return base.map((f) => (o[f.name] ? { ...f, ...o[f.name] } : f));
}

describe('TestInternalExternalMasquerade (upstream kube-proxy)', () => {
  for (const mode of ['iptables', 'nftables'] as const) {
    it(`${mode}: base`, () => expectFlows(mode, IEM_DOCS, IEM));
    it(`${mode}: no LocalTrafficDetector`, () =>
      expectFlows(
        mode,
        IEM_DOCS,
        override(IEM, {
          'node to ClusterIP': { masq: false },
          'node to ClusterIP with eTP:Local': { masq: false },
          'node to ClusterIP with iTP:Local': { masq: false },
          'external to ClusterIP': { masq: false },
          'external to ClusterIP with eTP:Local': { masq: false },
          'external to ClusterIP with iTP:Local': { masq: false },
          'pod to NodePort with eTP:Local': { output: '10.180.0.2:80' },
          'pod to LB with eTP:Local': { output: '10.180.0.2:80' },
        }),
        { localDetector: false },
      ));
    it(`${mode}: masqueradeAll`, () =>
      expectFlows(
        mode,
        IEM_DOCS,
        override(IEM, {
          'pod to ClusterIP': { masq: true },
          'pod to ClusterIP with eTP:Local': { masq: true },
          'pod to ClusterIP with iTP:Local': { masq: true },
        }),
        { masqueradeAll: true },
      ));
  }
});

// ---------------------------------------------------------------------------------------------
// TestLoadBalancer (source ranges), TestClusterIPGeneral, TestNoEndpointsReject, terminating endpoints
// ---------------------------------------------------------------------------------------------

describe('TestLoadBalancer: loadBalancerSourceRanges (R5.5)', () => {
  const docs = [
    svc(
      'ns1',
      'svc1',
      'type: LoadBalancer\nclusterIP: 172.30.0.41\nports: [{name: p80, port: 80, protocol: TCP, nodePort: 30001}]\nloadBalancerSourceRanges: [192.168.0.0/24, 203.0.113.0/25]',
      '1.2.3.4',
    ),
    slice('ns1', 'svc1', [{ ip: '10.180.0.1' }]),
  ];
  const flows: Flow[] = [
    {
      name: 'pod to cluster IP',
      src: '10.0.0.2',
      kind: 'pod',
      dst: '172.30.0.41',
      port: 80,
      output: '10.180.0.1:80',
      masq: false,
    },
    {
      name: 'external to nodePort',
      src: EXT,
      kind: 'external',
      dst: N,
      port: 30001,
      output: '10.180.0.1:80',
      masq: true,
    },
    {
      name: 'nodePort bypasses LoadBalancerSourceRanges',
      src: '203.0.113.130',
      kind: 'external',
      dst: N,
      port: 30001,
      output: '10.180.0.1:80',
      masq: true,
    },
    {
      name: 'accepted external to LB',
      src: EXT,
      kind: 'external',
      dst: '1.2.3.4',
      port: 80,
      output: '10.180.0.1:80',
      masq: true,
    },
    {
      name: 'blocked external to LB',
      src: '203.0.113.130',
      kind: 'external',
      dst: '1.2.3.4',
      port: 80,
      output: 'DROP',
    },
    {
      name: 'pod to LB (blocked by LoadBalancerSourceRanges)',
      src: '10.0.0.2',
      kind: 'pod',
      dst: '1.2.3.4',
      port: 80,
      output: 'DROP',
    },
    {
      name: 'node to LB (allowed by LoadBalancerSourceRanges)',
      src: N,
      kind: 'node',
      dst: '1.2.3.4',
      port: 80,
      output: '10.180.0.1:80',
      masq: true,
    },
  ];
  for (const mode of ['iptables', 'nftables'] as const) it(mode, () => expectFlows(mode, docs, flows));
});

describe('TestClusterIPGeneral: wrong port / protocol / unallocated ClusterIP (R3.12)', () => {
  const docs = [
    svc('ns1', 'svc1', 'clusterIP: 172.30.0.41\nports: [{name: http, port: 80, protocol: TCP}]'),
    svc(
      'ns2',
      'svc2',
      'clusterIP: 172.30.0.42\nports: [{name: http, port: 80, protocol: TCP}, {name: https, port: 443, protocol: TCP, targetPort: 8443}, {name: dns-udp, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 5353}]',
    ),
    slice('ns1', 'svc1', [{ ip: '10.180.0.1', node: 'test-node' }], 'http', 80),
    `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc2-1, namespace: ns2, labels: {kubernetes.io/service-name: svc2}}
addressType: IPv4
ports: [{name: http, port: 80, protocol: TCP}, {name: https, port: 8443, protocol: TCP}, {name: dns-udp, port: 53, protocol: UDP}, {name: dns-tcp, port: 5353, protocol: TCP}]
endpoints:
  - {addresses: [10.180.0.1], nodeName: test-node}
  - {addresses: [10.180.2.1], nodeName: node2}
`,
  ];
  const common: Flow[] = [
    {
      name: 'simple clusterIP',
      src: '10.180.0.2',
      kind: 'pod',
      dst: '172.30.0.41',
      port: 80,
      output: '10.180.0.1:80',
      masq: false,
    },
    {
      name: 'hairpin to cluster IP',
      src: '10.180.0.1',
      kind: 'pod',
      dst: '172.30.0.41',
      port: 80,
      output: '10.180.0.1:80',
      masq: true,
    },
    {
      name: 'clusterIP with multiple endpoints',
      src: '10.180.0.2',
      kind: 'pod',
      dst: '172.30.0.42',
      port: 80,
      output: '10.180.0.1:80, 10.180.2.1:80',
      masq: false,
    },
    {
      name: 'clusterIP with TargetPort',
      src: '10.180.0.2',
      kind: 'pod',
      dst: '172.30.0.42',
      port: 443,
      output: '10.180.0.1:8443, 10.180.2.1:8443',
      masq: false,
    },
    {
      name: 'TCP on shared port',
      src: '10.180.0.2',
      kind: 'pod',
      dst: '172.30.0.42',
      port: 53,
      output: '10.180.0.1:5353, 10.180.2.1:5353',
      masq: false,
    },
    {
      name: 'UDP on shared port',
      src: '10.180.0.2',
      kind: 'pod',
      proto: 'UDP',
      dst: '172.30.0.42',
      port: 53,
      output: '10.180.0.1:53, 10.180.2.1:53',
      masq: false,
    },
  ];
  it('nftables rejects invalid ports of ClusterIPs and drops unallocated ClusterIPs', () =>
    expectFlows('nftables', docs, [
      ...common,
      {
        name: 'TCP-only port does not match UDP traffic',
        src: '10.180.0.2',
        kind: 'pod',
        proto: 'UDP',
        dst: '172.30.0.42',
        port: 80,
        output: 'REJECT',
      },
      {
        name: "svc1 does not accept svc2's ports",
        src: '10.180.0.2',
        kind: 'pod',
        dst: '172.30.0.41',
        port: 443,
        output: 'REJECT',
      },
      {
        name: 'packet to unallocated cluster ip',
        src: '10.180.0.2',
        kind: 'pod',
        dst: '172.30.0.50',
        port: 80,
        output: 'DROP',
      },
    ]));
  it('iptables leaves them untranslated (black-holed: DROPPED)', () => {
    const flows: Flow[] = [
      ...common,
      {
        name: 'TCP-only port does not match UDP traffic',
        src: '10.180.0.2',
        kind: 'pod',
        proto: 'UDP',
        dst: '172.30.0.42',
        port: 80,
        output: '',
      },
      {
        name: "svc1 does not accept svc2's ports",
        src: '10.180.0.2',
        kind: 'pod',
        dst: '172.30.0.41',
        port: 443,
        output: '',
      },
      {
        name: 'packet to unallocated cluster ip',
        src: '10.180.0.2',
        kind: 'pod',
        dst: '172.30.0.50',
        port: 80,
        output: '',
      },
    ];
    expectFlows('iptables', docs, flows);
    const model = upstream('iptables', docs, flows);
    for (const i of [6, 7, 8]) expect(trace(model, `f${i}`).disposition).toBe('DROPPED');
  });
});

describe('TestNoEndpointsReject (R3.11)', () => {
  const docs = [
    svc(
      'ns1',
      'svc1',
      'type: LoadBalancer\nclusterIP: 172.30.0.41\nexternalIPs: [192.168.99.11]\nports: [{name: p80, port: 80, protocol: TCP, nodePort: 30001}]',
      '1.2.3.4',
    ),
  ];
  const flows: Flow[] = [
    {
      name: 'pod to cluster IP with no endpoints',
      src: '10.0.0.2',
      kind: 'pod',
      dst: '172.30.0.41',
      port: 80,
      output: 'REJECT',
    },
    {
      name: 'external to external IP with no endpoints',
      src: EXT,
      kind: 'external',
      dst: '192.168.99.11',
      port: 80,
      output: 'REJECT',
    },
    {
      name: 'pod to NodePort with no endpoints',
      src: '10.0.0.2',
      kind: 'pod',
      dst: N,
      port: 30001,
      output: 'REJECT',
    },
    {
      name: 'external to NodePort with no endpoints',
      src: EXT,
      kind: 'external',
      dst: N,
      port: 30001,
      output: 'REJECT',
    },
    {
      name: 'pod to LoadBalancer IP with no endpoints',
      src: '10.0.0.2',
      kind: 'pod',
      dst: '1.2.3.4',
      port: 80,
      output: 'REJECT',
    },
    {
      name: 'external to LoadBalancer IP with no endpoints',
      src: EXT,
      kind: 'external',
      dst: '1.2.3.4',
      port: 80,
      output: 'REJECT',
    },
  ];
  for (const mode of ['iptables', 'nftables', 'ipvs', 'cilium'] as const)
    it(mode, () => expectFlows(mode, docs, flows));
});

describe('TestTerminatingEndpointsTrafficPolicy* (R3.8 serving+terminating fallback)', () => {
  const svcLocal = svc(
    'ns1',
    'svc1',
    'type: LoadBalancer\nclusterIP: 172.30.1.1\nexternalTrafficPolicy: Local\nports: [{port: 80, protocol: TCP, nodePort: 30001}]\nhealthCheckNodePort: 30000',
    '1.2.3.4',
  );
  const svcCluster = svc(
    'ns1',
    'svc1',
    'type: LoadBalancer\nclusterIP: 172.30.1.1\nports: [{port: 80, protocol: TCP, nodePort: 30001}]',
    '1.2.3.4',
  );
  const ready = (ip: string, node: string) => ({ ip, node, ready: true, serving: true, terminating: false });
  const servTerm = (ip: string, node: string) => ({
    ip,
    node,
    ready: false,
    serving: true,
    terminating: true,
  });
  const dead = (ip: string, node: string) => ({ ip, node, ready: false, serving: false, terminating: true });
  const flows = (cluster: string, ext: string, extMasq: boolean): Flow[] => [
    {
      name: 'pod to clusterIP',
      src: '10.0.0.2',
      kind: 'pod',
      dst: '172.30.1.1',
      port: 80,
      output: cluster,
      masq: false,
    },
    {
      name: 'external to LB',
      src: EXT,
      kind: 'external',
      dst: '1.2.3.4',
      port: 80,
      output: ext,
      masq: extMasq,
    },
  ];
  it('Cluster: ready endpoints win over terminating ones', () =>
    expectFlows(
      'iptables',
      [
        svcCluster,
        slice(
          'ns1',
          'svc1',
          [
            ready('10.0.1.1', 'test-node'),
            ready('10.0.1.2', 'test-node'),
            servTerm('10.0.1.3', 'remote'),
            dead('10.0.1.4', 'remote'),
            ready('10.0.1.5', 'remote'),
          ],
          '',
          80,
        ),
      ],
      flows('10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', '10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', true),
    ));
  it('Cluster: only serving+terminating endpoints are used as fallback', () =>
    expectFlows(
      'nftables',
      [
        svcCluster,
        slice(
          'ns1',
          'svc1',
          [
            servTerm('10.0.1.2', 'test-node'),
            servTerm('10.0.1.3', 'test-node'),
            dead('10.0.1.4', 'remote'),
            servTerm('10.0.1.5', 'remote'),
          ],
          '',
          80,
        ),
      ],
      flows('10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80', '10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80', true),
    ));
  it('Local: terminating endpoint on a remote node → ClusterIP uses it, external traffic is dropped', () =>
    expectFlows(
      'iptables',
      [svcLocal, slice('ns1', 'svc1', [servTerm('10.0.1.5', 'remote')], '', 80)],
      [
        {
          name: 'pod to clusterIP',
          src: '10.0.0.2',
          kind: 'pod',
          dst: '172.30.1.1',
          port: 80,
          output: '10.0.1.5:80',
          masq: false,
        },
        {
          name: 'external to LB, no locally-usable endpoints',
          src: EXT,
          kind: 'external',
          dst: '1.2.3.4',
          port: 80,
          output: 'DROP',
        },
      ],
    ));
  it('Local: local serving+terminating endpoints are used when no local endpoint is ready', () =>
    expectFlows(
      'nftables',
      [
        svcLocal,
        slice(
          'ns1',
          'svc1',
          [servTerm('10.0.1.2', 'test-node'), servTerm('10.0.1.3', 'test-node'), ready('10.0.1.5', 'remote')],
          '',
          80,
        ),
      ],
      [
        {
          name: 'pod to clusterIP',
          src: '10.0.0.2',
          kind: 'pod',
          dst: '172.30.1.1',
          port: 80,
          output: '10.0.1.5:80',
          masq: false,
        },
        {
          name: 'external to LB',
          src: EXT,
          kind: 'external',
          dst: '1.2.3.4',
          port: 80,
          output: '10.0.1.2:80, 10.0.1.3:80',
          masq: false,
        },
      ],
    ));
  it('no usable endpoints on any node → REJECT', () =>
    expectFlows(
      'iptables',
      [svcLocal, slice('ns1', 'svc1', [dead('10.0.1.5', 'test-node'), dead('10.0.1.6', 'remote')], '', 80)],
      [
        {
          name: 'pod to clusterIP, no usable endpoints',
          src: '10.0.0.2',
          kind: 'pod',
          dst: '172.30.1.1',
          port: 80,
          output: 'REJECT',
        },
        {
          name: 'external to LB, no usable endpoints',
          src: EXT,
          kind: 'external',
          dst: '1.2.3.4',
          port: 80,
          output: 'REJECT',
        },
      ],
    ));
});

// ---------------------------------------------------------------------------------------------
// Outcome table by dataplane (C1): wrong port, no endpoints, Local without local endpoint
// ---------------------------------------------------------------------------------------------

describe('outcome table by dataplane (C1)', () => {
  const requests = `  requests:
    - id: wrong-port
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.120.15, port: 9090 }
    - id: no-endpoints
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.140.9, port: 80 }
    - id: itp-local
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.140.10, port: 80 }
    - id: etp-local
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { ip: 192.168.1.11, port: 30091 }
    - id: ping-vip
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.96.120.15, protocol: ICMP }
`;
  const extra = `apiVersion: v1
kind: Service
metadata: {name: empty, namespace: shop}
spec: {clusterIP: 10.96.140.9, selector: {app: nothing}, ports: [{name: http, port: 80, targetPort: 9090}]}
---
apiVersion: v1
kind: Service
metadata: {name: itp, namespace: shop}
spec: {clusterIP: 10.96.140.10, internalTrafficPolicy: Local, selector: {app: db}, ports: [{port: 80, targetPort: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: etp, namespace: shop}
spec: {type: NodePort, clusterIP: 10.96.140.11, externalTrafficPolicy: Local, selector: {app: frontend}, ports: [{port: 80, targetPort: http, nodePort: 30091}]}
`;
  const table: Record<string, Record<string, string>> = {
    iptables: {
      'wrong-port': 'DROPPED',
      'no-endpoints': 'REFUSED',
      'itp-local': 'DROPPED',
      'etp-local': 'DROPPED',
      'ping-vip': 'DROPPED',
    },
    nftables: {
      'wrong-port': 'REFUSED',
      'no-endpoints': 'REFUSED',
      'itp-local': 'DROPPED',
      'etp-local': 'DROPPED',
      'ping-vip': 'REFUSED',
    },
    ipvs: {
      'wrong-port': 'REFUSED',
      'no-endpoints': 'REFUSED',
      'itp-local': 'REFUSED',
      'etp-local': 'REFUSED',
      'ping-vip': 'DELIVERED',
    },
  };
  for (const [mode, rows] of Object.entries(table)) {
    const model = c1With({
      requests,
      extra,
      cluster: `  cluster:\n    podCIDR: 10.244.0.0/16\n    serviceCIDR: 10.96.0.0/12\n    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }\n    cni: { plugin: flannel, mode: vxlan }\n    serviceDataplane: { mode: ${mode} }\n`,
    });
    for (const [rid, want] of Object.entries(rows)) {
      it(`${mode}: ${rid} → ${want}`, () => {
        const ts = trace(model, rid);
        expect(ts.disposition, ts.reason).toBe(want);
      });
    }
  }
  it('ipvs: ipvsUnknownPort dropped', () => {
    const model = c1With({
      requests,
      extra,
      cluster: `  cluster:\n    serviceDataplane: { mode: ipvs, ipvsUnknownPort: dropped }\n`,
    });
    expect(trace(model, 'wrong-port').disposition).toBe('DROPPED');
  });
});
