'use client';
/** The error boundary of every admin page (each `error.tsx` re-exports it). This admin page could not be loaded: say so and offer a retry (the error itself reaches the server log). */
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export function AdminError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="flex flex-col gap-4">
      <Alert tone="error" testId="admin-error" title="This page could not be loaded.">
        Nothing was changed. Try again in a moment; if it keeps failing, the server log has the details.
      </Alert>
      <div>
        <Button onClick={reset}>Try again</Button>
      </div>
    </div>
  );
}
