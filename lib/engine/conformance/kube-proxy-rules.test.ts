/**
 * Wire level shows kube-proxy's own rules (issue 17 item 4). Expected lines transcribed from kubernetes/kubernetes
 * (commit 81810de635aa13aa0a32992f6def3aa9d6025ebc):
 * - pkg/proxy/iptables/proxier_test.go TestOverallIPTablesRules (the `*nat` table: ns1/svc1, ns4/svc4);
 * - pkg/proxy/nftables/proxier_test.go TestOverallNFTablesRules (`# svc1`, `# svc4`).
 * The fixture mirrors those tests' objects: Pod CIDR 10.0.0.0/8 (NewFakeProxier's local detector), ns1/svc1
 * ClusterIP 172.30.0.41:80 "p80" → 10.180.0.1:80; ns4/svc4 ClusterIP 172.30.0.44, externalIP 192.168.99.33 →
 * 10.180.0.4:80 and 10.180.0.5:80. (Upstream's NodePorts 3001–3003 are outside our default range; NodePort
 * rules are not compared.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';
import {
  iptablesEndpointChain,
  iptablesPortProtoHash,
  nftEndpointBase,
  nftServiceBase,
  probability,
} from '../trace/kernel';
import type { KernelView, TraceSet } from '../types';

const TEXT = readFileSync(join(__dirname, '..', '__fixtures__', 'kube-proxy-overall.yaml'), 'utf8');
const withMode = (mode: string) =>
  modelFrom(TEXT.replace('serviceDataplane: {mode: iptables,', `serviceDataplane: {mode: ${mode},`));

function kernels(ts: TraceSet): KernelView[] {
  return ts.paths.flatMap((p) => p.hops.filter((h) => h.kernel).map((h) => h.kernel!));
}
const lines = (k: KernelView) => k.rules!.lines.map((l) => l.text);
const hits = (k: KernelView) => k.rules!.lines.filter((l) => l.hit).map((l) => l.text);

describe('kube-proxy chain names (proxier.go portProtoHash, servicePortEndpointChainName, hashAndTruncate)', () => {
  it.each([
    ['ns1/svc1:p80', 'XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', '4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'NUKIZ6OKUXPJNT4C'],
  ])('iptables %s → KUBE-SVC-%s', (name, hash) => {
    expect(iptablesPortProtoHash(name, 'tcp')).toBe(hash);
  });
  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns2/svc2:p80', '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ'],
    ['ns3/svc3:p80', '10.180.0.3:80', 'KUBE-SEP-OYPFS5VJICHGATKP'],
    ['ns4/svc4:p80', '10.180.0.4:80', 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
    ['ns4/svc4:p80', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
    ['ns5/svc5:p80', '10.180.0.3:80', 'KUBE-SEP-I77PXRDZVX7PMWMN'],
  ])('iptables %s endpoint %s → %s', (name, ep, chain) => {
    expect(iptablesEndpointChain(name, 'tcp', ep)).toBe(chain);
  });
  it.each([
    ['ns1', 'svc1', 'ULMVA6XW-ns1/svc1/tcp/p80'],
    ['ns2', 'svc2', '42NFTM6N-ns2/svc2/tcp/p80'],
    ['ns3', 'svc3', '4AT6LBPK-ns3/svc3/tcp/p80'],
    ['ns4', 'svc4', 'LAUZTJTB-ns4/svc4/tcp/p80'],
    ['ns5', 'svc5', 'HVFWP5L3-ns5/svc5/tcp/p80'],
  ])('nftables %s/%s → %s', (ns, name, base) => {
    expect(nftServiceBase(ns, name, 'tcp', 'p80')).toBe(base);
  });
  it.each([
    ['ns1', 'svc1', '10.180.0.1', '5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80'],
    ['ns2', 'svc2', '10.180.0.2', 'SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80'],
    ['ns3', 'svc3', '10.180.0.3', 'UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80'],
    ['ns4', 'svc4', '10.180.0.4', 'UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80'],
    ['ns4', 'svc4', '10.180.0.5', '5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80'],
    ['ns5', 'svc5', '10.180.0.3', 'GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80'],
  ])('nftables %s/%s endpoint %s → %s', (ns, name, ip, base) => {
    expect(nftEndpointBase(ns, name, 'tcp', 'p80', ip, 80)).toBe(base);
  });
  it('statistic probabilities are 1/n, 1/(n-1), … with %0.10f, as proxier.go writes them', () => {
    expect(probability(0, 2)).toBe('0.5000000000');
    expect(probability(0, 3)).toBe('0.3333333333');
    expect(probability(1, 3)).toBe('0.5000000000');
  });
});

describe('iptables mode: the rules a connection walks are upstream TestOverallIPTablesRules lines', () => {
  const m = withMode('iptables');
  it('ns1/svc1 ClusterIP from a Pod', () => {
    const [k] = kernels(trace(m, 'svc1'));
    expect(lines(k!)).toEqual(
      expect.arrayContaining([
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
      ]),
    );
    // From a Pod (inside 10.0.0.0/8): the masquerade and hairpin rules are passed over, the rest match.
    expect(hits(k!)).not.toContain(
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
    );
    expect(hits(k!)).toContain(
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
    );
  });

  it('ns4/svc4 with two endpoints: the first has the statistic match, the last none', () => {
    const ks = kernels(trace(m, 'svc4'));
    expect(ks).toHaveLength(2);
    for (const k of ks)
      expect(lines(k)).toEqual(
        expect.arrayContaining([
          '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
          '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
        ]),
      );
    const toFive = ks.find((k) => lines(k).some((l) => l.includes('--to-destination 10.180.0.5:80')))!;
    expect(hits(toFive)).toContain(
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
    );
    expect(hits(toFive)).not.toContain(
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
    );
  });

  it('ns4/svc4 externalIP from outside: KUBE-SERVICES → KUBE-EXT (mark for masquerade) → KUBE-SVC, then MASQUERADE', () => {
    const ks = kernels(trace(m, 'svc4-external-ip'));
    expect(ks.length).toBeGreaterThan(0);
    for (const k of ks) {
      expect(hits(k)).toEqual(
        expect.arrayContaining([
          '-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK',
          '-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ',
          '-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK',
          '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
          '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
        ]),
      );
      // The ClusterIP masquerade rule sits in KUBE-SVC but only matches -d 172.30.0.44: passed over.
      expect(hits(k).some((l) => l.includes('-d 172.30.0.44'))).toBe(false);
    }
  });
});

describe('nftables mode: the rules a connection walks are upstream TestOverallNFTablesRules lines', () => {
  const m = withMode('nftables');
  it('ns1/svc1 ClusterIP from a Pod', () => {
    const [k] = kernels(trace(m, 'svc1'));
    expect(lines(k!)).toEqual(
      expect.arrayContaining([
        'add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }',
        'add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade',
        'add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }',
        'add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade',
        'add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80',
      ]),
    );
  });
  it('ns4/svc4: one numgen vmap over both endpoints; the externalIP goes through external-…', () => {
    const [k] = kernels(trace(m, 'svc4'));
    expect(lines(k!)).toContain(
      'add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }',
    );
    const [e] = kernels(trace(m, 'svc4-external-ip'));
    expect(hits(e!)).toEqual(
      expect.arrayContaining([
        'add element ip kube-proxy service-ips { 192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80 }',
        'add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 jump mark-for-masquerade',
        'add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 goto service-LAUZTJTB-ns4/svc4/tcp/p80',
      ]),
    );
  });
});

describe('conntrack entry (conntrack -L): original tuple as addressed, reply tuple from the endpoint', () => {
  it('a Pod to a ClusterIP: reply from the endpoint to the Pod, no SNAT', () => {
    const [k] = kernels(trace(withMode('iptables'), 'svc1'));
    expect(k!.conntrack).toBe(
      'tcp      6 120 SYN_SENT src=10.0.0.2 dst=172.30.0.41 sport=43512 dport=80 [UNREPLIED] src=10.180.0.1 dst=10.0.0.2 sport=80 dport=43512 mark=0 use=1',
    );
    expect(k!.note).toContain('43512 stands for');
  });
  it('from outside to an externalIP: the reply tuple is addressed to the node (MASQUERADE)', () => {
    for (const k of kernels(trace(withMode('iptables'), 'svc4-external-ip'))) {
      expect(k.conntrack).toMatch(
        /^tcp {6}6 120 SYN_SENT src=203\.0\.113\.2 dst=192\.168\.99\.33 sport=43512 dport=80 \[UNREPLIED\] src=10\.180\.0\.[45] dst=\S+ sport=80 dport=36817 mark=0 use=1$/,
      );
      expect(k.conntrack).not.toContain('dst=203.0.113.2 sport=80');
    }
  });
  it('IPVS lists the virtual server with its real servers; Cilium (no netfilter rules) has no kernel view', () => {
    const [k] = kernels(trace(withMode('ipvs'), 'svc4'));
    expect(k!.rules!.command).toBe('ipvsadm -Ln -t 172.30.0.44:80');
    expect(lines(k!).join('\n')).toMatch(/-> 10\.180\.0\.4:80 +Masq/);
    expect(kernels(trace(withMode('cilium'), 'svc4'))).toHaveLength(0);
  });
});
