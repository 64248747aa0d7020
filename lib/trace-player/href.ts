/**
 * The trace player's URL for a scenario, in one place: the player's own links (mode, level, request), the result
 * page's "try again" and "practise again", and the page's `variant=new` redirect. Only what is given goes into the
 * query, in one order (mode, level, request, variant); learning mode is the default and never written.
 */
export function traceHref(
  scenarioId: string,
  q: { mode?: 'learning' | 'challenge'; level?: string; request?: string; variant?: string } = {},
): string {
  const p = new URLSearchParams();
  if (q.mode === 'challenge') p.set('mode', 'challenge');
  if (q.level !== undefined) p.set('level', q.level);
  if (q.request !== undefined) p.set('request', q.request);
  if (q.variant !== undefined) p.set('variant', q.variant);
  const s = p.toString();
  return `/trace/${scenarioId}${s ? `?${s}` : ''}`;
}
