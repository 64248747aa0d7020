/**
 * What becomes a review item: the mapping from stored attempts (quiz answers, interview self-ratings, the trace
 * grader's findings) to spaced-repetition items, and how a new mistake updates an existing item.
 *
 * - every quiz question answered with a score below 1 → one QUESTION item, key = the question id;
 * - every interview rubric point the candidate did not tick after rating their answer → one INTERVIEW_POINT
 *   item, key = `${questionId}#${rubricIndex}`;
 * - every hop the trace grader found missing, out of order, on the wrong object or extra, and every wrong
 *   outcome → one SCENARIO_HOP item, key = `${scenarioId}:${card}` (`${scenarioId}:outcome` for the outcome).
 *
 * Keys are unique per learner, so the same mistake made twice is one item; a newer mistake on an item makes it
 * due again (see {@link mergeDraft}). Pure: no clock, no I/O.
 */
import { z } from 'zod';

export type ReviewKind = 'QUESTION' | 'SCENARIO_HOP' | 'INTERVIEW_POINT';

export const questionPayloadSchema = z.object({
  kind: z.literal('QUESTION'),
  questionId: z.string(),
  topic: z.string(),
  /** The prompt's first line, for lists ("why is this here"). */
  title: z.string(),
  /** Score of the answer that put it here. */
  score: z.number(),
  /** When that answer was given (ISO). */
  sourceAt: z.string(),
});

export const hopPayloadSchema = z.object({
  kind: z.literal('SCENARIO_HOP'),
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  topic: z.string(),
  requestId: z.string(),
  level: z.string(),
  /** The card concerned: the expected card (missing, out_of_order), the placed card (extra, wrong_object) or `outcome:X`. */
  card: z.string(),
  code: z.string(),
  /** The grader's explanation. */
  message: z.string(),
  rule: z.string().optional(),
  misconception: z.string().optional(),
  sourceAt: z.string(),
});

export const pointPayloadSchema = z.object({
  kind: z.literal('INTERVIEW_POINT'),
  questionId: z.string(),
  topic: z.string(),
  title: z.string(),
  rubricIndex: z.number().int().min(0),
  /** The rubric point the candidate did not cover. */
  point: z.string(),
  sourceAt: z.string(),
});

export const reviewPayloadSchema = z.discriminatedUnion('kind', [
  questionPayloadSchema,
  hopPayloadSchema,
  pointPayloadSchema,
]);
export type ReviewPayload = z.infer<typeof reviewPayloadSchema>;
export type HopPayload = z.infer<typeof hopPayloadSchema>;

export interface ReviewItemDraft {
  kind: ReviewKind;
  key: string;
  payload: ReviewPayload;
  /** Attempt id the mistake comes from. */
  sourceId: string;
  /** When the mistake was made. */
  sourceAt: Date;
}

/** A grader finding as stored in TraceAttempt.findings (lib/grader `Finding`); validated when read. */
export const storedFindingSchema = z.object({
  code: z.string(),
  card: z.string(),
  message: z.string().default(''),
  rule: z.string().optional(),
  misconception: z.string().optional(),
  index: z.number().optional(),
  expectedIndex: z.number().optional(),
});
export type StoredFinding = z.infer<typeof storedFindingSchema>;

/** Stored findings (the column's value, read through lib/server/db/json.ts); malformed entries are skipped, never thrown. */
export function parseFindings(value: unknown): StoredFinding[] {
  if (!Array.isArray(value)) return [];
  const out: StoredFinding[] = [];
  for (const v of value) {
    const r = storedFindingSchema.safeParse(v);
    if (r.success) out.push(r.data);
  }
  return out;
}

/** Finding codes that mean "this hop was missed" and become review items. */
export const HOP_MISS_CODES: ReadonlySet<string> = new Set([
  'missing',
  'out_of_order',
  'wrong_object',
  'extra',
  'wrong_disposition',
]);

export interface TraceAttemptSource {
  id: string;
  scenarioId: string;
  scenarioTitle: string;
  topic: string;
  requestId: string;
  level: string;
  createdAt: Date;
  findings: readonly StoredFinding[];
}

