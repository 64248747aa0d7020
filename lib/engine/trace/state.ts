/**
 * Path-building mechanics shared by every trace module.
 *
 * A trace is computed as a tree of branches: each module takes a partial path (`PState`), appends hops,
 * and either finishes it (`Done`, with a disposition) or forks it into weighted alternatives (`branch`).
 * States are treated as immutable: every helper returns a new object, so forks never share mutable arrays.
 * A state's hops are a persistent list (`HopList`): alternatives forked after a common prefix share that prefix
 * instead of each copying it, and appending or amending the last hop costs the same at any path length.
 */
import type {
  ClusterModel,
  ModelIngress,
  ModelIngressPath,
  ModelIngressRule,
  ModelNode,
  ModelPod,
  ModelService,
  ModelSettings,
} from '../model';
import type { Protocol, ScenarioRequest } from '../../scenario';
import type { Disposition, Hop, KernelView, Layer, PacketHeader, Rewrite } from '../types';

export type Proto = Protocol | 'ICMP';

/** Where a new connection is headed. */
export interface Dest {
  ip: string;
  port?: number;
  proto: Proto;
}

export type Origin =
  /** A Pod on the Pod network. `emitPrefix: false` for an L7 proxy opening its upstream connection. */
  | {
      kind: 'pod';
      pod: ModelPod;
      container?: string;
      emitPrefix: boolean;
      /** The sending process's UID/GID when known (a sidecar's Envoy runs as 1337, R14.2). */
      uid?: number;
      gid?: number;
    }
  /** A process in a node's network namespace (node process or hostNetwork Pod). */
  | { kind: 'host'; node: ModelNode; pod?: ModelPod; container?: string; emitPrefix: boolean }
  /** A client outside the cluster. */
  | { kind: 'external'; name: string; ip: string };

/** How a packet sits on a node's stack. */
export interface AtNode {
  /** Where it came from: a local Pod's veth, the node's own stack, or the wire. */
  from: 'pod' | 'host' | 'wire';
  hook: 'PREROUTING' | 'OUTPUT';
  /** A Service translated it already on this node (affects the Node hop and routing). */
  afterService?: boolean;
  /** The destination is a Service endpoint without a Pod object (explicit EndpointSlice): assume it is live. */
  assumeLive?: boolean;
}

/**
 * The continuations a step calls when the packet moves to an earlier phase of the walk (a proxy opens a new
 * connection, a cloud LB hands the packet to a node, a Pod turns out to be an L7 proxy). Step modules call
 * them through `ctx.flow` instead of importing the module that implements them, so every file under
 * lib/engine/trace depends only downwards (checked by trace/layering.test.ts); trace/index.ts wires them.
 */
export interface Flow {
  /** A new connection from `origin` (connect.ts). */
  connect(ctx: Ctx, st: PState, origin: Origin, dst: Dest): Done[];
  /** The packet is on node `n`'s IP stack (connect.ts). */
  atNode(ctx: Ctx, st: PState, n: ModelNode, dst: Dest, how: AtNode): Done[];
  /** Pod `pod` is an L7 proxy for this connection (proxies.ts). */
  handleL7(ctx: Ctx, st: PState, pod: ModelPod, role: ProxyRole, port: number): Done[];
  /** A packet for a Service's LoadBalancer address reaches the cloud LB (cloud-lb.ts). */
  cloudLbPath(ctx: Ctx, st: PState, svc: ModelService, dst: Dest, opts: { clientIP: string }): Done[];
  /** A packet for a Service's externalIP arrives from outside (cloud-lb.ts). */
  externalIpEntry(ctx: Ctx, st: PState, svc: ModelService, dst: Dest): Done[];
}

/** The HTTP view of a request (only used by L7 hops: Ingress, Gateway API, API gateways). */
export interface HttpRequest {
  scheme: 'http' | 'https';
  /** Host header (lower-case, no port). */
  host: string;
  /** Port the client dialled (80/443 by default). */
  port: number;
  /** Path (with leading "/"), without the query string. */
  path: string;
  query: Readonly<Record<string, string>>;
  method: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  /** A gRPC call (the request's `grpc`): service and method; `path` is then `/<service>/<method>`. */
  grpc?: { service: string; method: string };
  /** TLS ClientHello server_name (lower-case), when the client speaks TLS with a name. */
  sni?: string;
}

