'use client';
/**
 * Starts a quiz attempt. One component for every way in: a preset card (hidden fields only), the custom
 * exam, practice and mock-interview forms (topic and difficulty pickers).
 */
import { useActionState, type ReactNode } from 'react';
import { startQuizAction } from '../actions';
import type { FormState } from '@/lib/validation/action-result';
import { CsrfField } from '@/components/csrf-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';

export type TopicOption = { slug: string; label: string; count: number };

type Props = {
  csrfToken: string;
  mode: 'PRACTICE' | 'EXAM' | 'INTERVIEW';
  preset?: string;
  /** Show topic/difficulty pickers and these count/minute choices. */
  topics?: TopicOption[];
  counts?: number[];
  minutes?: number[];
  defaultCount?: number;
  defaultMinutes?: number;
  /** Pre-selected topics in the picker. */
  selectedTopics?: string[];
  /** Topics sent as hidden fields, without a picker (a retake of an earlier attempt). */
  fixedTopics?: string[];
  submitLabel: string;
  testId: string;
  children?: ReactNode;
};

const DIFFICULTIES = [
  { value: 1, label: 'Easy' },
  { value: 2, label: 'Medium' },
  { value: 3, label: 'Hard' },
];

export function StartForm({
  csrfToken,
  mode,
  preset,
  topics,
  counts,
  minutes,
  defaultCount = 10,
  defaultMinutes,
  selectedTopics,
  fixedTopics,
  submitLabel,
  testId,
  children,
}: Props) {
  const [state, formAction] = useActionState<FormState, FormData>(startQuizAction, null);
  const errors = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="flex flex-col gap-4" data-testid={testId} noValidate>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="mode" value={mode} />
      {preset ? <input type="hidden" name="preset" value={preset} /> : null}
      {fixedTopics?.map((t) => (
        <input key={t} type="hidden" name="topics" value={t} />
      ))}
      {errors?.formError ? (
        <Alert tone="error" testId={`${testId}-error`}>
          {errors.formError}
        </Alert>
      ) : null}
      {children}
      {topics ? (
        <fieldset>
          <legend className="text-sm font-medium">
            Topics <span className="font-normal text-muted">(none ticked = all)</span>
          </legend>
          <div className="mt-2 grid gap-1.5 sm:grid-cols-2">
            {topics.map((t) => (
              <label
                key={t.slug}
                className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-surface-2"
              >
                <input
                  type="checkbox"
                  name="topics"
                  value={t.slug}
                  defaultChecked={selectedTopics?.includes(t.slug)}
                  className="size-4 accent-[var(--accent)]"
                />
                <span className="flex-1">{t.label}</span>
                <span className="text-xs text-muted">{t.count}</span>
              </label>
            ))}
          </div>
          {errors?.fieldErrors?.topics ? (
            <p className="mt-1 text-sm text-danger">{errors.fieldErrors.topics.join(' ')}</p>
          ) : null}
        </fieldset>
      ) : null}
      {topics ? (
        <fieldset>
          <legend className="text-sm font-medium">
            Difficulty <span className="font-normal text-muted">(none ticked = all)</span>
          </legend>
          <div className="mt-2 flex flex-wrap gap-3">
            {DIFFICULTIES.map((d) => (
              <label key={d.value} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="difficulties"
                  value={d.value}
                  className="size-4 accent-[var(--accent)]"
                />
                {d.label}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {counts ? (
        <div className="flex flex-wrap gap-4">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Questions
            <select
              name="count"
              defaultValue={defaultCount}
              className="h-10 rounded-lg border border-border bg-surface px-3 font-normal"
            >
              {counts.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {minutes ? (
            <label className="flex flex-col gap-1 text-sm font-medium">
              Time limit
              <select
                name="minutes"
                defaultValue={defaultMinutes ?? minutes[0]}
                className="h-10 rounded-lg border border-border bg-surface px-3 font-normal"
              >
                {minutes.map((m) => (
                  <option key={m} value={m}>
                    {m} minutes
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      ) : (
        <input type="hidden" name="count" value={defaultCount} />
      )}
      {!minutes && defaultMinutes ? <input type="hidden" name="minutes" value={defaultMinutes} /> : null}
      <div>
        <SubmitButton pendingLabel="Starting…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
