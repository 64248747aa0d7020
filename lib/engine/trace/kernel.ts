/**
 * The kernel's own artefacts at a Service hop (issue 17 item 4): what an engineer would see on the translating node
 * with `iptables-save -t nat`, `nft list table ip kube-proxy` or `ipvsadm -Ln`, and `conntrack -L`, generated from
 * the same model and decision as the hop's steps.
 *
 * Chain names and rule texts are kube-proxy's own (kubernetes/kubernetes pkg/proxy/iptables/proxier.go and
 * pkg/proxy/nftables/proxier.go): `KUBE-SVC-` + the first 16 base32 characters of sha256(servicePortName +
 * protocol), `KUBE-SEP-` of sha256(servicePortName + protocol + endpoint); nftables `service-` + the first 8 base32
 * characters of sha256("ns/name/proto/port") + "-ns/name/proto/port", `endpoint-` likewise with "__ip/port". The
 * unit tests check them against the expected rules of upstream's TestOverallIPTablesRules and
 * TestOverallNFTablesRules (kernel.test.ts).
 *
 * Pure: the hashes come from @noble/hashes and @scure/base (audited, dependency-free, run in the browser too).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base32 } from '@scure/base';
import type { Endpoint } from '../model';
import type { KernelRule, KernelView } from '../types';
import type { Ctx } from './state';
import type { DpDecision, DpInput } from './service-dataplane';
import { decisionOrder, nodePortJump, nodePortJumpTakes, svcPortName } from './service-dataplane';
import { EXAMPLE_EPHEMERAL_PORT, EXAMPLE_MASQ_PORT } from '../wire-text';

const enc = new TextEncoder();
/**
 * The first `chars` characters of base32(sha256(s)), `chars` a multiple of 8: base32 turns each 5 bytes into 8
 * characters, so only the bytes those characters come from are encoded (16 characters = 10 bytes), not all 32.
 */
function hash32(s: string, chars: 8 | 16): string {
  return base32.encode(sha256(enc.encode(s)).subarray(0, (chars / 8) * 5));
}

/** pkg/proxy/iptables/proxier.go portProtoHash: the 16-character suffix of KUBE-SVC-/SVL-/EXT-/FW- chains. */
export function iptablesPortProtoHash(servicePortName: string, protocol: string): string {
  return hash32(servicePortName + protocol, 16);
}

/** pkg/proxy/iptables/proxier.go servicePortEndpointChainName: `KUBE-SEP-…` for endpoint "ip:port". */
export function iptablesEndpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash32(servicePortName + protocol + endpoint, 16)}`;
}

/** pkg/proxy/nftables/proxier.go hashAndTruncate (names here never reach the 240-character limit). */
function nftHashed(name: string): string {
  return `${hash32(name, 8)}-${name}`;
}

/** servicePortChainNameBase: "ULMVA6XW-ns1/svc1/tcp/p80". */
export function nftServiceBase(namespace: string, name: string, protocol: string, port: string): string {
  return nftHashed(`${namespace}/${name}/${protocol}/${port}`);
}

/** servicePortEndpointChainNameBase: "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80" (IPv6 colons become dots). */
export function nftEndpointBase(
  namespace: string,
  name: string,
  protocol: string,
  port: string,
  ip: string,
  epPort: number,
): string {
  return nftHashed(`${namespace}/${name}/${protocol}/${port}__${ip.replaceAll(':', '.')}/${epPort}`);
}

/** `ip:port`, with the IPv6 address bracketed (Go's net.JoinHostPort, which kube-proxy's endpoint String() uses). */
export function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The cluster Pod CIDR of the packet's family: each family's proxier is started with that family's
 * --cluster-cidr (dual-stack kube-proxy runs one proxier per family, R13.3).
 */
function podCIDRFor(ctx: Ctx, ip: string): string {
  const v6 = ip.includes(':');
  return ctx.s.podCidrs.find((c) => (c.family === 6) === v6)?.text ?? ctx.s.podCIDR;
}

/** The Service's ClusterIP of the packet's family (each family's proxier sees only its own, R13.3). */
function clusterIPOf(svc: KernelInput['svc'], dst: string): string | undefined {
  const v6 = dst.includes(':');
  return (
    svc.clusterIPs.find((c) => c.includes(':') === v6) ??
    (svc.clusterIPs.length === 0 ? svc.clusterIP : undefined)
  );
}

/** iptables-save quotes a comment that contains a space. */
function comment(c: string): string {
  return /\s/.test(c) ? `"${c}"` : c;
}

/** kube-proxy's `%0.10f` probability for endpoint i of n (the last one has no statistic match). */
export function probability(i: number, n: number): string {
  return (1 / (n - i)).toFixed(10);
}

/** What the kernel view of one Service decision needs: the dataplane's input, the client port and the decision. */
export interface KernelInput extends Omit<DpInput, 'socketLB'> {
  srcPort: number | 'ephemeral' | undefined;
  d: DpDecision;
}

/** One endpoint branch: the endpoint chosen, and the source after SNAT on this node when masqueraded here. */
export interface KernelBranch {
  ep: Endpoint;
  snatTo: string | undefined;
}

/** The rule lines of each endpoint branch of one decision (see serviceKernelViews). */
type BranchLines = (b: KernelBranch) => KernelRule[];

/** The rule lines after MASQUERADE's mark (the same for every masqueraded branch; frozen, shared by all traces). */
const IPTABLES_SNAT: readonly KernelRule[] = Object.freeze(
  [
    { text: `-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000`, hit: true },
    {
      text: `-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
      hit: true,
    },
    { text: `-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN`, hit: false },
    { text: `-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000`, hit: true },
    {
      text: `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`,
      hit: true,
    },
  ].map((r) => Object.freeze(r)),
);

