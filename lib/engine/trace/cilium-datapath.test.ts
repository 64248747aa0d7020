/**
 * Scenario 34 (Cilium, tunnel mode, kube-proxy replacement) at wire level — issue 17 item 1. Written from:
 * - Cilium docs, "eBPF Datapath" / "Life of a Packet": bpf_lxc (tc on the host side of the endpoint's veth)
 *   handles a Pod's egress; for a remote endpoint in tunnel mode it looks the destination up in the ipcache,
 *   gets the tunnel endpoint (the remote node's IP) and redirects to cilium_vxlan; on the far side the
 *   overlay program (bpf_overlay) decapsulates and delivers to the local endpoint by eBPF redirect to its lxc;
 * - Cilium Helm values: `endpointRoutes.enabled` ("use per endpoint routes instead of routing via cilium_host")
 *   defaults to false, so there is no per-Pod /32 route on the host by default;
 * - UDP has no handshake (RFC 768): a DNS query's first packet is a datagram, not a SYN.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';

const ts = trace(
  modelFrom(
    readFileSync(
      join(__dirname, '..', '..', '..', 'content', 'scenarios', '34-cilium-socket-lb.yaml'),
      'utf8',
    ),
  ),
  'main',
);
const wire = (hops: { steps: string[] }[]) => hops.flatMap((h) => h.steps).join('\n');

describe('scenario 34: Cilium tunnel mode', () => {
  const remote = ts.paths.find((p) => p.endpoint?.object === 'pod/shop/backend-2')!;

  it('the source node forwards by ipcache lookup and redirect to cilium_vxlan, not by a host route', () => {
    const w = wire(remote.hops);
    expect(w).toContain('ipcache lookup 10.244.2.8 → tunnel endpoint 192.168.1.11');
    expect(w).toContain('redirect to cilium_vxlan');
    expect(w).not.toMatch(/route 10\.244\.2\.0\/24 via cilium_vxlan/);
    expect(w).not.toMatch(/route lookup for 10\.244\.2\.8/);
  });

  it('far-side and same-node delivery is eBPF local delivery, with no per-endpoint /32 route', () => {
    for (const p of ts.paths) {
      const w = wire(p.hops);
      expect(w).not.toMatch(/route 10\.244\.\d+\.\d+\/32 dev lxc/);
      expect(w).toMatch(/local endpoint/);
    }
    expect(wire(remote.hops)).toContain('endpointRoutes.enabled, off by default');
  });

  it('the DNS query over UDP leaves the Pod as a datagram, not a SYN; the TCP connection starts with a SYN', () => {
    const dns = wire(ts.dns!.hops);
    expect(dns).toContain('first UDP datagram 10.244.1.5 → ');
    expect(dns).not.toContain('SYN');
    expect(wire(remote.hops)).toContain('SYN 10.244.1.5 → 10.244.2.8:9090');
  });
});
