/**
 * API gateways (R9.1–R9.5): gate order route → auth → rate limit, status codes, stage prefix, in-cluster caller
 * of a managed gateway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, objectsOf, trace } from '../__fixtures__/build';

const S36 = readFileSync(
  join(__dirname, '..', '..', '..', 'content', 'scenarios', '36-managed-api-gateway-front.yaml'),
  'utf8',
);

function withRequests(text: string, requests: string): string {
  const a = text.indexOf('  requests:\n');
  const b = text.indexOf('\n---', a);
  return text.slice(0, a) + requests.replace(/\n?$/, '') + text.slice(b);
}

const REQS = `  requests:
  - id: ok
    from: {external: {name: c, ip: 198.51.100.7}}
    to: {url: "https://api.example.com/api/orders"}
    headers: {Authorization: Bearer demo-token}
  - id: bad-token
    from: {external: {name: c, ip: 198.51.100.7}}
    to: {url: "https://api.example.com/api/orders"}
    headers: {Authorization: Bearer nope}
  - id: no-token-over-limit
    from: {external: {name: c, ip: 198.51.100.7}}
    to: {url: "https://api.example.com/api/orders"}
    requestNumberInWindow: 999
  - id: unknown-resource
    from: {external: {name: c, ip: 198.51.100.7}}
    to: {url: "https://api.example.com/admin"}
    headers: {Authorization: Bearer demo-token}
  - id: from-pod
    from: {pod: shop/backend-1}
    to: {url: "https://api.example.com/api/orders"}
    headers: {Authorization: Bearer demo-token}
`;

describe('managed API gateway in front of the cluster (R9.1, R9.2, R9.4, R9.5)', () => {
  const model = modelFrom(withRequests(S36, REQS), 's36-variants.yaml');
  it('valid token → VPC Link → NLB → ingress-nginx → backend', () => {
    const ts = trace(model, 'ok');
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.paths[0]!.hops.map((h) => h.layer).slice(0, 3)).toEqual(['Client', 'API Gateway', 'Cloud LB']);
  });
  it('an authorizer that denies → 403', () => expect(trace(model, 'bad-token').disposition).toBe('HTTP_403'));
  it('no token beats the rate limit: 401, not 429 (auth runs first, R9.2/R9.3)', () =>
    expect(trace(model, 'no-token-over-limit').disposition).toBe('HTTP_401'));
  it('unknown resource on Amazon API Gateway → 403 Missing Authentication Token', () =>
    expect(trace(model, 'unknown-resource').disposition).toBe('HTTP_403'));
  it('an in-cluster caller leaves through its node (masqueraded) before reaching the gateway', () => {
    const ts = trace(model, 'from-pod');
    expect(ts.disposition).toBe('DELIVERED');
    const layers = ts.paths[0]!.hops.map((h) => h.layer);
    expect(layers.slice(0, 5)).toEqual(['Container', 'Pod', 'CNI', 'Node', 'API Gateway']);
    expect(objectsOf(ts).length).toBeGreaterThan(0);
  });
  it('stage prefix not stripped → the Ingress sees /prod/api/… → 404 (R9.5, S31d)', () => {
    const ts = trace(
      modelFrom(
        withRequests(S36.replace('stripStagePrefix: true', 'stripStagePrefix: false'), REQS),
        's36-prefix.yaml',
      ),
      'ok',
    );
    expect(ts.disposition).toBe('HTTP_404');
    expect(ts.paths[0]!.hops.at(-1)?.layer).toBe('Ingress');
  });
});
