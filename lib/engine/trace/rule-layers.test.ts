/**
 * Every rule a hop cites (its `rule`, and the rule ids in its rewrite notes and steps) must describe what
 * happens at *that kind of hop* in *that cluster* (issue 17 item 1). The table below gives each rule family of
 * /work/shared/networking-reference.md (R1–R12 and R15, plus §A3 rule 3) the hop kinds it may be cited on; it is written
 * from the rules' own text, not from engine output:
 *
 * - R2.2 is the bridge CNI (Flannel, the bridge plugin, `cni0`); R2.3 is Calico's routed veths (`cali*`, the
 *   169.254.1.1 proxy-ARP gateway, a /32 route per Pod) — neither describes Cilium's `lxc*` veths, whose
 *   forwarding is eBPF (Cilium docs "Routing", "eBPF datapath"), nor the AWS VPC CNI.
 * - R3.6/R4.2/R4.3 are kube-proxy's chain walk and its KUBE-EXT masquerade mark (pkg/proxy/iptables/proxier.go;
 *   the nftables proxier keeps the same structure): not Cilium's kube-proxy replacement, which has no KUBE-*
 *   chains and decides SNAT/DSR per lbMode (R4.7, R11.6; Cilium docs kubeproxy-free.rst).
 * - R3.3–R3.5 are the in-cluster resolver (kubelet's resolv.conf, kube-dns, CoreDNS): not a browser's resolver
 *   asking public DNS (reference §D S22 "Resolution: public DNS (not CoreDNS)"; §A3 rule 3 covers the phase).
 * - R14 (Istio sidecar mode) is the Pod's own netns — its nat OUTPUT/PREROUTING rules and the istio-proxy container —
 *   and, for R14.3, the Service whose EndpointSlices Envoy's cluster is built from; never a node or kube-proxy hop.
 * - R6.3 is the Service without a selector and its hand-made EndpointSlice: only on a path that went through
 *   such a Service, not on any Pod's egress to an outside address.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { C1_TEXT, c1With, modelFrom } from '../__fixtures__/build';
import type { ClusterModel, ModelSettings } from '../model';
import { traceAll } from '../trace';
import type { Hop, TraceSet } from '../types';

/** The kind of place a hop is, in a given cluster. */
type Kind =
  | 'container'
  | 'pod'
  | 'node'
  | 'service'
  | 'cni-bridge'
  | 'cni-cali'
  | 'cni-lxc'
  | 'cni-eni'
  | 'overlay'
  | 'native'
  | 'underlay'
  | 'kp-iptables'
  | 'kp-nftables'
  | 'kp-ipvs'
  | 'kp-ebpf'
  | 'cloudlb'
  | 'ingress'
  | 'apigw'
  | 'client'
  | 'public-dns'
  | 'external'
  | 'endpoint-ip';

/** Where the hop sits in the request: the in-cluster DNS query, an outside client's lookup, the connection. */
interface HopContext {
  phase: 'cluster-dns' | 'outside-dns' | 'node-dns' | 'connect';
  /** The path went through a Service without a selector (R6.3). */
  selectorless: boolean;
}

const ANY_KP: Kind[] = ['kp-iptables', 'kp-nftables', 'kp-ipvs', 'kp-ebpf'];
const KUBE_PROXY: Kind[] = ['kp-iptables', 'kp-nftables', 'kp-ipvs'];
const ANY_CNI: Kind[] = ['cni-bridge', 'cni-cali', 'cni-lxc', 'cni-eni', 'overlay', 'native', 'underlay'];

