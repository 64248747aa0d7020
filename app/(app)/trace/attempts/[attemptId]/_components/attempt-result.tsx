/**
 * The result page body (server component): score, the two paths side by side with each hop's finding, the
 * findings with explanations and rules, the outcome, the alternatives, and the replay (client component).
 */
import { ButtonLink } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import type { AttemptView, ResultFinding } from '@/lib/trace-player/views';
import { LEVEL_TEXT, pct } from '../../../_components/labels';
import { LayerIcon, layerTone } from '../../../[scenarioId]/_components/layer-style';
import { Replay } from './replay';
import { WhatIf } from './what-if';
import { RuleLink, RuleText } from '@/components/rule-ref';
import { traceHref } from '@/lib/trace-player/href';

const CODE_TEXT: Record<ResultFinding['code'], { icon: string; text: string; cls: string }> = {
  correct: { icon: '✓', text: 'Right', cls: 'text-success' },
  seed_simplification: { icon: '≈', text: 'Accepted (textbook simplification)', cls: 'text-success' },
  out_of_order: { icon: '↕', text: 'Out of order', cls: 'text-warning' },
  wrong_object: { icon: '≠', text: 'Right layer, wrong object', cls: 'text-warning' },
  extra: { icon: '✗', text: 'Not on this path', cls: 'text-danger' },
  missing: { icon: '+', text: 'Missing', cls: 'text-danger' },
  wrong_disposition: { icon: '✗', text: 'Outcome', cls: 'text-danger' },
};

function scoreTone(score: number): string {
  return score >= 0.9 ? 'text-success' : score >= 0.5 ? 'text-warning' : 'text-danger';
}

