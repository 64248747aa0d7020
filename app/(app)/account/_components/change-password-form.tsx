'use client';
import { useActionState } from 'react';
import { changePasswordAction } from '../actions';
import type { FormState } from '@/lib/validation/action-result';
import { PASSWORD_MIN } from '@/lib/validation/auth';
import { CsrfField } from '@/components/csrf-field';
import { TextField } from '@/components/ui/text-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';

export function ChangePasswordForm({ csrfToken }: { csrfToken: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(changePasswordAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    // key resets the inputs after a success so passwords do not linger.
    <form key={state?.ok ? 'done' : 'edit'} action={formAction} noValidate className="flex flex-col gap-4">
      <CsrfField token={csrfToken} />
      {state && !state.ok && state.formError ? (
        <Alert tone="error" testId="password-error">
          {state.formError}
        </Alert>
      ) : null}
      {state?.ok ? (
        <Alert tone="success" testId="password-success">
          {state.message}
        </Alert>
      ) : null}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors?.currentPassword}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN} characters, with a letter and a number or symbol.`}
        errors={fieldErrors?.newPassword}
      />
      <TextField
        label="Repeat new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={fieldErrors?.confirmPassword}
      />
      <div>
        <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
      </div>
    </form>
  );
}
