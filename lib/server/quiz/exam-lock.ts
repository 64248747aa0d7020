import 'server-only';
/**
 * Exam integrity: while a timed exam is open, the trace exercises behind its outcome questions are closed
 * to checks, hints and submissions. An outcome question asks what happens to a request of a shipped
 * scenario; the trace player's "Check my path", its hints and its result would name the right option, so a
 * candidate could look the answer up mid-exam. Enforced in the trace service (server actions and the grading
 * route; also on a fresh variant of the scenario, whose session is on the same scenario and whose outcome is
 * the same; the result of an earlier attempt with its what-if switches; endless practice, which skips the
 * scenario) and in the review queue (lib/server/progress/review.ts, cram mode included), not only in the UI.
 * See docs/decisions/015-exam-integrity-and-reference.md.
 */
import type { DbClient } from '@/lib/server/db/client';
import { fromJson } from '@/lib/server/db/json';
import { GRACE_MS } from './service';

export interface ExamLock {
  attemptId: string;
  title: string;
  /** When the exam closes at the latest (its deadline): the scenario opens again then, or on submission. */
  deadline: Date;
}

/** The candidate's open timed exam whose outcome questions are built on `scenarioId`, if any. */
export async function examLockFor(
  db: DbClient,
  userId: string,
  scenarioId: string,
  now: Date,
): Promise<ExamLock | null> {
  // A learner has at most a few open exams: their questions are read and decided here (a JSON column has no
  // text filter on both databases, and jsonb does not keep the text as written).
  const open = await db.quizAttempt.findMany({
    where: {
      userId,
      mode: 'EXAM',
      status: 'IN_PROGRESS',
      deadline: { gt: new Date(now.getTime() - GRACE_MS) },
    },
    select: {
      id: true,
      title: true,
      deadline: true,
      items: { select: { questionVersion: { select: { content: true } } } },
    },
    orderBy: { deadline: 'desc' },
  });
  for (const a of open) {
    const hit = a.items.some((it) => outcomeScenario(it.questionVersion.content) === scenarioId);
    if (hit && a.deadline) return { attemptId: a.id, title: a.title, deadline: a.deadline };
  }
  return null;
}

/** The scenario an outcome question is about (a question version's stored content), else null. */
function outcomeScenario(content: unknown): string | null {
  const q = fromJson(content);
  if (q === null || Array.isArray(q)) return null;
  return q.type === 'outcome' && typeof q.scenario === 'string' ? q.scenario : null;
}

/** The sentence shown (and returned as a 403) while the lock holds. */
export function examLockMessage(lock: ExamLock): string {
  const at = lock.deadline.toISOString().slice(11, 16);
  return `Checks, hints and submissions on this scenario are paused while your timed exam "${lock.title}" is open: one of its questions is about this request. They open again when you submit the exam (or at ${at} UTC, when its time runs out).`;
}

/**
 * The sentence shown (403) for the result of an earlier attempt on a locked scenario: the result names the
 * outcome and lets the what-if switches re-trace the cluster, so it is paused like a check.
 */
export function resultLockMessage(lock: ExamLock): string {
  const at = lock.deadline.toISOString().slice(11, 16);
  return `This result is paused while your timed exam "${lock.title}" is open: one of its questions is about this scenario's request, and the result (with its what-if switches) would answer it. It opens again when you submit the exam (or at ${at} UTC, when its time runs out).`;
}

/** The sentence endless practice shows when every scenario of the topic is locked. */
export function practiceLockMessage(lock: ExamLock): string {
  const at = lock.deadline.toISOString().slice(11, 16);
  return `Every scenario of this topic is paused while your timed exam "${lock.title}" is open: its questions are about them. They come back when you submit the exam (or at ${at} UTC, when its time runs out).`;
}

/** Everything an open timed exam of the learner locks: the scenarios of its outcome questions, its questions. */
export interface ExamLocks {
  scenarios: Map<string, ExamLock>;
  questions: Map<string, ExamLock>;
}

/**
 * All the locks of the learner's open timed exams in one query (the review queue checks many items at once).
 * Same rule as {@link examLockFor} for scenarios; a question of the open exam is locked too, since the review
 * check would show its correct answer.
 */
export async function openExamLocks(db: DbClient, userId: string, now: Date): Promise<ExamLocks> {
  const open = await db.quizAttempt.findMany({
    where: {
      userId,
      mode: 'EXAM',
      status: 'IN_PROGRESS',
      deadline: { gt: new Date(now.getTime() - GRACE_MS) },
    },
    select: {
      id: true,
      title: true,
      deadline: true,
      items: { select: { questionVersion: { select: { questionId: true, content: true } } } },
    },
    orderBy: { deadline: 'asc' },
  });
  const locks: ExamLocks = { scenarios: new Map(), questions: new Map() };
  for (const a of open) {
    if (!a.deadline) continue;
    const lock = { attemptId: a.id, title: a.title, deadline: a.deadline };
    for (const it of a.items) {
      locks.questions.set(it.questionVersion.questionId, lock);
      const scenario = outcomeScenario(it.questionVersion.content);
      if (scenario !== null) locks.scenarios.set(scenario, lock);
    }
  }
  return locks;
}

/** The sentence the review queue answers (403) for an item that an open exam locks. */
export function reviewLockMessage(lock: ExamLock): string {
  const at = lock.deadline.toISOString().slice(11, 16);
  return `This review item is paused while your timed exam "${lock.title}" is open: it is about one of its questions. It comes back when you submit the exam (or at ${at} UTC, when its time runs out).`;
}
