'use client';
/**
 * The cluster as a map (lib/trace-player/map.ts): tiers in the order a request meets them — outside the
 * cluster, in-cluster proxies, Services and DNS, nodes with their Pods and containers — laid out by CSS in
 * the document's flow, so it wraps to any width and its text keeps its size (never under 12 px). The boxes
 * that matter come first; the rest fold behind a "show" button per tier and per node.
 *
 *   <ClusterDiagram diagram={g} focus={ids} />                       // the player: the cluster
 *   <ClusterDiagram diagram={g} path={ids} hops={ids} packetAt={id} packetLabel="3" />  // the replay
 *
 * On the path, boxes carry their hop numbers; the box the packet is at is marked, and the map scrolls to it
 * (within itself, never the page), so on a phone the view follows the packet hop by hop. The map is a
 * structure of headed lists, which is also its text alternative.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DiagramGraph, DiagramKind } from '@/lib/trace-player/graph';
import { buildClusterMap, type MapBox, type MapTier } from '@/lib/trace-player/map';
import { cn } from '@/components/ui/cn';

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

/** Tag colours per kind (text + background), AA contrast in light and dark mode. */
const KIND_TAG: Record<DiagramKind, string> = {
  client: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50',
  dns: 'bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-50',
  apigw: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-50',
  cloudlb: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-50',
  ingress: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-50',
  gateway: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-50',
  service: 'bg-brand-100 text-brand-900 dark:bg-brand-900 dark:text-brand-50',
  node: 'bg-surface-2 text-fg',
  pod: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-50',
  container: 'bg-surface-2 text-fg',
  external: 'bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-50',
};

export interface ClusterDiagramProps {
  /** The diagram graph (one, or several layouts of the same graph: the first is used). */
  diagram: DiagramGraph | readonly DiagramGraph[];
  /** Boxes of a path, in order: shown first and highlighted. */
  path?: readonly string[];
  /** The box of each hop (index = hop − 1), for hop numbers on the boxes; defaults to `path`. */
  hops?: readonly (string | undefined)[];
  /** Boxes to show first (the rest fold away); the path is always in focus. */
  focus?: readonly string[];
  /** The box the replayed packet is at (or the box of a hovered card in the player). */
  packetAt?: string;
  /** Text on the packet marker (e.g. "3"); no marker, only a highlight, when empty. */
  packetLabel?: string;
  /**
   * Boxes a replayed learner's path puts the packet on although it could not have been there (marked ✗ and
   * in the danger colour); the marker turns to the danger colour on them too.
   */
  impossible?: readonly string[];
  /** Accessible name of the figure. */
  label?: string;
  /** Classes of the scrolling box (its max height). */
  className?: string;
}

function subscribeReducedMotion(cb: () => void) {
  const mq = window.matchMedia('(prefers-reduced-motion: reduce)');
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

export function ClusterDiagram(props: ClusterDiagramProps) {
  const { path, packetAt, packetLabel, label = 'Cluster diagram', className } = props;
  const graph: DiagramGraph = Array.isArray(props.diagram)
    ? (props.diagram as readonly DiagramGraph[])[0]!
    : (props.diagram as DiagramGraph);
  const focusKey = [...(props.focus ?? []), ...(path ?? [])].join('\n');
  const tiers = useMemo(
    () => buildClusterMap(graph, new Set(focusKey ? focusKey.split('\n') : [])),
    [graph, focusKey],
  );
  const hopsOf = useMemo(() => {
    const m = new Map<string, number[]>();
    (props.hops ?? path ?? []).forEach((id, i) => {
      if (!id) return;
      const list = m.get(id) ?? [];
      list.push(i + 1);
      m.set(id, list);
    });
    return m;
  }, [props.hops, path]);
  const onPath = useMemo(() => new Set(path ?? []), [path]);
  const impossible = useMemo(() => new Set(props.impossible ?? []), [props.impossible]);
  const reduced = useSyncExternalStore(
    subscribeReducedMotion,
    () => window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    () => true,
  );

  // Follow the packet: scroll the map (not the page) so the box it is at is in view.
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = scroller.current;
    if (!box || !packetAt) return;
    const el = box.querySelector<HTMLElement>(`[data-box-id="${CSS.escape(packetAt)}"]`);
    if (!el) return;
    const b = box.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (r.top >= b.top && r.bottom <= b.bottom && r.left >= b.left && r.right <= b.right) return;
    box.scrollTo({
      top: box.scrollTop + r.top - b.top - Math.max(8, (b.height - Math.min(r.height, b.height)) / 2),
      left: box.scrollLeft + r.left - b.left - 8,
      behavior: reduced ? 'auto' : 'smooth',
    });
  }, [packetAt, reduced]);

  const ctx: BoxContext = { hopsOf, onPath, impossible, packetAt, packetLabel: packetLabel ?? '' };
  return (
    <figure className="flex flex-col gap-1" aria-label={label}>
      <div
        ref={scroller}
        role="region"
        aria-label={`${label} (scrollable)`}
        tabIndex={0}
        className={cn(
          '@container relative w-full overflow-auto overscroll-contain rounded-xl border border-border bg-surface-2/40 p-2 sm:p-3',
          className ?? 'max-h-[28rem]',
        )}
        data-testid="cluster-diagram"
      >
        {/* Tiers top to bottom in a narrow box, left to right in a wide one (a container query). */}
        <ol className="space-y-2 @4xl:flex @4xl:items-start @4xl:gap-4 @4xl:space-y-0">
          {tiers.map((t, i) => (
            <Tier key={t.id} tier={t} first={i === 0} ctx={ctx} />
          ))}
        </ol>
      </div>
    </figure>
  );
}

