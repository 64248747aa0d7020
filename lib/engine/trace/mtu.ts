/**
 * MTU along a traced TCP connection (reference B15, R15.1–R15.8): what size of segment each side sends, which
 * link on the path is narrower than that, and what happens to the segment there — forwarded, fragmented, dropped
 * with an ICMP "fragmentation needed" that PMTU discovery acts on, or lost without one (a black hole: the
 * handshake and the small request got through, the full-sized segments never do).
 *
 * Runs after the walk, on paths that ended DELIVERED, when the request gives a size (`responseBytes`,
 * `requestBytes`). The hops of a path are the request's way in; the response takes the same links back.
 * Not modelled here (the check is skipped with a note): a path through an L7 proxy or a cloud load balancer
 * (each leg is its own TCP connection with its own MSS), UDP, and a narrow underlay under Cilium's or the AWS
 * VPC CNI's datapath (their outer DF handling is not in the reference).
 */
import type { ModelPod, ModelSettings } from '../model';
import type { NarrowLink } from '../../scenario';
import type { Hop } from '../types';
import { type Ctx, type Done, HopList } from './state';
import { bridgeIP } from './cni';

/** IPv4 + TCP headers: MSS = MTU − 40 (RFC 9293 §3.7.1; Linux advmss). */
const IP_TCP = 40;
/** Linux sends the timestamp option (net.ipv4.tcp_timestamps=1): 12 bytes of every full segment are options. */
const TS_OPT = 12;

/**
 * Bytes an encapsulation adds to the inner packet, counted against the underlay MTU (R15.1). The outer Ethernet
 * header is the NIC's and does not count; VXLAN's 50 include the inner Ethernet header it carries.
 */
export const ENCAP_OVERHEAD = {
  /** outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14 (flannel vxlan_network.go encapOverhead, Cilium TunnelOverhead). */
  VXLAN: 50,
  /** outer IPv4 20 (Calico ipipMTUOverhead). */
  IPIP: 20,
  /** as VXLAN, without options (Cilium TunnelOverhead). */
  Geneve: 50,
} as const;
type Encap = keyof typeof ENCAP_OVERHEAD;

/** The MTUs the CNI sets up on a node (R15.2). */
export interface CniMtus {
  /** The nodes' NIC MTU. */
  node: number;
  /** What TCP in a Pod uses as its MTU towards other nodes: the Pod's eth0, or Cilium's route MTU. */
  pod: number;
  /** What the CNI computes from the node MTU (the default of `pod`), and how. */
  auto: number;
  how: string;
  /** `pod` was set by hand (cluster.mtu.pod). */
  overridden: boolean;
  /** The node's tunnel device, when the CNI encapsulates. */
  tunnel?: { dev: string; mtu: number; encap: Encap };
}

/**
 * The MTUs of a cluster's CNI (R15.2), from the upstream computations: Flannel vxlan `MTU() = extIface MTU −
 * encapOverhead` (flannel-io/flannel pkg/backend/vxlan/vxlan_network.go) written to subnet.env as FLANNEL_MTU and
 * passed by the flannel CNI plugin to the bridge plugin unless the delegate sets `mtu` (flannel-io/cni-plugin
 * flannel_linux.go); Calico `ConfigureDefaultMTUs` / `determinePodMTU` (host MTU − 20 IPIP, − 50 VXLAN; the host
 * MTU when no encapsulation is enabled; felix/dataplane/linux/int_dataplane.go); Cilium route MTU = device MTU −
 * TunnelOverhead in tunnel mode (pkg/mtu/mtu.go); the AWS VPC CNI gives Pods the ENI's MTU (AWS_VPC_ENI_MTU).
 */
