import 'server-only';
/**
 * The review queue: what is due, one item at a time, the answer check and the rescheduling (FSRS via ts-fsrs,
 * lib/progress/fsrs.ts). Every function takes (db, userId, …, now); items of other users are "not found".
 *
 * Nothing that gives the answer away reaches the browser before the learner answers: a question is sent as a
 * PublicQuestion, a hop question without its answer, an interview point without its text. The check happens
 * here; the client only renders.
 */
import type { DbClient } from '@/lib/server/db/client';
import type { Level } from '@/lib/engine';
import { questionSchema, TOPIC_LABELS, type Question } from '@/lib/quiz/bank-schema';
import { shuffleableIds, stableShuffle, toPublicQuestion, type PublicQuestion } from '@/lib/quiz/present';
import {
  checkResponse,
  correctResponse,
  responseSchema,
  scoreResponse,
  type QuizResponse,
} from '@/lib/quiz/scoring';
import { previewIntervals, rate, type RatingValue, type SchedulingFields } from '@/lib/progress/fsrs';
import { buildHopQuestion, type HopQuestion } from '@/lib/progress/hop-question';
import { scenarioVariant } from '@/lib/review/variant';
import { cardsFor } from '@/lib/grader';
import { misconceptionInfo } from '@/lib/progress/misconceptions';
import { reviewPayloadSchema, type ReviewPayload } from '@/lib/progress/review-items';
import { compiledScenario, ScenarioCompileError } from '@/lib/server/trace/engine-adapter';
import type { ItemFeedback } from '@/lib/server/quiz/service';
import { openExamLocks, reviewLockMessage, type ExamLock, type ExamLocks } from '@/lib/server/quiz/exam-lock';
import { safeParseJson } from '@/lib/server/db/json';

const DAY_MS = 86_400_000;

/** Items due before the end of the current UTC day count as "due today". */
export function endOfDay(now: Date): Date {
  return new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
}

export async function countDue(db: DbClient, userId: string, now: Date): Promise<number> {
  return db.reviewItem.count({ where: { userId, due: { lt: endOfDay(now) } } });
}

// ---------------------------------------------------------------------------------------------------------
// Cram mode ("my interview is tomorrow", issue 16)
// ---------------------------------------------------------------------------------------------------------

/** Learning items due within this much are served early when nothing else is left (Anki's "learn ahead"). */
export const LEARN_AHEAD_MS = 20 * 60_000;
/** Longest cram: two weeks from today. */
export const MAX_CRAM_DAYS = 14;

export interface CramState {
  active: boolean;
  startedAt: Date | null;
  until: Date | null;
}

export async function cramState(db: DbClient, userId: string, now: Date): Promise<CramState> {
  const u = await db.user.findUnique({
    where: { id: userId },
    select: { cramStartedAt: true, cramUntil: true },
  });
  const active = !!u?.cramStartedAt && !!u.cramUntil && u.cramUntil > now;
  return { active, startedAt: active ? u.cramStartedAt : null, until: active ? u.cramUntil : null };
}

/**
 * Turn cram mode on until the end (UTC) of `day` (YYYY-MM-DD, today … today + 14), or off with null.
 * Returns the state; refuses days out of range (400).
 */
export async function setCram(
  db: DbClient,
  userId: string,
  day: string | null,
  now: Date,
): Promise<{ ok: true; state: CramState } | ReviewError> {
  if (day === null) {
    await db.user.update({ where: { id: userId }, data: { cramStartedAt: null, cramUntil: null } });
    return { ok: true, state: { active: false, startedAt: null, until: null } };
  }
  const start = new Date(`${day}T00:00:00.000Z`);
  const today = endOfDay(now).getTime() - DAY_MS;
  if (
    Number.isNaN(start.getTime()) ||
    start.getTime() < today ||
    start.getTime() > today + MAX_CRAM_DAYS * DAY_MS
  )
    return err(400, `Pick the day of your interview: today or one of the next ${MAX_CRAM_DAYS} days.`);
  const until = new Date(start.getTime() + DAY_MS);
  const current = await cramState(db, userId, now);
  const startedAt = current.active && current.startedAt ? current.startedAt : now;
  await db.user.update({ where: { id: userId }, data: { cramStartedAt: startedAt, cramUntil: until } });
  return { ok: true, state: { active: true, startedAt, until } };
}

