/**
 * The node's Service dataplane (the coarse `kube-proxy` hop): which endpoints a packet addressed to a Service
 * VIP / NodePort / LB IP / externalIP may be DNATed to on the translating node, whether it is marked for
 * masquerade, or whether it is rejected / dropped — following kube-proxy's iptables and nftables proxiers
 * (pkg/proxy/iptables/proxier.go, pkg/proxy/nftables/proxier.go, pkg/proxy/topology.go CategorizeEndpoints),
 * IPVS (pkg/proxy/ipvs) and Cilium's kube-proxy replacement.
 *
 * Pure decision logic: no hops are emitted here (see connect.ts), only the decision and wire-level steps.
 */
import { cidrContains, parseCidr } from '../../scenario';
import type { Endpoint, ModelNode, ModelService, ModelServicePort } from '../model';
import type { Ctx } from './state';
import { inPodCidr, isLocalAddr, isLoopback, nodeIP } from './cni';

export type Entry = 'clusterIP' | 'nodePort' | 'loadBalancer' | 'externalIP';
export type Mode = 'iptables' | 'nftables' | 'ipvs' | 'cilium';

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
  /** How the endpoint is chosen, for the `choice` text. */
  scheduler: string;
  /** Chain/object names used in per-endpoint steps. */
  policyChain: string;
}

/** kube-proxy's `ServicePortName.String()`: `ns/name:port` (`ns/name` for an unnamed port). */
export function svcPortName(svc: ModelService, port: ModelServicePort): string {
  return port.name ? `${svc.id}:${port.name}` : svc.id;
}

function nftName(svc: ModelService, port: ModelServicePort): string {
  return `${svc.id}/${port.protocol.toLowerCase()}/${port.name || `${port.port}`}`;
}

/**
 * pkg/proxy/topology.go CategorizeEndpoints (without topology hints): cluster endpoints = ready ones, else
 * serving+terminating ones (R3.8); local endpoints = local ready, else local serving+terminating (R4.4, R4.5).
 */
export function categorize(
  port: ModelServicePort,
  nodeName: string | undefined,
): { cluster: Endpoint[]; local: Endpoint[]; hasAny: boolean } {
  const seen = new Set<string>();
  const ready: Endpoint[] = [];
  const st: Endpoint[] = [];
  for (const e of port.endpoints) {
    const k = `${e.ip}|${e.port}`;
    if (seen.has(k)) continue;
    if (e.ready) {
      seen.add(k);
      ready.push(e);
    } else if (e.serving && e.terminating) {
      seen.add(k);
      st.push(e);
    }
  }
  const cluster = ready.length > 0 ? ready : st;
  const localReady = ready.filter((e) => nodeName !== undefined && e.nodeName === nodeName);
  const localSt = st.filter((e) => nodeName !== undefined && e.nodeName === nodeName);
  const local = localReady.length > 0 ? localReady : localSt;
  return { cluster, local, hasAny: ready.length > 0 || st.length > 0 };
}

