/**
 * kubernetes/kubernetes `pkg/proxy/topology_test.go` TestCategorizeEndpoints, transcribed against the engine's
 * CategorizeEndpoints (lib/engine/trace/service-dataplane.ts `categorize(port, nodeName)`): which endpoints a node
 * uses for Cluster-policy traffic and for Local-policy traffic, and whether the Service has any usable endpoint
 * (else REJECT, R3.11). ProxyTerminatingEndpoints is GA (locked on), so the "PTE disabled" rows are not transcribed.
 *
 * Topology-aware hints rows (EndpointSlice `endpoints[].hints.forZones`, Service annotation
 * `service.kubernetes.io/topology-mode: Auto` / `topology-aware-hints`, `spec.trafficDistribution`) are skipped: the
 * loader (lib/scenario) drops those fields and the model has no per-endpoint zone hints, so zone filtering cannot
 * be expressed. Reported as a loader gap.
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint, ModelServicePort } from '../model';
import { categorize } from '../trace/service-dataplane';

const NODE = 'test-node';
interface E {
  ep: string;
  ready: boolean;
  serving?: boolean;
  terminating?: boolean;
  local?: boolean;
}
function port(eps: E[]): ModelServicePort {
  const endpoints: Endpoint[] = eps.map((e) => {
    const [ip, p] = e.ep.split(':') as [string, string];
    return {
      ip,
      port: Number(p),
      protocol: 'TCP',
      ready: e.ready,
      serving: e.serving ?? e.ready,
      terminating: e.terminating ?? false,
      ...(e.local ? { nodeName: NODE } : { nodeName: 'other-node' }),
      slice: 's-1',
    };
  });
  return { name: '', port: 80, protocol: 'TCP', targetPort: 80, endpoints };
}
const ids = (eps: readonly Endpoint[]) => eps.map((e) => `${e.ip}:${e.port}`).sort();

interface Row {
  name: string;
  endpoints: E[];
  /** Endpoints used for Cluster-policy traffic (undefined: the Service only uses Local endpoints here). */
  cluster?: string[];
  /** Endpoints used for Local-policy traffic. */
  local?: string[];
  hasAny: boolean;
}

const rows: Row[] = [
  { name: 'internalTrafficPolicy: Local, with empty endpoints', endpoints: [], local: [], hasAny: false },
  {
    name: 'internalTrafficPolicy: Local, but all endpoints are remote',
    endpoints: [
      { ep: '10.0.0.0:80', ready: true },
      { ep: '10.0.0.1:80', ready: true },
    ],
    local: [],
    hasAny: true,
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
    name: 'Cluster traffic policy, PTE enabled, all endpoints are terminating',
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
    name: 'iTP: Local, eTP: Local, PTE enabled, all endpoints remote and terminating',
    endpoints: [
      { ep: '10.0.0.0:80', ready: false, serving: true, terminating: true },
      { ep: '10.0.0.1:80', ready: false, serving: true, terminating: true },
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    hasAny: true,
  },
  {
    name: 'iTP: Cluster, eTP: Local, PTE enabled, with terminating endpoints',
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

describe('TestCategorizeEndpoints (pkg/proxy/topology_test.go)', () => {
  for (const r of rows) {
    it(r.name, () => {
      const c = categorize(port(r.endpoints), NODE);
      if (r.cluster) expect(ids(c.cluster)).toEqual([...r.cluster].sort());
      if (r.local) expect(ids(c.local)).toEqual([...r.local].sort());
      expect(c.hasAny).toBe(r.hasAny);
    });
  }
  const hintRows = [
    'hints enabled, hints annotation == auto',
    'externalTrafficPolicy: Local, topology ignored for Local endpoints',
    'internalTrafficPolicy: Local, topology ignored for Local endpoints',
    'normal endpoint filtering, auto annotation',
    'unready endpoint',
    'only unready endpoints in same zone (should not filter)',
    'normal endpoint filtering, Auto annotation',
    'multiple hints per endpoint, filtering includes any endpoint with zone included',
    'conflicting topology and localness require merging allEndpoints',
  ];
  // Skipped: needs EndpointSlice hints.forZones + the topology-mode annotation, which lib/scenario drops.
  for (const name of hintRows)
    it.skip(`${name} (topology hints: not representable, loader drops hints.forZones)`, () => undefined);
});
