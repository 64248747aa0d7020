'use client';
/**
 * What the engine computes for the scenario in the editor, on the diagram the learner sees: per request the
 * disposition and reason, every alternative path with its weight, the hops at each level of detail, and the
 * palette the player would offer (valid cards plus the grader's distractors, with why each is wrong).
 * Pure computation in the browser (lib/engine, lib/grader, lib/trace-ui); nothing is sent anywhere.
 */
import { useMemo, useState } from 'react';
import { ClusterDiagram } from '@/components/cluster-diagram';
import { cn } from '@/components/ui/cn';
import type { ScenarioCheck } from '@/lib/authoring/scenario-check';
import { LEVELS, type Level } from '@/lib/engine';
import { cardsFor, distractors, project } from '@/lib/grader';
import { buildDiagramGraph } from '@/lib/trace-player/graph';
import { layoutBoth, layoutDiagram } from '@/lib/trace-player/layout';
import { outcomeLabel, setOutcomeLabel, verdictLead } from '@/lib/trace-player/outcomes';
import { pathNodeIds, replayFrames } from '@/lib/trace-player/replay';
import { toResultPath } from '@/lib/trace-player/result-path';
import { RuleText } from '@/components/rule-ref';
import { Replay } from '../../../trace/attempts/[attemptId]/_components/replay';

const LEVEL_TEXT: Record<Level, string> = { textbook: 'Textbook', coarse: 'Coarse', wire: 'Wire' };

type OkCheck = Extract<ScenarioCheck, { ok: true }>;

/**
 * `variant="playground"` (app/(app)/playground): no learner wording, no card palette, and the animated replay of
 * the chosen request's paths (every path, with the packet's addresses at each hop).
 */
export type PreviewVariant = 'authoring' | 'playground';

export function ScenarioPreview({
  check,
  stale,
  variant = 'authoring',
}: {
  check: ScenarioCheck;
  stale: boolean;
  variant?: PreviewVariant;
}) {
  return (
    <section
      aria-labelledby="preview-heading"
      className={cn('flex min-w-0 flex-col gap-3 transition-opacity', stale && 'opacity-60')}
      data-testid="scenario-preview"
    >
      <h2 id="preview-heading" className="text-lg font-semibold tracking-tight">
        {variant === 'playground' ? 'Every path' : 'Computed path'}
      </h2>
      {check.ok ? (
        <OkPreview check={check} variant={variant} />
      ) : (
        <div
          className="rounded-xl border border-dashed border-border p-6 text-sm text-muted"
          data-testid="preview-unavailable"
        >
          {check.stage === 'parse'
            ? variant === 'playground'
              ? 'The engine runs as soon as the manifests have no errors and there is a request. Fix the problems listed under the editor, or add a request.'
              : 'The engine runs as soon as the YAML has no errors. Fix the problems listed under the editor.'
            : 'The YAML is valid, but the engine could not trace it (see the message under the editor).'}
        </div>
      )}
    </section>
  );
}

