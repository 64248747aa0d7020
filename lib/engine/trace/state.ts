/**
 * Path-building mechanics shared by every trace module.
 *
 * A trace is computed as a tree of branches: each module takes a partial path (`PState`), appends hops,
 * and either finishes it (`Done`, with a disposition) or forks it into weighted alternatives (`branch`).
 * States are treated as immutable: every helper returns a new object, so forks never share mutable arrays.
 */
import type { ClusterModel, ModelNode, ModelPod, ModelService, ModelSettings } from '../model';
import type { Protocol, ScenarioRequest } from '../../scenario';
import type { Disposition, Hop, Layer, PacketHeader, Rewrite } from '../types';

export type Proto = Protocol | 'ICMP';

/** Where a new connection is headed. */
export interface Dest {
  ip: string;
  port?: number;
  proto: Proto;
}

export type Origin =
  /** A Pod on the Pod network. `emitPrefix: false` for an L7 proxy opening its upstream connection. */
  | { kind: 'pod'; pod: ModelPod; container?: string; emitPrefix: boolean }
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
  /** Local addresses per node (cached). */
  localAddrCache: Map<string, readonly string[]>;
  /** Continuations into earlier phases (see Flow). */
  flow: Flow;
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

/** A partial path. */
export interface PState {
  hops: Hop[];
  weight: number;
  choices: string[];
  /** An SNAT/MASQUERADE happened on the way (any leg). */
  masq: boolean;
  /** The current packet header. */
  pkt: PacketHeader;
  /** The source address before any SNAT of the current leg (R10.6 policySeesPreNatSource). */
  preNatSrc: string;
  /** The last SNAT of the current leg done by a node (kube-proxy MASQUERADE, CNI masquerade): where, and the source before it. */
  nodeSnat?: { node: string; before: string };
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

export function newState(pkt: PacketHeader, extra?: Partial<PState>): PState {
  // Every key present from the start (optional ones undefined): all states share one object shape, which keeps
  // the many `{ ...st }` copies on V8's fast path.
  return {
    hops: [],
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
  return { ...st, hops: [...st.hops, h] };
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
  return { ...st, weight: st.weight * fraction, choices: choice ? [...st.choices, choice] : st.choices };
}

/** Add a note to the last hop's steps (no new hop). */
export function note(st: PState, step: string): PState {
  const last = st.hops[st.hops.length - 1];
  if (!last) return st;
  const copy: Hop = { ...last, steps: [...last.steps, step] };
  return { ...st, hops: [...st.hops.slice(0, -1), copy] };
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
  if (!isSuccess(disposition) && hops.length > 0) {
    const last = hops[hops.length - 1] as Hop;
    hops = [...hops.slice(0, -1), { ...last, verdict: { disposition, reason } }];
  }
  const done: Done = { ...st, hops, disposition, reason };
  if (endpoint) done.endpoint = endpoint;
  return done;
}

/** Fail with a verdict on a (possibly new) hop at `at`: reuses the last hop when it is already there. */
export function failAt(ctx: Ctx, st: PState, spec: HopSpec, disposition: Disposition, reason: string): Done {
  const last = st.hops[st.hops.length - 1];
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
export function frac(n: number): string {
  return n === 1 ? '1' : `1/${n}`;
}
