/**
 * Replay frames: one frame per hop of an engine path, with where it sits on the diagram and the packet as it
 * arrives there (addresses, encapsulation, rewrites made at the hop). The result page animates a packet
 * through these frames. Pure.
 */
import type { Disposition, Hop, KernelView, PacketHeader, TracePath } from '../engine/types';
import { EXAMPLE_EPHEMERAL_PORT, EXAMPLE_MASQ_PORT, tcpdumpLines } from '../engine/wire-text';
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
  /** Wire level: kube-proxy's rules that matched and the conntrack entry (Service hops). */
  kernel?: KernelView;
  /** `tcpdump -nq` lines for the packet where it passes an interface (Node, CNI and Pod hops of a TCP connection). */
  tcpdump: string[];
}

/** Layers whose hop is a place on an interface, where tcpdump would see the packet. */
const ON_AN_INTERFACE = new Set<Hop['layer']>(['Node', 'CNI', 'Pod']);

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

/** The address of `ip`, `ip:port` or `[ipv6]:port` (a bare IPv6 address has several colons and no port). */
function addressOf(t: string): string {
  if (t.startsWith('[')) return t.slice(1, t.indexOf(']'));
  const colons = t.split(':').length - 1;
  return colons === 1 ? t.slice(0, t.indexOf(':')) : t;
}