/** The nftables lines after masquerade's mark (likewise), in table `ip kube-proxy` or `ip6 kube-proxy` (R13.3). */
function nftSnat(ipX: 'ip' | 'ip6'): readonly KernelRule[] {
  return Object.freeze(
    [
      { text: `add rule ${ipX} kube-proxy mark-for-masquerade mark set mark or 0x4000`, hit: true },
      { text: `add rule ${ipX} kube-proxy nat-postrouting jump masquerading`, hit: true },
      { text: `add rule ${ipX} kube-proxy masquerading mark and 0x4000 == 0 return`, hit: false },
      { text: `add rule ${ipX} kube-proxy masquerading mark set mark xor 0x4000`, hit: true },
      { text: `add rule ${ipX} kube-proxy masquerading masquerade fully-random`, hit: true },
    ].map((r) => Object.freeze(r)),
  );
}
const NFTABLES_SNAT = { ip: nftSnat('ip'), ip6: nftSnat('ip6') } as const;

/** The index of the endpoint chosen in the decision's list (its first entry with that address and port). */
function chosenIndex(eps: readonly Endpoint[], ep: Endpoint): number {
  return eps.findIndex((e) => e.ip === ep.ip && e.port === ep.port);
}

/** Does the Service's internal (ClusterIP) traffic use the local-endpoints chain? */
function internalLocal(k: KernelInput): boolean {
  return k.svc.internalTrafficPolicy === 'Local';
}

/** The external chain's rules in one mode's syntax (kube-proxy writes the same ones in iptables and nftables). */
interface ExternalChainTexts {
  /** externalTrafficPolicy Cluster: mark for masquerade, then the cluster chain. */
  masquerade: string;
  toCluster: string;
  /** externalTrafficPolicy Local: Pod sources (the local traffic detector) short-circuit to the cluster chain… */
  podShortCircuit: string;
  /** …and so do the node's own sources, masqueraded… */
  masqueradeLocalSource: string;
  localSourceShortCircuit: string;
  /** …everything else goes to the node-local endpoints. */
  toLocal: string;
}

/**
 * The external (KUBE-EXT / external-…) chain as kube-proxy writes it (proxier.go: "masquerade traffic for … external
 * destinations" for Cluster; for Local the Pod-source and LOCAL-source short-circuits before the local chain), with
 * the rules the packet matched on `route` marked; returns which chain the packet went on to.
 */
function externalChain(
  add: (text: string, hit: boolean) => void,
  route: NonNullable<DpDecision['externalRoute']>,
  detector: boolean,
  t: ExternalChainTexts,
): 'cluster' | 'local' {
  if (route === 'cluster') {
    add(t.masquerade, true);
    add(t.toCluster, true);
    return 'cluster';
  }
  const pod = route === 'pod-short-circuit';
  const local = route === 'local-short-circuit';
  if (detector) add(t.podShortCircuit, pod);
  if (!pod) {
    add(t.masqueradeLocalSource, local);
    add(t.localSourceShortCircuit, local);
  }
  if (route === 'local') {
    add(t.toLocal, true);
    return 'local';
  }
  return 'cluster';
}

