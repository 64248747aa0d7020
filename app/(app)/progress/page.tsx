/**
 * Progress: mastery per topic, score history, the misconceptions this learner shows most, the review queue and
 * (opt-in) the streak. Only the signed-in learner's own data; nothing here is public.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { now } from '@/lib/server/clock';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getProgress, type MasteryRow, type ProgressView } from '@/lib/server/progress/progress';
import { cramSummary, MAX_CRAM_DAYS, type CramSummary } from '@/lib/server/progress/review';
import { PageHeader } from '@/components/ui/page-header';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { MasteryChart } from './_components/mastery-chart';
import { HistoryChart } from './_components/history-chart';
import { StreakForm } from './_components/streak-form';
import { CramForm } from './_components/cram-form';
import { BAND_COLOR } from './_components/chart-colors';
import { formatDay, formatDayShort, formatDayTime, relativeDay } from './_components/format';
import { RuleText } from '@/components/rule-ref';

export const metadata: Metadata = { title: 'Progress' };

export default async function ProgressPage() {
  const user = await requireUser('/progress');
  const t = await now();
  const view = await getProgress(db, user.id, t);
  const cram = await cramSummary(db, user.id, t);
  const csrfToken = createCsrfToken(user.id);
  const due = view.review.dueToday;

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Progress"
        description="Where you stand, topic by topic, and what to revisit before your interview. Only you can see this page."
        actions={
          <ButtonLink
            href="/progress/review"
            variant={due > 0 ? 'primary' : 'secondary'}
            data-testid="review-now"
          >
            {due > 0 ? `Review now · ${due} due` : 'Review queue'}
          </ButtonLink>
        }
      />
      {view.empty ? <EmptyState /> : <Overview view={view} />}
      {!view.empty ? <MasterySection view={view} /> : null}
      {!view.empty ? <HistorySection view={view} /> : null}
      {!view.empty ? <MisconceptionSection view={view} /> : null}
      <ReviewSection view={view} />
      <CramSection cram={cram} now={t} csrfToken={csrfToken} />
      <HowSection view={view} />
      <Card
        title="Daily streak"
        description="Off unless you turn it on. It is private: no leaderboard, nobody else sees it."
      >
        {view.streak ? (
          <p className="mb-3 text-sm" data-testid="streak">
            <span className="text-2xl font-bold tabular-nums">{view.streak.current}</span> day
            {view.streak.current === 1 ? '' : 's'} in a row
            {view.streak.activeToday
              ? ' (today counted)'
              : view.streak.current > 0
                ? ' — practise today to keep it'
                : ''}{' '}
            · longest {view.streak.longest} · {view.streak.activeDays} active days in all
          </p>
        ) : null}
        <StreakForm csrfToken={csrfToken} optIn={view.streaksOptIn} />
      </Card>
    </div>
  );
}

function EmptyState() {
  return (
    <Card
      title="Nothing to show yet"
      description="Your progress builds up from what you do. Start with one of these:"
      className="border-dashed"
    >
      <ol className="flex list-decimal flex-col gap-2 pl-5 text-sm" data-testid="progress-empty">
        <li>
          <Link href="/quizzes" className="font-medium text-accent underline">
            Take a practice round
          </Link>{' '}
          — ten questions, each explained as you go.
        </li>
        <li>
          <Link href="/trace" className="font-medium text-accent underline">
            Trace a request
          </Link>{' '}
          through a cluster, hop by hop; the routing engine grades every hop.
        </li>
        <li>
          Come back here: every question you miss and every hop you skip becomes a review item, brought back
          just before you would forget it.
        </li>
      </ol>
    </Card>
  );
}

function Tile({
  label,
  value,
  sub,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  sub?: React.ReactNode;
  testId?: string;
}) {
  return (
    <div className="rounded-xl border border-border bg-surface p-4 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-muted">{label}</p>
      <p className="mt-1 text-2xl font-bold tabular-nums">{value}</p>
      {sub ? <p className="mt-1 text-xs text-muted">{sub}</p> : null}
    </div>
  );
}

function Overview({ view }: { view: ProgressView }) {
  const weakest = view.weakest[0];
  const quizCount = view.attempts.filter((a) => a.kind !== 'trace').length;
  const traceCount = view.attempts.filter((a) => a.kind === 'trace').length;
  return (
    <section aria-label="Summary" className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <Tile
        label="Overall mastery"
        value={view.overall ? `${view.overall.pct}%` : '—'}
        sub={view.overall ? `from ${view.overall.count} answers and traces` : undefined}
        testId="overall-mastery"
      />
      <Tile
        label="Due today"
        value={
          <Link href="/progress/review" className="underline decoration-dotted underline-offset-4">
            {view.review.dueToday}
          </Link>
        }
        sub={`${view.review.total} item${view.review.total === 1 ? '' : 's'} in your review queue`}
        testId="due-today"
      />
      <Tile
        label="Weakest topic"
        value={weakest ? `${weakest.pct}%` : '—'}
        sub={weakest ? weakest.label : 'Not enough evidence yet'}
      />
      <Tile
        label="Attempts"
        value={quizCount + traceCount}
        sub={`${quizCount} quizzes · ${traceCount} traces`}
      />
    </section>
  );
}

function MasteryTable({
  rows,
  caption,
  keyLabel,
  testId,
}: {
  rows: MasteryRow[];
  caption: string;
  keyLabel: string;
  testId: string;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left text-sm sm:min-w-[34rem]" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              {keyLabel}
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Mastery
            </th>
            {/* The last column shown on a phone: no right padding there (the table fits 316 px then). */}
            <th scope="col" className="py-2 text-right font-medium sm:pr-3">
              Confidence
            </th>
            <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">
              Evidence
            </th>
            <th scope="col" className="hidden py-2 font-medium sm:table-cell">
              Last practised
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-b border-border/60 last:border-0">
              <th scope="row" className="py-2 pr-3 font-medium">
                <span
                  className="mr-2 inline-block size-2.5 rounded-full align-middle"
                  style={{ background: BAND_COLOR[r.band] }}
                  aria-hidden
                />
                {r.label}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">
                <span className="font-semibold">{r.pct}%</span>{' '}
                <span className="text-xs text-muted">{r.band}</span>
              </td>
              <td className="py-2 text-right tabular-nums sm:pr-3">{r.confidencePct}%</td>
              <td className="hidden py-2 pr-3 text-muted sm:table-cell">
                {[
                  r.quiz ? `${r.quiz} quiz` : '',
                  r.trace ? `${r.trace} trace${r.trace === 1 ? '' : 's'}` : '',
                  r.interview ? `${r.interview} interview` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td className="hidden py-2 text-muted sm:table-cell">{formatDay(r.lastAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MasterySection({ view }: { view: ProgressView }) {
  return (
    <section
      aria-labelledby="mastery-heading"
      className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6"
    >
      <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
        <h2 id="mastery-heading" className="text-lg font-semibold tracking-tight">
          Mastery by topic
        </h2>
        <p className="text-xs text-muted">
          Recent evidence counts most (half-life {view.halfLifeDays} days). Faded bars: low confidence.{' '}
          <a href="#how-mastery" className="text-accent underline">
            How it is computed
          </a>
        </p>
      </div>
      {view.weakest.length ? (
        <p className="mt-3 text-sm" data-testid="work-on-next">
          <span className="font-semibold">Work on next:</span>{' '}
          {view.weakest.map((w, i) => (
            <span key={w.key}>
              {i > 0 ? ', ' : ''}
              <Link href={`/trace?topic=${encodeURIComponent(w.key)}`} className="text-accent underline">
                {w.label}
              </Link>{' '}
              ({w.pct}%)
            </span>
          ))}
        </p>
      ) : null}
      <div className="mt-4">
        <MasteryChart rows={view.topics} />
      </div>
      <div className="mt-4">
        <MasteryTable
          rows={view.topics}
          caption="Mastery per topic: recency-weighted score, confidence, evidence and last practice"
          keyLabel="Topic"
          testId="mastery-table"
        />
      </div>
      {view.untested.length ? (
        <p className="mt-3 text-sm text-muted">
          Not practised yet: {view.untested.map((t) => t.label).join(', ')}.
        </p>
      ) : null}
      {view.tags.length ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium text-accent">By tag (weakest first)</summary>
          <div className="mt-3">
            <MasteryTable
              rows={view.tags}
              caption="Mastery per question and scenario tag"
              keyLabel="Tag"
              testId="tag-table"
            />
          </div>
        </details>
      ) : null}
    </section>
  );
}

const KIND_LABEL = {
  exam: 'Timed exam',
  practice: 'Practice',
  interview: 'Mock interview',
  trace: 'Trace',
} as const;

function HistorySection({ view }: { view: ProgressView }) {
  return (
    <section
      aria-labelledby="history-heading"
      className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6"
    >
      <h2 id="history-heading" className="text-lg font-semibold tracking-tight">
        History
      </h2>
      <p className="mt-1 text-sm text-muted">
        Scores of your timed exams and trace attempts over time. Open any attempt to see its review.
      </p>
      {view.history.length >= 2 ? (
        <div className="mt-4">
          <HistoryChart points={view.history} />
        </div>
      ) : (
        <p className="mt-4 text-sm text-muted">The chart appears after your second timed exam or trace.</p>
      )}
      {/* A phone (< 640 px) gets a stacked list: a table of four columns would scroll sideways there. */}
      <ul
        className="mt-4 text-sm sm:hidden"
        data-testid="attempts-list"
        aria-label="Past attempts, newest first"
      >
        {view.attempts.map((a) => (
          <li
            key={`${a.kind}-${a.id}`}
            className="flex flex-wrap items-baseline gap-x-2 gap-y-1 border-b border-border/60 py-3 last:border-0"
          >
            <Badge>{KIND_LABEL[a.kind]}</Badge>
            <span className="min-w-0 flex-1 font-medium [overflow-wrap:anywhere]">{a.title}</span>
            <span className="font-semibold tabular-nums">
              {a.pct === null ? '—' : `${a.pct}%`}
              <span className="sr-only"> score</span>
            </span>
            <span className="flex w-full flex-wrap items-baseline justify-between gap-x-3 text-xs text-muted">
              <span>
                {formatDayShort(a.at)}
                {a.detail ? ` · ${a.detail}` : ''}
              </span>
              <Link href={a.href} className="text-sm text-accent underline">
                Open review
                <span className="sr-only">
                  : {a.title}, {formatDay(a.at)}
                </span>
              </Link>
            </span>
          </li>
        ))}
      </ul>
      <div className="relative mt-4 hidden overflow-x-auto sm:block">
        <table className="w-full text-left text-sm sm:min-w-[30rem]" data-testid="attempts-table">
          <caption className="sr-only">
            Past attempts, newest first, with score and a link to the review
          </caption>
          <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                When
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                What
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-medium">
                Score
              </th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Review</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.attempts.map((a) => (
              <tr key={`${a.kind}-${a.id}`} className="border-b border-border/60 last:border-0">
                <td className="py-2 pr-3 whitespace-nowrap text-muted">{formatDayShort(a.at)}</td>
                <td className="py-2 pr-3">
                  <Badge className="mr-2">{KIND_LABEL[a.kind]}</Badge>
                  <span className="font-medium">{a.title}</span>{' '}
                  <span className="hidden text-xs text-muted sm:inline">{a.detail}</span>
                </td>
                <td className="py-2 pr-3 text-right font-semibold tabular-nums">
                  {a.pct === null ? '—' : `${a.pct}%`}
                </td>
                <td className="py-2 text-right">
                  <Link href={a.href} className="whitespace-nowrap text-accent underline">
                    Open review
                    <span className="sr-only">
                      : {a.title}, {formatDay(a.at)}
                    </span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MisconceptionSection({ view }: { view: ProgressView }) {
  return (
    <section
      aria-labelledby="misconceptions-heading"
      className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6"
    >
      <h2 id="misconceptions-heading" className="text-lg font-semibold tracking-tight">
        Misconceptions you show most
      </h2>
      <p className="mt-1 text-sm text-muted">
        From the trace grader&apos;s findings and from wrong answers to questions about a known misconception.
      </p>
      {view.misconceptions.length === 0 ? (
        <p className="mt-4 text-sm text-muted" data-testid="no-misconceptions">
          None spotted so far. Trace a few scenarios: the grader names a misconception whenever a wrong hop
          matches one.
        </p>
      ) : (
        <ol className="mt-4 flex flex-col gap-3" data-testid="misconceptions">
          {view.misconceptions.map((m) => (
            <li
              key={m.id}
              className="rounded-lg border border-border bg-surface-2 p-4"
              data-testid="misconception"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-semibold">
                  {m.habit.charAt(0).toUpperCase() + m.habit.slice(1)}{' '}
                  <span className="whitespace-nowrap text-danger">
                    — {m.count} time{m.count === 1 ? '' : 's'}
                  </span>
                </p>
                <p className="text-xs text-muted">last {formatDay(m.lastAt)}</p>
              </div>
              <p className="mt-2 text-sm">
                <span className="font-medium">
                  The rule (<RuleText>{m.rule}</RuleText>):
                </span>{' '}
                <RuleText>{m.plain}</RuleText>
              </p>
              {m.example ? <p className="mt-2 text-xs text-muted">Grader said: “{m.example}”</p> : null}
              <p className="mt-3 text-sm">
                {m.practise ? (
                  <Link
                    href={`/trace/${encodeURIComponent(m.practise.id)}`}
                    className="font-medium text-accent underline"
                  >
                    Practise it: {m.practise.title}
                  </Link>
                ) : (
                  <span className="text-muted">No scenario practises this one yet.</span>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ReviewSection({ view }: { view: ProgressView }) {
  const r = view.review;
  return (
    <section
      aria-labelledby="review-heading"
      className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6"
      data-testid="review-summary"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 id="review-heading" className="text-lg font-semibold tracking-tight">
            Review queue
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-muted">
            Every question you miss, every hop you skip in a trace and every interview point you leave out
            comes back here, scheduled by FSRS (spaced repetition): just before you would forget it, further
            apart each time you get it right.
          </p>
        </div>
        <ButtonLink
          href="/progress/review"
          variant={r.dueToday > 0 ? 'primary' : 'secondary'}
          className="shrink-0"
        >
          {r.dueToday > 0 ? `Review ${r.dueToday} now` : 'Open queue'}
        </ButtonLink>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted">Due today</dt>
          <dd className="text-xl font-bold tabular-nums" data-testid="review-due-count">
            {r.dueToday}
          </dd>
        </div>
        <div>
          <dt className="text-muted">Questions</dt>
          <dd className="text-xl font-bold tabular-nums">{r.byKind.QUESTION}</dd>
        </div>
        <div>
          <dt className="text-muted">Scenario hops</dt>
          <dd className="text-xl font-bold tabular-nums" data-testid="review-hop-count">
            {r.byKind.SCENARIO_HOP}
          </dd>
        </div>
        <div>
          <dt className="text-muted">Interview points</dt>
          <dd className="text-xl font-bold tabular-nums">{r.byKind.INTERVIEW_POINT}</dd>
        </div>
      </dl>
      <p className="mt-3 text-sm text-muted">
        {r.total === 0
          ? 'Empty: nothing to review yet.'
          : r.dueToday === 0 && r.nextDue
            ? `Next item due ${relativeDay(r.nextDue, view.now)} (${formatDayTime(r.nextDue)}).`
            : `Reviewed today: ${r.reviewedToday} · in all: ${r.reviewedTotal}.`}
      </p>
    </section>
  );
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

function CramSection({ cram, now, csrfToken }: { cram: CramSummary; now: Date; csrfToken: string }) {
  const day = 86_400_000;
  return (
    <Card
      title="Cram mode: my interview is soon"
      description="Study everything in your queue ahead of schedule, until the end of your interview day. A miss comes back within minutes (1- and 10-minute relearning steps), and a missed scenario hop comes back on a fresh variant of its scenario."
    >
      {cram.active ? (
        <div className="mb-3 text-sm" data-testid="cram-status">
          <p>
            <strong>On</strong> until the end of{' '}
            {formatDay(new Date(new Date(cram.until!).getTime() - 1).toISOString())} (UTC).{' '}
            {cram.left === 0 ? (
              <span data-testid="cram-left">Nothing left: every item had its pass.</span>
            ) : (
              <span data-testid="cram-left">
                {cram.left} item{cram.left === 1 ? '' : 's'} left: {cram.unseen} not reviewed yet,{' '}
                {cram.relearning} missed and coming back in minutes
                {cram.hops > 0 ? ` (${cram.hops} scenario hop${cram.hops === 1 ? '' : 's'})` : ''}.
              </span>
            )}
          </p>
          {cram.left > 0 ? (
            <ButtonLink href="/progress/review" size="sm" className="mt-2" data-testid="cram-review">
              Cram now
            </ButtonLink>
          ) : null}
        </div>
      ) : null}
      <CramForm
        csrfToken={csrfToken}
        active={cram.active}
        tomorrow={isoDay(new Date(now.getTime() + day))}
        min={isoDay(now)}
        max={isoDay(new Date(now.getTime() + MAX_CRAM_DAYS * day))}
      />
    </Card>
  );
}

function HowSection({ view }: { view: ProgressView }) {
  return (
    <section
      id="how-mastery"
      aria-labelledby="how-heading"
      className={cn('rounded-xl border border-border bg-surface-2 p-5 text-sm sm:p-6')}
    >
      <h2 id="how-heading" className="text-lg font-semibold tracking-tight">
        How mastery is computed
      </h2>
      <ul className="mt-3 flex list-disc flex-col gap-2 pl-5">
        <li>
          Every piece of evidence scores 0–100%: a quiz answer its score (partial credit counts), a trace
          attempt its final score (for the scenario&apos;s topic and each of its tags), a mock-interview
          answer your self-rating out of 4.
        </li>
        <li>
          Recent evidence counts more: an answer&apos;s weight halves every {view.halfLifeDays} days,{' '}
          <code className="rounded bg-surface px-1">w = 2^(−age / {view.halfLifeDays} days)</code>.
        </li>
        <li>
          <strong>Mastery</strong> is the weighted average,{' '}
          <code className="rounded bg-surface px-1">Σ w·score / Σ w</code>. Strong ≥ 80%, solid ≥ 60%, shaky ≥
          40%, weak below.
        </li>
        <li>
          <strong>Confidence</strong> grows with the amount of recent evidence,{' '}
          <code className="rounded bg-surface px-1">Σ w / (Σ w + {view.confidenceK})</code>: 50% at three
          fresh answers. One lucky answer does not make a topic strong.
        </li>
      </ul>
    </section>
  );
}
