'use client';
/**
 * The cluster as a diagram (React Flow): client, DNS, API gateway, cloud LB, Ingress controllers, Services,
 * and Kubernetes nodes holding their Pods and containers. Takes a laid-out diagram (lib/trace-ui: built
 * from the scenario's objects and laid out with dagre on the server), an optional highlighted path and an
 * optional packet position for the replay.
 *
 *   <ClusterDiagram diagram={d} />                                  // the player: just the cluster
 *   <ClusterDiagram diagram={d} path={ids} packetAt={id} />         // the result: path + moving packet
 *
 * Read-only: nothing can be dragged or connected; zoom with the controls or a pinch, pan by dragging.
 * Wheel scrolling scrolls the page, not the diagram. The boxes are also listed as structured text in a
 * <details> below the canvas, the text alternative for screen-reader users.
 * @see https://reactflow.dev/learn/layouting/sub-flows
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  ViewportPortal,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { DiagramKind } from '@/lib/trace-ui/graph';
import { absolutePosition, bestLayout, type LaidOutDiagram } from '@/lib/trace-ui/layout';
import { cn } from '@/components/ui/cn';

type BoxState = 'idle' | 'path' | 'active' | 'dim';
type BoxData = {
  kind: DiagramKind;
  label: string;
  detail?: string;
  namespace?: string;
  state: BoxState;
  lr: boolean;
};
type BoxNode = Node<BoxData, 'box'>;

const KIND_TEXT: Record<DiagramKind, string> = {
  client: 'Client',
  dns: 'DNS',
  apigw: 'API gateway',
  cloudlb: 'Cloud LB',
  ingress: 'Ingress',
  gateway: 'Gateway',
  service: 'Service',
  node: 'Node',
  pod: 'Pod',
  container: 'Container',
  external: 'External',
};

/** Tag colours per kind (text + background), readable in light and dark mode. */
const KIND_TAG: Record<DiagramKind, string> = {
  client: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  dns: 'bg-violet-100 text-violet-800 dark:bg-violet-900/70 dark:text-violet-100',
  apigw: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100',
  cloudlb: 'bg-sky-100 text-sky-900 dark:bg-sky-900/70 dark:text-sky-100',
  ingress: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  gateway: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  service: 'bg-brand-100 text-brand-900 dark:bg-brand-900 dark:text-brand-100',
  node: 'bg-surface-2 text-muted',
  pod: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900/70 dark:text-indigo-100',
  container: 'bg-surface-2 text-muted',
  external: 'bg-rose-100 text-rose-900 dark:bg-rose-900/60 dark:text-rose-100',
};

const STATE_RING: Record<BoxState, string> = {
  idle: '',
  path: 'ring-2 ring-accent/70',
  active: 'ring-4 ring-accent shadow-lg',
  dim: 'grayscale',
};

const hiddenHandle = '!h-1 !w-1 !min-h-0 !min-w-0 !border-0 !bg-transparent';

function Handles({ lr }: { lr: boolean }) {
  return (
    <>
      <Handle
        type="target"
        position={lr ? Position.Left : Position.Top}
        className={hiddenHandle}
        isConnectable={false}
      />
      <Handle
        type="source"
        position={lr ? Position.Right : Position.Bottom}
        className={hiddenHandle}
        isConnectable={false}
      />
    </>
  );
}

const BoxNodeView = memo(function BoxNodeView({ data }: NodeProps<BoxNode>) {
  const { kind, label, detail, namespace, state, lr } = data;
  if (kind === 'node') {
    return (
      <div
        className={cn(
          'h-full w-full rounded-2xl border-2 border-dashed border-border bg-surface-2/60 transition-[box-shadow,opacity]',
          STATE_RING[state],
        )}
      >
        <Handles lr={lr} />
        <div className="flex items-baseline gap-2 whitespace-nowrap px-3.5 pt-2.5">
          <span
            className={cn(
              'rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide',
              KIND_TAG.node,
            )}
          >
            Node
          </span>
          <span className="text-sm font-semibold text-fg">{label}</span>
          {detail ? <span className="truncate font-mono text-xs text-muted">{detail}</span> : null}
        </div>
      </div>
    );
  }
  if (kind === 'pod') {
    return (
      <div
        className={cn(
          'h-full w-full rounded-xl border border-indigo-300 bg-surface shadow-sm transition-[box-shadow,opacity] dark:border-indigo-700',
          STATE_RING[state],
        )}
      >
        <Handles lr={lr} />
        <div className="px-2.5 pt-1.5">
          <div className="flex items-center gap-1.5">
            <span
              className={cn(
                'rounded px-1 py-px text-[10px] font-semibold uppercase tracking-wide',
                KIND_TAG.pod,
              )}
            >
              Pod
            </span>
            <span className="truncate text-[13px] font-semibold text-fg" title={label}>
              {label}
            </span>
          </div>
          <div className="mt-0.5 truncate font-mono text-[11px] text-muted">
            {namespace ? `${namespace} · ` : ''}
            {detail}
          </div>
        </div>
      </div>
    );
  }
  if (kind === 'container') {
    return (
      <div
        className={cn(
          'flex h-full w-full items-center gap-1.5 rounded-md border border-border bg-surface-2 px-2 transition-[box-shadow,opacity]',
          STATE_RING[state],
        )}
      >
        <Handles lr={lr} />
        <span aria-hidden="true" className="h-2 w-2 shrink-0 rounded-sm bg-indigo-400 dark:bg-indigo-300" />
        <span className="truncate text-xs font-medium text-fg">{label}</span>
        {detail ? <span className="ml-auto font-mono text-[11px] text-muted">{detail}</span> : null}
      </div>
    );
  }
  return (
    <div
      className={cn(
        'h-full w-full rounded-xl border border-border bg-surface px-3 py-2 shadow-sm transition-[box-shadow,opacity]',
        STATE_RING[state],
      )}
    >
      <Handles lr={lr} />
      <div className="flex items-center gap-1.5">
        <span
          className={cn(
            'shrink-0 whitespace-nowrap rounded px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide',
            KIND_TAG[kind],
          )}
        >
          {KIND_TEXT[kind]}
        </span>
        <span className="truncate text-[13px] font-semibold text-fg" title={label}>
          {label}
        </span>
      </div>
      {detail ? (
        <div className="mt-1 truncate font-mono text-[11px] text-muted" title={detail}>
          {namespace ? `${namespace} · ` : ''}
          {detail}
        </div>
      ) : null}
    </div>
  );
});

