'use client';
/**
 * Sign-in form. Validates with the shared zod schema, then calls next-auth's
 * signIn('credentials', { redirect: false }) so errors (wrong password, lock
 * out) are shown in place rather than on a separate error page.
 */
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useActionState } from 'react';
import { z } from 'zod';
import { signInSchema } from '@/lib/validation/auth';
import { TextField } from '@/components/ui/text-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Alert } from '@/components/ui/alert';

type State = { formError?: string; fieldErrors?: Partial<Record<'email' | 'password', string[]>>; email?: string };

/** next-auth's generic code when authorize() returns null; ours throws readable messages instead. */
const GENERIC: Record<string, string> = {
  CredentialsSignin: 'Wrong e-mail or password.',
  SessionRequired: 'Please sign in to continue.',
};

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string | undefined }) {
  const router = useRouter();
  const [state, formAction] = useActionState(
    async (_prev: State, formData: FormData): Promise<State> => {
      const raw = { email: formData.get('email'), password: formData.get('password') };
      const email = typeof raw.email === 'string' ? raw.email : '';
      const parsed = signInSchema.safeParse(raw);
      if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
      const res = await signIn('credentials', { ...parsed.data, redirect: false, callbackUrl });
      if (!res || !res.ok) {
        const error = res?.error ?? 'Sign-in failed. Try again.';
        return { formError: GENERIC[error] ?? error, email };
      }
      router.push(callbackUrl);
      router.refresh();
      return { email };
    },
    { formError: initialError ? (GENERIC[initialError] ?? initialError) : undefined },
  );

  return (
    <form action={formAction} noValidate className="flex flex-col gap-4">
      {state.formError ? (
        <Alert tone="error" testId="login-error">
          {state.formError}
        </Alert>
      ) : null}
      <TextField label="E-mail" name="email" type="email" autoComplete="email" required defaultValue={state.email} errors={state.fieldErrors?.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={state.fieldErrors?.password} />
      <SubmitButton size="lg" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