/** Rule (or family prefix ending in '.') → hop kinds it may be cited on. The most specific key wins. */
const RULE_KINDS: Record<string, Kind[]> = {
  // B1: the Pod's network namespace (R1.6 hostNetwork = the node's namespace; R1.4 hostPort DNAT at the node).
  'R1.': ['container', 'pod', 'endpoint-ip'],
  'R1.4': ['container', 'pod', 'node', ...ANY_CNI],
  'R1.5': ['container', 'pod', 'node', 'external', 'endpoint-ip'],
  'R1.6': ['container', 'pod', 'node'],
  // B2: the Pod network.
  'R2.1': ['pod', 'node', 'endpoint-ip', ...ANY_CNI],
  'R2.2': ['cni-bridge'],
  'R2.3': ['cni-cali'],
  'R2.4': ['overlay', 'node'],
  'R2.5': ['native', 'underlay', 'node'],
  'R2.6': ['node', 'overlay', 'native'],
  // B3: ClusterIP and the service dataplane; R3.3–R3.5 in-cluster DNS (checked by phase below).
  'R3.': ['service', 'node', ...ANY_KP],
  'R3.6': ['kp-iptables', 'kp-nftables'],
  'R3.7': KUBE_PROXY,
  'R3.9': ['kp-ipvs'],
  // B4: NodePort; R4.2/R4.3 are kube-proxy's KUBE-NODEPORTS → KUBE-EXT walk and masquerade mark.
  'R4.': ['client', 'node', 'service', 'cloudlb', ...ANY_KP],
  'R4.2': ['service', ...KUBE_PROXY],
  'R4.3': ['service', ...KUBE_PROXY],
  'R4.7': ['kp-ebpf'],
  // B5: cloud load balancers (R5.3 IP targets reach the node's ENI and the Pod directly).
  'R5.': ['client', 'cloudlb', 'node', 'service', ...ANY_KP],
  'R5.3': ['cloudlb', 'node', 'pod', ...ANY_CNI],
  'R6.1': ['pod', 'node', 'service', ...ANY_CNI],
  'R6.2': ['external', 'public-dns', 'node'],
  'R6.3': ['service', 'node', 'external', 'endpoint-ip', ...ANY_KP, ...ANY_CNI],
  'R7.': ['ingress', 'service', 'pod', 'container'],
  'R8.': ['ingress', 'service'],
  'R9.': ['apigw', 'client', 'cloudlb'],
  'R10.': ['pod', 'node', 'container', ...ANY_CNI],
  'R11.1': ANY_KP,
  'R11.2': ['kp-iptables'],
  'R11.3': ['kp-ipvs'],
  'R11.4': ['kp-nftables'],
  'R11.5': ['kp-ebpf', 'pod'],
  'R11.6': ['kp-ebpf'],
  'R11.7': ['kp-ebpf'],
  'R12.': ['node', ...ANY_KP, ...ANY_CNI],
  // B14: Istio sidecar mode happens in the Pod's network namespace (its nat rules, the istio-proxy container) and
  // in Envoy's cluster built from the Service (the logical Service hop).
  'R14.': ['container', 'pod'],
  'R14.3': ['container', 'pod', 'service'],
  // R13 (dual-stack): a family's proxier (R13.3) and a client without an address of the family (ENETUNREACH).
  'R13.': ['container', 'client', 'node', 'pod', ...ANY_KP],
  // B15: MTU — the Pod's own MTU (R15.2) on its hop, sizes and their fate on the links: the overlay or native hop
  // between nodes, the external client's access path (its Client hop).
  'R15.': ['client', 'pod', 'node', ...ANY_CNI],
  '§A3.3': ['client', 'public-dns', 'pod'],
  // §A2's EXITS_CLUSTER row ("egress to the internet"): the outside host, when no Service sent the packet there.
  '§A2': ['external'],
};

const DNS_RULES = new Set(['R3.3', 'R3.4', 'R3.5']);

function allowedKinds(rule: string): Kind[] | undefined {
  if (RULE_KINDS[rule]) return RULE_KINDS[rule];
  const family = /^(R\d+\.)/.exec(rule)?.[1];
  return family ? RULE_KINDS[family] : undefined;
}

