/**
 * The node's Service dataplane (the coarse `kube-proxy` hop): which endpoints a packet addressed to a Service
 * VIP / NodePort / LB IP / externalIP may be DNATed to on the translating node, whether it is marked for
 * masquerade, or whether it is rejected / dropped — following kube-proxy's iptables and nftables proxiers
 * (pkg/proxy/iptables/proxier.go, pkg/proxy/nftables/proxier.go, pkg/proxy/topology.go CategorizeEndpoints),
 * IPVS (pkg/proxy/ipvs) and Cilium's kube-proxy replacement.
 *
 * Pure decision logic: no hops are emitted here (see connect.ts), only the decision and wire-level steps.
 * `decide` is one policy written against each dataplane's *traits* (what it does differently: IPVS answers
 * port-unreachable where kube-proxy's iptables/nftables rules drop, Cilium never masquerades ClusterIP traffic…);
 * every word the learner reads comes from the per-mode table `DATAPLANES` (chain names, hooks, step texts).
 */
import { cidrContains, parseCidr, type Cidr } from '../../scenario';
import type { Endpoint, ModelNode, ModelService, ModelServicePort, ModelSettings } from '../model';
import { type Ctx, ipPort } from './state';
import { inPodCidr, isLocalAddr, isLoopback, nodeIP } from './cni';

export type Entry = 'clusterIP' | 'nodePort' | 'loadBalancer' | 'externalIP';
export type Mode = 'iptables' | 'nftables' | 'ipvs' | 'cilium';

export type ExternalRoute = 'cluster' | 'pod-short-circuit' | 'local-short-circuit' | 'local';

export interface DpDecision {
  outcome: 'translate' | 'reject' | 'drop';
  /** Candidate endpoints (uniform choice), deduplicated, sorted by IP. */
  endpoints: Endpoint[];
  /** Marked for masquerade by the service rules (hairpin is decided per endpoint). */
  masq: boolean;
  /** Wire-level steps up to (not including) the endpoint DNAT. */
  steps: string[];
  reason: string;
  rule: string;
  /** Extra rules exercised. */
  rules: string[];
  /** How the endpoint at kube-proxy position `i` (0-based, `kubeProxyIndex`, `n` of them) is chosen, for the `choice` text. */
  scheduler: (i: number, n: number) => string;
  /** Chain/object names used in per-endpoint steps. */
  policyChain: string;
  /**
   * External destinations (NodePort, LB IP, externalIP): how the packet left the external chain — every endpoint
   * (externalTrafficPolicy Cluster), kube-proxy's short-circuit of Pod or node-local sources to the cluster chain, or
   * the node's local endpoints. Unset for ClusterIP traffic.
   */
  externalRoute?: ExternalRoute;
  /** Which endpoints topology left eligible and why (R3.8), appended to the `choice` text; "" when not relevant. */
  topologyNote: string;
  /** `endpoints` in kube-proxy's order with each one's position, built on first use (`decisionOrder`). */
  kpOrder?: KpOrder;
}

interface KpOrder {
  order: Endpoint[];
  index: Map<Endpoint, number>;
}

/** kube-proxy's `Endpoint.String()`: net.JoinHostPort(ip, port) — `ip:port`, `[ip]:port` for IPv6. */
export function endpointString(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/**
 * The order kube-proxy writes a Service port's endpoints in (KUBE-SEP rules, the nftables numgen vmap, IPVS real
 * servers): pkg/proxy/endpointslicecache.go endpointsMapFromEndpointInfo sorts them with `byEndpoint`, i.e. by
 * `Endpoint.String()` as a string — so 10.0.1.10:80 comes before 10.0.1.9:80. The engine's own lists are sorted by
 * numeric IP (the order alternatives are listed in); the rule positions and their probabilities follow this one.
 */
export function kubeProxyOrder(eps: readonly Endpoint[]): Endpoint[] {
  const keyed = eps.map((e) => ({ e, k: endpointString(e) }));
  // Go's string < (byte order); the strings are ASCII, so JS code-unit order is the same.
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.e);
}

/**
 * A decision's endpoints in kube-proxy's order, and each one's position: computed once per decision (its endpoint
 * list is built per trace, so a cache keyed by the list — the WeakMap it was — only added an entry per trace).
 */
function kpOrder(d: DpDecision): KpOrder {
  if (d.kpOrder === undefined) {
    const order = kubeProxyOrder(d.endpoints);
    d.kpOrder = { order, index: new Map(order.map((e, i) => [e, i])) };
  }
  return d.kpOrder;
}

/** The decision's endpoints in kube-proxy's order (kernel views list the rules in it). */
export function decisionOrder(d: DpDecision): readonly Endpoint[] {
  return kpOrder(d).order;
}

/** Position of `ep` among the decision's endpoints in kube-proxy's order (0-based). */
export function kubeProxyIndex(d: DpDecision, ep: Endpoint): number {
  return kpOrder(d).index.get(ep) ?? d.endpoints.indexOf(ep);
}

/** kube-proxy's `ServicePortName.String()`: `ns/name:port` (`ns/name` for an unnamed port). */
export function svcPortName(svc: ModelService, port: ModelServicePort): string {
  return port.name ? `${svc.id}:${port.name}` : svc.id;
}

function nftName(svc: ModelService, port: ModelServicePort): string {
  return `${svc.id}/${port.protocol.toLowerCase()}/${port.name || `${port.port}`}`;
}

/** kube-proxy's topology mode for a Service port on one node (pkg/proxy/topology.go `topologyModeFromHints`). */
export type TopologyMode = '' | 'PreferSameZone' | 'PreferSameNode';

/** Why kube-proxy did or did not narrow the Cluster-policy endpoints by hints (for the explanation). */
export interface TopologyDecision {
  mode: TopologyMode;
  /**
   * none: no ready endpoint has a hint (nothing to explain); used: hints narrowed the set; the rest are the
   * fall-backs to all ready endpoints: some-unhinted (a ready endpoint has no zone hint), node-no-zone (the node has
   * no topology.kubernetes.io/zone label), no-hint-for-zone (no ready endpoint is hinted for this node's zone).
   */
  why: 'none' | 'used' | 'some-unhinted' | 'node-no-zone' | 'no-hint-for-zone';
  zone?: string;
  /** Ready endpoints hinted for another zone/node only (left out when `why` is `used`). */
  excluded: Endpoint[];
}

