/**
 * The connect phase (reference §A5): one new connection (TCP SYN / first UDP datagram / ICMP echo) from an
 * origin to `dstIP:port`, following the packet through the source Pod, the node's Service dataplane, the CNI,
 * the underlay, and the destination. Decides REFUSED / DROPPED / DENIED_* / which endpoint.
 *
 * Hop conventions (reference §A3, §D): Container → Pod → CNI(src node) → [Node(src node) → Service → kube-proxy]
 * → (same node: CNI(node) → Pod) | (other node: CNI(tunnel) → Node(dst) → CNI(dst) → Pod) → Container.
 * Same-node Pod→Pod without a Service has no Node hop (bridged, S03).
 */
import type { Endpoint, ModelNode, ModelPod, ModelService, ModelServicePort } from '../model';
import { vipKey, nodePortKey } from '../build-model';
import {
  type AtNode,
  type Ctx,
  type Dest,
  type Done,
  type Origin,
  type PState,
  amendLast,
  branch,
  copyHop,
  failAt,
  finish,
  frac,
  hop,
  note,
  ref,
  snat,
  withLastHop,
  withPkt,
  ipPort,
  hostPortStep,
} from './state';
import {
  cniShape,
  crossToNode,
  inPodCidr,
  inServiceCidr,
  isLocalAddr,
  isLoopback,
  masqAddress,
  nodeIP,
  nodeOfPodIP,
  podEgressHop,
  podIngressHop,
  underlayToNode,
} from './cni';
import {
  type DpInput,
  type Entry,
  dataplaneHopLabel,
  decide,
  endpointStep,
  kubeProxyIndex,
  masqStep,
  nodePortJump,
  nodePortJumpTakes,
  svcPortName,
} from './service-dataplane';
import { checkEgress } from './network-policy';
import { arrive, lastHopIs, nodeStack, samePod, toLocalPod } from './delivery';
import { endpointPod } from './endpoints';
import { serviceKernelViews } from './kernel';
import { containerIds, meshOutbound, outboundCapture, passedView, sidecarOf, type Sidecar } from './mesh';
import type { CaptureResult } from './mesh-capture';
import type { KernelView } from '../types';

export type { AtNode, Dest, Origin };

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

export function connect(ctx: Ctx, st: PState, origin: Origin, dst: Dest): Done[] {
  switch (origin.kind) {
    case 'pod':
      return fromPod(ctx, st, origin, dst);
    case 'host':
      return fromHost(ctx, st, origin, dst);
    case 'external':
      return fromExternal(ctx, st, origin, dst);
  }
}

function podNode(ctx: Ctx, pod: ModelPod): ModelNode | undefined {
  return pod.nodeName !== undefined ? ctx.model.nodes.get(pod.nodeName) : undefined;
}

function fromPod(ctx: Ctx, st0: PState, o: Extract<Origin, { kind: 'pod' }>, dst: Dest): Done[] {
  const pod = o.pod;
  let st: PState = { ...st0, srcPod: pod };
  // R1.2: localhost and the Pod's own IP stay inside the netns.
  if (isLoopback(dst.ip) || pod.hasIP(dst.ip))
    return samePod(ctx, st, pod, o.emitPrefix ? o.container : undefined, dst.ip, dst.port, dst.proto);
  const node = podNode(ctx, pod);
  // Cilium socket-LB: the Service is translated at connect(), before any packet exists (R11.5, S38).
  if (
    ctx.s.serviceDataplane.mode === 'cilium' &&
    ctx.s.serviceDataplane.cilium.socketLB &&
    node &&
    dst.proto !== 'ICMP' &&
    dst.port !== undefined
  ) {
    const m = matchService(ctx, node, dst, true);
    if (m) return socketLB(ctx, st, o, node, m, dst);
  }
  // R14.2: a meshed Pod's TCP goes through its nat OUTPUT → ISTIO_OUTPUT first (the Pod's own netns).
  const side = dst.proto === 'TCP' ? sidecarOf(pod) : undefined;
  const cap = side
    ? outboundCapture(
        pod,
        side,
        dst,
        o.uid !== undefined ? { uid: o.uid, gid: o.gid ?? o.uid } : containerIds(pod, o.container),
      )
    : undefined;
  if (o.emitPrefix) {
    if (o.container)
      st = hop(ctx, st, {
        layer: 'Container',
        at: ref.container(pod, o.container),
        label: `${o.container} connects to ${ipPort(dst.ip, dst.port)}`,
        steps: [
          `container ${pod.id}/${o.container} connect ${hostPortStep(dst.ip, dst.port)} (src ${hostPortStep(st.pkt.src, 'E')})`,
        ],
        rule: 'R1.1',
      });
    if (side && cap?.redirectTo !== undefined) return meshOutbound(ctx, st, pod, side, cap, dst);
    st = hop(ctx, st, {
      layer: 'Pod',
      at: ref.pod(pod),
      label: `pod ${pod.name} eth0 ${st.pkt.src}`,
      steps: [
        `pod ${pod.name} eth0 ${st.pkt.src} → default route`,
        ...(side && cap ? [passedStep(side, cap, o.uid !== undefined)] : []),
      ],
      rule: side && cap ? 'R14.2' : 'R2.1',
    });
    if (side && cap) st = withPassedView(st, pod, cap);
  } else if (side && cap?.redirectTo !== undefined) return meshOutbound(ctx, st, pod, side, cap, dst);
  if (!node)
    return [finish(ctx, st, 'DROPPED', `${pod.id} is not scheduled on a node: it has no network`, 'R2.1')];
  st = podEgressHop(ctx, st, node, pod.name, st.pkt.src);
  return atNode(ctx, st, node, dst, { from: 'pod', hook: 'PREROUTING' });
}

/** Why a meshed Pod's connection was not captured (the ISTIO_OUTPUT rule that let it pass, R14.2). */
function passedStep(side: Sidecar, cap: CaptureResult, fromProxy: boolean): string {
  const by = cap.decidedBy ?? 'no ISTIO_OUTPUT rule matched';
  return fromProxy
    ? `nat OUTPUT → ISTIO_OUTPUT: ${by} — ${side.container}'s own connection (UID ${side.uid}) is not captured again (R14.2)`
    : `nat OUTPUT → ISTIO_OUTPUT: ${by} — not redirected to ${side.container}: the app's packet leaves as it is (R14.2)`;
}

