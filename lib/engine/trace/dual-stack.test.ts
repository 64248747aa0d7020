/**
 * Dual-stack / IPv6 (reference R13), each expectation written from the rule, not from engine output:
 * R13.1 the API server's ipFamilies/ipFamilyPolicy defaulting and refusals (the full upstream table is in
 * conformance/service-ipfamilies.test.ts); R13.2 one EndpointSlice set per family; R13.3 one kube-proxy proxier per
 * family (a packet never changes family; ip6tables / `ip6 kube-proxy` with the same chain names; conntrack -f ipv6;
 * tcpdump `IP6`); R13.4 A and AAAA per ClusterIP, NODATA is not NXDOMAIN, and the client's resolver library decides
 * which family it dials (glibc: RFC 3484 table; musl and Go: RFC 6724 table with fc00::/7 precedence 3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario';
import { modelFrom } from '../__fixtures__/build';
import { trace } from '../trace';
import { tcpdumpLines } from '../wire-text';
import { selectFamily } from './address-selection';

const DIR = join(__dirname, '..', '..', '..', 'content', 'scenarios');
const S53 = readFileSync(join(DIR, '53-dual-stack-service-by-name.yaml'), 'utf8');
const S54 = readFileSync(join(DIR, '54-single-stack-service-ipv6-client.yaml'), 'utf8');
const S55 = readFileSync(join(DIR, '55-ipv6-primary-nodeport-ip6tables.yaml'), 'utf8');

describe('R13.4 destination address selection (one IPv4 and one IPv6 answer)', () => {
  const dual = ['10.244.1.5', 'fd00:10:244:1::5'];
  it('glibc: a ULA outranks IPv4 (RFC 3484 table: ::/0 precedence 40 > ::ffff:0:0/96 10)', () => {
    const s = selectFamily(['10.96.88.20', 'fd00:10:96::58'], dual, 'glibc');
    expect(s.first).toBe(6);
    expect(s.why).toContain('Rule 6');
    expect(s.why).toContain('precedence 40');
  });
  it('musl and Go: a ULA ranks below IPv4 (RFC 6724: fc00::/7 precedence 3 < 35)', () => {
    for (const lib of ['musl', 'go'] as const) {
      const s = selectFamily(['10.96.88.20', 'fd00:10:96::58'], dual, lib);
      expect(s.first).toBe(4);
      expect(s.why).toContain('fc00::/7 (precedence 3)');
    }
  });
  it('Go: a global IPv6 address outranks IPv4 (::/0 precedence 40 > 35)', () => {
    const s = selectFamily(['192.0.2.10', '2001:db8:5::10'], ['10.244.1.5', '2001:db8:244::5'], 'go');
    expect(s.first).toBe(6);
  });
  it('Rule 1: no IPv6 source address → the IPv6 destination is unusable', () => {
    const s = selectFamily(['10.96.88.20', 'fd00:10:96::58'], ['10.244.1.5'], 'glibc');
    expect(s.first).toBe(4);
    expect(s.why).toContain('Rule 1');
  });
  it('glibc Rule 5: a ULA destination from a global IPv6 source has no matching label (fc00::/7 label 6 vs 1) → IPv4', () => {
    const s = selectFamily(['10.96.88.20', 'fd00:10:96::58'], ['10.244.1.5', '2001:db8:244::5'], 'glibc');
    expect(s.first).toBe(4);
    expect(s.why).toContain('Rule 5');
  });
});

describe('R13.1 the loader refuses what the API server refuses', () => {
  const errs = (text: string) => {
    const r = parseScenario(text, 'x.yaml');
    return r.ok ? [] : r.issues.map((i) => i.message);
  };
  it('RequireDualStack on a single-stack cluster', () => {
    const t = S55.replace(/ {4}serviceCIDRs: \[[^\]]*\]\n/, '');
    expect(errs(t).join('\n')).toContain('this cluster is not configured for dual-stack services');
  });
  it('a second ClusterIP of the same family', () => {
    const t = S53.replace('  - 10.96.88.20\n  - fd00:10:96::58\n', '  - 10.96.88.20\n  - 10.96.88.21\n');
    expect(errs(t).join('\n')).toMatch(/different IP family|does not match the expected IP family/);
  });
  it('PreferDualStack on a dual-stack cluster with one ClusterIP: the API server would allocate the second', () => {
    const t = S53.replace('  - 10.96.88.20\n  - fd00:10:96::58\n', '  - 10.96.88.20\n').replace(
      '  ipFamilies:\n  - IPv4\n  - IPv6\n  ipFamilyPolicy: PreferDualStack',
      '  ipFamilyPolicy: PreferDualStack',
    );
    expect(errs(t).join('\n')).toContain('the API server would allocate the IPv6 one');
  });
  it('clusterIP must equal clusterIPs[0]', () => {
    const t = S55.replace('  clusterIP: fd00:10:96::7a\n', '  clusterIP: 10.96.7.122\n');
    expect(errs(t).join('\n')).toContain('must be equal to clusterIP');
  });
  it('two Service CIDRs of one family', () => {
    const t = S53.replace(
      'serviceCIDRs: [10.96.0.0/12, "fd00:10:96::/112"]',
      'serviceCIDRs: [10.96.0.0/12, 10.112.0.0/12]',
    );
    expect(errs(t).join('\n')).toContain('one CIDR per family');
  });
});

describe('R13.2 EndpointSlices per family', () => {
  it('a PreferDualStack Service gets an IPv4 and an IPv6 slice, each with the Pods’ addresses of its family', () => {
    const m = modelFrom(S53);
    const svc = m.services.get('shop/web')!;
    expect(svc.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(svc.clusterIPs).toEqual(['10.96.88.20', 'fd00:10:96::58']);
    const byType = new Map(svc.slices.map((s) => [s.addressType, s.endpoints.flatMap((e) => e.addresses)]));
    expect(byType.get('IPv4')?.sort()).toEqual(['10.244.1.7', '10.244.2.8']);
    expect(byType.get('IPv6')?.sort()).toEqual(['fd00:10:244:1::7', 'fd00:10:244:2::8']);
  });
  it('a single-stack IPv4 Service of dual-stack Pods has IPv4 endpoints only', () => {
    const svc = modelFrom(S54).services.get('shop/legacy')!;
    expect(svc.slices.map((s) => s.addressType)).toEqual(['IPv4']);
    expect(svc.ports[0]!.endpoints.map((e) => e.ip)).toEqual(['10.244.2.9']);
  });
});

describe('R13.3 one proxier per family', () => {
  it('an IPv6 ClusterIP is DNATed to IPv6 endpoints only, by ip6tables with kube-proxy’s chain names', () => {
    const ts = trace(modelFrom(S53), 'main');
    expect(ts.paths.length).toBe(2);
    for (const p of ts.paths) {
      expect(p.endpoint!.ip).toContain(':');
      const kp = p.hops.find((h) => h.layer === 'kube-proxy')!;
      expect(kp.label).toContain('ip6tables');
      expect(kp.kernel?.rules?.command).toBe('ip6tables-save -t nat');
      const lines = kp.kernel!.rules!.lines.map((l) => l.text);
      expect(lines.some((l) => /-d fd00:10:96::58 --dport 80 -j KUBE-SVC-[A-Z2-7]{16}$/.test(l))).toBe(true);
      expect(lines).toContain(
        lines.find((l) => l.endsWith(`-j DNAT --to-destination [${p.endpoint!.ip}]:8080`)),
      );
      // The local-traffic detector of the IPv6 proxier is the IPv6 cluster CIDR.
      expect(lines.some((l) => l.includes('! -s fd00:10:244::/56 -j KUBE-MARK-MASQ'))).toBe(true);
      expect(kp.kernel?.conntrackCommand).toBe('conntrack -L -f ipv6');
      expect(kp.kernel?.conntrack).toMatch(/^tcp +6 120 SYN_SENT src=fd00:10:244:1::5 dst=fd00:10:96::58 /);
    }
  });
  it('nftables: the same rules in table ip6 kube-proxy with ip6 matches; endpoint chain names carry dots', () => {
    const ts = trace(
      modelFrom(S53.replace('serviceDataplane: {mode: iptables}', 'serviceDataplane: {mode: nftables}')),
      'main',
    );
    const p = ts.paths.find((x) => x.endpoint?.ip === 'fd00:10:244:2::8')!;
    const lines = p.hops.find((h) => h.layer === 'kube-proxy')!.kernel!.rules!.lines.map((l) => l.text);
    expect(lines).toContain(
      'add rule ip6 kube-proxy services ip6 daddr . meta l4proto . th dport vmap @service-ips',
    );
    expect(
      lines.some((l) =>
        l.includes('__fd00.10.244.2..8/8080 meta l4proto tcp dnat to [fd00:10:244:2::8]:8080'),
      ),
    ).toBe(true);
  });
  it('the NodePort at a node’s IPv6 address: ip6tables DNAT and MASQUERADE to the node’s IPv6 address', () => {
    const ts = trace(modelFrom(S55), 'main');
    const p = ts.paths[0]!;
    expect(p.endpoint!.ip).toBe('fd00:10:244:2::c');
    expect(p.sourceSeenByDestination).toBe('2001:db8:100::10');
    const k = p.hops.find((h) => h.layer === 'kube-proxy')!.kernel!;
    expect(k.rules!.lines.filter((l) => l.hit).map((l) => l.text)).toContain(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    );
    expect(k.conntrack).toContain('[UNREPLIED] src=fd00:10:244:2::c dst=2001:db8:100::10 sport=8080');
  });
  it('an IPv6 literal from a Pod without an IPv6 address fails at once (ENETUNREACH), nothing is sent', () => {
    const t = S54.replace('  - ip: 10.244.1.5\n  - ip: fd00:10:244:1::5\n', '  - ip: 10.244.1.5\n').replace(
      '    to: {url: "http://legacy/"}\n    ipFamily: IPv6\n',
      '    to: {url: "http://[fd00:10:244:2::9]:8080/"}\n',
    );
    const ts = trace(modelFrom(t), 'curl6');
    expect(ts.disposition).toBe('NO_ROUTE');
    expect(ts.reason).toContain('ENETUNREACH');
    expect(ts.paths[0]!.hops.map((h) => h.layer)).toEqual(['Container']);
  });
  it('tcpdump prints an IPv6 packet as IP6', () => {
    expect(
      tcpdumpLines(
        { src: 'fd00:10:244:1::5', dst: 'fd00:10:244:2::8', dstPort: 8080, protocol: 'TCP' },
        43512,
      ),
    ).toEqual(['IP6 fd00:10:244:1::5.43512 > fd00:10:244:2::8.8080: tcp 0']);
  });
});

describe('R13.4 A and AAAA', () => {
  it('a dual-stack ClusterIP Service answers A and AAAA; glibc dials the AAAA', () => {
    const ts = trace(modelFrom(S53), 'main');
    expect(ts.dns?.records).toEqual([
      { type: 'A', answers: ['10.96.88.20'] },
      { type: 'AAAA', answers: ['fd00:10:96::58'] },
    ]);
    expect(ts.dns?.addressSelection).toContain('glibc');
  });
  it('a single-stack IPv4 Service: AAAA is NOERROR with no records (not NXDOMAIN); the client uses IPv4', () => {
    const ts = trace(modelFrom(S54), 'main');
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.dns?.records).toEqual([
      { type: 'A', answers: ['10.96.120.30'] },
      { type: 'AAAA', answers: [] },
    ]);
    expect(ts.dns?.addressSelection).toContain('not NXDOMAIN');
  });
  it('curl -6 to it: NODATA on the Service name, NXDOMAIN on the rest of the search list, no connection', () => {
    const ts = trace(modelFrom(S54), 'curl6');
    expect(ts.disposition).toBe('NODATA');
    expect(ts.symptom).toBe('NAME_NOT_RESOLVED');
    expect(ts.dns?.tried.map((t) => t.result)).toEqual(['NODATA', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN']);
    expect(ts.dns?.answers).toEqual([]);
    for (const p of ts.paths) expect(p.endpoint).toBeUndefined();
  });
});

describe('R13.3 / R10.4 an ipBlock matches only addresses of its own family', () => {
  it('ipBlock fd00:10:244:1::/64 admits the client over IPv6, not over IPv4', () => {
    const t =
      S53.replace(
        '    serviceDataplane: {mode: iptables}\n',
        '    serviceDataplane: {mode: iptables}\n    networkPolicy: {enforced: true}\n',
      ) +
      `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-node-1-ipv6
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  ingress:
  - from:
    - ipBlock:
        cidr: fd00:10:244:1::/64
`;
    const m = modelFrom(t);
    expect(trace(m, 'main').disposition).toBe('DELIVERED');
    expect(trace(m, 'ipv4').disposition).toBe('DENIED_IN');
  });
});

describe('R13.4 headless dual-stack Service', () => {
  it('one A per ready IPv4 endpoint address and one AAAA per IPv6 one; the client dials among its chosen family', () => {
    const t = S53.replace(
      '  clusterIP: 10.96.88.20\n  clusterIPs:\n  - 10.96.88.20\n  - fd00:10:96::58\n',
      '  clusterIP: None\n  clusterIPs:\n  - None\n',
    );
    const ts = trace(modelFrom(t), 'main');
    expect(ts.dns?.records).toEqual([
      { type: 'A', answers: ['10.244.1.7', '10.244.2.8'] },
      { type: 'AAAA', answers: ['fd00:10:244:1::7', 'fd00:10:244:2::8'] },
    ]);
    expect(ts.paths.map((p) => p.endpoint!.ip).sort()).toEqual(['fd00:10:244:1::7', 'fd00:10:244:2::8']);
  });
});

describe('R13.3 an IPv6 path says IPv6 at every hop (second wire review)', () => {
  // Each statement from its source: ip6tables lists a host address as /128 (ip6tables(8)); Calico routes each local
  // Pod's IPv6 address as a /128 on its cali veth (R2.3, R13.3); an IPv6 host in host:port text is bracketed
  // (RFC 3986 §3.2.2, Go's net.JoinHostPort); an AF_INET socket bound to 0.0.0.0 takes no IPv6 connection —
  // only an AF_INET6 wildcard socket [::] with IPV6_V6ONLY off takes both families (ipv6(7)).
  const ts = trace(modelFrom(S53), 'main');
  const local = ts.paths.find((p) => p.endpoint?.object === 'pod/shop/web-1')!;
  const steps = (p: (typeof ts.paths)[number]) => p.hops.flatMap((h) => [h.label, ...h.steps]);
  it('no IPv4 Pod address and no /32 appears on the same-node IPv6 path', () => {
    const text = steps(local).join('\n');
    expect(text).not.toMatch(/10\.244\.1\.7|\/32\b/);
    const cni = local.hops.filter((h) => h.layer === 'CNI').at(-1)!;
    expect(cni.label).toBe('node-1 cali (routed /128)');
    expect(cni.steps).toContain('node-1 route fd00:10:244:1::7/128 dev cali(web-1)');
  });
  it('the ClusterIP match in the kube-proxy step is a /128', () => {
    for (const p of ts.paths)
      expect(p.hops.find((h) => h.layer === 'kube-proxy')!.steps.join('\n')).toContain(
        'match fd00:10:96::58/128 tcp dpt:80',
      );
  });
  it('IPv6 host:port text is bracketed in the connect step', () => {
    expect(local.hops[0]!.steps[0]).toBe(
      'container shop/frontend-1/app connect [fd00:10:96::58]:80 (src [fd00:10:244:1::5]:E)',
    );
    const client = trace(modelFrom(S55), 'main').paths[0]!.hops[0]!;
    expect(client.steps[0]).toBe('client client [2001:db8:ff::7]:E → [2001:db8:100::10]:30080/TCP');
  });
  it('the accepting socket of an IPv6 connection is the [::] wildcard, not 0.0.0.0', () => {
    expect(local.hops.at(-1)!.steps[0]).toBe(
      'container shop/web-1/web socket [::]:8080/TCP accept (peer fd00:10:244:1::5)',
    );
  });
  it('an app explicitly bound to 0.0.0.0 refuses the IPv6 connection (TCP RST), and still takes IPv4', () => {
    const t = S53.replace(
      '  requests:\n',
      '  listeners:\n  - {pod: shop/web-1, container: web, address: 0.0.0.0, port: 8080, protocol: TCP}\n  - {pod: shop/web-2, container: web, address: 0.0.0.0, port: 8080, protocol: TCP}\n  requests:\n',
    );
    const v6 = trace(modelFrom(t), 'main');
    expect(v6.disposition).toBe('REFUSED');
    expect(v6.reason).toContain('listens on 0.0.0.0:8080 only');
    expect(trace(modelFrom(t), 'ipv4').disposition).toBe('DELIVERED');
  });
  it('ip6tables: the KUBE-NODEPORTS jump excludes ::1 (proxier.go: localhost NodePorts never work on IPv6)', () => {
    const k = trace(modelFrom(S55), 'main').paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!;
    expect(k.kernel!.rules!.lines.map((l) => l.text)).toContain(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS',
    );
    // The IPv4 proxier with localhostNodePorts (the default) writes no such exclusion.
    const k4 = trace(modelFrom(S55), 'ipv4').paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!;
    expect(k4.kernel!.rules!.lines.map((l) => l.text)).toContain(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
  });
  it('nftables: the IPv6 step names ip6 daddr, as the ip6 kube-proxy table does', () => {
    const t = S53.replace('serviceDataplane: {mode: iptables}', 'serviceDataplane: {mode: nftables}');
    const kp = trace(modelFrom(t), 'main').paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!;
    expect(kp.steps.join('\n')).toContain('services: ip6 daddr . meta l4proto . th dport vmap @service-ips');
  });
});

describe('R13.4 NODATA and the search list, per resolver library', () => {
  // glibc resolv/res_query.c __res_context_search: "On a NO_DATA error, keep trying"; musl src/network/lookup_name.c
  // (ClickHouse/musl@ceb2695): name_from_dns returns EAI_NODATA for NOERROR without records, and
  // name_from_dns_search goes on to the next search domain only when that returned 0 (NXDOMAIN).
  it('glibc walks the rest of the search list after NODATA', () => {
    const ts = trace(modelFrom(S54), 'curl6');
    expect(ts.dns?.tried.map((t) => t.result)).toEqual(['NODATA', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN']);
  });
  it('musl stops at the first NODATA: one name asked, EAI_NODATA', () => {
    const t = S54.replace('    ipFamily: IPv6\n', '    ipFamily: IPv6\n    resolver: musl\n');
    expect(t).not.toBe(S54);
    const ts = trace(modelFrom(t), 'curl6');
    expect(ts.disposition).toBe('NODATA');
    expect(ts.dns?.tried).toEqual([
      { name: 'legacy.shop.svc.cluster.local', result: 'NODATA', server: 'cluster' },
    ]);
    expect(ts.reason).toContain('musl ends the search there');
    expect(ts.reason).not.toContain('tries the rest of the search list');
  });
});

describe('nftables NodePort dispatch (kube-proxy nftables proxier, setupNFTables)', () => {
  // cmd/kube-proxy/app/server_linux.go platformApplyDefaults: in nftables mode an unset --nodeport-addresses is
  // `primary`; pkg/proxy/nftables/proxier.go then writes `<ipX> daddr @nodeport-ips meta l4proto . th dport vmap
  // @service-nodeports`, and the `fib daddr type local` form only when the addresses match all (a zero CIDR).
  const nft = S55.replace('serviceDataplane: {mode: iptables', 'serviceDataplane: {mode: nftables');
  const lines = (text: string, req: string) =>
    trace(modelFrom(text), req)
      .paths[0]!.hops.find((h) => h.layer === 'kube-proxy')!
      .kernel!.rules!.lines.map((l) => l.text);
  it('default (primary): the node’s primary address in @nodeport-ips, per family', () => {
    expect(nft).not.toBe(S55);
    // `primary` is per family: the IPv6 proxier's NodePorts are open on the node's primary IPv6 address.
    expect(trace(modelFrom(nft), 'main').disposition).toBe('DELIVERED');
    expect(lines(nft, 'main')).toEqual(
      expect.arrayContaining([
        'add rule ip6 kube-proxy services ip6 daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports',
        'add element ip6 kube-proxy nodeport-ips { 2001:db8:100::10 }',
      ]),
    );
    expect(lines(nft, 'main').some((l) => l.includes('fib daddr type local'))).toBe(false);
  });
  it('--nodeport-addresses ::/0 (match all): fib daddr type local, ::1 excluded', () => {
    const all = nft.replace(
      'serviceDataplane: {mode: nftables',
      'serviceDataplane: {nodePortAddresses: ["::/0"], mode: nftables',
    );
    expect(all).not.toBe(nft);
    expect(lines(all, 'main')).toContain(
      'add rule ip6 kube-proxy services fib daddr type local ip6 daddr != ::1 meta l4proto . th dport vmap @service-nodeports',
    );
  });
});
