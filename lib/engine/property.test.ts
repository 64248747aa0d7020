/**
 * Property tests of the engine and grader together (owner: E2): random small but valid clusters and
 * requests, generated as Kubernetes objects + a Scenario document and validated with `inputFromObjects`.
 *
 * Properties: `trace` never throws; every path starts at the request's source and ends where its
 * disposition says; weights sum to 1; results are deterministic and inputs unmodified; each valid path,
 * projected to any level and graded, scores 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardIdsForPath, grade } from '../grader';
import { inputFromObjects, type ScenarioInput } from '../scenario';
import { buildModel, LEVELS, trace, type TraceSet } from './index';

const NODE_COUNT_MAX = 4;

interface GenPod {
  ns: string;
  app: string;
  node: number;
  port: number;
  named: boolean;
  ready: boolean;
}
interface GenSvc {
  kind: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';
  ns: string;
  app: string;
  port: number;
  targetNamed: boolean;
  targetPort: number;
  etpLocal: boolean;
  itpLocal: boolean;
}
type GenTarget =
  | { kind: 'podIP'; pod: number; port: number }
  | { kind: 'clusterIP'; svc: number; wrongPort: boolean }
  | { kind: 'nodePort'; svc: number; node: number }
  | { kind: 'name'; svc: number; qualified: boolean }
  | { kind: 'lbIP'; svc: number };
interface GenRequest {
  from:
    | { kind: 'pod'; pod: number; withContainer: boolean }
    | { kind: 'external' }
    | { kind: 'node'; node: number };
  to: GenTarget;
}
interface GenCluster {
  nodes: number;
  cni: 'flannel' | 'calico';
  dataplane: 'iptables' | 'nftables' | 'ipvs';
  pods: GenPod[];
  services: GenSvc[];
  requests: GenRequest[];
}

const NS = ['shop', 'web'] as const;
const APPS = ['a', 'b', 'c'] as const;
const PORTS = [80, 8080, 9090] as const;

const arbCluster: fc.Arbitrary<GenCluster> = fc
  .record({
    nodes: fc.integer({ min: 1, max: NODE_COUNT_MAX }),
    cni: fc.constantFrom('flannel' as const, 'calico' as const),
    dataplane: fc.constantFrom('iptables' as const, 'nftables' as const, 'ipvs' as const),
    pods: fc.array(
      fc.record({
        ns: fc.constantFrom(...NS),
        app: fc.constantFrom(...APPS),
        node: fc.nat(),
        port: fc.constantFrom(...PORTS),
        named: fc.boolean(),
        ready: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    services: fc.array(
      fc.record({
        kind: fc.constantFrom(
          'ClusterIP' as const,
          'NodePort' as const,
          'LoadBalancer' as const,
          'Headless' as const,
        ),
        ns: fc.constantFrom(...NS),
        app: fc.constantFrom(...APPS),
        port: fc.constantFrom(80, 443, 5432),
        targetNamed: fc.boolean(),
        targetPort: fc.constantFrom(...PORTS),
        etpLocal: fc.boolean(),
        itpLocal: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
  })
  .chain((c) =>
    fc.record({
      nodes: fc.constant(c.nodes),
      cni: fc.constant(c.cni),
      dataplane: fc.constant(c.dataplane),
      pods: fc.constant(c.pods.map((p) => ({ ...p, node: p.node % c.nodes }))),
      services: fc.constant(c.services),
      requests: fc.array(
        fc.record({
          from: fc.oneof(
            fc.record({
              kind: fc.constant('pod' as const),
              pod: fc.nat(c.pods.length - 1),
              withContainer: fc.boolean(),
            }),
            fc.record({ kind: fc.constant('external' as const) }),
            fc.record({ kind: fc.constant('node' as const), node: fc.nat(c.nodes - 1) }),
          ),
          to:
            c.services.length === 0
              ? fc.record({
                  kind: fc.constant('podIP' as const),
                  pod: fc.nat(c.pods.length - 1),
                  port: fc.constantFrom(...PORTS),
                })
              : fc.oneof(
                  fc.record({
                    kind: fc.constant('podIP' as const),
                    pod: fc.nat(c.pods.length - 1),
                    port: fc.constantFrom(...PORTS),
                  }),
                  fc.record({
                    kind: fc.constant('clusterIP' as const),
                    svc: fc.nat(c.services.length - 1),
                    wrongPort: fc.boolean(),
                  }),
                  fc.record({
                    kind: fc.constant('nodePort' as const),
                    svc: fc.nat(c.services.length - 1),
                    node: fc.nat(c.nodes - 1),
                  }),
                  fc.record({
                    kind: fc.constant('name' as const),
                    svc: fc.nat(c.services.length - 1),
                    qualified: fc.boolean(),
                  }),
                  fc.record({ kind: fc.constant('lbIP' as const), svc: fc.nat(c.services.length - 1) }),
                ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );

const nodeIP = (i: number) => `192.168.1.${10 + i}`;
const podIP = (c: GenCluster, k: number) => `10.244.${c.pods[k]!.node + 1}.${10 + k}`;
const svcName = (k: number) => `svc-${k}`;
const clusterIP = (k: number) => `10.96.0.${20 + k}`;
const lbIP = (k: number) => `203.0.113.${10 + k}`;
const nodePort = (k: number) => 30080 + k;

/** The Kubernetes objects + Scenario document of a generated cluster. */
export function objectsOf(c: GenCluster): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < c.nodes; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i + 1}` },
      spec: { podCIDR: `10.244.${i + 1}.0/24` },
      status: { addresses: [{ type: 'InternalIP', address: nodeIP(i) }] },
    });
  for (const ns of NS) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  // Cluster DNS: Service kube-system/kube-dns and one CoreDNS Pod on node-1.
  out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  out.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'coredns-0', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'coredns',
          ports: [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          ],
        },
      ],
    },
    status: { phase: 'Running', podIP: '10.244.1.2', conditions: [{ type: 'Ready', status: 'True' }] },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system' },
    spec: {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      ],
    },
  });
  c.pods.forEach((p, k) => {
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${k}`, namespace: p.ns, labels: { app: p.app } },
      spec: {
        nodeName: `node-${p.node + 1}`,
        containers: [
          { name: 'main', ports: [{ ...(p.named ? { name: 'http' } : {}), containerPort: p.port }] },
        ],
      },
      status: {
        phase: 'Running',
        podIP: podIP(c, k),
        conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }],
      },
    });
  });
  const lbs: { service: string }[] = [];
  c.services.forEach((s, k) => {
    const type = s.kind === 'Headless' ? 'ClusterIP' : s.kind;
    const port: Record<string, unknown> = {
      name: 'web',
      port: s.port,
      targetPort: s.targetNamed ? 'http' : s.targetPort,
    };
    if (type === 'NodePort' || type === 'LoadBalancer') port.nodePort = nodePort(k);
    const spec: Record<string, unknown> = {
      type,
      selector: { app: s.app },
      ports: [port],
      clusterIP: s.kind === 'Headless' ? 'None' : clusterIP(k),
    };
    if (type !== 'ClusterIP') spec.externalTrafficPolicy = s.etpLocal ? 'Local' : 'Cluster';
    if (s.itpLocal) spec.internalTrafficPolicy = 'Local';
    const svc: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: svcName(k), namespace: s.ns },
      spec,
    };
    if (type === 'LoadBalancer') {
      svc.status = { loadBalancer: { ingress: [{ ip: lbIP(k) }] } };
      lbs.push({ service: `${s.ns}/${svcName(k)}` });
    }
    out.push(svc);
  });
  const requests = c.requests.map((r, i) => {
    const from =
      r.from.kind === 'pod'
        ? {
            pod: `${c.pods[r.from.pod]!.ns}/pod-${r.from.pod}`,
            ...(r.from.withContainer ? { container: 'main' } : {}),
          }
        : r.from.kind === 'node'
          ? { node: `node-${r.from.node + 1}` }
          : { external: { name: 'browser', ip: '198.51.100.7' } };
    const t = r.to;
    let to: Record<string, unknown>;
    switch (t.kind) {
      case 'podIP':
        to = { ip: podIP(c, t.pod), port: t.port, protocol: 'TCP' };
        break;
      case 'clusterIP': {
        const s = c.services[t.svc]!;
        to = {
          ip: s.kind === 'Headless' ? podIP(c, 0) : clusterIP(t.svc),
          port: t.wrongPort ? 8081 : s.port,
          protocol: 'TCP',
        };
        break;
      }
      case 'nodePort':
        to = { ip: nodeIP(t.node % c.nodes), port: nodePort(t.svc), protocol: 'TCP' };
        break;
      case 'lbIP':
        to = { ip: lbIP(t.svc), port: c.services[t.svc]!.port, protocol: 'TCP' };
        break;
      case 'name': {
        const s = c.services[t.svc]!;
        to = {
          host: t.qualified ? `${svcName(t.svc)}.${s.ns}.svc.cluster.local` : svcName(t.svc),
          port: s.port,
          protocol: 'TCP',
        };
        break;
      }
    }
    return { id: `r${i}`, from, to };
  });
  out.push({
    apiVersion: 'packetpath.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'property' },
    spec: {
      title: 'generated',
      cluster: { cni: { plugin: c.cni }, serviceDataplane: { mode: c.dataplane } },
      cloudLoadBalancers: lbs,
      requests,
    },
  });
  return out;
}