function withPassedView(st: PState, pod: ModelPod, cap: CaptureResult): PState {
  const last = st.hops.last;
  return last ? withLastHop(st, copyHop(last, passedView(pod, cap))) : st;
}

function fromHost(ctx: Ctx, st0: PState, o: Extract<Origin, { kind: 'host' }>, dst: Dest): Done[] {
  let st = st0;
  const n = o.node;
  if (o.emitPrefix && o.pod) {
    if (o.container)
      st = hop(ctx, st, {
        layer: 'Container',
        at: ref.container(o.pod, o.container),
        label: `${o.container} connects to ${ipPort(dst.ip, dst.port)}`,
        steps: [
          `container ${o.pod.id}/${o.container} connect ${hostPortStep(dst.ip, dst.port)} (src ${hostPortStep(st.pkt.src, 'E')})`,
        ],
        rule: 'R1.6',
      });
    st = hop(ctx, st, {
      layer: 'Pod',
      at: ref.pod(o.pod),
      label: `hostNetwork pod ${o.pod.name} (node netns, IP ${st.pkt.src})`,
      steps: [`${o.pod.id} uses ${n.name}'s network namespace: no veth, no CNI hop (R1.6)`],
      rule: 'R1.6',
    });
  }
  if (o.emitPrefix)
    st = hop(ctx, st, {
      layer: 'Node',
      at: ref.node(n),
      label: `${n.name} host stack (OUTPUT)`,
      steps: [
        `${n.name} process connect ${hostPortStep(dst.ip, dst.port)} (src ${hostPortStep(st.pkt.src, 'E')}) → nat OUTPUT`,
      ],
      rule: 'R1.6',
    });
  if (isLoopback(dst.ip)) {
    // Own node: NodePorts on localhost (iptables only, R4.1), then the node's own sockets.
    const m = matchService(ctx, n, dst, true);
    if (m) return throughService(ctx, st, n, m, dst, { from: 'host', hook: 'OUTPUT' });
    return nodeStack(ctx, st, n, dst.port, dst.proto, {
      toPod: (s, pod, port) => toLocalPod(ctx, s, n, pod, port, dst.proto),
    });
  }
  return atNode(ctx, st, n, dst, { from: 'host', hook: 'OUTPUT' });
}

/**
 * The rule behind an outside client's connection, by what it dials: a load balancer's address is R5.1 (the
 * address in status.loadBalancer.ingress, provisioned by the cloud); a node's address and port (and anything
 * else an outside client dials) R4.1, NodePorts being open on every node.
 */
export function clientRule(ctx: Ctx, dstIP: string): string {
  if (ctx.lbByResolvedIP?.has(dstIP)) return 'R5.1';
  if (ctx.model.servicesByExternalIP.get(dstIP)?.some((e) => e.via === 'loadBalancer')) return 'R5.1';
  return 'R4.1';
}

function fromExternal(ctx: Ctx, st0: PState, o: Extract<Origin, { kind: 'external' }>, dst: Dest): Done[] {
  const st = hop(ctx, st0, {
    layer: 'Client',
    at: ref.client(o.name),
    label: `${o.name} ${o.ip} connects to ${ipPort(dst.ip, dst.port)}`,
    steps: [`client ${o.name} ${hostPortStep(o.ip, 'E')} → ${hostPortStep(dst.ip, dst.port)}/${dst.proto}`],
    rule: clientRule(ctx, dst.ip),
  });
  return externalArrival(ctx, st, o.name, dst);
}

