'use client';
/**
 * Sign-in form. Validates with the shared zod schema, then calls next-auth's
 * signIn('credentials', { redirect: false }) so errors (wrong password, lock
 * out) are shown in place rather than on a separate error page.
 *
 * NOTE: onSubmit rather than a form action: React resets a form after an
 * action completes, which would wipe the e-mail after every failed attempt.
 * On success we do a full navigation so every server component re-renders
 * with the new session cookie (router.push + refresh raced in testing).
 */
import { signIn } from 'next-auth/react';
import { useState, useTransition, type FormEvent } from 'react';
import { z } from 'zod';
import { signInSchema } from '@/lib/validation/auth';
import { TextField } from '@/components/ui/text-field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';

type State = {
  formError?: string | undefined;
  fieldErrors?: Partial<Record<'email' | 'password', string[]>>;
};

/** next-auth's generic codes; our authorize() throws readable messages instead. */
const GENERIC: Record<string, string> = {
  CredentialsSignin: 'Wrong e-mail or password.',
  SessionRequired: 'Please sign in to continue.',
};

export function LoginForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError?: string | undefined;
}) {
  const [state, setState] = useState<State>({
    formError: initialError ? (GENERIC[initialError] ?? initialError) : undefined,
  });
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({
      email: formData.get('email'),
      password: formData.get('password'),
    });
    if (!parsed.success) {
      setState({ fieldErrors: z.flattenError(parsed.error).fieldErrors });
      return;
    }
    startTransition(async () => {
      const res = await signIn('credentials', { ...parsed.data, redirect: false, callbackUrl });
      if (res?.ok) {
        window.location.assign(callbackUrl);
        return;
      }
      const error = res?.error ?? 'Sign-in failed. Try again.';
      setState({ formError: GENERIC[error] ?? error });
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-busy={pending}>
      {state.formError ? (
        <Alert tone="error" testId="login-error">
          {state.formError}
        </Alert>
      ) : null}
      <TextField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="email"
        required
        errors={state.fieldErrors?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.password}
      />
      <Button type="submit" size="lg" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