/** Where the node stands for topology (its name and `topology.kubernetes.io/zone` label). */
export interface TopologyNode {
  name: string;
  zone?: string;
}

const has = (a: readonly string[] | undefined, v: string | undefined) =>
  v !== undefined && a !== undefined && a.includes(v);

/**
 * pkg/proxy/topology.go `topologyModeFromHints`: PreferSameNode if every ready endpoint has a node hint and one is
 * hinted for this node (the PreferSameTrafficDistribution gate; node hints only exist when the API server accepted
 * trafficDistribution PreferSameNode, so the gate is taken as on); else PreferSameZone if every ready endpoint has a
 * zone hint and one is hinted for this node's zone; else "" (all endpoints).
 */
export function topologyModeFromHints(
  endpoints: readonly Endpoint[],
  node: TopologyNode | undefined,
): Omit<TopologyDecision, 'excluded'> {
  let hasReady = false;
  let anyHint = false;
  let hasForNode = false;
  let allNodeHints = true;
  let hasForZone = false;
  let allZoneHints = true;
  const zone = node?.zone;
  for (const e of endpoints) {
    if (!e.ready) continue;
    hasReady = true;
    if (!e.nodeHints || e.nodeHints.length === 0) allNodeHints = false;
    else {
      anyHint = true;
      if (has(e.nodeHints, node?.name)) hasForNode = true;
    }
    if (!e.zoneHints || e.zoneHints.length === 0) allZoneHints = false;
    else {
      anyHint = true;
      // `ZoneHints().Has(zone)` with zone "" for a node without the label: never true for a real hint.
      if (zone !== undefined && zone !== '' && has(e.zoneHints, zone)) hasForZone = true;
    }
  }
  const z = zone !== undefined && zone !== '' ? { zone } : {};
  if (!hasReady || !anyHint) return { mode: '', why: 'none', ...z };
  if (allNodeHints && hasForNode) return { mode: 'PreferSameNode', why: 'used', ...z };
  if (allZoneHints) {
    if (hasForZone) return { mode: 'PreferSameZone', why: 'used', ...z };
    return { mode: '', why: zone === undefined || zone === '' ? 'node-no-zone' : 'no-hint-for-zone', ...z };
  }
  return { mode: '', why: 'some-unhinted', ...z };
}

function availableForTopology(e: Endpoint, mode: TopologyMode, node: TopologyNode | undefined): boolean {
  if (mode === '') return true;
  if (mode === 'PreferSameNode') return has(e.nodeHints, node?.name);
  return has(e.zoneHints, node?.zone);
}

/**
 * pkg/proxy/topology.go CategorizeEndpoints: cluster endpoints = ready ones available for the topology mode
 * (hints, R3.8), else serving+terminating ones (R3.8; topology was already ignored if no ready endpoint matched);
 * local endpoints = local ready, else local serving+terminating (R4.4, R4.5) — topology is never applied to them.
 * `node` undefined (an L7 proxy choosing endpoints itself, a health check) = no node: no topology, no locality.
 * `topology: false` = a dataplane that ignores hints (Cilium without enable-service-topology).
 */
export function categorize(
  port: ModelServicePort,
  node: string | TopologyNode | undefined,
  opts: { topology?: boolean; family?: 4 | 6 } = {},
): { cluster: Endpoint[]; local: Endpoint[]; hasAny: boolean; topology: TopologyDecision } {
  const tn: TopologyNode | undefined = typeof node === 'string' ? { name: node } : node;
  const nodeName = tn?.name;
  const seen = new Set<string>();
  const unique: Endpoint[] = [];
  for (const e of port.endpoints) {
    // kube-proxy runs one proxier per family (R13.3): a connection to an IPv6 address only ever gets the IPv6
    // endpoints (the IPv6 EndpointSlices), an IPv4 one the IPv4 endpoints — a packet never changes family.
    if (opts.family !== undefined && (e.ip.includes(':') ? 6 : 4) !== opts.family) continue;
    const k = `${e.ip}|${e.port}`;
    if (seen.has(k)) continue;
    seen.add(k);
    unique.push(e);
  }
  const useTopology = opts.topology !== false && tn !== undefined;
  const topo = useTopology ? topologyModeFromHints(unique, tn) : { mode: '' as const, why: 'none' as const };
  const ready: Endpoint[] = [];
  const readyTopo: Endpoint[] = [];
  const excluded: Endpoint[] = [];
  const st: Endpoint[] = [];
  for (const e of unique) {
    if (e.ready) {
      ready.push(e);
      if (availableForTopology(e, topo.mode, tn)) readyTopo.push(e);
      else excluded.push(e);
    } else if (e.serving && e.terminating) st.push(e);
  }
  const cluster = readyTopo.length > 0 ? readyTopo : st;
  const localReady = ready.filter((e) => nodeName !== undefined && e.nodeName === nodeName);
  const localSt = st.filter((e) => nodeName !== undefined && e.nodeName === nodeName);
  const local = localReady.length > 0 ? localReady : localSt;
  return {
    cluster,
    local,
    hasAny: ready.length > 0 || st.length > 0,
    topology: { ...topo, excluded },
  };
}

function inRanges(ranges: readonly string[], ip: string): boolean {
  for (const r of ranges) {
    const c = parseCidr(r.trim());
    if (typeof c !== 'string' && cidrContains(c, ip)) return true;
  }
  return false;
}

/** kube-proxy's KUBE-SERVICES → KUBE-NODEPORTS jump (nftables: the `services` chain's NodePort rule) for one family. */
export interface NodePortJump {
  /**
   * --nodeport-addresses matches every node address of the family (pkg/proxy/util/nodeport_addresses.go
   * NewNodePortAddresses: only the CIDRs of that family count; none of them, or a zero CIDR among them, is all).
   */
  matchAll: boolean;
  /** The flag was given: matching all is then nftables' `fib daddr type local`; unset, nftables uses `primary`. */
  given: boolean;
  /** The family's CIDRs (empty when matching all). */
  cidrs: readonly Cidr[];
  /** What iptables' addrtype LOCAL jump leaves out: `::1/128` on IPv6, `127.0.0.0/8` without localhost NodePorts. */
  notLocal?: string;
}

