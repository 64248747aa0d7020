/**
 * Text of the kernel's artefacts that needs nothing but a packet header (no model): `tcpdump -nq` lines and the
 * stand-in port numbers the kernel view uses. A leaf module, so the browser's replay can import it without the
 * engine.
 */

/** The client's ephemeral port where the engine has none: a stand-in, said so wherever it is shown. */
export const EXAMPLE_EPHEMERAL_PORT = 43512;
/** The source port MASQUERADE --random-fully / `masquerade fully-random` picked: a stand-in likewise. */
export const EXAMPLE_MASQ_PORT = 36817;
/** The VXLAN outer source port (the kernel derives it from a hash of the inner flow): a stand-in likewise. */
export const EXAMPLE_VXLAN_PORT = 41720;

function hostPort(ip: string, port: number): string {
  return `${ip}.${port}`;
}

/**
 * The first packet of a TCP connection as `tcpdump -nq` prints it on an interface where it passes
 * (`IP 10.244.1.5.43512 > 10.244.2.8.9090: tcp 0` — a SYN carries no payload). Encapsulated: IP-in-IP prints the
 * inner packet inside the outer one with `(ipip-proto-4)`; VXLAN shows the outer UDP datagram (payload 82 bytes:
 * 8 VXLAN + 14 inner Ethernet + the 60-byte SYN a Linux client sends with its TCP options) on the underlay and the
 * inner packet on the VXLAN device (an IPv6 SYN is 80 bytes, so 102). IPv6 packets print as `IP6`. `srcPort` and the VXLAN source port are stand-ins (see the constants). Only TCP: a UDP or ICMP line
 * would need a payload size the model does not have.
 */
export function tcpdumpLines(
  p: {
    src: string;
    dst: string;
    dstPort?: number;
    protocol: 'TCP' | 'UDP' | 'ICMP';
    outer?: { src: string; dst: string; protocol: 'UDP' | 'IPIP'; port?: number };
  },
  srcPort: number,
): string[] {
  if (p.protocol !== 'TCP' || p.dstPort === undefined) return [];
  // tcpdump prints an IPv6 packet as `IP6 addr.port > addr.port` (R13.3); its SYN is 80 bytes (40-byte header).
  const v6 = p.src.includes(':');
  const inner = `${v6 ? 'IP6' : 'IP'} ${hostPort(p.src, srcPort)} > ${hostPort(p.dst, p.dstPort)}: tcp 0`;
  const o = p.outer;
  if (!o) return [inner];
  const outerIP = o.src.includes(':') ? 'IP6' : 'IP';
  if (o.protocol === 'IPIP') return [`${outerIP} ${o.src} > ${o.dst}: ${inner} (ipip-proto-4)`];
  return [
    `${outerIP} ${o.src}.${EXAMPLE_VXLAN_PORT} > ${o.dst}.${o.port ?? 4789}: UDP, length ${v6 ? 102 : 82}`,
    inner,
  ];
}
