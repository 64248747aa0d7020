import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSession } from '@/lib/server/auth';
import { safeCallbackPath, safeLoginError } from '@/lib/validation/auth';
import { Card } from '@/components/ui/card';
import { LoginForm } from './_components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  // next-auth redirects here with ?error=… when a non-JS sign-in fails.
  const initialError = safeLoginError(params.error);
  return (
    <Card
      headingLevel={1}
      title={<span className="text-2xl">Sign in</span>}
      description="Welcome back. Pick up where you left off."
    >
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      <p className="mt-6 text-sm text-muted">
        New here?{' '}
        <Link
          href={
            callbackUrl === '/practice' ? '/signup' : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`
          }
          className="font-medium text-accent underline"
        >
          Create an account
        </Link>
      </p>
    </Card>
  );
}
