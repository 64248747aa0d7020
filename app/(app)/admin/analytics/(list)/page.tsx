/**
 * Analytics for authors. Questions: attempts, share correct, mean score and the discrimination index
 * (corrected point-biserial, lib/authoring/analytics.ts), flagged below 0.2. Scenarios: attempts, average
 * score, right outcome, and a link to the heat-map of hops learners add, miss or misplace.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { questionAnalytics, scenarioAnalytics } from '@/lib/server/authoring/analytics';
import { DISCRIMINATION_FLAG, MIN_ATTEMPTS_FOR_INDEX } from '@/lib/authoring/analytics';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { AdminNav } from '../../_components/admin-nav';

export const metadata: Metadata = { title: 'Analytics' };

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toFixed(2));

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<{ all?: string }> }) {
  await requireAdmin('/admin/analytics');
  const [questions, scenarios, sp] = await Promise.all([
    questionAnalytics(db),
    scenarioAnalytics(db),
    searchParams,
  ]);
  const attempted = questions.filter((q) => q.attempts > 0);
  const shown = sp.all ? questions : attempted;
  const flagged = questions.filter((q) => q.flagged).length;
  const scenariosTried = scenarios.filter((s) => s.attempts > 0);
  return (
    <>
      <PageHeader
        title="Analytics"
        description="How questions and scenarios perform with learners, and what to write next."
      />
      <AdminNav current="/admin/analytics" />
      <div className="flex flex-col gap-6">
        <Card
          title="Questions"
          description={
            <>
              Discrimination index D: the correlation between a question&apos;s score and the candidate&apos;s
              score on the other questions of the same attempt (corrected point-biserial). D ≥ 0.3 separates
              strong from weak candidates well; D &lt; {DISCRIMINATION_FLAG} is flagged — the question may be
              ambiguous, mis-keyed, or too easy or hard. Shown from {MIN_ATTEMPTS_FOR_INDEX} attempts.
            </>
          }
        >
          <p className="mb-3 text-sm" data-testid="question-analytics-summary">
            {attempted.length} of {questions.length} questions attempted ·{' '}
            <span className={cn(flagged > 0 && 'font-semibold text-warning')}>{flagged} flagged</span> ·{' '}
            <Link
              href={sp.all ? '/admin/analytics' : '/admin/analytics?all=1'}
              className="text-accent underline underline-offset-2"
            >
              {sp.all ? 'show attempted only' : 'show all questions'}
            </Link>
          </p>
          {shown.length === 0 ? (
            <p
              className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted"
              data-testid="question-analytics-empty"
            >
              No submitted quiz attempts yet. Numbers appear once learners submit quizzes.
            </p>
          ) : (
            <div className="max-h-[32rem] overflow-auto">
              <table className="w-full text-left text-sm" data-testid="question-analytics">
                <caption className="sr-only">Question statistics</caption>
                <thead className="sticky top-0 bg-surface text-xs uppercase tracking-wide text-muted">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Question
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-semibold">
                      Attempts
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-semibold">
                      Correct
                    </th>
                    <th scope="col" className="hidden py-2 pr-3 text-right font-semibold sm:table-cell">
                      Mean
                    </th>
                    <th
                      scope="col"
                      className="py-2 pr-3 text-right font-semibold"
                      title="Corrected point-biserial"
                    >
                      D
                    </th>
                    <th
                      scope="col"
                      className="hidden py-2 pr-3 text-right font-semibold md:table-cell"
                      title="Upper minus lower 27 %"
                    >
                      U−L
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {shown.map((q) => (
                    <tr key={q.questionId} data-testid={`qa-${q.questionId}`}>
                      <th scope="row" className="py-2 pr-3 font-normal">
                        <Link
                          href={`/admin/questions/${q.questionId}`}
                          className="font-mono text-xs text-accent underline underline-offset-2"
                        >
                          {q.questionId}
                        </Link>
                        <span className="block text-xs text-muted">
                          {q.type} · {q.topicLabel}
                        </span>
                      </th>
                      <td className="py-2 pr-3 text-right tabular-nums">{q.attempts}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{pct(q.shareCorrect)}</td>
                      <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">
                        {num(q.meanScore)}
                      </td>
                      <td
                        className={cn(
                          'py-2 pr-3 text-right tabular-nums',
                          q.flagged && 'font-semibold text-warning',
                        )}
                      >
                        {num(q.discrimination)}
                        {q.flagged ? (
                          <span className="ml-1 rounded bg-warning-bg px-1 text-xs">review</span>
                        ) : null}
                      </td>
                      <td className="hidden py-2 pr-3 text-right tabular-nums md:table-cell">
                        {num(q.upperLower)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card
          title="Scenarios"
          description="Attempts on every version; open a scenario's heat-map to see which hops learners add, miss or misplace."
        >
          {scenariosTried.length === 0 ? (
            <p
              className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted"
              data-testid="scenario-analytics-empty"
            >
              No trace attempts yet.
            </p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="scenario-analytics">
                <caption className="sr-only">Scenario statistics</caption>
                <thead className="text-xs uppercase tracking-wide text-muted">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-semibold">
                      Scenario
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-semibold">
                      Attempts
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-semibold">
                      Average
                    </th>
                    <th scope="col" className="hidden py-2 pr-3 text-right font-semibold sm:table-cell">
                      Right outcome
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {scenariosTried.map((s) => (
                    <tr key={s.id} data-testid={`sa-${s.id}`}>
                      <th scope="row" className="py-2 pr-3 font-normal">
                        <Link
                          href={`/admin/analytics/scenarios/${s.id}`}
                          className="text-accent underline underline-offset-2"
                        >
                          {s.title}
                        </Link>
                        <span className="block font-mono text-xs text-muted">{s.id}</span>
                      </th>
                      <td className="py-2 pr-3 text-right tabular-nums">{s.attempts}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{pct(s.averageScore)}</td>
                      <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">
                        {pct(s.outcomeCorrect)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
