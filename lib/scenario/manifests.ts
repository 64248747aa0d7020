/**
 * `parseManifests`: what people hold — manifests, `helm template` output, `kubectl get -o yaml` dumps — turned into
 * the objects a running cluster would have, then validated like a scenario (parse.ts). Pure: no clock, no
 * randomness, no I/O. Where Kubernetes picks at random (ClusterIPs, NodePorts, Pod name suffixes, scheduling), the
 * choice here is a fixed function of the object's names, so the same text always gives the same cluster, and
 * every such value is reported as allocated (ADR 017).
 *
 * What it does, and where the rule comes from:
 *  - Workloads → Pods, the way their controllers name and label them: Deployment → ReplicaSet
 *    `<deploy>-<pod-template-hash>` → Pods `<rs>-<5 chars>` (label pod-template-hash; kube-controller-manager
 *    pkg/controller/deployment/sync.go, controller.ComputeHash = fnv32a + rand.SafeEncodeString, Pod names from
 *    generateName + utilrand.String(5) over "bcdfghjklmnpqrstvwxz2456789"); ReplicaSet → `<rs>-<5>`;
 *    StatefulSet → `<sts>-<ordinal>` (ordinals.start, default 0) with hostname = Pod name and subdomain =
 *    serviceName (pkg/controller/statefulset/stateful_set_utils.go); DaemonSet → one `<ds>-<5>` per node its
 *    nodeSelector allows; Job → `<job>-<5>` (Indexed: `<job>-<index>-<5>`), min(parallelism, completions)
 *    Pods (defaults 1). Labels from the Pod template plus the controller's own.
 *  - Scheduling: nodeName and nodeSelector are honoured; otherwise each Pod goes to the node with the fewest Pods
 *    of its workload, then the fewest Pods, then the first by name — a deterministic stand-in for the default
 *    scheduler's spreading (PodTopologySpread defaults + NodeResourcesFit LeastAllocated). `placement` overrides.
 *  - Pod IPs: host-local IPAM on the node's podCIDR (the bridge gateway takes .1, Pods from .2 in order);
 *    hostNetwork Pods have their node's InternalIP (R1.6). Pods are Running and Ready unless `notReady` says so.
 *  - ClusterIPs: the API server's allocator (pkg/registry/core/service/ipallocator): the first address of the
 *    Service CIDR is the `kubernetes` Service's, explicit IPs are reserved first, dynamic ones come from the
 *    upper band above min(max(16, size/16), 256) addresses, then the lower band.
 *  - NodePorts: the API server's port allocator (portallocator): dynamic ports from the upper band of the range,
 *    above min(max(16, size/32), 128) ports, then the lower band; one NodePort per port number, shared by its
 *    protocols (storage/alloc.go); a healthCheckNodePort for LoadBalancer + externalTrafficPolicy Local.
 *  - No Node objects: `nodes` worker nodes `node-1…` with InternalIPs from the underlay (.10 up) and podCIDRs
 *    /24 by /24 from the cluster Pod CIDR in order (nodeipam's range allocator, --node-cidr-mask-size 24).
 *  - No cluster DNS Service: kubeadm's CoreDNS (Service kube-system/kube-dns at the 10th address of the Service
 *    CIDR, Deployment coredns with 2 replicas).
 *  - Kinds that do not change routing (ConfigMap, Secret, RBAC, HPA, PDB, CRDs, webhooks…) are ignored with a
 *    note; kinds that would change routing but are not modelled (TCPRoute, Cilium/Calico policies, Istio…) are
 *    ignored with a warning.
 */
import { formatIPv4, parseCidr, parseIPv4 } from './ip';
import {
  internalIssue,
  readDocuments,
  validate,
  type Located,
  type ParseResult,
  type PathSeg,
  type ScenarioIssue,
} from './parse';
import { KIND_SCHEMAS, NODEPORT_RANGE, parseNodePortRange, SCENARIO_API_VERSION } from './schema';

/** Bounds that keep a pasted text cheap to expand and trace in a browser tab. */
export const MANIFEST_LIMITS = {
  /** UTF-8 bytes of the pasted text. */
  bytes: 512 * 1024,
  objects: 2000,
  pods: 500,
  replicas: 100,
  nodes: 50,
  requests: 20,
} as const;

export const DEFAULT_NODE_COUNT = 3;

export interface ManifestOptions {
  /** Worker nodes to create when the text holds no Node objects (1…MANIFEST_LIMITS.nodes; default 3). */
  nodes?: number;
  /** `namespace/pod` → node name: where a generated Pod runs instead of the spread choice. */
  placement?: Readonly<Record<string, string>>;
  /** `namespace/pod` of generated Pods that are not Ready. */
  notReady?: readonly string[];
  /** Requests (the Scenario document's `spec.requests` shape) added to the Scenario document, or used in the one made. */
  requests?: readonly unknown[];
  /** Name used in issues. */
  file?: string;
}