/** Per-trace context: the model, the request, and the set of rules exercised. */
export interface Ctx {
  model: ClusterModel;
  s: ModelSettings;
  req: ScenarioRequest;
  rules: Set<string>;
  /** L7 roles of Services (ingress controller / gateway proxy / in-cluster API gateway), built lazily. */
  proxyRoles?: Map<string, ProxyRole>;
  /** IPs learnt from resolving a LoadBalancer's DNS hostname (status.loadBalancer.ingress[].hostname) → that Service. */
  lbByResolvedIP?: Map<string, ModelService>;
  /**
   * browser → Ingress: the controller's routing decision for this trace's request (ingress.ts routeIngress), made
   * once and shared by every controller Pod's branch.
   */
  ingressRoute?: IngressRoute;
  /** Continuations into earlier phases (see Flow). */
  flow: Flow;
}

export interface PathCandidate<T> {
  path: string;
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  item: T;
}

/** An Ingress location: the rule and the path of it (ingress.ts). */
export interface Loc {
  rule: ModelIngressRule;
  path: ModelIngressPath;
}

/**
 * browser → Ingress: the controller's routing decision for one request (ingress.ts routeIngress, R7.2–R7.6). It
 * depends only on the Ingress objects of the role's classes and on the request's Host, path and scheme — not on
 * which controller Pod serves it — so a trace makes it once and every controller Pod's branch reads it.
 */
export interface IngressRoute {
  role: Extract<ProxyRole, { kind: 'ingress' }>;
  host: string;
  path: string;
  scheme: string;
  serverKind: string;
  regexMode: boolean;
  tls: boolean;
  cands: PathCandidate<Loc>[];
  win: PathCandidate<Loc> | undefined;
  /** The routing hop's `at`: the winning Ingress, else the host's first Ingress, else the controller. */
  at: string;
  /** The Ingress whose server answers (its ssl-redirect annotation, R7.7). */
  matchedIng: ModelIngress | undefined;
  /** No location matched: the Ingress whose defaultBackend serves the request, if any (R7.6). */
  defaultBackendOf: ModelIngress | undefined;
}

export type ProxyRole =
  | {
      kind: 'ingress';
      service: string;
      classes: string[];
      upstream: 'endpoints' | 'service';
      implementation: string;
    }
  | {
      kind: 'gateway';
      service: string;
      gateway: string;
      upstream: 'endpoints' | 'service';
      hostnamePrecedenceFirst: boolean;
    }
  | { kind: 'apigw'; service: string; name: string };

/**
 * An immutable list of hops, newest last: each cell points to the list before it, so forks share their prefix.
 * `toArray()` builds the path's array once, when the path is finished (trace/index.ts toPaths).
 */
export class HopList {
  constructor(
    /** The newest hop (undefined only for the empty list). */
    readonly last: Hop | undefined,
    /** The list without `last` (undefined only for the empty list). */
    readonly prev: HopList | undefined,
    readonly length: number,
  ) {}
  push(h: Hop): HopList {
    return new HopList(h, this, this.length + 1);
  }
  /** The same list with its last hop replaced (the empty list stays empty). */
  withLast(h: Hop): HopList {
    return this.prev === undefined ? this : new HopList(h, this.prev, this.length);
  }
  /** The list without its last hop. */
  pop(): HopList {
    return this.prev ?? this;
  }
  toArray(): Hop[] {
    const out = new Array<Hop>(this.length);
    if (this.length === 0) return out;
    out[this.length - 1] = this.last!;
    let l = this.prev!;
    for (let i = this.length - 2; i >= 0; i--) {
      out[i] = l.last!;
      l = l.prev!;
    }
    return out;
  }
  static from(hops: readonly Hop[]): HopList {
    let l = NO_HOPS;
    for (const h of hops) l = l.push(h);
    return l;
  }
}
export const NO_HOPS = new HopList(undefined, undefined, 0);

/**
 * A MASQUERADE decided on a node: it is applied in that node's POSTROUTING, so a packet dropped earlier on the same
 * node (a policy in filter FORWARD, R10.6) never gets it. Enough to take it back: the source and `masq` before it
 * and the hop that recorded it.
 */
export interface NodeSnat {
  node: string;
  /** The source address (and port) before the SNAT. */
  before: string;
  beforePort?: PacketHeader['srcPort'];
  /** Whether an earlier leg had already masqueraded the connection. */
  masqBefore?: boolean;
  /** Index in `hops` of the hop whose rewrites, steps and kernel view record the SNAT. */
  hop?: number;
}

/** A partial path. */
export interface PState {
  hops: HopList;
  weight: number;
  choices: string[];
  /** An SNAT/MASQUERADE happened on the way (any leg). */
  masq: boolean;
  /** The current packet header. */
  pkt: PacketHeader;
  /** The source address before any SNAT of the current leg (R10.6 policySeesPreNatSource). */
  preNatSrc: string;
  /** The last SNAT of the current leg done by a node (kube-proxy MASQUERADE, CNI masquerade): where, and the source before it. */
  nodeSnat?: NodeSnat;
  /** The Service whose rules last translated the packet (for L7 role detection). */
  viaService?: string;
  /** Pod that opened the current connection (egress NetworkPolicy, R10.3). */
  srcPod?: ModelPod;
  /** HTTP request of the current leg (after API-gateway transforms). */
  http?: HttpRequest;
  /** Number of L7 proxies passed (recursion guard). */
  l7: number;
  /** True while the packet is in the DNS phase (changes wording of reasons). */
  dns?: boolean;
  /** The connection was opened by a client's sidecar (R14.3): whether it speaks Istio mTLS (R14.4). */
  mesh?: { mtls: boolean; client: string };
}