/** Review items for the hops a trace attempt missed: one per distinct card (the outcome counts as one). */
export function itemsFromTraceAttempt(a: TraceAttemptSource): ReviewItemDraft[] {
  const byKey = new Map<string, ReviewItemDraft>();
  for (const f of a.findings) {
    if (!HOP_MISS_CODES.has(f.code)) continue;
    const outcome = f.code === 'wrong_disposition';
    const key = outcome ? `${a.scenarioId}:outcome` : `${a.scenarioId}:${f.card}`;
    if (byKey.has(key)) continue;
    const payload: HopPayload = {
      kind: 'SCENARIO_HOP',
      scenarioId: a.scenarioId,
      scenarioTitle: a.scenarioTitle,
      topic: a.topic,
      requestId: a.requestId,
      level: a.level,
      card: f.card,
      code: f.code,
      message: f.message,
      ...(f.rule ? { rule: f.rule } : {}),
      ...(f.misconception ? { misconception: f.misconception } : {}),
      sourceAt: a.createdAt.toISOString(),
    };
    byKey.set(key, { kind: 'SCENARIO_HOP', key, payload, sourceId: a.id, sourceAt: a.createdAt });
  }
  return [...byKey.values()];
}

export interface QuizItemSource {
  attemptId: string;
  questionId: string;
  type: string;
  topic: string;
  prompt: string;
  /** 0..1, null while ungraded. */
  score: number | null;
  /** Interview only: 0..4, null while not rated. */
  selfRating: number | null;
  /** Interview only: the rubric points ticked as covered. */
  ticked: readonly number[];
  /** Interview only: the question's rubric. */
  rubric: readonly string[];
  at: Date;
}

/** First line of a prompt, without Markdown emphasis, at most 120 characters. */
export function titleOf(prompt: string): string {
  const line = (prompt.split('\n').find((l) => l.trim() !== '') ?? '').replace(/[*_`#>]/g, '').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** Review items for one answered quiz question: the question itself, or the interview points not covered. */
export function itemsFromQuizItem(q: QuizItemSource): ReviewItemDraft[] {
  const sourceAt = q.at.toISOString();
  const title = titleOf(q.prompt);
  if (q.type === 'interview') {
    if (q.selfRating === null) return []; // not rated yet: nothing says what was missed
    const covered = new Set(q.ticked);
    return q.rubric.flatMap((point, rubricIndex): ReviewItemDraft[] =>
      covered.has(rubricIndex)
        ? []
        : [
            {
              kind: 'INTERVIEW_POINT',
              key: `${q.questionId}#${rubricIndex}`,
              payload: {
                kind: 'INTERVIEW_POINT',
                questionId: q.questionId,
                topic: q.topic,
                title,
                rubricIndex,
                point,
                sourceAt,
              },
              sourceId: q.attemptId,
              sourceAt: q.at,
            },
          ],
    );
  }
  if (q.score === null || q.score >= 1) return [];
  return [
    {
      kind: 'QUESTION',
      key: q.questionId,
      payload: {
        kind: 'QUESTION',
        questionId: q.questionId,
        topic: q.topic,
        title,
        score: q.score,
        sourceAt,
      },
      sourceId: q.attemptId,
      sourceAt: q.at,
    },
  ];
}

/** A new item is first due this long after the mistake: tomorrow, not while the answer is still on screen. */
export const FIRST_REVIEW_DELAY_MS = 86_400_000;

export interface ExistingItem {
  key: string;
  due: Date;
  lastReview: Date | null;
  payload: ReviewPayload | null;
}

export type MergeAction = { type: 'create'; due: Date } | { type: 'bump'; due: Date } | { type: 'none' };

/**
 * What to do with a draft given the learner's existing item with the same key (if any):
 * - no item → create it, due one day after the mistake;
 * - the draft is the mistake already recorded (not newer than the item's `sourceAt`) → nothing (idempotent);
 * - a newer mistake → record it and make the item due again no later than one day after it
 *   (the schedule's stability and lapses stay: the next rating decides).
 */
export function mergeDraft(existing: ExistingItem | undefined, draft: ReviewItemDraft): MergeAction {
  const firstDue = new Date(draft.sourceAt.getTime() + FIRST_REVIEW_DELAY_MS);
  if (!existing) return { type: 'create', due: firstDue };
  const known = existing.payload ? Date.parse(existing.payload.sourceAt) : NaN;
  if (Number.isFinite(known) && draft.sourceAt.getTime() <= known) return { type: 'none' };
  // A mistake made before the last review is already "priced in" by that review.
  if (existing.lastReview && draft.sourceAt <= existing.lastReview) return { type: 'none' };
  return { type: 'bump', due: existing.due < firstDue ? existing.due : firstDue };
}

/** Keep the newest draft per key (an item is created from the latest mistake). */
export function latestPerKey(drafts: readonly ReviewItemDraft[]): ReviewItemDraft[] {
  const out = new Map<string, ReviewItemDraft>();
  for (const d of drafts) {
    const cur = out.get(d.key);
    if (!cur || d.sourceAt > cur.sourceAt) out.set(d.key, d);
  }
  return [...out.values()];
}
