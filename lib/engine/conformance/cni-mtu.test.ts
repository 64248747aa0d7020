/**
 * The Pod and tunnel MTUs the CNIs compute from the node's MTU (reference R15.1, R15.2), transcribed from upstream:
 *
 * - Calico: the "Common MTU sizes" table of `calico/networking/mtu.md` (projectcalico/calico@031790476ce8, columns
 *   "Calico MTU", "with IP-in-IP (IPv4)", "with VXLAN (IPv4)"), which `ConfigureDefaultMTUs` / `determinePodMTU`
 *   compute (felix/dataplane/linux/int_dataplane.go @00157c193174: host MTU − ipipMTUOverhead 20 / − vxlanMTUOverhead
 *   50, the host MTU when no encapsulation is enabled). The same page: "When using flannel for networking, the MTU
 *   for network interfaces should match the MTU of the flannel interface … use the 'Calico MTU with VXLAN' column" —
 *   checked against Flannel's own `MTU() = ExtIface.Iface.MTU − encapOverhead` (flannel-io/flannel@067ed7f6ef35
 *   pkg/backend/vxlan/vxlan_network.go).
 * - Cilium: `TestNewConfiguration` of pkg/mtu/mtu_test.go (cilium/cilium@17cc26c7d291), the cases without IPsec or
 *   WireGuard: "no encryption or tunnel and set MTU" (device 1400, route = device) and "with tunnel and set MTU"
 *   (device 1400, route = device − TunnelOverhead 50).
 *
 * Left out, because the engine does not model them: Calico's WireGuard cases of int_dataplane_test.go @03bfd2d3bda4
 * (1440 from a 1500 host, 1340 on AKS) and the IPv6 columns; Cilium's IPsec key-length and WireGuard cases.
 */
import { describe, expect, it } from 'vitest';
import { c1With } from '../__fixtures__/build';
import { cniMtus } from '../trace/mtu';

function mtus(cni: string, mtu: string) {
  const m = c1With({
    requests: `  requests:
  - id: main
    from: { pod: shop/frontend-1, container: web }
    to: { url: "http://10.244.2.8:9090/" }`,
    cluster: `  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    cni: ${cni}
    mtu: ${mtu}
`,
  });
  return cniMtus(m.settings);
}

// | Network MTU | Calico MTU | with IP-in-IP (IPv4) | with VXLAN (IPv4) |   (calico/networking/mtu.md)
const CALICO_TABLE: [string, number, number, number, number][] = [
  ['1500', 1500, 1500, 1480, 1450],
  ['9000', 9000, 9000, 8980, 8950],
  ['1460 (GCE)', 1460, 1460, 1440, 1410],
  ['9001 (AWS Jumbo)', 9001, 9001, 8981, 8951],
  ['1450 (OpenStack VXLAN)', 1450, 1450, 1430, 1400],
];

describe('Calico "Common MTU sizes" (calico/networking/mtu.md)', () => {
  for (const [row, network, plain, ipip, vxlan] of CALICO_TABLE) {
    it(`network MTU ${row}: ${plain} / ${ipip} IP-in-IP / ${vxlan} VXLAN`, () => {
      expect(mtus('{ plugin: calico, mode: bgp }', `{ node: ${network} }`).pod).toBe(plain);
      const i = mtus('{ plugin: calico, mode: ipip }', `{ node: ${network} }`);
      expect(i.pod).toBe(ipip);
      expect(i.tunnel).toEqual({ dev: 'tunl0', mtu: ipip, encap: 'IPIP' });
      const v = mtus('{ plugin: calico, mode: vxlan }', `{ node: ${network} }`);
      expect(v.pod).toBe(vxlan);
      expect(v.tunnel).toEqual({ dev: 'vxlan.calico', mtu: vxlan, encap: 'VXLAN' });
      // "MTU for flannel networking": the VXLAN column (flannel MTU() = interface MTU − 50).
      const f = mtus('{ plugin: flannel, mode: vxlan }', `{ node: ${network} }`);
      expect(f.pod).toBe(vxlan);
      expect(f.tunnel).toEqual({ dev: 'flannel.1', mtu: vxlan, encap: 'VXLAN' });
    });
  }

  it('an MTU set by hand (veth_mtu / calicoNetwork.mtu, Flannel delegate.mtu) replaces the computed one', () => {
    const c = mtus('{ plugin: calico, mode: ipip }', '{ node: 1500, pod: 1440 }');
    expect([c.pod, c.auto, c.overridden]).toEqual([1440, 1480, true]);
    // The tunnel device keeps the computed MTU (felix's IPIPMTU is its own setting).
    expect(c.tunnel?.mtu).toBe(1480);
    const f = mtus('{ plugin: flannel, mode: vxlan }', '{ node: 1500, pod: 1500 }');
    expect([f.pod, f.auto, f.tunnel?.mtu]).toEqual([1500, 1450, 1450]);
  });
});

describe('Cilium TestNewConfiguration (pkg/mtu/mtu_test.go)', () => {
  it('no encryption or tunnel and set MTU: device 1400, route MTU = device MTU', () => {
    const c = mtus('{ plugin: cilium, mode: native }', '{ node: 1500, pod: 1400 }');
    expect(c.pod).toBe(1400);
  });
  it('with tunnel and set MTU: device 1400, route MTU = device − TunnelOverhead (50)', () => {
    const c = mtus('{ plugin: cilium, mode: tunnel }', '{ node: 1500, pod: 1400 }');
    expect(c.pod).toBe(1400 - 50);
  });
});
