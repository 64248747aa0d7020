/**
 * CNI model: node-side addresses (bridge, tunnel device), same-node delivery (bridge vs routed /32),
 * cross-node forwarding (overlay encapsulation vs native routing), egress masquerade.
 *
 * Rules: R2.1 (no NAT pod-to-pod), R2.2 (bridge), R2.3 (Calico routed /32 + proxy-ARP), R2.4 (overlays),
 * R2.5 (native routing), R2.6 (hop order of a precise cross-node answer).
 */
import { cidrContains, formatIPv4, formatIPv6, inCidr, parseIPv4, parseIPv6 } from '../../scenario';
import { nodeForPodIP } from '../build-model';
import type { ModelNode, ModelSettings } from '../model';
import type { PacketHeader } from '../types';
import { type Ctx, type PState, hop, ref, withPkt } from './state';

/** Where ingress NetworkPolicy is evaluated relative to the node's NAT (schema networkPolicy.enforcementPoint, R10.6). */
export function policyEnforcementPoint(ctx: Ctx): 'pre-nat' | 'before-masquerade' | 'after-snat' {
  const np = ctx.s.networkPolicy;
  if (np.policySeesPreNatSource) return 'pre-nat';
  if (np.enforcementPoint !== 'plugin') return np.enforcementPoint;
  const p = ctx.s.cni.plugin;
  return p === 'calico' || p === 'canal' ? 'before-masquerade' : 'after-snat';
}

/**
 * The node's address on the underlay: its first InternalIP — of the family of `forIP` when given (a dual-stack
 * node has an InternalIP per family; an IPv6 packet is sourced from / routed to the IPv6 one, R13.3).
 */
export function nodeIP(n: ModelNode | undefined, forIP?: string): string {
  if (forIP !== undefined && n && forIP.includes(':') !== (n.internalIP ?? '').includes(':')) {
    const v6 = forIP.includes(':');
    const a = n.addresses.find((x) => x.includes(':') === v6);
    if (a !== undefined) return a;
  }
  return n?.internalIP ?? n?.addresses[0] ?? '0.0.0.0';
}

export type CniShape = {
  /** Same-node forwarding: through a Linux bridge (flannel/bridge plugin) or routed per-Pod /32 (calico, cilium, aws). */
  sameNode: 'bridge' | 'routed';
  /** Device names. */
  podIf: string;
  bridge?: string;
  tunnelDev?: string;
};

/** The plugin's device names and same-node forwarding (one object per plugin and mode, shared by every hop). */
export function cniShape(ctx: Ctx): CniShape {
  const c = ctx.s.cni;
  return SHAPES[c.plugin][c.mode] ?? SHAPES[c.plugin].default;
}

const SHAPES: Record<
  ModelSettings['cni']['plugin'],
  Partial<Record<string, CniShape>> & { default: CniShape }
> = {
  flannel: {
    default: Object.freeze({ sameNode: 'bridge', podIf: 'veth', bridge: 'cni0', tunnelDev: undefined }),
    vxlan: Object.freeze({ sameNode: 'bridge', podIf: 'veth', bridge: 'cni0', tunnelDev: 'flannel.1' }),
  },
  calico: {
    default: Object.freeze({ sameNode: 'routed', podIf: 'cali', tunnelDev: undefined }),
    ipip: Object.freeze({ sameNode: 'routed', podIf: 'cali', tunnelDev: 'tunl0' }),
    vxlan: Object.freeze({ sameNode: 'routed', podIf: 'cali', tunnelDev: 'vxlan.calico' }),
  },
  // Calico's CNI plugin on the node (no cni0 bridge), Flannel's VXLAN between nodes.
  canal: { default: Object.freeze({ sameNode: 'routed', podIf: 'cali', tunnelDev: 'flannel.1' }) },
  cilium: {
    default: Object.freeze({ sameNode: 'routed', podIf: 'lxc', tunnelDev: undefined }),
    tunnel: Object.freeze({ sameNode: 'routed', podIf: 'lxc', tunnelDev: 'cilium_vxlan' }),
  },
  'aws-vpc-cni': { default: Object.freeze({ sameNode: 'routed', podIf: 'eni', tunnelDev: undefined }) },
};

/** Address of the node's bridge (flannel cni0 = first host of the node's Pod CIDR; built with the node). */
export function bridgeIP(ctx: Ctx, n: ModelNode): string | undefined {
  return cniShape(ctx).bridge ? n.bridgeIP : undefined;
}

