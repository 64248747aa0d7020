'use client';
/** Friendly error boundary for unexpected failures (bugs, outages). */
import { useEffect } from 'react';
import { Button, ButtonLink } from '@/components/ui/button';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    // Surface the error in the browser console for whoever is debugging.
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-lg py-12 text-center" data-testid="error-page">
      <p className="font-mono text-sm font-semibold text-danger">500 · connection reset</p>
      <h1 className="mt-3 text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-muted">
        An unexpected error stopped this page. Try again; if it keeps happening, let us know
        {error.digest ? (
          <>
            {' '}
            and quote <code className="rounded bg-surface-2 px-1">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={reset}>Try again</Button>
        <ButtonLink href="/" variant="secondary">
          Go home
        </ButtonLink>
      </div>
    </div>
  );
}
