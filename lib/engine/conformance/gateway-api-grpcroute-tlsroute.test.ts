/**
 * Gateway API conformance for GRPCRoute and TLSRoute (kubernetes-sigs/gateway-api @4564255ac,
 * `conformance/tests/grpcroute-*.go|.yaml`, `tlsroute-*.go|.yaml`), transcribed as inputs (Gateway, Routes, the
 * call) and expected outcomes (backend, gRPC status, rejected connection), traced end to end: a Pod calls the
 * Gateway's proxy Service; the gateway data plane routes to the winning backend's endpoints.
 *
 * Upstream conventions kept: namespace `gateway-conformance-infra`, Gateway `same-namespace` (one HTTP listener on
 * port 80), backends `grpc-infra-backend-v1..v3` (port 8080 → 3000, appProtocol kubernetes.io/h2c), `tls-backend`,
 * `tls-backend-2` (443 → 8443), `tcp-backend` (8443 → 8443). The echo service is
 * `gateway_api_conformance.echo_basic.grpcecho.GrpcEcho` with methods Echo, EchoTwo, EchoThree. gRPC metadata keys
 * are sent as written (`Version`); HTTP/2 lower-cases them on the wire.
 *
 * Status-only checks (Accepted/ResolvedRefs conditions) are transcribed as their routing consequence: a Route that
 * is not accepted routes nothing (the connection is rejected); a BackendNotFound backend rejects the connection.
 * Not transcribed: GRPCRouteRequestHeaderModifier (filters are not modelled), GRPCRouteWeight's sampling (the
 * shares are compared exactly instead), TLSRoute Terminate-mode and mixed-termination tests (extended features).
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../__fixtures__/build';
import {
  backendDocs as backend,
  flowMap,
  modelOf,
  nodeDoc,
  podDoc,
  scenarioDoc,
  serviceDoc,
} from '../__fixtures__/scenario';
import type { ClusterModel } from '../model';
import type { TraceSet } from '../types';

const NS = 'gateway-conformance-infra';
const SVC = 'gateway_api_conformance.echo_basic.grpcecho.GrpcEcho';

const BACKENDS: [string, number, number, string][] = [
  ['grpc-infra-backend-v1', 8080, 3000, 'appProtocol: kubernetes.io/h2c'],
  ['grpc-infra-backend-v2', 8080, 3000, 'appProtocol: kubernetes.io/h2c'],
  ['grpc-infra-backend-v3', 8080, 3000, 'appProtocol: kubernetes.io/h2c'],
  ['tls-backend', 443, 8443, ''],
  ['tls-backend-2', 443, 8443, ''],
  ['tcp-backend', 8443, 8443, ''],
];

function backendDocs(): string {
  return BACKENDS.map(([n, port, target, extra], i) =>
    backend({
      name: n,
      namespace: NS,
      podIP: `10.244.1.${20 + i}`,
      clusterIP: `10.96.1.${20 + i}`,
      containers: `[{name: app, ports: [{containerPort: ${target}}]}]`,
      ports: `[{port: ${port}, targetPort: ${target}${extra ? `, ${extra}` : ''}}]`,
    }),
  ).join('---\n');
}

const SAME_NAMESPACE_GW = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
`;

interface Call {
  /** gRPC method of the echo service (Echo, EchoTwo, EchoThree). */
  method?: string;
  /** :authority (default example.com). */
  authority?: string;
  metadata?: Record<string, string>;
}
interface Tls {
  sni?: string;
  port?: number;
}
type Req = { grpc: Call } | { tls: Tls };

