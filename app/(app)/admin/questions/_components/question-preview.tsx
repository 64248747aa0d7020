'use client';
/**
 * Live preview of a question exactly as a candidate sees it: the quiz's own input and feedback components
 * (imported from the quiz routes, not copied), with options in a shuffled order as in an attempt. "Check"
 * shows the feedback panel the candidate gets after answering.
 */
import { useMemo, useState } from 'react';
import { shuffleableIds, stableShuffle, toPublicQuestion } from '@/lib/quiz/present';
import type { QuizResponse } from '@/lib/quiz/scoring';
import { previewFeedback, type DraftValidation } from '@/lib/authoring/question-draft';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import { QuestionInput } from '@/app/(app)/quizzes/[attemptId]/_components/question-input';
import { FeedbackPanel } from '@/app/(app)/quizzes/_components/feedback';
import { Markdown } from '@/components/markdown';
import { Button } from '@/components/ui/button';

export function QuestionPreview({ validation }: { validation: DraftValidation }) {
  const [response, setResponse] = useState<QuizResponse | null>(null);
  const [checked, setChecked] = useState(false);
  const [seed, setSeed] = useState(0);
  const question = validation.ok ? validation.question : null;
  const publicQuestion = useMemo(() => {
    if (!question) return null;
    const ids = shuffleableIds(question);
    const avoid = question.type === 'ordering' ? question.answer : undefined;
    return toPublicQuestion(question, stableShuffle(ids, `preview:${question.id}:${seed}`, avoid));
  }, [question, seed]);
  // A response of another type (after switching the type) is dropped.
  const current = response && publicQuestion && response.type === publicQuestion.type ? response : null;

  return (
    <section
      aria-labelledby="preview-heading"
      className="flex flex-col gap-3 lg:sticky lg:top-4 lg:self-start"
      data-testid="question-preview"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="preview-heading" className="text-lg font-semibold tracking-tight">
          Preview
        </h2>
        {publicQuestion ? (
          <div className="flex gap-2">
            <Button size="sm" variant="ghost" onClick={() => setSeed((s) => s + 1)}>
              Shuffle
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setResponse(null);
                setChecked(false);
              }}
            >
              Reset
            </Button>
          </div>
        ) : null}
      </div>
      <div className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-5">
        {!question || !publicQuestion ? (
          <p className="text-sm text-muted" data-testid="preview-empty">
            The preview appears as soon as the question is complete and valid.
          </p>
        ) : (
          <div className="flex flex-col gap-4">
            <p className="text-xs uppercase tracking-wide text-muted">
              {TOPIC_LABELS[question.topic]} · difficulty {question.difficulty}
            </p>
            <Markdown className="text-base">{publicQuestion.prompt}</Markdown>
            <QuestionInput
              question={publicQuestion}
              response={current}
              disabled={checked}
              onChange={(r) => {
                setResponse(r);
              }}
            />
            <div>
              <Button size="sm" variant="secondary" onClick={() => setChecked((c) => !c)}>
                {checked ? 'Hide feedback' : 'Check answer'}
              </Button>
            </div>
            {question.type === 'outcome' && question.answer === undefined ? (
              <p className="text-xs text-muted">
                The routing engine computes the correct option when you save.
              </p>
            ) : null}
            {checked ? (
              <FeedbackPanel
                question={publicQuestion}
                response={current}
                feedback={previewFeedback(question, current)}
              />
            ) : null}
          </div>
        )}
      </div>
    </section>
  );
}