/** The NodePort jump for the family of `ip` (iptables and nftables proxier.go). */
export function nodePortJump(dp: ModelSettings['serviceDataplane'], ip: string): NodePortJump {
  const v6 = ip.includes(':');
  const cidrs: Cidr[] = [];
  let zero = false;
  for (const text of dp.nodePortAddresses) {
    const c = text.trim();
    const x = parseCidr(c);
    if (typeof x === 'string' || (x.family === 6) !== v6) continue;
    if (c === '0.0.0.0/0' || c === '::/0')
      zero = true; // IsZeroCIDR: "ignore everything else"
    else cidrs.push(x);
  }
  const matchAll = zero || cidrs.length === 0;
  const notLocal = v6 ? '::1/128' : dp.localhostNodePorts ? undefined : '127.0.0.0/8';
  return {
    matchAll,
    given: dp.nodePortAddresses.length > 0,
    cidrs: matchAll ? [] : cidrs,
    ...(notLocal ? { notLocal } : {}),
  };
}

/** Whether the jump takes packets to `ip` (matching all takes every address of the family). */
export function nodePortJumpTakes(j: NodePortJump, ip: string): boolean {
  return j.matchAll || j.cidrs.some((c) => cidrContains(c, ip));
}

export interface DpInput {
  node: ModelNode;
  svc: ModelService;
  port: ModelServicePort;
  entry: Entry;
  /** Destination as addressed (VIP, node IP, LB IP, external IP). */
  dstIP: string;
  dstPort: number;
  srcIP: string;
  /** OUTPUT hook (host-network origin) vs PREROUTING (Pods, other hosts). */
  hook: 'PREROUTING' | 'OUTPUT';
  /** Cilium: translated at the socket (Pod → Service, socket-LB). */
  socketLB?: boolean;
}

/** What a dataplane does differently (read by the decision policy). */
interface Traits {
  /** Rule that decided a ClusterIP translation. */
  clusterIPRule: string;
  /** Rules every decision of this dataplane exercises. */
  rules: readonly string[];
  /** A "local endpoints only" policy (ITP/ETP Local) with none on this node. */
  noLocalEndpoint: 'drop' | 'reject';
  /** Whether ClusterIP traffic can be marked for masquerade (masqueradeAll, off-cluster source). */
  clusterIPMasquerade: boolean;
  /** ETP Local and a client inside the cluster (R4.4 short-circuit / R4.7 all backends / nothing special). */
  etpLocalInCluster: 'kube-proxy' | 'all-backends' | 'none';
  /** ETP Cluster: masquerade always (KUBE-EXT), or per Cilium lbMode (DSR keeps the client, Pods are never SNATed). */
  etpClusterMasquerade: 'always' | 'lb-mode';
  /**
   * kube-proxy's iptables and nftables proxiers write a Service port's nat capture (KUBE-SERVICES rule /
   * @service-ips element) only when it has endpoints to send to; without, only the filter-table verdict exists
   * (proxier.go "Capture the clusterIP": `if hasInternalEndpoints { natRules… } else { filterRules… REJECT }`).
   * IPVS keeps the virtual server, Cilium the BPF service entry, with no backends.
   */
  captureNeedsEndpoints: boolean;
  /**
   * Whether EndpointSlice topology hints narrow the Cluster-policy endpoints: kube-proxy always
   * (CategorizeEndpoints); Cilium only with enable-service-topology (Helm loadBalancer.serviceTopology), off by
   * default and not modelled as a setting.
   */
  topologyHints: boolean;
}

interface Hooks {
  nat: string;
  filter: string;
  /** The NodePort jump for the packet's family (added by decide). */
  nodePorts: NodePortJump;
}

/** Everything a dataplane says (chain names, hooks, step texts). */
interface Words {
  /** The coarse kube-proxy hop's label. */
  hopLabel: string;
  hooks: (inp: DpInput) => Omit<Hooks, 'nodePorts'>;
  capture: (inp: DpInput, h: Hooks, name: string, proto: string) => string;
  /** The nat table has no capture for this Service port (captureNeedsEndpoints and none to send to). */
  noCapture: (inp: DpInput, h: Hooks, name: string, proto: string) => string;
  noEndpoints: (inp: DpInput, h: Hooks, name: string) => string;
  /** Who rejects, in the no-endpoints reason. */
  rejecter: string;
  /** How endpoint `i` of `n` is chosen (the rule that picks it). */
  scheduler: (dp: Dp, i: number, n: number) => string;
  clusterChain: (svc: ModelService, port: ModelServicePort, name: string) => string;
  localChain: (svc: ModelService, port: ModelServicePort, name: string) => string;
  extChain: (svc: ModelService, port: ModelServicePort, name: string) => string;
  markMasq: string;
  noLocalEndpoint: (
    inp: DpInput,
    h: Hooks,
    name: string,
    kind: 'internal' | 'external',
    extChain: string,
  ) => string;
  sourceRangeDrop: (inp: DpInput, h: Hooks, name: string, ranges: readonly string[]) => string;
  sourceRangeAllow: (inp: DpInput, name: string, extChain: string) => string;
  etpCluster: (a: {
    name: string;
    extChain: string;
    clusterChain: string;
    nodeIP: string;
    lbMode: string;
    dsr: boolean;
  }) => string;
  etpLocal: (extChain: string, localChain: string) => string;
  endpoint: (d: DpDecision, ep: Endpoint, from: string, socketLB: boolean, dp: Dp) => string;
  /** Why a "local endpoints only" connection is rejected (traits.noLocalEndpoint = reject). */
  localReject: string;
  masq: (from: string, to: string, why: string) => string;
}

type Dp = Ctx['s']['serviceDataplane'];

interface Dataplane {
  traits: Traits;
  words: Words;
}

const KUBE_PROXY_CHAINS = {
  clusterChain: (_s: ModelService, _p: ModelServicePort, name: string) => `KUBE-SVC[${name}]`,
  localChain: (_s: ModelService, _p: ModelServicePort, name: string) => `KUBE-SVL[${name}]`,
  extChain: (_s: ModelService, _p: ModelServicePort, name: string) => `KUBE-EXT[${name}]`,
};