/** Address of the node's tunnel device (flannel.1 = network address of the node's Pod CIDR, §C; built with the node). */
export function tunnelIP(ctx: Ctx, n: ModelNode): string | undefined {
  const sh = cniShape(ctx);
  if (!sh.tunnelDev || ctx.s.cni.plugin === 'cilium') return undefined;
  return n.tunnelIP;
}

/**
 * Is `ip` one of the node's own addresses (what `--dst-type LOCAL` / `fib daddr type local` match): InternalIP/
 * ExternalIP, bridge and tunnel device addresses. Loopback is handled separately.
 */
export function isLocalAddr(ctx: Ctx, n: ModelNode, ip: string): boolean {
  return n.addresses.includes(ip) || ip === bridgeIP(ctx, n) || ip === tunnelIP(ctx, n);
}

export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.');
}

/** In a cluster Pod CIDR of the address's family (each family's proxier has its own --cluster-cidr, R13.3). */
export function inPodCidr(ctx: Ctx, ip: string): boolean {
  for (const c of ctx.s.podCidrs) if (cidrContains(c, ip)) return true;
  return false;
}

export function inServiceCidr(ctx: Ctx, ip: string): boolean {
  for (const c of ctx.s.serviceCidrs) if (cidrContains(c, ip)) return true;
  return false;
}

/** Node owning a Pod-network IP (by the Pod CIDR index). */
export function nodeOfPodIP(ctx: Ctx, ip: string): ModelNode | undefined {
  const n = nodeForPodIP(ctx.model, ip);
  if (n || !ip.includes(':')) return n;
  // IPv6 (dual-stack, R13.2): the node whose IPv6 spec.podCIDRs entry holds it, else the node of the Pod that has
  // the address (the IPv4 index above is the hot path; IPv6 scenarios are small).
  for (const node of ctx.model.nodes.values())
    for (const c of node.podCIDRs) if (c.includes(':') && inCidr(ip, c)) return node;
  const pod = ctx.model.podsByIP.get(ip);
  return pod?.nodeName !== undefined ? ctx.model.nodes.get(pod.nodeName) : undefined;
}

/**
 * The route a node holds for a remote Pod (R2.4, R2.5). Calico IPAM (calico-ipam, not host-local) ignores the
 * node's spec.podCIDR and hands out addresses in blocks affine to a node — /26 for IPv4 by default
 * (IPPool blockSize) — and each node announces (BGP) or programs (IP-in-IP/VXLAN) a route per block. Flannel,
 * Cilium's cluster-pool and host-local IPAM route the node's podCIDR. AWS VPC CNI routes each Pod IP in the VPC.
 * @see https://docs.tigera.io/calico/latest/reference/resources/ippool (blockSize: default 26 for IPv4)
 */
function remotePodRoute(ctx: Ctx, b: ModelNode | undefined, dstIP: string): string {
  if (ctx.s.cni.plugin === 'calico') {
    const ip = parseIPv4(dstIP);
    if (ip !== undefined)
      return `${formatIPv4((ip & ~0x3f) >>> 0)}/26 (Calico IPAM block of ${b?.name ?? 'the remote node'})`;
    const v6 = parseIPv6(dstIP);
    // IPv6 pools: blockSize 122 by default (IPPool reference).
    if (v6 !== undefined)
      return `${formatIPv6(v6 & ~0x3fn)}/122 (Calico IPAM block of ${b?.name ?? 'the remote node'})`;
  }
  if (dstIP.includes(':')) return b?.podCIDRs.find((c) => c.includes(':')) ?? dstIP;
  return b?.podCIDR ?? dstIP;
}

/** How a packet crosses from node `a` to node `b` (R2.4 overlay vs R2.5 native). */
export type CrossNode =
  | { kind: 'overlay'; encap: 'VXLAN' | 'IPIP' | 'Geneve'; dev: string; port?: number; vni?: number }
  | { kind: 'native'; how: string };

export function crossNode(ctx: Ctx, a: ModelNode | undefined, b: ModelNode | undefined): CrossNode {
  const c = ctx.s.cni;
  switch (c.plugin) {
    case 'flannel':
      return c.mode === 'host-gw' ? CROSS.hostGw : CROSS.flannelVxlan;
    case 'canal':
      return CROSS.flannelVxlan;
    case 'calico':
      if (c.mode === 'bgp') return CROSS.bgp;
      if (c.crossSubnet && sameSubnet(ctx, a, b)) return CROSS.crossSubnet;
      return c.mode === 'vxlan' ? CROSS.calicoVxlan : CROSS.ipip;
    case 'cilium':
      return c.mode === 'native' ? CROSS.ciliumNative : CROSS.ciliumVxlan;
    case 'aws-vpc-cni':
      return CROSS.vpc;
  }
}

