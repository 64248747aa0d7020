/**
 * The last metres: arriving at a Pod (ingress NetworkPolicy, listener lookup, L7 proxies), same-Pod
 * localhost traffic, and a node's own network stack (hostPort, hostNetwork Pods, healthCheckNodePort).
 *
 * Rules: R1.2 (same Pod never leaves the netns), R1.5 (nothing listening → RST), R1.6 (hostNetwork), R1.7 (init
 * containers), R1.8 (readiness does not block direct Pod IP), R4.6 (non-NodePort port on a node), R5.4 (health
 * check node port), R10.x (ingress policy at the Pod's interface).
 */
import type { Listener, ModelNode, ModelPod } from '../model';
import type { Hop } from '../types';
import { cidrContains, parseCidr } from '../../scenario';
import {
  type Ctx,
  type Done,
  type NodeSnat,
  type PState,
  type Proto,
  HopList,
  copyState,
  finish,
  hop,
  ipPort,
  hostPortStep,
  note,
  ref,
  snat,
} from './state';
import { checkIngress } from './network-policy';
import { cniShape, isLocalAddr, isLoopback, masqAddress, podIngressHop, policyEnforcementPoint } from './cni';
import { proxyRoleForPod } from './l7';
import { categorize } from './service-dataplane';
import { inboundCapture, meshInbound, sidecarOf } from './mesh';

export type { Proto };

export function lastHopIs(st: PState, layer: string, at: string): boolean {
  const h = st.hops.last;
  return !!h && h.layer === layer && h.at === at;
}

/** Deliver to a Pod on node `n` (its veth). */
export function toLocalPod(
  ctx: Ctx,
  st: PState,
  n: ModelNode,
  pod: ModelPod,
  port: number | undefined,
  proto: Proto,
): Done[] {
  let s = st;
  if (lastHopIs(s, 'CNI', ref.cni(n))) {
    const sh = cniShape(ctx);
    // The address the packet carries (a dual-stack Pod's IPv6 address on an IPv6 path; R13.3), else the primary.
    const ip = pod.hasIP(s.pkt.dst) ? s.pkt.dst : (pod.ip ?? s.pkt.dst);
    s = note(
      s,
      sh.sameNode === 'bridge'
        ? `${n.name} ${sh.bridge ?? 'bridge'} → veth(${pod.name}) → pod eth0 ${ip}`
        : ctx.s.cni.plugin === 'cilium'
          ? `${n.name} bpf_lxc: ${ip} is a local endpoint → eBPF redirect to lxc(${pod.name}) → pod eth0 ${ip} (no host route: per-endpoint /32 routes only with endpointRoutes.enabled, off by default)`
          : `${n.name} route ${ip}/${ip.includes(':') ? 128 : 32} dev ${sh.podIf}(${pod.name}) → pod eth0 ${ip}`,
    );
  } else s = podIngressHop(ctx, s, n, pod.name, pod.hasIP(s.pkt.dst) ? s.pkt.dst : (pod.ip ?? s.pkt.dst));
  return arrive(ctx, s, pod, port, proto);
}

const ANY = new Set(['0.0.0.0', '::', '*']);

/**
 * The accepting socket as `ss -ltn` would show it: a declared port's wildcard socket is `[::]:port` when the
 * connection is IPv6 (an AF_INET `0.0.0.0` socket cannot take it, R13.3), else the listener's own address.
 */
function socketText(l: Listener, dstIP: string, port: number): string {
  if (dstIP.includes(':') && l.source === 'declared' && l.address === '0.0.0.0') return `[::]:${port}`;
  return hostPortStep(l.address, port);
}

/** A socket in the Pod's netns that accepts `addr:port/proto` (R1.4, R1.5). */
export function findListener(pod: ModelPod, addr: string, port: number, proto: Proto): Listener | undefined {
  if (proto === 'ICMP') return undefined;
  let loopbackOnly: Listener | undefined;
  for (const l of pod.listenersOn(port, proto)) {
    // R13.3: a socket bound to 0.0.0.0 is AF_INET and takes no IPv6 connection; a declared port (no bind address
    // known) stands for the app's wildcard socket, `[::]` with IPV6_V6ONLY off, which takes both families.
    if (addr.includes(':') && l.address === '0.0.0.0' && l.source === 'scenario') continue;
    if (ANY.has(l.address) || l.address === addr) return l;
    loopbackOnly = l;
  }
  return isLoopback(addr) && loopbackOnly && isLoopback(loopbackOnly.address) ? loopbackOnly : undefined;
}