/** netfilter hooks as iptables names them (iptables, IPVS and Cilium's texts). */
/** The KUBE-SERVICES → KUBE-NODEPORTS jump's match as kube-proxy writes it (proxier.go; see kernel.ts). */
function iptNodePortMatch(inp: DpInput, h: Hooks): string {
  const j = h.nodePorts;
  if (!j.matchAll) return `-d ${inp.dstIP}`;
  return `dst-type LOCAL${j.notLocal ? `, ! -d ${j.notLocal}` : ''}`;
}

function iptHooks(inp: DpInput): Omit<Hooks, 'nodePorts'> {
  return {
    nat: `nat ${inp.hook}`,
    filter:
      inp.hook === 'OUTPUT' ? 'filter OUTPUT' : inp.entry === 'clusterIP' ? 'filter FORWARD' : 'filter INPUT',
  };
}

/**
 * kube-proxy's iptables proxier (pkg/proxy/iptables/proxier.go, writeServiceToEndpointRules) writes one rule per
 * endpoint in the policy chain; every rule but the last carries `-m statistic --mode random --probability
 * 1/(n−i)` (computeProbability: "%0.10f"), the last none — it is reached only when no earlier rule matched (R3.6).
 */
function iptablesProbability(n: number): string {
  return (1 / n).toFixed(10);
}
function iptablesRule(i: number, n: number): string {
  if (n <= 1) return 'rule 1 of 1 (no -m statistic: the only endpoint)';
  return i < n - 1
    ? `rule ${i + 1} of ${n}: -m statistic --mode random --probability ${iptablesProbability(n - i)}`
    : `rule ${n} of ${n}, unconditional (no -m statistic: the last rule, reached when none of the ${n - 1} before it matched)`;
}
function iptablesPick(i: number, n: number): string {
  return i < n - 1
    ? `iptables rule ${i + 1} of ${n}, -m statistic --mode random --probability ${iptablesProbability(n - i)}; uniform overall`
    : `iptables rule ${n} of ${n}, unconditional (no -m statistic): taken when the ${n - 1} rule${n - 1 === 1 ? '' : 's'} before it did not match; uniform overall`;
}

const IPTABLES: Dataplane = {
  traits: {
    clusterIPRule: 'R3.6',
    rules: [],
    noLocalEndpoint: 'drop',
    clusterIPMasquerade: true,
    etpLocalInCluster: 'kube-proxy',
    etpClusterMasquerade: 'always',
    captureNeedsEndpoints: true,
    topologyHints: true,
  },
  words: {
    hopLabel: 'kube-proxy rules (iptables)',
    noCapture: (inp, h, _name, proto) =>
      `${h.nat} → KUBE-SERVICES: no rule for ${inp.entry === 'nodePort' ? `${proto} dpt:${inp.dstPort} (KUBE-NODEPORTS has none either)` : `${inp.dstIP}/${inp.dstIP.includes(':') ? 128 : 32} ${proto} dpt:${inp.dstPort}`}: kube-proxy writes a Service port's nat rules only when it has endpoints to send to → not translated`,
    hooks: iptHooks,
    capture: (inp, h, name, proto) =>
      inp.entry === 'clusterIP'
        ? `${h.nat} → KUBE-SERVICES (match ${inp.dstIP}/${inp.dstIP.includes(':') ? 128 : 32} ${proto} dpt:${inp.dstPort} "${name} cluster IP")`
        : inp.entry === 'nodePort'
          ? `${h.nat} → KUBE-SERVICES (no VIP match) → KUBE-NODEPORTS (${iptNodePortMatch(inp, h)}, ${proto} dpt:${inp.dstPort})`
          : `${h.nat} → KUBE-SERVICES (match ${inp.dstIP}/${inp.dstIP.includes(':') ? 128 : 32} ${proto} dpt:${inp.dstPort} "${name} ${inp.entry === 'loadBalancer' ? 'loadbalancer IP' : 'external IP'}")`,
    noEndpoints: (inp, h, name) =>
      `${h.filter} → ${inp.entry === 'clusterIP' ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES'}: "${name} has no endpoints" → REJECT (${inp.dstIP.includes(':') ? 'icmp6-port-unreachable' : 'icmp-port-unreachable'})`,
    rejecter: 'kube-proxy REJECTs',
    scheduler: (_dp, i, n) => iptablesPick(i, n),
    ...KUBE_PROXY_CHAINS,
    markMasq: 'KUBE-MARK-MASQ',
    noLocalEndpoint: (_inp, h, name, kind, extChain) =>
      kind === 'internal'
        ? `${h.filter} → KUBE-SERVICES: "${name} has no local endpoints" → DROP`
        : `${extChain}: no local endpoints → not DNATed → ${h.filter} → KUBE-EXTERNAL-SERVICES: "${name} has no local endpoints" → DROP`,
    sourceRangeDrop: (inp, h, name, ranges) =>
      `KUBE-FW[${name}]: source ${inp.srcIP} not in loadBalancerSourceRanges {${ranges.join(', ')}} → not DNATed → ${h.filter} → KUBE-PROXY-FIREWALL: "${name} traffic not accepted by KUBE-FW" → DROP`,
    sourceRangeAllow: (inp, name, extChain) =>
      `KUBE-FW[${name}]: source ${inp.srcIP} allowed by loadBalancerSourceRanges → ${extChain}`,
    etpCluster: (a) =>
      `${a.extChain}: "masquerade traffic for ${a.name} external destinations" → KUBE-MARK-MASQ → ${a.clusterChain}`,
    etpLocal: (ext, local) => `${ext} → ${local} (node-local endpoints only, no masquerade)`,
    endpoint: (d, ep, from) =>
      `${d.policyChain} ${iptablesRule(kubeProxyIndex(d, ep), d.endpoints.length)} → KUBE-SEP[${ipPort(ep.ip, ep.port)}] DNAT ${from} → ${ipPort(ep.ip, ep.port)} (conntrack entry created)`,
    localReject: '',
    masq: (from, to, why) =>
      `POSTROUTING → KUBE-POSTROUTING: marked 0x4000 → MASQUERADE ${from} → ${to} (${why})`,
  },
};