type QueueRow = Awaited<ReturnType<DbClient['reviewItem']['findMany']>>[number];

const LEARNING = 1;
const RELEARNING = 3;

/**
 * The cram queue, in serving order: what is due now (a missed item whose 1- or 10-minute step has passed
 * comes back first), then what has not been reviewed since cramming started (ahead of its schedule), then
 * (re)learning items due within LEARN_AHEAD_MS when nothing else is left. `left` counts what still needs
 * a pass before the interview: not yet reviewed in this cram, or still in a (re)learning step.
 */
export function cramQueue(
  rows: readonly QueueRow[],
  cram: CramState,
  now: Date,
): { serve: QueueRow[]; unseen: number; relearning: number; left: number } {
  const started = cram.startedAt ?? now;
  const until = cram.until ?? now;
  const byDue = [...rows].sort((a, b) => a.due.getTime() - b.due.getTime() || (a.id < b.id ? -1 : 1));
  const unseenRow = (r: QueueRow) => r.lastReview === null || r.lastReview < started;
  const stepping = (r: QueueRow) => (r.state === LEARNING || r.state === RELEARNING) && r.due < until;
  const dueNow = byDue.filter((r) => r.due <= now);
  const ahead = byDue.filter((r) => r.due > now && unseenRow(r));
  const soon = byDue.filter(
    (r) => r.due > now && !unseenRow(r) && stepping(r) && r.due.getTime() <= now.getTime() + LEARN_AHEAD_MS,
  );
  const serve = [...dueNow, ...ahead, ...(dueNow.length + ahead.length === 0 ? soon : [])];
  const unseen = byDue.filter(unseenRow).length;
  const relearning = byDue.filter((r) => !unseenRow(r) && stepping(r)).length;
  return { serve, unseen, relearning, left: byDue.filter((r) => unseenRow(r) || stepping(r)).length };
}

export interface CramSummary {
  active: boolean;
  until: string | null;
  /** Items that still need a pass before the interview. */
  left: number;
  /** Not reviewed since cramming started. */
  unseen: number;
  /** Missed in this cram, coming back in minutes. */
  relearning: number;
  /** Of those left, the scenario hops (misconceptions from traces; served on fresh variants). */
  hops: number;
}

/** What cram mode has left (the progress page's "what is left"). */
export async function cramSummary(db: DbClient, userId: string, now: Date): Promise<CramSummary> {
  const cram = await cramState(db, userId, now);
  if (!cram.active) return { active: false, until: null, left: 0, unseen: 0, relearning: 0, hops: 0 };
  const rows = await db.reviewItem.findMany({ where: { userId } });
  const q = cramQueue(rows, cram, now);
  const started = cram.startedAt ?? now;
  const leftRows = rows.filter(
    (r) =>
      r.lastReview === null ||
      r.lastReview < started ||
      ((r.state === LEARNING || r.state === RELEARNING) && r.due < (cram.until ?? now)),
  );
  return {
    active: true,
    until: cram.until?.toISOString() ?? null,
    left: q.left,
    unseen: q.unseen,
    relearning: q.relearning,
    hops: leftRows.filter((r) => r.kind === 'SCENARIO_HOP').length,
  };
}