/** The replay frames of a path on a diagram. */
export function replayFrames(path: TracePath, graph: DiagramGraph): ReplayFrame[] {
  // The address the last SNAT rewrote the source to: a packet from it carries the port MASQUERADE picked.
  let masqIP: string | undefined;
  return path.hops.map((h, index) => {
    const srcPort =
      typeof h.packet.srcPort === 'number'
        ? h.packet.srcPort
        : h.packet.src === masqIP
          ? EXAMPLE_MASQ_PORT
          : EXAMPLE_EPHEMERAL_PORT;
    for (const r of h.rewrites) if (r.kind === 'SNAT') masqIP = addressOf(r.to);
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
      tcpdump: ON_AN_INTERFACE.has(h.layer) ? tcpdumpLines(h.packet, srcPort) : [],
    };
    if (h.kernel) f.kernel = h.kernel;
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

/**
 * What a learner's hop is, replayed against the engine's closest valid path:
 * - `ok`: the packet does pass here at this point (a right hop, or a textbook simplification the grader accepts);
 * - `misplaced`: the packet passes this object, but not at this point of the path;
 * - `impossible`: the packet could not have been here — a box it never visits on this request (a Service that
 *   is not on the wire, kube-proxy on a node that does no NAT, a Pod that is not an endpoint), with the rule
 *   that says why.
 */
export type LearnerHopStatus = 'ok' | 'misplaced' | 'impossible';

export interface LearnerFrame {
  /** 0-based position in the learner's answer. */
  index: number;
  cardId: string;
  layer: string;
  label: string;
  /** Diagram box of the card's object (or of the engine hop it matched), when the map has one. */
  nodeId?: string;
  status: LearnerHopStatus;
  /** The grader's explanation of this hop (why it is right, misplaced or impossible). */
  message: string;
  /** Rule of the networking reference that decides it. */
  rule?: string;
  /** Where the valid path is at this point (0-based hop of the closest valid path's projection). */
  validIndex?: number;
  /** For a hop the packet really makes: the packet as it arrives there and what is rewritten. */
  packet?: string;
  outer?: string;
  rewrites: { kind: string; text: string; note: string }[];
  /** Required hops of the valid path the learner left out just before this one (labels). */
  missedBefore: string[];
  /** Last frame only: required hops of the valid path left out after the learner's last right hop. */
  missedAfter?: string[];
}

/** The grader's per-hop findings, as stored with an attempt (lib/grader Finding). */
export interface LearnerFindingLike {
  code: string;
  index?: number;
  expectedIndex?: number;
  card: string;
  message: string;
  rule?: string;
}

/** The projection of the closest path the grader compared with (lib/grader LevelHop). */
export interface ExpectedHopLike {
  label: string;
  optional: boolean;
  hopIds: readonly string[];
  rules: readonly string[];
}

/**
 * Frames to replay the learner's own path on the same diagram as the valid one: each placed card on its box,
 * marked from the grader's findings (the same findings, messages and rules as the result list, so the replay
 * never says something the grade does not). A right hop carries the engine's packet at that hop; a hop the
 * packet could not have made carries none — there is no packet there. Pure.
 */
export function learnerFrames(
  cards: readonly { cardId: string; label: string; layer: string; object?: string }[],
  findings: readonly LearnerFindingLike[],
  closest: TracePath | undefined,
  expected: readonly ExpectedHopLike[],
  graph: DiagramGraph,
): LearnerFrame[] {
  const byIndex = new Map<number, LearnerFindingLike>();
  for (const f of findings) if (f.index !== undefined && !byIndex.has(f.index)) byIndex.set(f.index, f);
  const hopById = new Map((closest?.hops ?? []).map((h) => [h.id, h] as const));
  // Missing hops are reported against the expected path: attach each to the next learner hop that comes after
  // it on the valid path (or to the end).
  const missing = findings
    .filter((f) => f.code === 'missing' && f.expectedIndex !== undefined)
    .map((f) => f.expectedIndex!)
    .sort((a, b) => a - b);
  const attached = new Set<number>();
  let lastValid = -1;
  const frames = cards.map((c, index): LearnerFrame => {
    const f = byIndex.get(index);
    const status: LearnerHopStatus =
      !f || f.code === 'correct' || f.code === 'seed_simplification'
        ? 'ok'
        : f.code === 'out_of_order'
          ? 'misplaced'
          : 'impossible';
    const ei = f?.expectedIndex;
    const e = ei !== undefined ? expected[ei] : undefined;
    // The engine hop this card stands for (a right or misplaced card): the last merged hop carries the packet.
    const hop =
      e && status !== 'impossible'
        ? [...e.hopIds]
            .reverse()
            .map((id) => hopById.get(id))
            .find((h) => h !== undefined)
        : undefined;
    const ref = c.object ?? (hop ? hop.at : undefined);
    const nodeId = ref ? anchorFor(graph, ref) : undefined;
    const frame: LearnerFrame = {
      index,
      cardId: c.cardId,
      layer: c.layer,
      label: c.label,
      status,
      message: f?.message ?? `${c.label}.`,
      rewrites: [],
      missedBefore: [],
    };
    if (nodeId) frame.nodeId = nodeId;
    const rule = f?.rule ?? (status === 'ok' ? e?.rules[0] : undefined);
    if (rule) frame.rule = rule;
    if (ei !== undefined) frame.validIndex = ei;
    else if (status === 'impossible') frame.validIndex = Math.min(lastValid + 1, expected.length - 1);
    if (frame.validIndex !== undefined && frame.validIndex < 0) delete frame.validIndex;
    if (hop) {
      frame.packet = packetText(hop.packet);
      const outer = outerText(hop.packet);
      if (outer) frame.outer = outer;
      frame.rewrites = hop.rewrites.map((r) => ({
        kind: r.kind,
        text: `${r.kind} ${r.from} → ${r.to}`,
        note: r.note,
      }));
    }
    if (status === 'ok' && ei !== undefined) lastValid = Math.max(lastValid, ei);
    if (status === 'ok' && ei !== undefined) {
      frame.missedBefore = missing
        .filter((m) => m < ei && !attached.has(m))
        .map((m) => {
          attached.add(m);
          return expected[m]?.label ?? '';
        })
        .filter((l) => l !== '');
    }
    return frame;
  });
  // Hops missing after the learner's last right hop: the packet still had to pass them.
  const last = frames[frames.length - 1];
  if (last)
    last.missedAfter = missing
      .filter((m) => !attached.has(m))
      .map((m) => expected[m]?.label ?? '')
      .filter((l) => l !== '');
  return frames;
}
