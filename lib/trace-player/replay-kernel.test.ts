/**
 * The replay's kernel view (issue 17 item 4): kube-proxy's rules and the conntrack entry on the Service hop, tcpdump
 * lines where the packet passes an interface, with the stand-in ports consistent along the path (after MASQUERADE
 * the packet carries the port MASQUERADE picked, as the conntrack reply tuple says). Scenario 08: a browser →
 * NodePort 30080 on node-2 → frontend-1 on node-1 over Flannel VXLAN (UDP 8472), SNAT to node-2's flannel.1 address.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '@/lib/engine';
import { tcpdumpLines } from '@/lib/engine/wire-text';
import { parseScenario } from '@/lib/scenario';
import { buildDiagramGraph } from './graph';
import { replayFrames } from './replay';

const file = path.join(__dirname, '..', '..', 'content', 'scenarios', '08-nodeport-cluster-policy.yaml');
const parsed = parseScenario(readFileSync(file, 'utf8'), file);
if (!parsed.ok) throw new Error('scenario 08 does not parse');
const ts = trace(buildModel(parsed.input), 'main');
const frames = replayFrames(ts.paths[0]!, buildDiagramGraph(parsed.input));

describe('replay frames at wire level: the node’s own view', () => {
  it('the kube-proxy frame carries the rules and the conntrack entry; the client has no interface here', () => {
    const kp = frames.find((f) => f.layer === 'kube-proxy')!;
    expect(kp.kernel?.rules?.command).toBe('iptables-save -t nat');
    expect(kp.kernel?.conntrack).toContain('src=198.51.100.7 dst=192.168.1.11 sport=43512 dport=30080');
    expect(kp.kernel?.conntrack).toContain('src=10.244.1.5 dst=10.244.2.0 sport=8080 dport=36817');
    expect(kp.tcpdump).toEqual([]);
    expect(frames.find((f) => f.layer === 'Client')!.tcpdump).toEqual([]);
  });

  it('before the SNAT the packet carries the client port, after it the MASQUERADE port, inside and outside the tunnel', () => {
    const entry = frames.find((f) => f.layer === 'Node')!;
    expect(entry.tcpdump).toEqual(['IP 198.51.100.7.43512 > 192.168.1.11.30080: tcp 0']);
    const far = frames.filter((f) => f.layer === 'Node')[1]!;
    expect(far.tcpdump).toEqual([
      'IP 192.168.1.11.41720 > 192.168.1.10.8472: UDP, length 82',
      'IP 10.244.2.0.36817 > 10.244.1.5.8080: tcp 0',
    ]);
    const pod = frames.find((f) => f.layer === 'Pod')!;
    expect(pod.tcpdump).toEqual(['IP 10.244.2.0.36817 > 10.244.1.5.8080: tcp 0']);
  });
});

describe('tcpdumpLines (tcpdump -nq)', () => {
  const syn = { src: '10.244.1.5', dst: '10.244.2.8', dstPort: 9090, protocol: 'TCP' as const };
  it('prints a SYN as "tcp 0" and IP-in-IP with the inner packet and (ipip-proto-4)', () => {
    expect(tcpdumpLines(syn, 43512)).toEqual(['IP 10.244.1.5.43512 > 10.244.2.8.9090: tcp 0']);
    expect(
      tcpdumpLines({ ...syn, outer: { src: '192.168.1.10', dst: '192.168.1.11', protocol: 'IPIP' } }, 43512),
    ).toEqual([
      'IP 192.168.1.10 > 192.168.1.11: IP 10.244.1.5.43512 > 10.244.2.8.9090: tcp 0 (ipip-proto-4)',
    ]);
  });
  it('prints nothing for UDP and ICMP (their payload size is not in the model)', () => {
    expect(tcpdumpLines({ ...syn, protocol: 'UDP', dstPort: 53 }, 43512)).toEqual([]);
    expect(tcpdumpLines({ src: 'a', dst: 'b', protocol: 'ICMP' }, 43512)).toEqual([]);
  });
});

describe('an IPv6 path (scenario 55, R13.3): IP6 lines, the MASQUERADE port after an IPv6 SNAT', () => {
  const f55 = path.join(
    __dirname,
    '..',
    '..',
    'content',
    'scenarios',
    '55-ipv6-primary-nodeport-ip6tables.yaml',
  );
  const p55 = parseScenario(readFileSync(f55, 'utf8'), f55);
  if (!p55.ok) throw new Error('scenario 55 does not parse');
  const t55 = trace(buildModel(p55.input), 'main');
  const fr = replayFrames(t55.paths[0]!, buildDiagramGraph(p55.input));
  it('node-1 sees the client’s port, node-2 the port MASQUERADE picked for node-1’s IPv6 address', () => {
    const nodes = fr.filter((f) => f.layer === 'Node');
    expect(nodes[0]!.tcpdump).toEqual(['IP6 2001:db8:ff::7.43512 > 2001:db8:100::10.30080: tcp 0']);
    expect(nodes[1]!.tcpdump).toEqual(['IP6 2001:db8:100::10.36817 > fd00:10:244:2::c.8080: tcp 0']);
    expect(fr.find((f) => f.layer === 'kube-proxy')!.kernel?.conntrackCommand).toBe('conntrack -L -f ipv6');
  });
});
