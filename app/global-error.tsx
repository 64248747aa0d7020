'use client';
/**
 * Last-resort boundary for errors in the root layout itself (e.g. the
 * database is unreachable while the header reads the session). It replaces
 * the whole document, so it renders its own <html> and <body>.
 */
import './globals.css';

export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center bg-bg p-6 text-fg">
        <main className="max-w-md text-center" data-testid="global-error">
          <h1 className="text-2xl font-bold">PacketPath is having trouble</h1>
          <p className="mt-3 text-muted">
            Something failed before the page could load. Try again in a moment.
            {error.digest ? <span className="mt-2 block text-xs">Reference: {error.digest}</span> : null}
          </p>
          <button
            type="button"
            onClick={reset}
            className="mt-6 rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