function listenerOnOtherAddress(pod: ModelPod, port: number, proto: Proto): Listener | undefined {
  if (proto === 'ICMP') return undefined;
  return pod.listenersOn(port, proto)[0];
}

/** Why nothing accepted the connection (R1.5 / R1.7). */
export function refusedReason(
  pod: ModelPod,
  addr: string,
  port: number,
  proto: Proto,
): { reason: string; rule: string } {
  const other = listenerOnOtherAddress(pod, port, proto);
  if (other)
    return {
      reason: `${pod.id}: ${other.container} listens on ${other.address}:${port} only, not on ${addr}: the kernel answers ${proto === 'UDP' ? 'ICMP port-unreachable' : 'TCP RST'} (R1.5)`,
      rule: 'R1.5',
    };
  const declared = pod.containers.find((c) =>
    c.ports.some((p) => p.containerPort === port && p.protocol === proto),
  );
  const initRunning = pod.containers.some((c) => c.kind === 'init' && c.running);
  if (declared && !declared.running) {
    return {
      reason: `${pod.id}: container ${declared.name} declares ${port}/${proto} but has not started${initRunning ? ' (an init container is still running, R1.7)' : ''}: nothing listens, the Pod's kernel answers ${proto === 'UDP' ? 'ICMP port-unreachable' : 'TCP RST'} (R1.5)`,
      rule: initRunning ? 'R1.7' : 'R1.5',
    };
  }
  if (initRunning)
    return {
      reason: `${pod.id}: init containers are still running, no app container has started, nothing listens on ${port}/${proto}: connection refused (R1.7, R1.5)`,
      rule: 'R1.7',
    };
  return {
    reason: `${pod.id}: nothing listens on ${addr}:${port}/${proto}: the Pod's kernel answers ${proto === 'UDP' ? 'ICMP port-unreachable' : 'TCP RST'} → connection refused (R1.5)`,
    rule: 'R1.5',
  };
}

/** Lines of the kernel view that run in the nat POSTROUTING hook (iptables and nftables as kube-proxy writes them). */
const POSTROUTING_LINE =
  /^(?:-A (?:KUBE-)?POSTROUTING |add rule ip kube-proxy (?:nat-postrouting|masquerading) )/;

/**
 * The packet is dropped on the node that decided to masquerade it, before that node's nat POSTROUTING: the SNAT is
 * taken back. The source is the client's again (on the dropping hop too), the path is not masqueraded (unless an
 * earlier leg was), and the translating hop keeps its DNAT and the masquerade mark but not the SNAT: its
 * POSTROUTING rules are not reached, and `conntrack -L` lists nothing — the kernel inserts a new connection's entry
 * only when its first packet leaves POSTROUTING (conntrack confirm); an entry whose packet is dropped before that
 * is discarded with it.
 */
