import 'server-only';
/**
 * Quiz attempts: the data-access layer behind practice rounds, timed exams and mock interviews.
 *
 * The server owns the clock. An attempt's `deadline` is fixed when it is created and nothing the client
 * sends can move it. Every function takes `now` (an injectable clock, so tests never wait) and finalises an
 * expired attempt lazily, on the next read or write, with the answers that were saved — no cron needed.
 *
 * Callers (server actions, route handlers) authenticate first and pass the user's id; every function checks
 * that the attempt belongs to that user and answers "not found" otherwise, so ids of other users' attempts
 * reveal nothing. User mistakes come back as `QuizError` values with an HTTP status and a message a person
 * can act on; nothing is changed when an error is returned.
 */
import { randomInt } from 'node:crypto';
import { clientUrl, type DbClient } from '@/lib/server/db/client';
import { hotPath } from '@/lib/server/hot-path';
import { questionSchema, TOPIC_LABELS, type Question, type Topic } from '@/lib/quiz/bank-schema';
import { attemptTitle, MODE_TITLES } from '@/lib/quiz/title';
import { shuffleableIds, stableShuffle, toPublicQuestion, type PublicQuestion } from '@/lib/quiz/present';
import {
  checkResponse,
  correctResponse,
  isAnswered,
  responseSchema,
  scoreResponse,
  type QuizResponse,
} from '@/lib/quiz/scoring';
import { fromJson, jsonParam, parseJson, safeParseJson, stringList, toJson } from '@/lib/server/db/json';
// Saving an answer, the hot path, lives in ./save-answer.ts (prepared statements, no ORM round trips).

/** Answers arriving this long after the deadline are still accepted (network latency), then refused. */
export const GRACE_MS = 5_000;

export type QuizMode = 'PRACTICE' | 'EXAM' | 'INTERVIEW';

export const EXAM_PRESETS = [
  {
    id: 'interview-sprint',
    title: 'Interview sprint',
    count: 15,
    minutes: 20,
    description: '15 questions across every topic in 20 minutes: the pace of a screening call.',
  },
  {
    id: 'quick-ten',
    title: 'Quick ten',
    count: 10,
    minutes: 12,
    description: 'A short timed round for a coffee break.',
  },
  {
    id: 'full-mock',
    title: 'Full mock exam',
    count: 40,
    minutes: 60,
    description: '40 questions, 60 minutes: a full certification-style sitting.',
  },
] as const;

export interface QuizError {
  ok: false;
  status: 400 | 403 | 404 | 409 | 410;
  message: string;
}
export type QuizResult<T> = ({ ok: true } & T) | QuizError;

const err = (status: QuizError['status'], message: string): QuizError => ({ ok: false, status, message });

export interface StartOptions {
  mode: QuizMode;
  title?: string;
  topics?: Topic[];
  difficulties?: (1 | 2 | 3)[];
  count: number;
  /** Time limit; required for EXAM, optional for INTERVIEW, ignored for PRACTICE. */
  minutes?: number;
  preset?: string;
}

