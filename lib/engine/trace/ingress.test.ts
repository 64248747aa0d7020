/**
 * Ingress matching (R7.2–R7.7): the path table of the Kubernetes Ingress docs (R7.5), scenario S23 in both
 * normal and ingress-nginx regex mode, single-label wildcard hosts, TLS redirect, 503s.
 */
import { describe, expect, it } from 'vitest';
import { chooseIngressPath, ingressHostMatches, prefixMatches, type PathCandidate } from './ingress';
import { c1With, objectsOf, trace } from '../__fixtures__/build';

type P = PathCandidate<string>;
const p = (path: string, pathType: 'Exact' | 'Prefix', item = `${pathType} ${path}`): P => ({
  path,
  pathType,
  item,
});

describe('Prefix semantics (R7.4)', () => {
  const rows: [string, string, boolean][] = [
    ['/', '/anything', true],
    ['/foo', '/foo', true],
    ['/foo', '/foo/', true],
    ['/foo/', '/foo', true],
    ['/foo/', '/foo/', true],
    ['/aaa/bbb/', '/aaa/bbb', true],
    ['/aaa/bbb', '/aaa/bbb/ccc', true],
    ['/aaa/bb', '/aaa/bbb', false],
    ['/aaa/bbb', '/aaa/bbbxyz', false],
    ['/api', '/apiary', false],
    ['/api', '/API', false],
  ];
  for (const [path, req, want] of rows)
    it(`Prefix ${path} vs ${req} → ${want}`, () => expect(prefixMatches(path, req)).toBe(want));
});

describe('Kubernetes docs path table (R7.5)', () => {
  const rows: { paths: P[]; req: string; want: string | undefined }[] = [
    { paths: [p('/', 'Prefix')], req: '/anything', want: 'Prefix /' },
    { paths: [p('/foo', 'Exact')], req: '/foo', want: 'Exact /foo' },
    { paths: [p('/foo', 'Exact')], req: '/bar', want: undefined },
    { paths: [p('/foo', 'Exact')], req: '/foo/', want: undefined },
    { paths: [p('/foo/', 'Exact')], req: '/foo', want: undefined },
    { paths: [p('/foo', 'Prefix')], req: '/foo', want: 'Prefix /foo' },
    { paths: [p('/foo', 'Prefix')], req: '/foo/', want: 'Prefix /foo' },
    { paths: [p('/aaa/bb', 'Prefix')], req: '/aaa/bbb', want: undefined },
    { paths: [p('/aaa/bbb', 'Prefix')], req: '/aaa/bbb', want: 'Prefix /aaa/bbb' },
    { paths: [p('/aaa/bbb/', 'Prefix')], req: '/aaa/bbb', want: 'Prefix /aaa/bbb/' },
    { paths: [p('/aaa/bbb', 'Prefix')], req: '/aaa/bbb/', want: 'Prefix /aaa/bbb' },
    { paths: [p('/aaa/bbb', 'Prefix')], req: '/aaa/bbb/ccc', want: 'Prefix /aaa/bbb' },
    { paths: [p('/aaa/bbb', 'Prefix')], req: '/aaa/bbbxyz', want: undefined },
    { paths: [p('/', 'Prefix'), p('/aaa', 'Prefix')], req: '/aaa/ccc', want: 'Prefix /aaa' },
    { paths: [p('/aaa', 'Prefix'), p('/', 'Prefix')], req: '/aaa/ccc', want: 'Prefix /aaa' },
    {
      paths: [p('/', 'Prefix'), p('/aaa', 'Prefix'), p('/aaa/bbb', 'Prefix')],
      req: '/aaa/bbb',
      want: 'Prefix /aaa/bbb',
    },
    {
      paths: [p('/', 'Prefix'), p('/aaa', 'Prefix'), p('/aaa/bbb', 'Prefix')],
      req: '/ccc',
      want: 'Prefix /',
    },
    { paths: [p('/aaa', 'Prefix')], req: '/ccc', want: undefined },
    { paths: [p('/foo', 'Prefix'), p('/foo', 'Exact')], req: '/foo', want: 'Exact /foo' },
    { paths: [p('/foo', 'Exact'), p('/foo', 'Prefix')], req: '/foo', want: 'Exact /foo' },
    { paths: [p('/foo', 'Prefix'), p('/foo/', 'Prefix')], req: '/foo', want: 'Prefix /foo/' },
  ];
  for (const r of rows)
    it(`${r.paths.map((x) => x.item).join(' + ')} ← ${r.req}`, () =>
      expect(chooseIngressPath(r.paths, r.req, false)?.item).toBe(r.want));
});