/**
 * Rule lines of `iptables-save -t nat` the packet walks, in order; `hit` marks the rules it matched. Everything up
 * to the endpoint's own chain is built once per decision; each branch marks its endpoint's rule and adds its chain.
 */
function iptablesRules(ctx: Ctx, k: KernelInput): BranchLines {
  const { svc, port, d } = k;
  const name = svcPortName(svc, port);
  const proto = port.protocol.toLowerCase();
  const h = iptablesPortProtoHash(name, proto);
  const svcChain = `KUBE-SVC-${h}`;
  const svlChain = `KUBE-SVL-${h}`;
  const extChain = `KUBE-EXT-${h}`;
  const fwChain = `KUBE-FW-${h}`;
  const podCIDR = podCIDRFor(ctx, k.dstIP);
  const detector = ctx.s.serviceDataplane.localTrafficDetector === 'ClusterCIDR';
  const masqAll = ctx.s.serviceDataplane.masqueradeAll;
  const out: KernelRule[] = [];
  const add = (text: string, hit: boolean) => out.push({ text, hit });
  const m = `-m ${proto} -p ${proto}`;

  add(
    k.hook === 'OUTPUT'
      ? `-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`
      : `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    true,
  );

  // Which policy chain the packet reaches.
  let policy: string;
  if (k.entry === 'clusterIP') {
    policy = internalLocal(k) ? svlChain : svcChain;
    add(
      `-A KUBE-SERVICES -m comment --comment ${comment(`${name} cluster IP`)} ${m} -d ${k.dstIP} --dport ${k.dstPort} -j ${policy}`,
      true,
    );
  } else {
    const route = k.d.externalRoute ?? 'cluster';
    const hasRanges = k.entry === 'loadBalancer' && svc.loadBalancerSourceRanges.length > 0;
    if (k.entry === 'nodePort') {
      // proxier.go: with --nodeport-addresses matching all, one addrtype LOCAL jump (localhost excluded on IPv6, and on
      // IPv4 without localhost NodePorts); otherwise one `-d <node IP>` jump per node address in the CIDRs.
      const dp = ctx.s.serviceDataplane;
      const v6 = k.dstIP.includes(':');
      const j = nodePortJump(dp, k.dstIP);
      const jump = `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"`;
      if (j.matchAll)
        add(
          `${jump} -m addrtype --dst-type LOCAL${j.notLocal ? ` ! -d ${j.notLocal}` : ''} -j KUBE-NODEPORTS`,
          true,
        );
      else {
        const ips = k.node.addresses.filter((a) => a.includes(':') === v6 && nodePortJumpTakes(j, a));
        if (!v6 && dp.localhostNodePorts && nodePortJumpTakes(j, '127.0.0.1')) ips.push('127.0.0.1');
        for (const ip of ips) add(`${jump} -d ${ip} -j KUBE-NODEPORTS`, ip === k.dstIP);
      }
      add(
        `-A KUBE-NODEPORTS -m comment --comment ${comment(name)} ${m} --dport ${k.dstPort} -j ${extChain}`,
        true,
      );
    } else {
      const what = k.entry === 'loadBalancer' ? 'loadbalancer IP' : 'external IP';
      add(
        `-A KUBE-SERVICES -m comment --comment ${comment(`${name} ${what}`)} ${m} -d ${k.dstIP} --dport ${k.dstPort} -j ${hasRanges ? fwChain : extChain}`,
        true,
      );
    }
    if (hasRanges) {
      for (const r of svc.loadBalancerSourceRanges)
        add(
          `-A ${fwChain} -m comment --comment ${comment(`${name} loadbalancer IP`)} -s ${r.trim()} -j ${extChain}`,
          true,
        );
    }
    const to = externalChain(add, route, detector, {
      masquerade: `-A ${extChain} -m comment --comment ${comment(`masquerade traffic for ${name} external destinations`)} -j KUBE-MARK-MASQ`,
      toCluster: `-A ${extChain} -j ${svcChain}`,
      podShortCircuit: `-A ${extChain} -m comment --comment ${comment(`pod traffic for ${name} external destinations`)} -s ${podCIDR} -j ${svcChain}`,
      masqueradeLocalSource: `-A ${extChain} -m comment --comment ${comment(`masquerade LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      localSourceShortCircuit: `-A ${extChain} -m comment --comment ${comment(`route LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`,
      toLocal: `-A ${extChain} -j ${svlChain}`,
    });
    policy = to === 'local' ? svlChain : svcChain;
  }

  // The policy chain: the ClusterIP masquerade rule (internal chain only), affinity, then the endpoints.
  const internalChain = internalLocal(k) ? svlChain : svcChain;
  const cip = clusterIPOf(svc, k.dstIP);
  if (policy === internalChain && cip) {
    const vip = `-m comment --comment ${comment(`${name} cluster IP`)} ${m} -d ${cip} --dport ${port.port}`;
    const hitMasq = k.entry === 'clusterIP' && d.masq;
    if (masqAll) add(`-A ${policy} ${vip} -j KUBE-MARK-MASQ`, hitMasq);
    else if (detector) add(`-A ${policy} ${vip} ! -s ${podCIDR} -j KUBE-MARK-MASQ`, hitMasq);
  }
  const eps = decisionOrder(d);
  const sep = (e: Endpoint) => iptablesEndpointChain(name, proto, hostPort(e.ip, e.port));
  const seps = eps.map(sep);
  const affinity = svc.sessionAffinity === 'ClientIP';
  if (affinity)
    eps.forEach((e, i) =>
      add(
        `-A ${policy} -m comment --comment ${comment(`${name} -> ${hostPort(e.ip, e.port)}`)} -m recent --name ${seps[i]!} --rcheck --seconds ${svc.affinityTimeoutSeconds} --reap -j ${seps[i]!}`,
        false,
      ),
    );
  // Each endpoint's rule, as passed over (shared by the branches that did not pick it) and its text.
  const texts = eps.map((e, i) => {
    const last = i === eps.length - 1;
    return `-A ${policy} -m comment --comment ${comment(`${name} -> ${hostPort(e.ip, e.port)}`)}${last ? '' : ` -m statistic --mode random --probability ${probability(i, eps.length)}`} -j ${seps[i]!}`;
  });
  const passed = texts.map((text) => ({ text, hit: false }));
  const named = comment(name);
  return ({ ep, snatTo }) => {
    const chosen = chosenIndex(eps, ep);
    const lines = [...out];
    for (let i = 0; i < eps.length; i++)
      lines.push(i === chosen ? { text: texts[i]!, hit: true } : passed[i]!);
    // The endpoint's chain: hairpin masquerade, then DNAT.
    const chain = chosen >= 0 ? seps[chosen]! : sep(ep);
    lines.push(
      {
        text: `-A ${chain} -m comment --comment ${named} -s ${ep.ip} -j KUBE-MARK-MASQ`,
        hit: ep.ip === k.srcIP,
      },
      {
        text: `-A ${chain} -m comment --comment ${named}${affinity ? ` -m recent --name ${chain} --set` : ''} ${m} -j DNAT --to-destination ${hostPort(ep.ip, ep.port)}`,
        hit: true,
      },
    );
    if (snatTo) lines.push(...IPTABLES_SNAT);
    return lines;
  };
}

/**
 * Lines of kube-proxy's nftables transaction (`add rule ip kube-proxy …`, `add element …`) the packet walks; the
 * lines up to the endpoint's own chain are built once per decision.
 */
function nftablesRules(ctx: Ctx, k: KernelInput): BranchLines {
  const { svc, port, d } = k;
  const proto = port.protocol.toLowerCase();
  const base = nftServiceBase(svc.namespace, svc.name, proto, port.name);
  const svcChain = `service-${base}`;
  const localChain = `local-${base}`;
  const extChain = `external-${base}`;
  const podCIDR = podCIDRFor(ctx, k.dstIP);
  const detector = ctx.s.serviceDataplane.localTrafficDetector === 'ClusterCIDR';
  const masqAll = ctx.s.serviceDataplane.masqueradeAll;
  // The IPv6 proxier writes the same rules in table `ip6 kube-proxy` with ip6 matches (setupNFTables: ipX).
  const ipX = k.dstIP.includes(':') ? 'ip6' : 'ip';
  const T = `${ipX} kube-proxy`;
  const out: KernelRule[] = [];
  const add = (text: string, hit: boolean) => out.push({ text, hit });

  add(`add rule ${T} ${k.hook === 'OUTPUT' ? 'nat-output' : 'nat-prerouting'} jump services`, true);
  let policy: string;
  if (k.entry === 'nodePort') {
    // nftables proxier: the `fib daddr type local` form only when --nodeport-addresses matches all of the family (a
    // zero CIDR, or no CIDR of that family); unset, the nftables backend defaults to `primary` and matches the node's
    // primary IP(s) in @nodeport-ips.
    const j = nodePortJump(ctx.s.serviceDataplane, k.dstIP);
    if (j.given && j.matchAll)
      add(
        `add rule ${T} services fib daddr type local ${ipX === 'ip6' ? 'ip6 daddr != ::1' : 'ip daddr != 127.0.0.0/8'} meta l4proto . th dport vmap @service-nodeports`,
        true,
      );
    else {
      add(
        `add rule ${T} services ${ipX} daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`,
        true,
      );
      add(`add element ${T} nodeport-ips { ${k.dstIP} }`, true);
    }
    add(`add element ${T} service-nodeports { ${proto} . ${k.dstPort} : goto ${extChain} }`, true);
  } else {
    add(`add rule ${T} services ${ipX} daddr . meta l4proto . th dport vmap @service-ips`, true);
    const target = k.entry === 'clusterIP' ? (internalLocal(k) ? localChain : svcChain) : extChain;
    add(`add element ${T} service-ips { ${k.dstIP} . ${proto} . ${k.dstPort} : goto ${target} }`, true);
  }
  if (k.entry === 'clusterIP') policy = internalLocal(k) ? localChain : svcChain;
  else {
    const to = externalChain(add, k.d.externalRoute ?? 'cluster', detector, {
      masquerade: `add rule ${T} ${extChain} jump mark-for-masquerade`,
      toCluster: `add rule ${T} ${extChain} goto ${svcChain}`,
      podShortCircuit: `add rule ${T} ${extChain} ${ipX} saddr ${podCIDR} goto ${svcChain} comment "short-circuit pod traffic"`,
      masqueradeLocalSource: `add rule ${T} ${extChain} fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"`,
      localSourceShortCircuit: `add rule ${T} ${extChain} fib saddr type local goto ${svcChain} comment "short-circuit local traffic"`,
      toLocal: `add rule ${T} ${extChain} goto ${localChain}`,
    });
    policy = to === 'local' ? localChain : svcChain;
  }
  const internalChain = internalLocal(k) ? localChain : svcChain;
  const cip = clusterIPOf(svc, k.dstIP);
  if (policy === internalChain && cip) {
    const hitMasq = k.entry === 'clusterIP' && d.masq;
    if (masqAll) add(`add rule ${T} ${policy} ${ipX} daddr ${cip} jump mark-for-masquerade`, hitMasq);
    else if (detector)
      add(
        `add rule ${T} ${policy} ${ipX} daddr ${cip} ${ipX} saddr != ${podCIDR} jump mark-for-masquerade`,
        hitMasq,
      );
  }
  const eps = decisionOrder(d);
  const epBase = (e: Endpoint) => nftEndpointBase(svc.namespace, svc.name, proto, port.name, e.ip, e.port);
  const bases = eps.map(epBase);
  const affinity = svc.sessionAffinity === 'ClientIP';
  if (affinity)
    for (const b of bases)
      add(`add rule ${T} ${policy} ${ipX} saddr @affinity-${b} goto endpoint-${b}`, false);
  add(
    `add rule ${T} ${policy} numgen random mod ${eps.length} vmap { ${bases.map((b, i) => `${i} : goto endpoint-${b}`).join(' , ')} }`,
    true,
  );
  return ({ ep, snatTo }) => {
    const chosen = chosenIndex(eps, ep);
    const base = chosen >= 0 ? bases[chosen]! : epBase(ep);
    const chain = `endpoint-${base}`;
    const lines = [...out];
    lines.push({
      text: `add rule ${T} ${chain} ${ipX} saddr ${ep.ip} jump mark-for-masquerade`,
      hit: ep.ip === k.srcIP,
    });
    if (affinity)
      lines.push({ text: `add rule ${T} ${chain} update @affinity-${base} { ${ipX} saddr }`, hit: true });
    lines.push({
      text: `add rule ${T} ${chain} meta l4proto ${proto} dnat to ${hostPort(ep.ip, ep.port)}`,
      hit: true,
    });
    if (snatTo) lines.push(...NFTABLES_SNAT[ipX]);
    return lines;
  };
}