/** Draw questions and open an attempt. Returns its id, or why it could not start. */
export async function startAttempt(
  db: DbClient,
  userId: string,
  opts: StartOptions,
  now: Date,
): Promise<QuizResult<{ id: string }>> {
  const types =
    opts.mode === 'INTERVIEW' ? ['interview'] : ['single', 'multiple', 'truefalse', 'ordering', 'short'];
  const where = {
    status: 'PUBLISHED',
    publishedVersion: { not: null },
    type: { in: types },
    ...(opts.topics?.length ? { topic: { in: opts.topics } } : {}),
    ...(opts.difficulties?.length ? { difficulty: { in: opts.difficulties } } : {}),
  };
  const pool = await db.question.findMany({
    where,
    select: { id: true, publishedVersion: true },
    orderBy: { id: 'asc' },
  });
  if (pool.length === 0)
    return err(
      400,
      'No published questions match these topics and difficulties. Choose more topics or another difficulty.',
    );

  const picked = drawRandom(pool, Math.min(opts.count, pool.length));
  const versions = await db.questionVersion.findMany({
    where: { OR: picked.map((p) => ({ questionId: p.id, version: p.publishedVersion as number })) },
    select: { id: true, questionId: true, content: true },
  });
  const byQuestion = new Map(versions.map((v) => [v.questionId, v]));
  const timed = opts.mode === 'EXAM' || (opts.mode === 'INTERVIEW' && opts.minutes !== undefined);
  const minutes = opts.minutes ?? 0;
  if (opts.mode === 'EXAM' && !(minutes > 0)) return err(400, 'A timed exam needs a time limit.');

  const attempt = await db.quizAttempt.create({
    data: {
      userId,
      mode: opts.mode,
      title: opts.title ?? attemptTitle(opts.mode, opts.topics),
      config: toJson({
        topics: opts.topics ?? [],
        difficulties: opts.difficulties ?? [],
        count: picked.length,
        minutes: timed ? minutes : null,
        preset: opts.preset ?? null,
      }),
      startedAt: now,
      deadline: timed ? new Date(now.getTime() + minutes * 60_000) : null,
    },
    select: { id: true },
  });
  await db.quizItem.createMany({
    data: picked.map((p, position) => {
      const v = byQuestion.get(p.id);
      if (!v) throw new Error(`published version of ${p.id} is missing`);
      const q = parseQuestion(v.content);
      const avoid = q.type === 'ordering' ? q.answer : undefined;
      return {
        attemptId: attempt.id,
        position,
        questionVersionId: v.id,
        optionOrder: toJson(stableShuffle(shuffleableIds(q), `${attempt.id}:${q.id}`, avoid)),
      };
    }),
  });
  return { ok: true, id: attempt.id };
}

/** Feedback revealed for one question: after submission, or per question in practice/interview. */
export interface ItemFeedback {
  score: number;
  correct: QuizResponse;
  explanation: string;
  source: { title: string; url: string };
  seedCorrection?: string;
  rules: string[];
  modelAnswer?: string;
  rubric?: string[];
  /** Outcome questions: what the routing engine computed, and the scenario to trace it in. */
  computed?: { disposition: string; reason: string; scenario: string };
}

export interface AttemptItemView {
  position: number;
  question: PublicQuestion;
  response: QuizResponse | null;
  flagged: boolean;
  revision: number;
  /** Locked items (checked in practice, model answer revealed in an interview) can no longer change. */
  locked: boolean;
  selfRating: number | null;
  /** Present only where the rules allow it (see ItemFeedback). */
  feedback?: ItemFeedback;
}

export interface AttemptView {
  id: string;
  mode: QuizMode;
  title: string;
  status: 'IN_PROGRESS' | 'SUBMITTED';
  finalisedBy: 'USER' | 'DEADLINE' | null;
  startedAt: string;
  deadline: string | null;
  /** The server's clock when the view was made: the client syncs its countdown to it. */
  serverNow: string;
  score: number | null;
  maxScore: number | null;
  /** The position the candidate last had on screen (saved by setLastViewed): where a reload resumes. */
  lastViewed: number;
  items: AttemptItemView[];
  /** Per-topic breakdown, present once submitted. */
  topics?: { topic: Topic; label: string; score: number; max: number }[];
}

/**
 * The attempt as its owner may see it now. While it is open, no item carries an answer, explanation or
 * source, except items already checked (practice) or revealed (interview) by the candidate.
 */