/** Whether an item may be answered and rated now: due today, or (cram mode) in the cram queue. */
async function servable(
  db: DbClient,
  userId: string,
  row: NonNullable<ItemRow>,
  now: Date,
): Promise<boolean> {
  if (row.due < endOfDay(now)) return true;
  const cram = await cramState(db, userId, now);
  if (!cram.active) return false;
  const rows = await db.reviewItem.findMany({ where: { userId } });
  return cramQueue(rows, cram, now).serve.some((r) => r.id === row.id);
}

export type ReviewError = { ok: false; status: 400 | 403 | 404 | 409; message: string };
const err = (status: ReviewError['status'], message: string): ReviewError => ({ ok: false, status, message });

export interface IntervalView {
  rating: RatingValue;
  label: string;
  text: string;
}

interface CardBase {
  itemId: string;
  topicLabel: string;
  /** Why it is here. */
  origin: { text: string; href: string | null; at: string };
  reps: number;
  lapses: number;
  /** Due items left today (cram mode: left before the interview), this one included. */
  remaining: number;
  /** Served by cram mode (intervals in minutes, ahead of schedule). */
  cram: boolean;
  intervals: IntervalView[];
}

export type ReviewCardView =
  | (CardBase & { kind: 'QUESTION'; question: PublicQuestion })
  | (CardBase & {
      kind: 'SCENARIO_HOP';
      scenario: { id: string; title: string; request: string; variant: string | null };
      hop: { style: HopQuestion['style']; prompt: string; options: { id: string; label: string }[] };
    })
  | (CardBase & {
      kind: 'INTERVIEW_POINT';
      interview: { prompt: string; pointNumber: number; pointCount: number };
    });

export interface ReviewCheckView {
  correct: boolean;
  /** 0..1 */
  score: number;
  /** The rating we suggest from the answer (the learner decides). */
  suggested: RatingValue;
  feedback?: ItemFeedback;
  response?: QuizResponse | null;
  hop?: {
    answers: string[];
    explanation: string;
    rule?: string;
    misconception?: { habit: string; plain: string };
  };
  point?: { text: string; modelAnswer: string };
}

type ItemRow = Awaited<ReturnType<typeof loadItem>>;

async function loadItem(db: DbClient, userId: string, itemId: string) {
  return db.reviewItem.findFirst({ where: { id: itemId, userId } });
}

function payloadOf(stored: unknown): ReviewPayload | null {
  return safeParseJson(reviewPayloadSchema, stored);
}

function schedulingOf(row: NonNullable<ItemRow>): SchedulingFields {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsedDays,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    lastReview: row.lastReview,
  };
}

const topicLabel = (slug: string): string => (TOPIC_LABELS as Record<string, string>)[slug] ?? slug;

async function publishedQuestion(db: DbClient, questionId: string): Promise<Question | null> {
  const q = await db.question.findUnique({
    where: { id: questionId },
    select: { status: true, publishedVersion: true },
  });
  if (!q || q.status !== 'PUBLISHED' || q.publishedVersion === null) return null;
  const v = await db.questionVersion.findUnique({
    where: { questionId_version: { questionId, version: q.publishedVersion } },
    select: { content: true },
  });
  if (!v) return null;
  return safeParseJson(questionSchema, v.content);
}

async function publishedScenario(db: DbClient, scenarioId: string) {
  const s = await db.scenario.findUnique({
    where: { id: scenarioId },
    select: { id: true, title: true, status: true, publishedVersion: true },
  });
  if (!s || s.status !== 'PUBLISHED' || s.publishedVersion === null) return null;
  const v = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version: s.publishedVersion } },
    select: { id: true, yaml: true },
  });
  if (!v) return null;
  try {
    return { scenario: s, yaml: v.yaml, compiled: compiledScenario(v.id, v.yaml, `${scenarioId}.yaml`) };
  } catch (e) {
    if (e instanceof ScenarioCompileError) return null;
    throw e;
  }
}

const isLevel = (v: string): v is Level => v === 'textbook' || v === 'coarse' || v === 'wire';

