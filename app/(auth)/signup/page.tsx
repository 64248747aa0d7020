import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSession } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { safeCallbackPath } from '@/lib/validation/auth';
import { Card } from '@/components/ui/card';
import { SignUpForm } from './_components/signup-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  return (
    <Card
      headingLevel={1}
      title={<span className="text-2xl">Create your account</span>}
      description="Free. Practise quizzes and request traces at your own pace."
    >
      <SignUpForm csrfToken={createCsrfToken(undefined)} callbackUrl={callbackUrl} />
      <p className="mt-6 text-sm text-muted">
        Already have an account?{' '}
        <Link href="/login" className="font-medium text-accent underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