export function cniMtus(s: ModelSettings): CniMtus {
  const node = s.mtu?.node ?? 1500;
  const set = s.mtu?.pod;
  const { plugin, mode } = s.cni;
  const out = (
    auto: number,
    how: string,
    tunnel?: CniMtus['tunnel'],
    pod: number = set ?? auto,
  ): CniMtus => ({
    node,
    pod,
    auto,
    how,
    overridden: set !== undefined,
    ...(tunnel ? { tunnel } : {}),
  });
  switch (plugin) {
    case 'flannel':
      if (mode === 'host-gw') return out(node, `FLANNEL_MTU = eth0 ${node} (host-gw: no encapsulation)`);
      return out(
        node - 50,
        `FLANNEL_MTU = eth0 ${node} − 50 (VXLAN), handed by the flannel CNI plugin to cni0 and every Pod's eth0`,
        { dev: 'flannel.1', mtu: node - 50, encap: 'VXLAN' },
      );
    case 'canal':
      return out(node - 50, `eth0 ${node} − 50 (Flannel VXLAN between the nodes)`, {
        dev: 'flannel.1',
        mtu: node - 50,
        encap: 'VXLAN',
      });
    case 'calico':
      if (mode === 'ipip')
        return out(node - 20, `Calico auto-detection: host MTU ${node} − 20 (IP-in-IP)`, {
          dev: 'tunl0',
          mtu: node - 20,
          encap: 'IPIP',
        });
      if (mode === 'vxlan')
        return out(node - 50, `Calico auto-detection: host MTU ${node} − 50 (VXLAN)`, {
          dev: 'vxlan.calico',
          mtu: node - 50,
          encap: 'VXLAN',
        });
      return out(node, `Calico auto-detection: host MTU ${node} (no encapsulation enabled)`);
    case 'cilium': {
      // Cilium's MTU setting is the device MTU; in tunnel mode the Pod's routes carry device − 50, which is what
      // TCP in the Pod uses (advmss and the path MTU come from the route).
      const device = set ?? node;
      if (mode === 'tunnel')
        return out(
          node - 50,
          `Cilium: route MTU = device MTU ${device} − 50 (tunnel); the Pod's eth0 keeps ${device}`,
          { dev: 'cilium_vxlan', mtu: node - 50, encap: 'VXLAN' },
          device - 50,
        );
      return out(node, `Cilium: device MTU ${node} (native routing)`, undefined, device);
    }
    case 'aws-vpc-cni':
      return out(node, `AWS VPC CNI: AWS_VPC_ENI_MTU = the ENI's MTU ${node}`);
  }
}

/** A link of the path that can be narrower than what is sent over it. */
type Link =
  | { kind: 'tunnel'; hop: number; a: string; b: string; dev: string; devMtu: number; encap: Encap }
  | { kind: 'wire'; hop: number; a: string; b: string }
  | { kind: 'client'; hop: number };

interface Events {
  /** Steps to add, per hop index. */
  steps: Map<number, string[]>;
  /** What the learner reads in the path's reason. */
  summary: string[];
  lost?: { hop: number; reason: string };
  rules: Set<string>;
  /** Per direction, the size that crossed every link, for the reason when nothing happened. */
  sizes: string[];
}

function addStep(ev: Events, hop: number, text: string): void {
  const l = ev.steps.get(hop);
  if (l) l.push(text);
  else ev.steps.set(hop, [text]);
}

function payload(packet: number): number {
  return Math.max(0, packet - IP_TCP - TS_OPT);
}

function linksOf(hops: readonly Hop[], m: CniMtus): Link[] {
  const links: Link[] = [];
  hops.forEach((h, i) => {
    if (h.layer === 'Client' && h.at.startsWith('client/')) links.push({ kind: 'client', hop: i });
    if (h.layer !== 'CNI') return;
    const t = /^cni\/(.+)->(.+)\/(vxlan|ipip|geneve)$/.exec(h.at);
    if (t && m.tunnel) {
      const encap: Encap = t[3] === 'ipip' ? 'IPIP' : t[3] === 'geneve' ? 'Geneve' : 'VXLAN';
      links.push({
        kind: 'tunnel',
        hop: i,
        a: t[1]!,
        b: t[2]!,
        dev: m.tunnel.dev,
        devMtu: m.tunnel.mtu,
        encap,
      });
      return;
    }
    const w = /^cni\/(.+)->(.+)\/(native|underlay)$/.exec(h.at);
    if (w) links.push({ kind: 'wire', hop: i, a: w[1]!, b: w[2]! });
  });
  return links;
}