function kindOf(h: Hop, s: ModelSettings): Kind {
  const head = h.at.split('/')[0];
  switch (h.layer) {
    case 'Container':
      return 'container';
    case 'Pod':
      return head === 'ip' ? 'endpoint-ip' : 'pod';
    case 'Node':
      return 'node';
    case 'Service':
      return 'service';
    case 'Cloud LB':
      return 'cloudlb';
    case 'Ingress':
      return 'ingress';
    case 'API Gateway':
      return 'apigw';
    case 'Client':
      return head === 'pod' ? 'pod' : 'client';
    case 'DNS':
      return 'public-dns';
    case 'External':
      return 'external';
    case 'kube-proxy':
      return s.serviceDataplane.mode === 'cilium'
        ? 'kp-ebpf'
        : s.serviceDataplane.mode === 'ipvs'
          ? 'kp-ipvs'
          : s.serviceDataplane.mode === 'nftables'
            ? 'kp-nftables'
            : 'kp-iptables';
    case 'CNI': {
      const tunnel = /^cni\/[^/]+->[^/]+\/(\w+)$/.exec(h.at)?.[1];
      if (tunnel === 'underlay') return 'underlay';
      if (tunnel === 'native') return 'native';
      if (tunnel) return 'overlay';
      const p = s.cni.plugin;
      return p === 'flannel'
        ? 'cni-bridge'
        : p === 'cilium'
          ? 'cni-lxc'
          : p === 'aws-vpc-cni'
            ? 'cni-eni'
            : 'cni-cali';
    }
  }
}

/** Rule ids a hop cites: its rule, and those named in its rewrite notes and steps. */
function citedRules(h: Hop): string[] {
  const text = [...h.rewrites.map((r) => r.note), ...h.steps].join(' ');
  const ids = [...text.matchAll(/\bR\d+\.\d+\b/g)].map((m) => m[0]);
  return [...new Set([h.rule, ...ids])].filter((r) => r !== '');
}

function misfits(model: ClusterModel, sets: TraceSet[], label: string): string[] {
  const out: string[] = [];
  const s = model.settings;
  const check = (h: Hop, cx: HopContext, where: string) => {
    const kind = kindOf(h, s);
    for (const r of citedRules(h)) {
      if (DNS_RULES.has(r)) {
        // In-cluster resolver rules: the Pod's query to kube-dns (any hop of that flow), or the node's own
        // resolver for dnsPolicy Default / host processes (R3.4 says Default "inherits the node's resolver").
        const ok = cx.phase === 'cluster-dns' || (r === 'R3.4' && cx.phase === 'node-dns');
        if (!ok)
          out.push(`${where}: ${r} (in-cluster DNS) cited on ${kind} ${h.at} during ${cx.phase}: ${h.label}`);
        continue;
      }
      if (r === '§A3.3' && cx.phase === 'connect') {
        out.push(`${where}: §A3.3 cited on a connection hop ${h.at}`);
        continue;
      }
      if (r === 'R6.3' && !cx.selectorless) {
        out.push(
          `${where}: R6.3 (selector-less Service) cited on ${kind} ${h.at} of a path through no such Service: ${h.label}`,
        );
        continue;
      }
      const allowed = allowedKinds(r);
      if (!allowed) out.push(`${where}: ${r} is not a rule id of the reference (${h.at})`);
      else if (!allowed.includes(kind))
        out.push(
          `${where}: ${r} cited on ${kind} ${h.at} (${s.cni.plugin}, ${s.serviceDataplane.mode}): ${h.label}`,
        );
    }
  };
  // Endpoint addresses of Services without a selector: a path DNATed (or socket-LB rewritten) to one of them
  // went through such a Service, with or without a Service hop.
  const targets = new Set<string>();
  for (const svc of model.services.values())
    if (svc.selector === undefined)
      for (const port of svc.ports) for (const e of port.endpoints) targets.add(`${e.ip}:${e.port}`);
  const selectorless = (hops: Hop[]) =>
    hops.some((h) => h.rewrites.some((r) => r.kind === 'DNAT' && targets.has(r.to)));
  for (const ts of sets) {
    if (ts.dns) {
      const first = ts.dns.hops[0];
      const phase: HopContext['phase'] = ts.dns.hops.some((h) => h.layer === 'DNS')
        ? first?.layer === 'Node' || first?.at.startsWith('pod/')
          ? 'node-dns'
          : 'outside-dns'
        : 'cluster-dns';
      for (const h of ts.dns.hops) check(h, { phase, selectorless: false }, `${label} ${ts.requestId} dns`);
    }
    for (const p of ts.paths) {
      // A failed lookup's path is the DNS query itself.
      const dnsPath = ts.disposition === 'NXDOMAIN' || ts.disposition === 'DNS_TIMEOUT';
      const phase: HopContext['phase'] = !dnsPath
        ? 'connect'
        : p.hops.some((h) => h.layer === 'DNS')
          ? p.hops[0]?.layer === 'Node' || p.hops[0]?.at.startsWith('pod/')
            ? 'node-dns'
            : 'outside-dns'
          : 'cluster-dns';
      for (const h of p.hops)
        check(h, { phase, selectorless: selectorless(p.hops) }, `${label} ${ts.requestId} ${p.id}`);
    }
  }
  return out;
}