function inputOf(c: GenCluster): ScenarioInput {
  const r = inputFromObjects(objectsOf(c), 'generated');
  if (!r.ok)
    throw new Error(
      `generator produced an invalid scenario:\n${r.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`,
    );
  return r.input;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** The source a path must start at, as an object-reference prefix. */
function sourcePrefixes(c: GenCluster, r: GenRequest): string[] {
  if (r.from.kind === 'external') return ['client/browser'];
  if (r.from.kind === 'node') return [`node/node-${r.from.node + 1}`];
  const p = c.pods[r.from.pod]!;
  return [`container/${p.ns}/pod-${r.from.pod}/`, `pod/${p.ns}/pod-${r.from.pod}`];
}

function checkTraceSet(ts: TraceSet, c: GenCluster, r: GenRequest): void {
  if (ts.paths.length === 0) {
    expect(['NXDOMAIN', 'NO_ROUTE', 'DROPPED', 'REFUSED']).toContain(ts.disposition);
    return;
  }
  const total = ts.paths.reduce((s, p) => s + p.weight, 0);
  expect(Math.abs(total - 1)).toBeLessThan(1e-9);
  const prefixes = sourcePrefixes(c, r);
  for (const p of ts.paths) {
    expect(p.hops.length).toBeGreaterThan(0);
    const first = p.hops[0]!;
    expect(
      prefixes.some((pre) => first.at.startsWith(pre)),
      `path ${p.id} starts at ${first.at}, expected ${prefixes.join(' or ')}`,
    ).toBe(true);
    const last = p.hops[p.hops.length - 1]!;
    if (p.disposition === 'DELIVERED')
      expect(last.layer, `${p.id} DELIVERED ends at ${last.layer}`).toBe('Container');
    else if (p.disposition === 'REFUSED' || p.disposition === 'DROPPED' || p.disposition.startsWith('DENIED'))
      expect(last.verdict?.disposition, `${p.id} ${p.disposition} ends with a verdict`).toBe(p.disposition);
    else if (p.disposition.startsWith('HTTP_')) expect(['Ingress', 'API Gateway']).toContain(last.layer);
    else if (p.disposition === 'EXITS_CLUSTER') expect(['External', 'Node', 'CNI']).toContain(last.layer);
    for (const level of LEVELS) {
      const g = grade(ts, { cards: cardIdsForPath(p, level), disposition: p.disposition }, level, {
        askDisposition: true,
      });
      expect(g.score, `${p.id} at ${level}`).toBe(1);
    }
  }
}

describe('engine properties (random valid clusters)', () => {
  it('trace never throws, paths start at the source and end per disposition, weights sum to 1, grade(path) = 1', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        const input = deepFreeze(inputOf(c));
        const before = structuredClone(input);
        const model = buildModel(input);
        const modelBefore = structuredClone(model);
        for (const [i, r] of c.requests.entries()) {
          const ts = trace(model, `r${i}`);
          checkTraceSet(ts, c, r);
          expect(trace(model, `r${i}`)).toEqual(ts); // deterministic
        }
        expect(input).toEqual(before); // inputs unmodified
        expect(model).toEqual(modelBefore);
      }),
      { numRuns: 150 },
    );
  });

  it('the same input gives the same model and traces (fresh build)', () => {
    fc.assert(
      fc.property(arbCluster, (c) => {
        const a = buildModel(inputOf(c));
        const b = buildModel(inputOf(c));
        for (let i = 0; i < c.requests.length; i++) expect(trace(b, `r${i}`)).toEqual(trace(a, `r${i}`));
      }),
      { numRuns: 40 },
    );
  });
});