/** Outer DF of an encapsulated packet (R15.5): Linux vxlan devices leave it unset by default; IP-in-IP copies it. */
function outerDf(encap: Encap): boolean {
  return encap === 'IPIP';
}

interface Side {
  /** Who sends, in words. */
  who: string;
  ip: string;
  /** The sender's own MTU (its interface or route). */
  mtu: number;
  /** The node the sender's packets are forwarded by first (for the ICMP source), if a Pod. */
  node?: string;
  /** A Pod on a Flannel bridge gets the node's ICMP from cni0's address. */
  icmpFrom?: string;
  /** The address the peer sees this side as, when a node translated it (NodePort: the node's address). */
  natIP?: string;
}

/**
 * One direction: `from` sends `bytes` of payload to `to`, whose SYN announced `peerMss` (after any clamping);
 * `links` in the order the data crosses them. Appends what happens to `ev`; returns false when the data is lost.
 */
function direction(
  ctx: Ctx,
  ev: Events,
  dir: 'response' | 'request',
  from: Side,
  to: Side,
  peerMss: number,
  bytes: number,
  links: readonly Link[],
): boolean {
  const m = cniMtus(ctx.s);
  const underlay = ctx.s.mtu?.underlay;
  const full = Math.min(from.mtu, peerMss + IP_TCP);
  let size = Math.min(full, bytes + IP_TCP + TS_OPT);
  const what = dir === 'response' ? 'response' : 'request body';
  const gotThrough =
    dir === 'response'
      ? 'the handshake and the request, small packets, got through'
      : 'the handshake, small packets, got through';
  ev.rules.add('R15.3');
  const head =
    size < full
      ? `${what} ${bytes} bytes: one ${size}-byte packet (tcp ${payload(size)})`
      : `${what} ${bytes} bytes: full-sized ${size}-byte segments (tcp ${payload(size)}): min(${from.who}'s MTU ${from.mtu}, ${to.who}'s MSS ${peerMss} + 40)`;
  /** `node` cannot forward the segment `through` (a device or link of `mtu`): ICMP back, the sender adapts (R15.4). */
  const pmtud = (at: number, node: string, mtu: number, through: string, icmpTo = from.ip): void => {
    ev.rules.add('R15.4');
    const line =
      from.icmpFrom && node === from.node
        ? ` (tcpdump on ${node}: IP ${from.icmpFrom} > ${from.ip}: ICMP ${to.ip} unreachable - need to frag (mtu ${mtu}), length 556)`
        : '';
    addStep(
      ev,
      at,
      `${node} cannot forward the ${size}-byte segment ${through} with DF set: it drops it and answers ICMP type 3 code 4 "fragmentation needed, mtu ${mtu}" to ${icmpTo}${line}; ${from.who} lowers its path MTU to ${to.ip} to ${mtu} and resends in ${mtu}-byte segments (tcp ${payload(mtu)}): PMTU discovery, one round trip lost (R15.4)`,
    );
    ev.summary.push(
      `the first ${size}-byte ${what} segment is dropped at ${node}, which cannot forward it ${through}; its ICMP "fragmentation needed" (mtu ${mtu}) reaches ${from.who}, which resends in ${mtu}-byte segments (PMTU discovery, R15.4)`,
    );
    size = mtu;
  };
  const blackhole = (at: number, reason: string): false => {
    ev.rules.add('R15.6');
    addStep(ev, at, `${reason} (R15.6)`);
    ev.lost = { hop: at, reason };
    return false;
  };
  /** A narrow link crossed by a DF packet of `pkt` bytes sent by `sender`. */
  const narrow = (
    at: number,
    link: NarrowLink,
    pkt: number,
    df: boolean,
    outer: string,
    fix: string,
  ): boolean => {
    if (pkt <= link.mtu) return true;
    if (link.device === 'switch')
      return blackhole(
        at,
        `${outer} ${pkt}-byte packets exceed ${link.name} (MTU ${link.mtu}): a layer-2 network drops an oversized frame silently — no router on the way, so no ICMP "fragmentation needed"; ${from.who} retransmits the same ${size}-byte segment until the connection times out. The ${what} never arrives: an MTU black hole (${gotThrough}). Fix: ${fix}`,
      );
    if (!df) {
      ev.rules.add('R15.5');
      addStep(
        ev,
        at,
        `${outer} ${pkt}-byte packets exceed ${link.name} (MTU ${link.mtu}); the outer header has DF clear (Linux vxlan default df unset), so ${link.name} fragments them and the receiving node reassembles: delivered, at the cost of two packets per segment (R15.5)`,
      );
      ev.summary.push(
        `${link.name} (MTU ${link.mtu}) fragments the ${pkt}-byte outer packets (VXLAN leaves DF clear, R15.5)`,
      );
      return true;
    }
    if (link.icmpFragNeeded === 'filtered')
      return blackhole(
        at,
        `${outer} ${pkt}-byte packets with DF set exceed ${link.name} (MTU ${link.mtu}): it drops them and sends ICMP type 3 code 4 "fragmentation needed, mtu ${link.mtu}", but that ICMP is filtered on its way back, so ${from.who} never learns the path MTU and retransmits the same ${size}-byte segment until the connection times out. The ${what} never arrives: a PMTU black hole (${gotThrough}). Fix: allow ICMP type 3 code 4 back through the filter, clamp the MSS on ${link.name} (iptables TCPMSS --clamp-mss-to-pmtu on its narrow interface), or ${fix}`,
      );
    return true;
  };
  addStep(ev, links[0]?.hop ?? 0, `MTU: ${head} (R15.3)`);
  const fits = (): true => {
    ev.sizes.push(
      size < full ? `the ${what} is one ${size}-byte packet` : `the ${what} goes in ${size}-byte segments`,
    );
    return true;
  };
  for (const l of links) {
    if (l.kind === 'tunnel') {
      const node = dir === 'response' ? l.b : l.a;
      const peer = dir === 'response' ? l.a : l.b;
      if (size > l.devMtu) pmtud(l.hop, node, l.devMtu, `out of ${l.dev} (mtu ${l.devMtu})`);
      const overhead = ENCAP_OVERHEAD[l.encap];
      const pkt = size + overhead;
      addStep(
        ev,
        l.hop,
        `MTU: ${l.dev} ${l.devMtu} = eth0 ${m.node} − ${overhead} (${l.encap}); a ${size}-byte inner packet leaves ${node} as ${pkt} bytes on eth0 (R15.1)${l.encap === 'VXLAN' ? ` — tcpdump -nq on ${node} eth0: UDP, length ${size + 22}` : ''}`,
      );
      if (pkt > m.node) {
        // Only with a hand-set tunnel larger than the NIC, which the CNIs do not do (R15.2): fragment locally.
        addStep(ev, l.hop, `the outer packet exceeds ${node}'s eth0 (${m.node}): fragmented`);
      }
      if (underlay && !plain(ctx))
        addStep(
          ev,
          l.hop,
          `MTU: ${underlay.name} (${underlay.mtu}) is not checked under ${ctx.s.cni.plugin}: how its encapsulation sets the outer DF is not in the reference (R15.5)`,
        );
      if (underlay && plain(ctx)) {
        const ok = narrow(
          l.hop,
          underlay,
          Math.min(pkt, m.node),
          outerDf(l.encap),
          `${node} → ${peer}: the outer`,
          nodeFix(underlay, overhead),
        );
        if (!ok) return false;
        if (outerDf(l.encap) && pkt > underlay.mtu) {
          // IP-in-IP: the router's ICMP reaches the node (the outer source); ip_tunnel's tnl_update_pmtu then
          // answers the Pod's next segment with ICMP mtu (learnt − 20) — two rounds of PMTUD (R15.5).
          ev.rules.add('R15.5');
          addStep(
            ev,
            l.hop,
            `${underlay.name} drops the ${pkt}-byte outer packet (IP-in-IP copies the inner DF) and answers ICMP "fragmentation needed, mtu ${underlay.mtu}" to ${node}, which records it as the path MTU to ${peer} (R15.5)`,
          );
          pmtud(
            l.hop,
            node,
            underlay.mtu - overhead,
            `into ${l.dev} (its learnt path MTU to ${peer} ${underlay.mtu} − ${overhead})`,
          );
        }
      }
      continue;
    }
    if (l.kind === 'wire') {
      const node = dir === 'response' ? l.b : l.a;
      if (size > m.node) pmtud(l.hop, node, m.node, `out of eth0 (mtu ${m.node})`);
      if (underlay && plain(ctx)) {
        const ok = narrow(
          l.hop,
          underlay,
          size,
          true,
          `${node} → ${dir === 'response' ? l.a : l.b}:`,
          nodeFix(underlay, 0),
        );
        if (!ok) return false;
        if (size > underlay.mtu)
          pmtud(l.hop, underlay.name, underlay.mtu, `onto its ${underlay.mtu}-byte link`);
      }
      continue;
    }
    // The external client's access path.
    const path = ctx.req.clientPath;
    if (dir === 'response' && size > m.node)
      pmtud(l.hop, 'the entry node', m.node, `out of eth0 (mtu ${m.node})`);
    if (path) {
      if (path.clampsMss) {
        addStep(
          ev,
          l.hop,
          `MTU: ${path.name} clamps the MSS of the SYN and SYN-ACK it forwards to ${path.mtu - IP_TCP} (its link ${path.mtu} − 40): every segment fits (R15.7)`,
        );
        ev.rules.add('R15.7');
        ev.summary.push(
          `${path.name} clamped the MSS in the handshake to ${path.mtu - IP_TCP}, so the ${what} goes in ${size}-byte segments that fit its ${path.mtu}-byte link (R15.7)`,
        );
      }
      const ok = narrow(
        l.hop,
        path,
        size,
        true,
        `${from.who} → ${to.who}:`,
        `set the Pod MTU to ${path.mtu} so its segments fit ${path.name}`,
      );
      if (!ok) return false;
      if (size > path.mtu) {
        const dialled = dir === 'response' ? from.natIP : undefined;
        pmtud(l.hop, path.name, path.mtu, `onto its ${path.mtu}-byte link`, dialled ?? from.ip);
        if (dialled && dialled !== from.ip)
          addStep(
            ev,
            l.hop,
            `the ICMP is addressed to ${dialled}, the source the response carried after the entry node reversed its NAT; that node's conntrack relates the ICMP to the connection and translates it on to ${from.ip} (R15.4)`,
          );
      }
    }
  }
  return fits();
}

