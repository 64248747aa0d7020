'use client';
/**
 * One review at a time: answer (or recall), see the explanation, rate. The rating buttons show the interval
 * FSRS would give each rating now. After a rating the server renders the next due item in the action's own answer
 * (rateReviewAction revalidates this path: one round trip, one render, no second card flashing in behind it);
 * this component keeps the last result in a live region so screen readers hear where the item went.
 */
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Markdown } from '@/components/markdown';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import type { QuizResponse } from '@/lib/quiz/scoring';
import type { RatingValue } from '@/lib/progress/fsrs';
import type { ReviewCardView, ReviewCheckView } from '@/lib/server/progress/review';
import { QuestionInput } from '../../../quizzes/[attemptId]/_components/question-input';
import { FeedbackPanel } from '../../../quizzes/_components/feedback';
import { checkReviewAction, rateReviewAction } from '../../actions';
import { formatDayTime, relativeDay } from '../../_components/format';
import { ShortcutHelp } from '@/components/shortcuts/shortcut-help';
import { useShortcuts } from '@/components/shortcuts/use-shortcuts';
import { RuleLink } from '@/components/rule-ref';

type Queue = { total: number; nextDue: string | null; now: string };

export function ReviewSession({
  card,
  csrfToken,
  queue,
}: {
  card: ReviewCardView | null;
  csrfToken: string;
  queue: Queue;
}) {
  const [last, setLast] = useState<string>('');
  const [reviewed, setReviewed] = useState(0);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-muted">
            <Link href="/progress" className="text-accent underline">
              Progress
            </Link>{' '}
            / Review
          </p>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Review</h1>
        </div>
        {card ? (
          <p className="text-sm text-muted" data-testid="review-remaining">
            {card.cram ? (
              <span className="font-semibold text-fg" data-testid="review-cram">
                Cram mode ·{' '}
              </span>
            ) : null}
            {card.remaining} {card.cram ? 'left before your interview' : 'due today'}
            {reviewed ? ` · ${reviewed} done this session` : ''}
          </p>
        ) : null}
      </div>
      <p
        aria-live="polite"
        className={cn('text-sm', last ? 'text-success' : 'sr-only')}
        data-testid="review-last"
      >
        {last}
      </p>
      {card ? (
        <ReviewCard
          key={`${card.itemId}:${card.reps}`}
          card={card}
          csrfToken={csrfToken}
          onRated={(msg) => {
            setLast(msg);
            setReviewed((n) => n + 1);
          }}
        />
      ) : (
        <Done queue={queue} reviewed={reviewed} />
      )}
    </div>
  );
}

function Done({ queue, reviewed }: { queue: Queue; reviewed: number }) {
  return (
    <section
      className="rounded-xl border border-border bg-surface p-6 text-center shadow-sm"
      data-testid="review-done"
    >
      <h2 className="text-xl font-semibold">
        {queue.total === 0
          ? 'Your review queue is empty'
          : reviewed
            ? 'All done for today'
            : 'Nothing is due today'}
      </h2>
      <p className="mt-2 text-muted">
        {queue.total === 0
          ? 'Questions you miss, hops you skip in a trace and interview points you leave out will come back here, the day after.'
          : queue.nextDue
            ? `The next item is due ${relativeDay(queue.nextDue, queue.now)} (${formatDayTime(queue.nextDue)}).`
            : ''}
      </p>
      <div className="mt-4 flex flex-wrap justify-center gap-2">
        <ButtonLink href="/progress" variant="secondary">
          Back to progress
        </ButtonLink>
        <ButtonLink href="/trace">Trace a request</ButtonLink>
      </div>
    </section>
  );
}

const KIND_LABEL = {
  QUESTION: 'Question',
  SCENARIO_HOP: 'Scenario hop',
  INTERVIEW_POINT: 'Interview point',
} as const;

