import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputFromObjects, parseScenario, type IssueCode } from './parse';

const C1 = readFileSync(fileURLToPath(new URL('./__fixtures__/c1.yaml', import.meta.url)), 'utf8');

// Lines 1-9
const SCEN = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata: { name: t }
spec:
  title: test
  requests:
    - id: main
      from: { pod: shop/a }
      to: { url: "http://b/" }
`;
// Lines 10-15
const NODE = `---
apiVersion: v1
kind: Node
metadata: { name: node-1 }
spec: { podCIDR: 10.244.1.0/24 }
status: { addresses: [{ type: InternalIP, address: 192.168.1.10 }] }
`;
// Lines 16-21
const POD_A = `---
apiVersion: v1
kind: Pod
metadata: { name: a, namespace: shop, labels: { app: a } }
spec: { nodeName: node-1, containers: [{ name: c, ports: [{ name: http, containerPort: 8080 }] }] }
status: { podIP: 10.244.1.5 }
`;
const BASE = SCEN + NODE + POD_A; // the next document starts on line 22 ("---"), its first key on line 23
const svc = (body: string) =>
  `${BASE}---\napiVersion: v1\nkind: Service\nmetadata: { name: s, namespace: shop }\nspec:\n${body}`;

describe('parseScenario: C1 fixture', () => {
  const r = parseScenario(C1, 'c1.yaml');
  it('parses without errors or warnings', () => {
    if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
    expect(r.warnings).toEqual([]);
  });
  it('has the §C objects', () => {
    if (!r.ok) return;
    const ids = (xs: { metadata: { name: string; namespace?: string } }[]) =>
      xs
        .map((x) => (x.metadata.namespace ? `${x.metadata.namespace}/${x.metadata.name}` : x.metadata.name))
        .sort();
    expect(ids(r.input.nodes)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(ids(r.input.pods)).toEqual([
      'ingress-nginx/ingress-nginx-controller-7d9',
      'kube-system/coredns-1',
      'kube-system/coredns-2',
      'shop/backend-1',
      'shop/backend-2',
      'shop/backend-3',
      'shop/db-0',
      'shop/frontend-1',
      'web/tools-1',
    ]);
    expect(ids(r.input.services)).toEqual([
      'ingress-nginx/ingress-nginx-controller',
      'kube-system/kube-dns',
      'shop/backend',
      'shop/db',
      'shop/frontend',
    ]);
    const byName = new Map(r.input.services.map((s) => [s.metadata.name, s]));
    expect(byName.get('kube-dns')!.spec.clusterIP).toBe('10.96.0.10');
    expect(byName.get('backend')!.spec).toMatchObject({
      clusterIP: '10.96.120.15',
      ports: [{ name: 'http', port: 80, targetPort: 'api', protocol: 'TCP' }],
    });
    expect(byName.get('frontend')!.spec).toMatchObject({
      type: 'NodePort',
      clusterIP: '10.96.130.7',
      externalTrafficPolicy: 'Cluster',
      ports: [{ nodePort: 30080, targetPort: 'http' }],
    });
    expect(byName.get('db')!.spec.clusterIP).toBe('None');
    expect(byName.get('ingress-nginx-controller')!).toMatchObject({
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.200.2',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32456,
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } },
    });
    const spec = r.input.scenario.spec;
    expect(spec.cluster.cni).toMatchObject({ plugin: 'flannel', mode: 'vxlan', hairpinMode: true });
    expect(spec.cluster.serviceDataplane.mode).toBe('iptables');
    expect(spec.requests[1]!.from).toEqual({ external: { name: 'browser', ip: '198.51.100.7' } });
    expect(spec.publicDns).toEqual([{ name: 'shop.example.com', a: ['203.0.113.10'] }]);
  });
  it('applies Kubernetes defaults', () => {
    if (!r.ok) return;
    const dns = r.input.services.find((s) => s.metadata.name === 'kube-dns')!;
    expect(dns.spec).toMatchObject({
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      publishNotReadyAddresses: false,
    });
    const db = r.input.services.find((s) => s.metadata.name === 'db')!;
    expect(db.spec.type).toBe('ClusterIP');
  });
});

describe('parseScenario: error table (code at line:column)', () => {
  const cases: [string, string, IssueCode, number, number][] = [
    [
      'malformed YAML',
      `${BASE}---\napiVersion: v1\nkind: Service\nmetadata: { name: x\n`,
      'yaml_syntax',
      26,
      1,
    ],
    [
      'duplicate key',
      `${BASE}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  name: y\n`,
      'yaml_syntax',
      27,
      3,
    ],
    [
      'unknown kind',
      `${BASE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n`,
      'unknown_kind',
      24,
      7,
    ],
    [
      'old apiVersion',
      `${BASE}---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: d }\n`,
      'unknown_kind',
      23,
      13,
    ],
    ['no Scenario', NODE + POD_A, 'missing_scenario', 1, 1],
    ['two Scenarios', `${BASE}---\n${SCEN}`, 'duplicate_scenario', 24, 7],
    [
      'bad Pod IP',
      `${BASE}---\napiVersion: v1\nkind: Pod\nmetadata: { name: b, namespace: shop }\nspec:\n  containers: [{ name: c }]\nstatus:\n  podIP: 10.244.1.300\n`,
      'schema',
      29,
      10,
    ],
    [
      'port out of range',
      svc('  clusterIP: 10.96.0.20\n  ports:\n    - port: 70000\n'),
      'port_range',
      29,
      13,
    ],
    [
      'NodePort out of range',
      svc('  type: NodePort\n  clusterIP: 10.96.0.20\n  ports:\n    - { port: 80, nodePort: 8080 }\n'),
      'nodeport_range',
      30,
      29,
    ],
    [
      'missing required field',
      `${BASE}---\napiVersion: v1\nkind: Pod\nmetadata: { name: b, namespace: shop }\nspec:\n  nodeName: node-1\n`,
      'schema',
      26,
      1,
    ],
    [
      'Ingress path without pathType',
      `${BASE}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: i, namespace: shop }\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            backend: { service: { name: x, port: { number: 80 } } }\n`,
      'schema',
      30,
      13,
    ],
    ['duplicate object', BASE + POD_A.replace('10.244.1.5', '10.244.1.6'), 'duplicate_object', 25, 19],
    ['two Pods, one IP', BASE + POD_A.replace('name: a,', 'name: b,'), 'duplicate_ip', 27, 18],
    [
      'ClusterIP = a Pod IP',
      svc('  clusterIP: 10.244.1.5\n  ports: [{ port: 80 }]\n'),
      'duplicate_ip',
      27,
      14,
    ],
    [
      'ClusterIP outside the Service CIDR',
      svc('  clusterIP: 10.200.0.1\n  ports: [{ port: 80 }]\n'),
      'outside_cidr',
      27,
      14,
    ],
    [
      'multi-port Service with an unnamed port',
      svc('  clusterIP: 10.96.0.20\n  ports:\n    - { port: 80 }\n    - { name: https, port: 443 }\n'),
      'invalid_service',
      29,
      7,
    ],
    [
      'request from an unknown Pod',
      SCEN.replace('shop/a', 'shop/nope') + NODE + POD_A,
      'unknown_reference',
      8,
      20,
    ],
    [
      'request from an unknown container',
      SCEN.replace('{ pod: shop/a }', '{ pod: shop/a, container: web }') + NODE + POD_A,
      'unknown_reference',
      8,
      39,
    ],
    [
      'Pod on an unknown node',
      SCEN + NODE + POD_A.replace('nodeName: node-1', 'nodeName: node-9'),
      'unknown_reference',
      20,
      19,
    ],
    [
      'cloud LB naming a missing Service',
      SCEN.replace('  requests:', '  cloudLoadBalancers:\n    - service: shop/lb\n  requests:') +
        NODE +
        POD_A,
      'unknown_reference',
      7,
      16,
    ],
    [
      'typo in the strict Scenario',
      SCEN.replace('  title: test', '  title: test\n  dificulty: 2') + NODE + POD_A,
      'schema',
      6,
      3,
    ],
    [
      'bad request source shape',
      SCEN.replace('{ pod: shop/a }', '{ pods: shop/a }') + NODE + POD_A,
      'schema',
      8,
      13,
    ],
    ['document that is not a mapping', `${BASE}---\n- a\n- b\n`, 'not_an_object', 23, 1],
    [
      'a List item is checked with its own path',
      `${SCEN}---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Node\n    metadata: { name: node-1 }\n  - apiVersion: v1\n    kind: Pod\n    metadata: { name: a, namespace: shop }\n    spec: { containers: [{ name: c, ports: [{ containerPort: 0 }] }] }\n`,
      'port_range',
      20,
      62,
    ],
  ];
  it.each(cases)('%s → %s', (_name, text, code, line, column) => {
    const r = parseScenario(text, 't.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.issues.find((i) => i.code === code && i.severity === 'error');
    expect(hit, JSON.stringify(r.issues, null, 1)).toBeDefined();
    expect([hit!.line, hit!.column]).toEqual([line, column]);
    expect(hit!.file).toBe('t.yaml');
    expect(hit!.message.length).toBeGreaterThan(10);
  });

  it('reports every problem at once, in file order', () => {
    const text =
      SCEN.replace('shop/a', 'shop/nope') +
      NODE +
      POD_A.replace('nodeName: node-1', 'nodeName: node-9') +
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n`;
    const r = parseScenario(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const errors = r.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.line])).toEqual([
      ['unknown_reference', 8],
      ['unknown_reference', 20],
      ['unknown_kind', 24],
    ]);
  });

  it('lists the supported kinds for an unknown kind', () => {
    const r = parseScenario(`${BASE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n`);
    expect(!r.ok && r.issues.find((i) => i.code === 'unknown_kind')!.message).toMatch(
      /v1 Pod.*networking\.k8s\.io\/v1 Ingress/,
    );
  });
});