/** How to fix a narrow underlay by the MTU (R15.7): the node MTU the CNI derives the Pod MTU from, or the Pod MTU. */
function nodeFix(link: NarrowLink, overhead: number): string {
  const pod = link.mtu - overhead;
  return `make the nodes' MTU match ${link.name} (${link.mtu}) so the CNI computes ${pod} for the Pods${overhead ? ` (${link.mtu} − ${overhead})` : ''}, or set the Pod MTU to ${pod} by hand`;
}

/** The narrow-underlay check is modelled for the plugins whose outer DF the reference states (R15.5). */
function plain(ctx: Ctx): boolean {
  const p = ctx.s.cni.plugin;
  return p === 'flannel' || p === 'calico' || p === 'canal';
}

/** Layers that end a TCP connection and open another (each leg has its own MSS): not analysed here. */
const SPLITS = new Set(['Ingress', 'API Gateway', 'Cloud LB']);

function podSide(ctx: Ctx, pod: ModelPod, m: CniMtus): Side {
  const n = pod.nodeName ? ctx.model.nodes.get(pod.nodeName) : undefined;
  const icmpFrom = n && ctx.s.cni.plugin === 'flannel' && !pod.hostNetwork ? bridgeIP(ctx, n) : undefined;
  return {
    who: pod.name,
    ip: pod.ip ?? '?',
    mtu: pod.hostNetwork ? m.node : m.pod,
    ...(pod.nodeName ? { node: pod.nodeName } : {}),
    ...(icmpFrom ? { icmpFrom } : {}),
  };
}

