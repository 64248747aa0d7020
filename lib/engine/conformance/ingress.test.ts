/**
 * Ingress cases transcribed from upstream suites and documents, traced end to end: a Pod calls the ingress
 * controller's Service with the request's Host header; the controller (R7) routes to the winning backend's endpoints.
 *
 * Sources (each block names its own):
 * - kubernetes-sigs/ingress-controller-conformance `features/path_rules.feature`, `features/host_rules.feature`,
 *   `features/default_backend.feature` (controller-agnostic Ingress conformance, @release-1.19)
 * - kubernetes/website `content/en/docs/concepts/services-networking/ingress.md` (the path "Examples" table and the
 *   hostname wildcard table)
 * - kubernetes/ingress-nginx `test/e2e/ingress/pathtype_exact.go`, `pathtype_prefix.go`, `pathtype_mixed.go`,
 *   `without_host.go`, `multiple_rules.go`, and `docs/user-guide/ingress-path-matching.md`
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../__fixtures__/build';
import { backendDocs, modelOf, nodeDoc, podDoc, scenarioDoc, serviceDoc } from '../__fixtures__/scenario';
import type { TraceSet } from '../types';

const NS = 'conformance';

interface Req {
  host?: string;
  path: string;
  method?: string;
  scheme?: 'http' | 'https';
}
type Want = string | number;

function backends(names: string[]): string {
  return names
    .map((n, i) =>
      backendDocs({
        name: n,
        namespace: NS,
        podIP: `10.244.1.${30 + i}`,
        clusterIP: `10.96.3.${30 + i}`,
        containers: '[{name: echo, ports: [{name: http, containerPort: 3000}]}]',
        ports: '[{name: http, port: 8080, targetPort: 3000}]',
      }),
    )
    .join('---\n');
}

/** One node, an ingress controller (class `nginx`, default IngressClass) behind 10.96.2.10:80/443, the backends. */
function cluster(
  ingresses: string,
  backendNames: string[],
  requests: Req[],
  implementation = 'ingress-nginx',
) {
  const reqs = requests
    .map(
      (r, i) => `  - id: r${i}
    from: {pod: default/client}
    to: {url: "${r.scheme ?? 'http'}://10.96.2.10${r.path.startsWith('/') ? r.path : `/${r.path}`}"}
    method: ${r.method ?? 'GET'}
    headers: {${r.host !== undefined ? `host: "${r.host}"` : ''}}`,
    )
    .join('\n');
  return modelOf(
    'ingress-conformance.yaml',
    scenarioDoc({
      name: 'ingress-conformance',
      title: 'ingress conformance',
      spec: `  ingressControllers:\n  - {class: nginx, implementation: ${implementation}, service: ingress-nginx/ingress-nginx-controller}`,
      requests: reqs,
    }),
    nodeDoc(),
    podDoc({ name: 'client', namespace: 'default', ip: '10.244.1.5', containers: '[{name: curl}]' }),
    podDoc({
      name: 'ingress-nginx-controller-0',
      namespace: 'ingress-nginx',
      labels: 'app: ingress-nginx',
      ip: '10.244.1.10',
      containers:
        '[{name: controller, ports: [{name: http, containerPort: 80}, {name: https, containerPort: 443}]}]',
    }),
    serviceDoc({
      name: 'ingress-nginx-controller',
      namespace: 'ingress-nginx',
      clusterIP: '10.96.2.10',
      selector: 'app: ingress-nginx',
      ports: '[{name: http, port: 80, targetPort: http}, {name: https, port: 443, targetPort: https}]',
    }),
    `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
spec: {controller: k8s.io/ingress-nginx}
`,
    backends(backendNames),
    ingresses,
  );
}

function outcome(ts: TraceSet): Want {
  if (ts.disposition.startsWith('HTTP_')) return Number(ts.disposition.slice(5));
  const svcs = new Set(
    ts.paths.map((p) => p.endpoint?.object.split('/')[2]?.replace(/-0$/, '') ?? p.disposition),
  );
  return [...svcs].sort().join(' | ');
}

function expectCases(
  ingresses: string,
  backendNames: string[],
  cases: [Req, Want][],
  implementation?: string,
) {
  const model = cluster(
    ingresses,
    backendNames,
    cases.map((c) => c[0]),
    implementation,
  );
  cases.forEach(([r, want], i) => {
    const ts = trace(model, `r${i}`);
    expect(
      outcome(ts),
      `${r.method ?? 'GET'} ${r.scheme ?? 'http'}://${r.host ?? '(no host)'}${r.path}: ${ts.reason}`,
    ).toBe(want);
  });
}

