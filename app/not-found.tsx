/** Friendly 404 for unknown URLs and notFound() calls. */
import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-12 text-center" data-testid="not-found">
      <p className="font-mono text-sm font-semibold text-accent">404 · no route to host</p>
      <h1 className="mt-3 text-3xl font-bold tracking-tight">This page took a wrong hop</h1>
      <p className="mt-3 text-muted">
        We could not find that page. It may have moved, or the link may be mistyped.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <ButtonLink href="/">Go home</ButtonLink>
        <ButtonLink href="/practice" variant="secondary">
          Practice
        </ButtonLink>
      </div>
    </div>
  );
}