/**
 * Check a delivered TCP path against the MTUs on its links (R15). Returns the path unchanged when the request
 * gives no size; DELIVERED with the PMTU discovery it took, or MTU_BLACKHOLE with the verdict on the link where
 * the data is lost.
 */
export function applyMtu(ctx: Ctx, d: Done): Done {
  const req = ctx.req;
  if (req.responseBytes === undefined && req.requestBytes === undefined) return d;
  if (d.disposition !== 'DELIVERED' || d.pkt.protocol !== 'TCP') return d;
  const ep = d.endpoint?.object;
  const server = ep?.startsWith('pod/') ? ctx.model.pods.get(ep.slice(4)) : undefined;
  const list = d.hops.toArray();
  if (!server || list.some((h) => SPLITS.has(h.layer))) return d;
  const m = cniMtus(ctx.s);
  const f = req.from;
  const clientPod = 'pod' in f ? ctx.model.pods.get(f.pod) : undefined;
  const client: Side = clientPod
    ? podSide(ctx, clientPod, m)
    : 'external' in f
      ? { who: f.external.name, ip: f.external.ip, mtu: req.clientMtu ?? 1500 }
      : { who: 'node' in f ? f.node : 'the client', ip: d.preNatSrc, mtu: m.node };
  const dialled = list[0]?.packet.dst;
  const srv: Side = {
    ...podSide(ctx, server, m),
    ...(dialled && dialled !== server.ip ? { natIP: dialled } : {}),
  };
  const links = linksOf(list, m);
  const clamp = [req.clientPath, ctx.s.mtu?.underlay]
    .filter((l): l is NarrowLink => !!l && l.clampsMss && l.device === 'router')
    .reduce((a, l) => Math.min(a, l.mtu - IP_TCP), Number.POSITIVE_INFINITY);
  const clientMss = Math.min(client.mtu - IP_TCP, clamp);
  const serverMss = Math.min(srv.mtu - IP_TCP, clamp);
  const ev: Events = { steps: new Map(), summary: [], rules: new Set(['R15.2']), sizes: [] };
  // Where the Pods' MTU comes from (R15.2), on each Pod's own hop.
  list.forEach((h, i) => {
    if (h.layer !== 'Pod') return;
    const p = ctx.model.pods.get(h.at.slice(4));
    if (!p || p.hostNetwork) return;
    addStep(
      ev,
      i,
      `MTU: ${p.name} eth0 ${m.pod} (${m.overridden ? `set by hand; the CNI would give ${m.auto}: ${m.how}` : m.how}) (R15.2)`,
    );
  });
  let ok = true;
  if (req.requestBytes !== undefined)
    ok = direction(ctx, ev, 'request', client, srv, serverMss, req.requestBytes, links);
  if (ok && req.responseBytes !== undefined)
    ok = direction(ctx, ev, 'response', srv, client, clientMss, req.responseBytes, [...links].reverse());
  for (const r of ev.rules) ctx.rules.add(r);
  const hops = HopList.from(
    list.map((h, i) => {
      const add = ev.steps.get(i);
      let out = add ? { ...h, steps: [...h.steps, ...add] } : h;
      if (ev.lost && ev.lost.hop === i)
        out = { ...out, verdict: { disposition: 'MTU_BLACKHOLE', reason: ev.lost.reason } };
      return out;
    }),
  );
  if (ev.lost) return { ...d, hops, disposition: 'MTU_BLACKHOLE', reason: ev.lost.reason };
  const note =
    ev.summary.length > 0
      ? `; ${ev.summary.join('; ')}`
      : `; ${ev.sizes.join(' and ')}, which fits every link on the path (R15.3)`;
  return { ...d, hops, reason: `${d.reason}${note}` };
}