function masqueradeNotReached(st: PState, ns: NodeSnat): PState {
  const to = st.pkt.src;
  const i = ns.hop ?? -1;
  const hops = st.hops.toArray().map((h, j): Hop => {
    if (j < i) return h;
    if (j > i) {
      if (h.packet.src !== to) return h;
      const packet = { ...h.packet, src: ns.before };
      if (ns.beforePort === undefined) delete packet.srcPort;
      else packet.srcPort = ns.beforePort;
      return { ...h, packet };
    }
    const masqStep = h.steps.findIndex((x) => x.includes(`${ns.before} → ${to}`));
    const steps = [...h.steps];
    if (masqStep >= 0)
      steps[masqStep] =
        `marked for masquerade (0x4000); MASQUERADE ${ns.before} → ${to} would run in POSTROUTING, but the packet is dropped in filter FORWARD before it gets there: not applied`;
    const out: Hop = {
      ...h,
      steps,
      rewrites: h.rewrites.filter((r) => !(r.kind === 'SNAT' && r.from === ns.before && r.to === to)),
    };
    if (h.kernel) {
      const { conntrack: _dropped, ...rest } = h.kernel;
      out.kernel = {
        ...rest,
        ...(h.kernel.rules
          ? {
              rules: {
                ...h.kernel.rules,
                lines: h.kernel.rules.lines.map((l) =>
                  POSTROUTING_LINE.test(l.text) ? { ...l, hit: false } : l,
                ),
              },
            }
          : {}),
        note: 'No conntrack entry: the kernel inserts a connection’s entry when its first packet leaves POSTROUTING (conntrack confirm); this packet is dropped in filter FORWARD first, so `conntrack -L` lists nothing and the masquerade is never applied.',
      };
    }
    return out;
  });
  const pkt = { ...st.pkt, src: ns.before };
  if (ns.beforePort === undefined) delete pkt.srcPort;
  else pkt.srcPort = ns.beforePort;
  const out = copyState(st);
  out.hops = HopList.from(hops);
  out.pkt = pkt;
  out.masq = ns.masqBefore ?? false;
  out.nodeSnat = undefined;
  return out;
}

/**
 * The packet reaches Pod `pod` on `dstIP:port` (after the CNI hop on its node). Applies the destination's
 * ingress NetworkPolicy (verdict on the CNI hop), then the Pod hop, then the listener (or an L7 proxy).
 */
export function arrive(ctx: Ctx, st: PState, pod: ModelPod, port: number | undefined, proto: Proto): Done[] {
  const dstIP = st.pkt.dst;
  // Ingress NetworkPolicy (R10.1–R10.7) sees the source as it is where the plugin enforces (R10.6): Calico's
  // iptables rules in filter FORWARD run after kube-proxy's DNAT but before this node's MASQUERADE, so a client
  // SNATed on this very node is still seen as itself; plugins at the Pod's interface see the SNATed address.
  const point = policyEnforcementPoint(ctx);
  const here = pod.nodeName;
  const seenSrc =
    point === 'pre-nat'
      ? st.preNatSrc
      : point === 'before-masquerade' && st.nodeSnat && st.nodeSnat.node === here
        ? st.nodeSnat.before
        : st.pkt.src;
  const srcPod = ctx.model.podsByIP.get(seenSrc);
  const origPod = ctx.model.podsByIP.get(st.preNatSrc);
  const v = checkIngress(ctx, pod, { ip: seenSrc, ...(srcPod ? { pod: srcPod } : {}) }, port, proto, {
    ip: st.preNatSrc,
    ...(origPod ? { pod: origPod } : {}),
  });
  if (v.isolatedBy.length > 0) ctx.rules.add('R10.1');
  const epRef = { object: ref.pod(pod), ip: dstIP, port: port ?? 0 };
  if (!v.allowed) {
    // Dropped in filter FORWARD before this node's POSTROUTING: the MASQUERADE decided here never happens.
    if (
      point === 'before-masquerade' &&
      st.nodeSnat &&
      st.nodeSnat.node === here &&
      seenSrc === st.nodeSnat.before
    )
      return [
        finish(
          ctx,
          masqueradeNotReached(st, st.nodeSnat),
          'DENIED_IN',
          `${v.reason}; the policy rules for the Pod's interface run in filter FORWARD, after kube-proxy's DNAT and before ${here}'s MASQUERADE in POSTROUTING, so they see the real client ${seenSrc}, and the masquerade to ${st.pkt.src} is never applied (R10.6)`,
          'R10.7',
          epRef,
        ),
      ];
    return [finish(ctx, st, 'DENIED_IN', v.reason, 'R10.7', epRef)];
  }
  let s = hop(ctx, st, {
    layer: 'Pod',
    at: ref.pod(pod),
    label: `pod ${pod.name} eth0 ${dstIP}`,
    steps: [
      `pod ${pod.id} eth0 ${dstIP}${port !== undefined ? ` :${port}` : ''}${v.allowedBy ? ` (NetworkPolicy: ${v.reason})` : ''}`,
    ],
    rule: v.allowedBy ? 'R10.2' : 'R2.1',
  });
  if (proto === 'ICMP') {
    s = { ...s };
    return [
      finish(ctx, s, 'DELIVERED', `${pod.id} answers the ICMP echo itself (kernel)`, 'R2.1', {
        object: ref.pod(pod),
        ip: dstIP,
        port: 0,
      }),
    ];
  }
  if (port === undefined) return [finish(ctx, s, 'REFUSED', 'no destination port', 'R1.5', epRef)];
  // R14.5: a meshed Pod's nat PREROUTING redirects inbound TCP to its sidecar before the app.
  const side = proto === 'TCP' ? sidecarOf(pod) : undefined;
  if (side) {
    const cap = inboundCapture(pod, side, s.pkt.src, port);
    if (cap.redirectTo !== undefined)
      return meshInbound(ctx, s, pod, side, cap, port, (x) => accept(ctx, x, pod, dstIP, port, proto));
  }
  return accept(ctx, s, pod, dstIP, port, proto);
}