export type NoteKind = 'expanded' | 'allocated' | 'ignored' | 'added';

export interface ManifestNote {
  line: number;
  column: number;
  kind: NoteKind;
  /** The object the note is about, e.g. `Deployment default/frontend`. */
  object: string;
  message: string;
}

export interface PlacedPod {
  id: string;
  owner: string;
  node?: string;
  ip?: string;
  ready: boolean;
}

export interface Allocation {
  object: string;
  field: string;
  value: string;
}

export interface ManifestResult {
  result: ParseResult;
  notes: ManifestNote[];
  pods: PlacedPod[];
  allocations: Allocation[];
  nodes: { name: string; ip: string; podCIDR: string; added: boolean }[];
}

// ---------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------

const WORKLOADS = new Set([
  'apps/v1/Deployment',
  'apps/v1/ReplicaSet',
  'apps/v1/StatefulSet',
  'apps/v1/DaemonSet',
  'batch/v1/Job',
]);

/** Kinds with no effect on where a packet goes. */
const NEUTRAL_KINDS = new Set([
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'HorizontalPodAutoscaler',
  'VerticalPodAutoscaler',
  'PodDisruptionBudget',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
  'CSIDriver',
  'VolumeSnapshotClass',
  'LimitRange',
  'ResourceQuota',
  'PriorityClass',
  'RuntimeClass',
  'Lease',
  'PodSecurityPolicy',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'Certificate',
  'Issuer',
  'ClusterIssuer',
  'GatewayClass',
]);

/** Kinds that change routing in a real cluster but that the engine does not model. */
const UNMODELLED_ROUTING_KINDS = new Set([
  'TCPRoute',
  'UDPRoute',
  'BackendTLSPolicy',
  'ServiceImport',
  'ServiceExport',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy',
  'VirtualService',
  'DestinationRule',
  'ServiceEntry',
  'Sidecar',
  'AuthorizationPolicy',
  'PeerAuthentication',
  'IngressRoute',
  'IngressRouteTCP',
  'HTTPProxy',
  'EgressGateway',
]);

const SUPPORTED_KIND_NAMES = new Set(
  [...Object.keys(KIND_SCHEMAS), 'v1/Endpoints'].map((k) => k.slice(k.lastIndexOf('/') + 1)),
);

// ---------------------------------------------------------------------------------------------
// Deterministic stand-ins for the controllers' random choices
// ---------------------------------------------------------------------------------------------

/** FNV-1a, 32 bit (what controller.ComputeHash uses, over a different input). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand: the alphabet without vowels and look-alikes. */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each byte mapped into ALPHANUMS (how pod-template-hash values look). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** Five characters of ALPHANUMS derived from `seed` (utilrand.String(5), made reproducible). */
export function suffix5(seed: string): string {
  let h = fnv1a32(seed);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += ALPHANUMS[h % ALPHANUMS.length];
    h = Math.floor(h / ALPHANUMS.length);
  }
  return out;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** The pod-template-hash of a Deployment's ReplicaSet: fnv32a of the template, SafeEncodeString'd decimal. */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv1a32(stableJson(template))));
}

