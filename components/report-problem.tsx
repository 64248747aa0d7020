'use client';
/**
 * "Report a problem" on a question, a scenario or a result: a disclosure with what is wrong and a message.
 * The server snapshots the item's version and the learner's answer (lib/server/reports.ts).
 */
import { useActionState, useId } from 'react';
import { reportProblemAction } from '@/app/(app)/reports/actions';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormState } from '@/lib/validation/action-result';

const CATEGORIES = [
  ['KEY_WRONG', 'The key (correct answer) is wrong'],
  ['EXPLANATION', 'The explanation is wrong or unclear'],
  ['HOP', 'A hop or the path is explained badly'],
  ['TYPO', 'A typo or broken wording'],
  ['OTHER', 'Something else'],
] as const;

export function ReportProblem({
  csrfToken,
  kind,
  itemId,
  attemptId,
  position,
  label = 'Report a problem',
}: {
  csrfToken: string;
  kind: 'QUESTION' | 'SCENARIO' | 'TRACE_RESULT';
  itemId?: string;
  attemptId?: string;
  position?: number;
  label?: string;
}) {
  const [state, action] = useActionState<FormState, FormData>(reportProblemAction, null);
  const uid = useId();
  return (
    <details className="mt-3 text-sm" data-testid="report-problem">
      <summary className="cursor-pointer text-muted underline underline-offset-2">{label}</summary>
      {state?.ok ? (
        <Alert tone="success" className="mt-2" testId="report-sent">
          {state.message}
        </Alert>
      ) : (
        <form action={action} className="mt-2 flex flex-col gap-2 rounded-lg border border-border p-3">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="kind" value={kind} />
          {itemId ? <input type="hidden" name="itemId" value={itemId} /> : null}
          {attemptId ? <input type="hidden" name="attemptId" value={attemptId} /> : null}
          {position !== undefined ? <input type="hidden" name="position" value={position} /> : null}
          <label htmlFor={`${uid}-cat`} className="font-medium">
            What is wrong?
          </label>
          <select
            id={`${uid}-cat`}
            name="category"
            defaultValue={kind === 'QUESTION' ? 'KEY_WRONG' : 'HOP'}
            className="rounded-md border border-border bg-surface px-2 py-1.5"
          >
            {CATEGORIES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <label htmlFor={`${uid}-msg`} className="font-medium">
            Details
          </label>
          <textarea
            id={`${uid}-msg`}
            name="message"
            required
            minLength={10}
            maxLength={2000}
            rows={3}
            className="rounded-md border border-border bg-surface px-2 py-1.5"
            data-testid="report-message"
          />
          {state && !state.ok ? (
            <Alert tone="error" testId="report-error">
              {state.formError ??
                Object.values(state.fieldErrors ?? {})
                  .flat()
                  .join(' ') ??
                'Not sent.'}
            </Alert>
          ) : null}
          <div>
            <SubmitButton size="sm" variant="secondary" pendingLabel="Sending…" data-testid="report-send">
              Send report
            </SubmitButton>
          </div>
        </form>
      )}
    </details>
  );
}
