'use client';
/**
 * What if: one switch at a time (a setting of §F of the reference that matters for this request), re-traced
 * live in the browser by the same engine the server grades with, and the difference shown: outcome,
 * endpoints, hops, address rewrites, the source the destination Pod sees, and the rules exercised.
 */
import { useId, useMemo, useState } from 'react';
import { cn } from '@/components/ui/cn';
import type { Level } from '@/lib/engine';
import { applySwitch, retrace, traceDiff, type TraceDiff, type WhatIfOption } from '@/lib/review/what-if';
import type { ScenarioInput } from '@/lib/scenario';
import { outcomeLabel } from '@/lib/trace-player/outcomes';

export function WhatIf({
  input,
  requestId,
  level,
  options,
}: {
  input: ScenarioInput;
  requestId: string;
  level: Level;
  options: WhatIfOption[];
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const headingId = useId();
  const base = useMemo(() => retrace(input, requestId), [input, requestId]);
  const option = options.find((o) => o.id === chosen);
  const diff = useMemo((): TraceDiff | null => {
    if (!option || !base) return null;
    const after = retrace(applySwitch(input, option.switch), requestId);
    return after ? traceDiff(base, after, level) : null;
  }, [option, base, input, requestId, level]);
  if (!base) return null;

  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-border bg-surface p-4 sm:p-5"
      data-testid="what-if"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        What if…
      </h2>
      <p className="mt-1 text-sm text-muted">
        Flip one setting and the routing engine traces the same request again, here in your browser.
      </p>
      <ul className="mt-3 flex flex-wrap gap-2" aria-label="Settings to flip">
        {options.map((o) => (
          <li key={o.id}>
            <button
              type="button"
              aria-pressed={chosen === o.id}
              onClick={() => setChosen(chosen === o.id ? null : o.id)}
              className={cn(
                'rounded-lg border px-3 py-1.5 text-left text-sm',
                chosen === o.id
                  ? 'border-accent bg-accent text-accent-fg'
                  : 'border-border bg-surface hover:bg-surface-2',
              )}
              data-testid="what-if-switch"
              data-switch={o.id}
            >
              <span className="font-medium">{o.setting}</span>: {o.from} → <strong>{o.to}</strong>
            </button>
          </li>
        ))}
      </ul>
      <div aria-live="polite" className="mt-3">
        {option && diff ? <DiffView option={option} d={diff} /> : null}
      </div>
    </section>
  );
}

function Change({
  label,
  before,
  after,
  changed,
  testId,
}: {
  label: string;
  before: string;
  after: string;
  changed: boolean;
  testId: string;
}) {
  return (
    <div
      className="grid gap-1 sm:grid-cols-[10rem_minmax(0,1fr)]"
      data-testid={testId}
      data-changed={changed}
    >
      <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className="text-sm [overflow-wrap:anywhere]">
        {changed ? (
          <>
            <del className="text-danger">{before || 'none'}</del> <span aria-hidden="true">→</span>
            <span className="sr-only">becomes</span>{' '}
            <ins className="font-semibold no-underline">{after || 'none'}</ins>
          </>
        ) : (
          <span>
            {before || 'none'} <span className="text-muted">(unchanged)</span>
          </span>
        )}
      </dd>
    </div>
  );
}

function DiffView({ option, d }: { option: WhatIfOption; d: TraceDiff }) {
  const short = (o: string) => o.replace(/^[a-z-]+\//, '');
  return (
    <div className="rounded-lg border border-border bg-surface-2/50 p-3" data-testid="what-if-diff">
      <p className="text-sm font-semibold">
        With {option.setting} = {option.to}:{' '}
        {d.unchanged ? (
          <span data-testid="what-if-unchanged">nothing changes for this request.</span>
        ) : d.disposition.changed ? (
          <span className="text-danger">the outcome changes.</span>
        ) : (
          <span>same outcome, different path.</span>
        )}
      </p>
      {option.note ? <p className="mt-1 text-sm">{option.note}</p> : null}
      <dl className="mt-2 space-y-2">
        <Change
          label="Outcome"
          before={outcomeLabel(d.disposition.before)}
          after={outcomeLabel(d.disposition.after)}
          changed={d.disposition.changed}
          testId="what-if-outcome"
        />
        <Change
          label="Endpoints"
          before={d.endpoints.before.map(short).join(', ')}
          after={d.endpoints.after.map(short).join(', ')}
          changed={d.endpoints.added.length + d.endpoints.removed.length > 0}
          testId="what-if-endpoints"
        />
        <Change
          label="Source the Pod sees"
          before={d.sourceSeen.before.join(', ')}
          after={d.sourceSeen.after.join(', ')}
          changed={d.sourceSeen.changed}
          testId="what-if-source"
        />
        <Change
          label="Address rewrites"
          before={d.rewrites.before.join('; ')}
          after={d.rewrites.after.join('; ')}
          changed={d.rewrites.changed}
          testId="what-if-rewrites"
        />
        {d.rules.added.length + d.rules.removed.length > 0 ? (
          <div className="grid gap-1 sm:grid-cols-[10rem_minmax(0,1fr)]" data-testid="what-if-rules">
            <dt className="text-xs font-medium uppercase tracking-wide text-muted">Rules</dt>
            <dd className="font-mono text-xs">
              {d.rules.added.length > 0 ? <span>now {d.rules.added.join(' ')}</span> : null}
              {d.rules.added.length > 0 && d.rules.removed.length > 0 ? ' · ' : null}
              {d.rules.removed.length > 0 ? <span>no longer {d.rules.removed.join(' ')}</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {d.disposition.changed || d.reason.before !== d.reason.after ? (
        <p className="mt-2 text-sm" data-testid="what-if-reason">
          {d.reason.after}
        </p>
      ) : null}
      {d.hopsChanged ? (
        <div className="mt-3">
          <p className="text-xs font-medium uppercase tracking-wide text-muted">Hops</p>
          <ol className="mt-1 space-y-0.5 text-sm" data-testid="what-if-hops">
            {d.hops.map((h, i) => (
              <li
                key={i}
                data-op={h.op}
                className={cn(
                  'rounded px-2 py-0.5 font-mono text-xs',
                  h.op === 'added' && 'bg-success-bg text-success',
                  h.op === 'removed' && 'bg-danger-bg text-danger line-through',
                )}
              >
                <span aria-hidden="true">{h.op === 'added' ? '+ ' : h.op === 'removed' ? '− ' : '  '}</span>
                <span className="sr-only">
                  {h.op === 'added' ? 'added: ' : h.op === 'removed' ? 'removed: ' : ''}
                </span>
                {h.label}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