/** One node, a client, the gateway proxy (Service gw-proxy, ports 80 and 443), the infra backends and `manifests`. */
function cluster(manifests: string, requests: Req[], gateway: string): ClusterModel {
  const reqs = requests
    .map((r, i) => {
      if ('grpc' in r) {
        const c = r.grpc;
        const headers = { host: c.authority ?? 'example.com', ...(c.metadata ?? {}) };
        return `  - id: r${i}
    from: {pod: default/client}
    to: {url: "http://10.96.1.10/"}
    grpc: {service: ${SVC}, method: ${c.method ?? 'Echo'}}
    headers: ${flowMap(headers)}`;
      }
      return `  - id: r${i}
    from: {pod: default/client}
    to: {ip: 10.96.1.10, port: ${r.tls.port ?? 443}}
${r.tls.sni ? `    sni: ${r.tls.sni}\n` : ''}`.replace(/\n$/, '');
    })
    .join('\n');
  return modelOf(
    'gateway-conformance.yaml',
    scenarioDoc({
      name: 'gateway-conformance',
      title: 'gateway-api conformance (GRPCRoute, TLSRoute)',
      spec: `  gatewayImplementations:\n  - {gateway: ${gateway}, service: ${NS}/gw-proxy, upstream: endpoints}`,
      requests: reqs,
    }),
    nodeDoc(),
    podDoc({ name: 'client', namespace: 'default', ip: '10.244.1.5', containers: '[{name: grpcurl}]' }),
    podDoc({
      name: 'gw-proxy-0',
      namespace: NS,
      labels: 'app: gw-proxy',
      ip: '10.244.1.10',
      containers: '[{name: envoy, ports: [{containerPort: 8000}, {containerPort: 8443}]}]',
    }),
    serviceDoc({
      name: 'gw-proxy',
      namespace: NS,
      clusterIP: '10.96.1.10',
      selector: 'app: gw-proxy',
      ports: '[{name: http, port: 80, targetPort: 8000}, {name: tls, port: 443, targetPort: 8443}]',
    }),
    backendDocs(),
    manifests,
  );
}

type Want = string;
/** The backend every path ends at (`grpc-infra-backend-v1`), a split `a 70% | b 30%`, or the disposition. */
function outcome(ts: TraceSet): Want {
  const by = new Map<string, number>();
  for (const p of ts.paths) {
    const k = p.endpoint?.object.split('/')[2]?.replace(/-0$/, '') ?? p.disposition;
    by.set(k, (by.get(k) ?? 0) + p.weight);
  }
  if (by.size === 1) return [...by.keys()][0]!;
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, w]) => `${k} ${Math.round(w * 100)}%`)
    .join(' | ');
}

function expectCases(
  manifests: string,
  cases: [Req, Want][],
  gateway = `${NS}/same-namespace`,
  gwDoc = SAME_NAMESPACE_GW,
) {
  const model = cluster(
    `${gwDoc}---\n${manifests}`,
    cases.map((c) => c[0]),
    gateway,
  );
  cases.forEach(([r, want], i) => {
    const ts = trace(model, `r${i}`);
    expect(outcome(ts), `${JSON.stringify(r)}: ${ts.reason}`).toBe(want);
  });
}

const UNIMPLEMENTED = 'GRPC_UNIMPLEMENTED';
const REJECTED = 'REFUSED';

// ---------------------------------------------------------------------------------------------------------------
describe('GRPCExactMethodMatching (conformance/tests/grpcroute-exact-method-matching.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: exact-matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{method: {service: ${SVC}, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: ${SVC}, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`;
  it('Echo → v1, EchoTwo → v2, EchoThree → UNIMPLEMENTED', () =>
    expectCases(route, [
      [{ grpc: { method: 'Echo' } }, 'grpc-infra-backend-v1'],
      [{ grpc: { method: 'EchoTwo' } }, 'grpc-infra-backend-v2'],
      [{ grpc: { method: 'EchoThree' } }, UNIMPLEMENTED],
    ]));
});