const nodeTypes = { box: BoxNodeView };

const noopSubscribe = () => () => {};

/** Follows the `dark` class on <html> (set by the theme toggle). */
function useDarkMode(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const obs = new MutationObserver(cb);
      obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
      return () => obs.disconnect();
    },
    () => document.documentElement.classList.contains('dark'),
    () => false,
  );
}

export interface ClusterDiagramProps {
  /** One layout, or several (e.g. left-to-right and top-to-bottom): the one that fits the box best is drawn. */
  diagram: LaidOutDiagram | readonly LaidOutDiagram[];
  /** Boxes of a path, in order: highlighted and joined by arrows. */
  path?: readonly string[];
  /** The box the replayed packet is at. */
  packetAt?: string;
  /** Short text on the packet marker (e.g. "3/11"). */
  packetLabel?: string;
  /** Accessible name of the figure. */
  label?: string;
  /** Classes of the canvas box (set its height here; default h-[24rem]). */
  className?: string;
}

function DiagramCanvas({
  diagram,
  path,
  packetAt,
  packetLabel,
}: Omit<ClusterDiagramProps, 'diagram'> & { diagram: LaidOutDiagram }) {
  const dark = useDarkMode();
  const { fitView } = useReactFlow();
  const onPath = useMemo(() => new Set(path ?? []), [path]);
  const ancestorsOnPath = useMemo(() => {
    const set = new Set<string>();
    const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
    for (const id of onPath) {
      let p = byId.get(id)?.parentId;
      while (p) {
        set.add(p);
        p = byId.get(p)?.parentId;
      }
    }
    return set;
  }, [diagram, onPath]);

  const nodes: BoxNode[] = useMemo(
    () =>
      diagram.nodes.map((n) => {
        const highlighted = onPath.size > 0;
        const state: BoxState =
          n.id === packetAt
            ? 'active'
            : onPath.has(n.id)
              ? 'path'
              : highlighted && !ancestorsOnPath.has(n.id) && n.kind !== 'node'
                ? 'dim'
                : 'idle';
        const data: BoxData = { kind: n.kind, label: n.label, state, lr: diagram.direction === 'LR' };
        if (n.detail !== undefined) data.detail = n.detail;
        if (n.namespace !== undefined) data.namespace = n.namespace;
        const node: BoxNode = {
          id: n.id,
          type: 'box',
          position: { x: n.x, y: n.y },
          width: n.width,
          height: n.height,
          data,
          draggable: false,
          selectable: false,
          connectable: false,
          focusable: false,
          zIndex: n.kind === 'node' ? 0 : n.kind === 'pod' ? 1 : 2,
        };
        if (n.parentId) {
          node.parentId = n.parentId;
          node.extent = 'parent';
        }
        return node;
      }),
    [diagram, onPath, ancestorsOnPath, packetAt],
  );

  const edges: Edge[] = useMemo(() => {
    const faint: Edge[] = diagram.edges.map((e) => ({
      id: `cfg:${e.id}`,
      source: e.source,
      target: e.target,
      type: 'default',
      focusable: false,
      selectable: false,
      style: { stroke: 'var(--border)', strokeWidth: 1.25, opacity: onPath.size > 0 ? 0.35 : 0.9 },
      zIndex: 0,
    }));
    const p = path ?? [];
    const parentOf = new Map(diagram.nodes.map((n) => [n.id, n.parentId]));
    const contains = (outer: string, inner: string): boolean => {
      for (let cur = parentOf.get(inner); cur; cur = parentOf.get(cur)) if (cur === outer) return true;
      return false;
    };
    const route: Edge[] = [];
    for (let i = 0; i + 1 < p.length; i++) {
      const s = p[i]!;
      const t = p[i + 1]!;
      // Moving between a box and one inside it (container → Pod → node) needs no arrow: the nesting shows it.
      if (contains(s, t) || contains(t, s)) continue;
      route.push({
        id: `path:${i}:${s}->${t}`,
        source: s,
        target: t,
        type: 'default',
        animated: true,
        focusable: false,
        selectable: false,
        markerEnd: { type: MarkerType.ArrowClosed, color: 'var(--accent)', width: 16, height: 16 },
        style: { stroke: 'var(--accent)', strokeWidth: 2.5 },
        zIndex: 5,
      });
    }
    return [...faint, ...route];
  }, [diagram, path, onPath]);

  // Refit when the diagram changes (e.g. a different scenario) or the container resizes.
  useEffect(() => {
    const id = window.setTimeout(() => void fitView({ padding: 0.08, duration: 0 }), 50);
    return () => window.clearTimeout(id);
  }, [diagram, fitView]);

  const packetPos = packetAt ? absolutePosition(diagram, packetAt) : undefined;

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      colorMode={dark ? 'dark' : 'light'}
      fitView
      fitViewOptions={{ padding: 0.08 }}
      minZoom={0.2}
      maxZoom={2.5}
      nodesDraggable={false}
      nodesConnectable={false}
      nodesFocusable={false}
      edgesFocusable={false}
      elementsSelectable={false}
      zoomOnScroll={false}
      panOnScroll={false}
      preventScrolling={false}
      zoomOnDoubleClick
      attributionPosition="bottom-left"
    >
      <Background variant={BackgroundVariant.Dots} gap={18} size={1} color="var(--border)" />
      <Controls showInteractive={false} position="top-right" aria-label="Zoom" />
      {packetPos ? (
        <ViewportPortal>
          <div
            data-testid="replay-packet"
            className="pointer-events-none absolute left-0 top-0 z-50 transition-transform duration-500 ease-in-out"
            style={{
              transform: `translate(${packetPos.x + packetPos.width / 2 - 14}px, ${packetPos.y - 14}px)`,
            }}
          >
            <span className="flex h-7 min-w-7 items-center justify-center rounded-full bg-accent px-1.5 text-[11px] font-bold text-accent-fg shadow-lg ring-4 ring-accent/30">
              {packetLabel ?? ''}
            </span>
          </div>
        </ViewportPortal>
      ) : null}
    </ReactFlow>
  );
}

