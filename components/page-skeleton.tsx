/**
 * Placeholder shapes shown while a page streams in. Use it from a route's
 * loading.tsx: `export default function Loading() { return <PageSkeleton /> }`.
 * NOTE: put loading.tsx in leaf segments, not in app/(app)/ or app/(app)/admin/:
 * a Suspense boundary above a guarded layout turns its redirect into a 200
 * with a client-side redirect instead of a real 307.
 */
export function PageSkeleton({ cards = 3 }: { cards?: number }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-6" data-testid="loading">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-56 rounded-lg bg-surface-2" />
      <div className="h-4 w-96 max-w-full rounded bg-surface-2" />
      <div className="grid gap-4 md:grid-cols-3">
        {Array.from({ length: cards }, (_, i) => (
          <div key={i} className="h-32 rounded-xl bg-surface-2" />
        ))}
      </div>
    </div>
  );
}
