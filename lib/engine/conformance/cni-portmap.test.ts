/**
 * containernetworking/plugins `plugins/meta/portmap/portmap_iptables_test.go` ("generates a correct standard container
 * chain", IPv4 part; "generates a correct top-level chain"), transcribed as packets against the engine's hostPort
 * delivery (lib/engine/trace/delivery.ts, R1.4): the kubelet hands a Pod's `hostPort`s to the CNI as portMappings and
 * the portmap plugin writes, on the Pod's node only,
 *   CNI-HOSTPORT-DNAT (from PREROUTING and OUTPUT, `-m addrtype --dst-type LOCAL`) →
 *   `-p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80` (one per mapping, per protocol; with `-d hostIP` when
 *   a hostIP other than 0.0.0.0 is given), preceded — with `snat: true`, the default — by
 *   `-s <pod subnet> -j CNI-HOSTPORT-SETMARK` and `-s 127.0.0.1 -j CNI-HOSTPORT-SETMARK` (masquerade hairpin and
 *   localhost traffic only).
 * The upstream mappings are kept (8080/tcp→80, 8081/tcp→80, 8080/udp→81, 8082/udp→82, 8083/tcp→83 on hostIP
 * 192.168.0.2, 8084/tcp→84 on hostIP 0.0.0.0); the IPv6 mappings (8085, 8086) are left out (the fixture is IPv4).
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../__fixtures__/build';
import { modelOf, nodeDoc, podDoc, scenarioDoc } from '../__fixtures__/scenario';
import type { ClusterModel } from '../model';
import type { TraceSet } from '../types';

const POD_IP = '10.0.0.2';
function model(requests: string): ClusterModel {
  return modelOf(
    'portmap.yaml',
    scenarioDoc({
      name: 'portmap',
      title: 'portmap',
      cluster:
        '{podCIDR: 10.0.0.0/16, serviceCIDR: 10.96.0.0/12, underlay: {cidr: 192.168.0.0/24, gateway: 192.168.0.1}}',
      requests,
    }),
    nodeDoc({
      podCIDR: '10.0.0.0/24',
      addresses: '[{type: InternalIP, address: 192.168.0.2}, {type: ExternalIP, address: 203.0.113.2}]',
    }),
    nodeDoc({
      name: 'node-2',
      podCIDR: '10.0.1.0/24',
      addresses: '[{type: InternalIP, address: 192.168.0.3}]',
    }),
    `apiVersion: v1
kind: Pod
metadata: {name: test, namespace: default}
spec:
  nodeName: node-1
  containers:
  - name: app
    ports:
    - {containerPort: 80, hostPort: 8080, protocol: TCP}
    - {containerPort: 80, hostPort: 8081, protocol: TCP}
    - {containerPort: 81, hostPort: 8080, protocol: UDP}
    - {containerPort: 82, hostPort: 8082, protocol: UDP}
    - {containerPort: 83, hostPort: 8083, protocol: TCP, hostIP: 192.168.0.2}
    - {containerPort: 84, hostPort: 8084, protocol: TCP, hostIP: 0.0.0.0}
status: {podIP: ${POD_IP}}
`,
    podDoc({ name: 'neighbour', namespace: 'default', ip: '10.0.0.9', containers: '[{name: c}]' }),
  );
}

interface Case {
  name: string;
  from: string;
  dst: string;
  port: number;
  proto?: 'TCP' | 'UDP';
  /** Expected: the Pod port the DNAT chose, or no DNAT (`undefined`). */
  to?: number;
  masq?: boolean;
}
const EXT = '{external: {name: client, ip: 198.51.100.7}}';
const cases: Case[] = [
  {
    name: 'tcp 8080 → 10.0.0.2:80 (no hostIP: any local address)',
    from: EXT,
    dst: '192.168.0.2',
    port: 8080,
    to: 80,
    masq: false,
  },
  {
    name: 'tcp 8080 on the node ExternalIP too',
    from: EXT,
    dst: '203.0.113.2',
    port: 8080,
    to: 80,
    masq: false,
  },
  { name: 'tcp 8081 → 10.0.0.2:80', from: EXT, dst: '192.168.0.2', port: 8081, to: 80, masq: false },
  {
    name: 'udp 8080 → 10.0.0.2:81 (the protocol selects the mapping)',
    from: EXT,
    dst: '192.168.0.2',
    port: 8080,
    proto: 'UDP',
    to: 81,
    masq: false,
  },
  {
    name: 'udp 8082 → 10.0.0.2:82',
    from: EXT,
    dst: '192.168.0.2',
    port: 8082,
    proto: 'UDP',
    to: 82,
    masq: false,
  },
  {
    name: 'tcp 8083 with hostIP 192.168.0.2: -d 192.168.0.2 matches',
    from: EXT,
    dst: '192.168.0.2',
    port: 8083,
    to: 83,
    masq: false,
  },
  {
    name: 'tcp 8083 with hostIP 192.168.0.2: another local address is not DNATed',
    from: EXT,
    dst: '203.0.113.2',
    port: 8083,
  },
  {
    name: 'tcp 8084 with hostIP 0.0.0.0: no -d, any local address',
    from: EXT,
    dst: '203.0.113.2',
    port: 8084,
    to: 84,
    masq: false,
  },
  {
    name: 'rules exist only on the Pod node: node-2:8080 is not DNATed',
    from: EXT,
    dst: '192.168.0.3',
    port: 8080,
  },
  {
    name: 'a source in the Pod subnet (-s 10.0.0.2/24) is marked for masquerade (CNI-HOSTPORT-SETMARK)',
    from: '{pod: default/neighbour}',
    dst: '192.168.0.2',
    port: 8080,
    to: 80,
    masq: true,
  },
];

function dnatPort(ts: TraceSet): number | undefined {
  const p = ts.paths[0]!;
  return p.endpoint && p.endpoint.ip === POD_IP && ts.disposition === 'DELIVERED'
    ? p.endpoint.port
    : undefined;
}

describe('portmap DNAT chain (containernetworking/plugins portmap_iptables_test.go)', () => {
  const m = model(
    cases
      .map(
        (c, i) => `  - id: r${i}
    from: ${c.from}
    to: {ip: ${c.dst}, port: ${c.port}, protocol: ${c.proto ?? 'TCP'}}`,
      )
      .join('\n'),
  );
  cases.forEach((c, i) =>
    it(c.name, () => {
      const ts = trace(m, `r${i}`);
      expect(dnatPort(ts), ts.reason).toBe(c.to);
      if (c.to !== undefined) {
        expect(ts.paths[0]!.masqueraded, ts.reason).toBe(c.masq);
        const steps = ts.paths[0]!.hops.flatMap((h) => h.steps).join('\n');
        expect(steps).toContain('CNI-HOSTPORT-DNAT');
      }
    }),
  );
});