function OkPreview({ check, variant }: { check: OkCheck; variant: PreviewVariant }) {
  const playground = variant === 'playground';
  const { input, model, traces } = check;
  const [requestId, setRequestId] = useState<string>(traces[0]?.requestId ?? '');
  const [level, setLevel] = useState<Level>(input.scenario.spec.level);
  const [pathIndex, setPathIndex] = useState(0);
  const trace = traces.find((t) => t.requestId === requestId) ?? traces[0];
  const graph = useMemo(
    () => layoutDiagram(buildDiagramGraph(input, trace ? { requestId: trace.requestId } : {})),
    [input, trace],
  );
  const palette = useMemo(() => {
    if (!trace)
      return { cards: [], distractorInfo: new Map<string, { explanation: string; rule: string }>() };
    const info = new Map(
      distractors(trace, model, level).map((d) => [d.card.id, { explanation: d.explanation, rule: d.rule }]),
    );
    return { cards: cardsFor(trace, level, model), distractorInfo: info };
  }, [trace, model, level]);

  const replay = useMemo(() => {
    if (!playground || !trace) return { diagram: [], paths: [] };
    const diagram = layoutBoth(buildDiagramGraph(input, { requestId: trace.requestId }));
    return { diagram, paths: trace.paths.map((p) => toResultPath(p, diagram[0], project(p, level))) };
  }, [playground, input, trace, level]);

  if (!trace) {
    return <p className="text-sm text-muted">This scenario has no request. Add one under spec.requests.</p>;
  }
  const path = trace.paths[Math.min(pathIndex, trace.paths.length - 1)];
  const route = path ? pathNodeIds(replayFrames(path, graph)) : [];
  const hops = path ? project(path, level) : [];
  const delivered = trace.outcome.kind === 'single' && trace.disposition === 'DELIVERED';

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        {traces.length > 1 ? (
          <div>
            <label htmlFor="preview-request" className="mb-1 block text-xs font-medium text-muted">
              Request
            </label>
            <select
              id="preview-request"
              value={trace.requestId}
              onChange={(e) => {
                setRequestId(e.target.value);
                setPathIndex(0);
              }}
              className="h-9 rounded-lg border border-border bg-surface px-2 text-sm text-fg"
            >
              {traces.map((t, i) => (
                <option key={t.requestId} value={t.requestId}>
                  {t.requestId}
                  {i === 0 && !playground ? ' (traced by learners)' : ''}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <fieldset>
          <legend className="mb-1 block text-xs font-medium text-muted">Level of detail</legend>
          <div className="inline-flex rounded-lg border border-border bg-surface p-0.5">
            {LEVELS.map((l) => (
              <label
                key={l}
                className={cn(
                  'cursor-pointer rounded-md px-3 py-1 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
                  level === l ? 'bg-accent text-accent-fg' : 'text-muted hover:text-fg',
                )}
              >
                <input
                  type="radio"
                  name="preview-level"
                  value={l}
                  checked={level === l}
                  onChange={() => setLevel(l)}
                  className="sr-only"
                />
                {LEVEL_TEXT[l]}
                {l === input.scenario.spec.level ? (
                  <span className="sr-only"> (the scenario&apos;s level)</span>
                ) : null}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <div className="rounded-xl border border-border bg-surface p-4 shadow-sm">
        <p className="text-sm text-muted">{trace.summary}</p>
        <p className="mt-2 flex flex-wrap items-center gap-2">
          <span
            className={cn(
              'rounded-full border px-2.5 py-0.5 text-sm font-semibold',
              delivered
                ? 'border-success/40 bg-success-bg text-success'
                : 'border-warning/40 bg-warning-bg text-warning',
            )}
            data-testid="preview-disposition"
          >
            {setOutcomeLabel(trace.outcome)}
          </span>
          <span className="text-xs text-muted">
            {trace.outcome.kind === 'split'
              ? trace.outcome.shares.map((x) => x.disposition).join(' / ')
              : trace.disposition}{' '}
            · the client sees {trace.symptom.replace(/_/g, ' ').toLowerCase()}
            {trace.outcome.kind === 'split' ? ' on the largest share' : ''}
          </span>
        </p>
        <p className="mt-2 text-sm">
          <RuleText>{trace.reason}</RuleText>
        </p>
        {trace.dns ? (
          <p className="mt-2 text-xs text-muted">
            DNS: {trace.dns.query} → {trace.dns.answers.join(', ') || 'no answer'} (
            {trace.dns.tried.map((t) => `${t.name} ${t.result}`).join(', ')})
          </p>
        ) : null}
        {trace.warnings.length ? (
          <ul className="mt-2 list-disc pl-5 text-xs text-warning">
            {trace.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>

      <ClusterDiagram
        diagram={graph}
        path={route}
        label="Map of the cluster with the computed path"
        className="max-h-[20rem] sm:max-h-[24rem]"
      />

      <fieldset className="rounded-xl border border-border bg-surface p-4">
        <legend className="px-1 text-sm font-semibold">
          {trace.paths.length} alternative{trace.paths.length === 1 ? '' : 's'}
        </legend>
        {trace.paths.length === 0 ? (
          <p className="text-sm text-danger" data-testid="preview-no-path">
            {playground
              ? 'No path: the engine found no way for this request.'
              : 'No path: this request cannot be published as the learner’s request.'}
          </p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {trace.paths.map((p, i) => (
              <li key={p.id}>
                <label className="flex cursor-pointer items-start gap-2 rounded px-1 py-1 hover:bg-surface-2">
                  <input
                    type="radio"
                    name="preview-path"
                    checked={i === Math.min(pathIndex, trace.paths.length - 1)}
                    onChange={() => setPathIndex(i)}
                    className="mt-1 size-4 accent-[var(--accent)]"
                  />
                  <span>
                    <span className="font-mono text-xs tabular-nums">
                      {Math.round(p.weight * 1000) / 10}%
                    </span>{' '}
                    {p.choice}
                    <span className="block text-xs text-muted">
                      {outcomeLabel(p.disposition)}
                      {p.endpoint ? ` at ${p.endpoint.ip}:${p.endpoint.port}` : ''}
                      {p.masqueraded ? ` · source seen as ${p.sourceSeenByDestination ?? 'masqueraded'}` : ''}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      {path ? (
        <section aria-labelledby="hops-heading" className="rounded-xl border border-border bg-surface p-4">
          <h3 id="hops-heading" className="text-sm font-semibold">
            Hops at {LEVEL_TEXT[level].toLowerCase()} level ({hops.length})
          </h3>
          <ol className="mt-2 flex flex-col gap-1 text-sm" data-testid="preview-hops">
            {hops.map((h, i) => (
              <li key={`${h.key}:${i}`} className="flex gap-2">
                <span className="w-6 shrink-0 text-right text-xs tabular-nums text-muted">{i + 1}.</span>
                <span className={cn('font-mono text-xs', h.optional && 'text-muted')}>
                  {h.label}
                  {h.optional ? ' (optional)' : ''}
                  {h.verdict ? (
                    <span className="ml-1 text-warning">
                      — {verdictLead(h.verdict.disposition).toLowerCase()}:{' '}
                      {outcomeLabel(h.verdict.disposition)}
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {playground ? (
        // The replay brings its own "Replay" heading.
        <Replay key={trace.requestId} diagram={replay.diagram} closest={null} alternatives={replay.paths} />
      ) : (
        <section aria-labelledby="palette-heading" className="rounded-xl border border-border bg-surface p-4">
          <h3 id="palette-heading" className="text-sm font-semibold">
            Cards the player offers ({palette.cards.length}, {palette.distractorInfo.size} distractor
            {palette.distractorInfo.size === 1 ? '' : 's'})
          </h3>
          <ul className="mt-2 flex flex-wrap gap-2 text-xs" data-testid="preview-cards">
            {palette.cards.map((c) => {
              const d = palette.distractorInfo.get(c.id);
              return (
                <li
                  key={c.id}
                  className={cn(
                    'rounded-lg border px-2 py-1 font-mono',
                    d ? 'border-warning/50 bg-warning-bg text-warning' : 'border-border bg-surface-2',
                  )}
                  title={d ? `${d.explanation} (${d.rule})` : undefined}
                >
                  {c.label}
                  {d ? <span className="sr-only"> (distractor)</span> : null}
                </li>
              );
            })}
          </ul>
          {palette.distractorInfo.size ? (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-muted hover:text-fg">
                Why the distractors are wrong
              </summary>
              <ul className="mt-2 flex flex-col gap-1.5">
                {palette.cards
                  .filter((c) => palette.distractorInfo.has(c.id))
                  .map((c) => (
                    <li key={c.id}>
                      <span className="font-mono text-xs">{c.label}</span>:{' '}
                      {palette.distractorInfo.get(c.id)?.explanation}{' '}
                      <span className="text-xs text-muted">
                        (<RuleText>{palette.distractorInfo.get(c.id)?.rule ?? ''}</RuleText>)
                      </span>
                    </li>
                  ))}
              </ul>
            </details>
          ) : null}
        </section>
      )}
    </div>
  );
}