const ing = (name: string, spec: string, meta = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: ${NS}${meta}}
spec:
${spec.replace(/^/gm, '  ')}
`;
const path = (p: string, type: string, svc: string, port = 'number: 8080') =>
  `{path: "${p}", pathType: ${type}, backend: {service: {name: ${svc}, port: {${port}}}}}`;

// ---------------------------------------------------------------------------------------------
// kubernetes-sigs/ingress-controller-conformance features/path_rules.feature
// ---------------------------------------------------------------------------------------------
describe('Path rules (ingress-controller-conformance features/path_rules.feature)', () => {
  const spec = `rules:
- host: exact-path-rules
  http: {paths: [${path('/foo', 'Exact', 'foo-exact')}]}
- host: prefix-path-rules
  http: {paths: [${path('/foo', 'Prefix', 'foo-prefix')}, ${path('/aaa/bbb', 'Prefix', 'aaa-slash-bbb-prefix')}, ${path('/aaa', 'Prefix', 'aaa-prefix')}]}
- host: mixed-path-rules
  http: {paths: [${path('/foo', 'Prefix', 'foo-prefix')}, ${path('/foo', 'Exact', 'foo-exact')}]}
- host: trailing-slash-path-rules
  http: {paths: [${path('/aaa/bbb/', 'Prefix', 'aaa-slash-bbb-slash-prefix')}, ${path('/foo/', 'Exact', 'foo-slash-exact')}]}`;
  const svcs = [
    'foo-exact',
    'foo-prefix',
    'aaa-slash-bbb-prefix',
    'aaa-prefix',
    'aaa-slash-bbb-slash-prefix',
    'foo-slash-exact',
  ];
  it('every scenario', () =>
    expectCases(ing('path-rules', spec), svcs, [
      [{ host: 'exact-path-rules', path: '/foo' }, 'foo-exact'],
      [{ host: 'exact-path-rules', path: '/foo/' }, 404],
      [{ host: 'exact-path-rules', path: '/FOO' }, 404],
      [{ host: 'exact-path-rules', path: '/bar' }, 404],
      [{ host: 'prefix-path-rules', path: '/foo' }, 'foo-prefix'],
      [{ host: 'prefix-path-rules', path: '/foo/' }, 'foo-prefix'],
      [{ host: 'prefix-path-rules', path: '/FOO' }, 404],
      [{ host: 'prefix-path-rules', path: '/aaa/bbb' }, 'aaa-slash-bbb-prefix'],
      [{ host: 'prefix-path-rules', path: '/aaa/bbb/ccc' }, 'aaa-slash-bbb-prefix'],
      [{ host: 'prefix-path-rules', path: '/aaa/ccc' }, 'aaa-prefix'],
      [{ host: 'prefix-path-rules', path: '/aaaccc' }, 404],
      [{ host: 'mixed-path-rules', path: '/foo' }, 'foo-exact'],
      [{ host: 'trailing-slash-path-rules', path: '/aaa/bbb' }, 'aaa-slash-bbb-slash-prefix'],
      [{ host: 'trailing-slash-path-rules', path: '/aaa/bbb/' }, 'aaa-slash-bbb-slash-prefix'],
      [{ host: 'trailing-slash-path-rules', path: '/foo' }, 404],
    ]));
});

// ---------------------------------------------------------------------------------------------
// kubernetes-sigs/ingress-controller-conformance features/host_rules.feature
// ---------------------------------------------------------------------------------------------
describe('Host rules (ingress-controller-conformance features/host_rules.feature)', () => {
  const spec = `tls: [{hosts: [foo.bar.com], secretName: conformance-tls}]
rules:
- host: "*.foo.com"
  http: {paths: [${path('/', 'Prefix', 'wildcard-foo-com')}]}