function ReviewCard({
  card,
  csrfToken,
  onRated,
}: {
  card: ReviewCardView;
  csrfToken: string;
  onRated: (message: string) => void;
}) {
  const [response, setResponse] = useState<QuizResponse | null>(null);
  const [option, setOption] = useState<string | null>(null);
  const [check, setCheck] = useState<ReviewCheckView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const answer =
    card.kind === 'QUESTION'
      ? response
      : card.kind === 'SCENARIO_HOP'
        ? option
          ? { option }
          : null
        : { reveal: true };
  const submitCheck = () => {
    if (answer === null) {
      setError(card.kind === 'QUESTION' ? 'Answer the question first.' : 'Choose one of the options first.');
      return;
    }
    setError(null);
    startTransition(async () => {
      const r = await checkReviewAction({ csrfToken, itemId: card.itemId, answer });
      if (!r.ok) setError(r.formError ?? 'That did not work. Reload the page and try again.');
      else setCheck(r.data.check);
    });
  };
  const submitRating = (rating: RatingValue) => {
    setError(null);
    startTransition(async () => {
      const r = await rateReviewAction({ csrfToken, itemId: card.itemId, rating });
      if (!r.ok) {
        setError(r.formError ?? 'That did not work. Reload the page and try again.');
        return;
      }
      const label = card.intervals.find((i) => i.rating === rating)?.label ?? '';
      onRated(
        `Rated ${label}: next review ${r.data.scheduledDays < 1 && card.cram ? 'in a few minutes' : r.data.scheduledDays <= 1 ? 'tomorrow' : `in ${r.data.scheduledDays} days`} (${formatDayTime(r.data.due)}).`,
      );
    });
  };

  // Keyboard: Space shows / checks, then 1–4 rate Again, Hard, Good, Easy; ? lists them. Never while
  // typing, and Space is left to a focused button or option (components/shortcuts/use-shortcuts.ts).
  const [helpOpen, setHelpOpen] = useState(false);
  useShortcuts((key) => {
    if (key === '?') return setHelpOpen(true);
    if (pending) return false;
    if (!check && key === ' ') return submitCheck();
    if (check && /^[1-4]$/.test(key)) {
      const i = card.intervals.find((x) => x.rating === Number(key));
      if (i) return submitRating(i.rating);
    }
    return false;
  });

  return (
    <article
      className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6"
      data-testid="review-card"
      data-kind={card.kind}
      data-item-id={card.itemId}
      data-reps={card.reps}
    >
      <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="brand">{KIND_LABEL[card.kind]}</Badge>
        <Badge>{card.topicLabel}</Badge>
        {card.lapses > 0 ? <Badge tone="warning">forgotten {card.lapses}×</Badge> : null}
        <span className="text-muted">
          {card.origin.href ? (
            <Link href={card.origin.href} className="underline">
              {card.origin.text}
            </Link>
          ) : (
            card.origin.text
          )}
          {card.reps > 0 ? ` · reviewed ${card.reps}×` : ''}
        </span>
      </div>

      {card.kind === 'QUESTION' ? (
        <div className="flex flex-col gap-4">
          <Markdown>{card.question.prompt}</Markdown>
          <QuestionInput
            question={card.question}
            response={response}
            disabled={check !== null || pending}
            onChange={(r) => setResponse(r)}
          />
          {check?.feedback ? (
            <FeedbackPanel
              question={card.question}
              response={check.response ?? response}
              feedback={check.feedback}
            />
          ) : null}
        </div>
      ) : null}

      {card.kind === 'SCENARIO_HOP' ? (
        <div className="flex flex-col gap-4">
          <div>
            <p className="text-sm text-muted">
              In{' '}
              <Link
                href={`/trace/${encodeURIComponent(card.scenario.id)}`}
                className="font-medium text-fg underline"
              >
                {card.scenario.title}
              </Link>
            </p>
            <p className="mt-1 text-sm">{card.scenario.request}</p>
            {card.scenario.variant ? (
              <p className="mt-1 text-xs text-muted" data-testid="hop-variant">
                A variant: the same cluster with other names ({card.scenario.variant}).
              </p>
            ) : null}
          </div>
          <fieldset disabled={check !== null || pending} className="flex flex-col gap-2">
            <legend className="mb-2 text-lg font-semibold" data-testid="hop-prompt">
              {card.hop.prompt}
            </legend>
            {card.hop.options.map((o) => {
              const isAnswer = check?.hop?.answers.includes(o.label);
              return (
                <label
                  key={o.id}
                  className={cn(
                    'flex cursor-pointer items-center gap-3 rounded-lg border border-border bg-surface p-3 hover:bg-surface-2 has-[:checked]:border-accent has-[:checked]:bg-surface-2',
                    check && isAnswer && 'border-success bg-success-bg',
                  )}
                >
                  <input
                    type="radio"
                    name="hop-option"
                    value={o.id}
                    checked={option === o.id}
                    onChange={() => setOption(o.id)}
                    className="size-4 accent-[var(--accent)]"
                  />
                  <span className="font-mono text-sm">{o.label}</span>
                  {check && isAnswer ? (
                    <span className="ml-auto text-xs font-semibold text-success">right answer</span>
                  ) : null}
                </label>
              );
            })}
          </fieldset>
          {check?.hop ? (
            <div
              className="flex flex-col gap-2 rounded-xl border border-border bg-surface-2 p-4 text-sm"
              data-testid="hop-feedback"
            >
              <p
                className={cn('font-semibold', check.correct ? 'text-success' : 'text-danger')}
                data-testid="verdict"
              >
                {check.correct ? 'Correct' : 'Not correct'}
              </p>
              <p>
                <span className="text-muted">Right answer:</span>{' '}
                <span className="font-mono">{check.hop.answers.join(' or ')}</span>
              </p>
              <p>
                <span className="text-muted">When you traced it, the grader said:</span>{' '}
                {check.hop.explanation}
              </p>
              {check.hop.misconception ? (
                <p className="rounded-lg border border-warning/40 bg-warning-bg p-3">
                  <span className="font-semibold text-warning">
                    The rule
                    {check.hop.rule ? (
                      <>
                        {' '}
                        (<RuleLink id={check.hop.rule} />)
                      </>
                    ) : null}
                    :
                  </span>{' '}
                  {check.hop.misconception.plain}
                </p>
              ) : check.hop.rule ? (
                <p className="text-muted">
                  Rule <RuleLink id={check.hop.rule} />
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}

      {card.kind === 'INTERVIEW_POINT' ? (
        <div className="flex flex-col gap-4">
          <Markdown>{card.interview.prompt}</Markdown>
          <p className="text-sm text-muted">
            A strong answer covers {card.interview.pointCount} key points. Point {card.interview.pointNumber}{' '}
            is one you left out last time: say it out loud or to yourself, then reveal it and rate how well
            you recalled it.
          </p>
          {check?.point ? (
            <div
              className="flex flex-col gap-2 rounded-xl border border-border bg-surface-2 p-4 text-sm"
              data-testid="point-feedback"
            >
              <p className="font-semibold">Key point {card.interview.pointNumber}</p>
              <Markdown>{check.point.text}</Markdown>
              {check.point.modelAnswer ? (
                <details>
                  <summary className="cursor-pointer text-accent">Model answer</summary>
                  <Markdown className="mt-2">{check.point.modelAnswer}</Markdown>
                </details>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}

      {error ? (
        <Alert tone="error" testId="review-error" className="mt-4">
          {error}
        </Alert>
      ) : null}

      <ShortcutHelp
        open={helpOpen}
        onClose={() => setHelpOpen(false)}
        rows={[
          { keys: ['Space'], does: card.kind === 'INTERVIEW_POINT' ? 'Show the point' : 'Check answer' },
          ...card.intervals.map((i) => ({ keys: [String(i.rating)], does: `Rate ${i.label} (${i.text})` })),
          { keys: ['?'], does: 'Show these shortcuts' },
        ]}
        note="Shortcuts are off while you type in a text field."
      />
      <p className="mt-4 text-xs text-muted">
        <button
          type="button"
          className="underline"
          onClick={() => setHelpOpen(true)}
          data-testid="review-shortcuts"
        >
          Keyboard shortcuts
        </button>
        : Space to {card.kind === 'INTERVIEW_POINT' ? 'show' : 'check'}, 1–4 to rate.
      </p>
      {!check ? (
        <div className="mt-5">
          <Button onClick={submitCheck} disabled={pending} data-testid="review-check">
            {card.kind === 'INTERVIEW_POINT' ? 'Show the point' : pending ? 'Checking…' : 'Check answer'}
          </Button>
        </div>
      ) : (
        <fieldset className="mt-6" disabled={pending}>
          <legend className="text-sm font-semibold">How well did you know it?</legend>
          <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="rating-buttons">
            {card.intervals.map((i) => (
              <Button
                key={i.rating}
                variant={i.rating === check.suggested ? 'primary' : 'secondary'}
                onClick={() => submitRating(i.rating)}
                className="h-auto flex-col gap-0 py-2"
                aria-label={`${i.label}: next review in ${i.text}`}
                data-testid={`rate-${i.label.toLowerCase()}`}
              >
                <span>{i.label}</span>
                <span className="text-xs font-normal opacity-80">{i.text}</span>
              </Button>
            ))}
          </div>
          <p className="mt-2 text-xs text-muted">
            Suggested from your answer; you decide. Intervals come from FSRS and grow each time you remember.
          </p>
        </fieldset>
      )}
    </article>
  );
}