/** The answers of `crossNode`, one frozen object each (every cross-node hop reads one; none is built per hop). */
const CROSS = {
  hostGw: Object.freeze({ kind: 'native', how: 'host-gw' }),
  flannelVxlan: Object.freeze({ kind: 'overlay', encap: 'VXLAN', dev: 'flannel.1', port: 8472, vni: 1 }),
  bgp: Object.freeze({ kind: 'native', how: 'BGP' }),
  crossSubnet: Object.freeze({ kind: 'native', how: 'CrossSubnet (same subnet: no encapsulation)' }),
  calicoVxlan: Object.freeze({ kind: 'overlay', encap: 'VXLAN', dev: 'vxlan.calico', port: 4789, vni: 4096 }),
  ipip: Object.freeze({ kind: 'overlay', encap: 'IPIP', dev: 'tunl0' }),
  ciliumNative: Object.freeze({ kind: 'native', how: 'native routing' }),
  ciliumVxlan: Object.freeze({ kind: 'overlay', encap: 'VXLAN', dev: 'cilium_vxlan', port: 8472 }),
  vpc: Object.freeze({ kind: 'native', how: 'VPC routing (Pod IPs are ENI secondary addresses)' }),
} satisfies Record<string, CrossNode>;

/** Both nodes in the underlay subnet (Calico CrossSubnet); true when the scenario gives no underlay. */
function sameSubnet(ctx: Ctx, a: ModelNode | undefined, b: ModelNode | undefined): boolean {
  const cidr = ctx.s.underlay?.cidr;
  if (!cidr) return true;
  return inCidr(nodeIP(a), cidr) && inCidr(nodeIP(b), cidr);
}

/** The address MASQUERADE picks on `n` for a packet leaving towards `toward` (R4.3: egress interface address). */
export function masqAddress(
  ctx: Ctx,
  n: ModelNode,
  toward: { localPod: boolean; remoteNode?: ModelNode | undefined; forIP?: string },
): { ip: string; dev: string } {
  const sh = cniShape(ctx);
  // MASQUERADE picks an address of the packet's family (ip6tables' MASQUERADE on an IPv6 packet, R13.3).
  const f = toward.forIP;
  const v6 = f !== undefined && f.includes(':');
  if (ctx.s.cni.plugin === 'cilium') return { ip: nodeIP(n, f), dev: 'node IP (BPF SNAT)' };
  if (toward.localPod) {
    const b = v6 ? undefined : bridgeIP(ctx, n);
    if (b) return { ip: b, dev: sh.bridge ?? 'bridge' };
    return { ip: nodeIP(n, f), dev: 'eth0 (routed, no bridge address)' };
  }
  if (toward.remoteNode) {
    const x = crossNode(ctx, n, toward.remoteNode);
    if (x.kind === 'overlay' && !v6) {
      const t = tunnelIP(ctx, n);
      if (t) return { ip: t, dev: x.dev };
    }
  }
  return { ip: nodeIP(n, f), dev: 'eth0' };
}

/**
 * The rule describing a Pod's interface on its node: R2.2 for a bridge (Flannel's cni0), R2.3 for Calico's
 * routed cali* veths (Calico and Canal); Cilium's lxc* and the AWS VPC CNI are neither — only the network model
 * itself (R2.1) applies there.
 */
export function podInterfaceRule(ctx: Ctx): 'R2.1' | 'R2.2' | 'R2.3' {
  const sh = cniShape(ctx);
  if (sh.sameNode === 'bridge') return 'R2.2';
  return ctx.s.cni.plugin === 'calico' || ctx.s.cni.plugin === 'canal' ? 'R2.3' : 'R2.1';
}

