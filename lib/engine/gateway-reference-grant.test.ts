/**
 * Gateway API ReferenceGrant, transcribed from the upstream conformance tests (kubernetes-sigs/gateway-api
 * conformance/tests, read at 4564255a):
 *  - HTTPRouteReferenceGrant (httproute-reference-grant.yaml): an HTTPRoute in the infra namespace with a
 *    backendRef to Service web-backend in the web-backend namespace, and a ReferenceGrant *in web-backend*
 *    from HTTPRoutes of infra to that Service: ResolvedRefs=True, GET / → 200 from web-backend; after the grant
 *    is deleted, GET / → 500.
 *  - HTTPRouteInvalidReferenceGrant (httproute-invalid-reference-grant.yaml): seven grants, each wrong in one
 *    way (in the route's namespace instead of the target's; wrong from group, from kind, from namespace; wrong
 *    to group, to kind, to name): ResolvedRefs=False/RefNotPermitted and GET / → 500.
 *  - HTTPRoutePartiallyInvalidViaInvalidReferenceGrant: a grant naming app-backend-v1 only: /v2 (backendRef
 *    app-backend-v2) → 500, / (app-backend-v1) → 200; the route stays Accepted.
 * Spec (apis/v1/httproute_types.go, BackendRefs): requests that would go to an invalid backendRef get 500, and
 * with several backends only the invalid one's share does. A `to` entry without `name` grants every object of
 * that kind in the namespace (apis/v1/referencegrant_types.go); `v1` is served as well as `v1beta1`.
 * Built on content scenario 31 (Gateway shop/gw, listener *.example.com, allowedRoutes Same): `shop` plays the
 * conformance infra namespace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, objectsOf, trace } from './__fixtures__/build';

const S31 = readFileSync(
  join(__dirname, '..', '..', 'content', 'scenarios', '31-gateway-api-precedence.yaml'),
  'utf8',
);

const backend = (name: string, ip: string, clusterIP: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: web-backend}
spec:
  clusterIP: ${clusterIP}
  selector: {app: ${name}}
  ports: [{name: http, port: 8080, targetPort: 3000}]
---
apiVersion: v1
kind: Pod
metadata: {name: ${name}-1, namespace: web-backend, labels: {app: ${name}}}
spec:
  nodeName: node-2
  containers: [{name: app, ports: [{containerPort: 3000}]}]
status: {podIP: ${ip}}
`;

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reference-grant, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  hostnames: [rg.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /split}}]
    backendRefs:
    - {name: web-backend, namespace: web-backend, port: 8080}
    - {name: app-backend-v2, namespace: web-backend, port: 8080}
  - matches: [{path: {type: PathPrefix, value: /v2}}]
    backendRefs: [{name: app-backend-v2, namespace: web-backend, port: 8080}]
  - backendRefs: [{name: web-backend, namespace: web-backend, port: 8080}]
`;

const grant = (
  o: {
    name?: string;
    ns?: string;
    fromGroup?: string;
    fromKind?: string;
    fromNs?: string;
    toGroup?: string;
    toKind?: string;
    toName?: string | null;
    apiVersion?: string;
  } = {},
) => `apiVersion: ${o.apiVersion ?? 'gateway.networking.k8s.io/v1beta1'}
kind: ReferenceGrant
metadata: {name: ${o.name ?? 'reference-grant'}, namespace: ${o.ns ?? 'web-backend'}}
spec:
  from:
  - {group: "${o.fromGroup ?? 'gateway.networking.k8s.io'}", kind: ${o.fromKind ?? 'HTTPRoute'}, namespace: ${o.fromNs ?? 'shop'}}
  to:
  - {group: "${o.toGroup ?? ''}", kind: ${o.toKind ?? 'Service'}${o.toName === null ? '' : `, name: ${o.toName ?? 'web-backend'}`}}
`;

/** Scenario 31 plus namespace web-backend (two Services), the route above, the given grants and two requests. */
function model(grants: string[]) {
  const first = S31.indexOf('\n---\n');
  let text =
    S31.slice(0, first) +
    '\n  - id: rg-root\n    from: {external: {name: browser, ip: 198.51.100.7}}\n    to: {url: "http://rg.example.com/"}' +
    '\n  - id: rg-v2\n    from: {external: {name: browser, ip: 198.51.100.7}}\n    to: {url: "http://rg.example.com/v2"}' +
    '\n  - id: rg-split\n    from: {external: {name: browser, ip: 198.51.100.7}}\n    to: {url: "http://rg.example.com/split"}' +
    S31.slice(first);
  expect(text).toContain('  publicDns:\n');
  text = text.replace('  publicDns:\n', '  publicDns:\n  - name: rg.example.com\n    a: [203.0.113.50]\n');
  const docs = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: web-backend}\n',
    backend('web-backend', '10.244.2.80', '10.96.150.1'),
    backend('app-backend-v2', '10.244.2.81', '10.96.150.2'),
    ROUTE,
    ...grants,
  ];
  return modelFrom(`${text.replace(/\n?$/, '\n')}---\n${docs.join('---\n')}`);
}

