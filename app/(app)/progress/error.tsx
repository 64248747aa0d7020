'use client';
/** Progress could not be loaded: say so and offer a retry (the error itself reaches the server log). */
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export default function ProgressError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">Progress</h1>
      <Alert tone="error" testId="progress-error" title="Your progress could not be loaded.">
        Nothing was lost: your attempts and review queue are stored. Try again in a moment.
      </Alert>
      <div>
        <Button onClick={reset}>Try again</Button>
      </div>
    </div>
  );
}