export async function getAttempt(
  db: DbClient,
  userId: string,
  attemptId: string,
  now: Date,
): Promise<AttemptView | null> {
  await finaliseIfExpired(db, userId, attemptId, now);
  const read = () =>
    db.quizAttempt.findFirst({
      where: { id: attemptId, userId },
      include: {
        items: { orderBy: { position: 'asc' }, include: { questionVersion: { select: { content: true } } } },
      },
    });
  let a = await read();
  if (a && (await gradeIfUngraded(db, a))) a = await read();
  if (!a) return null;
  const submitted = a.status === 'SUBMITTED';
  const perTopic = new Map<Topic, { score: number; max: number }>();
  const items = a.items.map((it): AttemptItemView => {
    const q = parseQuestion(it.questionVersion.content);
    const response = parseResponse(it.response);
    const locked = it.answeredAt !== null;
    const reveal = submitted || (locked && a.mode !== 'EXAM');
    if (submitted) {
      const t = perTopic.get(q.topic) ?? { score: 0, max: 0 };
      t.score += it.score ?? 0;
      t.max += 1;
      perTopic.set(q.topic, t);
    }
    return {
      position: it.position,
      question: toPublicQuestion(q, stringList(it.optionOrder)),
      response,
      flagged: it.flagged,
      revision: it.revision,
      locked,
      selfRating: it.selfRating,
      ...(reveal ? { feedback: feedbackFor(q, response, it.score) } : {}),
    };
  });
  return {
    id: a.id,
    mode: a.mode as QuizMode,
    title: a.title,
    status: a.status as AttemptView['status'],
    finalisedBy: (a.finalisedBy as AttemptView['finalisedBy']) ?? null,
    startedAt: a.startedAt.toISOString(),
    deadline: a.deadline?.toISOString() ?? null,
    serverNow: now.toISOString(),
    score: a.score,
    maxScore: a.maxScore,
    lastViewed: Math.min(Math.max(0, a.lastViewed), Math.max(0, items.length - 1)),
    items,
    ...(submitted
      ? {
          topics: [...perTopic]
            .map(([topic, t]) => ({ topic, label: TOPIC_LABELS[topic], score: round2(t.score), max: t.max }))
            .sort((x, y) => x.label.localeCompare(y.label)),
        }
      : {}),
  };
}

/** Flag or unflag a question for review. */
export async function setFlag(
  db: DbClient,
  userId: string,
  attemptId: string,
  position: number,
  flagged: boolean,
  now: Date,
): Promise<QuizResult<{ flagged: boolean }>> {
  const open = await openItem(db, userId, attemptId, position, now);
  if (!open.ok) return open;
  await db.quizItem.update({ where: { id: open.item.id }, data: { flagged } });
  return { ok: true, flagged };
}

/**
 * Remember the question the candidate has on screen, so a reload or another device resumes there. Refused
 * like any other write once the attempt is closed; last write wins (two tabs: the one used last).
 */
export async function setLastViewed(
  db: DbClient,
  userId: string,
  attemptId: string,
  position: number,
  now: Date,
): Promise<QuizResult<{ lastViewed: number }>> {
  const open = await openItem(db, userId, attemptId, position, now);
  if (!open.ok) return open;
  await db.quizAttempt.updateMany({
    where: { id: attemptId, userId, status: 'IN_PROGRESS' },
    data: { lastViewed: position },
  });
  return { ok: true, lastViewed: position };
}

/**
 * Practice: save and check one answer, lock it and return its feedback at once.
 * Interview: lock the written answer and reveal the model answer and rubric to tick.
 * Not available in timed exams (feedback would leak answers before submission).
 */
export async function revealItem(
  db: DbClient,
  userId: string,
  attemptId: string,
  position: number,
  rawResponse: unknown,
  now: Date,
): Promise<QuizResult<{ feedback: ItemFeedback }>> {
  const parsed = responseSchema.safeParse(rawResponse);
  if (!parsed.success)
    return err(400, `The answer is not valid: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}.`);
  const open = await openItem(db, userId, attemptId, position, now);
  if (!open.ok) return open;
  const { item, question, attempt } = open;
  if (attempt.mode === 'EXAM') return err(403, 'Answers are revealed after you submit the exam.');
  if (item.answeredAt) return err(409, 'This question was already checked.');
  const fit = checkResponse(question, parsed.data);
  if (!fit.ok) return err(400, fit.message);
  if (!isAnswered(parsed.data)) return err(400, 'Answer the question first.');
  const score = question.type === 'interview' ? null : scoreResponse(question, parsed.data);
  // One conditional write that checks the item is unchecked and the attempt open in the same statement (the
  // hot-path seam: under SQLite's write lock, `FOR SHARE` on the attempt row on PostgreSQL), like a save: of two
  // checks racing (say, one per option) only the first locks the item, and a check racing the submit on any
  // instance is either stored before the close, and graded, or refused; never shown and then overwritten.
  const stored = await hotPath(clientUrl(db)).writeCheck(
    item.id,
    attemptId,
    jsonParam(parsed.data),
    score,
    now,
  );
  if (!stored) return err(409, 'This question was already checked, or the attempt was submitted meanwhile.');
  return { ok: true, feedback: feedbackFor(question, parsed.data, score) };
}

