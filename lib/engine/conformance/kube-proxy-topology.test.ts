/**
 * kubernetes/kubernetes `pkg/proxy/topology_test.go` TestCategorizeEndpoints (commit 6c039d9075ef, the table after
 * the hints annotation check moved out of kube-proxy: kube-proxy reads only the EndpointSlice hints), all 26 rows,
 * run against the engine's CategorizeEndpoints (lib/engine/trace/service-dataplane.ts `categorize(port, node)`):
 * the endpoints a node uses for Cluster-policy traffic (narrowed by `hints.forZones`/`forNodes`, with kube-proxy's
 * fall-backs), for Local-policy traffic (never narrowed by topology), and whether the Service has any usable
 * endpoint (else REJECT, R3.11). `allEndpoints` (the union the proxier programs) is not a value of the engine, so
 * it is not compared; `hasAnyEndpoints` is (the Go test derives it from allEndpoints / onlyRemoteEndpoints).
 *
 * Plus the PreferSameNode rows with the PreferSameTrafficDistribution gate on (node hints), transcribed from
 * Antrea's port of the same upstream function and table (antrea-io/antrea `pkg/agent/proxy/topology_test.go`),
 * whose expectations follow `topologyModeFromHints` of upstream topology.go (commit 008b3652959c).
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint, ModelServicePort } from '../model';
import { categorize } from '../trace/service-dataplane';

interface E {
  ep: string;
  ready: boolean;
  serving?: boolean;
  terminating?: boolean;
  local?: boolean;
  zoneHints?: string[];
  nodeHints?: string[];
}
function port(eps: E[], nodeName: string): ModelServicePort {
  const endpoints: Endpoint[] = eps.map((e) => {
    const [ip, p] = e.ep.split(':') as [string, string];
    return {
      ip,
      port: Number(p),
      protocol: 'TCP',
      ready: e.ready,
      serving: e.serving ?? e.ready,
      terminating: e.terminating ?? false,
      nodeName: e.local ? nodeName : 'other-node',
      ...(e.zoneHints ? { zoneHints: e.zoneHints } : {}),
      ...(e.nodeHints ? { nodeHints: e.nodeHints } : {}),
      slice: 's-1',
    };
  });
  return { name: '', port: 80, protocol: 'TCP', targetPort: 80, endpoints };
}
const ids = (eps: readonly Endpoint[]) => eps.map((e) => `${e.ip}:${e.port}`).sort();

interface Row {
  name: string;
  /** The node's `topology.kubernetes.io/zone` label (undefined: no label; "": empty label). */
  zone?: string;
  nodeName?: string;
  endpoints: E[];
  /** Expected Cluster-policy endpoints (undefined in the Go table: the Service never uses them). */
  cluster?: string[];
  /** Expected Local-policy endpoints (undefined in the Go table: the Service never uses them). */
  local?: string[];
  hasAny: boolean;
}

const h = (ep: string, zone: string, extra: Partial<E> = {}): E => ({
  ep,
  ready: true,
  zoneHints: [zone],
  ...extra,
});

