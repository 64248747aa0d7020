'use client';
/**
 * The question form: one set of fields per type (options, items, accepted answers, rubric as editable
 * lists), validated with the bank schema on every change (errors appear once the author tries to save, or at
 * once when editing an existing question), and a live preview rendered with the quiz's own components.
 * The server validates again (saveQuestionAction).
 */
import { useActionState, useMemo, useState, type ReactNode } from 'react';
import { QUESTION_TYPES, TOPICS, type QuestionType, type Topic } from '@/lib/quiz/bank-schema';
import { draftToQuestion, validateDraft, type QuestionDraft } from '@/lib/authoring/question-draft';
import type { FormState } from '@/lib/validation/action-result';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { OUTCOME_OPTIONS } from '@/lib/trace-player/outcomes';
import { saveQuestionAction } from '../actions';
import { QuestionPreview } from './question-preview';

const TYPE_LABELS: Record<QuestionType, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  truefalse: 'True / false',
  ordering: 'Ordering',
  short: 'Short answer',
  interview: 'Interview (self-assessed)',
  outcome: 'Outcome (answered by the engine)',
};

const inputClass = 'w-full rounded-lg border bg-surface px-3 py-2 text-sm text-fg placeholder:text-muted/70';

function Field({
  label,
  htmlFor,
  hint,
  errors,
  children,
}: {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  errors?: string[] | undefined;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={htmlFor} className="text-sm font-medium">
        {label}
      </label>
      {children}
      {hint ? <p className="text-xs text-muted">{hint}</p> : null}
      {errors?.length ? (
        <p
          className="text-xs font-medium text-danger"
          data-testid={`error-${htmlFor}`}
          id={`${htmlFor}-error`}
        >
          {errors.join(' · ')}
        </p>
      ) : null}
    </div>
  );
}