/** Hop of the source Pod's veth (+ bridge) on its node. */
export function podEgressHop(ctx: Ctx, st: PState, n: ModelNode, podName: string, podIP: string): PState {
  const sh = cniShape(ctx);
  // Flannel gives the Pod an address in the node's /24 (FLANNEL_SUBNET): a destination inside it is on-link,
  // so the Pod ARPs for it directly and cni0 switches the frame at L2 — no gateway (R2.2, S03).
  const dst = st.pkt.dst;
  const onLink =
    sh.sameNode === 'bridge' &&
    n.podCidr !== undefined &&
    cidrContains(n.podCidr, dst) &&
    dst !== bridgeIP(ctx, n) &&
    dst !== podIP;
  const steps = onLink
    ? [
        `pod ${podName} eth0 ${podIP}: ${dst} is in ${n.podCIDR} (on-link) → ARP for ${dst}, no gateway`,
        `${n.name} veth(${podName}) → ${sh.bridge} bridge: L2 forward (br_netfilter runs the host's netfilter hooks on the bridged frame; no NAT rule matches)`,
      ]
    : sh.sameNode === 'bridge'
      ? [
          `pod ${podName} eth0 ${podIP} → default via ${bridgeIP(ctx, n) ?? 'bridge'}`,
          `${n.name} veth(${podName}) → ${sh.bridge} bridge`,
        ]
      : ctx.s.cni.plugin === 'calico' || ctx.s.cni.plugin === 'canal'
        ? [
            podIP.includes(':')
              ? // Calico's CNI plugin gives the Pod an IPv6 default route via the host end's link-local address (R13.3).
                `pod ${podName} eth0 ${podIP} → default via the link-local (fe80::/64) address of the host end of cali${podName} (Calico's IPv6 gateway; 169.254.1.1 with proxy-ARP is the IPv4 one)`
              : `pod ${podName} eth0 ${podIP} → default via 169.254.1.1 (proxy-ARP answered by cali${podName})`,
            `${n.name} cali(${podName}) → host routing`,
          ]
        : ctx.s.cni.plugin === 'cilium'
          ? [
              `pod ${podName} eth0 ${podIP} → lxc(${podName}) on ${n.name}: bpf_lxc (tc BPF on the host side of the veth) takes the packet`,
            ]
          : [`pod ${podName} eth0 ${podIP} → ${sh.podIf}(${podName}) on ${n.name}`];
  return hop(ctx, st, {
    layer: 'CNI',
    at: ref.cni(n),
    label: `${n.name} ${sh.sameNode === 'bridge' ? `veth/${sh.bridge}` : ctx.s.cni.plugin === 'cilium' ? 'lxc (bpf_lxc)' : `${sh.podIf} (routed)`}`,
    steps,
    rule: podInterfaceRule(ctx),
  });
}

/** Hop delivering to a local Pod's veth (same node: bridge L2 forward or /32 route). */
export function podIngressHop(ctx: Ctx, st: PState, n: ModelNode, podName: string, podIP: string): PState {
  const sh = cniShape(ctx);
  const steps =
    sh.sameNode === 'bridge'
      ? [
          `${n.name} route ${n.podCIDR ?? 'pod CIDR'} dev ${sh.bridge}`,
          `${n.name} ${sh.bridge} → veth(${podName}) → pod eth0 ${podIP}`,
        ]
      : ctx.s.cni.plugin === 'cilium'
        ? [
            `${n.name} eBPF local delivery: ${podIP} is a local endpoint (endpoint map) → redirect to lxc(${podName}); no host route lookup (per-endpoint /32 routes exist only with endpointRoutes.enabled, off by default)`,
            `lxc(${podName}) → pod eth0 ${podIP}`,
          ]
        : [
            `${n.name} route ${podIP}/${podIP.includes(':') ? 128 : 32} dev ${sh.podIf}(${podName})`,
            `${sh.podIf}(${podName}) → pod eth0 ${podIP}`,
          ];
  return hop(ctx, st, {
    layer: 'CNI',
    at: ref.cni(n),
    label: `${n.name} ${sh.sameNode === 'bridge' ? `${sh.bridge}/veth` : ctx.s.cni.plugin === 'cilium' ? 'lxc (eBPF local delivery)' : `${sh.podIf} (routed /${podIP.includes(':') ? 128 : 32})`}`,
    steps,
    rule: podInterfaceRule(ctx),
  });
}

/**
 * Cross the underlay from node `a` to node `b` (the routing decision was already made on `a`).
 * Emits the tunnel hop (overlay) or an optional routed hop (native), then `Node(b)`.
 */