/** A finished path. */
export interface Done extends PState {
  disposition: Disposition;
  reason: string;
  endpoint?: { object: string; ip: string; port: number };
}

export interface HopSpec {
  layer: Layer;
  at: string;
  label: string;
  steps?: string[];
  rewrites?: Rewrite[];
  rule: string;
  optional?: boolean;
}

/**
 * A copy of a state, every field written out. The helpers below copy states this way rather than with
 * `{ ...st, key }`: all states then share one object shape, and V8 copies a literal of known fields several times
 * faster, and with a fraction of the garbage, of a spread (a spread that adds a key the source lacks goes through
 * the runtime's slow path). A Done's own fields are not copied: the helpers take and return partial paths.
 */
export function copyState(st: PState): PState {
  return {
    hops: st.hops,
    weight: st.weight,
    choices: st.choices,
    masq: st.masq,
    pkt: st.pkt,
    preNatSrc: st.preNatSrc,
    nodeSnat: st.nodeSnat,
    viaService: st.viaService,
    srcPod: st.srcPod,
    http: st.http,
    l7: st.l7,
    dns: st.dns,
    mesh: st.mesh,
  };
}

/**
 * A copy of a hop with the same keys in the same order (the serialised trace is byte-identical): the fixed fields,
 * then `optional`, `kernel` and `verdict` when set — the order in which a path's hop receives them. `kernel` and
 * `verdict` replace the hop's own when given.
 */
export function copyHop(h: Hop, kernel?: KernelView, verdict?: Hop['verdict']): Hop {
  const c: Hop = {
    id: h.id,
    layer: h.layer,
    at: h.at,
    label: h.label,
    steps: h.steps,
    packet: h.packet,
    rewrites: h.rewrites,
    rule: h.rule,
  };
  if (h.optional !== undefined) c.optional = h.optional;
  const k = kernel ?? h.kernel;
  if (k !== undefined) c.kernel = k;
  const v = verdict ?? h.verdict;
  if (v !== undefined) c.verdict = v;
  return c;
}

export function newState(pkt: PacketHeader, extra?: Partial<PState>): PState {
  // Every key present from the start (optional ones undefined): all states share one object shape, which keeps
  // the many `{ ...st }` copies on V8's fast path.
  return {
    hops: NO_HOPS,
    weight: 1,
    choices: [],
    masq: false,
    pkt,
    preNatSrc: pkt.src,
    nodeSnat: undefined,
    viaService: undefined,
    srcPod: undefined,
    http: undefined,
    l7: 0,
    dns: undefined,
    mesh: undefined,
    ...extra,
  };
}

const HOP_IDS: readonly string[] = Array.from({ length: 128 }, (_, i) => `h${i + 1}`);
/** The id of the hop at 0-based position `i` ("h1", "h2", …; the first 128 built once, not per hop). */
export function hopId(i: number): string {
  return HOP_IDS[i] ?? `h${i + 1}`;
}

/** Append a hop; the packet header recorded is the one on arrival (the state's current header). */
export function hop(ctx: Ctx, st: PState, spec: HopSpec): PState {
  ctx.rules.add(spec.rule);
  const h: Hop = {
    id: hopId(st.hops.length),
    layer: spec.layer,
    at: spec.at,
    label: spec.label,
    steps: spec.steps ?? [],
    // Packet headers are never mutated (withPkt / snat build new ones), so the hop can share the state's.
    packet: st.pkt,
    rewrites: spec.rewrites ?? [],
    rule: spec.rule,
  };
  if (spec.optional) h.optional = true;
  const c = copyState(st);
  c.hops = st.hops.push(h);
  return c;
}

/** Replace the current packet header (after a rewrite). */
export function withPkt(st: PState, pkt: Partial<PacketHeader>): PState {
  const merged: PacketHeader = { ...st.pkt, ...pkt };
  if (pkt.outer === undefined && 'outer' in pkt) {
    // Drop the key without `delete` (which would turn the object into a slow dictionary-mode object).
    const { outer: _outer, ...next } = merged;
    return { ...st, pkt: next };
  }
  return { ...st, pkt: merged };
}