/** A packet from outside the cluster heads for `dst`. */
export function externalArrival(ctx: Ctx, st: PState, clientName: string, dst: Dest): Done[] {
  const m = ctx.model;
  // Node address → that node (NodePort, hostPort, hostNetwork Pod, or RST).
  const n = m.nodesByIP.get(dst.ip);
  if (n) {
    const s = hop(ctx, st, {
      layer: 'Node',
      at: ref.node(n),
      label: `${n.name} eth0 ${ipPort(dst.ip, dst.port)}`,
      steps: [`${n.name} eth0 ${ipPort(dst.ip, dst.port)} ← ${st.pkt.src}`],
      rule: 'R4.1',
    });
    return atNode(ctx, s, n, dst, { from: 'wire', hook: 'PREROUTING' });
  }
  // LoadBalancer ingress IP or externalIP (or an address of an LB known by its DNS hostname).
  const byHost = ctx.lbByResolvedIP?.get(dst.ip);
  if (byHost) return ctx.flow.cloudLbPath(ctx, st, byHost, dst, { clientIP: st.pkt.src });
  const ext = m.servicesByExternalIP.get(dst.ip);
  if (ext && ext.length > 0) {
    const lb = ext.find((e) => e.via === 'loadBalancer');
    if (lb) return ctx.flow.cloudLbPath(ctx, st, lb.service, dst, { clientIP: st.pkt.src });
    const first = ext[0];
    if (first) return ctx.flow.externalIpEntry(ctx, st, first.service, dst);
  }
  // Pod IPs are routable from outside only with a VPC-native CNI (R5.3).
  const pod = m.podsByIP.get(dst.ip);
  if (pod && ctx.s.cni.plugin === 'aws-vpc-cni') {
    const pn = podNode(ctx, pod);
    if (pn) {
      let s = hop(ctx, st, {
        layer: 'Node',
        at: ref.node(pn),
        label: `${pn.name} ENI receives ${dst.ip} (VPC-routable Pod IP)`,
        steps: [`VPC fabric routes ${dst.ip} to ${pn.name}'s ENI (secondary address)`],
        rule: 'R5.3',
      });
      s = podIngressHop(ctx, s, pn, pod.name, dst.ip);
      return arrive(ctx, s, pod, dst.port, dst.proto);
    }
  }
  if (inServiceCidr(ctx, dst.ip))
    return [
      finish(
        ctx,
        st,
        'NO_ROUTE',
        `${dst.ip} is a ClusterIP: virtual, only meaningful inside cluster nodes' rules; nothing outside the cluster routes the Service CIDR ${ctx.s.serviceCIDR} → the client times out (R3.1, S16)`,
        'R3.1',
      ),
    ];
  if (inPodCidr(ctx, dst.ip))
    return [
      finish(
        ctx,
        st,
        'NO_ROUTE',
        `${dst.ip} is in the Pod CIDR ${ctx.s.podCIDR}, which is not routable from outside the cluster with ${ctx.s.cni.plugin} (R2.1, R5.3)`,
        'R5.3',
      ),
    ];
  const eh = m.externalHostsByIP.get(dst.ip);
  return [
    finish(
      ctx,
      hop(ctx, st, {
        layer: 'External',
        at: ref.external(dst.ip),
        label: `${eh ? eh.name : dst.ip} (outside the cluster)`,
        steps: [`${dst.ip} is not part of the modelled cluster`],
        rule: 'R2.1',
      }),
      'EXITS_CLUSTER',
      `${dst.ip} is outside the modelled cluster`,
      'R2.1',
      { object: ref.external(dst.ip), ip: dst.ip, port: dst.port ?? 0 },
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Service capture
// ---------------------------------------------------------------------------------------------

export interface SvcMatch {
  svc: ModelService;
  port: ModelServicePort;
  entry: Entry;
}

/** Does node `n` accept NodePorts on address `ip`? (R4.1, --nodeport-addresses, localhost NodePorts) */
export function nodePortAddress(ctx: Ctx, n: ModelNode, ip: string, fromHost: boolean): boolean {
  const dp = ctx.s.serviceDataplane;
  if (isLoopback(ip)) {
    // iptables only (route_localnet), IPv4 only, and only from the node itself (R4.1).
    if (dp.mode !== 'iptables' || !dp.localhostNodePorts || !fromHost || ip === '::1') return false;
    return nodePortJumpTakes(nodePortJump(dp, ip), ip);
  }
  if (!isLocalAddr(ctx, n, ip)) return false;
  if (dp.nodePortAddresses.length === 0) {
    // nftables mode defaults to "--nodeport-addresses primary": the node's primary IP of each family (each family's
    // proxier gets its own, pkg/proxy/util NewNodePortAddresses), so an IPv6 NodePort works at the IPv6 InternalIP.
    if (dp.mode === 'nftables') return ip === nodeIP(n, ip);
    if (dp.mode === 'cilium') return n.addresses.includes(ip);
    return true;
  }
  // Only the CIDRs of the address's family count; none of that family = every address of it (NewNodePortAddresses).
  return nodePortJumpTakes(nodePortJump(dp, ip), ip);
}

/** Which Service rule on node `n` captures `dst` (R3.6 / R4.2 / R5.6 / externalIPs), if any. */
export function matchService(ctx: Ctx, n: ModelNode, dst: Dest, fromHost: boolean): SvcMatch | undefined {
  if (dst.port === undefined || dst.proto === 'ICMP') return undefined;
  const m = ctx.model;
  const vip = m.servicePortsByVip.get(vipKey(dst.ip, dst.port, dst.proto));
  if (vip && !vip.service.headless) return { svc: vip.service, port: vip.port, entry: 'clusterIP' };
  const ext = m.servicePortsByExternalIP.get(vipKey(dst.ip, dst.port, dst.proto));
  if (ext) {
    if (ext.via === 'externalIP') return { svc: ext.service, port: ext.port, entry: 'externalIP' };
    // ipMode Proxy: kube-proxy installs no rule for the LB IP (R5.6).
    const ing = ext.service.loadBalancerIngress.find((i) => i.ip === dst.ip);
    if (!ing || ing.ipMode === 'VIP') return { svc: ext.service, port: ext.port, entry: 'loadBalancer' };
  }
  // nodePortAddress covers localhost NodePorts from the node itself (R4.1) as well as the node's addresses.
  if (nodePortAddress(ctx, n, dst.ip, fromHost)) {
    const np = m.servicePortsByNodePort.get(nodePortKey(dst.port, dst.proto));
    if (np && np.service.type !== 'ClusterIP' && np.service.type !== 'ExternalName')
      return { svc: np.service, port: np.port, entry: 'nodePort' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// On a node's IP stack
// ---------------------------------------------------------------------------------------------

/**
 * The source node's forwarding decision for a remote Pod. Cilium in tunnel mode does not use the host routing
 * table: bpf_lxc looks the destination up in the ipcache and redirects to cilium_vxlan (Cilium docs, "Routing":
 * encapsulation; "eBPF datapath": bpf_lxc).
 */
function routingWords(ctx: Ctx, n: ModelNode, ip: string): [string, string[]] {
  if (ctx.s.cni.plugin === 'cilium' && ctx.s.cni.mode === 'tunnel')
    return [
      `${n.name} eBPF datapath`,
      [
        `${n.name}: bpf_lxc forwards ${ip} itself (ipcache → tunnel endpoint); the host routing table is not consulted`,
      ],
    ];
  return [`${n.name} routing`, [`${n.name} route lookup for ${ip}`]];
}

function ensureNodeHop(
  ctx: Ctx,
  st: PState,
  n: ModelNode,
  label: string,
  steps: string[],
  rule: string,
): PState {
  if (lastHopIs(st, 'Node', ref.node(n))) return note(st, steps.join('; '));
  return hop(ctx, st, { layer: 'Node', at: ref.node(n), label, steps, rule });
}

/** The packet is on node `n`'s IP stack (after the Pod's veth, from a local process, or from the wire). */
export function atNode(ctx: Ctx, st: PState, n: ModelNode, dst: Dest, how: AtNode): Done[] {
  const m = matchService(ctx, n, dst, how.from === 'host');
  if (m) {
    let s = st;
    if (how.from === 'pod')
      s = ensureNodeHop(
        ctx,
        s,
        n,
        `${n.name} host network stack`,
        [`${n.name} ${cniShape(ctx).bridge ?? 'veth'} → host IP stack → nat PREROUTING`],
        'R3.2',
      );
    return throughService(ctx, s, n, m, dst, how);
  }
  const mode = ctx.s.serviceDataplane.mode;
  // Destination inside the Service CIDR but no Service port matched (R3.12) / unallocated ClusterIP.
  if (inServiceCidr(ctx, dst.ip)) return serviceCidrMiss(ctx, st, n, dst, how);
  // The node's own address (not a NodePort): the node's stack (R4.6).
  if (isLocalAddr(ctx, n, dst.ip)) {
    let s = st;
    if (how.from === 'pod')
      s = ensureNodeHop(
        ctx,
        s,
        n,
        `${n.name} host network stack`,
        [`${dst.ip} is a local address of ${n.name} → INPUT`],
        'R4.6',
      );
    if (mode === 'ipvs' && dst.proto === 'ICMP') ctx.rules.add('R3.14');
    return nodeStack(ctx, s, n, dst.port, dst.proto, {
      toPod: (x, pod, port) => toLocalPod(ctx, x, n, pod, port, dst.proto),
    });
  }
  return routeFrom(ctx, st, n, dst, how);
}

/** R3.12 (wrong port / protocol on a valid ClusterIP), unallocated ClusterIPs, and R3.14 (ICMP to a ClusterIP). */
function serviceCidrMiss(ctx: Ctx, st: PState, n: ModelNode, dst: Dest, how: AtNode): Done[] {
  const dp = ctx.s.serviceDataplane;
  const svc = ctx.model.servicesByClusterIP.get(dst.ip);
  const what = dst.proto === 'ICMP' ? 'ICMP echo' : `${dst.proto} port ${dst.port ?? '?'}`;
  let s = st;
  if (how.from === 'pod')
    s = ensureNodeHop(ctx, s, n, `${n.name} host network stack`, [`${n.name} → nat ${how.hook}`], 'R3.12');
  const rule = dst.proto === 'ICMP' ? 'R3.14' : 'R3.12';
  if (svc && (dp.mode === 'nftables' || dp.mode === 'ipvs')) {
    // Service hop marked optional: its rules were not applied, but the VIP is that Service's.
    s = hop(ctx, s, {
      layer: 'Service',
      at: ref.service(svc.id),
      label: `Service ${svc.id} (${dst.ip} has no ${what})`,
      steps: [`${svc.id} exposes ${svc.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')} only`],
      rule,
      optional: true,
    });
  }
  if (dp.mode === 'nftables') {
    if (svc) {
      s = hop(ctx, s, {
        layer: 'kube-proxy',
        at: ref.kubeProxy(n),
        label: `nftables on ${n.name}: invalid port of a ClusterIP`,
        steps: [
          `nat ${how.hook === 'OUTPUT' ? 'output' : 'prerouting'} → services: no element ${dst.ip} . ${dst.proto.toLowerCase()} . ${dst.port ?? '-'} in @service-ips`,
          `${how.hook === 'OUTPUT' ? 'filter-output' : 'filter-forward'} → cluster-ips-check: ip daddr @cluster-ips reject ("Reject traffic to invalid ports of ClusterIPs")`,
        ],
        rule,
      });
      return [
        finish(
          ctx,
          s,
          'REFUSED',
          `${dst.ip} is ${svc.id}'s ClusterIP but it has no ${what}: nftables kube-proxy rejects invalid ports of ClusterIPs → connection refused (R3.12${dst.proto === 'ICMP' ? ', R3.14' : ''})`,
          rule,
        ),
      ];
    }
    s = hop(ctx, s, {
      layer: 'kube-proxy',
      at: ref.kubeProxy(n),
      label: `nftables on ${n.name}: unallocated ClusterIP`,
      steps: [
        `cluster-ips-check: ip daddr { ${ctx.s.serviceCIDR} } drop ("Drop traffic to unallocated ClusterIPs")`,
      ],
      rule: 'R3.12',
    });
    return [
      finish(
        ctx,
        s,
        'DROPPED',
        `${dst.ip} is in the Service CIDR but no Service has it: nftables kube-proxy drops traffic to unallocated ClusterIPs (R3.12)`,
        'R3.12',
      ),
    ];
  }
  if (dp.mode === 'ipvs' && svc) {
    if (dst.proto === 'ICMP') {
      s = hop(ctx, s, {
        layer: 'kube-proxy',
        at: ref.kubeProxy(n),
        label: `${n.name}: ${dst.ip} bound on kube-ipvs0`,
        steps: [
          `${dst.ip} is a local address (kube-ipvs0) → the node's own stack answers the echo (R3.1, R3.14)`,
        ],
        rule: 'R3.14',
      });
      return [
        finish(
          ctx,
          s,
          'DELIVERED',
          `IPVS mode binds every ClusterIP on kube-ipvs0, so ${n.name} itself answers the ping; it says nothing about ${svc.id}'s health (R3.1, R3.14)`,
          'R3.14',
          { object: ref.node(n), ip: dst.ip, port: 0 },
        ),
      ];
    }
    const refused = dp.ipvsUnknownPort === 'refused';
    s = hop(ctx, s, {
      layer: 'kube-proxy',
      at: ref.kubeProxy(n),
      label: `IPVS on ${n.name}: no virtual server ${dst.ip}:${dst.port ?? ''}`,
      steps: [
        `${dst.ip} is local (kube-ipvs0) → INPUT → no IPVS virtual server for :${dst.port ?? ''} → ${refused ? 'filter KUBE-IPVS-FILTER REJECT / nothing listens → refused' : 'dropped'} [IMPL]`,
      ],
      rule: 'R3.12',
    });
    return [
      finish(
        ctx,
        s,
        refused ? 'REFUSED' : 'DROPPED',
        `${dst.ip} is ${svc.id}'s ClusterIP but IPVS has no virtual server for ${what}: ${refused ? 'refused' : 'dropped'} (implementation-dependent, ipvsUnknownPort=${dp.ipvsUnknownPort}, R3.12)`,
        'R3.12',
      ),
    ];
  }
  // iptables (and Cilium): no rule matches, the packet is not translated and follows the default route (R3.12).
  s = note(
    s,
    `nat ${how.hook} → KUBE-SERVICES: no rule for ${dst.ip} ${what}${dp.mode === 'cilium' ? ' (no BPF service entry)' : ''}; not a local address → no KUBE-NODEPORTS → not translated`,
  );
  const gw = ctx.s.underlay?.gateway ?? 'the default gateway';
  s = note(
    s,
    `route: default via ${gw} dev eth0${how.from === 'pod' && ctx.s.cni.masqueradeOutbound ? ` (CNI masquerades the Pod source to ${nodeIP(n)})` : ''} → the underlay has no route for ${ctx.s.serviceCIDR} → black-holed`,
  );
  const reason = svc
    ? `${dst.ip} is ${svc.id}'s ClusterIP but it exposes no ${what}: ${dp.mode === 'cilium' ? 'Cilium has no service entry' : 'iptables kube-proxy has no rule'} for it, the packet is routed out of the default route and black-holed → the client times out (R3.12${dst.proto === 'ICMP' ? ', R3.14' : ''}) [${dp.mode === 'cilium' ? 'IMPL' : 'SRC'}]`
    : `${dst.ip} is in the Service CIDR but no Service has it: not translated, routed out of the default route and black-holed → timeout (R3.12)`;
  return [finish(ctx, s, 'DROPPED', reason, rule)];
}

/** Reference §A2, disposition EXITS_CLUSTER: "egress to the internet" (no R-rule governs the outside world). */
const EXITS_CLUSTER_RULE = '§A2';

/** Apply the node's Service rules, then fork over the chosen endpoints. */
export function throughService(
  ctx: Ctx,
  st: PState,
  n: ModelNode,
  mt: SvcMatch,
  dst: Dest,
  how: AtNode,
): Done[] {
  const { svc, port, entry } = mt;
  const name = svcPortName(svc, port);
  const dpIn: DpInput = {
    node: n,
    svc,
    port,
    entry,
    dstIP: dst.ip,
    dstPort: dst.port ?? port.port,
    srcIP: st.pkt.src,
    hook: how.hook,
  };
  const d = decide(ctx, dpIn);
  for (const r of d.rules) ctx.rules.add(r);
  ctx.rules.add('R3.2');
  const entryText =
    entry === 'clusterIP'
      ? `ClusterIP ${ipPort(dst.ip, dst.port)}`
      : entry === 'nodePort'
        ? `NodePort ${port.nodePort} on ${dst.ip}`
        : entry === 'loadBalancer'
          ? `LoadBalancer IP ${ipPort(dst.ip, dst.port)}`
          : `externalIP ${ipPort(dst.ip, dst.port)}`;
  let s = hop(ctx, st, {
    layer: 'Service',
    at: ref.service(svc.id),
    label: `Service ${name} (${entryText})`,
    steps: [`${name}: ${entryText} → targetPort ${port.targetPort}`],
    rule: 'R3.2',
  });
  // Dual-stack (R13.3): kube-proxy runs one proxier per family; an IPv6 packet only meets the IPv6 one (ip6tables, or
  // nft table ip6 kube-proxy), which knows the Service's IPv6 addresses and its IPv6 EndpointSlices only.
  const v6 = dst.ip.includes(':');
  const kp = ctx.s.serviceDataplane.mode !== 'cilium';
  if (kp && (v6 || svc.ipFamilies.length > 1)) ctx.rules.add('R13.3');
  s = hop(ctx, s, {
    layer: 'kube-proxy',
    at: ref.kubeProxy(n),
    label:
      v6 && kp
        ? dataplaneHopLabel(ctx, n.name)
            .replace('(iptables)', '(ip6tables)')
            .replace('(nftables)', '(nftables, ip6)')
        : dataplaneHopLabel(ctx, n.name),
    steps:
      kp && (v6 || svc.ipFamilies.length > 1)
        ? [
            `${v6 ? 'IPv6' : 'IPv4'} packet → ${n.name}'s ${v6 ? 'IPv6' : 'IPv4'} proxier (${ctx.s.serviceDataplane.mode === 'iptables' ? (v6 ? 'ip6tables' : 'iptables') : ctx.s.serviceDataplane.mode === 'nftables' ? `nft table ${v6 ? 'ip6' : 'ip'} kube-proxy` : 'IPVS'}): kube-proxy runs one per family, with the same chain names; it only knows ${svc.id}'s ${v6 ? 'IPv6' : 'IPv4'} addresses and the endpoints of its ${v6 ? 'IPv6' : 'IPv4'} EndpointSlices, so the packet is never translated to the other family (R13.3)`,
            ...d.steps,
          ]
        : [...d.steps],
    rule: d.rule,
  });
  if (d.outcome === 'reject') return [finish(ctx, s, 'REFUSED', d.reason, d.rule)];
  if (d.outcome === 'drop') return [finish(ctx, s, 'DROPPED', d.reason, d.rule)];
  return forkEndpoints(ctx, s, n, svc, port, d, dst, how, false, dpIn);
}

function forkEndpoints(
  ctx: Ctx,
  s: PState,
  n: ModelNode,
  svc: ModelService,
  port: ModelServicePort,
  d: ReturnType<typeof decide>,
  dst: Dest,
  how: AtNode,
  socket: boolean,
  /** The dataplane's input (for the kernel view); undefined for Cilium's socket-LB. */
  dpIn?: DpInput,
): Done[] {
  const out: Done[] = [];
  const eps = d.endpoints;
  const total = eps.length;
  const from = ipPort(dst.ip, dst.port ?? port.port);
  // The kernel view of every branch, the lines they share built once (kernel.ts).
  const kernelOf =
    dpIn && !socket ? serviceKernelViews(ctx, { ...dpIn, srcPort: s.pkt.srcPort, d }) : undefined;
  for (const ep of eps) {
    const epPod = endpointPod(ctx, ep);
    const epName = epPod ? epPod.name : ep.ip;
    let b = branch(
      s,
      1 / total,
      total === 1
        ? `endpoint ${epName} (the only usable endpoint: no random choice${d.topologyNote})`
        : `endpoint ${epName} (${frac(total)} of ${total}, ${d.scheduler(kubeProxyIndex(d, ep), total)}${d.topologyNote})`,
    );
    const hairpin = ep.ip === b.pkt.src;
    let snatTo: string | undefined;
    b = note(b, endpointStep(ctx, d, ep, from, socket));
    b = amendRewrites(b, [
      {
        kind: 'DNAT',
        from,
        to: ipPort(ep.ip, ep.port),
        note: `${socket ? 'socket-LB connect() rewrite (R11.5)' : `${svcPortName(svc, port)} DNAT (${d.rule})`}`,
      },
    ]);
    b = { ...withPkt(b, { dst: ep.ip, dstPort: ep.port }), viaService: svc.id };
    const epNode = endpointNode(ctx, ep, epPod);
    const localEp = epNode !== undefined && epNode.name === n.name;
    if (d.masq || (hairpin && !socket)) {
      const why =
        hairpin && !d.masq
          ? 'hairpin: the endpoint is the client itself (KUBE-SEP -s <ep> KUBE-MARK-MASQ, R12.5)'
          : d.rule === 'R3.6' || d.rule === 'R3.9'
            ? 'off-cluster source or masqueradeAll (R3.7)'
            : d.rule === 'R11.6'
              ? `Cilium NodePort lbMode ${ctx.s.serviceDataplane.cilium.lbMode}: SNAT (R11.6)`
              : 'externalTrafficPolicy Cluster (R4.3)';
      const outside = !inPodCidr(ctx, ep.ip) && !epPod;
      const a = outside
        ? { ip: nodeIP(n, ep.ip), dev: 'eth0' }
        : masqAddress(ctx, n, { localPod: localEp, remoteNode: epNode, forIP: ep.ip });
      b = note(b, masqStep(ctx, b.pkt.src, a.ip, `${why}; ${a.dev} address`));
      b = amendRewrites(b, [{ kind: 'SNAT', from: b.pkt.src, to: a.ip, note: why }]);
      b = {
        ...snat(b, a.ip),
        nodeSnat: {
          node: n.name,
          before: b.pkt.src,
          beforePort: b.pkt.srcPort,
          masqBefore: b.masq,
          hop: b.hops.length - 1,
        },
      };
      snatTo = a.ip;
      if (hairpin) ctx.rules.add('R12.5');
    }
    if (kernelOf) b = setKernel(b, kernelOf({ ep, snatTo }));
    if (hairpin && !socket && cniShape(ctx).sameNode === 'bridge' && !ctx.s.cni.hairpinMode) {
      out.push(
        failAt(
          ctx,
          b,
          {
            layer: 'CNI',
            at: ref.cni(n),
            label: `${n.name} ${cniShape(ctx).bridge}: hairpin off`,
            steps: [
              `the DNATed packet must go back out of the veth it came in on; the bridge port has hairpin_mode off → dropped`,
            ],
            rule: 'R12.5',
          },
          'DROPPED',
          `hairpin: ${epName} reached itself through ${svc.id}, but the bridge port has hairpin mode off, so the packet cannot leave on the port it arrived on → timeout (R12.5)`,
        ),
      );
      continue;
    }
    out.push(
      ...routeFrom(
        ctx,
        b,
        n,
        { ip: ep.ip, port: ep.port, proto: dst.proto },
        { ...how, afterService: true, assumeLive: !epPod },
      ),
    );
  }
  return out;
}

/** Attach the kernel view to the last hop (a per-branch copy, like amendRewrites). */
function setKernel(st: PState, kernel: KernelView): PState {
  return amendLast(st, (last) => copyHop(last, kernel));
}

function amendRewrites(
  st: PState,
  rw: { kind: 'DNAT' | 'SNAT' | 'ENCAP' | 'DECAP'; from: string; to: string; note: string }[],
): PState {
  return amendLast(st, (last) => {
    const h = copyHop(last);
    h.rewrites = [...last.rewrites, ...rw];
    return h;
  });
}

function endpointNode(ctx: Ctx, ep: Endpoint, pod: ModelPod | undefined): ModelNode | undefined {
  const name = ep.nodeName ?? pod?.nodeName;
  if (name !== undefined)
    return (
      ctx.model.nodes.get(name) ?? {
        name,
        labels: {},
        addresses: [],
        podCIDRSource: 'none',
        podCIDRs: [],
        pods: [],
      }
    );
  return nodeOfPodIP(ctx, ep.ip);
}

/** Cilium socket-LB (R11.5, S38): Container → kube-proxy(eBPF socket-LB) → Pod → CNI → … with the backend as destination. */
function socketLB(
  ctx: Ctx,
  st0: PState,
  o: Extract<Origin, { kind: 'pod' }>,
  n: ModelNode,
  mt: SvcMatch,
  dst: Dest,
): Done[] {
  const pod = o.pod;
  let st = st0;
  if (o.emitPrefix && o.container)
    st = hop(ctx, st, {
      layer: 'Container',
      at: ref.container(pod, o.container),
      label: `${o.container} connect(${dst.ip}:${dst.port})`,
      steps: [`container ${pod.id}/${o.container} connect ${dst.ip}:${dst.port}`],
      rule: 'R1.1',
    });
  const d = decide(ctx, {
    node: n,
    svc: mt.svc,
    port: mt.port,
    entry: mt.entry,
    dstIP: dst.ip,
    dstPort: dst.port ?? mt.port.port,
    srcIP: st.pkt.src,
    hook: 'PREROUTING',
    socketLB: true,
  });
  for (const r of d.rules) ctx.rules.add(r);
  ctx.rules.add('R11.7');
  st = hop(ctx, st, {
    layer: 'kube-proxy',
    at: ref.kubeProxy(n),
    label: `Cilium socket-LB (cgroup connect hook) in ${pod.name} on ${n.name}`,
    steps: [...d.steps],
    rule: 'R11.5',
  });
  if (d.outcome === 'reject')
    return [
      finish(
        ctx,
        st,
        'REFUSED',
        `${d.reason}; with Cilium's socket-LB connect() itself fails (R11.5)`,
        d.rule,
      ),
    ];
  if (d.outcome === 'drop') return [finish(ctx, st, 'DROPPED', d.reason, d.rule)];
  const out: Done[] = [];
  const total = d.endpoints.length;
  const from = ipPort(dst.ip, dst.port ?? mt.port.port);
  for (const ep of d.endpoints) {
    const epPod = endpointPod(ctx, ep);
    let b = branch(
      st,
      1 / total,
      total === 1
        ? `endpoint ${epPod ? epPod.name : ep.ip} (the only usable endpoint: no random choice${d.topologyNote})`
        : `endpoint ${epPod ? epPod.name : ep.ip} (${frac(total)} of ${total}, ${d.scheduler(kubeProxyIndex(d, ep), total)}${d.topologyNote})`,
    );
    b = note(b, endpointStep(ctx, d, ep, from, true));
    b = amendRewrites(b, [
      {
        kind: 'DNAT',
        from,
        to: ipPort(ep.ip, ep.port),
        note: 'socket-LB connect() rewrite, no per-packet DNAT (R11.5)',
      },
    ]);
    b = { ...withPkt(b, { dst: ep.ip, dstPort: ep.port }), viaService: mt.svc.id };
    if (epPod && epPod.id === pod.id) {
      out.push(...samePod(ctx, b, pod, undefined, ep.ip, ep.port, dst.proto));
      continue;
    }
    b = hop(ctx, b, {
      layer: 'Pod',
      at: ref.pod(pod),
      label: `pod ${pod.name} eth0 ${b.pkt.src} → ${ep.ip}:${ep.port}`,
      // A UDP "connection" (a DNS query) has no SYN: its first datagram is the first packet.
      steps: [
        `${dst.proto === 'TCP' ? 'SYN' : `first ${dst.proto} datagram`} ${b.pkt.src} → ${ep.ip}:${ep.port} leaves pod eth0 (the VIP never appears on the wire)`,
      ],
      rule: 'R11.5',
    });
    b = podEgressHop(ctx, b, n, pod.name, b.pkt.src);
    out.push(
      ...routeFrom(
        ctx,
        b,
        n,
        { ip: ep.ip, port: ep.port, proto: dst.proto },
        { from: 'pod', hook: 'PREROUTING', assumeLive: !epPod },
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Routing after any translation
// ---------------------------------------------------------------------------------------------

export function routeFrom(ctx: Ctx, st: PState, n: ModelNode, dst: Dest, how: AtNode): Done[] {
  const m = ctx.model;
  const dstPod = m.podsByIP.get(dst.ip);
  // Egress NetworkPolicy of the source Pod, on the post-DNAT destination (R10.3, R10.6).
  if (st.srcPod && !st.srcPod.hostNetwork) {
    const v = checkEgress(
      ctx,
      st.srcPod,
      { ip: dst.ip, ...(dstPod ? { pod: dstPod } : {}) },
      dst.port,
      dst.proto,
    );
    if (v.isolatedBy.length > 0) ctx.rules.add('R10.1');
    if (!v.allowed) {
      const sn = podNode(ctx, st.srcPod) ?? n;
      return [
        failAt(
          ctx,
          st,
          {
            layer: 'CNI',
            at: ref.cni(sn),
            label: `${sn.name} ${cniShape(ctx).podIf}(${st.srcPod.name}): egress policy`,
            steps: [
              `egress NetworkPolicy of ${st.srcPod.id} evaluated on ${dst.ip}:${dst.port ?? ''} → ${ctx.s.networkPolicy.denyAction}`,
            ],
            rule: 'R10.3',
          },
          'DENIED_OUT',
          v.reason,
        ),
      ];
    }
  }
  if (dstPod && !dstPod.hostNetwork) {
    const dn = podNode(ctx, dstPod);
    if (!dn) return [finish(ctx, st, 'DROPPED', `${dstPod.id} has an IP but no node`, 'R2.1')];
    if (dn.name === n.name) return toLocalPod(ctx, st, n, dstPod, dst.port, dst.proto);
    let s = st;
    if (!how.afterService) s = ensureNodeHop(ctx, s, n, ...routingWords(ctx, n, dst.ip), 'R2.6');
    s = crossToNode(ctx, s, n, dn, dst.ip);
    s = podIngressHop(ctx, s, dn, dstPod.name, dst.ip);
    return arrive(ctx, s, dstPod, dst.port, dst.proto);
  }
  // This node's own address after a DNAT (a hostNetwork endpoint on the translating node): the node's stack.
  if (how.afterService && n.addresses.includes(dst.ip)) {
    return nodeStack(ctx, st, n, dst.port, dst.proto, {
      toPod: (x, pod, port) => toLocalPod(ctx, x, n, pod, port, dst.proto),
    });
  }
  // Another node's own address (underlay), e.g. a Pod dialling node-2:30080.
  const otherNode = m.nodesByIP.get(dst.ip);
  if (otherNode && otherNode.name !== n.name) {
    let s = st;
    if (!how.afterService)
      s = ensureNodeHop(ctx, s, n, `${n.name} routing`, [`${n.name} route ${dst.ip} dev eth0`], 'R2.5');
    if (inPodCidr(ctx, s.pkt.src) && ctx.s.cni.masqueradeOutbound) {
      const ip = nodeIP(n, s.pkt.dst);
      s = note(s, `POSTROUTING: CNI masquerades Pod traffic leaving the Pod CIDR: ${s.pkt.src} → ${ip}`);
      s = amendRewrites(s, [
        { kind: 'SNAT', from: s.pkt.src, to: ip, note: 'CNI masqueradeOutbound (Pod → non-Pod destination)' },
      ]);
      s = { ...snat(s, ip), preNatSrc: s.preNatSrc, nodeSnat: { node: n.name, before: s.pkt.src } };
    }
    s = underlayToNode(ctx, s, n, otherNode);
    return atNode(ctx, s, otherNode, dst, { from: 'wire', hook: 'PREROUTING' });
  }
  // A Pod-network address without a Pod object (explicit EndpointSlice, or a stale IP).
  if (inPodCidr(ctx, dst.ip) || dstPod) {
    const dn = nodeOfPodIP(ctx, dst.ip);
    let s = st;
    if (dn && dn.name !== n.name) {
      if (!how.afterService) s = ensureNodeHop(ctx, s, n, ...routingWords(ctx, n, dst.ip), 'R2.6');
      s = crossToNode(ctx, s, n, dn, dst.ip);
    }
    const where = dn ?? n;
    s = hop(ctx, s, {
      layer: 'CNI',
      at: ref.cni(where),
      label: `${where.name} → ${dst.ip}`,
      steps: [`${where.name} route ${dst.ip} → local Pod interface`],
      rule: 'R2.1',
    });
    if (how.assumeLive) {
      s = hop(ctx, s, {
        layer: 'Pod',
        at: ref.ip(dst.ip),
        label: `endpoint ${dst.ip} (no Pod object modelled)`,
        steps: [`${dst.ip}:${dst.port ?? ''} (endpoint from an EndpointSlice; assumed to accept)`],
        rule: 'R6.3',
      });
      return [
        finish(
          ctx,
          s,
          'DELIVERED',
          `delivered to endpoint ${dst.ip}:${dst.port ?? ''} (an EndpointSlice address without a modelled Pod)`,
          'R6.3',
          { object: ref.ip(dst.ip), ip: dst.ip, port: dst.port ?? 0 },
        ),
      ];
    }
    return [
      finish(
        ctx,
        s,
        'DROPPED',
        `no Pod has ${dst.ip}: ${where.name} finds no interface for it (ARP fails) → the client times out`,
        'R2.1',
      ),
    ];
  }
  // Leaving the cluster: through the node's egress, masqueraded when the source is a Pod (CNI masquerade).
  // R6.3 only when a Service without a selector sent it here (its hand-made EndpointSlice points outside); plain
  // egress is the node's routing decision (R2.6) and the reference's EXITS_CLUSTER row (§A2).
  const selectorless = st.viaService !== undefined && m.services.get(st.viaService)?.selector === undefined;
  let s = st;
  if (!lastHopIs(s, 'Node', ref.node(n)))
    s = hop(ctx, s, {
      layer: 'Node',
      at: ref.node(n),
      label: `${n.name} egress via eth0`,
      steps: [`${n.name} route ${dst.ip}: default via ${ctx.s.underlay?.gateway ?? 'gateway'} dev eth0`],
      rule: selectorless ? 'R6.3' : 'R2.6',
    });
  if (inPodCidr(ctx, s.pkt.src) && ctx.s.cni.masqueradeOutbound) {
    const ip = nodeIP(n, s.pkt.dst);
    s = note(s, `POSTROUTING: CNI masquerade ${s.pkt.src} → ${ip} (Pod traffic leaving the Pod CIDR)`);
    s = amendRewrites(s, [
      {
        kind: 'SNAT',
        from: s.pkt.src,
        to: ip,
        note: 'CNI masqueradeOutbound: Pod egress to outside the cluster',
      },
    ]);
    s = snat(s, ip);
  }
  // In-cluster client to an LB IP with ipMode Proxy: the packet really goes to the cloud LB (R5.6).
  const ext = m.servicesByExternalIP.get(dst.ip);
  const lbSvc = ext?.find((e) => e.via === 'loadBalancer')?.service ?? ctx.lbByResolvedIP?.get(dst.ip);
  if (lbSvc) {
    ctx.rules.add('R5.6');
    return ctx.flow.cloudLbPath(ctx, s, lbSvc, dst, { clientIP: s.pkt.src });
  }
  const eh = m.externalHostsByIP.get(dst.ip);
  // Masqueraded to a node's address: the outside host never sees the Pod, so whatever filters on the source there
  // (a firewall, a security group, pg_hba.conf) must allow the nodes' addresses — any node may run the client.
  const srcNode = m.nodesByIP.get(s.pkt.src);
  const seenAs =
    srcNode && s.masq
      ? `${eh ? eh.name : dst.ip} sees ${s.pkt.src} (${srcNode.name}'s address), not the Pod's ${s.preNatSrc}: its firewall must allow the nodes' addresses${ctx.s.underlay ? ` (${ctx.s.underlay.cidr})` : ''}, not the Pod CIDR`
      : undefined;
  s = hop(ctx, s, {
    layer: 'External',
    at: ref.external(dst.ip),
    label: `${eh ? `${eh.name} ` : ''}${dst.ip}${dst.port ? `:${dst.port}` : ''} outside the cluster`,
    steps: [`${dst.ip}:${dst.port ?? ''} ← ${s.pkt.src} (left the cluster)`, ...(seenAs ? [seenAs] : [])],
    rule: selectorless ? 'R6.3' : EXITS_CLUSTER_RULE,
  });
  if (
    eh &&
    dst.port !== undefined &&
    dst.proto !== 'ICMP' &&
    !eh.listens.some((l) => l.port === dst.port && l.protocol === dst.proto)
  ) {
    return [
      finish(
        ctx,
        s,
        'REFUSED',
        `${eh.name} (${dst.ip}) does not listen on ${dst.port}/${dst.proto}: refused`,
        'R1.5',
      ),
    ];
  }
  return [
    finish(
      ctx,
      s,
      'EXITS_CLUSTER',
      `the connection leaves the cluster towards ${eh ? `${eh.name} ` : ''}${dst.ip}${dst.port ? `:${dst.port}` : ''}${s.masq ? ` (source masqueraded to ${s.pkt.src})` : ''}${seenAs ? `; ${seenAs}` : ''}`,
      selectorless ? 'R6.3' : EXITS_CLUSTER_RULE,
      { object: ref.external(dst.ip), ip: dst.ip, port: dst.port ?? 0 },
    ),
  ];
}