/** min(max(lo, size/step), hi), 0 when size <= lo (calculateRangeOffset in ipallocator and portallocator). */
export function rangeOffset(size: number, lo: number, hi: number, step: number): number {
  if (size <= lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

/**
 * The API server's dynamic allocation order over `size` values with a static lower band of `offset`: start at
 * `start` inside the upper band and wrap within it, then the lower band (start % offset). Returns the first free
 * index, or undefined when the range is full.
 */
export function allocateIndex(
  size: number,
  offset: number,
  seed: number,
  taken: (i: number) => boolean,
): number | undefined {
  const upper = size - offset;
  for (let k = 0; k < upper; k++) {
    const i = offset + ((seed + k) % upper);
    if (!taken(i)) return i;
  }
  for (let k = 0; k < offset; k++) {
    const i = (seed + k) % offset;
    if (!taken(i)) return i;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const labelsOf = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
};
const clone = <T>(v: T): T => structuredClone(v);

function nthSubnet24(cidrText: string, i: number): string | undefined {
  const c = parseCidr(cidrText);
  if (typeof c === 'string' || c.family !== 4 || c.prefix > 24) return undefined;
  if (i >= 2 ** (24 - c.prefix)) return undefined;
  return `${formatIPv4((c.base + i * 256) >>> 0)}/24`;
}

// ---------------------------------------------------------------------------------------------
// parseManifests
// ---------------------------------------------------------------------------------------------

interface NodeInfo {
  name: string;
  ip: string;
  podCIDR: string;
  labels: Record<string, string>;
  added: boolean;
  nextHost: number;
}

/**
 * Parse manifests (with or without a Scenario document), expand them into the cluster they describe, and
 * validate the result like `parseScenario`. Never throws.
 */
export function parseManifests(text: string, opts: ManifestOptions = {}): ManifestResult {
  const file = opts.file ?? 'manifests.yaml';
  const empty = { notes: [], pods: [], allocations: [], nodes: [] };
  try {
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MANIFEST_LIMITS.bytes)
      return {
        ...empty,
        result: {
          ok: false,
          issues: [limitIssue(file, `the text is ${kib(bytes)}; the limit is ${kib(MANIFEST_LIMITS.bytes)}`)],
        },
      };
    const { located, issues } = readDocuments(text, file);
    if (located.length > MANIFEST_LIMITS.objects)
      return {
        ...empty,
        result: {
          ok: false,
          issues: [limitIssue(file, `${located.length} objects; the limit is ${MANIFEST_LIMITS.objects}`)],
        },
      };
    const ex = expand(located, opts, file, issues);
    return { ...ex, result: validate(ex.located, file, issues) };
  } catch (e) {
    return { ...empty, result: { ok: false, issues: [internalIssue(file, e)] } };
  }
}

const kib = (n: number) => `${Math.round(n / 1024)} KiB`;

function limitIssue(file: string, message: string): ScenarioIssue {
  return {
    file,
    line: 1,
    column: 1,
    path: '',
    code: 'limit',
    message: `Too large for the playground: ${message}. Split the manifests, or keep the objects that matter for the request.`,
    severity: 'error',
  };
}

function expand(located: Located[], opts: ManifestOptions, file: string, issues: ScenarioIssue[]) {
  const notes: ManifestNote[] = [];
  const pods: PlacedPod[] = [];
  const allocations: Allocation[] = [];
  const out: Located[] = [];
  const issue = (
    loc: Located | undefined,
    path: PathSeg[],
    severity: 'error' | 'warning',
    code: ScenarioIssue['code'],
    message: string,
  ) => {
    const p = loc ? loc.locate(path) : { line: 1, column: 1 };
    issues.push({ file, ...p, path: path.join('.'), code, message, severity });
  };
  const note = (loc: Located | undefined, kind: NoteKind, object: string, message: string) => {
    const p = loc ? loc.locate([]) : { line: 1, column: 1 };
    notes.push({ ...p, kind, object, message });
  };
  const synthetic = (value: unknown): Located => ({
    value,
    prefix: [],
    locate: () => ({ line: 1, column: 1 }),
  });

  // --- classify ---------------------------------------------------------------------------------
  let scenario: Located | undefined;
  const workloads: Located[] = [];
  const services: Located[] = [];
  const barePods: Located[] = [];
  const nodeObjs: Located[] = [];
  for (const loc of located) {
    const v = loc.value;
    if (!isObj(v) || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') {
      out.push(loc); // validate reports it
      continue;
    }
    const key = `${v.apiVersion}/${v.kind}`;
    const meta = obj(v.metadata);
    const who = `${v.kind} ${str(meta.namespace) ? `${str(meta.namespace)}/` : ''}${str(meta.name) ?? '?'}`;
    if (v.kind === 'Scenario' && v.apiVersion === SCENARIO_API_VERSION) {
      scenario = loc;
      continue;
    }
    if (WORKLOADS.has(key)) {
      workloads.push(loc);
      continue;
    }
    if (key === 'v1/Service') {
      services.push(loc);
      continue;
    }
    if (key === 'v1/Pod') {
      barePods.push(loc);
      continue;
    }
    if (key === 'v1/Node') nodeObjs.push(loc);
    if (SUPPORTED_KIND_NAMES.has(v.kind) || v.kind === 'Scenario') {
      out.push(loc);
      continue;
    }
    if (v.kind === 'CronJob') {
      note(loc, 'ignored', who, `${who}: ignored — a CronJob runs no Pod until its schedule creates a Job`);
      continue;
    }
    if (UNMODELLED_ROUTING_KINDS.has(v.kind)) {
      issue(
        loc,
        ['kind'],
        'warning',
        'unknown_kind',
        `${who}: ignored — it changes routing in a real cluster, but PacketPath does not model ${v.kind}; traces do not show its effect`,
      );
      continue;
    }
    note(
      loc,
      'ignored',
      who,
      NEUTRAL_KINDS.has(v.kind)
        ? `${who}: ignored — it does not change where packets go`
        : `${who}: ignored — ${v.apiVersion} ${v.kind} is not modelled (if it changes routing, traces do not show it)`,
    );
  }

  // --- cluster settings (from the Scenario document when there is one) ---------------------------
  const spec = scenario ? obj(obj(scenario.value).spec) : {};
  const cluster = obj(spec.cluster);
  const podCIDR = str(cluster.podCIDR) ?? '10.244.0.0/16';
  const serviceCIDR = str(cluster.serviceCIDR) ?? '10.96.0.0/12';
  const underlayCidr = str(obj(cluster.underlay).cidr) ?? '192.168.1.0/24';
  const npRange = parseNodePortRange(str(cluster.nodePortRange) ?? '') ?? NODEPORT_RANGE;
  const dnsService = str(cluster.dnsService) ?? 'kube-system/kube-dns';

  // --- nodes ------------------------------------------------------------------------------------
  const nodes: NodeInfo[] = [];
  nodeObjs.forEach((loc, i) => {
    const v = obj(loc.value);
    const name = str(obj(v.metadata).name);
    if (!name) return;
    const addrs = Array.isArray(obj(v.status).addresses) ? (obj(v.status).addresses as unknown[]) : [];
    const ip = addrs.map(obj).find((a) => a.type === 'InternalIP');
    const cidr = str(obj(v.spec).podCIDR) ?? nthSubnet24(podCIDR, i) ?? '';
    nodes.push({
      name,
      ip: str(ip?.address) ?? '',
      podCIDR: cidr,
      labels: { 'kubernetes.io/hostname': name, ...labelsOf(obj(v.metadata).labels) },
      added: false,
      nextHost: 2,
    });
  });
  if (nodes.length === 0) {
    const n = Math.trunc(opts.nodes ?? DEFAULT_NODE_COUNT);
    const count = Number.isFinite(n) ? Math.min(Math.max(n, 1), MANIFEST_LIMITS.nodes) : DEFAULT_NODE_COUNT;
    const u = parseCidr(underlayCidr);
    for (let i = 0; i < count; i++) {
      const name = `node-${i + 1}`;
      const cidr = nthSubnet24(podCIDR, i);
      const ip = typeof u !== 'string' && u.family === 4 ? formatIPv4((u.base + 10 + i) >>> 0) : undefined;
      if (!cidr || !ip) {
        issue(
          undefined,
          [],
          'error',
          'limit',
          `cannot add ${count} nodes: the Pod CIDR ${podCIDR} or the underlay ${underlayCidr} is too small (IPv4 /24 per node)`,
        );
        break;
      }
      const labels = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
      nodes.push({ name, ip, podCIDR: cidr, labels, added: true, nextHost: 2 });
      out.push(
        synthetic({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels },
          spec: { podCIDR: cidr, podCIDRs: [cidr] },
          status: {
            addresses: [
              { type: 'InternalIP', address: ip },
              { type: 'Hostname', address: name },
            ],
          },
        }),
      );
    }
    const made = nodes.filter((n) => n.added);
    if (made.length)
      note(
        undefined,
        'added',
        'Nodes',
        `No Node objects: a cluster of ${made.length} worker node${made.length === 1 ? '' : 's'} (${describeNodes(made)})`,
      );
  }
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));

  // --- Pod IPs (host-local IPAM per node) -------------------------------------------------------------
  const takenIPs = new Set<string>();
  for (const loc of barePods) {
    const st = obj(obj(loc.value).status);
    if (str(st.podIP)) takenIPs.add(st.podIP as string);
  }
  const podIP = (node: NodeInfo): string | undefined => {
    const c = parseCidr(node.podCIDR);
    if (typeof c === 'string' || c.family !== 4) return undefined;
    const size = 2 ** (32 - c.prefix);
    while (node.nextHost < size - 1) {
      const ip = formatIPv4((c.base + node.nextHost++) >>> 0);
      if (!takenIPs.has(ip)) {
        takenIPs.add(ip);
        return ip;
      }
    }
    return undefined;
  };

  // --- scheduling ---------------------------------------------------------------------------------
  const totalOnNode = new Map<string, number>();
  const notReady = new Set(opts.notReady ?? []);
  const podIds = new Set<string>();
  for (const loc of barePods) {
    const m = obj(obj(loc.value).metadata);
    podIds.add(`${str(m.namespace) ?? 'default'}/${str(m.name) ?? ''}`);
  }
  const eligible = (podSpec: Obj): NodeInfo[] => {
    const fixed = str(podSpec.nodeName);
    if (fixed) return nodeByName.has(fixed) ? [nodeByName.get(fixed)!] : [];
    const sel = labelsOf(podSpec.nodeSelector);
    return nodes.filter((n) => Object.entries(sel).every(([k, x]) => n.labels[k] === x));
  };
  const pick = (cands: NodeInfo[], mine: Map<string, number>): NodeInfo | undefined => {
    let best: NodeInfo | undefined;
    for (const n of cands) {
      if (!best) {
        best = n;
        continue;
      }
      const a = [mine.get(n.name) ?? 0, totalOnNode.get(n.name) ?? 0];
      const b = [mine.get(best.name) ?? 0, totalOnNode.get(best.name) ?? 0];
      if (a[0]! < b[0]! || (a[0] === b[0] && a[1]! < b[1]!)) best = n;
    }
    return best;
  };

  /** Make one Pod object from a template and place it. */
  const makePod = (
    loc: Located,
    owner: string,
    ns: string,
    name: string,
    template: Obj,
    extraLabels: Record<string, string>,
    place: { node?: NodeInfo; cands: NodeInfo[]; mine: Map<string, number> },
    extraSpec: Obj = {},
  ) => {
    const id = `${ns}/${name}`;
    podIds.add(id);
    const tm = obj(template.metadata);
    const ts = obj(template.spec);
    const wanted = opts.placement?.[id];
    let node = place.node;
    if (wanted !== undefined) {
      const w = nodeByName.get(wanted);
      if (w) node = w;
      else
        issue(
          loc,
          [],
          'warning',
          'unknown_reference',
          `placement of Pod ${id}: there is no node ${wanted}; it stays on the scheduler's choice`,
        );
    }
    node ??= pick(place.cands, place.mine);
    const ready = !notReady.has(id);
    const hostNetwork = ts.hostNetwork === true;
    const ip = node ? (hostNetwork ? node.ip : podIP(node)) : undefined;
    if (node) {
      place.mine.set(node.name, (place.mine.get(node.name) ?? 0) + 1);
      totalOnNode.set(node.name, (totalOnNode.get(node.name) ?? 0) + 1);
    }
    const containers = Array.isArray(ts.containers) ? ts.containers.map(obj) : [];
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        labels: { ...labelsOf(tm.labels), ...extraLabels },
        annotations: labelsOf(tm.annotations),
      },
      spec: { ...clone(ts), ...extraSpec, ...(node ? { nodeName: node.name } : {}) },
      status: node
        ? {
            phase: 'Running',
            ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
            containerStatuses: containers.map((c) => ({
              name: str(c.name) ?? 'container',
              ready,
              started: true,
              state: { running: {} },
            })),
          }
        : { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
    };
    // Fields of the Pod are located at the same fields of the workload's template.
    const templatePath: PathSeg[] = ['spec', 'template'];
    out.push({
      value: pod,
      prefix: loc.prefix,
      locate: (p, at) =>
        p[0] === 'metadata' || p[0] === 'spec' ? loc.locate([...templatePath, ...p], at) : loc.locate([], at),
    });
    pods.push({ id, owner, node: node?.name, ip, ready });
    if (!node)
      issue(
        loc,
        ['spec', 'template', 'spec'],
        'warning',
        'invalid_pod',
        `Pod ${id} (${owner}) stays Pending: no node matches its nodeName/nodeSelector`,
      );
  };

  const uniqueName = (ns: string, base: (salt: string) => string): string => {
    let salt = '';
    for (let k = 0; k < 50; k++) {
      const n = base(salt);
      if (!podIds.has(`${ns}/${n}`)) return n;
      salt = `#${k}`;
    }
    return base('#x');
  };

  // Bare Pods without a node and an IP are scheduled like the others.
  for (const loc of barePods) {
    const v = obj(loc.value);
    const m = obj(v.metadata);
    const sp = obj(v.spec);
    const st = obj(v.status);
    if (str(sp.nodeName) || str(st.podIP) || !str(m.name)) {
      out.push(loc);
      if (str(sp.nodeName))
        totalOnNode.set(sp.nodeName as string, (totalOnNode.get(sp.nodeName as string) ?? 0) + 1);
      continue;
    }
    const ns = str(m.namespace) ?? 'default';
    podIds.delete(`${ns}/${m.name as string}`);
    makePod(
      loc,
      `Pod ${ns}/${m.name as string}`,
      ns,
      m.name as string,
      { metadata: m, spec: sp },
      {},
      {
        cands: eligible(sp),
        mine: new Map(),
      },
    );
    // For a bare Pod, fields are at the document's own paths.
    const last = out[out.length - 1]!;
    out[out.length - 1] = { ...last, locate: loc.locate };
  }

  // --- workloads → Pods ---------------------------------------------------------------------------
  let podCount = pods.length;
  const expandWorkload = (loc: Located, v: Obj) => {
    const kind = v.kind as string;
    const meta = obj(v.metadata);
    const name = str(meta.name);
    const ns = str(meta.namespace) ?? 'default';
    const who = `${kind} ${ns}/${name ?? '?'}`;
    if (!name) {
      issue(loc, ['metadata'], 'error', 'schema', `${kind}: metadata.name is required`);
      return;
    }
    const sp = obj(v.spec);
    const template = sp.template;
    if (!isObj(template) || !isObj(template.spec) || !Array.isArray(template.spec.containers)) {
      issue(
        loc,
        ['spec'],
        'error',
        'schema',
        `${who}: spec.template.spec.containers is required (the Pod template)`,
      );
      return;
    }
    const tLabels = labelsOf(obj(template.metadata).labels);
    // API server validation: the selector must select the template's labels (apps/validation).
    if (kind !== 'Job' || sp.manualSelector === true) {
      const selector = obj(sp.selector);
      const ml = labelsOf(selector.matchLabels);
      if (kind !== 'Job' && !isObj(sp.selector)) {
        issue(loc, ['spec'], 'error', 'schema', `${who}: spec.selector is required (apps/v1)`);
        return;
      }
      const bad = Object.entries(ml).find(([k, x]) => tLabels[k] !== x);
      if (bad) {
        issue(
          loc,
          ['spec', 'selector', 'matchLabels', bad[0]],
          'error',
          'schema',
          `${who}: selector does not match template labels (${bad[0]}=${bad[1]}); the API server refuses it`,
        );
        return;
      }
    }
    const tSpec = template.spec;
    const cands = eligible(tSpec);
    const mine = new Map<string, number>();
    const intOr = (x: unknown, d: number) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : d);
    let replicas: number;
    if (kind === 'DaemonSet') replicas = cands.length;
    else if (kind === 'Job')
      replicas = Math.min(intOr(sp.parallelism, 1), intOr(sp.completions, intOr(sp.parallelism, 1)));
    else replicas = intOr(sp.replicas, 1);
    if (replicas > MANIFEST_LIMITS.replicas) {
      issue(
        loc,
        ['spec', 'replicas'],
        'error',
        'limit',
        `${who}: ${replicas} replicas; the playground traces at most ${MANIFEST_LIMITS.replicas} Pods per workload (set fewer replicas: the paths are the same)`,
      );
      return;
    }
    if (podCount + replicas > MANIFEST_LIMITS.pods) {
      issue(
        loc,
        ['spec', 'replicas'],
        'error',
        'limit',
        `${who}: more than ${MANIFEST_LIMITS.pods} Pods in all; set fewer replicas`,
      );
      return;
    }
    podCount += replicas;
    const hash = podTemplateHash(template);
    const made: string[] = [];
    if (kind === 'Deployment' || kind === 'ReplicaSet') {
      const rs = kind === 'Deployment' ? `${name}-${hash}` : name;
      for (let i = 0; i < replicas; i++) {
        const pn = uniqueName(ns, (salt) => `${rs}-${suffix5(`${ns}/${rs}/${i}${salt}`)}`);
        makePod(loc, who, ns, pn, template, kind === 'Deployment' ? { 'pod-template-hash': hash } : {}, {
          cands,
          mine,
        });
        made.push(pn);
      }
      note(
        loc,
        'expanded',
        who,
        `${who}: ${replicas} Pod${replicas === 1 ? '' : 's'}${kind === 'Deployment' ? ` of ReplicaSet ${rs}` : ''} (${made.join(', ') || 'none'})`,
      );
    } else if (kind === 'StatefulSet') {
      const start = intOr(obj(sp.ordinals).start, 0);
      const svc = str(sp.serviceName);
      const revision = `${name}-${hash}`;
      for (let i = start; i < start + replicas; i++) {
        const pn = `${name}-${i}`;
        makePod(
          loc,
          who,
          ns,
          pn,
          template,
          {
            'controller-revision-hash': revision,
            'statefulset.kubernetes.io/pod-name': pn,
            'apps.kubernetes.io/pod-index': String(i),
          },
          { cands, mine },
          { hostname: pn, ...(svc ? { subdomain: svc } : {}) },
        );
        made.push(pn);
      }
      note(
        loc,
        'expanded',
        who,
        `${who}: ${replicas} Pod${replicas === 1 ? '' : 's'} with stable names and hostnames (${made.join(', ') || 'none'})${svc ? `; DNS <pod>.${svc}.${ns}.svc when ${svc} is headless` : ''}`,
      );
    } else if (kind === 'DaemonSet') {
      for (const node of cands) {
        const pn = uniqueName(ns, (salt) => `${name}-${suffix5(`${ns}/${name}/${node.name}${salt}`)}`);
        makePod(
          loc,
          who,
          ns,
          pn,
          template,
          { 'controller-revision-hash': hash, 'pod-template-generation': '1' },
          { node, cands, mine },
        );
        made.push(`${pn} on ${node.name}`);
      }
      note(
        loc,
        'expanded',
        who,
        `${who}: one Pod per node (${made.join(', ') || 'no node matches its nodeSelector'})`,
      );
    } else {
      const indexed = sp.completionMode === 'Indexed';
      for (let i = 0; i < replicas; i++) {
        const pn = uniqueName(
          ns,
          (salt) => `${name}-${indexed ? `${i}-` : ''}${suffix5(`${ns}/${name}/${i}${salt}`)}`,
        );
        makePod(
          loc,
          who,
          ns,
          pn,
          template,
          {
            'batch.kubernetes.io/job-name': name,
            'job-name': name,
            ...(indexed ? { 'batch.kubernetes.io/job-completion-index': String(i) } : {}),
          },
          { cands, mine },
        );
        made.push(pn);
      }
      note(
        loc,
        'expanded',
        who,
        `${who}: ${replicas} running Pod${replicas === 1 ? '' : 's'} (${made.join(', ')}); a finished Job's Pods are Succeeded and get no traffic`,
      );
    }
  };
  for (const loc of workloads) expandWorkload(loc, obj(loc.value));

  // --- cluster DNS (kubeadm's CoreDNS) when absent ------------------------------------------------------
  const svcId = (v: Obj) =>
    `${str(obj(v.metadata).namespace) ?? 'default'}/${str(obj(v.metadata).name) ?? ''}`;
  const addedServices: Located[] = [];
  if (!services.some((l) => svcId(obj(l.value)) === dnsService) && dnsService === 'kube-system/kube-dns') {
    const sc = parseCidr(serviceCIDR);
    const dnsIP = typeof sc !== 'string' && sc.family === 4 ? formatIPv4((sc.base + 10) >>> 0) : undefined;
    const labels = { 'k8s-app': 'kube-dns' };
    const ports = [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ];
    const dnsSvc = synthetic({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: { ...(dnsIP ? { clusterIP: dnsIP } : {}), selector: labels, ports },
    });
    addedServices.push(dnsSvc);
    const before = pods.length;
    expandWorkload(synthetic(null), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'coredns',
                image: 'registry.k8s.io/coredns/coredns',
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                  { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                ],
              },
            ],
          },
        },
      },
    });
    notes.pop(); // the expansion note of the synthetic Deployment; one note below says it all
    note(
      undefined,
      'added',
      'CoreDNS',
      `No cluster DNS Service: kubeadm's CoreDNS was added (Service kube-system/kube-dns ${dnsIP ?? ''}, Pods ${pods
        .slice(before)
        .map((p) => p.id.split('/')[1])
        .join(', ')})`,
    );
  }

  // --- Services: ClusterIP and NodePort allocation ------------------------------------------------
  const allServices = [...services, ...addedServices];
  const sc = parseCidr(serviceCIDR);
  const takenCIPs = new Set<number>();
  const takenPorts = new Set<number>();
  const sizeV4 = typeof sc !== 'string' && sc.family === 4 ? 2 ** (32 - sc.prefix) : 0;
  if (typeof sc !== 'string' && sc.family === 4) takenCIPs.add(1); // default/kubernetes (the first address)
  for (const l of allServices) {
    const sp = obj(obj(l.value).spec);
    for (const ip of [sp.clusterIP, ...(Array.isArray(sp.clusterIPs) ? (sp.clusterIPs as unknown[]) : [])]) {
      const n = typeof ip === 'string' ? parseIPv4(ip) : undefined;
      if (n !== undefined && typeof sc !== 'string' && sc.family === 4) takenCIPs.add((n - sc.base) >>> 0);
    }
    for (const p of Array.isArray(sp.ports) ? sp.ports.map(obj) : [])
      if (typeof p.nodePort === 'number') takenPorts.add(p.nodePort);
    if (typeof sp.healthCheckNodePort === 'number') takenPorts.add(sp.healthCheckNodePort);
  }
  const npSize = npRange.max - npRange.min + 1;
  const npOffset = rangeOffset(npSize, 16, 128, 32);
  const nextNodePort = (seed: string): number | undefined => {
    const i = allocateIndex(npSize, npOffset, fnv1a32(seed) % Math.max(1, npSize - npOffset), (k) =>
      takenPorts.has(npRange.min + k),
    );
    if (i === undefined) return undefined;
    takenPorts.add(npRange.min + i);
    return npRange.min + i;
  };
  for (const l of allServices) {
    const v = clone(obj(l.value));
    const sp = obj(v.spec);
    v.spec = sp;
    const id = svcId(v);
    const who = `Service ${id}`;
    const type = str(sp.type) ?? 'ClusterIP';
    if (
      type !== 'ExternalName' &&
      (sp.clusterIP === undefined || sp.clusterIP === '' || sp.clusterIP === null)
    ) {
      if (sizeV4 === 0) {
        issue(
          l,
          ['spec'],
          'error',
          'invalid_service',
          `${who}: no clusterIP, and PacketPath allocates only from an IPv4 Service CIDR (${serviceCIDR}); write spec.clusterIP`,
        );
      } else {
        const size = sizeV4 - 2; // not the network and broadcast addresses
        const off = rangeOffset(sizeV4, 16, 256, 16);
        const i = allocateIndex(size, off, fnv1a32(id) % Math.max(1, size - off), (k) =>
          takenCIPs.has(k + 1),
        );
        if (i === undefined)
          issue(l, ['spec'], 'error', 'invalid_service', `${who}: the Service CIDR ${serviceCIDR} is full`);
        else {
          takenCIPs.add(i + 1);
          const ip = formatIPv4(((sc as { base: number }).base + i + 1) >>> 0);
          sp.clusterIP = ip;
          sp.clusterIPs = [ip];
          allocations.push({ object: who, field: 'spec.clusterIP', value: ip });
        }
      }
    }
    const ports = Array.isArray(sp.ports) ? (sp.ports as unknown[]).map(obj) : [];
    const wantsNodePorts =
      type === 'NodePort' || (type === 'LoadBalancer' && sp.allocateLoadBalancerNodePorts !== false);
    if (wantsNodePorts) {
      const byPort = new Map<unknown, number>();
      for (const p of ports) if (typeof p.nodePort === 'number') byPort.set(p.port, p.nodePort);
      ports.forEach((p, i) => {
        if (typeof p.nodePort === 'number') return;
        const np = byPort.get(p.port) ?? nextNodePort(`${id}/${String(p.port)}`);
        if (np === undefined) {
          issue(
            l,
            ['spec', 'ports', i],
            'error',
            'nodeport_range',
            `${who}: the NodePort range ${npRange.min}-${npRange.max} is full`,
          );
          return;
        }
        byPort.set(p.port, np);
        p.nodePort = np;
        allocations.push({ object: who, field: `spec.ports[${i}].nodePort`, value: String(np) });
      });
      sp.ports = ports;
    }
    if (
      type === 'LoadBalancer' &&
      sp.externalTrafficPolicy === 'Local' &&
      typeof sp.healthCheckNodePort !== 'number'
    ) {
      const np = nextNodePort(`${id}/healthCheck`);
      if (np !== undefined) {
        sp.healthCheckNodePort = np;
        allocations.push({ object: who, field: 'spec.healthCheckNodePort', value: String(np) });
      }
    }
    const mine = allocations.filter((a) => a.object === who);
    if (mine.length && !addedServices.includes(l))
      note(
        l,
        'allocated',
        who,
        `${who}: allocated ${mine.map((a) => `${a.field} ${a.value}`).join(', ')} (as the API server would; the real value is random)`,
      );
    out.push({ ...l, value: v });
  }

  // --- the Scenario document ----------------------------------------------------------------------
  const extra = [...(opts.requests ?? [])].slice(0, MANIFEST_LIMITS.requests);
  if (scenario) {
    const v = clone(obj(scenario.value));
    const s = obj(v.spec);
    v.spec = s;
    if (extra.length)
      s.requests = [...(Array.isArray(s.requests) ? (s.requests as unknown[]) : []), ...extra];
    if (nodes.some((n) => n.added) && !isObj(obj(s.cluster).underlay))
      s.cluster = { ...obj(s.cluster), underlay: { cidr: underlayCidr, gateway: gatewayOf(underlayCidr) } };
    out.unshift({ ...scenario, value: v });
  } else {
    out.unshift(
      synthetic({
        apiVersion: SCENARIO_API_VERSION,
        kind: 'Scenario',
        metadata: { name: 'playground' },
        spec: {
          title: 'Playground',
          cluster: {
            podCIDR,
            serviceCIDR,
            underlay: { cidr: underlayCidr, gateway: gatewayOf(underlayCidr) },
          },
          requests: extra,
        },
      }),
    );
  }
  return {
    located: out,
    notes,
    pods,
    allocations,
    nodes: nodes.map(({ name, ip, podCIDR: c, added }) => ({ name, ip, podCIDR: c, added })),
  };
}

function gatewayOf(cidr: string): string | undefined {
  const c = parseCidr(cidr);
  return typeof c !== 'string' && c.family === 4 ? formatIPv4((c.base + 1) >>> 0) : undefined;
}

function describeNodes(nodes: readonly NodeInfo[]): string {
  return nodes.map((x) => `${x.name} ${x.ip}, podCIDR ${x.podCIDR}`).join('; ');
}
