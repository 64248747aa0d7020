'use client';
/** Opt in or out of the private daily streak. */
import { useActionState } from 'react';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormState } from '@/lib/validation/action-result';
import { setStreakAction } from '../actions';

export function StreakForm({ csrfToken, optIn }: { csrfToken: string; optIn: boolean }) {
  const [state, formAction] = useActionState<FormState<{ optIn: boolean }>, FormData>(setStreakAction, null);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="optIn" value={optIn ? 'off' : 'on'} />
      {state && !state.ok && state.formError ? (
        <Alert tone="error" testId="streak-error">
          {state.formError}
        </Alert>
      ) : null}
      <div>
        <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…" data-testid="streak-toggle">
          {optIn ? 'Hide my streak' : 'Show my daily streak'}
        </SubmitButton>
      </div>
    </form>
  );
}
