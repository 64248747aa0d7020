/**
 * Quiz scoring: pure functions shared by the server (grading), the seed and tests.
 *
 * Rules (also shown to candidates on the review page):
 * - single, outcome, true/false, short answer: 1 or 0 (an outcome question's answer is the option whose
 *   disposition the routing engine computed for its scenario). Short answers are compared after `normalizeShortAnswer`
 *   ("30000–32767" = "30000-32767").
 * - multiple choice: each correct option ticked earns 1/k and each wrong option ticked costs 1/k
 *   (k = number of correct options), floored at 0, so ticking everything earns nothing.
 * - ordering: the share of items already in a correct relative order = (longest increasing run of the
 *   answer in the correct order) / n, i.e. 1 − (fewest items to move) / n. Exact order scores 1.
 * - interview: self-assessed; the share of rubric points the candidate ticked after seeing the model answer.
 */
import { z } from 'zod';
import { normalizeShortAnswer, type Question, type QuestionType } from './bank-schema';

const MAX_TEXT = 5000;

// Answers are stored in JSON columns; PostgreSQL's jsonb cannot hold the NUL character (lib/server/db/json.ts, ADR 019).
const NO_NUL = /^[^\u0000]*$/;
const NUL_MESSAGE = 'remove the NUL character (\\u0000) from the answer';

/** A saved response, validated at every boundary (route handler, server action, stored JSON). */
export const responseSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('single'), choice: z.string().max(8) }),
  z.strictObject({ type: z.literal('outcome'), choice: z.string().max(8) }),
  z.strictObject({ type: z.literal('multiple'), choices: z.array(z.string().max(8)).max(8) }),
  z.strictObject({ type: z.literal('truefalse'), value: z.boolean() }),
  z.strictObject({ type: z.literal('ordering'), order: z.array(z.string().max(80)).max(12) }),
  z.strictObject({
    type: z.literal('short'),
    text: z.string().max(200, 'keep short answers under 200 characters').regex(NO_NUL, NUL_MESSAGE),
  }),
  z.strictObject({
    type: z.literal('interview'),
    text: z
      .string()
      .max(MAX_TEXT, `keep interview answers under ${MAX_TEXT} characters`)
      .regex(NO_NUL, NUL_MESSAGE),
    /** Indexes of the rubric points the candidate ticked (only after the model answer was shown). */
    ticked: z.array(z.number().int().min(0).max(9)).max(10).default([]),
  }),
]);
export type QuizResponse = z.infer<typeof responseSchema>;

export type ResponseProblem = { ok: false; message: string };

/**
 * Check that a response fits its question: right type and only ids the question has.
 * Returns a message a person can act on when it doesn't.
 */
export function checkResponse(question: Question, response: QuizResponse): { ok: true } | ResponseProblem {
  if (response.type !== question.type) {
    return {
      ok: false,
      message: `This is a ${label(question.type)} question; the answer sent was for a ${label(response.type)} question.`,
    };
  }
  const unknown = (ids: string[], known: string[]) => ids.find((id) => !known.includes(id));
  switch (response.type) {
    case 'single':
    case 'outcome': {
      const ids: string[] =
        question.type === 'single' || question.type === 'outcome' ? question.options.map((o) => o.id) : [];
      return ids.includes(response.choice)
        ? { ok: true }
        : { ok: false, message: `Option "${response.choice}" does not exist in this question.` };
    }
    case 'multiple': {
      const ids = question.type === 'multiple' ? question.options.map((o) => o.id) : [];
      const bad = unknown(response.choices, ids);
      if (bad !== undefined)
        return { ok: false, message: `Option "${bad}" does not exist in this question.` };
      if (new Set(response.choices).size !== response.choices.length)
        return { ok: false, message: 'An option was ticked twice.' };
      return { ok: true };
    }
    case 'ordering': {
      const ids = question.type === 'ordering' ? question.items.map((i) => i.id) : [];
      const bad = unknown(response.order, ids);
      if (bad !== undefined) return { ok: false, message: `Item "${bad}" does not exist in this question.` };
      if (response.order.length !== ids.length || new Set(response.order).size !== ids.length) {
        return { ok: false, message: 'Place every item exactly once.' };
      }
      return { ok: true };
    }
    case 'interview': {
      const n = question.type === 'interview' ? question.rubric.length : 0;
      const bad = response.ticked.find((i) => i >= n);
      return bad === undefined
        ? { ok: true }
        : { ok: false, message: `Rubric point ${bad + 1} does not exist.` };
    }
    default:
      return { ok: true };
  }
}