describe('Gateway API ReferenceGrant (conformance HTTPRouteReferenceGrant)', () => {
  it('a grant in the Service namespace for HTTPRoutes of the route namespace lets GET / reach web-backend', () => {
    const ts = trace(model([grant()]), 'rg-root');
    expect(ts.disposition).toBe('DELIVERED');
    expect(objectsOf(ts)).toEqual(['pod/web-backend/web-backend-1']);
  });

  it('without the grant (deleted) the same request gets 500, RefNotPermitted', () => {
    const ts = trace(model([]), 'rg-root');
    expect(ts.disposition).toBe('HTTP_500');
    expect(ts.paths.every((p) => p.disposition === 'HTTP_500')).toBe(true);
    const reason = ts.paths[0]!.reason;
    expect(reason).toMatch(/ReferenceGrant/);
    expect(reason).toMatch(/RefNotPermitted/);
    expect(reason).toMatch(/500/);
  });

  it('gateway.networking.k8s.io/v1 ReferenceGrant is read too, and a `to` without name grants every Service', () => {
    expect(trace(model([grant({ apiVersion: 'gateway.networking.k8s.io/v1' })]), 'rg-root').disposition).toBe(
      'DELIVERED',
    );
    const all = model([grant({ toName: null })]);
    expect(trace(all, 'rg-root').disposition).toBe('DELIVERED');
    expect(trace(all, 'rg-v2').disposition).toBe('DELIVERED');
  });
});

describe('Gateway API ReferenceGrant (conformance HTTPRouteInvalidReferenceGrant)', () => {
  const wrong = {
    'in the route namespace instead of the target namespace': grant({ name: 'wrong-namespace', ns: 'shop' }),
    'wrong from group': grant({ name: 'wrong-from-group', fromGroup: 'not-the-group-youre-looking-for' }),
    'wrong from kind (Gateway)': grant({ name: 'wrong-from-kind', fromKind: 'Gateway' }),
    'wrong from namespace': grant({
      name: 'wrong-from-namespace',
      fromNs: 'not-the-namespace-youre-looking-for',
    }),
    'wrong to group': grant({ name: 'wrong-to-group', toGroup: 'not-the-group-youre-looking-for' }),
    'wrong to kind (Secret)': grant({ name: 'wrong-to-kind', toKind: 'Secret' }),
    'wrong to name': grant({
      name: 'wrong-to-name',
      toKind: 'Secret',
      toName: 'not-the-service-youre-looking-for',
    }),
  };
  for (const [what, g] of Object.entries(wrong))
    it(`a grant with ${what} permits nothing: 500`, () => {
      const ts = trace(model([g]), 'rg-root');
      expect(ts.disposition).toBe('HTTP_500');
      expect(ts.paths[0]!.reason).toMatch(/RefNotPermitted/);
    });

  it('all seven wrong grants together still permit nothing', () => {
    expect(trace(model(Object.values(wrong)), 'rg-root').disposition).toBe('HTTP_500');
  });
});

describe('Gateway API ReferenceGrant (conformance HTTPRoutePartiallyInvalidViaInvalidReferenceGrant)', () => {
  it('a grant naming one Service: its rule answers 200, the sibling rule to another Service 500', () => {
    const m = model([grant({ toName: 'web-backend' })]);
    expect(m.httpRoutesByGateway.get('shop/gw')?.map((r) => r.id)).toContain('shop/reference-grant');
    expect(trace(m, 'rg-root').disposition).toBe('DELIVERED');
    const v2 = trace(m, 'rg-v2');
    expect(v2.disposition).toBe('HTTP_500');
    expect(v2.paths[0]!.reason).toMatch(/web-backend\/app-backend-v2.*RefNotPermitted/);
  });

  it('within one rule only the invalid backend share gets 500 (spec: BackendRefs)', () => {
    const ts = trace(model([grant()]), 'rg-split');
    const share = (d: string) =>
      ts.paths.filter((p) => p.disposition === d).reduce((a, p) => a + p.weight, 0);
    expect(share('HTTP_500')).toBeCloseTo(0.5, 6);
    expect(share('DELIVERED')).toBeCloseTo(0.5, 6);
  });
});