/** `ipvsadm -Ln -t|-u VIP:port` for the virtual server, with the real server chosen marked. */
function ipvsRules(ctx: Ctx, k: KernelInput): BranchLines {
  const { port, d } = k;
  const sched = ctx.s.serviceDataplane.ipvsScheduler;
  const vs = hostPort(k.dstIP, k.dstPort);
  const head: KernelRule[] = [
    { text: 'Prot LocalAddress:Port Scheduler Flags', hit: false },
    { text: '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn', hit: false },
    { text: `${port.protocol.padEnd(4)} ${vs} ${sched}`, hit: true },
  ];
  const eps = decisionOrder(d);
  const texts = eps.map((e) => `  -> ${hostPort(e.ip, e.port).padEnd(26)} Masq    1      0          0`);
  const passed = texts.map((text) => ({ text, hit: false }));
  // Every real server with the chosen address and port is marked.
  return ({ ep }) => [
    ...head,
    ...eps.map((e, i) =>
      e.ip === ep.ip && e.port === ep.port ? { text: texts[i]!, hit: true } : passed[i]!,
    ),
  ];
}

function conntrackLine(k: KernelInput, b: KernelBranch, sport: number): string {
  const proto = k.port.protocol;
  const replyDst = b.snatTo ?? k.srcIP;
  const replyDport = b.snatTo ? EXAMPLE_MASQ_PORT : sport;
  const head =
    proto === 'UDP'
      ? 'udp      17 30'
      : proto === 'SCTP'
        ? 'sctp     132 10 COOKIE_WAIT'
        : 'tcp      6 120 SYN_SENT';
  return `${head} src=${k.srcIP} dst=${k.dstIP} sport=${sport} dport=${k.dstPort} [UNREPLIED] src=${b.ep.ip} dst=${replyDst} sport=${b.ep.port} dport=${replyDport} mark=0 use=1`;
}