const NFTABLES: Dataplane = {
  traits: { ...IPTABLES.traits },
  words: {
    hopLabel: 'kube-proxy rules (nftables)',
    noCapture: (inp, h, _name, proto) =>
      `${h.nat} → services: no element ${inp.entry === 'nodePort' ? `${proto} . ${inp.dstPort} in @service-nodeports` : `${inp.dstIP} . ${proto} . ${inp.dstPort} in @service-ips`} (a Service port with no endpoints to send to is only in the filter-side maps) → not translated`,
    hooks: (inp) => ({
      nat: inp.hook === 'OUTPUT' ? 'nat-output' : 'nat-prerouting',
      filter:
        inp.hook === 'OUTPUT'
          ? 'filter-output'
          : inp.entry === 'clusterIP'
            ? 'filter-forward'
            : 'filter-input',
    }),
    capture: (inp, h, _name, proto) =>
      inp.entry === 'nodePort'
        ? h.nodePorts.given && h.nodePorts.matchAll
          ? `${h.nat} → services: fib daddr type local ${inp.dstIP.includes(':') ? 'ip6 daddr != ::1' : 'ip daddr != 127.0.0.0/8'} meta l4proto . th dport vmap @service-nodeports (${proto} . ${inp.dstPort})`
          : `${h.nat} → services: ${inp.dstIP.includes(':') ? 'ip6' : 'ip'} daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports (${proto} . ${inp.dstPort})`
        : `${h.nat} → services: ${inp.dstIP.includes(':') ? 'ip6' : 'ip'} daddr . meta l4proto . th dport vmap @service-ips (${inp.dstIP} . ${proto} . ${inp.dstPort})`,
    noEndpoints: (inp, h, name) =>
      `${h.filter} → ${inp.entry === 'nodePort' ? 'nodeport-endpoints-check: vmap @no-endpoint-nodeports' : 'service-endpoints-check: vmap @no-endpoint-services'} (${name}) → goto reject-chain → reject`,
    rejecter: 'kube-proxy REJECTs',
    scheduler: () => 'numgen random (uniform)',
    clusterChain: (svc, port) => `service-…-${nftName(svc, port)}`,
    localChain: (svc, port) => `service-…-${nftName(svc, port)} (local endpoints)`,
    extChain: (svc, port) => `external-…-${nftName(svc, port)}`,
    markMasq: 'jump mark-for-masquerade',
    noLocalEndpoint: (inp, h, name, kind) =>
      kind === 'internal' || inp.entry !== 'nodePort'
        ? `${h.filter} → service-endpoints-check: vmap @no-endpoint-services (${name}) → drop`
        : `${h.filter} → nodeport-endpoints-check: vmap @no-endpoint-nodeports (${name}) → drop`,
    sourceRangeDrop: (inp, _h, _name, ranges) =>
      `filter-prerouting-pre-dnat → firewall-check: vmap @firewall-ips → firewall-…-${nftName(inp.svc, inp.port)}: ip saddr != { ${ranges.join(', ')} } drop`,
    sourceRangeAllow: (inp) => `firewall-check: ${inp.srcIP} allowed by loadBalancerSourceRanges`,
    etpCluster: (a) =>
      `${a.extChain}: "masquerade traffic for ${a.name} external destinations" → jump mark-for-masquerade → ${a.clusterChain}`,
    etpLocal: (ext, local) => `${ext} → ${local} (no masquerade, client IP kept)`,
    endpoint: (d, ep) =>
      `${d.policyChain}: numgen random mod ${d.endpoints.length} vmap → endpoint-…__${ep.ip}/${ep.port}: dnat to ${ep.ip}:${ep.port}`,
    localReject: '',
    masq: (from, to, why) =>
      `nat-postrouting → masquerading: mark 0x4000 → masquerade ${from} → ${to} (${why})`,
  },
};

const GENERIC_LOCAL = 'externalTrafficPolicy Local: node-local endpoints only, client address kept';

const IPVS: Dataplane = {
  traits: {
    clusterIPRule: 'R3.9',
    rules: ['R11.3'],
    noLocalEndpoint: 'reject',
    clusterIPMasquerade: true,
    etpLocalInCluster: 'none',
    etpClusterMasquerade: 'always',
    captureNeedsEndpoints: false,
    topologyHints: true,
  },
  words: {
    hopLabel: 'kube-proxy rules (ipvs)',
    noCapture: (inp, h, name, proto) => IPVS.words.capture(inp, h, name, proto),
    hooks: iptHooks,
    capture: (inp, _h, _name, proto) =>
      inp.entry === 'nodePort'
        ? `PREROUTING → KUBE-SERVICES → KUBE-NODE-PORT (ipset KUBE-NODE-PORT-${inp.port.protocol} dpt ${inp.dstPort}) → IPVS virtual server ${inp.node.name}:${inp.dstPort}`
        : `${inp.dstIP} is a local address of ${inp.node.name} (bound on the dummy interface kube-ipvs0, so ${inp.node.name} itself answers \`ping ${inp.dstIP}\` — in iptables or nftables mode nothing would, R3.1, R3.14) → ${inp.hook} (ipset ${inp.entry === 'clusterIP' ? 'KUBE-CLUSTER-IP' : inp.entry === 'loadBalancer' ? 'KUBE-LOAD-BALANCER' : 'KUBE-EXTERNAL-IP'}) → INPUT → IPVS virtual server ${proto.toUpperCase()} ${inp.dstIP}:${inp.dstPort}`,
    noEndpoints: () => `IPVS virtual server has no real servers → ip_vs_leave: ICMP port-unreachable [IMPL]`,
    rejecter: 'the dataplane rejects',
    scheduler: (dp) => `IPVS ${dp.ipvsScheduler} (deterministic per connection order; treated as a set)`,
    ...KUBE_PROXY_CHAINS,
    markMasq: 'KUBE-MARK-MASQ',
    noLocalEndpoint: (_inp, _h, _name, kind) =>
      `IPVS virtual server (${kind === 'internal' ? 'internalTrafficPolicy' : 'externalTrafficPolicy'} Local) has no local real server → ICMP port-unreachable [IMPL]`,
    sourceRangeDrop: (inp, _h, _name, ranges) =>
      `source ${inp.srcIP} not in loadBalancerSourceRanges {${ranges.join(', ')}} → dropped`,
    sourceRangeAllow: (inp, name, extChain) =>
      `KUBE-FW[${name}]: source ${inp.srcIP} allowed by loadBalancerSourceRanges → ${extChain}`,
    etpCluster: () => `KUBE-NODE-PORT / KUBE-LOAD-BALANCER: externalTrafficPolicy Cluster → KUBE-MARK-MASQ`,
    etpLocal: () => GENERIC_LOCAL,
    endpoint: (_d, ep, from, _s, dp) =>
      `IPVS ${dp.ipvsScheduler} → real server ${ipPort(ep.ip, ep.port)} (Masq = DNAT ${from} → ${ipPort(ep.ip, ep.port)})`,
    localReject: 'IPVS answers port-unreachable',
    masq: IPTABLES.words.masq,
  },
};