describe('GRPCRouteNamedRule (conformance/tests/grpcroute-named-rule.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: grpc-named-rules, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - name: named-rule
    matches: [{method: {service: ${SVC}, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: ${SVC}, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`;
  it('a rule name changes nothing in routing', () =>
    expectCases(route, [
      [{ grpc: { method: 'Echo' } }, 'grpc-infra-backend-v1'],
      [{ grpc: { method: 'EchoTwo' } }, 'grpc-infra-backend-v2'],
    ]));
});

describe('GRPCRouteHeaderMatching (conformance/tests/grpcroute-header-matching.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: grpc-header-matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`;
  it('headers ANDed within a match, matches ORed, most header matches wins (11 cases)', () =>
    expectCases(route, [
      [{ grpc: { metadata: { Version: 'one' } } }, 'grpc-infra-backend-v1'],
      [{ grpc: { metadata: { Version: 'two' } } }, 'grpc-infra-backend-v2'],
      [{ grpc: { metadata: { Version: 'two', Color: 'orange' } } }, 'grpc-infra-backend-v1'],
      [{ grpc: { metadata: { Version: 'two', Color: 'blue' } } }, 'grpc-infra-backend-v2'],
      [{ grpc: { metadata: { Color: 'orange' } } }, UNIMPLEMENTED],
      [{ grpc: { metadata: { 'Some-Other-Header': 'one' } } }, UNIMPLEMENTED],
      [{ grpc: { metadata: { Color: 'blue' } } }, 'grpc-infra-backend-v1'],
      [{ grpc: { metadata: { Color: 'green' } } }, 'grpc-infra-backend-v1'],
      [{ grpc: { metadata: { Color: 'red' } } }, 'grpc-infra-backend-v2'],
      [{ grpc: { metadata: { Color: 'yellow' } } }, 'grpc-infra-backend-v2'],
      [{ grpc: { metadata: { Color: 'purple' } } }, UNIMPLEMENTED],
    ]));
});

describe('GRPCRouteWeight (conformance/tests/grpcroute-weight.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: weighted-backends, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs:
    - {name: grpc-infra-backend-v1, port: 8080, weight: 70}
    - {name: grpc-infra-backend-v2, port: 8080, weight: 30}
    - {name: grpc-infra-backend-v3, port: 8080, weight: 0}
`;
  it('70 / 30 / 0: the distribution matches the weights, weight 0 gets nothing', () =>
    expectCases(route, [[{ grpc: {} }, 'grpc-infra-backend-v1 70% | grpc-infra-backend-v2 30%']]));
});

describe('GRPCRouteListenerHostnameMatching (conformance/tests/grpcroute-listener-hostname-matching.go)', () => {
  const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: grpcroute-listener-hostname-matching, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, hostname: bar.com, allowedRoutes: {namespaces: {from: Same}}}
  - {name: listener-2, port: 80, protocol: HTTP, hostname: foo.bar.com, allowedRoutes: {namespaces: {from: Same}}}
  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.bar.com", allowedRoutes: {namespaces: {from: Same}}}
  - {name: listener-4, port: 80, protocol: HTTP, hostname: "*.foo.com", allowedRoutes: {namespaces: {from: Same}}}
`;
  const routes = `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: backend-v1, namespace: ${NS}}
spec:
  parentRefs: [{name: grpcroute-listener-hostname-matching, namespace: ${NS}, sectionName: listener-1}]
  rules: [{backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: backend-v2, namespace: ${NS}}
spec:
  parentRefs: [{name: grpcroute-listener-hostname-matching, namespace: ${NS}, sectionName: listener-2}]
  rules: [{backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: backend-v3, namespace: ${NS}}
spec:
  parentRefs:
  - {name: grpcroute-listener-hostname-matching, namespace: ${NS}, sectionName: listener-3}
  - {name: grpcroute-listener-hostname-matching, namespace: ${NS}, sectionName: listener-4}
  rules: [{backendRefs: [{name: grpc-infra-backend-v3, port: 8080}]}]
`;
  it('the most specific listener hostname picks the Route (8 cases)', () =>
    expectCases(
      routes,
      [
        [{ grpc: { authority: 'bar.com' } }, 'grpc-infra-backend-v1'],
        [{ grpc: { authority: 'foo.bar.com' } }, 'grpc-infra-backend-v2'],
        [{ grpc: { authority: 'baz.bar.com' } }, 'grpc-infra-backend-v3'],
        [{ grpc: { authority: 'boo.bar.com' } }, 'grpc-infra-backend-v3'],
        [{ grpc: { authority: 'multiple.prefixes.bar.com' } }, 'grpc-infra-backend-v3'],
        [{ grpc: { authority: 'multiple.prefixes.foo.com' } }, 'grpc-infra-backend-v3'],
        // foo.com and no.matching.host: no listener accepts the authority; upstream expects UNIMPLEMENTED.
        [{ grpc: { authority: 'foo.com' } }, UNIMPLEMENTED],
        [{ grpc: { authority: 'no.matching.host' } }, UNIMPLEMENTED],
      ],
      `${NS}/grpcroute-listener-hostname-matching`,
      gw,
    ));
});

// ---------------------------------------------------------------------------------------------------------------
const tlsGw = (name: string, listeners: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
${listeners}`;
const passthrough = (name: string, hostname?: string) =>
  `  - name: ${name}
    port: 443
    protocol: TLS
${hostname ? `    hostname: "${hostname}"\n` : ''}    allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TLSRoute}]}
    tls: {mode: Passthrough}
