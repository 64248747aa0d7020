/**
 * The name an attempt gets in the history when the candidate did not pick a preset: the mode and the
 * topics it covers, so two custom exams can be told apart ("Timed exam · Services, DNS").
 */
import { TOPIC_SHORT, type Topic } from './bank-schema';

export type AttemptMode = 'PRACTICE' | 'EXAM' | 'INTERVIEW';

export const MODE_TITLES: Readonly<Record<AttemptMode, string>> = {
  PRACTICE: 'Practice round',
  EXAM: 'Timed exam',
  INTERVIEW: 'Mock interview',
};

/** Up to three short topic names are named; more are counted ("+ 2 more"); none or all means "all topics". */
export function attemptTitle(mode: AttemptMode, topics: readonly Topic[] | undefined): string {
  const base = MODE_TITLES[mode];
  const unique = [...new Set(topics ?? [])].filter((t) => t in TOPIC_SHORT);
  if (unique.length === 0 || unique.length === Object.keys(TOPIC_SHORT).length) return `${base} · all topics`;
  const labels = unique.map((t) => TOPIC_SHORT[t]);
  const named = labels.slice(0, 3).join(', ');
  return labels.length > 3 ? `${base} · ${named} + ${labels.length - 3} more` : `${base} · ${named}`;
}
