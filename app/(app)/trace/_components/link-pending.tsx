'use client';
/**
 * A small spinner inside a <Link> while its navigation is pending (opening a scenario issues a session and,
 * the first time, compiles the scenario). Decorative: the route announcer tells screen readers the outcome.
 */
import { useLinkStatus } from 'next/link';

export function LinkPending() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden="true"
      className={
        pending
          ? 'ml-2 inline-block h-3.5 w-3.5 animate-spin rounded-full border-2 border-accent border-t-transparent align-middle'
          : 'hidden'
      }
      data-testid="link-pending"
    />
  );
}
