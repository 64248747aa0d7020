/** Date formatting shared by the progress pages: fixed locale and UTC, so server and client agree. */
const day = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayShort = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

export const formatDay = (iso: string): string => day.format(new Date(iso));
export const formatDayShort = (iso: string): string => dayShort.format(new Date(iso));
export const formatDayTime = (iso: string): string => `${dayTime.format(new Date(iso))} UTC`;

/** "today", "tomorrow", "in 3 days", "2 days ago" relative to `now` (UTC days). */
export function relativeDay(iso: string, nowIso: string): string {
  const d = Math.floor(Date.parse(iso) / 86_400_000) - Math.floor(Date.parse(nowIso) / 86_400_000);
  if (d === 0) return 'today';
  if (d === 1) return 'tomorrow';
  if (d === -1) return 'yesterday';
  return d > 0 ? `in ${d} days` : `${-d} days ago`;
}