/**
 * The hop question for an item, rebuilt deterministically (same seed → same options) for display and check.
 * From the second review on it is asked on a variant of the scenario with other names (lib/review/variant.ts)
 * when the engine can trace one and the question keeps its shape; otherwise on the scenario itself.
 */
async function hopQuestionFor(
  db: DbClient,
  itemId: string,
  reps: number,
  p: Extract<ReviewPayload, { kind: 'SCENARIO_HOP' }>,
) {
  const found = await publishedScenario(db, p.scenarioId);
  if (!found) return null;
  const c = found.compiled;
  const requestId = c.requestIds.includes(p.requestId) ? p.requestId : c.requestIds[0];
  if (!requestId) return null;
  const level = isLevel(p.level) ? p.level : c.input.scenario.spec.level;
  const seed = `${itemId}:${reps}`;
  try {
    const trace = c.traceOf(requestId);
    const q = buildHopQuestion(trace, level, c.paletteOf(requestId, level), p.card, seed);
    if (!q) return null;
    const base = {
      q,
      title: found.scenario.title,
      request: trace.summary,
      scenarioId: found.scenario.id,
      rename: (s: string) => s,
      variant: null as string | null,
    };
    if (reps < 1) return base;
    const v = scenarioVariant(found.yaml, requestId, seed);
    if (!v) return base;
    const qv = buildHopQuestion(v.trace, level, cardsFor(v.trace, level, v.model), v.rename(p.card), seed);
    if (!qv || qv.style !== q.style) return base;
    return {
      ...base,
      q: qv,
      request: v.trace.summary,
      rename: v.rename,
      variant: v.renames.map(([a, b]) => `${a} → ${b}`).join(', '),
    };
  } catch (e) {
    if (e instanceof ScenarioCompileError) return null;
    throw e;
  }
}

function questionOrder(q: Question, itemId: string, reps: number): string[] {
  return stableShuffle(shuffleableIds(q), `${itemId}:${reps}`, q.type === 'ordering' ? q.answer : undefined);
}

function originOf(row: NonNullable<ItemRow>, p: ReviewPayload): CardBase['origin'] {
  const at = p.sourceAt;
  if (p.kind === 'SCENARIO_HOP')
    return {
      text: `Missed in your trace of “${p.scenarioTitle}”`,
      href: row.sourceId ? `/trace/attempts/${row.sourceId}` : null,
      at,
    };
  if (p.kind === 'INTERVIEW_POINT')
    return {
      text: 'A key point your mock-interview answer did not cover',
      href: row.sourceId ? `/quizzes/${row.sourceId}/review` : null,
      at,
    };
  return {
    text:
      p.score > 0 ? `Partly right (${Math.round(p.score * 100)}%) in a quiz` : 'Answered wrongly in a quiz',
    href: row.sourceId ? `/quizzes/${row.sourceId}/review` : null,
    at,
  };
}

/**
 * The next due item as the learner may see it, or null when nothing is due today. Items whose content is gone
 * (question retired, scenario unpublished or no longer traceable) are removed from the queue on the way.
 */
export async function nextReview(db: DbClient, userId: string, now: Date): Promise<ReviewCardView | null> {
  const locks = await openExamLocks(db, userId, now);
  // Items an open timed exam locks stay in the queue, untouched, and are passed over until it closes.
  const paused: string[] = [];
  const cram = await cramState(db, userId, now);
  if (cram.active) {
    for (let guard = 0; guard < 50; guard++) {
      const q = cramQueue(await db.reviewItem.findMany({ where: { userId } }), cram, now);
      const row = q.serve.find((r) => !paused.includes(r.id));
      if (!row) return null;
      const p = payloadOf(row.payload);
      if (p && (await lockOf(db, locks, p))) {
        paused.push(row.id);
        continue;
      }
      const view = await viewOf(db, row, now, q.left, true);
      if (view) return view;
      await db.reviewItem.delete({ where: { id: row.id } });
    }
    return null;
  }
  for (let guard = 0; guard < 50; guard++) {
    const where = { userId, due: { lt: endOfDay(now) }, ...(paused.length ? { id: { notIn: paused } } : {}) };
    const row = await db.reviewItem.findFirst({ where, orderBy: [{ due: 'asc' }, { id: 'asc' }] });
    if (!row) return null;
    const p = payloadOf(row.payload);
    if (p && (await lockOf(db, locks, p))) {
      paused.push(row.id);
      continue;
    }
    const view = await viewOf(db, row, now, await db.reviewItem.count({ where }));
    if (view) return view;
    await db.reviewItem.delete({ where: { id: row.id } });
  }
  return null;
}