/** Interview: tick rubric points and rate yourself after the model answer was revealed. */
export async function rateInterviewItem(
  db: DbClient,
  userId: string,
  attemptId: string,
  position: number,
  ticked: number[],
  selfRating: number,
  now: Date,
): Promise<QuizResult<{ score: number }>> {
  const open = await openItem(db, userId, attemptId, position, now);
  if (!open.ok) return open;
  const { item, question } = open;
  if (question.type !== 'interview') return err(400, 'Only interview questions are self-rated.');
  if (!item.answeredAt) return err(409, 'Reveal the model answer before rating your answer.');
  const prev = parseResponse(item.response);
  const response: QuizResponse = {
    type: 'interview',
    text: prev?.type === 'interview' ? prev.text : '',
    ticked: [...new Set(ticked)].sort((a, b) => a - b),
  };
  const fit = checkResponse(question, response);
  if (!fit.ok) return err(400, fit.message);
  if (!Number.isInteger(selfRating) || selfRating < 0 || selfRating > 4)
    return err(400, 'Rate yourself from 0 to 4.');
  const score = scoreResponse(question, response);
  // Guarded like a save (the attempt still open, checked in the same statement): a rating racing the submit is
  // counted by its grading or refused, never stored after the attempt was graded.
  const stored = await hotPath(clientUrl(db)).writeRating(
    item.id,
    attemptId,
    jsonParam(response),
    selfRating,
    score,
  );
  if (!stored) return err(409, 'This attempt was submitted meanwhile; the rating was not changed.');
  return { ok: true, score };
}

/** Submit an open attempt: grade every saved answer. A second submit, or one after the deadline, is refused. */
export async function submitAttempt(
  db: DbClient,
  userId: string,
  attemptId: string,
  now: Date,
): Promise<QuizResult<{ score: number; maxScore: number }>> {
  const a = await db.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: { status: true, deadline: true },
  });
  if (!a) return err(404, 'This attempt does not exist or is not yours.');
  if (a.status === 'SUBMITTED')
    return err(409, 'This attempt was already submitted; open its review instead.');
  if (a.deadline && now.getTime() > a.deadline.getTime() + GRACE_MS) {
    await finalise(db, attemptId, now, 'DEADLINE');
    return err(409, 'Time ran out before you submitted; your saved answers were submitted automatically.');
  }
  return finalise(db, attemptId, now, 'USER');
}

export interface HistoryEntry {
  id: string;
  mode: QuizMode;
  title: string;
  status: 'IN_PROGRESS' | 'SUBMITTED';
  finalisedBy: 'USER' | 'DEADLINE' | null;
  startedAt: string;
  submittedAt: string | null;
  deadline: string | null;
  score: number | null;
  maxScore: number | null;
  questions: number;
  config: {
    topics: Topic[];
    difficulties: number[];
    count: number;
    minutes: number | null;
    preset: string | null;
  };
}