function inRanges(ranges: readonly string[], ip: string): boolean {
  for (const r of ranges) {
    const c = parseCidr(r.trim());
    if (typeof c !== 'string' && cidrContains(c, ip)) return true;
  }
  return false;
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

/** Decide what the node's service rules do with a new connection (R3.6–R3.11, R4.2–R4.5, R5.5, R11.x). */
export function decide(ctx: Ctx, inp: DpInput): DpDecision {
  const mode = ctx.s.serviceDataplane.mode;
  const dp = ctx.s.serviceDataplane;
  const { node, svc, port, entry, srcIP } = inp;
  const name = svcPortName(svc, port);
  const cat = categorize(port, node.name);
  const detector = dp.localTrafficDetector === 'ClusterCIDR';
  const srcIsPod = inPodCidr(ctx, srcIP);
  const srcIsLocal = isLocalAddr(ctx, node, srcIP) || isLoopback(srcIP);
  const proto = port.protocol.toLowerCase();
  const steps: string[] = [];
  const rules: string[] = [];
  const base = { steps, rules, endpoints: [] as Endpoint[], masq: false, scheduler: '', policyChain: '' };
  const natHook =
    mode === 'nftables' ? (inp.hook === 'OUTPUT' ? 'nat-output' : 'nat-prerouting') : `nat ${inp.hook}`;
  const filterHook =
    mode === 'nftables'
      ? inp.hook === 'OUTPUT'
        ? 'filter-output'
        : entry === 'clusterIP'
          ? 'filter-forward'
          : 'filter-input'
      : inp.hook === 'OUTPUT'
        ? 'filter OUTPUT'
        : entry === 'clusterIP'
          ? 'filter FORWARD'
          : 'filter INPUT';

  // ---- capture: which rule matched the destination ------------------------------------------------
  if (mode === 'iptables') {
    if (entry === 'clusterIP')
      steps.push(
        `${natHook} → KUBE-SERVICES (match ${inp.dstIP}/32 ${proto} dpt:${inp.dstPort} "${name} cluster IP")`,
      );
    else if (entry === 'nodePort')
      steps.push(
        `${natHook} → KUBE-SERVICES (no VIP match) → KUBE-NODEPORTS (dst-type LOCAL, ${proto} dpt:${inp.dstPort})`,
      );
    else if (entry === 'loadBalancer')
      steps.push(
        `${natHook} → KUBE-SERVICES (match ${inp.dstIP}/32 ${proto} dpt:${inp.dstPort} "${name} loadbalancer IP")`,
      );
    else
      steps.push(
        `${natHook} → KUBE-SERVICES (match ${inp.dstIP}/32 ${proto} dpt:${inp.dstPort} "${name} external IP")`,
      );
  } else if (mode === 'nftables') {
    if (entry === 'nodePort')
      steps.push(
        `${natHook} → services: ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports (${proto} . ${inp.dstPort})`,
      );
    else
      steps.push(
        `${natHook} → services: ip daddr . meta l4proto . th dport vmap @service-ips (${inp.dstIP} . ${proto} . ${inp.dstPort})`,
      );
  } else if (mode === 'ipvs') {
    if (entry === 'nodePort')
      steps.push(
        `PREROUTING → KUBE-SERVICES → KUBE-NODE-PORT (ipset KUBE-NODE-PORT-${port.protocol} dpt ${inp.dstPort}) → IPVS virtual server ${node.name}:${inp.dstPort}`,
      );
    else
      steps.push(
        `${inp.dstIP} is a local address (bound on kube-ipvs0) → ${inp.hook} (ipset ${entry === 'clusterIP' ? 'KUBE-CLUSTER-IP' : entry === 'loadBalancer' ? 'KUBE-LOAD-BALANCER' : 'KUBE-EXTERNAL-IP'}) → INPUT → IPVS virtual server ${proto.toUpperCase()} ${inp.dstIP}:${inp.dstPort}`,
      );
    rules.push('R11.3');
  } else {
    if (inp.socketLB)
      steps.push(
        `cgroup/connect BPF (socket-LB) in ${node.name}: service lookup ${inp.dstIP}:${inp.dstPort}/${proto}`,
      );
    else
      steps.push(
        `tc${entry === 'clusterIP' ? '' : '/XDP'} BPF on ${node.name}: service lookup ${inp.dstIP}:${inp.dstPort}/${proto} (no KUBE-* rules)`,
      );
    rules.push('R11.5');
  }

  // ---- no usable endpoints anywhere: REJECT (R3.11) --------------------------------------------------
  if (!cat.hasAny) {
    let how: string;
    if (mode === 'iptables')
      how = `${filterHook} → ${entry === 'clusterIP' ? 'KUBE-SERVICES' : 'KUBE-EXTERNAL-SERVICES'}: "${name} has no endpoints" → REJECT (icmp-port-unreachable)`;
    else if (mode === 'nftables')
      how = `${filterHook} → ${entry === 'nodePort' ? 'nodeport-endpoints-check: vmap @no-endpoint-nodeports' : 'service-endpoints-check: vmap @no-endpoint-services'} (${name}) → goto reject-chain → reject`;
    else if (mode === 'ipvs')
      how = `IPVS virtual server has no real servers → ip_vs_leave: ICMP port-unreachable [IMPL]`;
    else how = `BPF service ${name} has no backends → reject (serviceNoBackendResponse=reject)`;
    steps.push(how);
    return {
      ...base,
      outcome: 'reject',
      reason: `${name} has no endpoints: ${mode === 'iptables' || mode === 'nftables' ? 'kube-proxy REJECTs' : 'the dataplane rejects'} the connection (R3.11)`,
      rule: 'R3.11',
    };
  }

  const uniform =
    mode === 'ipvs'
      ? `IPVS ${dp.ipvsScheduler} (deterministic per connection order; treated as a set)`
      : mode === 'cilium'
        ? 'BPF random backend selection'
        : mode === 'nftables'
          ? 'numgen random (uniform)'
          : 'statistic random (uniform)';
  const affinity =
    svc.sessionAffinity === 'ClientIP'
      ? `; sessionAffinity ClientIP pins this client's later connections to the chosen endpoint for ${svc.affinityTimeoutSeconds}s (R3.10)`
      : '';
  if (affinity) rules.push('R3.10');
  const clusterChain = mode === 'nftables' ? `service-…-${nftName(svc, port)}` : `KUBE-SVC[${name}]`;
  const localChain =
    mode === 'nftables' ? `service-…-${nftName(svc, port)} (local endpoints)` : `KUBE-SVL[${name}]`;
  const extChain = mode === 'nftables' ? `external-…-${nftName(svc, port)}` : `KUBE-EXT[${name}]`;

  // ---- ClusterIP traffic (internal) ----------------------------------------------------------------
  if (entry === 'clusterIP') {
    let eps = cat.cluster;
    let chain = clusterChain;
    if (svc.internalTrafficPolicy === 'Local') {
      rules.push('R4.5');
      chain = localChain;
      eps = cat.local;
      if (eps.length === 0) {
        if (mode === 'ipvs') {
          steps.push(
            `IPVS virtual server (internalTrafficPolicy Local) has no local real server → ICMP port-unreachable [IMPL]`,
          );
          return {
            ...base,
            outcome: 'reject',
            reason: `${name}: internalTrafficPolicy Local and no endpoint on ${node.name}; IPVS answers port-unreachable (R4.5) [IMPL]`,
            rule: 'R4.5',
          };
        }
        steps.push(
          mode === 'iptables'
            ? `${filterHook} → KUBE-SERVICES: "${name} has no local endpoints" → DROP`
            : mode === 'nftables'
              ? `${filterHook} → service-endpoints-check: vmap @no-endpoint-services (${name}) → drop`
              : `BPF: internalTrafficPolicy Local and no local backend → drop`,
        );
        return {
          ...base,
          outcome: 'drop',
          reason: `${name} has internalTrafficPolicy Local and no endpoint on ${node.name}: the packet is dropped even though endpoints exist on other nodes (R4.5)`,
          rule: 'R4.5',
        };
      }
    }
    let masq = false;
    if (mode === 'cilium') {
      masq = false;
    } else if (dp.masqueradeAll) {
      masq = true;
      steps.push(
        `${chain}: masqueradeAll → ${mode === 'nftables' ? 'jump mark-for-masquerade' : 'KUBE-MARK-MASQ'} (R3.7)`,
      );
    } else if (detector && !srcIsPod) {
      masq = true;
      steps.push(
        `${chain}: source ${srcIP} is not in the cluster CIDR ${ctx.s.podCIDR} → ${mode === 'nftables' ? 'jump mark-for-masquerade' : 'KUBE-MARK-MASQ'} (off-cluster traffic to a VIP, R3.7)`,
      );
    }
    if (masq) rules.push('R3.7');
    return {
      ...base,
      outcome: 'translate',
      endpoints: eps,
      masq,
      reason: '',
      rule: mode === 'cilium' ? 'R11.5' : mode === 'ipvs' ? 'R3.9' : 'R3.6',
      scheduler: uniform + affinity,
      policyChain: chain,
    };
  }

  // ---- External destinations: NodePort, LoadBalancer IP, externalIP ---------------------------------
  // loadBalancerSourceRanges (R5.5): only for LB IPs, not NodePorts.
  if (entry === 'loadBalancer' && svc.loadBalancerSourceRanges.length > 0) {
    rules.push('R5.5');
    const ranges = svc.loadBalancerSourceRanges;
    const nodeInRange = inRanges(ranges, nodeIP(node));
    const allowed = inRanges(ranges, srcIP) || (nodeInRange && srcIP === inp.dstIP);
    if (!allowed) {
      steps.push(
        mode === 'nftables'
          ? `filter-prerouting-pre-dnat → firewall-check: vmap @firewall-ips → firewall-…-${nftName(svc, port)}: ip saddr != { ${ranges.join(', ')} } drop`
          : mode === 'iptables'
            ? `KUBE-FW[${name}]: source ${srcIP} not in loadBalancerSourceRanges {${ranges.join(', ')}} → not DNATed → ${filterHook} → KUBE-PROXY-FIREWALL: "${name} traffic not accepted by KUBE-FW" → DROP`
            : `source ${srcIP} not in loadBalancerSourceRanges {${ranges.join(', ')}} → dropped`,
      );
      return {
        ...base,
        outcome: 'drop',
        reason: `source ${srcIP} is not in loadBalancerSourceRanges of ${name} (${ranges.join(', ')}): dropped (R5.5)`,
        rule: 'R5.5',
      };
    }
    steps.push(
      mode === 'nftables'
        ? `firewall-check: ${srcIP} allowed by loadBalancerSourceRanges`
        : `KUBE-FW[${name}]: source ${srcIP} allowed by loadBalancerSourceRanges → ${extChain}`,
    );
  }

  const policyLocal = svc.externalTrafficPolicy === 'Local';
  if (!policyLocal) {
    // R4.3: KUBE-EXT marks for masquerade before choosing among all endpoints.
    rules.push('R4.3');
    let masq = true;
    if (mode === 'cilium') {
      const lbMode = dp.cilium.lbMode;
      const dsr = lbMode === 'dsr' || (lbMode === 'hybrid' && port.protocol === 'TCP');
      masq = !dsr && !srcIsPod;
      steps.push(
        dsr
          ? `BPF NodePort ${lbMode}: DSR, client address kept, backend replies directly (R11.6)`
          : `BPF NodePort snat mode: SNAT to ${nodeIP(node)} (R11.6)`,
      );
      rules.push('R11.6');
      if (srcIsPod) masq = false;
    } else if (mode === 'ipvs') {
      steps.push(`KUBE-NODE-PORT / KUBE-LOAD-BALANCER: externalTrafficPolicy Cluster → KUBE-MARK-MASQ`);
    } else {
      steps.push(
        `${extChain}: "masquerade traffic for ${name} external destinations" → ${mode === 'nftables' ? 'jump mark-for-masquerade' : 'KUBE-MARK-MASQ'} → ${clusterChain}`,
      );
    }
    return {
      ...base,
      outcome: 'translate',
      endpoints: cat.cluster,
      masq,
      reason: '',
      rule: 'R4.3',
      scheduler: uniform + affinity,
      policyChain: clusterChain,
    };
  }

  // externalTrafficPolicy: Local (R4.4)
  rules.push('R4.4');
  if (mode === 'cilium') {
    if (srcIsPod || srcIsLocal) {
      steps.push(`BPF: externalTrafficPolicy Local but the client is in the cluster → all backends (R4.7)`);
      rules.push('R4.7');
      return {
        ...base,
        outcome: 'translate',
        endpoints: cat.cluster,
        masq: false,
        reason: '',
        rule: 'R4.7',
        scheduler: uniform + affinity,
        policyChain: clusterChain,
      };
    }
  } else if (mode !== 'ipvs' && detector && srcIsPod) {
    steps.push(
      `${extChain}: "pod traffic for ${name} external destinations" (source in ${ctx.s.podCIDR}) → ${clusterChain} (short-circuit, no masquerade)`,
    );
    return {
      ...base,
      outcome: 'translate',
      endpoints: cat.cluster,
      masq: false,
      reason: '',
      rule: 'R4.4',
      scheduler: uniform + affinity,
      policyChain: clusterChain,
    };
  } else if (mode !== 'ipvs' && srcIsLocal) {
    steps.push(
      `${extChain}: "masquerade LOCAL traffic" (src-type LOCAL) → ${mode === 'nftables' ? 'jump mark-for-masquerade' : 'KUBE-MARK-MASQ'}; "route LOCAL traffic" → ${clusterChain}`,
    );
    return {
      ...base,
      outcome: 'translate',
      endpoints: cat.cluster,
      masq: true,
      reason: '',
      rule: 'R4.4',
      scheduler: uniform + affinity,
      policyChain: clusterChain,
    };
  }
  if (cat.local.length === 0) {
    if (mode === 'ipvs') {
      steps.push(
        `IPVS virtual server (externalTrafficPolicy Local) has no local real server → ICMP port-unreachable [IMPL]`,
      );
      return {
        ...base,
        outcome: 'reject',
        reason: `${name} has externalTrafficPolicy Local and no endpoint on ${node.name}; IPVS answers port-unreachable (R4.4) [IMPL]`,
        rule: 'R4.4',
      };
    }
    steps.push(
      mode === 'iptables'
        ? `${extChain}: no local endpoints → not DNATed → ${filterHook} → KUBE-EXTERNAL-SERVICES: "${name} has no local endpoints" → DROP`
        : mode === 'nftables'
          ? `${filterHook} → ${entry === 'nodePort' ? 'nodeport-endpoints-check: vmap @no-endpoint-nodeports' : 'service-endpoints-check: vmap @no-endpoint-services'} (${name}) → drop`
          : `BPF: externalTrafficPolicy Local and no local backend on ${node.name} → drop`,
    );
    return {
      ...base,
      outcome: 'drop',
      reason: `${name} has externalTrafficPolicy Local and ${node.name} has no local endpoint: the packet is dropped, the client times out (R4.4)`,
      rule: 'R4.4',
    };
  }
  steps.push(
    mode === 'nftables'
      ? `${extChain} → ${localChain} (no masquerade, client IP kept)`
      : mode === 'iptables'
        ? `${extChain} → ${localChain} (node-local endpoints only, no masquerade)`
        : `externalTrafficPolicy Local: node-local endpoints only, client address kept`,
  );
  return {
    ...base,
    outcome: 'translate',
    endpoints: cat.local,
    masq: false,
    reason: '',
    rule: 'R4.4',
    scheduler: uniform + affinity,
    policyChain: localChain,
  };
}

/** The per-endpoint step: DNAT (or socket rewrite), e.g. `→ KUBE-SEP[10.244.2.8:9090] DNAT 10.96.120.15:80 → 10.244.2.8:9090`. */
export function endpointStep(ctx: Ctx, d: DpDecision, ep: Endpoint, from: string, socketLB: boolean): string {
  const mode = ctx.s.serviceDataplane.mode;
  const to = `${ep.ip}:${ep.port}`;
  if (mode === 'iptables')
    return `${d.policyChain} → KUBE-SEP[${to}] DNAT ${from} → ${to} (conntrack entry created)`;
  if (mode === 'nftables')
    return `${d.policyChain}: numgen random mod ${d.endpoints.length} vmap → endpoint-…__${ep.ip}/${ep.port}: dnat to ${to}`;
  if (mode === 'ipvs')
    return `IPVS ${ctx.s.serviceDataplane.ipvsScheduler} → real server ${to} (Masq = DNAT ${from} → ${to})`;
  return socketLB
    ? `socket-LB rewrites connect(${from}) → ${to}; the socket is connected straight to the backend (no per-packet DNAT)`
    : `BPF DNAT ${from} → ${to}`;
}

/** The masquerade step in POSTROUTING. */
export function masqStep(ctx: Ctx, from: string, to: string, why: string): string {
  const mode = ctx.s.serviceDataplane.mode;
  if (mode === 'nftables')
    return `nat-postrouting → masquerading: mark 0x4000 → masquerade ${from} → ${to} (${why})`;
  if (mode === 'cilium') return `BPF SNAT ${from} → ${to} (${why})`;
  return `POSTROUTING → KUBE-POSTROUTING: marked 0x4000 → MASQUERADE ${from} → ${to} (${why})`;
}