/** SNAT the current packet: records masquerading on the path. */
export function snat(st: PState, newSrc: string): PState {
  return { ...withPkt(st, { src: newSrc, srcPort: 'ephemeral' }), masq: true };
}

/** Fork a state into one weighted alternative. */
export function branch(st: PState, fraction: number, choice?: string): PState {
  const c = copyState(st);
  c.weight = st.weight * fraction;
  if (choice) c.choices = [...st.choices, choice];
  return c;
}

/** Add a note to the last hop's steps (no new hop). */
export function note(st: PState, step: string): PState {
  const last = st.hops.last;
  if (!last) return st;
  const h = copyHop(last);
  h.steps = [...last.steps, step];
  return withLastHop(st, h);
}

/** The state with its last hop replaced by `h`. */
export function withLastHop(st: PState, h: Hop): PState {
  const c = copyState(st);
  c.hops = st.hops.withLast(h);
  return c;
}

/** Replace the last hop by `f(last)` (a copy: the original may be shared with other alternatives). */
export function amendLast(st: PState, f: (last: Hop) => Hop): PState {
  const last = st.hops.last;
  if (!last) return st;
  return withLastHop(st, f(last));
}

/** Outcomes that are not failures: delivered, left the cluster, or an HTTP 2xx answer (e.g. a health check's 200). */
export function isSuccess(d: Disposition): boolean {
  return d === 'DELIVERED' || d === 'EXITS_CLUSTER' || /^HTTP_2\d\d$/.test(d);
}

/**
 * Finish a path. For failures the verdict is set on the last hop (types.ts: "Set on the last hop of a failed path").
 */
export function finish(
  ctx: Ctx,
  st: PState,
  disposition: Disposition,
  reason: string,
  rule: string,
  endpoint?: { object: string; ip: string; port: number },
): Done {
  ctx.rules.add(rule);
  let hops = st.hops;
  const last = hops.last;
  if (!isSuccess(disposition) && last)
    hops = hops.withLast(copyHop(last, undefined, { disposition, reason }));
  // Written out like copyState (a spread adding the Done's keys is the slow path), every key present.
  return {
    hops,
    weight: st.weight,
    choices: st.choices,
    masq: st.masq,
    pkt: st.pkt,
    preNatSrc: st.preNatSrc,
    nodeSnat: st.nodeSnat,
    viaService: st.viaService,
    srcPod: st.srcPod,
    http: st.http,
    l7: st.l7,
    dns: st.dns,
    mesh: st.mesh,
    disposition,
    reason,
    endpoint,
  };
}

/** Fail with a verdict on a (possibly new) hop at `at`: reuses the last hop when it is already there. */
export function failAt(ctx: Ctx, st: PState, spec: HopSpec, disposition: Disposition, reason: string): Done {
  const last = st.hops.last;
  let s = st;
  if (!last || last.at !== spec.at || last.layer !== spec.layer) s = hop(ctx, st, spec);
  else s = note(st, spec.label);
  return finish(ctx, s, disposition, reason, spec.rule);
}

// ---------------------------------------------------------------------------------------------
// Object references (types.ts conventions)
// ---------------------------------------------------------------------------------------------

export const ref = {
  pod: (p: ModelPod) => `pod/${p.namespace}/${p.name}`,
  container: (p: ModelPod, c: string) => `container/${p.namespace}/${p.name}/${c}`,
  node: (n: ModelNode | string) => `node/${typeof n === 'string' ? n : n.name}`,
  cni: (n: ModelNode | string) => `cni/${typeof n === 'string' ? n : n.name}`,
  tunnel: (from: string, to: string, kind: string) => `cni/${from}->${to}/${kind}`,
  kubeProxy: (n: ModelNode | string) => `kube-proxy/${typeof n === 'string' ? n : n.name}`,
  service: (id: string) => `service/${id}`,
  client: (name: string) => `client/${name}`,
  external: (ip: string) => `external/${ip}`,
  ip: (ip: string) => `ip/${ip}`,
};

/** Probability text, e.g. "1/3". */
/** `ip:port` for text, the IPv6 address bracketed (`[fd00::7]:8080`, RFC 3986 / net.JoinHostPort); `ip` without a port. */
export function ipPort(ip: string, port?: number | string): string {
  const h = ip.includes(':') ? `[${ip}]` : ip;
  return port === undefined || port === '' ? ip : `${h}:${port}`;
}

/**
 * `host:port` in a step, the IPv6 host bracketed (`[fd00::7]:8080`, `[fd00::5]:E`); an IPv4 host and an absent port
 * print as before (`10.244.1.5:`), so IPv4 text is unchanged.
 */
export function hostPortStep(ip: string, port: number | string | undefined): string {
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port ?? ''}`;
}

export function frac(n: number): string {
  return n === 1 ? '1' : `1/${n}`;
}