const CILIUM: Dataplane = {
  traits: {
    clusterIPRule: 'R11.5',
    rules: ['R11.5'],
    noLocalEndpoint: 'drop',
    clusterIPMasquerade: false,
    etpLocalInCluster: 'all-backends',
    etpClusterMasquerade: 'lb-mode',
    captureNeedsEndpoints: false,
    topologyHints: false,
  },
  words: {
    hopLabel: 'Cilium eBPF service LB',
    noCapture: (inp, h, name, proto) => CILIUM.words.capture(inp, h, name, proto),
    hooks: iptHooks,
    capture: (inp, _h, _name, proto) =>
      inp.socketLB
        ? `cgroup/connect BPF (socket-LB) in ${inp.node.name}: service lookup ${inp.dstIP}:${inp.dstPort}/${proto}`
        : `tc${inp.entry === 'clusterIP' ? '' : '/XDP'} BPF on ${inp.node.name}: service lookup ${inp.dstIP}:${inp.dstPort}/${proto} (no KUBE-* rules)`,
    noEndpoints: (_inp, _h, name) =>
      `BPF service ${name} has no backends → reject (serviceNoBackendResponse=reject)`,
    rejecter: 'the dataplane rejects',
    scheduler: () => 'BPF random backend selection',
    ...KUBE_PROXY_CHAINS,
    markMasq: 'KUBE-MARK-MASQ',
    noLocalEndpoint: (inp, _h, _name, kind) =>
      kind === 'internal'
        ? `BPF: internalTrafficPolicy Local and no local backend → drop`
        : `BPF: externalTrafficPolicy Local and no local backend on ${inp.node.name} → drop`,
    sourceRangeDrop: IPVS.words.sourceRangeDrop,
    sourceRangeAllow: IPVS.words.sourceRangeAllow,
    etpCluster: (a) =>
      a.dsr
        ? `BPF NodePort ${a.lbMode}: DSR, client address kept, backend replies directly (R11.6)`
        : `BPF NodePort snat mode: SNAT to ${a.nodeIP} (R11.6)`,
    etpLocal: () => GENERIC_LOCAL,
    endpoint: (_d, ep, from, socketLB) =>
      socketLB
        ? `socket-LB rewrites connect(${from}) → ${ep.ip}:${ep.port}; the socket is connected straight to the backend (no per-packet DNAT)`
        : `BPF DNAT ${from} → ${ipPort(ep.ip, ep.port)}`,
    localReject: '',
    masq: (from, to, why) => `BPF SNAT ${from} → ${to} (${why})`,
  },
};

/** The per-mode table: traits (for the policy) and wording (for the learner). */
export const DATAPLANES: Readonly<Record<Mode, Dataplane>> = {
  iptables: IPTABLES,
  nftables: NFTABLES,
  ipvs: IPVS,
  cilium: CILIUM,
};

function dataplane(ctx: Ctx): Dataplane {
  return DATAPLANES[ctx.s.serviceDataplane.mode];
}

/** The label of the coarse kube-proxy hop on node `node`. */
export function dataplaneHopLabel(ctx: Ctx, node: string): string {
  return `${dataplane(ctx).words.hopLabel} on ${node}`;
}

