/**
 * The FSRS scheduler (ts-fsrs) and the mapping between its Card and our ReviewItem columns. Pure: `now` is
 * always passed in.
 *
 * Settings: desired retention 0.9 (ts-fsrs default), no short-term learning steps (every rating schedules in
 * whole days: a review session is one pass over what is due today, not a loop of 1- and 10-minute steps), no
 * fuzz (the interval on each rating button is exactly what happens), maximum interval 365 days.
 *
 * Cram mode ("my interview is tomorrow", issue 16) uses a second scheduler with ts-fsrs's short-term steps on:
 * learning and relearning steps of 1 and 10 minutes, so a missed item (Again) is due again within the session.
 * @see https://github.com/open-spaced-repetition/ts-fsrs
 */
import { createEmptyCard, fsrs, State, type Card, type Grade } from 'ts-fsrs';

export const scheduler = fsrs({
  request_retention: 0.9,
  maximum_interval: 365,
  enable_fuzz: false,
  enable_short_term: false,
});

/** Cram mode: the same FSRS model with (re)learning steps in minutes. */
export const CRAM_STEPS = ['1m', '10m'] as const;
export const cramScheduler = fsrs({
  request_retention: 0.9,
  maximum_interval: 365,
  enable_fuzz: false,
  enable_short_term: true,
  learning_steps: [...CRAM_STEPS],
  relearning_steps: [...CRAM_STEPS],
});

const pick = (cram: boolean | undefined) => (cram ? cramScheduler : scheduler);

/** The scheduling columns of a ReviewItem row. */
export interface SchedulingFields {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | null;
}

export type RatingValue = 1 | 2 | 3 | 4;
export const RATINGS: readonly {
  value: RatingValue;
  label: 'Again' | 'Hard' | 'Good' | 'Easy';
  hint: string;
}[] = [
  { value: 1, label: 'Again', hint: 'I got it wrong or could not recall it' },
  { value: 2, label: 'Hard', hint: 'Right, but only with real effort' },
  { value: 3, label: 'Good', hint: "Right after a moment's thought" },
  { value: 4, label: 'Easy', hint: 'Right at once' },
];

const STATES: readonly State[] = [State.New, State.Learning, State.Review, State.Relearning];

export function toCard(f: SchedulingFields): Card {
  return {
    due: f.due,
    stability: f.stability,
    difficulty: f.difficulty,
    elapsed_days: f.elapsedDays,
    scheduled_days: f.scheduledDays,
    learning_steps: f.learningSteps,
    reps: f.reps,
    lapses: f.lapses,
    state: STATES[f.state] ?? State.New,
    ...(f.lastReview ? { last_review: f.lastReview } : {}),
  };
}

export function fromCard(c: Card): SchedulingFields {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ?? null,
  };
}

/** A fresh item's scheduling fields, due at `due`. */
export function newSchedule(due: Date): SchedulingFields {
  return { ...fromCard(createEmptyCard(due)), due };
}

export interface RatedSchedule {
  next: SchedulingFields;
  log: { rating: RatingValue; state: number; due: Date; reviewedAt: Date };
}

/** Reschedule after a rating. The log records the state and due date *before* the review (ts-fsrs ReviewLog). */
export function rate(
  f: SchedulingFields,
  rating: RatingValue,
  now: Date,
  opts: { cram?: boolean } = {},
): RatedSchedule {
  const r = pick(opts.cram).next(toCard(f), now, rating);
  return { next: fromCard(r.card), log: { rating, state: r.log.state, due: r.log.due, reviewedAt: now } };
}

export interface IntervalPreview {
  rating: RatingValue;
  label: string;
  due: Date;
  /** Whole days from now to the new due date. */
  days: number;
  /** "1 day", "3 days", "2 weeks", "4 months"; in cram mode also "1 min", "10 min", "3 h". */
  text: string;
}

/** What each rating would do now (shown on the rating buttons). */
export function previewIntervals(
  f: SchedulingFields,
  now: Date,
  opts: { cram?: boolean } = {},
): IntervalPreview[] {
  const p = pick(opts.cram).repeat(toCard(f), now);
  return RATINGS.map(({ value, label }) => {
    const due = p[value as Grade].card.due;
    const ms = due.getTime() - now.getTime();
    const days = Math.max(0, Math.round(ms / 86_400_000));
    const text = opts.cram && ms < 86_400_000 ? formatShort(ms) : formatInterval(days);
    return { rating: value, label, due, days, text };
  });
}

/** A short-term interval: "1 min", "10 min", "5 h". */
export function formatShort(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  return `${Math.round(min / 60)} h`;
}

export function formatInterval(days: number): string {
  if (days < 1) return 'today';
  if (days < 14) return days === 1 ? '1 day' : `${days} days`;
  if (days < 60) return `${Math.round(days / 7)} weeks`;
  if (days < 365) return `${Math.round(days / 30)} months`;
  const y = Math.round((days / 365) * 10) / 10;
  return y === 1 ? '1 year' : `${y} years`;
}
