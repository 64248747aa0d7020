/**
 * Item analytics for authors (pure math; the server gathers the observations).
 *
 * Discrimination index: the **corrected point-biserial** (item–rest correlation), i.e. the Pearson correlation,
 * over every submitted attempt that contained the question, between the item's score (0..1, partial credit
 * kept) and the candidate's score on the *other* items of that attempt (as a share, because quizzes draw
 * different numbers of questions). Why this and not Kelley's upper−lower 27 % groups:
 *  - it uses every attempt (the 27 % method throws away the middle 46 %, which hurts with the small samples a
 *    new question has);
 *  - partial credit (multiple choice, ordering, interview self-ratings) is used as is instead of being cut to
 *    right/wrong;
 *  - leaving the item out of the total stops short quizzes (5–10 questions) from inflating the index with the
 *    item's own score; Moodle's quiz statistics use the same corrected correlation.
 * `upperLowerIndex` (same rest scores, 27 % groups) is computed as well, for authors used to it.
 * Conventional reading (Ebel): ≥ 0.4 very good, 0.3–0.39 good, 0.2–0.29 marginal, < 0.2 poor → flagged.
 */

/** The flag threshold: questions below it should be reviewed (ambiguous, mis-keyed, or too easy/hard). */
export const DISCRIMINATION_FLAG = 0.2;
/** Below this many attempts with other items, the index is too noisy to show. */
export const MIN_ATTEMPTS_FOR_INDEX = 5;

export interface ItemObservation {
  questionId: string;
  attemptId: string;
  /** 0..1 (unanswered items score 0). */
  score: number;
}

export interface QuestionStats {
  questionId: string;
  /** Items of submitted attempts. */
  attempts: number;
  /** Items scored 1. */
  correct: number;
  /** correct / attempts, or null without attempts. */
  shareCorrect: number | null;
  /** Mean item score (facility), or null. */
  meanScore: number | null;
  /** Corrected point-biserial, or null (too few attempts, or no spread in item or rest scores). */
  discrimination: number | null;
  /** Upper−lower 27 % index on the same rest scores, or null. */
  upperLower: number | null;
  /** discrimination < DISCRIMINATION_FLAG. */
  flagged: boolean;
}

/** Pearson correlation; null for fewer than 2 pairs or when either side has no variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    cov += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  if (vx < 1e-12 || vy < 1e-12) return null;
  return cov / Math.sqrt(vx * vy);
}

/**
 * Kelley's upper−lower index: mean item score of the top 27 % (by rest score) minus that of the bottom 27 %.
 * Ties at the cut are broken by input order (deterministic). Null below 4 pairs.
 */
export function upperLowerIndex(pairs: readonly { item: number; rest: number }[]): number | null {
  if (pairs.length < 4) return null;
  const sorted = pairs.map((p, i) => ({ ...p, i })).sort((a, b) => a.rest - b.rest || a.i - b.i);
  const g = Math.max(1, Math.round(sorted.length * 0.27));
  const mean = (xs: readonly { item: number }[]) => xs.reduce((s, x) => s + x.item, 0) / xs.length;
  return mean(sorted.slice(-g)) - mean(sorted.slice(0, g));
}

const round = (x: number | null, digits = 3) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** Per-question statistics from the items of submitted attempts. */
export function questionStatistics(
  observations: readonly ItemObservation[],
  minAttempts = MIN_ATTEMPTS_FOR_INDEX,
): Map<string, QuestionStats> {
  const totals = new Map<string, { sum: number; n: number }>();
  for (const o of observations) {
    const t = totals.get(o.attemptId) ?? { sum: 0, n: 0 };
    t.sum += o.score;
    t.n += 1;
    totals.set(o.attemptId, t);
  }
  const byQuestion = new Map<string, ItemObservation[]>();
  for (const o of observations) {
    const list = byQuestion.get(o.questionId);
    if (list) list.push(o);
    else byQuestion.set(o.questionId, [o]);
  }
  const out = new Map<string, QuestionStats>();
  for (const [questionId, list] of byQuestion) {
    const correct = list.filter((o) => o.score >= 1).length;
    const pairs: { item: number; rest: number }[] = [];
    for (const o of list) {
      const t = totals.get(o.attemptId)!;
      // An attempt with only this item says nothing about the candidate's other knowledge.
      if (t.n < 2) continue;
      pairs.push({ item: o.score, rest: (t.sum - o.score) / (t.n - 1) });
    }
    const enough = pairs.length >= minAttempts;
    const discrimination = enough
      ? pearson(
          pairs.map((p) => p.item),
          pairs.map((p) => p.rest),
        )
      : null;
    const upperLower = enough ? upperLowerIndex(pairs) : null;
    out.set(questionId, {
      questionId,
      attempts: list.length,
      correct,
      shareCorrect: list.length ? round(correct / list.length) : null,
      meanScore: list.length ? round(list.reduce((s, o) => s + o.score, 0) / list.length) : null,
      discrimination: round(discrimination),
      upperLower: round(upperLower),
      flagged: discrimination !== null && discrimination < DISCRIMINATION_FLAG,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Scenario heat-map
// ---------------------------------------------------------------------------------------------------------

/** Grader finding codes that are mistakes about a hop (lib/grader FindingCode). */
export const HEAT_CODES = ['extra', 'missing', 'out_of_order', 'wrong_object'] as const;
export type HeatCode = (typeof HEAT_CODES)[number];

export const HEAT_CODE_LABELS: Readonly<Record<HeatCode, string>> = {
  extra: 'Added (extra)',
  missing: 'Missed',
  out_of_order: 'Out of order',
  wrong_object: 'Wrong object',
};

export interface HeatRow {
  /** The card id the finding is about. */
  card: string;
  counts: Record<HeatCode, number>;
  total: number;
  /** Attempts with at least one such finding on this card. */
  attempts: number;
}

export interface HeatMap {
  attempts: number;
  rows: HeatRow[];
  /** The largest cell (for colour scaling). */
  max: number;
}

const isHeatCode = (c: unknown): c is HeatCode =>
  typeof c === 'string' && (HEAT_CODES as readonly string[]).includes(c);

/**
 * Hop × mistake counts over attempts. `findings` is each attempt's stored finding list (unknown JSON is
 * tolerated: entries without a known code or a card are skipped). Rows sorted by total, then card id.
 */
export function hopHeatMap(findingsPerAttempt: readonly unknown[], limit = 25): HeatMap {
  const rows = new Map<string, HeatRow>();
  for (const findings of findingsPerAttempt) {
    if (!Array.isArray(findings)) continue;
    const seen = new Set<string>();
    for (const f of findings as unknown[]) {
      if (typeof f !== 'object' || f === null) continue;
      const { code, card } = f as { code?: unknown; card?: unknown };
      if (!isHeatCode(code) || typeof card !== 'string' || card === '') continue;
      const row = rows.get(card) ?? {
        card,
        counts: { extra: 0, missing: 0, out_of_order: 0, wrong_object: 0 },
        total: 0,
        attempts: 0,
      };
      row.counts[code] += 1;
      row.total += 1;
      if (!seen.has(card)) {
        row.attempts += 1;
        seen.add(card);
      }
      rows.set(card, row);
    }
  }
  const sorted = [...rows.values()]
    .sort((a, b) => b.total - a.total || a.card.localeCompare(b.card))
    .slice(0, limit);
  const max = sorted.reduce((m, r) => Math.max(m, ...HEAT_CODES.map((c) => r.counts[c])), 0);
  return { attempts: findingsPerAttempt.length, rows: sorted, max };
}