`;
const tlsRoute = (
  name: string,
  gw: string,
  hostnames: string[],
  backend: string,
  port = 443,
) => `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{name: ${gw}, namespace: ${NS}}]
  hostnames: [${hostnames.map((h) => `"${h}"`).join(', ')}]
  rules: [{backendRefs: [{name: ${backend}, port: ${port}}]}]
`;

describe('TLSRouteSimpleSameNamespace (conformance/tests/tlsroute-simple-same-namespace.go)', () => {
  it('SNI abc.example.com on a *.example.com passthrough listener reaches tcp-backend (the backend speaks TLS)', () =>
    expectCases(
      tlsRoute(
        'gateway-conformance-infra-test',
        'gateway-tlsroute',
        ['abc.example.com'],
        'tcp-backend',
        8443,
      ),
      [[{ tls: { sni: 'abc.example.com' } }, 'tcp-backend']],
      `${NS}/gateway-tlsroute`,
      tlsGw('gateway-tlsroute', passthrough('https', '*.example.com')),
    ));
});

describe('TLSRouteHostnameIntersection (conformance/tests/tlsroute-hostname-intersection.go)', () => {
  it('exact listener abc.example.com, route *.example.com', () =>
    expectCases(
      tlsRoute('tlsroute-more-specific-wc-hostname-x-1', 'gw-x-1', ['*.example.com'], 'tls-backend'),
      [
        [{ tls: { sni: 'abc.example.com' } }, 'tls-backend'],
        [{ tls: { sni: 'non.matching.com' } }, REJECTED],
      ],
      `${NS}/gw-x-1`,
      tlsGw('gw-x-1', passthrough('listener-exact-hostname', 'abc.example.com')),
    ));
  it('listener *.example.com, routes abc.example.com and *.com', () =>
    expectCases(
      `${tlsRoute('tlsroute-exact-hostname-x-2', 'gw-x-2', ['abc.example.com'], 'tls-backend')}---\n${tlsRoute('tlsroute-less-specific-wc-hostname-x-2', 'gw-x-2', ['*.com'], 'tls-backend-2')}`,
      [
        [{ tls: { sni: 'abc.example.com' } }, 'tls-backend'],
        [{ tls: { sni: 'other.example.com' } }, 'tls-backend-2'],
        [{ tls: { sni: 'non.matching.com' } }, REJECTED],
      ],
      `${NS}/gw-x-2`,
      tlsGw('gw-x-2', passthrough('listener-more-specific-wc-hostname', '*.example.com')),
    ));
  it('listener *.com, routes abc.example.com and *.example.com', () =>
    expectCases(
      `${tlsRoute('tlsroute-exact-hostname-x-3', 'gw-x-3', ['abc.example.com'], 'tls-backend')}---\n${tlsRoute('tlsroute-more-specific-wc-hostname-x-3', 'gw-x-3', ['*.example.com'], 'tls-backend-2')}`,
      [
        [{ tls: { sni: 'abc.example.com' } }, 'tls-backend'],
        [{ tls: { sni: 'other.example.com' } }, 'tls-backend-2'],
        [{ tls: { sni: 'non.matching.com' } }, REJECTED],
      ],
      `${NS}/gw-x-3`,
      tlsGw('gw-x-3', passthrough('listener-less-specific-wc-hostname', '*.com')),
    ));
  it('listener without hostname, routes abc.example.com and *.com', () =>
    expectCases(
      `${tlsRoute('tlsroute-exact-hostname-x-4', 'gw-x-4', ['abc.example.com'], 'tls-backend')}---\n${tlsRoute('tlsroute-less-specific-wc-hostname-x-4', 'gw-x-4', ['*.com'], 'tls-backend-2')}`,
      [
        [{ tls: { sni: 'abc.example.com' } }, 'tls-backend'],
        [{ tls: { sni: 'other.example.com' } }, 'tls-backend-2'],
        [{ tls: { sni: 'non.matching.net' } }, REJECTED],
      ],
      `${NS}/gw-x-4`,
      tlsGw('gw-x-4', passthrough('listener-empty-hostname')),
    ));
});

describe('TLSRouteInvalidNoMatchingListenerHostname (conformance/tests/tlsroute-invalid-no-matching-listener-hostname.go)', () => {
  it('a route whose hostnames do not intersect the listener is not accepted: nothing is routed', () => {
    expectCases(
      tlsRoute(
        'tlsroute-hostname-mismatch-1',
        'gateway-tls-exact-hostname',
        ['www.nomatch.com', '*.nomatch.com'],
        'tls-backend',
      ),
      [
        [{ tls: { sni: 'www.example.com' } }, REJECTED],
        [{ tls: { sni: 'www.nomatch.com' } }, REJECTED],
      ],
      `${NS}/gateway-tls-exact-hostname`,
      tlsGw('gateway-tls-exact-hostname', passthrough('tls', 'www.example.com')),
    );
    expectCases(
      tlsRoute(
        'tlsroute-hostname-mismatch-2',
        'gateway-tls-wildcard-hostname',
        ['www.different.com', '*.different.com'],
        'tls-backend',
      ),
      [
        [{ tls: { sni: 'www.example.com' } }, REJECTED],
        [{ tls: { sni: 'www.different.com' } }, REJECTED],
      ],
      `${NS}/gateway-tls-wildcard-hostname`,
      tlsGw('gateway-tls-wildcard-hostname', passthrough('tls', '*.example.com')),
    );
  });
});

describe('TLSRouteInvalidBackendRefNonexistent (conformance/tests/tlsroute-invalid-backendref-nonexistent.go)', () => {
  it('only a nonexistent backendRef: the TLS connection is rejected', () =>
    expectCases(
      `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: invalid-backend-ref-nonexistent, namespace: ${NS}}
