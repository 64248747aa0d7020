'use client';
/**
 * One request's trace in a few lines: the outcome and why, the coarse hops of one path (a select picks another
 * alternative), and — when asked — the cluster map with the path's boxes numbered (ADR 013's map). Used by the
 * exercise page (explore, preview) and the result (before / after).
 */
import { useId, useMemo, useState } from 'react';
import type { TraceSet } from '@/lib/engine';
import { project } from '@/lib/grader';
import type { DiagramGraph } from '@/lib/trace-player/graph';
import { pathNodeIds, replayFrames } from '@/lib/trace-player/replay';
import { ClusterDiagram } from '@/components/cluster-diagram';
import { cn } from '@/components/ui/cn';

const GOOD = new Set(['DELIVERED', 'EXITS_CLUSTER']);

export function OutcomeBadge({ disposition }: { disposition: string }) {
  const good = GOOD.has(disposition) || /^HTTP_[23]\d\d$/.test(disposition);
  return (
    <span
      className={cn(
        'rounded-full border px-2 py-0.5 font-mono text-xs font-semibold',
        good ? 'border-success/40 bg-success-bg text-success' : 'border-danger/40 bg-danger-bg text-danger',
      )}
      data-testid="outcome"
    >
      {disposition}
    </span>
  );
}

export function PathSummary({
  trace,
  diagram,
  title,
  showMap = false,
  testId,
}: {
  trace: TraceSet;
  diagram: DiagramGraph;
  title: string;
  showMap?: boolean;
  testId?: string;
}) {
  const [index, setIndex] = useState(0);
  const selectId = useId();
  const path = trace.paths[Math.min(index, Math.max(0, trace.paths.length - 1))];
  const hops = useMemo(() => (path ? project(path, 'coarse') : []), [path]);
  const frames = useMemo(() => (path ? replayFrames(path, diagram) : []), [path, diagram]);
  const ids = useMemo(() => pathNodeIds(frames), [frames]);
  return (
    <section
      className="min-w-0 rounded-xl border border-border bg-surface p-4"
      data-testid={testId}
      aria-label={title}
    >
      <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold">
        {title} <OutcomeBadge disposition={trace.disposition} />
      </h3>
      <p className="mt-1 text-xs text-muted">{trace.summary}</p>
      <p className="mt-2 text-sm" data-testid="reason">
        {trace.reason}
      </p>
      {trace.dns ? (
        <p className="mt-1 text-xs text-muted">
          DNS: {trace.dns.query} → {trace.dns.answers.length ? trace.dns.answers.join(', ') : 'no answer'}
        </p>
      ) : null}
      {trace.paths.length > 1 ? (
        <div className="mt-2 text-xs">
          <label htmlFor={selectId} className="mr-2 text-muted">
            Alternative
          </label>
          <select
            id={selectId}
            value={index}
            onChange={(e) => setIndex(Number(e.target.value))}
            className="rounded border border-border bg-surface px-2 py-1"
          >
            {trace.paths.map((p, i) => (
              <option key={p.id} value={i}>
                {i + 1} of {trace.paths.length}: {p.disposition}
                {p.endpoint ? ` at ${p.endpoint.object.split('/').slice(-1)[0]}` : ''} (
                {Math.round(p.weight * 100)}%)
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {path ? (
        <ol
          className="mt-3 flex flex-wrap items-center gap-1 text-xs"
          aria-label="Hops (coarse)"
          data-testid="hops"
        >
          {hops.map((h, i) => (
            <li key={`${h.key}-${i}`} className="flex items-center gap-1">
              <span
                className={cn(
                  'rounded border border-border bg-surface-2 px-1.5 py-0.5',
                  h.optional && 'opacity-80',
                )}
              >
                {h.label}
              </span>
              {i < hops.length - 1 ? <span aria-hidden="true">→</span> : null}
            </li>
          ))}
          {path.disposition !== 'DELIVERED' ? (
            <li className="flex items-center gap-1">
              <span aria-hidden="true">→</span>
              <span className="font-semibold text-danger">{path.disposition}</span>
            </li>
          ) : null}
        </ol>
      ) : null}
      {showMap && path ? (
        <div className="mt-3">
          <ClusterDiagram
            diagram={diagram}
            path={ids}
            hops={frames.map((f) => f.nodeId)}
            label={`${title}: cluster map`}
            className="max-h-96"
          />
        </div>
      ) : null}
    </section>
  );
}