/** The socket in the Pod that takes the connection (R1.4, R1.5), or an L7 proxy. */
function accept(ctx: Ctx, st: PState, pod: ModelPod, dstIP: string, port: number, proto: Proto): Done[] {
  let s = st;
  const epRef = { object: ref.pod(pod), ip: dstIP, port };
  const l = findListener(pod, dstIP, port, proto);
  // A TCP-only request sends no HTTP: an L7 proxy just accepts the connection at its socket (§A5).
  const role = proto === 'TCP' && l ? proxyRoleForPod(ctx, st, pod) : undefined;
  if (role && !ctx.req.tcpOnly) return ctx.flow.handleL7(ctx, s, pod, role, port);
  if (!l) {
    const r = refusedReason(pod, dstIP, port, proto);
    return [finish(ctx, s, 'REFUSED', r.reason, r.rule, epRef)];
  }
  s = hop(ctx, s, {
    layer: 'Container',
    at: ref.container(pod, l.container),
    label: `${l.container} accepts :${port}`,
    steps: [
      `container ${pod.id}/${l.container} socket ${socketText(l, dstIP, port)}/${proto} accept (peer ${s.pkt.src})`,
    ],
    rule: 'R1.4',
  });
  return [
    finish(
      ctx,
      s,
      'DELIVERED',
      `delivered to ${pod.id} ${l.container} on ${ipPort(dstIP, port)}${pod.ready ? '' : ' (the Pod is not Ready, but readiness only gates Service membership, R1.8)'}`,
      pod.ready ? 'R2.1' : 'R1.8',
      { object: ref.pod(pod), ip: dstIP, port },
    ),
  ];
}

/**
 * Same Pod: localhost or the Pod's own IP never leaves the network namespace (R1.2).
 * Hops: Container → Pod(lo) → Container.
 */
export function samePod(
  ctx: Ctx,
  st: PState,
  pod: ModelPod,
  container: string | undefined,
  dstIP: string,
  port: number | undefined,
  proto: Proto,
): Done[] {
  let s = st;
  if (container)
    s = hop(ctx, s, {
      layer: 'Container',
      at: ref.container(pod, container),
      label: `${container} connects to ${ipPort(dstIP, port)}`,
      steps: [
        `container ${pod.id}/${container} connect ${hostPortStep(dstIP, port)} (src ${hostPortStep(dstIP, 'E')})`,
      ],
      rule: 'R1.1',
    });
  s = hop(ctx, s, {
    layer: 'Pod',
    at: ref.pod(pod),
    label: `pod ${pod.name} netns lo`,
    steps: [
      isLoopback(dstIP)
        ? `pod ${pod.name} netns lo 127.0.0.1`
        : `pod ${pod.name} netns: ${dstIP} is a local address → local route → lo (never leaves the Pod, R1.2)`,
    ],
    rule: 'R1.2',
  });
  if (proto === 'ICMP')
    return [
      finish(ctx, s, 'DELIVERED', `the Pod's own stack answers the echo on ${dstIP} (R1.2)`, 'R1.2', {
        object: ref.pod(pod),
        ip: dstIP,
        port: 0,
      }),
    ];
  const epRef = { object: ref.pod(pod), ip: dstIP, port: port ?? 0 };
  if (port === undefined) return [finish(ctx, s, 'REFUSED', 'no destination port', 'R1.5', epRef)];
  const l = findListener(pod, dstIP, port, proto);
  if (!l) {
    const r = refusedReason(pod, dstIP, port, proto);
    return [finish(ctx, s, 'REFUSED', r.reason, r.rule, epRef)];
  }
  s = hop(ctx, s, {
    layer: 'Container',
    at: ref.container(pod, l.container),
    label: `${l.container} accepts ${l.address}:${port}`,
    steps: [`container ${pod.id}/${l.container} socket ${l.address}:${port} accept`],
    rule: 'R1.2',
  });
  return [
    finish(
      ctx,
      s,
      'DELIVERED',
      `${pod.id}: ${l.container} accepts on ${dstIP}:${port} inside the Pod's network namespace: no veth, CNI, node or kube-proxy involved (R1.1, R1.2)`,
      'R1.2',
      { object: ref.pod(pod), ip: dstIP, port },
    ),
  ];
}

