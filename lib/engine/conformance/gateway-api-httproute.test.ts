/**
 * Gateway API conformance cases (kubernetes-sigs/gateway-api `conformance/tests/httproute-*.go` + `.yaml`),
 * transcribed as inputs (Gateway, HTTPRoutes, request) and expected outcomes (backend or status code), traced
 * end to end: a Pod calls the Gateway's proxy Service with the request's Host header; the proxy (gateway
 * data plane, R8.7) routes to the endpoints of the winning backend.
 *
 * Upstream conventions kept: namespace `gateway-conformance-infra`, Gateway `same-namespace` (one HTTP listener on
 * port 80, no hostname, allowedRoutes from Same), backends `infra-backend-v1..v3` (Service port 8080 → 3000).
 * Manifests are written as `gateway.networking.k8s.io/v1` (the loader reads only v1; upstream files use
 * v1alpha2/v1beta1 for some). `allowedRoutes` is kept verbatim (the loader ignores it).
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

interface Req {
  host?: string;
  /** The Gateway port dialled (default 80); the Host header may carry another port, which matching ignores. */
  port?: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
}
/** Expected: a backend name (`infra-backend-v1`) or an HTTP status code. */
type Want = string | number;

function backendDocs(names: string[], ns = NS): string {
  return names
    .map((n, i) =>
      backend({
        name: n,
        namespace: ns,
        podIP: `10.244.1.${20 + i + (ns === NS ? 0 : 20)}`,
        clusterIP: `10.96.1.${20 + i + (ns === NS ? 0 : 20)}`,
        containers: '[{name: app, ports: [{containerPort: 3000}]}]',
        ports: '[{port: 8080, targetPort: 3000}]',
      }),
    )
    .join('---\n');
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

/** A one-node cluster with the gateway proxy, the three infra backends, a client Pod, plus `manifests`. */
function cluster(
  manifests: string,
  requests: Req[],
  opts: { gateway?: string; gwName?: string; hostnameFirst?: boolean; extraBackends?: string } = {},
): ClusterModel {
  const gwName = opts.gwName ?? 'same-namespace';
  const reqs = requests
    .map((r, i) => {
      const headers = { host: r.host ?? 'example.com', ...(r.headers ?? {}) };
      return `  - id: r${i}
    from: {pod: default/client}
    to: {url: "http://10.96.1.10${r.port ? `:${r.port}` : ''}${r.path}"}
    method: ${r.method ?? 'GET'}
    headers: ${flowMap(headers)}`;
    })
    .join('\n');
  return modelOf(
    'gateway-conformance.yaml',
    scenarioDoc({
      name: 'gateway-conformance',
      title: 'gateway-api conformance',
      spec: `  gatewayImplementations:\n  - {gateway: ${NS}/${gwName}, service: ${NS}/gw-proxy, upstream: endpoints${opts.hostnameFirst === false ? ', hostnamePrecedenceFirst: false' : ''}}`,
      requests: reqs,
    }),
    nodeDoc(),
    podDoc({ name: 'client', namespace: 'default', ip: '10.244.1.5', containers: '[{name: curl}]' }),
    podDoc({
      name: 'gw-proxy-0',
      namespace: NS,
      labels: 'app: gw-proxy',
      ip: '10.244.1.10',
      containers:
        '[{name: envoy, ports: [{containerPort: 8000}, {containerPort: 8080}, {containerPort: 8090}]}]',
    }),
    serviceDoc({
      name: 'gw-proxy',
      namespace: NS,
      clusterIP: '10.96.1.10',
      selector: 'app: gw-proxy',
      ports:
        '[{name: http, port: 80, targetPort: 8000}, {name: http-8080, port: 8080, targetPort: 8080}, {name: http-8090, port: 8090, targetPort: 8090}]',
    }),
    backendDocs(['infra-backend-v1', 'infra-backend-v2', 'infra-backend-v3']),
    opts.gateway ?? SAME_NAMESPACE_GW,
    ...(opts.extraBackends ? [opts.extraBackends] : []),
    manifests,
  );
}

/** "infra-backend-v1" when every path ends at that backend's Pod, else the HTTP code / disposition. */
function outcome(ts: TraceSet): Want {
  if (ts.disposition.startsWith('HTTP_')) return Number(ts.disposition.slice(5));
  const pods = new Set(
    ts.paths.map((p) => p.endpoint?.object.split('/')[2]?.replace(/-0$/, '') ?? p.disposition),
  );
  return pods.size === 1 ? [...pods][0]! : [...pods].sort().join(' | ');
}

function expectCases(manifests: string, cases: [Req, Want][], opts: Parameters<typeof cluster>[2] = {}) {
  const model = cluster(
    manifests,
    cases.map((c) => c[0]),
    opts,
  );
  cases.forEach(([r, want], i) => {
    const ts = trace(model, `r${i}`);
    expect(
      outcome(ts),
      `${r.method ?? 'GET'} ${r.host ?? 'example.com'}${r.path} ${JSON.stringify(r.headers ?? {})}: ${ts.reason}`,
    ).toBe(want);
  });
}

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-matching.go + .yaml (HTTPRouteMatching)
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteMatching (conformance/tests/httproute-matching.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /}
    - headers: [{name: version, value: one}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /v2}
    - headers: [{name: version, value: two}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`;
  it('path and header matches pick the backend', () =>
    expectCases(route, [
      [{ path: '/' }, 'infra-backend-v1'],
      [{ path: '/example' }, 'infra-backend-v1'],
      [{ path: '/', headers: { Version: 'one' } }, 'infra-backend-v1'],
      [{ path: '/v2' }, 'infra-backend-v2'],
      [{ path: '/v2/example' }, 'infra-backend-v2'],
      [{ path: '/', headers: { Version: 'two' } }, 'infra-backend-v2'],
      // later upstream revisions: PathPrefix is element-wise, /v2example is not under /v2
      [{ path: '/v2example' }, 'infra-backend-v1'],
      // trailing slash ignored by PathPrefix (httproute_types.go PathPrefix doc)
      [{ path: '/v2/' }, 'infra-backend-v2'],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-exact-path-matching.go (HTTPExactPathMatching)
// ---------------------------------------------------------------------------------------------
describe('HTTPExactPathMatching (conformance/tests/httproute-exact-path-matching.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: exact-matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: Exact, value: /one}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /two}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`;
  it('Exact matches only the whole path, case-sensitive; anything else is 404', () =>
    expectCases(route, [
      [{ path: '/one' }, 'infra-backend-v1'],
      [{ path: '/two' }, 'infra-backend-v2'],
      [{ path: '/' }, 404],
      [{ path: '/one/example' }, 404],
      [{ path: '/two/' }, 404],
      [{ path: '/Two' }, 404],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-header-matching.go + .yaml (HTTPRouteHeaderMatching)
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteHeaderMatching (conformance/tests/httproute-header-matching.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: header-matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: blue}]}, {headers: [{name: color, value: green}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, value: red}]}, {headers: [{name: color, value: yellow}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`;
  it('header names are case-insensitive; more header matches win; matches are ORed', () =>
    expectCases(route, [
      [{ path: '/', headers: { Version: 'one' } }, 'infra-backend-v1'],
      [{ path: '/', headers: { Version: 'two' } }, 'infra-backend-v2'],
      [{ path: '/', headers: { Version: 'two', Color: 'orange' } }, 'infra-backend-v1'],
      [{ path: '/', headers: { Version: 'two', Color: 'blue' } }, 'infra-backend-v2'],
      [{ path: '/', headers: { Color: 'orange' } }, 404],
      [{ path: '/', headers: { 'Some-Other-Header': 'one' } }, 404],
      [{ path: '/', headers: { Color: 'blue' } }, 'infra-backend-v1'],
      [{ path: '/', headers: { Color: 'green' } }, 'infra-backend-v1'],
      [{ path: '/', headers: { Color: 'red' } }, 'infra-backend-v2'],
      [{ path: '/', headers: { Color: 'yellow' } }, 'infra-backend-v2'],
      [{ path: '/', headers: { Color: 'purple' } }, 404],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-query-param-matching.go (HTTPRouteQueryParamMatching). The .yaml is not in the
// index; the route below is the upstream manifest's structure as implied by the test's cases and comments.
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteQueryParamMatching (conformance/tests/httproute-query-param-matching.go)', () => {
  const q = (name: string, value: string) => `{name: ${name}, value: ${value}}`;
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: query-param-matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{queryParams: [${q('animal', 'whale')}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{queryParams: [${q('animal', 'dolphin')}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{queryParams: [${q('animal', 'dolphin')}, ${q('color', 'blue')}]}, {queryParams: [${q('ANIMAL', 'Whale')}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path1}, queryParams: [${q('animal', 'whale')}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: one}], queryParams: [${q('animal', 'whale')}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], queryParams: [${q('animal', 'whale')}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches:
    - {path: {type: PathPrefix, value: /path3}, queryParams: [${q('animal', 'shark')}]}
    - {path: {type: PathPrefix, value: /path4}, headers: [{name: version, value: three}], queryParams: [${q('animal', 'kraken')}]}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path5}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{queryParams: [${q('animal', 'hydra')}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: four}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`;
  it('query params: exact, case-sensitive names and values, ANDed with path/headers, precedence after headers', () =>
    expectCases(route, [
      [{ path: '/?animal=whale' }, 'infra-backend-v1'],
      [{ path: '/?animal=dolphin' }, 'infra-backend-v2'],
      [{ path: '/?animal=dolphin&color=blue' }, 'infra-backend-v3'],
      [{ path: '/?ANIMAL=Whale' }, 'infra-backend-v3'],
      [{ path: '/?animal=whale&otherparam=irrelevant' }, 'infra-backend-v1'],
      [{ path: '/?animal=dolphin&color=yellow' }, 'infra-backend-v2'],
      [{ path: '/?color=blue' }, 404],
      [{ path: '/?animal=dog' }, 404],
      [{ path: '/?animal=whaledolphin' }, 404],
      [{ path: '/' }, 404],
      [{ path: '/path1?animal=whale' }, 'infra-backend-v1'],
      [{ path: '/?animal=whale', headers: { version: 'one' } }, 'infra-backend-v2'],
      [{ path: '/path2?animal=whale', headers: { version: 'two' } }, 'infra-backend-v3'],
      [{ path: '/path3?animal=shark' }, 'infra-backend-v1'],
      [{ path: '/path4?animal=kraken', headers: { version: 'three' } }, 'infra-backend-v1'],
      [{ path: '/?animal=shark' }, 404],
      [{ path: '/path4?animal=kraken' }, 404],
      [{ path: '/path5?animal=hydra' }, 'infra-backend-v1'],
      [{ path: '/?animal=hydra', headers: { version: 'four' } }, 'infra-backend-v3'],
      // httproute_types.go HTTPQueryParamMatch: "If multiple entries are present for the same param name, only the
      // first entry is used" (not a conformance row; spec text).
      [{ path: '/?animal=whale&animal=dolphin' }, 'infra-backend-v1'],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-method-matching.go (HTTPRouteMethodMatching). The stored .yaml is the early revision
// (POST → v1, GET → v2); the later rules are the structure the test's cases and comments imply.
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteMethodMatching (conformance/tests/httproute-method-matching.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: method-matching, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{method: POST}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{method: GET}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path1}, method: GET}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: one}], method: PUT}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], method: POST}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches:
    - {path: {type: PathPrefix, value: /path3}, method: PATCH}
    - {path: {type: PathPrefix, value: /path4}, headers: [{name: version, value: three}], method: DELETE}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path5}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{method: PATCH}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: four}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`;
  it('method matches, ANDed with path/headers; method ranks after path and before headers', () =>
    expectCases(route, [
      [{ method: 'POST', path: '/' }, 'infra-backend-v1'],
      [{ method: 'GET', path: '/' }, 'infra-backend-v2'],
      [{ method: 'HEAD', path: '/' }, 404],
      [{ method: 'GET', path: '/path1' }, 'infra-backend-v1'],
      [{ method: 'PUT', path: '/', headers: { version: 'one' } }, 'infra-backend-v2'],
      [{ method: 'POST', path: '/path2', headers: { version: 'two' } }, 'infra-backend-v3'],
      [{ method: 'PATCH', path: '/path3' }, 'infra-backend-v1'],
      [{ method: 'DELETE', path: '/path4', headers: { version: 'three' } }, 'infra-backend-v1'],
      [{ method: 'PUT', path: '/' }, 404],
      [{ method: 'DELETE', path: '/path4' }, 404],
      [{ method: 'PATCH', path: '/path5' }, 'infra-backend-v1'],
      [{ method: 'PATCH', path: '/', headers: { version: 'four' } }, 'infra-backend-v2'],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-path-match-order.go (HTTPRoutePathMatchOrder). The .yaml is not in the index; the
// rules below reproduce its structure (Exact and PathPrefix matches of different lengths per backend).
// ---------------------------------------------------------------------------------------------
describe('HTTPRoutePathMatchOrder (conformance/tests/httproute-path-match-order.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: path-matching-order, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: Exact, value: /match}}, {path: {type: PathPrefix, value: /match/prefix}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /match/exact}}, {path: {type: PathPrefix, value: /match/prefix/one}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: Exact, value: /match/exact/one}}, {path: {type: PathPrefix, value: /match/}}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`;
  it('Exact beats PathPrefix, longer prefix beats shorter, whatever the rule order', () =>
    expectCases(route, [
      [{ path: '/match/exact/one' }, 'infra-backend-v3'],
      [{ path: '/match/exact' }, 'infra-backend-v2'],
      [{ path: '/match' }, 'infra-backend-v1'],
      [{ path: '/match/prefix/one/any' }, 'infra-backend-v2'],
      [{ path: '/match/prefix/any' }, 'infra-backend-v1'],
      [{ path: '/match/any' }, 'infra-backend-v3'],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-matching-across-routes.go + .yaml (HTTPRouteMatchingAcrossRoutes)
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteMatchingAcrossRoutes (conformance/tests/httproute-matching-across-routes.go)', () => {
  const routes = (part2Hosts: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching-part1, namespace: ${NS}, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  parentRefs: [{name: same-namespace}]
  hostnames: [example.com, example.net]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /}
    - headers: [{name: version, value: one}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching-part2, namespace: ${NS}, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  hostnames: [${part2Hosts}]
  parentRefs: [{name: same-namespace}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /v2}
    - headers: [{name: version, value: two}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`;
  const cases: [Req, Want][] = [
    [{ host: 'example.com', path: '/' }, 'infra-backend-v1'],
    [{ host: 'example.com', path: '/example' }, 'infra-backend-v1'],
    [{ host: 'example.net', path: '/example' }, 'infra-backend-v1'],
    [{ host: 'example.com', path: '/example', headers: { Version: 'one' } }, 'infra-backend-v1'],
    [{ host: 'example.com', path: '/v2' }, 'infra-backend-v2'],
    // v2 matches are limited to example.com
    [{ host: 'example.net', path: '/v2' }, 'infra-backend-v1'],
    [{ host: 'example.com', path: '/v2/example' }, 'infra-backend-v2'],
    [{ host: 'example.com', path: '/', headers: { Version: 'two' } }, 'infra-backend-v2'],
  ];
  it('revision with matching-part2 hostnames [example.com]: rules of both routes compete for example.com', () =>
    expectCases(routes('example.com'), cases));
  // The stored .yaml revision gives matching-part2 `hostnames: ["*.com"]` while the stored .go still expects
  // example.com/v2 → infra-backend-v2. Under the spec text (httproute_types.go Hostnames: "precedence must be given to
  // rules from the HTTPRoute with the largest number of characters in a matching non-wildcard hostname", R8.1, and
  // the default gatewayImplementations[].hostnamePrecedenceFirst: true) matching-part1 (example.com, precise) wins
  // that request → infra-backend-v1. The conformance expectation is what an implementation that ranks matches across
  // routes before hostnames produces: hostnamePrecedenceFirst: false.
  it('revision with matching-part2 hostnames [*.com], hostnamePrecedenceFirst: false', () =>
    expectCases(routes('"*.com"'), cases, { hostnameFirst: false }));
  it("revision with matching-part2 hostnames [*.com], spec-text precedence (default): the precise hostname's route wins", () =>
    expectCases(routes('"*.com"'), [
      [{ host: 'example.com', path: '/v2' }, 'infra-backend-v1'],
      [{ host: 'example.com', path: '/', headers: { Version: 'two' } }, 'infra-backend-v1'],
      [{ host: 'foo.com', path: '/v2' }, 'infra-backend-v2'],
      [{ host: 'example.net', path: '/v2' }, 'infra-backend-v1'],
    ]));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-hostname-intersection.go + .yaml (HTTPRouteHostnameIntersection)
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteHostnameIntersection (conformance/tests/httproute-hostname-intersection.go)', () => {
  const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-hostname-intersection, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: very.specific.com}
  - {name: listener-2, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.wildcard.io"}
  - {name: listener-3, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.anotherwildcard.io"}
`;
  const route = (
    name: string,
    hosts: string[],
    prefix: string,
    backend: string,
  ) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${NS}}]
  hostnames: [${hosts.map((h) => `"${h}"`).join(', ')}]
  rules:
  - matches: [{path: {type: PathPrefix, value: ${prefix}}}]
    backendRefs: [{name: ${backend}, port: 8080}]
`;
  const routes = [
    route(
      'specific-host-matches-listener-specific-host',
      ['non.matching.com', '*.nonmatchingwildcard.io', 'very.specific.com'],
      '/s1',
      'infra-backend-v1',
    ),
    route(
      'specific-host-matches-listener-wildcard-host',
      ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'],
      '/s2',
      'infra-backend-v2',
    ),
    route(
      'wildcard-host-matches-listener-specific-host',
      ['non.matching.com', '*.specific.com'],
      '/s3',
      'infra-backend-v3',
    ),
    route(
      'wildcard-host-matches-listener-wildcard-host',
      ['*.anotherwildcard.io'],
      '/s4',
      'infra-backend-v1',
    ),
    route('no-intersecting-hosts', ['specific.but.wrong.com', 'wildcard.io'], '/s5', 'infra-backend-v2'),
  ].join('---\n');
  const opts = { gateway: gw, gwName: 'httproute-hostname-intersection' };
  it('HTTPRoutes that do intersect with listener hostnames', () =>
    expectCases(
      routes,
      [
        [{ host: 'very.specific.com', path: '/s1' }, 'infra-backend-v1'],
        // the port in the Host header is not considered
        [{ host: 'very.specific.com:1234', path: '/s1' }, 'infra-backend-v1'],
        [{ host: 'non.matching.com', path: '/s1' }, 404],
        [{ host: 'foo.nonmatchingwildcard.io', path: '/s1' }, 404],
        [{ host: 'foo.wildcard.io', path: '/s1' }, 404],
        [{ host: 'very.specific.com', path: '/non-matching-prefix' }, 404],
        [{ host: 'foo.wildcard.io', path: '/s2' }, 'infra-backend-v2'],
        [{ host: 'bar.wildcard.io', path: '/s2' }, 'infra-backend-v2'],
        [{ host: 'foo.bar.wildcard.io', path: '/s2' }, 'infra-backend-v2'],
        [{ host: 'non.matching.com', path: '/s2' }, 404],
        [{ host: 'wildcard.io', path: '/s2' }, 404],
        [{ host: 'very.specific.com', path: '/s2' }, 404],
        [{ host: 'foo.wildcard.io', path: '/non-matching-prefix' }, 404],
        [{ host: 'very.specific.com', path: '/s3' }, 'infra-backend-v3'],
        [{ host: 'non.matching.com', path: '/s3' }, 404],
        [{ host: 'foo.specific.com', path: '/s3' }, 404],
        [{ host: 'foo.wildcard.io', path: '/s3' }, 404],
        [{ host: 'very.specific.com', path: '/non-matching-prefix' }, 404],
        [{ host: 'foo.anotherwildcard.io', path: '/s4' }, 'infra-backend-v1'],
        [{ host: 'bar.anotherwildcard.io', path: '/s4' }, 'infra-backend-v1'],
        [{ host: 'foo.bar.anotherwildcard.io', path: '/s4' }, 'infra-backend-v1'],
        [{ host: 'anotherwildcard.io', path: '/s4' }, 404],
        [{ host: 'foo.wildcard.io', path: '/s4' }, 404],
        [{ host: 'very.specific.com', path: '/s4' }, 404],
        [{ host: 'foo.anotherwildcard.io', path: '/non-matching-prefix' }, 404],
      ],
      opts,
    ));
  it('HTTPRoutes that do not intersect with listener hostnames', () =>
    expectCases(
      routes,
      [
        [{ host: 'specific.but.wrong.com', path: '/s5' }, 404],
        [{ host: 'wildcard.io', path: '/s5' }, 404],
      ],
      opts,
    ));
  it('HTTPRoutes intersects with an unspecified hostname listener', () => {
    // Gateway httproute-hostname-intersection-all: one listener without hostname; the route's hostnames (the .yaml
    // revision with this subtest is not in the index) are the ones the cases name: first.com, second.com and their
    // subdomains, not third.com.
    const gwAll = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-hostname-intersection-all, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners: [{name: listener-1, port: 80, protocol: HTTP}]
`;
    const r = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: httproute-hostname-intersection-all, namespace: ${NS}}
spec:
  parentRefs: [{name: httproute-hostname-intersection-all, namespace: ${NS}}]
  hostnames: [first.com, "*.first.com", second.com, "*.second.com"]
  rules: [{backendRefs: [{name: infra-backend-v2, port: 8080}]}]
`;
    expectCases(
      r,
      [
        [{ host: 'first.com', path: '/' }, 'infra-backend-v2'],
        [{ host: 'sub.first.com', path: '/' }, 'infra-backend-v2'],
        [{ host: 'second.com', path: '/' }, 'infra-backend-v2'],
        [{ host: 'sub.second.com', path: '/' }, 'infra-backend-v2'],
        [{ host: 'third.com', path: '/' }, 404],
        [{ host: 'sub.third.com', path: '/' }, 404],
      ],
      { gateway: gwAll, gwName: 'httproute-hostname-intersection-all' },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-listener-hostname-matching.go + .yaml (HTTPRouteListenerHostnameMatching)
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteListenerHostnameMatching (conformance/tests/httproute-listener-hostname-matching.go)', () => {
  const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-listener-hostname-matching, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: bar.com}
  - {name: listener-2, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: foo.bar.com}
  - {name: listener-3, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.bar.com"}
  - {name: listener-4, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: "*.foo.com"}
`;
  const route = (
    name: string,
    sections: string[],
    backend: string,
  ) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [${sections.map((s) => `{name: httproute-listener-hostname-matching, namespace: ${NS}, sectionName: ${s}}`).join(', ')}]
  rules: [{backendRefs: [{name: ${backend}, port: 8080}]}]
`;
  const routes = [
    route('backend-v1', ['listener-1'], 'infra-backend-v1'),
    route('backend-v2', ['listener-2'], 'infra-backend-v2'),
    route('backend-v3', ['listener-3', 'listener-4'], 'infra-backend-v3'),
  ].join('---\n');
  it('the most specific listener hostname decides which route applies', () =>
    expectCases(
      routes,
      [
        [{ host: 'bar.com', path: '/' }, 'infra-backend-v1'],
        [{ host: 'foo.bar.com', path: '/' }, 'infra-backend-v2'],
        [{ host: 'baz.bar.com', path: '/' }, 'infra-backend-v3'],
        [{ host: 'boo.bar.com', path: '/' }, 'infra-backend-v3'],
        [{ host: 'multiple.prefixes.bar.com', path: '/' }, 'infra-backend-v3'],
        [{ host: 'multiple.prefixes.foo.com', path: '/' }, 'infra-backend-v3'],
        [{ host: 'foo.com', path: '/' }, 404],
        [{ host: 'no.matching.host', path: '/' }, 404],
      ],
      { gateway: gw, gwName: 'httproute-listener-hostname-matching' },
    ));
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-weight.go (HTTPRouteWeight): weights 70 / 30 / 0
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteWeight (conformance/tests/httproute-weight.go)', () => {
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: weighted-backends, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs:
    - {name: infra-backend-v1, port: 8080, weight: 70}
    - {name: infra-backend-v2, port: 8080, weight: 30}
    - {name: infra-backend-v3, port: 8080, weight: 0}
`;
  it('distribution 0.7 / 0.3 / 0.0, only two backends receive traffic', () => {
    const ts = trace(cluster(route, [{ path: '/' }]), 'r0');
    const share = (b: string) =>
      ts.paths.filter((p) => p.endpoint?.object === `pod/${NS}/${b}-0`).reduce((a, p) => a + p.weight, 0);
    expect(ts.disposition).toBe('DELIVERED');
    expect(share('infra-backend-v1')).toBeCloseTo(0.7, 9);
    expect(share('infra-backend-v2')).toBeCloseTo(0.3, 9);
    expect(share('infra-backend-v3')).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Invalid backendRefs → 500 (httproute_types.go BackendRefs; conformance/tests/httproute-invalid-*.go)
// ---------------------------------------------------------------------------------------------
describe('invalid backendRefs (conformance/tests/httproute-invalid-*.go)', () => {
  const route = (name: string, ref: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs: [${ref}]
`;
  it('HTTPRouteInvalidNonExistentBackendRef (httproute-invalid-nonexistent-backendref.go): 500', () =>
    expectCases(route('invalid-nonexistent-backend-ref', '{name: nonexistent-backend, port: 8080}'), [
      [{ path: '/' }, 500],
    ]));
  it('HTTPRouteInvalidBackendRefUnknownKind (httproute-invalid-backendref-unknown-kind.go): 500', () =>
    expectCases(
      route(
        'invalid-backend-ref-unknown-kind',
        '{group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}',
      ),
      [[{ path: '/' }, 500]],
    ));
  it('HTTPRouteInvalidCrossNamespaceBackendRef (httproute-invalid-cross-namespace-backend-ref.go): 500 without a ReferenceGrant', () =>
    expectCases(
      route(
        'invalid-cross-namespace-backend-ref',
        '{name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}',
      ),
      [[{ path: '/' }, 500]],
      {
        extraBackends: backendDocs(['web-backend'], 'gateway-conformance-web-backend'),
      },
    ));
  it('a rule whose refs are half invalid answers 500 for that half (httproute_types.go BackendRefs)', () => {
    const ts = trace(
      cluster(
        route('half', '{name: infra-backend-v1, port: 8080}, {name: nonexistent-backend, port: 8080}'),
        [{ path: '/' }],
      ),
      'r0',
    );
    const w500 = ts.paths.filter((p) => p.disposition === 'HTTP_500').reduce((a, p) => a + p.weight, 0);
    expect(w500).toBeCloseTo(0.5, 9);
  });
  it("a rule with no backendRefs answers 500 (httproute_types.go BackendRefs: 'no backendRefs → 500')", () => {
    const r = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: no-backends, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules: [{matches: [{path: {type: PathPrefix, value: /}}]}]
`;
    expectCases(r, [[{ path: '/' }, 500]]);
  });
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-service-types.go + .yaml (HTTPRouteServiceTypes): backends that are selector-less
// Services with manual EndpointSlices and headless Services all route (the test copies infra-backend-v1's Pod
// addresses into the manual slices; written out here). The `v1 Endpoints` variants (manual-endpoints,
// headless-manual-endpoints) are skipped: lib/scenario does not read kind Endpoints (see the test below).
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteServiceTypes (conformance/tests/httproute-service-types.go)', () => {
  const svc = (name: string, extra: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${NS}}
spec:
${extra}  ports: [{name: first-port, protocol: TCP, port: 8080, targetPort: 3000}]
`;
  const manualSlice = (name: string) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}, namespace: ${NS}, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
ports: [{name: first-port, port: 3000, protocol: TCP}]
endpoints: [{addresses: [10.244.1.20], conditions: {ready: true}, nodeName: node-1}]
`;
  const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: service-types, namespace: ${NS}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: Exact, value: /manual-endpointslices}}]
    backendRefs: [{name: manual-endpointslices, port: 8080}]
  - matches: [{path: {type: Exact, value: /headless}}]
    backendRefs: [{name: headless, port: 8080}]
  - matches: [{path: {type: Exact, value: /headless-manual-endpointslices}}]
    backendRefs: [{name: headless-manual-endpointslices, port: 8080}]
`;
  const docs = [
    route,
    svc('manual-endpointslices', '  clusterIP: 10.96.1.50\n'),
    manualSlice('manual-endpointslices'),
    svc('headless', '  clusterIP: None\n  selector: {app: infra-backend-v1}\n'),
    svc('headless-manual-endpointslices', '  clusterIP: None\n'),
    manualSlice('headless-manual-endpointslices'),
  ].join('---\n');
  it('every Service type routes to the backend Pod', () =>
    expectCases(docs, [
      [{ path: '/manual-endpointslices' }, 'infra-backend-v1'],
      [{ path: '/headless' }, 'infra-backend-v1'],
      [{ path: '/headless-manual-endpointslices' }, 'infra-backend-v1'],
    ]));
  it.skip('manual-endpoints / headless-manual-endpoints: `kind: Endpoints` (v1) is rejected by lib/scenario (unknown_kind)', () =>
    undefined);
});

// ---------------------------------------------------------------------------------------------
// conformance/tests/httproute-listener-port-matching.go (HTTPRouteListenerPortMatching). The .yaml is not in the
// index; the Gateway below is the one the cases imply: listener-1 :80, listener-2 :8080, listener-3 :8090 for
// bar.com (no route), listener-4 :8090 for foo.com; routes attach by parentRef port / sectionName.
// ---------------------------------------------------------------------------------------------
describe('HTTPRouteListenerPortMatching (conformance/tests/httproute-listener-port-matching.go)', () => {
  const gw = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-listener-port-matching, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP}
  - {name: listener-2, port: 8080, protocol: HTTP}
  - {name: listener-3, port: 8090, protocol: HTTP, hostname: bar.com}
  - {name: listener-4, port: 8090, protocol: HTTP, hostname: foo.com}
`;
  const route = (name: string, parent: string, backend: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{name: httproute-listener-port-matching, namespace: ${NS}, ${parent}}]
  rules: [{backendRefs: [{name: ${backend}, port: 8080}]}]
`;
  const routes = [
    route('backend-v1', 'port: 80', 'infra-backend-v1'),
    route('backend-v2', 'port: 8080', 'infra-backend-v2'),
    route('backend-v3', 'sectionName: listener-4', 'infra-backend-v3'),
  ].join('---\n');
  it("the listener on the request's port decides; hostnames then narrow it", () =>
    expectCases(
      routes,
      [
        [{ host: 'foo.com', path: '/' }, 'infra-backend-v1'],
        [{ host: 'foo.com:8080', port: 8080, path: '/' }, 'infra-backend-v2'],
        [{ host: 'bar.com:8080', port: 8080, path: '/' }, 'infra-backend-v2'],
        [{ host: 'foo.com:8090', port: 8090, path: '/' }, 'infra-backend-v3'],
        [{ host: 'bar.com:8090', port: 8090, path: '/' }, 404],
      ],
      { gateway: gw, gwName: 'httproute-listener-port-matching' },
    ));
});