/** The shipped library, as shipped and under each service dataplane / CNI it could run on. */
const DIR = join(__dirname, '..', '..', '..', 'content', 'scenarios');
const texts: [string, string][] = [['c1.yaml', C1_TEXT]];
if (existsSync(DIR))
  for (const f of readdirSync(DIR)
    .filter((x) => x.endsWith('.yaml') && !x.endsWith('.expect.yaml'))
    .sort())
    texts.push([f, readFileSync(join(DIR, f), 'utf8')]);

type Variant = { name: string; apply: (s: ModelSettings) => ModelSettings };
const dp = (s: ModelSettings, over: Partial<ModelSettings['serviceDataplane']>): ModelSettings => ({
  ...s,
  serviceDataplane: { ...s.serviceDataplane, ...over },
});
const cilium = (lbMode: 'snat' | 'dsr' | 'hybrid', socketLB: boolean): Variant => ({
  name: `cilium-${lbMode}${socketLB ? '' : '-no-socketlb'}`,
  apply: (s) =>
    dp(
      { ...s, cni: { ...s.cni, plugin: 'cilium', mode: 'tunnel' } },
      {
        mode: 'cilium',
        cilium: { socketLB, lbMode },
      },
    ),
});
const VARIANTS: Variant[] = [
  { name: 'as shipped', apply: (s) => s },
  { name: 'nftables', apply: (s) => dp(s, { mode: 'nftables' }) },
  { name: 'ipvs', apply: (s) => dp(s, { mode: 'ipvs' }) },
  { name: 'calico-ipip', apply: (s) => ({ ...s, cni: { ...s.cni, plugin: 'calico', mode: 'ipip' } }) },
  cilium('snat', true),
  cilium('dsr', false),
  cilium('hybrid', true),
];

describe('each cited rule fits the hop it is cited on (issue 17 item 1)', () => {
  for (const [f, text] of texts) {
    it(f, () => {
      const base = modelFrom(text, f);
      const found: string[] = [];
      for (const v of VARIANTS) {
        // Keep plugin-specific scenarios on their own CNI (aws-vpc-cni IP targets, Calico/Canal policy, Cilium).
        if (v.name !== 'as shipped' && base.settings.cni.plugin !== 'flannel' && /calico|cilium/.test(v.name))
          continue;
        const model: ClusterModel = { ...base, settings: v.apply(base.settings) };
        found.push(...misfits(model, traceAll(model), `${f} [${v.name}]`));
      }
      expect(found).toEqual([]);
    });
  }

  it('a Pod dialling an outside address cites no selector-less-Service rule (R6.3) on its egress', () => {
    const model = c1With({
      requests: `  requests:
    - id: egress
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 93.184.216.34, port: 443 }
`,
    });
    const sets = traceAll(model);
    expect(sets[0]!.disposition).toBe('EXITS_CLUSTER');
    expect(misfits(model, sets, 'egress')).toEqual([]);
  });
});

