'use client';
/** An admin's reply to a problem report; sending it resolves the report and the learner sees the reply. */
import { useActionState } from 'react';
import { resolveReportAction } from '@/app/(app)/reports/actions';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormState } from '@/lib/validation/action-result';

export function ResolveReportForm({
  reportId,
  csrfToken,
  reply,
}: {
  reportId: string;
  csrfToken: string;
  reply: string | null;
}) {
  const [state, action] = useActionState<FormState, FormData>(resolveReportAction, null);
  return (
    <form action={action} className="mt-2 flex flex-col gap-2">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="reportId" value={reportId} />
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Reply to the learner</span>
        <textarea
          name="reply"
          required
          maxLength={2000}
          rows={2}
          defaultValue={reply ?? ''}
          className="rounded-md border border-border bg-surface px-2 py-1.5"
          data-testid="report-reply-input"
        />
      </label>
      {state ? (
        <Alert tone={state.ok ? 'success' : 'error'} testId="resolve-status">
          {state.ok
            ? state.message
            : (state.formError ??
              Object.values(state.fieldErrors ?? {})
                .flat()
                .join(' '))}
        </Alert>
      ) : null}
      <div>
        <SubmitButton size="sm" pendingLabel="Saving…" data-testid="report-resolve">
          {reply ? 'Update reply' : 'Resolve with this reply'}
        </SubmitButton>
      </div>
    </form>
  );
}
