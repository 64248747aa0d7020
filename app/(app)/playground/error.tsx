'use client';
/** A playground page could not be loaded: say so and offer a retry (the error itself reaches the server log). */
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export default function PlaygroundError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">Playground</h1>
      <Alert tone="error" testId="playground-load-error" title="This playground could not be loaded.">
        Saved playgrounds are stored; unsaved changes are kept in this tab. Try again in a moment.
      </Alert>
      <div>
        <Button onClick={reset}>Try again</Button>
      </div>
    </div>
  );
}