/**
 * The kernel view of each endpoint branch of a Service hop: the rules that matched (iptables, nftables, IPVS) and
 * the conntrack entry the first packet creates. The lines every branch shares (the Service's chains, each other
 * endpoint's rule as passed over) are built once per decision, not once per branch: a Service with n endpoints
 * lists n endpoint rules in each of its n branches. Cilium's eBPF service LB has neither netfilter rules nor a
 * netfilter conntrack entry, so it gets none (its own BPF maps are out of scope here).
 */
export function serviceKernelViews(ctx: Ctx, k: KernelInput): ((b: KernelBranch) => KernelView) | undefined {
  const mode = ctx.s.serviceDataplane.mode;
  if (mode === 'cilium') return undefined;
  const sport = typeof k.srcPort === 'number' ? k.srcPort : EXAMPLE_EPHEMERAL_PORT;
  // IPv6 (R13.3): the IPv6 proxier's rules are in ip6tables; IPv6 entries in the IPv6 conntrack table, which
  // `conntrack -L` does not list unless given `-f ipv6`.
  const v6 = k.dstIP.includes(':');
  const command =
    mode === 'iptables'
      ? `${v6 ? 'ip6tables-save' : 'iptables-save'} -t nat`
      : mode === 'nftables'
        ? 'nft (kube-proxy’s rules, as it writes them)'
        : `ipvsadm -Ln ${k.port.protocol === 'UDP' ? '-u' : '-t'} ${hostPort(k.dstIP, k.dstPort)}`;
  const lines =
    mode === 'iptables'
      ? iptablesRules(ctx, k)
      : mode === 'nftables'
        ? nftablesRules(ctx, k)
        : ipvsRules(ctx, k);
  return (b) => {
    const notes: string[] = [];
    if (typeof k.srcPort !== 'number')
      notes.push(`${EXAMPLE_EPHEMERAL_PORT} stands for the client's ephemeral source port.`);
    if (b.snatTo)
      notes.push(
        `MASQUERADE picks a random source port (fully-random); ${EXAMPLE_MASQ_PORT} stands for it in the reply tuple.`,
      );
    const view: KernelView = {
      rules: { command, lines: lines(b) },
      conntrack: conntrackLine(k, b, sport),
    };
    if (v6) view.conntrackCommand = 'conntrack -L -f ipv6';
    if (notes.length > 0) view.note = notes.join(' ');
    return view;
  };
}