/** The user's attempts, newest first; expired ones are finalised on the way. */
export async function listAttempts(
  db: DbClient,
  userId: string,
  now: Date,
  take = 50,
): Promise<HistoryEntry[]> {
  const expired = await db.quizAttempt.findMany({
    where: { userId, status: 'IN_PROGRESS', deadline: { lt: new Date(now.getTime() - GRACE_MS) } },
    select: { id: true },
  });
  for (const e of expired) await finalise(db, e.id, now, 'DEADLINE');
  const read = () =>
    db.quizAttempt.findMany({
      where: { userId },
      orderBy: { startedAt: 'desc' },
      take,
      include: { _count: { select: { items: true } } },
    });
  let rows = await read();
  let regraded = false;
  for (const r of rows) if (await gradeIfUngraded(db, r)) regraded = true;
  if (regraded) rows = await read();
  return rows.map((r) => {
    const config = fromJson(r.config) as HistoryEntry['config'];
    const mode = r.mode as QuizMode;
    return {
      id: r.id,
      mode,
      // Attempts started before custom attempts were named by their topics carry the bare mode title.
      title: r.title === MODE_TITLES[mode] && !config.preset ? attemptTitle(mode, config.topics) : r.title,
      status: r.status as HistoryEntry['status'],
      finalisedBy: (r.finalisedBy as HistoryEntry['finalisedBy']) ?? null,
      startedAt: r.startedAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      deadline: r.deadline?.toISOString() ?? null,
      score: r.score,
      maxScore: r.maxScore,
      questions: r._count.items,
      config,
    };
  });
}

