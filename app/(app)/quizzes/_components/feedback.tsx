/**
 * The explanation of one answered question: verdict, the correct answer, why, what the seed article
 * simplifies, and the source. Used by practice feedback, interviews and the review page.
 */
import type { PublicQuestion } from '@/lib/quiz/present';
import type { QuizResponse } from '@/lib/quiz/scoring';
import type { ItemFeedback } from '@/lib/server/quiz/service';
import Link from 'next/link';
import { Markdown } from '@/components/markdown';
import { cn } from '@/components/ui/cn';
import { RuleList, RuleText } from '@/components/rule-ref';

export function describeResponse(q: PublicQuestion, r: QuizResponse | null): string {
  if (!r) return 'No answer';
  const opt = (id: string) => q.options?.find((o) => o.id === id)?.text ?? id;
  const item = (id: string) => q.items?.find((i) => i.id === id)?.text ?? id;
  switch (r.type) {
    case 'single':
    case 'outcome':
      return opt(r.choice);
    case 'multiple':
      return r.choices.length ? r.choices.map(opt).join('; ') : 'No answer';
    case 'truefalse':
      return r.value ? 'True' : 'False';
    case 'ordering':
      return r.order.map(item).join(' → ');
    case 'short':
      return r.text.trim() || 'No answer';
    case 'interview':
      return r.text.trim() || 'No answer';
  }
}

export function Verdict({ score }: { score: number }) {
  const tone = score >= 1 ? 'text-success' : score > 0 ? 'text-warning' : 'text-danger';
  const label =
    score >= 1 ? 'Correct' : score > 0 ? `Partly correct (${Math.round(score * 100)}%)` : 'Not correct';
  return (
    <p className={cn('font-semibold', tone)} data-testid="verdict">
      {label}
    </p>
  );
}

export function FeedbackPanel({
  question,
  response,
  feedback,
  showVerdict = true,
}: {
  question: PublicQuestion;
  response: QuizResponse | null;
  feedback: ItemFeedback;
  showVerdict?: boolean;
}) {
  const interview = question.type === 'interview';
  return (
    <div
      className="mt-4 flex flex-col gap-3 rounded-xl border border-border bg-surface-2 p-4"
      data-testid="feedback"
    >
      {showVerdict && !interview ? <Verdict score={feedback.score} /> : null}
      {!interview ? (
        <div className="grid gap-2 text-sm sm:grid-cols-2">
          <div>
            <p className="text-muted">Your answer</p>
            <p>
              <Markdown inline className="font-medium">
                {describeResponse(question, response)}
              </Markdown>
            </p>
          </div>
          <div>
            <p className="text-muted">Correct answer</p>
            <p data-testid="correct-answer">
              <Markdown inline className="font-medium">
                {describeResponse(question, feedback.correct)}
              </Markdown>
            </p>
          </div>
        </div>
      ) : null}
      {interview ? (
        <div data-testid="own-answer">
          <p className="text-sm font-semibold">Your answer</p>
          {/* The candidate's own text, shown as written: plain text, never parsed as Markdown or HTML. */}
          <p className="mt-1 whitespace-pre-wrap rounded-lg border border-border bg-surface p-3 text-sm">
            {describeResponse(question, response)}
          </p>
        </div>
      ) : null}
      {interview && feedback.modelAnswer ? (
        <div>
          <p className="text-sm font-semibold">Model answer</p>
          <Markdown className="text-sm">{feedback.modelAnswer}</Markdown>
        </div>
      ) : null}
      <div>
        <p className="text-sm font-semibold">Why</p>
        <Markdown className="text-sm">{feedback.explanation}</Markdown>
      </div>
      {feedback.computed ? (
        <div className="rounded-lg border border-border bg-surface p-3 text-sm" data-testid="engine-outcome">
          <p className="font-semibold">
            Computed by the routing engine: <span className="font-mono">{feedback.computed.disposition}</span>
          </p>
          <p className="mt-1 text-muted">
            <RuleText>{feedback.computed.reason}</RuleText>
          </p>
          <p className="mt-1">
            <Link
              href={`/trace/${feedback.computed.scenario}`}
              className="text-accent underline underline-offset-2"
            >
              Trace this request yourself
            </Link>
          </p>
        </div>
      ) : null}
      {feedback.seedCorrection ? (
        <div className="rounded-lg border border-warning/40 bg-warning-bg p-3 text-sm">
          <p className="font-semibold text-warning">What simplified explanations get wrong</p>
          <Markdown className="text-fg">{feedback.seedCorrection}</Markdown>
        </div>
      ) : null}
      <p className="text-sm text-muted">
        Source:{' '}
        <a
          href={feedback.source.url}
          target="_blank"
          rel="noreferrer noopener"
          className="text-accent underline underline-offset-2"
          data-testid="source-link"
        >
          {feedback.source.title}
        </a>
        {feedback.rules.length ? (
          <span data-testid="feedback-rules">
            {' '}
            · rules <RuleList ids={feedback.rules} />
          </span>
        ) : null}
      </p>
    </div>
  );
}