- host: foo.bar.com
  http: {paths: [${path('/', 'Prefix', 'foo-bar-com', 'name: http')}]}`;
  const cases: [Req, Want][] = [
    [{ scheme: 'https', host: 'foo.bar.com', path: '/' }, 'foo-bar-com'],
    [{ host: 'foo.bar.com', path: '/' }, 'foo-bar-com'],
    [{ host: 'subdomain.bar.com', path: '/' }, 404],
    [{ host: 'bar.foo.com', path: '/' }, 'wildcard-foo-com'],
    [{ host: 'baz.bar.foo.com', path: '/' }, 404],
    [{ host: 'foo.com', path: '/' }, 404],
  ];
  // The feature is controller-agnostic: plain HTTP to the TLS host is served (200). A controller without a default
  // HTTP→HTTPS redirect (here: traefik) matches it row for row.
  it('every scenario (controller without a default TLS redirect)', () =>
    expectCases(ing('host-rules', spec), ['wildcard-foo-com', 'foo-bar-com'], cases, 'traefik'));
  // ingress-nginx redirects plain HTTP for a host with a TLS section by default (ssl-redirect: true → 308, R7.7):
  // the one implementation-specific difference from the feature's second scenario.
  it('ingress-nginx: the same, except http://foo.bar.com → 308 (ssl-redirect default, R7.7)', () =>
    expectCases(
      ing('host-rules', spec),
      ['wildcard-foo-com', 'foo-bar-com'],
      cases.map(([r, w]) => [r, r.host === 'foo.bar.com' && r.scheme !== 'https' ? 308 : w]),
    ));
});

// ---------------------------------------------------------------------------------------------
// kubernetes-sigs/ingress-controller-conformance features/default_backend.feature
// ---------------------------------------------------------------------------------------------
describe('Default backend (ingress-controller-conformance features/default_backend.feature)', () => {
  const spec = `defaultBackend: {service: {name: echo-service, port: {number: 8080}}}`;
  it('an Ingress with no rules sends all requests to the default backend', () =>
    expectCases(
      ing('default-backend', spec),
      ['echo-service'],
      [
        [{ method: 'GET', host: 'my-host', path: '/' }, 'echo-service'],
        [{ method: 'GET', host: 'my-host', path: '/sub-path' }, 'echo-service'],
        [{ method: 'POST', host: 'some-host', path: '/' }, 'echo-service'],
        [{ method: 'PUT', path: '/resource' }, 'echo-service'],
        [{ method: 'DELETE', host: 'some-host', path: '/resource' }, 'echo-service'],
        [{ method: 'PATCH', host: 'my-host', path: '/resource' }, 'echo-service'],
      ],
    ));
});

// ---------------------------------------------------------------------------------------------
// kubernetes/website content/en/docs/concepts/services-networking/ingress.md: "Examples" table, end to end
// ---------------------------------------------------------------------------------------------
describe('Ingress docs path examples table (kubernetes/website ingress.md)', () => {
  const rows: { kind: string; paths: [string, string][]; req: string; want: string | 404 }[] = [
    { kind: 'Prefix', paths: [['/', 'Prefix']], req: '/anything/at/all', want: '/' },
    { kind: 'Exact', paths: [['/foo', 'Exact']], req: '/foo', want: '/foo' },
    { kind: 'Exact', paths: [['/foo', 'Exact']], req: '/bar', want: 404 },
    { kind: 'Exact', paths: [['/foo', 'Exact']], req: '/foo/', want: 404 },
    { kind: 'Exact', paths: [['/foo/', 'Exact']], req: '/foo', want: 404 },
    { kind: 'Prefix', paths: [['/foo', 'Prefix']], req: '/foo', want: '/foo' },
    { kind: 'Prefix', paths: [['/foo', 'Prefix']], req: '/foo/', want: '/foo' },
    { kind: 'Prefix', paths: [['/foo/', 'Prefix']], req: '/foo', want: '/foo/' },
    { kind: 'Prefix', paths: [['/foo/', 'Prefix']], req: '/foo/', want: '/foo/' },
    { kind: 'Prefix', paths: [['/aaa/bb', 'Prefix']], req: '/aaa/bbb', want: 404 },
    { kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], req: '/aaa/bbb', want: '/aaa/bbb' },
    { kind: 'Prefix', paths: [['/aaa/bbb/', 'Prefix']], req: '/aaa/bbb', want: '/aaa/bbb/' },
    { kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], req: '/aaa/bbb/', want: '/aaa/bbb' },
    { kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], req: '/aaa/bbb/ccc', want: '/aaa/bbb' },
    { kind: 'Prefix', paths: [['/aaa/bbb', 'Prefix']], req: '/aaa/bbbxyz', want: 404 },
    {
      kind: 'Prefix',
      paths: [
        ['/', 'Prefix'],
        ['/aaa', 'Prefix'],
      ],
      req: '/aaa/ccc',
      want: '/aaa',
    },
    {
      kind: 'Prefix',
      paths: [
        ['/', 'Prefix'],
        ['/aaa', 'Prefix'],
        ['/aaa/bbb', 'Prefix'],
      ],
      req: '/aaa/bbb',
      want: '/aaa/bbb',
    },
    {
      kind: 'Prefix',
      paths: [
        ['/', 'Prefix'],
        ['/aaa', 'Prefix'],
        ['/aaa/bbb', 'Prefix'],
      ],
      req: '/ccc',
      want: '/',
    },
    { kind: 'Prefix', paths: [['/aaa', 'Prefix']], req: '/ccc', want: 404 },
    {
      kind: 'Mixed',
      paths: [
        ['/foo', 'Prefix'],
        ['/foo', 'Exact'],
      ],
      req: '/foo',
      want: '/foo Exact',
    },
  ];
  const svcName = (p: string, t: string) =>
    `p${p.replace(/\//g, '-s').replace(/-+$/, '')}-${t.toLowerCase()}`.replace(/--/g, '-');
  rows.forEach((r, i) => {
    it(`${r.kind} ${r.paths.map((p) => p.join(' ')).join(', ')} ← ${r.req} → ${r.want}`, () => {
      const names = r.paths.map(([p, t]) => svcName(p, t));
      const spec = `rules:\n- host: example.com\n  http: {paths: [${r.paths.map(([p, t], j) => path(p, t, names[j]!)).join(', ')}]}`;
      const wantSvc =
        r.want === 404
          ? 404
          : r.want === '/foo Exact'
            ? svcName('/foo', 'Exact')
            : svcName(r.want, r.paths.find(([p]) => p === r.want)![1]);
      expectCases(
        ing(`table-${i}`, spec),
        [...new Set(names)],
        [[{ host: 'example.com', path: r.req }, wantSvc]],
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// kubernetes/ingress-nginx test/e2e/ingress/pathtype_*.go, without_host.go, multiple_rules.go
// ---------------------------------------------------------------------------------------------
describe('ingress-nginx e2e [Ingress] [PathType] (test/e2e/ingress/pathtype_*.go)', () => {
  it('exact: should choose exact location for /exact (pathtype_exact.go); a later duplicate Prefix /exact does not take over', () => {
    const t = (s: string) => `, creationTimestamp: "2026-01-01T00:00:0${s}Z"`;
    const ings = [
      ing(
        'exact',
        `rules:\n- host: exact.path\n  http: {paths: [${path('/exact', 'Exact', 'exact')}]}`,
        t('1'),
      ),
      ing(
        'exact-suffix',
        `rules:\n- host: exact.path\n  http: {paths: [${path('/exact', 'Prefix', 'exact-suffix')}]}`,
        t('2'),
      ),
      ing(
        'duplicated-prefix',
        `rules:\n- host: exact.path\n  http: {paths: [${path('/exact', 'Prefix', 'duplicated')}]}`,
        t('3'),
      ),
    ].join('---\n');
    expectCases(
      ings,
      ['exact', 'exact-suffix', 'duplicated'],
      [
        [{ host: 'exact.path', path: '/exact' }, 'exact'],
        [{ host: 'exact.path', path: '/exact/suffix' }, 'exact-suffix'],
      ],
    );
  });
  it('prefix checks: should return 404 when prefix /aaa does not match request /aaaccc (pathtype_prefix.go)', () =>
    expectCases(
      ing('exact', `rules:\n- host: prefix.path\n  http: {paths: [${path('/aaa', 'Prefix', 'echo')}]}`),
      ['echo'],
      [
        [{ host: 'prefix.path', path: '/aaa' }, 'echo'],
        [{ host: 'prefix.path', path: '/aaacccc' }, 404],
        [{ host: 'prefix.path', path: '/aaa/cccc' }, 'echo'],
        [{ host: 'prefix.path', path: '/aaa/' }, 'echo'],
      ],
    ));
  it('mix Exact and Prefix paths: should choose the correct location (pathtype_mixed.go)', () => {
    const ings = [
      ing('exact-root', `rules:\n- host: mixed.path\n  http: {paths: [${path('/', 'Exact', 'exact-root')}]}`),
      ing(
        'prefix-root',
        `rules:\n- host: mixed.path\n  http: {paths: [${path('/', 'Prefix', 'prefix-root')}]}`,
      ),
      ing(
        'exact-foo',
        `rules:\n- host: mixed.path\n  http: {paths: [${path('/foo', 'Exact', 'exact-foo')}]}`,
      ),
      ing(
        'prefix-foo',
        `rules:\n- host: mixed.path\n  http: {paths: [${path('/foo', 'Prefix', 'prefix-foo')}]}`,
      ),
    ].join('---\n');
    expectCases(
      ings,
      ['exact-root', 'prefix-root', 'exact-foo', 'prefix-foo'],
      [
        [{ host: 'mixed.path', path: '/' }, 'exact-root'],
        [{ host: 'mixed.path', path: '/bar' }, 'prefix-root'],
        [{ host: 'mixed.path', path: '/foo' }, 'exact-foo'],
        [{ host: 'mixed.path', path: '/foo/bar' }, 'prefix-foo'],
        [{ host: 'mixed.path', path: '/foobar' }, 'prefix-root'],
      ],
    );
  });
});

describe('ingress-nginx e2e [Ingress] definition without host (test/e2e/ingress/without_host.go)', () => {
  it('should set ingress details variables for ingresses without a host: GET / with no Host → 200', () =>
    expectCases(
      ing('default-host', `rules:\n- http: {paths: [${path('/', 'Prefix', 'echo')}]}`),
      ['echo'],
      [[{ path: '/' }, 'echo']],
    ));
  it('ingress with host without IngressRuleValue, only Backend: GET / Host only-backend → 200', () =>
    expectCases(
      ing(
        'backend',
        `defaultBackend: {service: {name: echo, port: {number: 8080}}}\nrules:\n- host: only-backend`,
      ),
      ['echo'],
      [[{ host: 'only-backend', path: '/' }, 'echo']],
    ));
});

describe('ingress-nginx e2e single ingress - multiple hosts (test/e2e/ingress/multiple_rules.go)', () => {
  it('each host rule routes to its own Service', () =>
    expectCases(
      ing(
        'simh',
        `rules:\n- host: first.host\n  http: {paths: [${path('/', 'Prefix', 'first-service')}]}\n- host: second.host\n  http: {paths: [${path('/', 'Prefix', 'second-service')}]}`,
      ),
      ['first-service', 'second-service'],
      [
        [{ host: 'first.host', path: '/exact' }, 'first-service'],
        [{ host: 'second.host', path: '/exact' }, 'second-service'],
      ],
    ));
});

// ---------------------------------------------------------------------------------------------
// kubernetes/ingress-nginx docs/user-guide/ingress-path-matching.md
// ---------------------------------------------------------------------------------------------
describe('ingress-nginx Ingress Path Matching (docs/user-guide/ingress-path-matching.md)', () => {
  it('Path Priority example: regex locations ordered by descending length, first match wins', () => {
    const ings = [
      ing(
        'test-ingress-1',
        `rules:\n- host: test.com\n  http: {paths: [${path('/foo/bar', 'ImplementationSpecific', 'service1')}, ${path('/foo/bar/', 'ImplementationSpecific', 'service2')}]}`,
      ),
      ing(
        'test-ingress-2',
        `rules:\n- host: test.com\n  http: {paths: [${path('/foo/bar/(.+)', 'ImplementationSpecific', 'service3')}]}`,
        ', annotations: {nginx.ingress.kubernetes.io/rewrite-target: /$1}',
      ),
    ].join('---\n');
    expectCases(
      ings,
      ['service1', 'service2', 'service3'],
      [
        [{ host: 'test.com', path: '/foo/bar/1' }, 'service3'],
        [{ host: 'test.com', path: '/foo/bar/' }, 'service2'],
        [{ host: 'test.com', path: '/foo/bar' }, 'service1'],
      ],
    );
  });
  it('Warning example: /foo/bar/bar matches the longer regex ^/foo/bar/[A-Z0-9]{3} (case-insensitive), not the exact-looking path', () =>
    expectCases(
      ing(
        'test-ingress-3',
        `rules:\n- host: test.com\n  http: {paths: [${path('/foo/bar/bar', 'ImplementationSpecific', 'bar')}, ${path('/foo/bar/[A-Z0-9]{3}', 'ImplementationSpecific', 'regex')}]}`,
        ', annotations: {nginx.ingress.kubernetes.io/use-regex: "true"}',
      ),
      ['bar', 'regex'],
      [[{ host: 'test.com', path: '/foo/bar/bar' }, 'regex']],
    ));
});

// ---------------------------------------------------------------------------------------------
// kubernetes/ingress-nginx internal/ingress/controller/controller.go createServers: which defaultBackend serves
// an unmatched request. A host's server takes its root location from the first Ingress defining the host (its
// defaultBackend, "used as default upstream for all its rules"); the catch-all server "_" takes the defaultBackend
// of an Ingress "with a backend but no rule"; otherwise the controller's default backend answers 404.
// ---------------------------------------------------------------------------------------------
describe('ingress-nginx default backends per server (internal/ingress/controller/controller.go createServers)', () => {
  const t = (s: string) => `, creationTimestamp: "2026-01-01T00:00:0${s}Z"`;
  const ings = [
    ing('a', `rules:\n- host: a.com\n  http: {paths: [${path('/x', 'Prefix', 'svc-a')}]}`, t('1')),
    ing(
      'b',
      `defaultBackend: {service: {name: svc-b-default, port: {number: 8080}}}\nrules:\n- host: b.com\n  http: {paths: [${path('/x', 'Prefix', 'svc-b')}]}`,
      t('2'),
    ),
  ];
  const svcs = ['svc-a', 'svc-b', 'svc-b-default', 'svc-c-default'];
  it("an Ingress' defaultBackend serves its own hosts only; without a rule-less Ingress, unknown hosts get 404", () =>
    expectCases(ings.join('---\n'), svcs, [
      [{ host: 'a.com', path: '/x' }, 'svc-a'],
      [{ host: 'a.com', path: '/y' }, 404],
      [{ host: 'b.com', path: '/y' }, 'svc-b-default'],
      [{ host: 'unknown.com', path: '/' }, 404],
    ]));
  it('an Ingress with a backend but no rule configures the catch-all server; hosts owned by other Ingresses keep their own default', () =>
    expectCases(
      [
        ...ings,
        ing('c', `defaultBackend: {service: {name: svc-c-default, port: {number: 8080}}}`, t('3')),
      ].join('---\n'),
      svcs,
      [
        [{ host: 'unknown.com', path: '/' }, 'svc-c-default'],
        [{ path: '/anything' }, 'svc-c-default'],
        [{ host: 'a.com', path: '/y' }, 404],
        [{ host: 'b.com', path: '/y' }, 'svc-b-default'],
      ],
    ));
});

// ---------------------------------------------------------------------------------------------
// kubernetes/ingress-nginx internal/ingress/controller/store/store.go sortIngressSlice + controller.go
// ("avoiding replacement of ingress rule … location"): the same path on the same host in two Ingresses is served by
// the first Ingress in processing order — oldest creationTimestamp, identical timestamps by "namespace/name"
// descending.
// ---------------------------------------------------------------------------------------------
describe('ingress-nginx duplicate paths across Ingresses (store.go sortIngressSlice)', () => {
  const dup = (name: string, meta = '') =>
    ing(name, `rules:\n- host: dup.path\n  http: {paths: [${path('/dup', 'Prefix', `svc-${name}`)}]}`, meta);
  it('identical timestamps: namespace/name descending wins', () =>
    expectCases(
      [
        dup('dup-a', ', creationTimestamp: "2026-01-01T00:00:00Z"'),
        dup('dup-z', ', creationTimestamp: "2026-01-01T00:00:00Z"'),
      ].join('---\n'),
      ['svc-dup-a', 'svc-dup-z'],
      [[{ host: 'dup.path', path: '/dup' }, 'svc-dup-z']],
    ));
  it('the older Ingress wins whatever its name', () =>
    expectCases(
      [
        dup('dup-a', ', creationTimestamp: "2026-01-01T00:00:00Z"'),
        dup('dup-z', ', creationTimestamp: "2026-01-02T00:00:00Z"'),
      ].join('---\n'),
      ['svc-dup-a', 'svc-dup-z'],
      [[{ host: 'dup.path', path: '/dup' }, 'svc-dup-a']],
    ));
});