describe('S23 path precedence, normal and regex mode (R7.4, R7.5)', () => {
  const paths: P[] = [
    p('/api', 'Prefix', 'api-v1'),
    p('/api/v2', 'Prefix', 'api-v2'),
    p('/api/v2/users', 'Exact', 'users'),
    p('/', 'Prefix', 'web'),
  ];
  const rows: [string, string, string][] = [
    // request, normal winner, regex-mode winner
    ['/api/v2/users', 'users', 'users'],
    ['/api/v2/users/7', 'api-v2', 'users'],
    ['/api/v2x', 'api-v1', 'api-v2'],
    ['/api/', 'api-v1', 'api-v1'],
    ['/apiary', 'web', 'api-v1'],
    ['/API/v2', 'web', 'api-v2'],
  ];
  for (const [req, normal, regex] of rows) {
    it(`${req} → ${normal}`, () => expect(chooseIngressPath(paths, req, false)?.item).toBe(normal));
    it(`${req} (use-regex) → ${regex}`, () => expect(chooseIngressPath(paths, req, true)?.item).toBe(regex));
  }
});

describe('host matching (R7.2)', () => {
  const rows: [string | undefined, string, boolean][] = [
    ['foo.bar.com', 'foo.bar.com', true],
    ['foo.bar.com', 'bar.com', false],
    ['*.foo.com', 'bar.foo.com', true],
    ['*.foo.com', 'baz.bar.foo.com', false],
    ['*.foo.com', 'foo.com', false],
    [undefined, 'anything.example', true],
  ];
  for (const [rule, host, want] of rows)
    it(`${rule ?? '(no host)'} vs ${host} → ${want}`, () =>
      expect(ingressHostMatches(rule, host)).toBe(want));
});

describe('ingress-nginx behaviour on C1 (R7.6–R7.10)', () => {
  const extra = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop, annotations: {nginx.ingress.kubernetes.io/limit-rps: "2"}}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}
          - {path: /orders, pathType: Prefix, backend: {service: {name: orders, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: wild, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - host: "*.example.com"
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: frontend, port: {number: 80}}}}
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: shop}
spec: {clusterIP: 10.96.150.1, selector: {app: orders}, ports: [{port: 80, targetPort: 8080}]}
`;
  const req = (id: string, url: string, extraFields = '') => `    - id: ${id}
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { url: "${url}" }
      entryNode: node-2${extraFields}
`;
  const model = c1With({
    requests: `  requests:\n${req('https-api', 'https://shop.example.com/api/orders')}${req('http-api', 'http://shop.example.com/api/orders')}${req('no-eps', 'https://shop.example.com/orders')}${req('miss', 'https://shop.example.com/nothing')}${req('wild', 'http://203.0.113.10/x', '\n      headers: { host: blog.example.com }')}${req('two-labels', 'http://203.0.113.10/x', '\n      headers: { host: a.blog.example.com }')}${req('limited', 'https://shop.example.com/api/x', '\n      requestNumberInWindow: 11')}${req('burst-ok', 'https://shop.example.com/api/x', '\n      requestNumberInWindow: 10')}`,
    extra,
  });
  it('S22: HTTPS → controller → endpoints directly (no kube-proxy on the upstream leg, R7.8)', () => {
    const ts = trace(model, 'https-api');
    expect(ts.disposition).toBe('DELIVERED');
    expect(objectsOf(ts)).toEqual(['pod/shop/backend-1', 'pod/shop/backend-2', 'pod/shop/backend-3']);
    for (const path of ts.paths) {
      const i = path.hops.findIndex((h) => h.layer === 'Ingress');
      expect(path.hops.slice(i + 1).some((h) => h.layer === 'kube-proxy')).toBe(false);
      expect(path.sourceSeenByDestination).toBe('10.244.2.30');
      expect(path.masqueraded).toBe(false);
    }
  });
  it('S27: plain HTTP to a TLS host → 308 (R7.7)', () =>
    expect(trace(model, 'http-api').disposition).toBe('HTTP_308'));
  it('S26: backend without endpoints → 503 (R7.9)', () =>
    expect(trace(model, 'no-eps').disposition).toBe('HTTP_503'));
  it('no matching path, no defaultBackend → 404 (R7.6)', () =>
    expect(trace(model, 'miss').disposition).toBe('HTTP_404'));
  it('single-label wildcard host matches blog.example.com (R7.2)', () =>
    expect(objectsOf(trace(model, 'wild'))).toEqual(['pod/shop/frontend-1']));
  it('wildcard does not match two labels → 404 (R7.2)', () =>
    expect(trace(model, 'two-labels').disposition).toBe('HTTP_404'));
  it('rate limit answers 503, not 429 (R7.10; burst = limit-rps × 5)', () => {
    expect(trace(model, 'limited').disposition).toBe('HTTP_503');
    expect(trace(model, 'burst-ok').disposition).toBe('DELIVERED');
  });
});
