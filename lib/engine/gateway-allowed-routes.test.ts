/**
 * Gateway API listener `allowedRoutes` (Gateway API spec, GatewaySpec.Listeners[].AllowedRoutes): `namespaces.from`
 * Same (the default) | All | Selector (a label selector on the Route's namespace), and `kinds` (empty = the kinds
 * the listener protocol supports; HTTPRoute for HTTP/HTTPS). A Route that no listener allows is not attached
 * (Accepted=False, NotAllowedByListeners), so the Gateway has no route for the request: 404 (R8.5).
 * Traced on content scenario 31 (Gateway shop/gw with listener `http`, routes r-shop and r-all in shop).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, objectsOf, trace } from './__fixtures__/build';

const S31 = readFileSync(
  join(__dirname, '..', '..', 'content', 'scenarios', '31-gateway-api-precedence.yaml'),
  'utf8',
);
const ALLOWED = '  - allowedRoutes:\n      namespaces:\n        from: Same\n';
const SHOP_NS = '  labels:\n    kubernetes.io/metadata.name: shop\n  name: shop\n';
const withAllowed = (block: string, nsLabels = '') => {
  expect(S31).toContain(ALLOWED);
  expect(S31).toContain(SHOP_NS);
  return modelFrom(
    S31.replace(ALLOWED, `  - allowedRoutes:\n${block}`).replace(
      SHOP_NS,
      `  labels:\n    kubernetes.io/metadata.name: shop\n${nsLabels}  name: shop\n`,
    ),
  );
};

describe('Gateway listener allowedRoutes', () => {
  it('from: Same (as written) attaches the routes of the Gateway namespace', () => {
    const ts = trace(modelFrom(S31), 'main');
    expect(ts.disposition).toBe('DELIVERED');
    expect(objectsOf(ts)).toEqual(['pod/shop/api-v1-1', 'pod/shop/api-v2-1']);
  });

  it('from: Selector attaches only routes whose namespace has the labels', () => {
    const sel =
      '      namespaces:\n        from: Selector\n        selector:\n          matchLabels:\n            gateway-access: "true"\n';
    const without = withAllowed(sel);
    expect(without.httpRoutesByGateway.get('shop/gw') ?? []).toEqual([]);
    expect(trace(without, 'main').disposition).toBe('HTTP_404');
    const labelled = withAllowed(sel, '    gateway-access: "true"\n');
    expect(trace(labelled, 'main').disposition).toBe('DELIVERED');
  });

  it('kinds without HTTPRoute allow no HTTPRoute', () => {
    const m = withAllowed('      kinds:\n      - kind: GRPCRoute\n');
    expect(trace(m, 'main').disposition).toBe('HTTP_404');
    const ok = withAllowed(
      '      kinds:\n      - group: gateway.networking.k8s.io\n        kind: HTTPRoute\n',
    );
    expect(trace(ok, 'main').disposition).toBe('DELIVERED');
  });

  it('a Route in another namespace attaches under from: All but not under the default Same', () => {
    // Both routes move to namespace web; their parentRefs then name the Gateway's namespace explicitly.
    const move = (t: string) =>
      t
        .replace(/(kind: HTTPRoute\nmetadata:\n(?:  .*\n)*?)  namespace: shop\n/g, '$1  namespace: web\n')
        .replace(
          /(  parentRefs:\n  - group: gateway.networking.k8s.io\n    kind: Gateway\n    name: gw\n)/g,
          '$1    namespace: shop\n',
        );
    const moved = move(S31);
    expect(moved).not.toEqual(S31);
    const same = modelFrom(moved);
    expect(same.httpRoutesByGateway.get('shop/gw') ?? []).toEqual([]);
    const all = modelFrom(
      moved.replace(ALLOWED, '  - allowedRoutes:\n      namespaces:\n        from: All\n'),
    );
    expect((all.httpRoutesByGateway.get('shop/gw') ?? []).map((r) => r.id).sort()).toEqual([
      'web/r-all',
      'web/r-shop',
    ]);
  });
});