const rows: Row[] = [
  {
    name: "should use topology since all endpoints have hints, node has a zone label and and there are endpoints for the node's zone",
    zone: 'zone-a',
    endpoints: [
      h('10.1.2.3:80', 'zone-a'),
      h('10.1.2.4:80', 'zone-b'),
      h('10.1.2.5:80', 'zone-c'),
      h('10.1.2.6:80', 'zone-a'),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    hasAny: true,
  },
  {
    name: 'externalTrafficPolicy: Local, topology ignored for Local endpoints',
    zone: 'zone-a',
    endpoints: [
      h('10.1.2.3:80', 'zone-a', { local: true }),
      h('10.1.2.4:80', 'zone-b', { local: true }),
      h('10.1.2.5:80', 'zone-c'),
      h('10.1.2.6:80', 'zone-a'),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: ['10.1.2.3:80', '10.1.2.4:80'],
    hasAny: true,
  },
  {
    name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints',
    zone: 'zone-a',
    endpoints: [
      h('10.1.2.3:80', 'zone-a', { local: true }),
      h('10.1.2.4:80', 'zone-b', { local: true }),
      h('10.1.2.5:80', 'zone-c'),
      h('10.1.2.6:80', 'zone-a'),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: ['10.1.2.3:80', '10.1.2.4:80'],
    hasAny: true,
  },
  {
    name: 'empty node labels',
    endpoints: [h('10.1.2.3:80', 'zone-a')],
    cluster: ['10.1.2.3:80'],
    hasAny: true,
  },
  {
    name: 'empty zone label',
    zone: '',
    endpoints: [h('10.1.2.3:80', 'zone-a')],
    cluster: ['10.1.2.3:80'],
    hasAny: true,
  },
  {
    name: 'node in different zone, no endpoint filtering',
    zone: 'zone-b',
    endpoints: [h('10.1.2.3:80', 'zone-a')],
    cluster: ['10.1.2.3:80'],
    hasAny: true,
  },
  {
    name: 'unready endpoint',
    zone: 'zone-a',
    endpoints: [
      h('10.1.2.3:80', 'zone-a'),
      h('10.1.2.4:80', 'zone-b'),
      h('10.1.2.5:80', 'zone-c'),
      h('10.1.2.6:80', 'zone-a', { ready: false }),
    ],
    cluster: ['10.1.2.3:80'],
    hasAny: true,
  },
  {
    name: 'only unready endpoints in same zone (should not filter)',
    zone: 'zone-a',
    endpoints: [
      h('10.1.2.3:80', 'zone-a', { ready: false }),
      h('10.1.2.4:80', 'zone-b'),
      h('10.1.2.5:80', 'zone-c'),
      h('10.1.2.6:80', 'zone-a', { ready: false }),
    ],
    cluster: ['10.1.2.4:80', '10.1.2.5:80'],
    hasAny: true,
  },
  {
    name: 'missing hints, no filtering applied',
    zone: 'zone-a',
    endpoints: [
      h('10.1.2.3:80', 'zone-a'),
      h('10.1.2.4:80', 'zone-b'),
      { ep: '10.1.2.5:80', ready: true },
      h('10.1.2.6:80', 'zone-a'),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'],
    hasAny: true,
  },
  {
    name: 'multiple hints per endpoint, filtering includes any endpoint with zone included',
    zone: 'zone-c',
    endpoints: [
      { ep: '10.1.2.3:80', ready: true, zoneHints: ['zone-a', 'zone-b', 'zone-c'] },
      { ep: '10.1.2.4:80', ready: true, zoneHints: ['zone-b', 'zone-c'] },
      { ep: '10.1.2.5:80', ready: true, zoneHints: ['zone-b', 'zone-d'] },
      { ep: '10.1.2.6:80', ready: true, zoneHints: ['zone-c'] },
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
    hasAny: true,
  },
  {
    name: 'conflicting topology and localness require merging allEndpoints',
    zone: 'zone-a',
    endpoints: [
      h('10.0.0.0:80', 'zone-a', { local: true }),
      h('10.0.0.1:80', 'zone-b', { local: true }),
      h('10.0.0.2:80', 'zone-a'),
      h('10.0.0.3:80', 'zone-b'),
    ],
    cluster: ['10.0.0.0:80', '10.0.0.2:80'],
    local: ['10.0.0.0:80', '10.0.0.1:80'],
    hasAny: true,
  },
  { name: 'internalTrafficPolicy: Local, with empty endpoints', endpoints: [], local: [], hasAny: false },
  {
    name: 'internalTrafficPolicy: Local, but all endpoints are remote',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    local: [],
    hasAny: true, // onlyRemoteEndpoints
  },
  {
    name: 'internalTrafficPolicy: Local, all endpoints are local',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true, local: true },
      { ep: '10.0.0.1:80', ready: true, local: true },
    ],
    local: ['10.0.0.0:80', '10.0.0.1:80'],
    hasAny: true,
  },
  {
    name: 'internalTrafficPolicy: Local, some endpoints are local',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true, local: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    local: ['10.0.0.0:80'],
    hasAny: true,
  },
  {
    name: 'Cluster traffic policy, endpoints not Ready',
    endpoints: [
      { ep: '10.0.0.0:80', ready: false },
      { ep: '10.0.0.1:80', ready: false },
    ],
    cluster: [],
    hasAny: false,
  },
  {
    name: 'Cluster traffic policy, some endpoints are Ready',
    endpoints: [
      { ep: '10.0.0.0:80', ready: false },
      { ep: '10.0.0.1:80', ready: true },
    ],
    cluster: ['10.0.0.1:80'],
    hasAny: true,
  },
  {
    name: 'Cluster traffic policy, all endpoints are terminating',
    endpoints: [
      { ep: '10.0.0.0:80', ready: false, serving: true, terminating: true, local: true },
      { ep: '10.0.0.1:80', ready: false, serving: true, terminating: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    hasAny: true,
  },
  {
    name: 'iTP: Local, eTP: Cluster, some endpoints local',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true, local: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    hasAny: true,
  },
  {
    name: 'iTP: Cluster, eTP: Local, some endpoints local',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true, local: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    hasAny: true,
  },
  {
    name: 'iTP: Local, eTP: Local, some endpoints local',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true, local: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    hasAny: true,
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    hasAny: true,
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote and terminating',
    endpoints: [
      { ep: '10.0.0.0:80', ready: false, serving: true, terminating: true },
      { ep: '10.0.0.1:80', ready: false, serving: true, terminating: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    hasAny: true,
  },
  {
    name: 'iTP: Cluster, eTP: Local, with terminating endpoints',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: false, serving: false, local: true },
      { ep: '10.0.0.2:80', ready: false, serving: true, terminating: true, local: true },
      { ep: '10.0.0.3:80', ready: false, serving: true, terminating: true },
    ],
    cluster: ['10.0.0.0:80'],
    local: ['10.0.0.2:80'],
    hasAny: true,
  },
  {
    name: 'externalTrafficPolicy ignored if not externally accessible',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: true, local: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    hasAny: true,
  },
  {
    name: 'no cluster endpoints for iTP:Local internal-only service',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: true, local: true },
    ],
    local: ['10.0.0.1:80'],
    hasAny: true,
  },
];

const sameNode = (ep: string, zone: string, node: string | undefined): E => ({
  ep,
  ready: true,
  zoneHints: [zone],
  ...(node ? { nodeHints: [node] } : {}),
});
const preferSameNodeRows: Row[] = [
  {
    name: 'PreferSameNode available',
    nodeName: 'node-1',
    zone: 'zone-a',
    endpoints: [
      sameNode('10.1.2.3:80', 'zone-a', 'node-1'),
      sameNode('10.1.2.4:80', 'zone-b', 'node-2'),
      sameNode('10.1.2.5:80', 'zone-c', 'node-3'),
      sameNode('10.1.2.6:80', 'zone-a', 'node-4'),
    ],
    cluster: ['10.1.2.3:80'],
    hasAny: true,
  },
  {
    name: 'PreferSameNode ignored if some endpoints unhinted',
    nodeName: 'node-1',
    zone: 'zone-a',
    endpoints: [
      sameNode('10.1.2.3:80', 'zone-a', 'node-1'),
      { ep: '10.1.2.4:80', ready: true },
      sameNode('10.1.2.5:80', 'zone-c', 'node-3'),
      sameNode('10.1.2.6:80', 'zone-a', 'node-4'),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'],
    hasAny: true,
  },
  {
    name: 'PreferSameNode falls back to PreferSameZone if no endpoint for node',
    nodeName: 'node-0',
    zone: 'zone-a',
    endpoints: [
      sameNode('10.1.2.3:80', 'zone-a', 'node-1'),
      sameNode('10.1.2.4:80', 'zone-b', 'node-2'),
      sameNode('10.1.2.5:80', 'zone-c', 'node-3'),
      sameNode('10.1.2.6:80', 'zone-a', 'node-4'),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    hasAny: true,
  },
];

function run(r: Row) {
  const nodeName = r.nodeName ?? 'test-node';
  const c = categorize(port(r.endpoints, nodeName), {
    name: nodeName,
    ...(r.zone !== undefined ? { zone: r.zone } : {}),
  });
  if (r.cluster) expect(ids(c.cluster)).toEqual([...r.cluster].sort());
  if (r.local) expect(ids(c.local)).toEqual([...r.local].sort());
  expect(c.hasAny).toBe(r.hasAny);
}

describe('TestCategorizeEndpoints (kubernetes pkg/proxy/topology_test.go @6c039d9075ef)', () => {
  it('has all 26 upstream rows', () => expect(rows).toHaveLength(26));
  for (const r of rows) it(r.name, () => run(r));
});

describe('PreferSameNode rows (PreferSameTrafficDistribution on; antrea pkg/agent/proxy/topology_test.go)', () => {
  for (const r of preferSameNodeRows) it(r.name, () => run(r));
});

describe('the fall-back the trace explains', () => {
  const cases: [Row, string][] = [
    [rows[0]!, 'used'],
    [rows[3]!, 'node-no-zone'],
    [rows[4]!, 'node-no-zone'],
    [rows[5]!, 'no-hint-for-zone'],
    [rows[8]!, 'some-unhinted'],
    [rows[15]!, 'none'],
  ];
  for (const [r, why] of cases)
    it(`${r.name} → ${why}`, () => {
      const nodeName = r.nodeName ?? 'test-node';
      const c = categorize(port(r.endpoints, nodeName), {
        name: nodeName,
        ...(r.zone !== undefined ? { zone: r.zone } : {}),
      });
      expect(c.topology.why).toBe(why);
    });
  it('a dataplane that ignores hints (Cilium default) uses every ready endpoint', () => {
    const c = categorize(
      port(rows[0]!.endpoints, 'test-node'),
      { name: 'test-node', zone: 'zone-a' },
      { topology: false },
    );
    expect(ids(c.cluster)).toEqual(['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80']);
  });
});
