/**
 * Review of a submitted attempt: score, per-topic breakdown, and every question with the answer given,
 * the correct answer, the explanation and its source.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { getAttempt } from '@/lib/server/quiz/service';
import { attemptIdSchema } from '@/lib/validation/quiz';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import { Markdown } from '@/components/markdown';
import { Badge } from '@/components/ui/badge';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { FeedbackPanel } from '../../_components/feedback';
import { now } from '@/lib/server/clock';
import { ReportProblem } from '@/components/report-problem';
import { createCsrfToken } from '@/lib/server/auth/csrf';

export const metadata: Metadata = { title: 'Quiz review' };

export default async function ReviewPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await requireUser(`/quizzes/${encodeURIComponent(attemptId)}/review`);
  const id = attemptIdSchema.safeParse(attemptId);
  if (!id.success) notFound();
  const view = await getAttempt(db, user.id, id.data, await now());
  if (!view) notFound();
  if (view.status !== 'SUBMITTED') redirect(`/quizzes/${view.id}`);
  const csrfToken = createCsrfToken(user.id);
  const pct = view.maxScore ? Math.round(((view.score ?? 0) / view.maxScore) * 100) : 0;

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="text-sm text-muted">Review</p>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{view.title}</h1>
          <p className="mt-2 text-muted">
            Submitted{' '}
            {view.finalisedBy === 'DEADLINE'
              ? 'automatically when time ran out, with your saved answers'
              : 'by you'}
            .
          </p>
        </div>
        <div className="flex gap-2">
          <ButtonLink href="/quizzes" variant="secondary">
            All quizzes
          </ButtonLink>
        </div>
      </header>

      {view.finalisedBy === 'DEADLINE' ? (
        <Alert tone="warning" testId="finalised-by-deadline">
          Time ran out. Everything you had saved was graded; unanswered questions count as 0.
        </Alert>
      ) : null}

      <section className="grid gap-4 sm:grid-cols-[auto_1fr]" aria-label="Score">
        <div className="rounded-xl border border-border bg-surface p-6 text-center">
          <p className="text-sm text-muted">Score</p>
          <p className="text-4xl font-bold tabular-nums" data-testid="score">
            {view.score} / {view.maxScore}
          </p>
          <p className="text-lg text-muted">{pct}%</p>
        </div>
        <div className="rounded-xl border border-border bg-surface p-6">
          <h2 className="text-sm font-semibold">By topic</h2>
          <table className="mt-3 w-full text-sm" data-testid="topic-breakdown">
            <thead className="sr-only">
              <tr>
                <th>Topic</th>
                <th>Score</th>
                <th>Share</th>
              </tr>
            </thead>
            <tbody>
              {(view.topics ?? []).map((t) => {
                const share = t.max ? t.score / t.max : 0;
                return (
                  <tr key={t.topic}>
                    <td className="py-1 pr-3">{t.label}</td>
                    <td className="w-1/2 py-1">
                      <div className="h-2 rounded-full bg-surface-2" aria-hidden>
                        <div
                          className="h-2 rounded-full bg-accent"
                          style={{ width: `${Math.round(share * 100)}%` }}
                        />
                      </div>
                    </td>
                    <td className="py-1 pl-3 text-right tabular-nums">
                      {t.score} / {t.max}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading" className="text-lg font-semibold">
          Every question
        </h2>
        <p className="text-sm text-muted">
          Multiple choice earns 1/k per correct option ticked and loses 1/k per wrong one (k = number of
          correct options); ordering earns the share of items already in a correct relative order; interviews
          count the key points you ticked.
        </p>
        <ol className="mt-4 flex flex-col gap-4">
          {view.items.map((it, i) => (
            <li
              key={it.position}
              className="rounded-xl border border-border bg-surface p-5"
              data-testid="review-item"
            >
              <div className="mb-2 flex flex-wrap items-center gap-2">
                <span className="text-sm font-semibold text-muted">Question {i + 1}</span>
                <Badge>{TOPIC_LABELS[it.question.topic]}</Badge>
                {it.flagged ? <Badge tone="warning">flagged</Badge> : null}
              </div>
              <Markdown>{it.question.prompt}</Markdown>
              {it.feedback ? (
                <FeedbackPanel question={it.question} response={it.response} feedback={it.feedback} />
              ) : null}
              <ReportProblem
                csrfToken={csrfToken}
                kind="QUESTION"
                attemptId={view.id}
                position={it.position}
              />
            </li>
          ))}
        </ol>
      </section>
      <p className="text-center text-sm text-muted">
        <Link href="/quizzes" className="text-accent underline">
          Back to quizzes
        </Link>
      </p>
    </div>
  );
}