export function crossToNode(
  ctx: Ctx,
  st: PState,
  a: ModelNode,
  b: ModelNode | string,
  dstIP: string,
): PState {
  const bName = typeof b === 'string' ? b : b.name;
  const bNode = typeof b === 'string' ? undefined : b;
  const x = crossNode(ctx, a, bNode);
  // Underlay addresses of the packet's family (a dual-stack node routes IPv6 Pod traffic to the peer's IPv6 address).
  const aIP = nodeIP(a, dstIP);
  const bIP = bNode ? nodeIP(bNode, dstIP) : bName;
  let s = st;
  if (x.kind === 'overlay') {
    // Keys in this order (the serialised trace), added to the literal rather than spread in (V8's slow path).
    const outer: NonNullable<PacketHeader['outer']> =
      x.encap === 'IPIP' ? { src: aIP, dst: bIP, protocol: 'IPIP' } : { src: aIP, dst: bIP, protocol: 'UDP' };
    if (x.encap !== 'IPIP') {
      if (x.port !== undefined) outer.port = x.port;
      if (x.vni !== undefined) outer.vni = x.vni;
    }
    const remoteCidr = remotePodRoute(ctx, bNode, dstIP);
    s = hop(ctx, s, {
      layer: 'CNI',
      at: ref.tunnel(a.name, bName, x.encap.toLowerCase()),
      label: `${x.dev} ${x.encap} encapsulation ${aIP} → ${bIP}${x.port ? ` UDP/${x.port}` : ''}`,
      steps: [
        ctx.s.cni.plugin === 'cilium'
          ? `bpf_lxc: ipcache lookup ${dstIP} → tunnel endpoint ${bIP} (${bName}) → set the tunnel key and redirect to ${x.dev} (no host route lookup)`
          : `${a.name} route ${remoteCidr} via ${x.dev}`,
        `${x.dev} ${x.encap} encap: inner ${s.pkt.src}→${dstIP}, outer ${aIP}→${bIP}${x.port ? ` UDP/${x.port}` : ' proto 4'}${x.vni !== undefined ? ` VNI ${x.vni}` : ''}`,
        `${a.name} eth0 → underlay${ctx.s.underlay ? ` ${ctx.s.underlay.cidr}` : ''} → ${bName} eth0`,
        `${bName} ${x.dev} decap`,
      ],
      rewrites: [
        {
          kind: 'ENCAP',
          from: `${s.pkt.src}→${dstIP}`,
          to: `outer ${aIP}→${bIP}`,
          note: `${x.encap} outer header only, not NAT (R2.4, R2.6)`,
        },
      ],
      rule: 'R2.4',
    });
    s = withPkt(s, { outer });
    s = hop(ctx, s, {
      layer: 'Node',
      at: ref.node(bName),
      label: `${bName} receives on eth0, ${x.dev} decapsulates`,
      steps: [
        ctx.s.cni.plugin === 'cilium'
          ? `${bName} ${x.dev} decap → inner ${s.pkt.src}→${dstIP} (bpf_overlay on ${x.dev} takes it)`
          : `${bName} ${x.dev} decap → inner ${s.pkt.src}→${dstIP}`,
      ],
      rewrites: [{ kind: 'DECAP', from: `outer ${aIP}→${bIP}`, to: `${s.pkt.src}→${dstIP}`, note: 'R2.4' }],
      rule: 'R2.4',
    });
    s = withPkt(s, { outer: undefined });
  } else {
    s = hop(ctx, s, {
      layer: 'CNI',
      at: ref.tunnel(a.name, bName, 'native'),
      label: `routed natively (${x.how}): ${dstIP} via ${bIP}`,
      steps: [
        `${a.name} route ${remotePodRoute(ctx, bNode, dstIP)} via ${bIP} dev eth0 (${x.how})`,
        `underlay carries ${s.pkt.src}→${dstIP} unencapsulated`,
      ],
      rule: 'R2.5',
      optional: true,
    });
    s = hop(ctx, s, {
      layer: 'Node',
      at: ref.node(bName),
      label: `${bName} receives on eth0`,
      steps: [`${bName} eth0 ← ${s.pkt.src}→${dstIP}`],
      rule: 'R2.5',
    });
  }
  return s;
}

/** Hop over the underlay (node → another node's own address, or a non-Pod destination). */
export function underlayToNode(ctx: Ctx, st: PState, a: ModelNode, b: ModelNode): PState {
  const f = st.pkt.dst;
  let s = hop(ctx, st, {
    layer: 'CNI',
    at: ref.tunnel(a.name, b.name, 'underlay'),
    label: `underlay ${nodeIP(a, f)} → ${nodeIP(b, f)}`,
    steps: [
      `${a.name} route ${nodeIP(b, f)} dev eth0 (underlay${ctx.s.underlay ? ` ${ctx.s.underlay.cidr}` : ''})`,
    ],
    rule: 'R2.5',
    optional: true,
  });
  s = hop(ctx, s, {
    layer: 'Node',
    at: ref.node(b),
    label: `${b.name} eth0 ${nodeIP(b, f)}`,
    steps: [`${b.name} eth0 ← ${s.pkt.src} → ${s.pkt.dst}:${s.pkt.dstPort ?? ''}`],
    rule: 'R2.5',
  });
  return s;
}