/** Decide what the node's service rules do with a new connection (R3.6–R3.11, R4.2–R4.5, R5.5, R11.x). */
export function decide(ctx: Ctx, inp: DpInput): DpDecision {
  const dp = ctx.s.serviceDataplane;
  const { traits: t, words: w } = dataplane(ctx);
  const { node, svc, port, entry, srcIP } = inp;
  const name = svcPortName(svc, port);
  const cat = categorize(
    port,
    { name: node.name, zone: node.zone },
    { topology: t.topologyHints, family: inp.dstIP.includes(':') ? 6 : 4 },
  );
  const topo = topologyWords(ctx, svc, port, node, cat, t.topologyHints);
  const detector = dp.localTrafficDetector === 'ClusterCIDR';
  const srcIsPod = inPodCidr(ctx, srcIP);
  const srcIsLocal = isLocalAddr(ctx, node, srcIP) || isLoopback(srcIP);
  const proto = port.protocol.toLowerCase();
  const steps: string[] = [];
  const rules: string[] = [...t.rules];
  const base = {
    steps,
    rules,
    endpoints: [] as Endpoint[],
    masq: false,
    scheduler: () => '',
    policyChain: '',
    topologyNote: '',
  };
  const h: Hooks = Object.assign(w.hooks(inp), { nodePorts: nodePortJump(dp, inp.dstIP) });

  // ---- capture: which rule matched the destination ------------------------------------------------
  // Without endpoints to send to (none at all; none local under internalTrafficPolicy Local), kube-proxy's
  // iptables/nftables proxiers write no nat capture for the ClusterIP, only the filter verdict.
  const noInternal =
    !cat.hasAny || (entry === 'clusterIP' && svc.internalTrafficPolicy === 'Local' && cat.local.length === 0);
  steps.push(
    t.captureNeedsEndpoints && noInternal ? w.noCapture(inp, h, name, proto) : w.capture(inp, h, name, proto),
  );

  // ---- no usable endpoints anywhere: REJECT (R3.11) --------------------------------------------------
  if (!cat.hasAny) {
    steps.push(w.noEndpoints(inp, h, name));
    return {
      ...base,
      outcome: 'reject',
      reason: `${name} has no endpoints: ${w.rejecter} the connection (R3.11)`,
      rule: 'R3.11',
    };
  }

  const affinity =
    svc.sessionAffinity === 'ClientIP'
      ? `; sessionAffinity ClientIP pins this client's later connections to the chosen endpoint for ${svc.affinityTimeoutSeconds}s (R3.10)`
      : '';
  if (affinity) rules.push('R3.10');
  const scheduler = (i: number, n: number) => w.scheduler(dp, i, n) + affinity;
  const clusterChain = w.clusterChain(svc, port, name);
  const localChain = w.localChain(svc, port, name);
  const extChain = w.extChain(svc, port, name);
  const translate = (
    endpoints: Endpoint[],
    masq: boolean,
    rule: string,
    policyChain: string,
    externalRoute?: ExternalRoute,
  ): DpDecision => {
    let topologyNote = '';
    if (topo && endpoints === cat.cluster) {
      steps.push(topo.step);
      topologyNote = topo.choice;
      rules.push('R3.8');
    } else if (topo && endpoints === cat.local && cat.topology.why !== 'none') {
      steps.push(
        `${policyChain}: "Local" traffic policy uses this node's endpoints; topology hints are not applied to them (pkg/proxy/topology.go: topology ignored for Local endpoints)`,
      );
    }
    return {
      ...base,
      ...(externalRoute ? { externalRoute } : {}),
      outcome: 'translate',
      endpoints,
      masq,
      reason: '',
      rule,
      scheduler,
      policyChain,
      topologyNote,
    };
  };
  /** "Local endpoints only" and none on this node (R4.4, R4.5). */
  const noLocal = (kind: 'internal' | 'external', rule: 'R4.4' | 'R4.5'): DpDecision => {
    steps.push(w.noLocalEndpoint(inp, h, name, kind, extChain));
    const policy = kind === 'internal' ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
    if (t.noLocalEndpoint === 'reject')
      return {
        ...base,
        outcome: 'reject',
        reason:
          kind === 'internal'
            ? `${name}: ${policy} Local and no endpoint on ${node.name}; ${w.localReject} (${rule}) [IMPL]`
            : `${name} has ${policy} Local and no endpoint on ${node.name}; ${w.localReject} (${rule}) [IMPL]`,
        rule,
      };
    return {
      ...base,
      outcome: 'drop',
      reason:
        kind === 'internal'
          ? `${name} has ${policy} Local and no endpoint on ${node.name}: the packet is dropped even though endpoints exist on other nodes (${rule})`
          : `${name} has ${policy} Local and ${node.name} has no local endpoint: the packet is dropped, the client times out (${rule})`,
      rule,
    };
  };

  // ---- ClusterIP traffic (internal) ----------------------------------------------------------------
  if (entry === 'clusterIP') {
    let eps = cat.cluster;
    let chain = clusterChain;
    if (svc.internalTrafficPolicy === 'Local') {
      rules.push('R4.5');
      chain = localChain;
      eps = cat.local;
      if (eps.length === 0) return noLocal('internal', 'R4.5');
    }
    let masq = false;
    if (t.clusterIPMasquerade && dp.masqueradeAll) {
      masq = true;
      steps.push(`${chain}: masqueradeAll → ${w.markMasq} (R3.7)`);
    } else if (t.clusterIPMasquerade && detector && !srcIsPod) {
      masq = true;
      steps.push(
        `${chain}: source ${srcIP} is not in the cluster CIDR ${ctx.s.podCIDR} → ${w.markMasq} (off-cluster traffic to a VIP, R3.7)`,
      );
    }
    if (masq) rules.push('R3.7');
    return translate(eps, masq, t.clusterIPRule, chain);
  }

  // ---- External destinations: NodePort, LoadBalancer IP, externalIP ---------------------------------
  // loadBalancerSourceRanges (R5.5): only for LB IPs, not NodePorts.
  if (entry === 'loadBalancer' && svc.loadBalancerSourceRanges.length > 0) {
    rules.push('R5.5');
    const ranges = svc.loadBalancerSourceRanges;
    const nodeInRange = inRanges(ranges, nodeIP(node));
    const allowed = inRanges(ranges, srcIP) || (nodeInRange && srcIP === inp.dstIP);
    if (!allowed) {
      steps.push(w.sourceRangeDrop(inp, h, name, ranges));
      return {
        ...base,
        outcome: 'drop',
        reason: `source ${srcIP} is not in loadBalancerSourceRanges of ${name} (${ranges.join(', ')}): dropped (R5.5)`,
        rule: 'R5.5',
      };
    }
    steps.push(w.sourceRangeAllow(inp, name, extChain));
  }

  if (svc.externalTrafficPolicy !== 'Local') {
    let masq = true;
    let dsr = false;
    // kube-proxy (R4.3): KUBE-EXT marks for masquerade before choosing among all endpoints.
    let rule = 'R4.3';
    if (t.etpClusterMasquerade === 'lb-mode') {
      // Cilium's eBPF NodePort has no KUBE-EXT chain (R4.7): its lbMode decides (R11.6) — DSR keeps the client
      // address; Pod clients are never SNATed.
      const lbMode = dp.cilium.lbMode;
      dsr = lbMode === 'dsr' || (lbMode === 'hybrid' && port.protocol === 'TCP');
      masq = !dsr && !srcIsPod;
      rule = 'R11.6';
      rules.push('R4.7');
    }
    rules.push(rule);
    steps.push(
      w.etpCluster({ name, extChain, clusterChain, nodeIP: nodeIP(node), lbMode: dp.cilium.lbMode, dsr }),
    );
    return translate(cat.cluster, masq, rule, clusterChain, 'cluster');
  }

  // externalTrafficPolicy: Local (R4.4)
  rules.push('R4.4');
  if (t.etpLocalInCluster === 'all-backends' && (srcIsPod || srcIsLocal)) {
    steps.push(`BPF: externalTrafficPolicy Local but the client is in the cluster → all backends (R4.7)`);
    rules.push('R4.7');
    return translate(cat.cluster, false, 'R4.7', clusterChain, 'cluster');
  }
  if (t.etpLocalInCluster === 'kube-proxy' && detector && srcIsPod) {
    steps.push(
      `${extChain}: "pod traffic for ${name} external destinations" (source in ${ctx.s.podCIDR}) → ${clusterChain} (short-circuit, no masquerade)`,
    );
    return translate(cat.cluster, false, 'R4.4', clusterChain, 'pod-short-circuit');
  }
  if (t.etpLocalInCluster === 'kube-proxy' && srcIsLocal) {
    steps.push(
      `${extChain}: "masquerade LOCAL traffic" (src-type LOCAL) → ${w.markMasq}; "route LOCAL traffic" → ${clusterChain}`,
    );
    return translate(cat.cluster, true, 'R4.4', clusterChain, 'local-short-circuit');
  }
  if (cat.local.length === 0) return noLocal('external', 'R4.4');
  steps.push(w.etpLocal(extChain, localChain));
  return translate(cat.local, false, 'R4.4', localChain, 'local');
}

