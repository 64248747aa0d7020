/**
 * The result of a troubleshooting try (ADR 016): fixed or not and the score, every condition with what the engine
 * showed, each request's path before and after side by side, the learner's change as a diff, and the author's
 * minimal fix with its explanation (a smaller fix than the author's earns a note, not a penalty). In the
 * multiple-choice level, every candidate with the author's verdict.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Markdown } from '@/components/markdown';
import { ButtonLink } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { attemptView } from '@/lib/server/troubleshoot/service';
import { troubleshootSessionIdSchema } from '@/lib/validation/troubleshoot';
import { PathSummary } from '../../_components/path-summary';

export const metadata: Metadata = { title: 'Fix this cluster: result' };

type Props = { params: Promise<{ attemptId: string }> };

function Diff({ text, testId }: { text: string; testId: string }) {
  const lines = text.split('\n').filter((l, i) => !(i < 2 && /^(---|\+\+\+) /.test(l)));
  return (
    // Focusable: the diff scrolls in its box, and a keyboard user scrolls it from there.
    <pre
      tabIndex={0}
      className="mt-2 max-h-[28rem] overflow-auto rounded-lg bg-surface-2 p-3 font-mono text-xs leading-5"
      data-testid={testId}
    >
      {lines.map((l, i) => (
        <div
          key={i}
          className={cn(
            l.startsWith('+') && 'bg-success-bg text-success',
            l.startsWith('-') && 'bg-danger-bg text-danger',
            l.startsWith('@@') && 'text-muted',
          )}
        >
          {l.startsWith('+') ? (
            <span className="sr-only">added: </span>
          ) : l.startsWith('-') ? (
            <span className="sr-only">removed: </span>
          ) : null}
          {l || ' '}
        </div>
      ))}
    </pre>
  );
}

export default async function TroubleshootAttemptPage({ params }: Props) {
  const { attemptId } = await params;
  const user = await requireUser(`/troubleshoot/attempts/${encodeURIComponent(attemptId)}`);
  if (!troubleshootSessionIdSchema.safeParse(attemptId).success) notFound();
  const r = await attemptView(db, user.id, attemptId);
  if (!r.ok) notFound();
  const v = r.view;
  const base = `/troubleshoot/${v.exercise.id}`;
  const again = v.mode === 'EDIT' ? base : `${base}?mode=${v.mode.toLowerCase()}`;
  const victory = v.conditions.filter((c) => c.kind === 'victory');
  const invariants = v.conditions.filter((c) => c.kind === 'invariant');
  const broken = invariants.filter((c) => !c.holds);
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/troubleshoot" className="hover:underline">
          Fix this cluster
        </Link>{' '}
        /{' '}
        <Link href={base} className="hover:underline">
          {v.exercise.title}
        </Link>{' '}
        / result
      </nav>
      <header
        className={cn(
          'rounded-xl border p-5',
          v.passed ? 'border-success/40 bg-success-bg' : 'border-danger/40 bg-danger-bg',
        )}
        data-testid="verdict"
      >
        <h1 className="text-2xl font-bold tracking-tight">
          {v.passed
            ? 'Fixed'
            : broken.length
              ? 'Not fixed: your change breaks something that worked'
              : 'Not fixed'}
        </h1>
        <p className="mt-1 text-sm" data-testid="score">
          Score {v.score} / 100
          {v.penalty ? ` (hints −${v.penalty})` : ''}
          {v.late ? ' · submitted after the incident deadline: scored 0' : ''}
        </p>
        {v.passed && v.size < v.authorSize ? (
          <p className="mt-2 text-sm" data-testid="smaller-note">
            Your fix changed {v.size} value{v.size === 1 ? '' : 's'}; the author’s changes {v.authorSize}.
            Smaller than the author’s — worth comparing below.
          </p>
        ) : null}
        {broken.length ? (
          <ul className="mt-2 list-disc pl-5 text-sm" data-testid="broken-invariants">
            {broken.map((c) => (
              <li key={c.id}>
                <Markdown inline>{c.description}</Markdown> — no longer holds: {c.observed}
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      <section aria-labelledby="cond-h">
        <h2 id="cond-h" className="text-lg font-semibold">
          Conditions
        </h2>
        <table className="mt-2 w-full text-left text-sm" data-testid="condition-table">
          <thead className="text-xs uppercase text-muted">
            <tr>
              <th className="py-1 pr-2">Holds</th>
              <th className="py-1 pr-2">Condition</th>
              <th className="py-1">What the engine shows</th>
            </tr>
          </thead>
          <tbody>
            {[...victory, ...invariants].map((c) => (
              <tr
                key={c.id}
                className="border-t border-border align-top"
                data-testid="condition"
                data-holds={c.holds}
              >
                <td className={cn('py-2 pr-2 font-semibold', c.holds ? 'text-success' : 'text-danger')}>
                  {c.holds ? '✓ yes' : '✗ no'}
                </td>
                <td className="py-2 pr-2">
                  <span className="mr-1 text-xs uppercase text-muted">
                    {c.kind === 'victory' ? 'fix' : 'still'}
                  </span>
                  <Markdown inline>{c.description}</Markdown>
                </td>
                <td className="py-2 text-xs">{c.observed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {v.paths.length ? (
        <section aria-labelledby="paths-h">
          <h2 id="paths-h" className="text-lg font-semibold">
            Before and after
          </h2>
          <div className="mt-2 flex flex-col gap-4">
            {v.paths.map((p) => (
              <div key={p.requestId} data-testid="before-after" data-request={p.requestId}>
                <h3 className="font-mono text-sm">{p.requestId}</h3>
                <div className="mt-1 grid gap-3 lg:grid-cols-2">
                  <PathSummary trace={p.before} diagram={p.beforeDiagram} title="Before" testId="before" />
                  <PathSummary
                    trace={p.after}
                    diagram={p.afterDiagram}
                    title="After"
                    showMap
                    testId="after"
                  />
                </div>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      {v.choice ? (
        <section aria-labelledby="cand-h">
          <h2 id="cand-h" className="text-lg font-semibold">
            The candidate changes
          </h2>
          <ul className="mt-2 flex flex-col gap-2" data-testid="candidate-verdicts">
            {v.choice.candidates.map((c) => (
              <li
                key={c.id}
                className={cn(
                  'rounded-lg border p-3 text-sm',
                  c.id === v.choice?.picked ? 'border-accent' : 'border-border',
                )}
              >
                <p className="font-medium">
                  {c.id === v.choice?.picked ? (
                    <span className="mr-1 text-xs uppercase text-accent">your pick</span>
                  ) : null}
                  <Markdown inline>{c.label}</Markdown>{' '}
                  <span
                    className={cn(
                      'text-xs font-semibold',
                      c.expect === 'pass' ? 'text-success' : 'text-danger',
                    )}
                  >
                    {c.expect === 'pass'
                      ? 'fixes it'
                      : c.expect === 'invariant'
                        ? 'breaks something else'
                        : 'does not fix it'}
                  </span>
                </p>
                <div className="mt-1 text-muted">
                  <Markdown>{c.why}</Markdown>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="diff-h">
        <h2 id="diff-h" className="text-lg font-semibold">
          {v.choice ? 'The change you picked' : 'Your change'}
        </h2>
        {v.changes.length ? (
          <ul className="mt-2 list-disc pl-5 text-sm" data-testid="changed-objects">
            {v.changes.map((c) => (
              <li key={c.key}>
                <span className="font-mono">{c.key}</span> {c.change}
                {c.fields.length ? `: ${c.fields.map((f) => f.path).join(', ')}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-muted">You changed nothing.</p>
        )}
        <Diff text={v.diff} testId="learner-diff" />
      </section>

      <section aria-labelledby="fix-h">
        <h2 id="fix-h" className="text-lg font-semibold">
          The author’s minimal fix
        </h2>
        <div className="mt-2 text-sm" data-testid="fix-explanation">
          <Markdown>{v.fix.explanation}</Markdown>
        </div>
        <Diff text={v.fix.diff} testId="fix-diff" />
      </section>

      <div className="flex flex-wrap gap-3">
        <ButtonLink href={again}>Try again</ButtonLink>
        <ButtonLink href="/troubleshoot" variant="secondary">
          All exercises
        </ButtonLink>
      </div>
    </div>
  );
}
