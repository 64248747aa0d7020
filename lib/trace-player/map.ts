/**
 * The cluster diagram as a "map": the diagram graph (graph.ts) grouped into tiers in the order a request
 * meets them — outside the cluster, in-cluster proxies, Services, then nodes holding their Pods and
 * containers — with the objects that matter first and the rest folded away.
 *
 * Why not coordinates: a canvas laid out for the whole cluster must be zoomed out to fit a phone or a big
 * scenario, and its text shrinks with it (3–6 px measured with React Flow + dagre). A map in the document's
 * flow wraps to the width it gets instead, so its text stays at its CSS size (≥ 12 px) on every screen, and
 * boxes cannot overlap. Configuration relationships (a Service selects these Pods, an Ingress routes to this
 * Service) are listed as text on the box they leave, not drawn as edges. ADR 013.
 *
 * "Focus" is what the learner needs to see: in the player, the objects the hop cards name (correct and
 * distractors alike, so it reveals nothing); in the replay, the path. With no focus everything is shown.
 * Pure: no React, no I/O.
 */
import type { DiagramGraph, DiagramKind, DiagramNode } from './graph';

export const MAP_TIERS = [
  { id: 'outside', title: 'Outside the cluster' },
  { id: 'proxies', title: 'Ingress, gateways and proxies' },
  { id: 'services', title: 'Services and DNS' },
  { id: 'nodes', title: 'Nodes, Pods and containers' },
] as const;
export type MapTierId = (typeof MAP_TIERS)[number]['id'];

export interface MapBox {
  node: DiagramNode;
  /** Labels of the boxes this one's configuration points at (Service → its Pods, LB → its Service, …). */
  to: string[];
  /** Boxes inside this one that are shown (Pods of a node, containers of a Pod). */
  children: MapBox[];
  /** Boxes inside this one that are folded away (not in focus). */
  folded: MapBox[];
  /** In focus itself, or holds something in focus. */
  focused: boolean;
}

export interface MapTier {
  id: MapTierId;
  title: string;
  /** In focus (or everything when there is no focus), in the graph's order. */
  shown: MapBox[];
  /** The rest, folded behind a "show more" control. */
  folded: MapBox[];
}

const TIER_OF: Record<DiagramKind, MapTierId> = {
  client: 'outside',
  dns: 'services',
  apigw: 'outside',
  cloudlb: 'outside',
  external: 'outside',
  ingress: 'proxies',
  gateway: 'proxies',
  service: 'services',
  node: 'nodes',
  pod: 'nodes',
  container: 'nodes',
};

function tierOf(n: DiagramNode): MapTierId {
  if (n.id === 'dns/public') return 'outside';
  // An API gateway running in the cluster is a proxy like an Ingress controller; one in front is outside.
  if (n.kind === 'apigw' && /in cluster/i.test(n.detail ?? '')) return 'proxies';
  return TIER_OF[n.kind];
}

/**
 * Group a diagram into tiers. `focus` holds box ids (e.g. anchors of the palette's objects, or the replayed
 * path); a box is shown when it, or a box inside it, is in focus. Containers of a shown Pod are always shown
 * (they are small and name the ports). With an empty focus nothing is folded.
 */
export function buildClusterMap(graph: DiagramGraph, focus: ReadonlySet<string> = new Set()): MapTier[] {
  const all = focus.size === 0;
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const to = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = to.get(e.source) ?? [];
    const l = label.get(e.target);
    if (l !== undefined && !list.includes(l)) list.push(l);
    to.set(e.source, list);
  }
  const kids = new Map<string, DiagramNode[]>();
  for (const n of graph.nodes) {
    if (!n.parentId) continue;
    const list = kids.get(n.parentId) ?? [];
    list.push(n);
    kids.set(n.parentId, list);
  }
  const box = (n: DiagramNode): MapBox => {
    const inner = (kids.get(n.id) ?? []).map(box);
    const focused = all || focus.has(n.id) || inner.some((c) => c.focused);
    // A Pod shows all its containers; a node shows its Pods in focus (all of them when none is).
    const keepAll = n.kind === 'pod' || all || !inner.some((c) => c.focused);
    return {
      node: n,
      to: to.get(n.id) ?? [],
      children: keepAll ? inner : inner.filter((c) => c.focused),
      folded: keepAll ? [] : inner.filter((c) => !c.focused),
      focused,
    };
  };
  const tops = graph.nodes.filter((n) => !n.parentId || !label.has(n.parentId)).map(box);
  return MAP_TIERS.map((t) => {
    const mine = tops.filter((b) => tierOf(b.node) === t.id);
    return {
      id: t.id,
      title: t.title,
      shown: mine.filter((b) => b.focused),
      folded: mine.filter((b) => !b.focused),
    };
  }).filter((t) => t.shown.length + t.folded.length > 0);
}

/** Every box id of a map (shown and folded, at any depth): each diagram object appears exactly once. */
export function mapBoxIds(tiers: readonly MapTier[]): string[] {
  const out: string[] = [];
  const walk = (b: MapBox) => {
    out.push(b.node.id);
    b.children.forEach(walk);
    b.folded.forEach(walk);
  };
  for (const t of tiers) {
    t.shown.forEach(walk);
    t.folded.forEach(walk);
  }
  return out;
}