export function AttemptResult({ view }: { view: AttemptView }) {
  const byIndex = new Map<number, ResultFinding>();
  for (const f of view.findings) if (f.index !== undefined && !byIndex.has(f.index)) byIndex.set(f.index, f);
  const missingAt = new Set(
    view.findings
      .filter((f) => f.code === 'missing' && f.expectedIndex !== undefined)
      .map((f) => f.expectedIndex!),
  );
  const matchedExpected = new Set(
    view.findings
      .filter(
        (f) => (f.code === 'correct' || f.code === 'seed_simplification') && f.expectedIndex !== undefined,
      )
      .map((f) => f.expectedIndex!),
  );
  const problems = view.findings.filter((f) => f.code !== 'correct');
  // Back to the same request of a scenario that has several (the player opens the first one otherwise).
  const q = (extra: { variant?: string }) =>
    traceHref(view.scenario.id, {
      mode: view.mode,
      ...(view.multipleRequests ? { request: view.requestId } : {}),
      ...extra,
    });
  const retry = q({});
  const again = q({ variant: 'new' });
  const points = (x: number) => Math.round(x * 100);

  return (
    <div className="space-y-6" data-testid="trace-result">
      <header className="flex flex-col gap-4 rounded-xl border border-border bg-surface p-5 sm:flex-row sm:items-center sm:justify-between sm:p-6">
        <div>
          <p className="text-sm text-muted">
            {view.mode === 'challenge' ? 'Challenge' : 'Learning'} · {LEVEL_TEXT[view.level]} level · version{' '}
            {view.scenario.version}
          </p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">{view.scenario.title}</h1>
          <p className="mt-2 text-muted [overflow-wrap:anywhere]">{view.request}</p>
          {view.variant ? (
            <p className="mt-1 text-sm text-muted [overflow-wrap:anywhere]" data-testid="result-variant">
              Fresh variant{view.variant.renames.length > 0 ? `: ${view.variant.renames.join(', ')}` : ''}{' '}
              (and other addresses, ports and placement).
            </p>
          ) : null}
        </div>
        <div className="shrink-0 text-left sm:text-right">
          <p
            className={cn('text-5xl font-bold tabular-nums', scoreTone(view.score))}
            data-testid="result-score"
          >
            <span className="sr-only">Score: </span>
            {pct(view.score)}
          </p>
          <dl className="mt-1 space-y-0.5 text-sm text-muted" data-testid="score-breakdown">
            <div>
              <dt className="inline">Path: </dt>
              <dd className="inline font-medium text-fg">{pct(view.pathScore)}</dd>
            </div>
            {view.dispositionCorrect !== null ? (
              <div>
                <dt className="inline">Outcome: </dt>
                <dd className="inline font-medium text-fg">{view.dispositionCorrect ? 'right' : 'wrong'}</dd>
              </div>
            ) : null}
            {view.penalty > 0 ? (
              <div data-testid="hint-penalty">
                <dt className="inline">Hints: </dt>
                <dd className="inline font-medium text-fg">
                  −{points(view.penalty)} points (grader score {pct(view.gradeScore)})
                </dd>
              </div>
            ) : null}
          </dl>
        </div>
      </header>

      <div className="flex flex-wrap gap-2">
        {view.scenario.stillPublished ? (
          <>
            <ButtonLink href={again} data-testid="practise-again">
              Practise this again (fresh variant)
            </ButtonLink>
            <ButtonLink href={retry} variant="secondary" data-testid="try-again">
              Try the same one again
            </ButtonLink>
          </>
        ) : null}
        <ButtonLink
          href={`/trace/practice/${view.scenario.topic}`}
          variant="secondary"
          data-testid="endless-practice"
        >
          Endless practice: this topic
        </ButtonLink>
        <ButtonLink href="/trace" variant="secondary">
          Back to the library
        </ButtonLink>
      </div>

      <Replay
        diagram={view.diagram}
        closest={view.closest}
        alternatives={view.alternatives}
        mine={view.mine}
      />

      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading" className="text-lg font-semibold">
          Your path and the closest valid path
        </h2>
        <p className="mt-1 text-sm text-muted">
          {view.closest
            ? `Graded against ${view.closest.id} (${view.closest.choice || 'the only path'})${view.alternatives.length > 0 ? `, the closest of ${view.alternatives.length + 1} valid paths` : ''}.`
            : 'No connection path exists for this request.'}
        </p>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          <div className="rounded-xl border border-border bg-surface p-4">
            <h3 className="font-semibold">Your path</h3>
            {view.learner.length === 0 ? (
              <p className="mt-2 text-sm text-muted">Empty.</p>
            ) : (
              <ol className="mt-3 space-y-1.5" data-testid="learner-path">
                {view.learner.map((h, i) => {
                  const f = byIndex.get(i);
                  const c = f ? CODE_TEXT[f.code] : undefined;
                  return (
                    <li key={i} className="flex items-center gap-2 text-sm">
                      <span className="w-5 text-right text-xs tabular-nums text-muted">{i + 1}</span>
                      <span
                        className={cn(
                          'inline-flex min-w-0 flex-1 items-center gap-1.5 rounded-md border px-2 py-1',
                          layerTone(h.layer),
                        )}
                      >
                        <LayerIcon layer={h.layer} />
                        <span className="break-all">{h.label}</span>
                      </span>
                      {c ? (
                        <span className={cn('w-24 shrink-0 text-xs font-semibold', c.cls)}>
                          <span aria-hidden="true">{c.icon} </span>
                          {c.text}
                        </span>
                      ) : (
                        <span className="w-24 shrink-0" />
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
          </div>
          <div className="rounded-xl border border-border bg-surface p-4">
            <h3 className="font-semibold">
              Closest valid path{' '}
              {view.closest ? <span className="font-normal text-muted">({view.closest.id})</span> : null}
            </h3>
            {view.closest ? (
              <ol className="mt-3 space-y-1.5" data-testid="expected-path">
                {view.closest.hops.map((h, i) => (
                  <li key={i} className="flex items-center gap-2 text-sm">
                    <span className="w-5 text-right text-xs tabular-nums text-muted">{i + 1}</span>
                    <span
                      className={cn(
                        'inline-flex min-w-0 flex-1 items-center gap-1.5 rounded-md border px-2 py-1',
                        layerTone(h.layer),
                        h.optional && 'border-dashed',
                      )}
                    >
                      <LayerIcon layer={h.layer} />
                      <span className="break-all">{h.label}</span>
                      {h.optional ? <span className="ml-auto text-xs font-medium">optional</span> : null}
                    </span>
                    <span className="w-24 shrink-0 text-xs font-semibold">
                      {missingAt.has(i) ? (
                        <span className="text-danger">+ you missed it</span>
                      ) : matchedExpected.has(i) ? (
                        <span className="text-success">
                          <span aria-hidden="true">✓ </span>you had it
                        </span>
                      ) : null}
                    </span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-2 text-sm text-muted">{view.traceReason}</p>
            )}
          </div>
        </div>
      </section>

      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading" className="text-lg font-semibold">
          What the grader found
        </h2>
        {problems.length === 0 ? (
          <p
            className="mt-2 rounded-lg border border-success/40 bg-success-bg p-3 text-sm text-success"
            data-testid="no-problems"
          >
            Every hop is right
            {view.scenario.askDisposition
              ? view.dispositionCorrect
                ? ', and so is the outcome'
                : '; the outcome is not (see below)'
              : ''}
            .
          </p>
        ) : null}
        <ul className="mt-3 space-y-2" data-testid="findings">
          {problems.map((f, i) => (
            <FindingItem key={i} f={f} />
          ))}
        </ul>
        {view.findings.length > problems.length ? (
          <details className="mt-3 rounded-lg border border-border bg-surface p-3 text-sm">
            <summary className="cursor-pointer font-medium">
              {view.findings.length - problems.length} hop
              {view.findings.length - problems.length === 1 ? '' : 's'} right
            </summary>
            <ul className="mt-2 space-y-2">
              {view.findings
                .filter((f) => f.code === 'correct')
                .map((f, i) => (
                  <FindingItem key={i} f={f} />
                ))}
            </ul>
          </details>
        ) : null}
      </section>

      {view.scenario.askDisposition ? (
        <section aria-labelledby="outcome-heading" className="rounded-xl border border-border bg-surface p-4">
          <h2 id="outcome-heading" className="text-lg font-semibold">
            Outcome
          </h2>
          <p className="mt-2 text-sm">
            You chose <strong>{view.chosenOutcome?.label ?? 'nothing'}</strong>; the request ends{' '}
            <strong>{view.expectedOutcome.label}</strong>
            {view.splitOutcome ? ' on the path closest to yours' : ''}.{' '}
            <span className={view.dispositionCorrect ? 'text-success' : 'text-danger'}>
              {view.dispositionCorrect ? 'Right.' : 'Not right.'}
            </span>
          </p>
          {view.splitOutcome ? (
            <p className="mt-1 text-sm" data-testid="split-outcome">
              The alternatives end differently, so the outcome is split: <strong>{view.splitOutcome}</strong>.
            </p>
          ) : null}
          <p className="mt-1 text-sm text-muted">{view.traceReason}</p>
        </section>
      ) : null}

      {view.alternatives.length > 0 ? (
        <section aria-labelledby="alts-heading">
          <h2 id="alts-heading" className="text-lg font-semibold">
            The other valid paths
          </h2>
          <p className="mt-1 text-sm text-muted">
            Any of these would also have been right. Pick one in the replay above to watch it.
          </p>
          <ul className="mt-3 grid gap-3 md:grid-cols-2" data-testid="alternatives">
            {view.alternatives.map((p) => (
              <li key={p.id} className="rounded-xl border border-border bg-surface p-4 text-sm">
                <p className="font-semibold">
                  {p.id} · {Math.round(p.weight * 100)}% of connections
                </p>
                <p className="mt-1 text-muted">{p.choice}</p>
                <p className="mt-1">
                  {p.dispositionLabel}
                  {p.endpoint ? ` at ${p.endpoint}` : ''}
                </p>
                <p className="mt-2 break-words text-xs text-muted">
                  {p.hops.map((h) => h.label).join(' → ')}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.whatIf ? (
        <WhatIf
          input={view.whatIf.input}
          requestId={view.whatIf.requestId}
          level={view.whatIf.level}
          options={view.whatIf.options}
        />
      ) : null}

      {view.dns ? (
        <section
          aria-labelledby="dns-heading"
          className="rounded-xl border border-border bg-surface p-4 text-sm"
        >
          <h2 id="dns-heading" className="text-lg font-semibold">
            Name resolution first
          </h2>
          <p className="mt-1 [overflow-wrap:anywhere]">
            <code>{view.dns.query}</code> →{' '}
            {view.dns.answers.length > 0 ? view.dns.answers.join(', ') : 'no answer'} (
            {view.dns.kind.replace(/_/g, ' ').toLowerCase()})
          </p>
          {view.dns.records ? (
            <ul className="mt-2 space-y-1 [overflow-wrap:anywhere]" data-testid="dns-records">
              {view.dns.records.map((r) => (
                <li key={r.type}>
                  <span className="font-semibold">{r.type}</span>:{' '}
                  {r.answers.length > 0 ? (
                    <code>{r.answers.join(', ')}</code>
                  ) : (
                    'NOERROR, no records (NODATA — the name exists; not NXDOMAIN)'
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          {view.dns.addressSelection ? (
            <p className="mt-2 text-muted [overflow-wrap:anywhere]" data-testid="address-selection">
              Which address the client dials: {view.dns.addressSelection}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function FindingItem({ f }: { f: ResultFinding }) {
  const c = CODE_TEXT[f.code];
  return (
    <li
      className={cn(
        'rounded-lg border p-3 text-sm',
        f.severity === 'error'
          ? 'border-danger/40 bg-danger-bg/50'
          : f.severity === 'warning'
            ? 'border-warning/40 bg-warning-bg/50'
            : 'border-border bg-surface',
      )}
      data-testid="finding"
      data-code={f.code}
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className={cn('font-semibold', c.cls)}>
          <span aria-hidden="true">{c.icon} </span>
          {c.text}
        </span>
        <span className="text-muted" aria-hidden="true">
          ·
        </span>
        <span className="min-w-0 font-medium [overflow-wrap:anywhere]">
          {f.code === 'wrong_disposition'
            ? 'Outcome'
            : f.index !== undefined
              ? `Hop ${f.index + 1}: ${f.cardLabel}`
              : f.cardLabel}
        </span>
        {f.rule ? (
          <span
            className="ml-auto rounded border border-border bg-surface-2 px-1.5 py-0.5 font-mono text-xs text-muted"
            title="Rule of the networking reference"
          >
            <RuleLink id={f.rule} />
          </span>
        ) : null}
      </div>
      <p className="mt-1 text-fg/90 [overflow-wrap:anywhere]">
        <RuleText>{f.message}</RuleText>
      </p>
    </li>
  );
}