describe('parseScenario: warnings', () => {
  it('a Pod IP outside the Pod CIDR is a warning, not an error', () => {
    const r = parseScenario(BASE + POD_A.replace('name: a,', 'name: z,').replace('10.244.1.5', '10.9.1.5'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.find((w) => w.code === 'outside_cidr')).toMatchObject({
      line: 27,
      column: 18,
      severity: 'warning',
    });
  });
  it('a missing Ingress backend Service is not an issue (it is a 503 outcome, R7.9)', () => {
    const r = parseScenario(
      `${BASE}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: i, namespace: shop }\nspec:\n  rules:\n    - host: a.example.com\n      http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: missing, port: { number: 80 } } } }\n`,
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(
        r.warnings.filter((w) => w.code !== 'unknown_reference' || !w.path.includes('dnsService')),
      ).toEqual([]);
  });
});

describe('parseScenario: kind List and defaults', () => {
  it('unwraps kind: List', () => {
    const r = parseScenario(
      `${SCEN}---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Node\n    metadata: { name: node-1 }\n  - apiVersion: v1\n    kind: Pod\n    metadata: { name: a, namespace: shop }\n    spec: { nodeName: node-1, containers: [{ name: c }] }\n`,
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.input.nodes.map((n) => n.metadata.name)).toEqual(['node-1']);
      expect(r.input.pods.map((p) => p.metadata.name)).toEqual(['a']);
    }
  });
  it('defaults Service fields like the API server and strips unknown fields', () => {
    const r = parseScenario(svc('  clusterIP: 10.96.0.20\n  weird: 1\n  ports:\n    - port: 8080\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.input.services[0]!;
    expect(s.spec).toMatchObject({
      type: 'ClusterIP',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
    });
    expect(s.spec.ports[0]).toEqual({ name: '', port: 8080, targetPort: 8080, protocol: 'TCP' });
    expect('weird' in s.spec).toBe(false);
  });
  it('NetworkPolicy policyTypes default per R10.1', () => {
    const np = (body: string) =>
      parseScenario(
        `${BASE}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec:\n  podSelector: {}\n${body}`,
      );
    const a = np('  ingress: [{}]\n');
    const b = np('  egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8 } }] }]\n');
    expect(a.ok && a.input.networkPolicies[0]!.spec.policyTypes).toEqual(['Ingress']);
    expect(b.ok && b.input.networkPolicies[0]!.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
  it('HTTPRoute defaults: weight 1, rule without matches = PathPrefix /', () => {
    const r = parseScenario(
      `${BASE}---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: r, namespace: shop }\nspec:\n  parentRefs: [{ name: gw }]\n  rules:\n    - backendRefs: [{ name: a, port: 80 }]\n`,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rule = r.input.httpRoutes[0]!.spec.rules[0]!;
    expect(rule.backendRefs[0]).toMatchObject({ kind: 'Service', weight: 1 });
    expect(rule.matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] },
    ]);
  });
});

describe('parseScenario never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseScenario(s);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) for (const i of r.issues) expect(i.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
  it('on mutated C1 text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: C1.length - 1 }),
        fc.integer({ min: 1, max: 40 }),
        fc.string({ maxLength: 5 }),
        (at, len, ins) => {
          const r = parseScenario(C1.slice(0, at) + ins + C1.slice(at + len));
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 150 },
    );
  });
  it('on alias bombs', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    const r = parseScenario(bomb);
    expect(r.ok).toBe(false);
  });
});