function epList(ctx: Ctx, eps: readonly Endpoint[]): string {
  return eps
    .map((e) => {
      const pod = e.pod ? ctx.model.pods.get(e.pod) : undefined;
      return pod ? pod.name : `${e.ip}:${e.port}`;
    })
    .join(', ');
}

function hintText(e: Endpoint): string {
  const z = e.zoneHints && e.zoneHints.length > 0 ? `forZones ${e.zoneHints.join('/')}` : '';
  const n = e.nodeHints && e.nodeHints.length > 0 ? `forNodes ${e.nodeHints.join('/')}` : '';
  return [z, n].filter(Boolean).join(', ') || 'no hint';
}

/**
 * The topology explanation (R3.8, pkg/proxy/topology.go): which endpoints are eligible on this node and why —
 * hints used, or the fall-back to every ready endpoint with its reason. Undefined when there is nothing to say
 * (no hints and no topology setting on the Service).
 */
function topologyWords(
  ctx: Ctx,
  svc: ModelService,
  port: ModelServicePort,
  node: ModelNode,
  cat: ReturnType<typeof categorize>,
  honoured: boolean,
): { step: string; choice: string } | undefined {
  const name = svcPortName(svc, port);
  const tp = cat.topology;
  const readyAll = port.endpoints.filter((e) => e.ready);
  const hinted = readyAll.filter((e) => (e.zoneHints?.length ?? 0) > 0 || (e.nodeHints?.length ?? 0) > 0);
  const asked =
    svc.trafficDistribution !== undefined
      ? `trafficDistribution: ${svc.trafficDistribution}`
      : svc.topologyAnnotation
        ? `${svc.topologyAnnotation.key}: ${svc.topologyAnnotation.value}`
        : undefined;
  if (!honoured) {
    if (hinted.length === 0 && asked === undefined) return undefined;
    return {
      step: `Cilium does not filter ${name}'s backends by EndpointSlice hints unless enable-service-topology is set (Helm loadBalancer.serviceTopology, off by default) → all ready backends: ${epList(ctx, cat.cluster)} [IMPL]`,
      choice: '; topology hints not used by Cilium (enable-service-topology off)',
    };
  }
  const zoneOf = `${node.name}'s zone ${tp.zone ?? '(none)'}`;
  switch (tp.why) {
    case 'used':
      return tp.mode === 'PreferSameNode'
        ? {
            step: `topology (pkg/proxy/topology.go CategorizeEndpoints): every ready endpoint of ${name} has a node hint and ${epList(ctx, cat.cluster)} ${cat.cluster.length === 1 ? 'is' : 'are'} hinted for ${node.name} → kube-proxy programs only ${cat.cluster.length === 1 ? 'it' : 'those'} into ${node.name}'s rules for the Service; ${epList(ctx, tp.excluded)} (${tp.excluded.map(hintText).join('; ')}) left out on this node (R3.8)`,
            choice: `; topology hints (PreferSameNode): only endpoints hinted for ${node.name}`,
          }
        : {
            step: `topology (pkg/proxy/topology.go CategorizeEndpoints): every ready endpoint of ${name} has a zone hint and ${epList(ctx, cat.cluster)} ${cat.cluster.length === 1 ? 'is' : 'are'} hinted for ${zoneOf} → kube-proxy programs only ${cat.cluster.length === 1 ? 'it' : 'those'} into ${node.name}'s rules for the Service${tp.excluded.length > 0 ? `; ${epList(ctx, tp.excluded)} (${tp.excluded.map(hintText).join('; ')}) ${tp.excluded.length === 1 ? 'is' : 'are'} left out on this node` : ''} (R3.8)`,
            choice: `; topology hints: only endpoints hinted for zone ${tp.zone}`,
          };
    case 'some-unhinted': {
      const missing = readyAll.filter((e) => (e.zoneHints?.length ?? 0) === 0);
      return {
        step: `topology: hints ignored — ready endpoint ${epList(ctx, missing)} of ${name} has no zone hint, so kube-proxy uses every ready endpoint: ${epList(ctx, cat.cluster)} (R3.8)`,
        choice: '; topology hints ignored (an endpoint has no hint): all ready endpoints',
      };
    }
    case 'node-no-zone':
      return {
        step: `topology: hints ignored — ${node.name} has no topology.kubernetes.io/zone label, so kube-proxy uses every ready endpoint of ${name}: ${epList(ctx, cat.cluster)} (R3.8)`,
        choice: `; topology hints ignored (${node.name} has no zone label): all ready endpoints`,
      };
    case 'no-hint-for-zone':
      return {
        step: `topology: hints ignored — no ready endpoint of ${name} is hinted for ${zoneOf} (${hinted.map((e) => `${epList(ctx, [e])}: ${hintText(e)}`).join('; ')}), so kube-proxy uses every ready endpoint: ${epList(ctx, cat.cluster)} (R3.8)`,
        choice: `; topology hints ignored (none for zone ${tp.zone}): all ready endpoints`,
      };
    case 'none':
      if (asked === undefined) return undefined;
      return {
        step: `topology: ${svc.id} has ${asked} but no ready endpoint of ${name} carries a hint (the EndpointSlice controller sets them; an endpoint without a zone gets none) → every ready endpoint: ${epList(ctx, cat.cluster)} (R3.8)`,
        choice: '; no topology hints on the endpoints: all ready endpoints',
      };
  }
}

/** The per-endpoint step: DNAT (or socket rewrite), e.g. `→ KUBE-SEP[10.244.2.8:9090] DNAT 10.96.120.15:80 → 10.244.2.8:9090`. */
export function endpointStep(ctx: Ctx, d: DpDecision, ep: Endpoint, from: string, socketLB: boolean): string {
  return dataplane(ctx).words.endpoint(d, ep, from, socketLB, ctx.s.serviceDataplane);
}

/** The masquerade step in POSTROUTING. */
export function masqStep(ctx: Ctx, from: string, to: string, why: string): string {
  return dataplane(ctx).words.masq(from, to, why);
}
