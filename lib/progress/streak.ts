/**
 * Daily streaks (shown only to learners who opt in). A day counts when the learner answered a question,
 * submitted a trace or reviewed an item that day (UTC). The current streak survives until the end of the day
 * after the last active day, so it does not break at midnight before today's practice. Pure.
 */
const DAY_MS = 86_400_000;

/** Days since the epoch, UTC. */
export function utcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

export interface Streak {
  /** Consecutive active days ending today or yesterday; 0 otherwise. */
  current: number;
  /** Longest run ever. */
  longest: number;
  activeToday: boolean;
  /** Distinct active days. */
  activeDays: number;
}

export function computeStreak(activity: readonly Date[], now: Date): Streak {
  const days = [...new Set(activity.map(utcDay))].sort((a, b) => a - b);
  const today = utcDay(now);
  let longest = 0;
  let run = 0;
  let prev: number | undefined;
  for (const d of days) {
    if (d > today) continue; // clock skew: ignore the future
    run = prev !== undefined && d === prev + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const past = days.filter((d) => d <= today);
  const last = past.at(-1);
  let current = 0;
  if (last !== undefined && last >= today - 1) {
    current = 1;
    for (let i = past.length - 2; i >= 0 && past[i] === past[i + 1]! - 1; i--) current++;
  }
  return { current, longest, activeToday: last === today, activeDays: past.length };
}
