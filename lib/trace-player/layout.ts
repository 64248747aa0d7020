/**
 * Layout of the cluster diagram.
 *
 * Two steps, because dagre's compound-graph support is unreliable (a known sub-flow bug):
 *   1. inside each Kubernetes node, Pods are packed in a grid and containers stacked inside their Pod
 *      (sizes computed here, positions relative to the parent, as React Flow's `parentId` expects);
 *   2. the top-level boxes (client, DNS, gateways, LBs, controllers, Services, nodes, external hosts) are
 *      placed by dagre, top to bottom, using the configuration edges lifted to top-level boxes.
 * Deterministic for the same graph. Pure.
 */
import dagre from '@dagrejs/dagre';
import type { DiagramGraph, DiagramKind, DiagramNode } from './graph';

/** Box sizes in diagram units (px at zoom 1). */
export const SIZES = {
  leaf: { width: 188, height: 58 },
  container: { height: 30, gap: 6 },
  pod: { width: 196, header: 46, padding: 8 },
  node: { header: 40, padding: 14, gap: 14, columns: 2 },
} as const;

const LEAF_WIDTH: Partial<Record<DiagramKind, number>> = {
  service: 212,
  cloudlb: 176,
  dns: 176,
  client: 160,
  external: 176,
};

export type LayoutDirection = 'TB' | 'LR';

export interface LaidOutDiagram extends DiagramGraph {
  /** Top to bottom, or left to right (edges then leave boxes on their right side). */
  direction: LayoutDirection;
  width: number;
  height: number;
}

/**
 * Sizes and positions every box; returns a new graph (the input is not mutated). `direction` is the flow of
 * dagre's ranks: "TB" suits narrow screens, "LR" wide ones (the diagram picks the one that fits best).
 */
export function layoutDiagram(graph: DiagramGraph, direction: LayoutDirection = 'TB'): LaidOutDiagram {
  const nodes: DiagramNode[] = graph.nodes.map((n) => ({ ...n }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, DiagramNode[]>();
  for (const n of nodes) {
    if (!n.parentId) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }

  // 1. Pods: containers stacked.
  for (const pod of nodes.filter((n) => n.kind === 'pod')) {
    const cs = children.get(pod.id) ?? [];
    pod.width = SIZES.pod.width;
    cs.forEach((c, i) => {
      c.width = SIZES.pod.width - 2 * SIZES.pod.padding;
      c.height = SIZES.container.height;
      c.x = SIZES.pod.padding;
      c.y = SIZES.pod.header + i * (SIZES.container.height + SIZES.container.gap);
    });
    pod.height =
      SIZES.pod.header +
      cs.length * (SIZES.container.height + SIZES.container.gap) +
      (cs.length > 0 ? SIZES.pod.padding - SIZES.container.gap : 0) +
      4;
  }
  // Kubernetes nodes: Pods in a grid (row heights = tallest Pod of the row).
  for (const node of nodes.filter((n) => n.kind === 'node')) {
    const pods = children.get(node.id) ?? [];
    const cols = Math.max(1, Math.min(SIZES.node.columns, pods.length));
    let y = SIZES.node.header;
    for (let r = 0; r * cols < pods.length; r++) {
      const row = pods.slice(r * cols, r * cols + cols);
      const h = Math.max(...row.map((p) => p.height));
      row.forEach((p, c) => {
        p.x = SIZES.node.padding + c * (SIZES.pod.width + SIZES.node.gap);
        p.y = y;
      });
      y += h + SIZES.node.gap;
    }
    node.width = Math.max(
      SIZES.leaf.width,
      2 * SIZES.node.padding + cols * SIZES.pod.width + (cols - 1) * SIZES.node.gap,
    );
    node.height = pods.length > 0 ? y - SIZES.node.gap + SIZES.node.padding : SIZES.node.header + 24;
  }
  // Orphan Pods (no node) are laid out like leaves with their containers.
  for (const n of nodes) {
    if (n.width === 0) {
      n.width = LEAF_WIDTH[n.kind] ?? SIZES.leaf.width;
      n.height = SIZES.leaf.height;
    }
  }

  // 2. Top-level placement.
  const top = (id: string): string => {
    let cur = byId.get(id);
    while (cur?.parentId && byId.has(cur.parentId)) cur = byId.get(cur.parentId);
    return cur?.id ?? id;
  };
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: direction,
    nodesep: direction === 'TB' ? 36 : 24,
    ranksep: direction === 'TB' ? 64 : 72,
    edgesep: 20,
    marginx: 16,
    marginy: 16,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const roots = nodes.filter((n) => !n.parentId);
  for (const n of roots) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of graph.edges) {
    const s = top(e.source);
    const t = top(e.target);
    if (s !== t && g.hasNode(s) && g.hasNode(t) && !g.hasEdge(s, t) && !g.hasEdge(t, s)) g.setEdge(s, t);
  }
  dagre.layout(g);
  let width = 0;
  let height = 0;
  for (const n of roots) {
    const p = g.node(n.id) as { x: number; y: number } | undefined;
    n.x = Math.round((p?.x ?? 0) - n.width / 2);
    n.y = Math.round((p?.y ?? 0) - n.height / 2);
    width = Math.max(width, n.x + n.width);
    height = Math.max(height, n.y + n.height);
  }
  return { nodes, edges: graph.edges.map((e) => ({ ...e })), direction, width, height };
}

/** Both layouts of a graph, for a diagram that picks the one that fits its box. */
export function layoutBoth(graph: DiagramGraph): LaidOutDiagram[] {
  return [layoutDiagram(graph, 'LR'), layoutDiagram(graph, 'TB')];
}

/** Absolute position (top-left) of a box, adding its ancestors' offsets. */
export function absolutePosition(
  graph: DiagramGraph,
  id: string,
): { x: number; y: number; width: number; height: number } | undefined {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const n = byId.get(id);
  if (!n) return undefined;
  let x = n.x;
  let y = n.y;
  let p = n.parentId ? byId.get(n.parentId) : undefined;
  while (p) {
    x += p.x;
    y += p.y;
    p = p.parentId ? byId.get(p.parentId) : undefined;
  }
  return { x, y, width: n.width, height: n.height };
}