type BoxContext = {
  hopsOf: Map<string, number[]>;
  onPath: Set<string>;
  impossible: Set<string>;
  packetAt: string | undefined;
  packetLabel: string;
};

function Tier({ tier, first, ctx }: { tier: MapTier; first: boolean; ctx: BoxContext }) {
  const [open, setOpen] = useState(false);
  const boxes = open ? [...tier.shown, ...tier.folded] : tier.shown;
  const grid =
    tier.id === 'nodes'
      ? 'grid-cols-[repeat(auto-fit,minmax(min(100%,20rem),1fr))]'
      : 'grid-cols-[repeat(auto-fit,minmax(min(100%,14rem),1fr))]';
  return (
    <li
      className={cn('min-w-0', tier.id === 'nodes' ? '@4xl:flex-[2]' : '@4xl:flex-1')}
      data-testid="diagram-tier"
      data-tier={tier.id}
    >
      {!first ? (
        <div aria-hidden="true" className="flex justify-center text-base leading-none text-muted @4xl:hidden">
          ↓
        </div>
      ) : null}
      <section aria-label={tier.title}>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">
          {!first ? (
            <span aria-hidden="true" className="hidden @4xl:inline">
              →{' '}
            </span>
          ) : null}
          {tier.title}
        </h3>
        {boxes.length > 0 ? (
          <ul className={cn('grid items-start gap-2', grid)}>
            {boxes.map((b) => (
              <TopBox key={b.node.id} box={b} ctx={ctx} />
            ))}
          </ul>
        ) : null}
        {tier.folded.length > 0 ? (
          <FoldButton
            open={open}
            count={tier.folded.length}
            what={tier.id === 'nodes' ? 'node' : 'object'}
            onToggle={() => setOpen((o) => !o)}
          />
        ) : null}
      </section>
    </li>
  );
}

function FoldButton({
  open,
  count,
  what,
  onToggle,
}: {
  open: boolean;
  count: number;
  what: string;
  onToggle: () => void;
}) {
  return (
    <button
      type="button"
      aria-expanded={open}
      onClick={onToggle}
      className="mt-1 rounded-md px-2 py-1 text-xs font-medium text-accent underline-offset-2 hover:underline"
      data-testid="diagram-fold"
    >
      {open
        ? `Hide ${count} other ${what}${count === 1 ? '' : 's'}`
        : `Show ${count} other ${what}${count === 1 ? '' : 's'}`}
    </button>
  );
}

function stateClasses(id: string, ctx: BoxContext): string {
  if (ctx.impossible.has(id))
    return id === ctx.packetAt
      ? 'ring-4 ring-danger border-danger border-solid'
      : 'ring-2 ring-danger/70 border-danger/70 border-solid';
  if (id === ctx.packetAt) return 'ring-4 ring-accent border-accent';
  if (ctx.onPath.has(id)) return 'ring-2 ring-accent/70 border-accent/60';
  return '';
}

/** Hop numbers and the packet marker of a box. */
function Marks({ id, ctx }: { id: string; ctx: BoxContext }) {
  const hops = ctx.hopsOf.get(id);
  const here = id === ctx.packetAt && ctx.packetLabel !== '';
  const wrong = ctx.impossible.has(id);
  if (!hops && !here && !wrong) return null;
  return (
    <span className="ml-auto flex shrink-0 flex-wrap items-center justify-end gap-1">
      {wrong ? (
        <span
          className="rounded bg-danger-bg px-1 text-xs font-semibold text-danger"
          data-testid="diagram-impossible"
        >
          <span aria-hidden="true">✗ </span>not on the packet&apos;s path
        </span>
      ) : null}
      {here ? (
        <span
          className={cn(
            'inline-flex h-6 min-w-6 items-center justify-center gap-1 rounded-full px-2 text-xs font-bold shadow',
            wrong ? 'bg-danger text-bg' : 'bg-accent text-accent-fg',
          )}
          data-testid="replay-packet"
        >
          <span aria-hidden="true">{wrong ? '✗' : '●'}</span>
          <span className="sr-only">
            {wrong ? 'Your path puts the packet here, hop ' : 'The packet is here, hop '}
          </span>
          {ctx.packetLabel}
        </span>
      ) : null}
      {hops ? (
        <span className="rounded border border-accent/50 px-1 text-xs font-semibold tabular-nums text-fg">
          <span className="sr-only">hop{hops.length > 1 ? 's' : ''} </span>
          {hops.length > 4 ? `${hops.slice(0, 3).join(', ')} +${hops.length - 3}` : hops.join(', ')}
        </span>
      ) : null}
    </span>
  );
}

