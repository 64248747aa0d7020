/**
 * Gateway API HTTPRoute precedence (R8.1–R8.6): the S28 table, hostname rules (suffix wildcard, apex),
 * match precedence and tie-breaks, weights, 404/500/503.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelGateway, ModelHTTPRoute } from '../model';
import type { HttpRequest } from './state';
import { gwHostMatches, selectRoute } from './gateway';
import { modelFrom, trace } from '../__fixtures__/build';

type Rule = ModelHTTPRoute['rules'][number];
type Match = Rule['matches'][number];

const gw: ModelGateway = {
  id: 'infra/gw',
  namespace: 'infra',
  name: 'gw',
  gatewayClassName: 'envoy',
  listeners: [
    {
      name: 'http',
      hostname: '*.example.com',
      port: 80,
      protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Same' }, kinds: [] },
    },
  ],
  addresses: [],
  raw: {} as ModelGateway['raw'],
};

const m = (type: 'Exact' | 'PathPrefix', value: string, extra: Partial<Match> = {}): Match => ({
  path: { type, value },
  headers: [],
  queryParams: [],
  ...extra,
});
const rule = (matches: Match[], backend: string): Rule => ({
  matches,
  filters: [],
  backendRefs: [{ group: '', kind: 'Service', name: backend, port: 80, weight: 1 }],
});
function route(name: string, created: string, hostnames: string[], rules: Rule[]): ModelHTTPRoute {
  return {
    id: `shop/${name}`,
    namespace: 'shop',
    name,
    permittedCrossNamespaceRefs: new Set(),
    hostnames,
    parentRefs: [{ kind: 'Gateway', name: 'gw', namespace: 'infra' }],
    rules,
    creationTimestamp: created,
    raw: {} as ModelHTTPRoute['raw'],
  };
}
const req = (
  host: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): HttpRequest => ({ scheme: 'http', host, port: 80, path, query: {}, method, headers });

describe('S28 precedence table (R8.1, R8.2)', () => {
  const rShop = route(
    'r-shop',
    '2026-11-23T11:00:00Z',
    ['shop.example.com'],
    [
      rule([m('PathPrefix', '/api')], 'A'),
      rule([m('PathPrefix', '/api', { headers: [{ type: 'Exact', name: 'x-canary', value: 'true' }] })], 'B'),
    ],
  );
  const rAll = route(
    'r-all',
    '2026-11-21T08:05:00Z',
    ['*.example.com'],
    [rule([m('PathPrefix', '/api/orders')], 'C'), rule([m('Exact', '/api')], 'D')],
  );
  const rows: [HttpRequest, string | undefined][] = [
    [req('shop.example.com', '/api/orders/1'), 'A'],
    [req('shop.example.com', '/api/x', { 'x-canary': 'true' }), 'B'],
    [req('blog.example.com', '/api/orders/1'), 'C'],
    [req('blog.example.com', '/api'), 'D'],
    [req('blog.example.com', '/static'), undefined],
    [req('example.com', '/'), undefined],
  ];
  for (const [r, want] of rows) {
    it(`${r.host}${r.path}${Object.keys(r.headers).length ? ' +x-canary' : ''} → ${want ?? '404'}`, () => {
      const sel = selectRoute(gw, [rShop, rAll], r, true);
      expect(sel.winner?.rule.backendRefs[0]?.name).toBe(want);
    });
  }
  it('without hostname-first precedence the longer prefix of r-all wins', () => {
    expect(
      selectRoute(gw, [rShop, rAll], req('shop.example.com', '/api/orders/1'), false).winner?.rule
        .backendRefs[0]?.name,
    ).toBe('C');
  });
});

describe('match precedence and tie-breaks (R8.2, R8.3)', () => {
  const r1 = route(
    'b-route',
    '2026-01-02T00:00:00Z',
    [],
    [
      rule([m('PathPrefix', '/')], 'root'),
      rule([m('PathPrefix', '/x', { method: 'POST' })], 'post-x'),
      rule([m('PathPrefix', '/x')], 'any-x'),
    ],
  );
  const r2 = route('a-route', '2026-01-02T00:00:00Z', [], [rule([m('PathPrefix', '/x')], 'a-x')]);
  const r3 = route('z-old', '2026-01-01T00:00:00Z', [], [rule([m('PathPrefix', '/y')], 'old-y')]);
  const r4 = route('a-new', '2026-01-03T00:00:00Z', [], [rule([m('PathPrefix', '/y')], 'new-y')]);
  const qp = route(
    'q',
    '2026-01-05T00:00:00Z',
    [],
    [
      rule([m('PathPrefix', '/q', { queryParams: [{ type: 'Exact', name: 'v', value: '2' }] })], 'q-v2'),
      rule([m('PathPrefix', '/q')], 'q-any'),
    ],
  );
  const ored = route(
    'or',
    '2026-01-06T00:00:00Z',
    [],
    [rule([m('Exact', '/one'), m('Exact', '/two')], 'either')],
  );
  const cases: [string, HttpRequest, string | undefined][] = [
    ['method match beats no method', req('a.example.com', '/x/1', {}, 'POST'), 'post-x'],
    ['same precedence: alphabetical ns/name after equal timestamps', req('a.example.com', '/x/1'), 'a-x'],
    ['oldest route wins ties', req('a.example.com', '/y'), 'old-y'],
    ['query-param match beats none', { ...req('a.example.com', '/q'), query: { v: '2' } }, 'q-v2'],
    ['matches are ORed', req('a.example.com', '/two'), 'either'],
    ['PathPrefix is element-wise: /x does not match /xy', req('a.example.com', '/xy'), 'root'],
  ];
  for (const [name, r, want] of cases)
    it(name, () =>
      expect(selectRoute(gw, [r1, r2, r3, r4, qp, ored], r, true).winner?.rule.backendRefs[0]?.name).toBe(
        want,
      ),
    );
});

describe('hostnames (R8.1)', () => {
  const rows: [string, string, boolean][] = [
    ['*.example.com', 'foo.example.com', true],
    ['*.example.com', 'foo.test.example.com', true],
    ['*.example.com', 'example.com', false],
    ['shop.example.com', 'shop.example.com', true],
    ['shop.example.com', 'blog.example.com', false],
  ];
  for (const [pat, host, want] of rows)
    it(`${pat} vs ${host} → ${want}`, () => expect(gwHostMatches(pat, host)).toBe(want));
  it("route hostnames outside the listener's are ignored", () => {
    const r = route('other', '2026-01-01T00:00:00Z', ['shop.other.org'], [rule([m('PathPrefix', '/')], 'x')]);
    expect(selectRoute(gw, [r], req('shop.other.org', '/'), true).winner).toBeUndefined();
  });
});

describe('weights and error shares on scenario 31 (R8.5, R8.6)', () => {
  const text = readFileSync(
    join(__dirname, '..', '..', '..', 'content', 'scenarios', '31-gateway-api-precedence.yaml'),
    'utf8',
  );
  it('api-v1 90 % / api-v2 10 %', () => {
    const ts = trace(modelFrom(text), 'main');
    const share = (obj: string) =>
      ts.paths.filter((p) => p.endpoint?.object.includes(obj)).reduce((a, p) => a + p.weight, 0);
    expect(share('api-v1')).toBeCloseTo(0.9, 9);
    expect(share('api-v2')).toBeCloseTo(0.1, 9);
  });
  it('a missing backend Service is a 500 for its share, 503 for a Service without endpoints', () => {
    const patched = text
      .replace(
        /name: api-v2\n(\s+)port: 80\n(\s+)weight: 10/,
        'name: does-not-exist\n$1port: 80\n$2weight: 10',
      )
      .replace(/ {2}- id: main\n/, '  - id: main\n');
    const ts = trace(modelFrom(patched), 'main');
    const w500 = ts.paths.filter((p) => p.disposition === 'HTTP_500').reduce((a, p) => a + p.weight, 0);
    expect(w500).toBeCloseTo(0.1, 9);
    expect(ts.disposition).toBe('DELIVERED');
  });
});