spec:
  parentRefs: [{name: gw-invalid, namespace: ${NS}}]
  hostnames: ["example.com"]
  rules: [{backendRefs: [{name: nonexistent, namespace: ${NS}, port: 443}]}]
`,
      [[{ tls: { sni: 'example.com' } }, REJECTED]],
      `${NS}/gw-invalid`,
      tlsGw(
        'gw-invalid',
        `  - name: tls\n    protocol: TLS\n    port: 443\n    allowedRoutes: {namespaces: {from: Same}}\n    tls: {mode: Passthrough}\n`,
      ),
    ));
});

describe('TLSRouteInvalidNoMatchingListener (conformance/tests/tlsroute-invalid-no-matching-listener.go)', () => {
  const gws = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gateway-tlsroute-http-only, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
`;
  it('a TLSRoute does not attach to an HTTP listener (NotAllowedByListeners): the Gateway has no route for it', () => {
    const m = cluster(
      `${gws}---\n${tlsRoute('tlsroute-not-allowed-protocol-http', 'gateway-tlsroute-http-only', ['example.com'], 'tls-backend')}`,
      [{ tls: { sni: 'example.com', port: 80 } }],
      `${NS}/gateway-tlsroute-http-only`,
    );
    expect(m.tlsRoutes.get(`${NS}/tlsroute-not-allowed-protocol-http`)!.parentRefs).toEqual([]);
    expect(m.tlsRoutesByGateway.get(`${NS}/gateway-tlsroute-http-only`)).toBeUndefined();
  });
});
