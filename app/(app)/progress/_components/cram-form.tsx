'use client';
/**
 * Cram mode ("my interview is tomorrow"): pick the interview day to study the whole queue ahead of schedule,
 * with missed items back in minutes; or turn it off. A form that works without JavaScript.
 */
import { useActionState, useId } from 'react';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormState } from '@/lib/validation/action-result';
import { setCramAction } from '../actions';

export function CramForm({
  csrfToken,
  active,
  tomorrow,
  min,
  max,
}: {
  csrfToken: string;
  active: boolean;
  /** Default interview day (YYYY-MM-DD). */
  tomorrow: string;
  min: string;
  max: string;
}) {
  const [state, formAction] = useActionState<FormState<{ until: string | null }>, FormData>(
    setCramAction,
    null,
  );
  const dayId = useId();
  return (
    <div className="flex flex-col gap-2">
      {state && !state.ok && state.formError ? (
        <Alert tone="error" testId="cram-error">
          {state.formError}
        </Alert>
      ) : null}
      {active ? (
        <form action={formAction}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="mode" value="off" />
          <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…" data-testid="cram-off">
            Stop cram mode
          </SubmitButton>
        </form>
      ) : (
        <form action={formAction} className="flex flex-wrap items-end gap-2">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="mode" value="on" />
          <div className="flex flex-col gap-1">
            <label htmlFor={dayId} className="text-sm font-medium">
              Day of the interview
            </label>
            <input
              id={dayId}
              type="date"
              name="day"
              defaultValue={tomorrow}
              min={min}
              max={max}
              required
              className="h-9 rounded-lg border border-border bg-surface px-2 text-sm"
              data-testid="cram-day"
            />
          </div>
          <SubmitButton size="sm" pendingLabel="Saving…" data-testid="cram-on">
            Start cram mode
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