/** An editable list of strings with add, remove and (optionally) move up/down. */
function StringList({
  id,
  label,
  values,
  onChange,
  min,
  max,
  ordered = false,
  multiline = false,
  addLabel,
  errors,
}: {
  id: string;
  label: string;
  values: string[];
  onChange: (v: string[]) => void;
  min: number;
  max: number;
  ordered?: boolean;
  multiline?: boolean;
  addLabel: string;
  errors?: string[] | undefined;
}) {
  const set = (i: number, v: string) => onChange(values.map((x, j) => (j === i ? v : x)));
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= values.length) return;
    const next = [...values];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{label}</legend>
      <ol className="flex flex-col gap-2">
        {values.map((v, i) => (
          <li key={i} className="flex items-start gap-2">
            <span className="mt-2 w-5 shrink-0 text-right text-xs text-muted">{i + 1}.</span>
            {multiline ? (
              <textarea
                id={`${id}-${i}`}
                aria-label={`${label} ${i + 1}`}
                value={v}
                rows={2}
                onChange={(e) => set(i, e.target.value)}
                className={cn(inputClass, 'border-border')}
              />
            ) : (
              <input
                id={`${id}-${i}`}
                aria-label={`${label} ${i + 1}`}
                value={v}
                onChange={(e) => set(i, e.target.value)}
                className={cn(inputClass, 'border-border')}
              />
            )}
            {ordered ? (
              <>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${label.toLowerCase()} ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${label.toLowerCase()} ${i + 1} down`}
                  disabled={i === values.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </Button>
              </>
            ) : null}
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
              disabled={values.length <= min}
              onClick={() => onChange(values.filter((_, j) => j !== i))}
            >
              ✕
            </Button>
          </li>
        ))}
      </ol>
      <div>
        <Button
          size="sm"
          variant="secondary"
          disabled={values.length >= max}
          onClick={() => onChange([...values, ''])}
        >
          {addLabel}
        </Button>
      </div>
      {errors?.length ? (
        <p className="text-xs font-medium text-danger" data-testid={`error-${id}`}>
          {errors.join(' · ')}
        </p>
      ) : null}
    </fieldset>
  );
}

export function QuestionEditor({
  initial,
  existingId,
  csrfToken,
  scenarios,
}: {
  initial: QuestionDraft;
  existingId?: string;
  csrfToken: string;
  /** Scenarios an outcome question can be about. */
  scenarios: { id: string; title: string }[];
}) {
  const [draft, setDraft] = useState<QuestionDraft>(initial);
  const [touched, setTouched] = useState(Boolean(existingId));
  const [state, formAction, pending] = useActionState<FormState<{ id: string; version: number }>, FormData>(
    saveQuestionAction,
    null,
  );
  const validation = useMemo(() => validateDraft(draft), [draft]);
  const clientErrors = touched && !validation.ok ? validation.errors : {};
  const serverErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const err = (k: string): string[] | undefined => clientErrors[k] ?? serverErrors[k];
  const update = <K extends keyof QuestionDraft>(k: K, v: QuestionDraft[K]) =>
    setDraft((d) => ({ ...d, [k]: v }));
  const problemCount = validation.ok ? 0 : Object.values(validation.errors).reduce((n, l) => n + l.length, 0);
  const choice = draft.type === 'single' || draft.type === 'multiple' || draft.type === 'outcome';
  const outcome = draft.type === 'outcome';

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1.15fr)_minmax(0,1fr)]">
      {/* The fields are not inside the <form>: only the JSON of the whole question is submitted. */}
      <div
        className="flex flex-col gap-5 rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-6"
        role="group"
        aria-label="Question"
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Type" htmlFor="q-type">
            <select
              id="q-type"
              value={draft.type}
              onChange={(e) => update('type', e.target.value as QuestionType)}
              className={cn(inputClass, 'h-10 border-border')}
            >
              {QUESTION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Id"
            htmlFor="q-id"
            hint={existingId ? 'Fixed: attempts refer to it.' : 'kebab-case, stable forever'}
            errors={err('id')}
          >
            <input
              id="q-id"
              value={draft.id}
              readOnly={Boolean(existingId)}
              onChange={(e) => update('id', e.target.value)}
              placeholder="e.g. clusterip-is-virtual"
              className={cn(
                inputClass,
                'h-10 font-mono',
                err('id') ? 'border-danger' : 'border-border',
                existingId && 'bg-surface-2 text-muted',
              )}
            />
          </Field>
          <Field label="Topic" htmlFor="q-topic" errors={err('topic')}>
            <select
              id="q-topic"
              value={draft.topic}
              onChange={(e) => update('topic', e.target.value as Topic)}
              className={cn(inputClass, 'h-10 border-border')}
            >
              {TOPICS.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Difficulty" htmlFor="q-difficulty">
            <select
              id="q-difficulty"
              value={draft.difficulty}
              onChange={(e) => update('difficulty', Number(e.target.value) as 1 | 2 | 3)}
              className={cn(inputClass, 'h-10 border-border')}
            >
              <option value={1}>1 · easy</option>
              <option value={2}>2 · medium</option>
              <option value={3}>3 · hard (senior)</option>
            </select>
          </Field>
          <Field label="Tags" htmlFor="q-tags" hint="Separated by spaces or commas" errors={err('tags')}>
            <input
              id="q-tags"
              value={draft.tags}
              onChange={(e) => update('tags', e.target.value)}
              className={cn(inputClass, 'h-10', err('tags') ? 'border-danger' : 'border-border')}
            />
          </Field>
          <Field label="Reference rules" htmlFor="q-rules" hint="e.g. R3.6 R4.2" errors={err('rules')}>
            <input
              id="q-rules"
              value={draft.rules}
              onChange={(e) => update('rules', e.target.value)}
              className={cn(inputClass, 'h-10 font-mono', err('rules') ? 'border-danger' : 'border-border')}
            />
          </Field>
        </div>

        <Field label="Prompt (Markdown)" htmlFor="q-prompt" errors={err('prompt')}>
          <textarea
            id="q-prompt"
            rows={4}
            value={draft.prompt}
            onChange={(e) => update('prompt', e.target.value)}
            className={cn(inputClass, err('prompt') ? 'border-danger' : 'border-border')}
          />
        </Field>

        {outcome ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Scenario"
              htmlFor="q-scenario"
              hint="The engine traces it; the option with its outcome is the answer."
              errors={err('scenario')}
            >
              <select
                id="q-scenario"
                value={draft.scenario}
                onChange={(e) => update('scenario', e.target.value)}
                className={cn(inputClass, 'h-10', err('scenario') ? 'border-danger' : 'border-border')}
              >
                <option value="">Choose a scenario…</option>
                {scenarios.map((sc) => (
                  <option key={sc.id} value={sc.id}>
                    {sc.title} ({sc.id})
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="Request (optional)"
              htmlFor="q-request"
              hint="Defaults to the scenario's first request."
              errors={err('request')}
            >
              <input
                id="q-request"
                value={draft.request}
                onChange={(e) => update('request', e.target.value)}
                className={cn(inputClass, 'h-10 font-mono border-border')}
              />
            </Field>
          </div>
        ) : null}

        {choice ? (
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 text-sm font-medium">
              {outcome
                ? 'Options — each stands for an outcome; the engine picks the right one'
                : `Options — tick the correct ${draft.type === 'single' ? 'one' : 'ones'}`}
            </legend>
            <ol className="flex flex-col gap-2">
              {draft.options.map((o, i) => (
                <li key={i} className="flex items-center gap-2">
                  <span className="w-5 shrink-0 text-right font-mono text-xs text-muted">{'abcdef'[i]}</span>
                  {outcome ? null : (
                    <input
                      type={draft.type === 'single' ? 'radio' : 'checkbox'}
                      name="q-correct"
                      aria-label={`Option ${'abcdef'[i]} is correct`}
                      checked={o.correct}
                      onChange={(e) =>
                        update(
                          'options',
                          draft.options.map((x, j) =>
                            draft.type === 'single'
                              ? { ...x, correct: j === i }
                              : j === i
                                ? { ...x, correct: e.target.checked }
                                : x,
                          ),
                        )
                      }
                      className="size-4 shrink-0 accent-[var(--accent)]"
                    />
                  )}
                  {outcome ? (
                    <select
                      aria-label={`Option ${'abcdef'[i]} outcome`}
                      value={o.disposition}
                      onChange={(e) =>
                        update(
                          'options',
                          draft.options.map((x, j) => (j === i ? { ...x, disposition: e.target.value } : x)),
                        )
                      }
                      className={cn(inputClass, 'h-10 w-40 shrink-0 border-border')}
                    >
                      {OUTCOME_OPTIONS.map((d) => (
                        <option key={d.value} value={d.value}>
                          {d.label}
                        </option>
                      ))}
                    </select>
                  ) : null}
                  <input
                    aria-label={`Option ${'abcdef'[i]} text`}
                    value={o.text}
                    onChange={(e) =>
                      update(
                        'options',
                        draft.options.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)),
                      )
                    }
                    className={cn(inputClass, 'border-border')}
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove option ${'abcdef'[i]}`}
                    disabled={draft.options.length <= (draft.type === 'single' ? 2 : 3)}
                    onClick={() =>
                      update(
                        'options',
                        draft.options.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ✕
                  </Button>
                </li>
              ))}
            </ol>
            <div>
              <Button
                size="sm"
                variant="secondary"
                disabled={draft.options.length >= 6}
                onClick={() =>
                  update('options', [
                    ...draft.options,
                    { text: '', correct: false, disposition: 'DELIVERED' },
                  ])
                }
              >
                Add option
              </Button>
            </div>
            {err('options') || err('answer') ? (
              <p className="text-xs font-medium text-danger" data-testid="error-options">
                {[...(err('options') ?? []), ...(err('answer') ?? [])].join(' · ')}
              </p>
            ) : null}
          </fieldset>
        ) : null}

        {draft.type === 'truefalse' ? (
          <fieldset className="flex gap-4">
            <legend className="mb-1 text-sm font-medium">The statement is</legend>
            {[true, false].map((v) => (
              <label key={String(v)} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="q-tf"
                  checked={draft.truefalse === v}
                  onChange={() => update('truefalse', v)}
                  className="size-4 accent-[var(--accent)]"
                />
                {v ? 'True' : 'False'}
              </label>
            ))}
          </fieldset>
        ) : null}

        {draft.type === 'ordering' ? (
          <StringList
            id="q-items"
            label="Item"
            values={draft.items}
            onChange={(v) => update('items', v)}
            min={3}
            max={8}
            ordered
            addLabel="Add item"
            errors={[...(err('items') ?? []), ...(err('answer') ?? [])]}
          />
        ) : null}
        {draft.type === 'ordering' ? (
          <p className="-mt-3 text-xs text-muted">
            Write the items in the correct order; candidates see them shuffled.
          </p>
        ) : null}

        {draft.type === 'short' ? (
          <StringList
            id="q-accepted"
            label="Accepted answer"
            values={draft.accepted}
            onChange={(v) => update('accepted', v)}
            min={1}
            max={12}
            addLabel="Add accepted answer"
            errors={err('answer')}
          />
        ) : null}

        {draft.type === 'interview' ? (
          <>
            <Field label="Model answer (Markdown)" htmlFor="q-model" errors={err('modelAnswer')}>
              <textarea
                id="q-model"
                rows={5}
                value={draft.modelAnswer}
                onChange={(e) => update('modelAnswer', e.target.value)}
                className={cn(inputClass, err('modelAnswer') ? 'border-danger' : 'border-border')}
              />
            </Field>
            <StringList
              id="q-rubric"
              label="Rubric point"
              values={draft.rubric}
              onChange={(v) => update('rubric', v)}
              min={3}
              max={7}
              multiline
              addLabel="Add rubric point"
              errors={err('rubric')}
            />
          </>
        ) : null}

        <Field
          label="Explanation (Markdown)"
          htmlFor="q-explanation"
          hint="Why the answer is right and the others wrong."
          errors={err('explanation')}
        >
          <textarea
            id="q-explanation"
            rows={5}
            value={draft.explanation}
            onChange={(e) => update('explanation', e.target.value)}
            className={cn(inputClass, err('explanation') ? 'border-danger' : 'border-border')}
          />
        </Field>
        <Field
          label="What simplified explanations get wrong (optional, Markdown)"
          htmlFor="q-seed"
          errors={err('seedCorrection')}
        >
          <textarea
            id="q-seed"
            rows={2}
            value={draft.seedCorrection}
            onChange={(e) => update('seedCorrection', e.target.value)}
            className={cn(inputClass, 'border-border')}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Source title" htmlFor="q-source-title" errors={err('source')}>
            <input
              id="q-source-title"
              value={draft.sourceTitle}
              onChange={(e) => update('sourceTitle', e.target.value)}
              className={cn(inputClass, 'h-10', err('source') ? 'border-danger' : 'border-border')}
            />
          </Field>
          <Field label="Source link (https)" htmlFor="q-source-url">
            <input
              id="q-source-url"
              type="url"
              value={draft.sourceUrl}
              onChange={(e) => update('sourceUrl', e.target.value)}
              className={cn(inputClass, 'h-10 border-border')}
            />
          </Field>
        </div>

        <form
          action={formAction}
          onSubmit={(e) => {
            setTouched(true);
            if (!validation.ok) e.preventDefault();
          }}
          className="flex flex-col gap-4"
          noValidate
        >
          <CsrfField token={csrfToken} />
          {existingId ? <input type="hidden" name="id" value={existingId} /> : null}
          <input type="hidden" name="content" value={JSON.stringify(draftToQuestion(draft))} />
          <div aria-live="polite" className="flex flex-col gap-2">
            {state && !state.ok && state.formError ? (
              <Alert tone="error" testId="question-form-error">
                {state.formError}
              </Alert>
            ) : null}
            {state?.ok ? (
              <Alert tone="success" testId="question-form-success">
                {state.message}
              </Alert>
            ) : null}
            {touched && problemCount > 0 ? (
              <p className="text-sm text-danger" data-testid="question-problems">
                {problemCount} problem{problemCount === 1 ? '' : 's'} to fix before saving.
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2 border-t border-border pt-4">
            <Button type="submit" name="intent" value="save" variant="secondary" disabled={pending}>
              {pending ? 'Saving…' : 'Save draft'}
            </Button>
            <Button type="submit" name="intent" value="publish" disabled={pending}>
              Save and publish
            </Button>
          </div>
        </form>
      </div>
      <QuestionPreview validation={validation} />
    </div>
  );
}