describe('inputFromObjects', () => {
  it('validates plain objects with the same rules', () => {
    const r = inputFromObjects([
      {
        apiVersion: 'packetpath.dev/v1alpha1',
        kind: 'Scenario',
        metadata: { name: 'x' },
        spec: {
          title: 'x',
          requests: [{ id: 'main', from: { node: 'n1' }, to: { ip: '10.0.0.1', port: 80 } }],
        },
      },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.find((i) => i.severity === 'error')).toMatchObject({
        code: 'unknown_reference',
        path: 'spec.requests[0].from.node',
      });
  });
});

describe('dual-stack', () => {
  it('accepts IPv6 Pod IPs next to an IPv4 Pod CIDR without a warning', () => {
    const r = parseScenario(
      BASE.replace(
        'status: { podIP: 10.244.1.5 }',
        'status: { podIP: 10.244.1.5, podIPs: [{ ip: 10.244.1.5 }, { ip: fd00:10:244:1::5 }] }',
      ),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings.filter((w) => w.code === 'outside_cidr')).toEqual([]);
  });
});

describe('NodePort range and healthCheckNodePort', () => {
  const npSvc = (nodePort: number) =>
    svc(`  type: NodePort\n  clusterIP: 10.96.0.20\n  ports:\n    - { port: 80, nodePort: ${nodePort} }\n`);
  it('spec.cluster.nodePortRange changes the allowed range (apiserver --service-node-port-range)', () => {
    const withRange = (t: string) =>
      t.replace('  title: test\n', '  title: test\n  cluster: { nodePortRange: "3000-3100" }\n');
    expect(parseScenario(withRange(npSvc(3001))).ok).toBe(true);
    const r = parseScenario(withRange(npSvc(30080)));
    expect(!r.ok && r.issues.find((i) => i.severity === 'error')).toMatchObject({
      code: 'nodeport_range',
      line: 31,
      column: 29,
    });
    const bad = parseScenario(
      SCEN.replace('  title: test\n', '  title: test\n  cluster: { nodePortRange: "5-2" }\n') + NODE + POD_A,
    );
    expect(!bad.ok && bad.issues[0]).toMatchObject({ code: 'schema', path: 'spec.cluster.nodePortRange' });
  });
  it('a healthCheckNodePort on a Service that does not use it is a warning (ignored), not an error', () => {
    const r = parseScenario(
      svc(
        '  type: NodePort\n  clusterIP: 10.96.0.20\n  healthCheckNodePort: 32000\n  ports:\n    - { port: 80, nodePort: 30080 }\n',
      ),
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.warnings.find((w) => w.code === 'invalid_service')).toMatchObject({
        line: 29,
        severity: 'warning',
      });
  });
});

describe('parseScenario: tcpOnly with a URL (issue 17 item 1)', () => {
  // A URL names an HTTP request (method, Host, path: reference §A5, the HTTP exchange phase); tcpOnly says nothing
  // is sent after the TCP handshake. Together they contradict each other, so the loader refuses the request.
  it('refuses tcpOnly on a URL request, at the tcpOnly key, saying what to write instead', () => {
    const r = parseScenario(
      BASE.replace(
        '      to: { url: "http://b/" }\n',
        '      to: { url: "http://b/" }\n      tcpOnly: true\n',
      ),
      't.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.path === 'spec.requests[0].tcpOnly');
    expect(issue?.code).toBe('invalid_request');
    expect(issue?.line).toBe(10); // the inserted `tcpOnly: true` line
    expect(issue?.message).toMatch(/tcpOnly cannot be combined with a URL/);
    expect(issue?.message).toMatch(/to: \{ host: <name>, port: <port> \}/);
  });

  it('accepts tcpOnly on a host:port or ip:port request', () => {
    for (const to of ['{ host: b, port: 80 }', '{ ip: 10.244.1.5, port: 8080 }']) {
      const r = parseScenario(
        BASE.replace('      to: { url: "http://b/" }\n', `      to: ${to}\n      tcpOnly: true\n`),
        't.yaml',
      );
      if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 2));
    }
  });
});
