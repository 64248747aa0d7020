/**
 * Mastery per topic (and per tag), from every piece of evidence a learner leaves behind.
 *
 * ## Formula
 *
 * Each piece of evidence i has a value xᵢ in [0, 1]:
 *   - a quiz answer: its score (partial credit counts, e.g. 0.5 for half the options of a multiple choice);
 *   - a trace attempt: its final score, attributed to the scenario's topic and to each of its tags;
 *   - a mock-interview answer: the candidate's self-rating / 4.
 *
 * and a recency weight that halves every {@link HALF_LIFE_DAYS} days:
 *
 *     wᵢ = 2^(−ageᵢ / 14 days)
 *
 *     mastery    = Σ wᵢ·xᵢ / Σ wᵢ                      (recency-weighted mean, 0..1)
 *     evidence   = Σ wᵢ                                (effective number of recent answers)
 *     confidence = evidence / (evidence + 3)           (0 with no evidence, 0.5 at three fresh answers, → 1)
 *
 * So one lucky answer does not make a topic "strong", and what you did last week counts twice as much as what
 * you did three weeks ago. Pure: no clock (the caller passes `now`), no I/O.
 */

/** Where a piece of evidence comes from. */
export type EvidenceSource = 'quiz' | 'trace' | 'interview';

export interface Evidence {
  source: EvidenceSource;
  /** Score in [0, 1] (values outside are clamped). */
  value: number;
  /** When it happened. */
  at: Date;
  /** Question-bank topic slug (scenarios use the same slugs). */
  topic: string;
  /** Tags of the question or scenario. */
  tags?: readonly string[];
}

export interface MasteryEntry {
  /** The topic slug or tag. */
  key: string;
  /** Recency-weighted mean, 0..1. */
  mastery: number;
  /** evidence / (evidence + CONFIDENCE_K), 0..1. */
  confidence: number;
  /** Σ wᵢ: the effective number of recent answers. */
  effective: number;
  /** Raw number of pieces of evidence. */
  count: number;
  /** Counts per source. */
  bySource: Record<EvidenceSource, number>;
  /** Most recent evidence. */
  lastAt: Date;
}

export const HALF_LIFE_DAYS = 14;
/** Effective evidence at which confidence reaches 0.5. */
export const CONFIDENCE_K = 3;

const DAY_MS = 86_400_000;

/** 2^(−age / half-life); evidence "from the future" (clock skew) weighs 1. */
export function recencyWeight(at: Date, now: Date, halfLifeDays: number = HALF_LIFE_DAYS): number {
  const ageDays = Math.max(0, (now.getTime() - at.getTime()) / DAY_MS);
  return Math.pow(2, -ageDays / halfLifeDays);
}

export function confidenceOf(effective: number, k: number = CONFIDENCE_K): number {
  return effective <= 0 ? 0 : effective / (effective + k);
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Mastery for every key `keysOf` assigns to the evidence (a piece of evidence may count for several keys).
 * Keys with no evidence are absent. Sorted by key.
 *
 * @example
 *   masteryBy(evidence, (e) => [e.topic], now) // per topic
 *   masteryBy(evidence, (e) => e.tags ?? [], now) // per tag
 */
export function masteryBy(
  evidence: readonly Evidence[],
  keysOf: (e: Evidence) => readonly string[],
  now: Date,
  halfLifeDays: number = HALF_LIFE_DAYS,
): MasteryEntry[] {
  const acc = new Map<
    string,
    { sw: number; swx: number; count: number; bySource: Record<EvidenceSource, number>; lastAt: Date }
  >();
  for (const e of evidence) {
    const w = recencyWeight(e.at, now, halfLifeDays);
    const x = clamp01(e.value);
    for (const key of new Set(keysOf(e))) {
      let a = acc.get(key);
      if (!a) {
        a = { sw: 0, swx: 0, count: 0, bySource: { quiz: 0, trace: 0, interview: 0 }, lastAt: e.at };
        acc.set(key, a);
      }
      a.sw += w;
      a.swx += w * x;
      a.count += 1;
      a.bySource[e.source] += 1;
      if (e.at > a.lastAt) a.lastAt = e.at;
    }
  }
  return [...acc.entries()]
    .map(([key, a]) => ({
      key,
      mastery: a.sw > 0 ? a.swx / a.sw : 0,
      confidence: confidenceOf(a.sw),
      effective: a.sw,
      count: a.count,
      bySource: a.bySource,
      lastAt: a.lastAt,
    }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** Mastery per topic. */
export function masteryByTopic(evidence: readonly Evidence[], now: Date): MasteryEntry[] {
  return masteryBy(evidence, (e) => [e.topic], now);
}

/** Tags that say nothing about a skill (provenance, catalogue refs, misconception ids) are left out. */
export function isSkillTag(tag: string): boolean {
  return !/^(ref-|seed|misconception-)/.test(tag);
}

/** Mastery per skill tag, only for tags with at least `minCount` pieces of evidence. */
export function masteryByTag(evidence: readonly Evidence[], now: Date, minCount = 3): MasteryEntry[] {
  return masteryBy(evidence, (e) => (e.tags ?? []).filter(isSkillTag), now).filter(
    (m) => m.count >= minCount,
  );
}

export type MasteryBand = 'strong' | 'solid' | 'shaky' | 'weak';

/** A word for a mastery value: strong ≥ 80 %, solid ≥ 60 %, shaky ≥ 40 %, weak below. */
export function masteryBand(mastery: number): MasteryBand {
  return mastery >= 0.8 ? 'strong' : mastery >= 0.6 ? 'solid' : mastery >= 0.4 ? 'shaky' : 'weak';
}

/**
 * The weakest topics worth working on: lowest mastery first, among entries with some confidence;
 * ties broken by more evidence first.
 */
export function weakest(entries: readonly MasteryEntry[], take = 3, minConfidence = 0.25): MasteryEntry[] {
  return entries
    .filter((e) => e.confidence >= minConfidence && e.mastery < 0.8)
    .sort((a, b) => a.mastery - b.mastery || b.effective - a.effective)
    .slice(0, take);
}
