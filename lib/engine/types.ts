/**
 * Public output types of the routing engine: the contract between the engine (`trace`), the grader
 * (`grade`), the CLI and the UI. Pure data, JSON-serialisable, no functions.
 *
 * Vocabulary: ../../docs/engine-model.md and the networking reference (§A2 dispositions, §A3 layers).
 */

/** Coarse layers: what the drag-and-drop palette shows at coarse level (reference §A3). */
export const LAYERS = [
  'Client',
  'DNS',
  'API Gateway',
  'Cloud LB',
  'Node',
  'kube-proxy',
  'CNI',
  'Ingress',
  'Service',
  'Pod',
  'Container',
  'External',
] as const;
export type Layer = (typeof LAYERS)[number];

/** Levels of detail derived from the same trace. */
export const LEVELS = ['textbook', 'coarse', 'wire'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * What happened to the request (reference §A2).
 * `HTTP_<code>`: an L7 intermediary (ingress controller, gateway, API gateway) answered instead of the app.
 * `GRPC_UNIMPLEMENTED` / `GRPC_UNAVAILABLE`: a Gateway answered a gRPC call itself with that gRPC status (no
 * GRPCRoute matches; an invalid backend or one without endpoints) — Gateway API grpcroute_types.go.
 * `DNS_TIMEOUT`: the name lookup got no answer at all (the query was dropped, e.g. by an egress NetworkPolicy
 * without a DNS rule, R10.8): the resolver retries, times out, and no connection is attempted.
 * `RESET`: the connection was accepted, then reset by the other side before any answer (e.g. an Istio sidecar under
 * PeerAuthentication STRICT receiving plaintext, R14.6): curl reports "Connection reset by peer" (exit 56).
 * `NODATA`: the name exists but has no address of the family the client asked for (e.g. `curl -6` to a
 * single-stack IPv4 Service: the AAAA query is answered NOERROR with no records — not NXDOMAIN); getaddrinfo
 * fails and no connection is attempted (R13.4).
 * `MTU_BLACKHOLE`: the connection opened and the small packets got through, but full-sized segments are lost on a
 * link narrower than they are and no ICMP "fragmentation needed" reaches the sender (filtered, or an L2 link that
 * never sends one): the transfer stalls until it times out (R15.6). The verdict sits on the link's hop.
 * `ENGINE_ERROR`: the engine itself failed (a bug, never a networking outcome). Such a trace has no paths; it is
 * never graded, never offered as an outcome, and the publish check refuses the scenario.
 */
export type Disposition =
  | 'DELIVERED'
  | 'REFUSED'
  | 'RESET'
  | 'DROPPED'
  | 'DENIED_IN'
  | 'DENIED_OUT'
  | 'NXDOMAIN'
  | 'EXITS_CLUSTER'
  | 'NO_ROUTE'
  | 'DNS_TIMEOUT'
  | 'NODATA'
  | 'MTU_BLACKHOLE'
  | 'ENGINE_ERROR'
  | `HTTP_${number}`
  | 'GRPC_UNIMPLEMENTED'
  | 'GRPC_UNAVAILABLE';

/** What the client observes, derived from the disposition (DROPPED / DENIED_* / NO_ROUTE look like a timeout). */
export type Symptom =
  | 'OK'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'TIMEOUT'
  | 'NAME_NOT_RESOLVED'
  | 'HTTP_RESPONSE'
  | 'LEFT_CLUSTER'
  | 'ENGINE_ERROR';

/** The packet's L3/L4 header as it arrives at a hop. Ports are omitted for ICMP. */
export interface PacketHeader {
  /** Source IP address. */
  src: string;
  /** Source port; "ephemeral" for a client-chosen port. */
  srcPort?: number | 'ephemeral';
  /** Destination IP address. */
  dst: string;
  /** Destination port. */
  dstPort?: number;
  protocol: 'TCP' | 'UDP' | 'ICMP';
  /** Outer header when the packet is encapsulated on this hop (VXLAN, IP-in-IP, Geneve). */
  outer?: { src: string; dst: string; protocol: 'UDP' | 'IPIP'; port?: number; vni?: number };
}

/** A header rewrite applied at a hop (Batfish `TransformationStep`). */
export interface Rewrite {
  kind: 'DNAT' | 'SNAT' | 'ENCAP' | 'DECAP';
  /** e.g. "10.96.120.15:80" */
  from: string;
  /** e.g. "10.244.2.8:9090" */
  to: string;
  /** Why, with the rule id, e.g. "KUBE-SEP DNAT (R3.6)". */
  note: string;
}

/**
 * One hop of a path. A hop is one place (object) where something happens to the request.
 * Object references are `kind/namespace/name` for namespaced objects (`pod/shop/frontend-1`,
 * `service/shop/backend`, `container/shop/frontend-1/web`, `ingress/shop/shop`), `kind/name` for
 * cluster-scoped ones (`node/node-1`) and `kind/name` for the outside world (`client/browser`,
 * `cloudlb/ingress-nginx/ingress-nginx-controller`, `apigw/kong`, `dns/coredns`, `external/10.0.5.20`).
 */
export interface Hop {
  /** Stable id of this hop inside its path, e.g. "h3". */
  id: string;
  /** Coarse layer. */
  layer: Layer;
  /** The object the hop is at (see above). */
  at: string;
  /** Short human label, e.g. "kube-proxy rules on node-1 (iptables)". */
  label: string;
  /**
   * Wire-level sub-steps in order, e.g. "nat PREROUTING → KUBE-SERVICES → KUBE-SVC[shop/backend:http] → KUBE-SEP[10.244.2.8:9090]".
   */
  steps: string[];
  /** Packet header on arrival at this hop. */
  packet: PacketHeader;
  /** Rewrites applied here, in order. */
  rewrites: Rewrite[];
  /** Rule id (reference R-ids) that decided this hop, e.g. "R3.6". */
  rule: string;
  /**
   * True for hops a correct answer may include or leave out (e.g. the logical Service hop behind
   * ingress-nginx, reference §A3 ordering rule 2).
   */
  optional?: boolean;
  /**
   * Set on the last hop of a failed path: why the request stopped here. For MTU_BLACKHOLE it sits on the link
   * where the full-sized segments are lost (the request itself reached the destination).
   */
  verdict?: { disposition: Disposition; reason: string };
  /** Wire level: the kernel's own artefacts on this node (Service hops of kube-proxy's iptables/nftables/IPVS modes). */
  kernel?: KernelView;
}

/** One rule line as the tool prints it; `hit` when the packet matched it (others are passed over). */
export interface KernelRule {
  text: string;
  hit: boolean;
}

/**
 * What an engineer would see on the node at a hop: the rules that matched, as `iptables-save` / kube-proxy's nftables
 * transaction / `ipvsadm -Ln` print them (kube-proxy's own chain names), and the `conntrack -L` entry the first packet
 * creates (original and reply tuple). Generated from the same model as the hop (trace/kernel.ts).
 */
export interface KernelView {
  rules?: { command: string; lines: KernelRule[] };
  conntrack?: string;
  /** The command that lists it: `conntrack -L`, or `conntrack -L -f ipv6` for an IPv6 entry (R13.3). */
  conntrackCommand?: string;
  /** Which numbers are stand-ins (an ephemeral port, a port picked by MASQUERADE). */
  note?: string;
}

/** One equally valid way the request can go. */
export interface TracePath {
  /** Stable id, e.g. "p1". Deterministic for the same input. */
  id: string;
  /** Probability of this path among the alternatives; weights of a TraceSet sum to 1. */
  weight: number;
  /** Why this alternative exists, e.g. "endpoint backend-2 (1 of 3 ready endpoints, uniform random R3.6)". */
  choice: string;
  hops: Hop[];
  disposition: Disposition;
  reason: string;
  /** Where the path ends when it reaches a workload or an external host. */
  endpoint?: { object: string; ip: string; port: number };
  /** True when the source address was rewritten (SNAT / MASQUERADE) on the way. */
  masqueraded: boolean;
  /** The source IP the destination sees (e.g. the node or proxy address when masqueraded). */
  sourceSeenByDestination?: string;
}

/** The separate name-resolution phase (reference §A5), shown before the connection. */
export interface DnsResolution {
  /** The name as the client wrote it. */
  query: string;
  /** Names tried in order (search list expansion, ndots). */
  tried: {
    name: string;
    /** NODATA: the name exists but has no record of the asked type (NOERROR, empty answer; R13.4). */
    result: 'NXDOMAIN' | 'ANSWER' | 'NO_ANSWER' | 'NODATA';
    server: 'cluster' | 'public';
  }[];
  /**
   * Dual-stack (R13.4): what each query type got for the name that answered — A and AAAA (both asked unless the
   * client names a family); an empty `answers` is NOERROR with no records (NODATA), not NXDOMAIN.
   */
  records?: { type: 'A' | 'AAAA'; answers: string[] }[];
  /** Dual-stack (R13.4): which family the client connects with and the rule that decided it. */
  addressSelection?: string;
  /** Final answer: A records (IPs) or CNAME chain; empty when NXDOMAIN. */
  answers: string[];
  /** Record kind answered: ClusterIP A, headless Pod A records, ExternalName CNAME, public A. */
  kind: 'CLUSTER_IP' | 'POD_IPS' | 'CNAME' | 'PUBLIC' | 'NONE';
  /**
   * The hops of the DNS query itself (client → kube-dns VIP → CoreDNS): the first of `alternatives` when the
   * query was answered, else the first failed flow.
   */
  hops: Hop[];
  /**
   * Every CoreDNS replica the query may reach, each with its share: kube-dns is a Service like any other, so the
   * dataplane picks one of its endpoints at random (R3.5, R3.6). Present when the query was answered in the cluster.
   */
  alternatives?: { choice: string; weight: number; hops: Hop[] }[];
  rule: string;
}

/** One disposition's share of a trace set: the summed weight of the paths that end that way. */
export interface DispositionShare {
  disposition: Disposition;
  /** Summed path weight, 0 < weight ≤ 1. */
  weight: number;
}

/**
 * The set-level outcome, independent of the order of the paths: `single` when every alternative ends the same
 * way; `split` when they differ (e.g. a 50/50 weighted Gateway route with one invalid backendRef: half the
 * requests are DELIVERED, half get HTTP_500, R8.5/R8.6), with each disposition's share, largest first (equal
 * shares by disposition name).
 */
export type SetOutcome =
  { kind: 'single'; disposition: Disposition } | { kind: 'split'; shares: DispositionShare[] };

/** Result of tracing one request of a scenario. */
export interface TraceSet {
  /** The request id inside the scenario. */
  requestId: string;
  /** The request in words, e.g. "A browser opens https://shop.example.com/api/orders". */
  summary: string;
  /**
   * Overall disposition: the disposition shared by all paths, or, when alternatives differ, the first share of
   * `outcome` (the largest; equal shares by disposition name — never by path order). Read `outcome` to tell a
   * split from a single outcome.
   */
  disposition: Disposition;
  /** The set-level outcome: one disposition, or a split with each share. */
  outcome: SetOutcome;
  symptom: Symptom;
  /** A sentence a learner can read, e.g. "shop/backend:http has no endpoints: kube-proxy REJECTs (R3.11)". */
  reason: string;
  /** Rule ids the trace exercised, sorted. */
  rules: string[];
  dns?: DnsResolution;
  /** All equally valid alternatives, deterministic order. */
  paths: TracePath[];
  /** Configuration problems found while building the model (e.g. two containers binding one port, R1.3). */
  warnings: string[];
  /** Set when the engine failed internally (disposition ENGINE_ERROR): the message, for the server log. */
  engineError?: string;
}