/** Published questions per topic, split into quiz questions and interview questions. */
export async function bankStats(
  db: DbClient,
): Promise<{ topic: Topic; label: string; quiz: number; interview: number }[]> {
  const rows = await db.question.groupBy({
    by: ['topic', 'type'],
    where: { status: 'PUBLISHED', publishedVersion: { not: null } },
    _count: { _all: true },
  });
  const out = new Map<Topic, { quiz: number; interview: number }>();
  for (const r of rows) {
    const t = out.get(r.topic as Topic) ?? { quiz: 0, interview: 0 };
    if (r.type === 'interview') t.interview += r._count._all;
    else t.quiz += r._count._all;
    out.set(r.topic as Topic, t);
  }
  return (Object.keys(TOPIC_LABELS) as Topic[]).map((topic) => ({
    topic,
    label: TOPIC_LABELS[topic],
    quiz: out.get(topic)?.quiz ?? 0,
    interview: out.get(topic)?.interview ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------------

async function openItem(db: DbClient, userId: string, attemptId: string, position: number, now: Date) {
  const attempt = await db.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: { id: true, status: true, deadline: true, mode: true },
  });
  if (!attempt) return err(404, 'This attempt does not exist or is not yours.');
  if (attempt.status === 'SUBMITTED')
    return err(409, 'This attempt was already submitted; answers can no longer change.');
  if (attempt.deadline && now.getTime() > attempt.deadline.getTime() + GRACE_MS) {
    await finalise(db, attempt.id, now, 'DEADLINE');
    return err(
      410,
      'Time is up: this answer arrived after the deadline and was not saved. Your earlier answers were submitted.',
    );
  }
  if (!Number.isInteger(position) || position < 0) return err(400, 'Question numbers start at 1.');
  const item = await db.quizItem.findUnique({
    where: { attemptId_position: { attemptId, position } },
    select: { id: true, answeredAt: true, response: true, questionVersion: { select: { content: true } } },
  });
  if (!item) return err(404, `Question ${position + 1} is not part of this attempt.`);
  return { ok: true as const, attempt, item, question: parseQuestion(item.questionVersion.content) };
}

/** Finalise the user's attempt if its deadline (plus grace) has passed; a no-op otherwise. */
export async function finaliseIfExpired(
  db: DbClient,
  userId: string,
  attemptId: string,
  now: Date,
): Promise<void> {
  const a = await db.quizAttempt.findFirst({
    where: { id: attemptId, userId },
    select: { status: true, deadline: true },
  });
  if (a?.status === 'IN_PROGRESS' && a.deadline && now.getTime() > a.deadline.getTime() + GRACE_MS) {
    await finalise(db, attemptId, now, 'DEADLINE');
  }
}

/**
 * Close the attempt, then grade what it stored. Closing first matters: the close is one conditional update, and
 * a save's write checks the attempt is open in the same statement (SQLite: under the write lock; PostgreSQL:
 * `FOR SHARE` on the attempt row, which the close waits for), so every save is either committed before the
 * close, and graded below, or refused after it. Grading first would leave a window in which a save is
 * acknowledged but not graded. Only one caller wins when two race at the deadline.
 */
async function finalise(
  db: DbClient,
  attemptId: string,
  now: Date,
  by: 'USER' | 'DEADLINE',
): Promise<QuizResult<{ score: number; maxScore: number }>> {
  const attempt = await db.quizAttempt.findUnique({ where: { id: attemptId }, select: { deadline: true } });
  if (!attempt) return err(404, 'This attempt does not exist or is not yours.');
  const closed = await db.quizAttempt.updateMany({
    where: { id: attemptId, status: 'IN_PROGRESS' },
    // A timed-out attempt is dated at its deadline, not at the request that noticed it.
    data: {
      status: 'SUBMITTED',
      finalisedBy: by,
      submittedAt: by === 'DEADLINE' ? (attempt.deadline ?? now) : now,
    },
  });
  if (closed.count === 0) return err(409, 'This attempt was already submitted; open its review instead.');
  return { ok: true, ...(await grade(db, attemptId)) };
}

/**
 * Grade a closed attempt's stored answers and record the scores. Idempotent (nothing can change a closed
 * attempt's answers), so a reader that finds a closed attempt without a score (the finaliser is still
 * grading, or its process died in between) grades it again and gets the same result.
 */
async function grade(db: DbClient, attemptId: string): Promise<{ score: number; maxScore: number }> {
  const items = await db.quizItem.findMany({
    where: { attemptId },
    select: { id: true, response: true, score: true, questionVersion: { select: { content: true } } },
  });
  let total = 0;
  const scores = items.map((it) => {
    const q = parseQuestion(it.questionVersion.content);
    // Interview items keep their self-assessed score; unrated ones count 0.
    const s = q.type === 'interview' ? (it.score ?? 0) : scoreResponse(q, parseResponse(it.response));
    total += s;
    return { id: it.id, s };
  });
  const score = round2(total);
  await db.$transaction([
    ...scores.map(({ id, s }) => db.quizItem.update({ where: { id }, data: { score: s } })),
    db.quizAttempt.update({ where: { id: attemptId }, data: { score, maxScore: scores.length } }),
  ]);
  return { score, maxScore: scores.length };
}

/** A closed attempt without a score is still being graded (or its grader died): grade it now. */
async function gradeIfUngraded(
  db: DbClient,
  a: { id: string; status: string; maxScore: number | null },
): Promise<boolean> {
  if (a.status !== 'SUBMITTED' || a.maxScore !== null) return false;
  await grade(db, a.id);
  return true;
}

function feedbackFor(q: Question, response: QuizResponse | null, score: number | null): ItemFeedback {
  return {
    score: score ?? scoreResponse(q, response),
    correct: correctResponse(q),
    explanation: q.explanation,
    source: q.source,
    ...(q.seedCorrection ? { seedCorrection: q.seedCorrection } : {}),
    rules: q.rules,
    ...(q.type === 'interview' ? { modelAnswer: q.modelAnswer, rubric: q.rubric } : {}),
    ...(q.type === 'outcome' && q.engine
      ? { computed: { disposition: q.engine.disposition, reason: q.engine.reason, scenario: q.scenario } }
      : {}),
  };
}

/** Stored content was validated when written; parse again so a bad row fails loudly, not silently. */
function parseQuestion(stored: unknown): Question {
  return parseJson(questionSchema, stored);
}

function parseResponse(stored: unknown): QuizResponse | null {
  return safeParseJson(responseSchema, stored);
}

function drawRandom<T>(xs: readonly T[], n: number): T[] {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