function Tag({ kind }: { kind: DiagramKind }) {
  return (
    <span
      className={cn(
        'shrink-0 whitespace-nowrap rounded px-1.5 py-px text-xs font-semibold uppercase tracking-wide',
        KIND_TAG[kind],
      )}
    >
      {KIND_TEXT[kind]}
    </span>
  );
}

function Relations({ to }: { to: string[] }) {
  if (to.length === 0) return null;
  const shown = to.slice(0, 4);
  return (
    <p className="mt-1 text-xs text-muted [overflow-wrap:anywhere]">
      <span aria-hidden="true">→ </span>
      <span className="sr-only">points to </span>
      {shown.join(', ')}
      {to.length > shown.length ? ` +${to.length - shown.length}` : ''}
    </p>
  );
}

function TopBox({ box, ctx }: { box: MapBox; ctx: BoxContext }) {
  const n = box.node;
  if (n.kind === 'node') return <NodeBox box={box} ctx={ctx} />;
  if (n.kind === 'pod') return <PodBox box={box} ctx={ctx} />;
  return (
    <li
      className={cn(
        'min-w-0 rounded-lg border border-border bg-surface p-2 shadow-sm',
        stateClasses(n.id, ctx),
      )}
      data-testid="diagram-box"
      data-box-id={n.id}
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <Tag kind={n.kind} />
        <span className="min-w-0 text-sm font-semibold [overflow-wrap:anywhere]">
          {n.namespace ? <span className="font-normal text-muted">{n.namespace}/</span> : null}
          {n.label}
        </span>
        <Marks id={n.id} ctx={ctx} />
      </div>
      {n.detail ? (
        <p className="mt-1 font-mono text-xs text-muted [overflow-wrap:anywhere]">{n.detail}</p>
      ) : null}
      <Relations to={box.to} />
    </li>
  );
}

function NodeBox({ box, ctx }: { box: MapBox; ctx: BoxContext }) {
  const [open, setOpen] = useState(false);
  const n = box.node;
  const pods = open ? [...box.children, ...box.folded] : box.children;
  return (
    <li
      className={cn(
        'min-w-0 rounded-xl border-2 border-dashed border-border bg-surface-2/70 p-2',
        stateClasses(n.id, ctx),
      )}
      data-testid="diagram-box"
      data-box-id={n.id}
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <Tag kind="node" />
        <span className="min-w-0 text-sm font-semibold [overflow-wrap:anywhere]">{n.label}</span>
        {n.detail ? <span className="font-mono text-xs text-muted">{n.detail}</span> : null}
        <Marks id={n.id} ctx={ctx} />
      </div>
      {pods.length > 0 ? (
        <ul className="mt-2 grid grid-cols-[repeat(auto-fit,minmax(min(100%,12rem),1fr))] items-start gap-2">
          {pods.map((p) => (
            <PodBox key={p.node.id} box={p} ctx={ctx} />
          ))}
        </ul>
      ) : null}
      {box.folded.length > 0 ? (
        <FoldButton open={open} count={box.folded.length} what="Pod" onToggle={() => setOpen((o) => !o)} />
      ) : null}
    </li>
  );
}

function PodBox({ box, ctx }: { box: MapBox; ctx: BoxContext }) {
  const n = box.node;
  return (
    <li
      className={cn(
        'min-w-0 rounded-lg border border-indigo-300 bg-surface p-2 shadow-sm dark:border-indigo-700',
        stateClasses(n.id, ctx),
      )}
      data-testid="diagram-box"
      data-box-id={n.id}
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <Tag kind="pod" />
        <span className="min-w-0 text-sm font-semibold [overflow-wrap:anywhere]">{n.label}</span>
        <Marks id={n.id} ctx={ctx} />
      </div>
      <p className="mt-0.5 font-mono text-xs text-muted [overflow-wrap:anywhere]">
        {n.namespace ? `${n.namespace} · ` : ''}
        {n.detail}
      </p>
      {box.children.length > 0 ? (
        <ul className="mt-1.5 space-y-1">
          {box.children.map((c) => (
            <li
              key={c.node.id}
              className={cn(
                'flex flex-wrap items-center gap-x-1.5 rounded-md border border-border bg-surface-2 px-1.5 py-0.5',
                stateClasses(c.node.id, ctx),
              )}
              data-testid="diagram-box"
              data-box-id={c.node.id}
            >
              <span
                aria-hidden="true"
                className="h-2 w-2 shrink-0 rounded-sm bg-indigo-500 dark:bg-indigo-300"
              />
              <span className="sr-only">Container </span>
              <span className="min-w-0 text-xs font-medium [overflow-wrap:anywhere]">{c.node.label}</span>
              {c.node.detail ? <span className="font-mono text-xs text-muted">{c.node.detail}</span> : null}
              <Marks id={c.node.id} ctx={ctx} />
            </li>
          ))}
        </ul>
      ) : null}
      <Relations to={box.to} />
    </li>
  );
}