/**
 * A packet addressed to one of node `n`'s own addresses that no Service rule matched: hostPort DNAT (CNI
 * portmap), a hostNetwork Pod's socket, kube-proxy's health-check server, or nothing (R4.6 → RST).
 * The last hop of `st` must be Node(n).
 */
export function nodeStack(
  ctx: Ctx,
  st: PState,
  n: ModelNode,
  port: number | undefined,
  proto: Proto,
  next: { toPod: (s: PState, pod: ModelPod, port: number) => Done[] },
): Done[] {
  const dst = st.pkt.dst;
  if (proto === 'ICMP')
    return [
      finish(ctx, st, 'DELIVERED', `${n.name} answers the ICMP echo for its own address ${dst}`, 'R1.6', {
        object: ref.node(n),
        ip: dst,
        port: 0,
      }),
    ];
  if (port === undefined) return [finish(ctx, st, 'REFUSED', 'no destination port', 'R4.6')];
  // kube-proxy health check server (R5.4): every node answers on healthCheckNodePort.
  const hc = ctx.model.servicesByHealthCheckNodePort.get(port);
  if (hc && proto === 'TCP' && !isLoopback(dst)) {
    let localCount = 0;
    for (const p of hc.ports)
      localCount = Math.max(localCount, categorize(p, n.name).local.filter((e) => e.ready).length);
    const s = hop(ctx, st, {
      layer: 'kube-proxy',
      at: ref.kubeProxy(n),
      label: `kube-proxy health check server :${port}`,
      steps: [
        `kube-proxy healthz for ${hc.id}: localEndpoints=${localCount} → HTTP ${localCount > 0 ? 200 : 503}`,
      ],
      rule: 'R5.4',
    });
    return [
      finish(
        ctx,
        s,
        localCount > 0 ? 'HTTP_200' : 'HTTP_503',
        `kube-proxy on ${n.name} answers the health check of ${hc.id} with ${localCount > 0 ? 200 : 503} (${localCount} local endpoint${localCount === 1 ? '' : 's'}, R5.4)`,
        'R5.4',
      ),
    ];
  }
  // hostPort (CNI portmap plugin DNAT): nodeIP:hostPort → podIP:containerPort.
  if (!isLoopback(dst)) {
    for (const pod of ctx.model.hostPortPodsByNode.get(n.name) ?? []) {
      if (pod.hostNetwork || pod.ip === undefined) continue;
      for (const p of pod.ports) {
        if (p.hostPort !== port || p.protocol !== proto) continue;
        if (p.hostIP && p.hostIP !== '0.0.0.0' && p.hostIP !== dst) continue;
        // portmap with snat (the default) marks traffic from the Pod's own subnet (hairpin: the node's Pod CIDR on
        // a bridge) and from 127.0.0.1 for masquerade (CNI-HOSTPORT-SETMARK → CNI-HOSTPORT-MASQ): the reply must
        // come back through this node's conntrack entry (portmap_iptables.go fillDnatRules).
        const src = st.pkt.src;
        const subnet = n.podCIDR !== undefined ? parseCidr(n.podCIDR) : undefined;
        const hairpin =
          src === '127.0.0.1' ||
          (subnet !== undefined && typeof subnet !== 'string' && cidrContains(subnet, src));
        const masqTo = hairpin ? masqAddress(ctx, n, { localPod: true }) : undefined;
        const steps = [
          `${n.name} nat ${st.pkt.src === '127.0.0.1' || isLocalAddr(ctx, n, src) ? 'OUTPUT' : 'PREROUTING'} → CNI-HOSTPORT-DNAT (dst-type LOCAL) → CNI-DN-…: ${p.hostIP && p.hostIP !== '0.0.0.0' ? `-d ${p.hostIP} ` : ''}-p ${proto.toLowerCase()} --dport ${port} → DNAT ${dst}:${port} → ${pod.ip}:${p.containerPort}`,
        ];
        if (masqTo)
          steps.push(
            `source ${src} is in ${src === '127.0.0.1' ? '127.0.0.1' : `the Pod subnet ${n.podCIDR}`} → CNI-HOSTPORT-SETMARK; POSTROUTING → CNI-HOSTPORT-MASQ: MASQUERADE ${src} → ${masqTo.ip} (${masqTo.dev})`,
          );
        let s: PState = hop(ctx, st, {
          layer: 'CNI',
          at: ref.cni(n),
          label: `portmap hostPort ${port} → ${pod.ip}:${p.containerPort}`,
          steps,
          rewrites: [
            {
              kind: 'DNAT',
              from: `${dst}:${port}`,
              to: `${pod.ip}:${p.containerPort}`,
              note: 'CNI portmap hostPort DNAT (R1.4)',
            },
            ...(masqTo
              ? [
                  {
                    kind: 'SNAT' as const,
                    from: src,
                    to: masqTo.ip,
                    note: 'CNI portmap hairpin/localhost masquerade (CNI-HOSTPORT-MASQ)',
                  },
                ]
              : []),
          ],
          rule: 'R1.4',
        });
        if (masqTo) s = snat(s, masqTo.ip);
        return next.toPod(
          { ...s, pkt: { ...s.pkt, dst: pod.ip, dstPort: p.containerPort } },
          pod,
          p.containerPort,
        );
      }
    }
  }
  // hostNetwork Pods share the node's netns and port space (R1.6).
  for (const pod of ctx.model.hostNetworkPodsByNode.get(n.name) ?? []) {
    const l =
      findListener(pod, isLoopback(dst) ? dst : '0.0.0.0', port, proto) ??
      findListener(pod, dst, port, proto);
    if (!l) continue;
    let s = hop(ctx, st, {
      layer: 'Pod',
      at: ref.pod(pod),
      label: `hostNetwork pod ${pod.name} (node netns)`,
      steps: [`${pod.id} runs in ${n.name}'s network namespace (hostNetwork, R1.6)`],
      rule: 'R1.6',
    });
    s = hop(ctx, s, {
      layer: 'Container',
      at: ref.container(pod, l.container),
      label: `${l.container} accepts :${port}`,
      steps: [
        `container ${pod.id}/${l.container} socket ${socketText(l, dst, port)}/${proto} accept (peer ${s.pkt.src})`,
      ],
      rule: 'R1.6',
    });
    return [
      finish(
        ctx,
        s,
        'DELIVERED',
        `delivered to hostNetwork Pod ${pod.id} (${l.container}) on ${n.name} ${dst}:${port} (R1.6)`,
        'R1.6',
        { object: ref.pod(pod), ip: dst, port },
      ),
    ];
  }
  const reason =
    isLocalAddr(ctx, n, dst) || isLoopback(dst)
      ? `${ipPort(dst, port)} is ${n.name}'s own address and ${port} is not an allocated NodePort (or not open on this address): no kube-proxy rule, nothing listens → the node's kernel answers RST → connection refused (R4.6)`
      : `nothing listens on ${dst}:${port} on ${n.name} (R4.6)`;
  return [finish(ctx, st, 'REFUSED', reason, 'R4.6', undefined)];
}
