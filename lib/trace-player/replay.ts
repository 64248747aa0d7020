/**
 * Replay frames: one frame per hop of an engine path, with where it sits on the diagram and the packet as it
 * arrives there (addresses, encapsulation, rewrites made at the hop). The result page animates a packet
 * through these frames. Pure.
 */
import type { Disposition, Hop, PacketHeader, TracePath } from '../engine/types';
import { anchorFor, type DiagramGraph } from './graph';

export interface ReplayFrame {
  /** 0-based position in the path. */
  index: number;
  hopId: string;
  layer: Hop['layer'];
  /** Engine object reference of the hop. */
  at: string;
  /** Diagram box the packet sits on; undefined when nothing on the diagram stands for the hop. */
  nodeId?: string;
  label: string;
  /** "198.51.100.7:ephemeral → 203.0.113.10:80 TCP". */
  packet: string;
  /** "VXLAN 192.168.1.10 → 192.168.1.11 UDP/8472 VNI 1" when encapsulated. */
  outer?: string;
  /** "DNAT 10.96.120.15:80 → 10.244.2.8:9090 (KUBE-SEP DNAT, R3.6)". */
  rewrites: { kind: string; text: string; note: string }[];
  steps: string[];
  rule: string;
  optional: boolean;
  verdict?: { disposition: Disposition; reason: string };
}

function endpoint(ip: string, port: number | 'ephemeral' | undefined): string {
  if (port === undefined) return ip;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${host}:${port === 'ephemeral' ? 'ephemeral' : port}`;
}

/** One line for a packet header. */
export function packetText(p: PacketHeader): string {
  return `${endpoint(p.src, p.srcPort)} → ${endpoint(p.dst, p.dstPort)} ${p.protocol}`;
}

/** One line for an outer (tunnel) header, or undefined. */
export function outerText(p: PacketHeader): string | undefined {
  const o = p.outer;
  if (!o) return undefined;
  const kind = o.protocol === 'IPIP' ? 'IP-in-IP' : o.vni !== undefined ? 'VXLAN' : 'UDP tunnel';
  return `${kind} ${o.src} → ${o.dst}${o.protocol === 'UDP' && o.port ? ` UDP/${o.port}` : ''}${o.vni !== undefined ? ` VNI ${o.vni}` : ''}`;
}

/** The replay frames of a path on a diagram. */
export function replayFrames(path: TracePath, graph: DiagramGraph): ReplayFrame[] {
  return path.hops.map((h, index) => {
    const nodeId = anchorFor(graph, h.at);
    const f: ReplayFrame = {
      index,
      hopId: h.id,
      layer: h.layer,
      at: h.at,
      label: h.label,
      packet: packetText(h.packet),
      rewrites: h.rewrites.map((r) => ({
        kind: r.kind,
        text: `${r.kind} ${r.from} → ${r.to}`,
        note: r.note,
      })),
      steps: [...h.steps],
      rule: h.rule,
      optional: h.optional === true,
    };
    if (nodeId) f.nodeId = nodeId;
    const outer = outerText(h.packet);
    if (outer) f.outer = outer;
    if (h.verdict) f.verdict = { ...h.verdict };
    return f;
  });
}

/** The sequence of distinct diagram boxes a path visits (consecutive repeats merged), for the highlight. */
export function pathNodeIds(frames: readonly ReplayFrame[]): string[] {
  const out: string[] = [];
  for (const f of frames) if (f.nodeId && out[out.length - 1] !== f.nodeId) out.push(f.nodeId);
  return out;
}