async function viewOf(
  db: DbClient,
  row: NonNullable<ItemRow>,
  now: Date,
  remaining: number,
  cram = false,
): Promise<ReviewCardView | null> {
  const p = payloadOf(row.payload);
  if (!p) return null;
  const base: CardBase = {
    itemId: row.id,
    topicLabel: topicLabel(p.topic),
    origin: originOf(row, p),
    reps: row.reps,
    lapses: row.lapses,
    remaining,
    cram,
    intervals: previewIntervals(schedulingOf(row), now, { cram }).map(({ rating, label, text }) => ({
      rating,
      label,
      text,
    })),
  };
  if (p.kind === 'QUESTION') {
    const q = await publishedQuestion(db, p.questionId);
    if (!q || q.type === 'interview') return null;
    return { ...base, kind: 'QUESTION', question: toPublicQuestion(q, questionOrder(q, row.id, row.reps)) };
  }
  if (p.kind === 'INTERVIEW_POINT') {
    const q = await publishedQuestion(db, p.questionId);
    if (!q || q.type !== 'interview') return null;
    return {
      ...base,
      kind: 'INTERVIEW_POINT',
      interview: { prompt: q.prompt, pointNumber: p.rubricIndex + 1, pointCount: q.rubric.length },
    };
  }
  const h = await hopQuestionFor(db, row.id, row.reps, p);
  if (!h) return null;
  return {
    ...base,
    kind: 'SCENARIO_HOP',
    scenario: { id: h.scenarioId, title: h.title, request: h.request, variant: h.variant },
    hop: { style: h.q.style, prompt: h.q.prompt, options: h.q.options },
  };
}

/**
 * The open exam that locks this item, if any: a question of the exam; a missed hop or outcome of a scenario
 * one of its outcome questions is about; another outcome question about such a scenario.
 */
async function lockOf(db: DbClient, locks: ExamLocks, p: ReviewPayload): Promise<ExamLock | undefined> {
  if (locks.questions.size === 0) return undefined;
  if (p.kind === 'SCENARIO_HOP') return locks.scenarios.get(p.scenarioId);
  const byQuestion = locks.questions.get(p.questionId);
  if (byQuestion || p.kind !== 'QUESTION' || locks.scenarios.size === 0) return byQuestion;
  const q = await publishedQuestion(db, p.questionId);
  return q?.type === 'outcome' ? locks.scenarios.get(q.scenario) : undefined;
}

const suggest = (score: number): RatingValue => (score >= 1 ? 3 : score > 0 ? 2 : 1);

/**
 * Check the learner's answer to a due item (nothing is stored: the rating is what reschedules).
 * `answer`: a quiz response for QUESTION items, `{ option }` for SCENARIO_HOP, `{ reveal: true }` for points.
 */
