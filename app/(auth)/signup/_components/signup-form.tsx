'use client';
/**
 * Sign-up form: the server action creates the account, then we sign in with
 * the same credentials (next-auth needs the client call to set its cookie)
 * and land on the callback page signed in.
 */
import { signIn } from 'next-auth/react';
import { useActionState } from 'react';
import { signUpAction } from '../actions';
import type { FormState } from '@/lib/validation/action-result';
import { PASSWORD_MIN } from '@/lib/validation/auth';
import { CsrfField } from '@/components/csrf-field';
import { TextField } from '@/components/ui/text-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';

type State = FormState<{ email: string }> & { values?: { name: string; email: string } };

export function SignUpForm({ csrfToken, callbackUrl }: { csrfToken: string; callbackUrl: string }) {
  const [state, formAction] = useActionState(
    async (prev: State | null, formData: FormData): Promise<State> => {
      const text = (key: string) => {
        const v = formData.get(key);
        return typeof v === 'string' ? v : '';
      };
      const values = { name: text('name'), email: text('email') };
      const result = await signUpAction(prev, formData);
      if (!result.ok) return { ...result, values };
      const res = await signIn('credentials', {
        email: result.data.email,
        password: text('password'),
        redirect: false,
      });
      if (!res?.ok)
        return {
          ok: false,
          formError: 'Your account was created, but signing in failed. Please sign in.',
          values,
        };
      // Full navigation so every server component sees the new session cookie.
      window.location.assign(callbackUrl);
      return { ...result, values };
    },
    null,
  );

  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const formError = state && !state.ok ? state.formError : undefined;
  return (
    <form action={formAction} noValidate className="flex flex-col gap-4">
      <CsrfField token={csrfToken} />
      {formError ? (
        <Alert tone="error" testId="signup-error">
          {formError}
        </Alert>
      ) : null}
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={80}
        defaultValue={state?.values?.name}
        errors={fieldErrors?.name}
      />
      <TextField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state?.values?.email}
        errors={fieldErrors?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        hint={`At least ${PASSWORD_MIN} characters, with a letter and a number or symbol.`}
        errors={fieldErrors?.password}
      />
      <SubmitButton size="lg" pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