/** Size of an element, kept up to date (0×0 until measured). */
function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      // Only the aspect matters for the choice; ignore sub-pixel jitter.
      setSize((s) =>
        Math.abs(s.width - width) < 8 && Math.abs(s.height - height) < 8 ? s : { width, height },
      );
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** The diagram plus its text alternative. */
export function ClusterDiagram(props: ClusterDiagramProps) {
  const { label = 'Cluster diagram', className } = props;
  const layouts: readonly LaidOutDiagram[] = Array.isArray(props.diagram)
    ? props.diagram
    : [props.diagram as LaidOutDiagram];
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useSize(boxRef);
  const diagram = (size.width > 0 ? bestLayout(layouts, size.width, size.height) : undefined) ?? layouts[0]!;
  // React Flow measures the DOM: render it only on the client (false during SSR and hydration).
  const mounted = useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  const tops = diagram.nodes.filter((n) => !n.parentId);
  const childrenOf = (id: string) => diagram.nodes.filter((n) => n.parentId === id);
  return (
    <figure className="flex flex-col gap-2" aria-label={label}>
      <div
        ref={boxRef}
        className={cn(
          'relative min-h-[18rem] w-full overflow-hidden rounded-xl border border-border bg-surface',
          className ?? 'h-[24rem]',
        )}
        data-testid="cluster-diagram"
      >
        {mounted ? (
          <ReactFlowProvider key={`${diagram.direction}:${diagram.width}x${diagram.height}`}>
            <DiagramCanvas {...props} diagram={diagram} />
          </ReactFlowProvider>
        ) : (
          <div className="flex h-full items-center justify-center text-sm text-muted">
            Drawing the cluster…
          </div>
        )}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-muted hover:text-fg">Cluster objects as a list</summary>
        <ul className="mt-2 space-y-1 pl-4">
          {tops.map((n) => (
            <li key={n.id}>
              <span className="font-medium">{KIND_TEXT[n.kind]}</span> {n.namespace ? `${n.namespace}/` : ''}
              {n.label}
              {n.detail ? <span className="text-muted"> — {n.detail}</span> : null}
              {childrenOf(n.id).length > 0 ? (
                <ul className="mt-1 space-y-1 pl-4">
                  {childrenOf(n.id).map((p) => (
                    <li key={p.id}>
                      Pod {p.namespace ? `${p.namespace}/` : ''}
                      {p.label} <span className="text-muted">— {p.detail}</span>
                      {childrenOf(p.id).length > 0 ? (
                        <span className="text-muted">
                          {' '}
                          · containers:{' '}
                          {childrenOf(p.id)
                            .map((c) => `${c.label}${c.detail ? ` ${c.detail}` : ''}`)
                            .join(', ')}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </details>
    </figure>
  );
}