export async function checkReview(
  db: DbClient,
  userId: string,
  itemId: string,
  answer: unknown,
  now: Date,
): Promise<{ ok: true; check: ReviewCheckView } | ReviewError> {
  const row = await loadItem(db, userId, itemId);
  if (!row) return err(404, 'This review item is not in your queue.');
  if (!(await servable(db, userId, row, now)))
    return err(409, 'This item is not due yet; it was probably reviewed in another tab.');
  const p = payloadOf(row.payload);
  if (!p) return err(404, 'This review item is no longer available.');
  // Exam integrity: the check below would show a right answer that an open timed exam asks for.
  const lock = await lockOf(db, await openExamLocks(db, userId, now), p);
  if (lock) return err(403, reviewLockMessage(lock));
  if (p.kind === 'QUESTION') {
    const q = await publishedQuestion(db, p.questionId);
    if (!q) return err(404, 'This question is no longer in the bank.');
    const parsed = responseSchema.safeParse(answer);
    if (!parsed.success) return err(400, 'Answer the question first.');
    const fit = checkResponse(q, parsed.data);
    if (!fit.ok) return err(400, fit.message);
    const score = scoreResponse(q, parsed.data);
    const feedback: ItemFeedback = {
      score,
      correct: correctResponse(q),
      explanation: q.explanation,
      source: q.source,
      ...(q.seedCorrection ? { seedCorrection: q.seedCorrection } : {}),
      rules: q.rules,
    };
    return {
      ok: true,
      check: { correct: score >= 1, score, suggested: suggest(score), feedback, response: parsed.data },
    };
  }
  if (p.kind === 'INTERVIEW_POINT') {
    const q = await publishedQuestion(db, p.questionId);
    const modelAnswer = q?.type === 'interview' ? q.modelAnswer : '';
    return {
      ok: true,
      check: { correct: true, score: 1, suggested: 3, point: { text: p.point, modelAnswer } },
    };
  }
  const option =
    typeof answer === 'object' && answer !== null && 'option' in answer ? answer.option : undefined;
  if (typeof option !== 'string' || option.length > 400) return err(400, 'Choose one of the options first.');
  const h = await hopQuestionFor(db, row.id, row.reps, p);
  if (!h) return err(404, 'This scenario is no longer in the library.');
  if (!h.q.options.some((o) => o.id === option)) return err(400, 'Choose one of the options shown.');
  const correct = h.q.answers.includes(option);
  const mis = p.misconception ? misconceptionInfo(p.misconception) : undefined;
  const labels = h.q.answers.map((id) => h.q.options.find((o) => o.id === id)?.label ?? id);
  return {
    ok: true,
    check: {
      correct,
      score: correct ? 1 : 0,
      suggested: suggest(correct ? 1 : 0),
      hop: {
        answers: labels,
        explanation: h.rename(p.message),
        ...(p.rule ? { rule: p.rule } : {}),
        ...(mis ? { misconception: { habit: mis.habit, plain: mis.plain } } : {}),
      },
    },
  };
}

/** Rate a due item: reschedule it with FSRS and log the review. A second rating of the same review is refused. */
export async function rateReview(
  db: DbClient,
  userId: string,
  itemId: string,
  rating: RatingValue,
  now: Date,
): Promise<{ ok: true; due: Date; scheduledDays: number } | ReviewError> {
  const row = await loadItem(db, userId, itemId);
  if (!row) return err(404, 'This review item is not in your queue.');
  if (!(await servable(db, userId, row, now)))
    return err(409, 'This item is not due yet; it was probably reviewed in another tab.');
  const cram = (await cramState(db, userId, now)).active;
  const { next, log } = rate(schedulingOf(row), rating, now, { cram });
  return db.$transaction(async (tx) => {
    // Conditional on the review count we read: a double click or a second tab rates once.
    const updated = await tx.reviewItem.updateMany({
      where: { id: row.id, userId, reps: row.reps },
      data: { ...next },
    });
    if (updated.count !== 1) return err(409, 'This item was just reviewed (another tab?).');
    await tx.reviewLog.create({
      data: {
        reviewItemId: row.id,
        rating: log.rating,
        state: log.state,
        due: log.due,
        reviewedAt: log.reviewedAt,
      },
    });
    return { ok: true as const, due: next.due, scheduledDays: next.scheduledDays };
  });
}