/** One explicit case per misfit the sweep found (before → after kept in the issue-17 closing note). */
describe('the misfits, one by one', () => {
  const cilium = (lbMode: string) => `  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    cni: { plugin: cilium, mode: tunnel }
    serviceDataplane: { mode: cilium, cilium: { socketLB: true, lbMode: ${lbMode} } }
`;
  const nodePort = `  requests:
    - id: np
      from: { external: { name: laptop, ip: 198.51.100.7 } }
      to: { ip: 192.168.1.11, port: 30080, protocol: TCP }
`;

  // Cilium kubeproxy-free.rst: NodePort in "snat" mode SNATs at the entry node; "dsr" forwards with the client
  // address kept and the backend replies directly; KUBE-EXT/KUBE-MARK-MASQ (R4.3) do not exist without kube-proxy.
  it('Cilium DSR NodePort: the eBPF hop cites lbMode (R11.6), not kube-proxy masquerade (R4.3); no SNAT', () => {
    const ts = traceAll(c1With({ cluster: cilium('dsr'), requests: nodePort }))[0]!;
    expect(ts.rules).not.toContain('R4.3');
    expect(ts.rules).toEqual(expect.arrayContaining(['R4.7', 'R11.6']));
    for (const p of ts.paths) {
      const kp = p.hops.find((h) => h.layer === 'kube-proxy')!;
      expect(kp.rule).toBe('R11.6');
      expect(p.hops.flatMap((h) => h.rewrites).filter((r) => r.kind === 'SNAT')).toEqual([]);
      expect(p.sourceSeenByDestination).toBe('198.51.100.7');
    }
  });

  it('Cilium SNAT NodePort: the SNAT rewrite cites lbMode snat (R11.6), not externalTrafficPolicy Cluster (R4.3)', () => {
    const ts = traceAll(c1With({ cluster: cilium('snat'), requests: nodePort }))[0]!;
    const snats = ts.paths.flatMap((p) => p.hops.flatMap((h) => h.rewrites)).filter((r) => r.kind === 'SNAT');
    expect(snats.length).toBeGreaterThan(0);
    for (const r of snats) expect(r.note).toBe('Cilium NodePort lbMode snat: SNAT (R11.6)');
  });

  // R2.3 is Calico's routed veth (cali*, 169.254.1.1 proxy-ARP); Cilium's lxc* is not Calico.
  it("Cilium's lxc hops do not cite Calico's interface rule (R2.3)", () => {
    const ts = traceAll(
      c1With({
        cluster: cilium('snat'),
        requests: `  requests:
    - id: p2p
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 10.244.2.8, port: 9090, protocol: TCP }
`,
      }),
    )[0]!;
    const cni = ts.paths[0]!.hops.filter((h) => h.layer === 'CNI' && !h.at.includes('->'));
    expect(cni.length).toBe(2);
    for (const h of cni) expect(h.rule).toBe('R2.1');
    expect(ts.rules).not.toContain('R2.3');
  });

  // Reference §D S22: "Resolution: public DNS (not CoreDNS)"; R3.3–R3.5 are the cluster resolver's rules.
  it("a browser's lookup cites §A3 rule 3, not the in-cluster resolver rules", () => {
    const ts = traceAll(modelFrom(C1_TEXT)).find((t) => t.requestId === 'browser')!;
    expect(ts.dns!.hops.map((h) => h.rule)).toEqual(['§A3.3', '§A3.3']);
    expect(ts.dns!.rule).toBe('§A3.3');
    expect(ts.rules.filter((r) => r === 'R3.3' || r === 'R3.4' || r === 'R3.5')).toEqual([]);
  });

  it('plain Pod egress cites the node routing decision (R2.6) and §A2, a selector-less Service R6.3', () => {
    const ts = traceAll(
      c1With({
        requests: `  requests:
    - id: egress
      from: { pod: shop/frontend-1, container: web }
      to: { ip: 93.184.216.34, port: 443 }
`,
      }),
    )[0]!;
    const p = ts.paths[0]!;
    expect(p.hops.slice(-2).map((h) => `${h.layer}:${h.rule}`)).toEqual(['Node:R2.6', 'External:§A2']);
    expect(ts.rules).not.toContain('R6.3');
  });
});
