/** Shown while the session is issued and the scenario compiled (first open of a version). */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4" data-testid="loading">
      <span className="sr-only">Opening the scenario…</span>
      <div className="h-4 w-48 rounded bg-surface-2" />
      <div className="h-9 w-96 max-w-full rounded-lg bg-surface-2" />
      <div className="h-24 rounded-xl bg-surface-2" />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)]">
        <div className="h-[28rem] rounded-xl bg-surface-2" />
        <div className="space-y-4">
          <div className="h-40 rounded-xl bg-surface-2" />
          <div className="h-56 rounded-xl bg-surface-2" />
        </div>
      </div>
    </div>
  );
}