/** Score in [0, 1] of a response to a question; an absent response scores 0. */
export function scoreResponse(question: Question, response: QuizResponse | null | undefined): number {
  if (!response || response.type !== question.type) return 0;
  switch (question.type) {
    case 'single':
      return response.type === 'single' && response.choice === question.answer ? 1 : 0;
    case 'outcome':
      return response.type === 'outcome' &&
        question.answer !== undefined &&
        response.choice === question.answer
        ? 1
        : 0;
    case 'truefalse':
      return response.type === 'truefalse' && response.value === question.answer ? 1 : 0;
    case 'short': {
      if (response.type !== 'short') return 0;
      const given = normalizeShortAnswer(response.text);
      return question.answer.some((a) => normalizeShortAnswer(a) === given) ? 1 : 0;
    }
    case 'multiple': {
      if (response.type !== 'multiple') return 0;
      const correct = new Set<string>(question.answer);
      const k = correct.size;
      let points = 0;
      for (const c of new Set(response.choices)) points += correct.has(c) ? 1 : -1;
      return clamp01(points / k);
    }
    case 'ordering': {
      if (response.type !== 'ordering') return 0;
      const rank = new Map(question.answer.map((id, i) => [id, i]));
      const seq = response.order.map((id) => rank.get(id)).filter((r): r is number => r !== undefined);
      return question.answer.length === 0 ? 0 : longestIncreasingRun(seq) / question.answer.length;
    }
    case 'interview': {
      if (response.type !== 'interview') return 0;
      return clamp01(new Set(response.ticked).size / question.rubric.length);
    }
  }
}

/** True when a response counts as answered (for the "unanswered" list before submit). */
export function isAnswered(response: QuizResponse | null | undefined): boolean {
  if (!response) return false;
  switch (response.type) {
    case 'single':
    case 'outcome':
      return response.choice !== '';
    case 'multiple':
      return response.choices.length > 0;
    case 'ordering':
      return response.order.length > 0;
    case 'short':
    case 'interview':
      return response.text.trim() !== '';
    case 'truefalse':
      return true;
  }
}

/** The correct answer in the shape of a response (for the review page). */
export function correctResponse(question: Question): QuizResponse {
  switch (question.type) {
    case 'single':
      return { type: 'single', choice: question.answer };
    case 'outcome':
      return { type: 'outcome', choice: question.answer ?? '' };
    case 'multiple':
      return { type: 'multiple', choices: [...question.answer] };
    case 'truefalse':
      return { type: 'truefalse', value: question.answer };
    case 'ordering':
      return { type: 'ordering', order: [...question.answer] };
    case 'short':
      return { type: 'short', text: question.answer[0] ?? '' };
    case 'interview':
      return { type: 'interview', text: question.modelAnswer, ticked: question.rubric.map((_, i) => i) };
  }
}

/** Length of the longest strictly increasing subsequence (O(n log n)). */
export function longestIncreasingRun(seq: readonly number[]): number {
  const tails: number[] = [];
  for (const x of seq) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

const TYPE_LABELS: Record<QuestionType, string> = {
  single: 'single-choice',
  multiple: 'multiple-choice',
  truefalse: 'true/false',
  ordering: 'ordering',
  short: 'short-answer',
  interview: 'interview',
  outcome: 'outcome',
};

function label(t: QuestionType): string {
  return TYPE_LABELS[t];
}
