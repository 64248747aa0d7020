import 'server-only';
/**
 * Exam integrity: while a timed exam is open, the trace exercises behind its outcome questions are closed
 * to checks, hints and submissions. An outcome question asks what happens to a request of a shipped
 * scenario; the trace player's "Check my path", its hints and its result would name the right option, so a
 * candidate could look the answer up mid-exam. Enforced in the trace service (server actions and the grading
 * route), not only in the UI. See docs/decisions/009-exam-integrity-reference-and-reports.md.
 */
import type { DbClient } from '@/lib/server/db/client';
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
  // The LIKE narrows the rows; the parsed content decides (stored content is JSON.stringify of the question).
  const needle = `"scenario":${JSON.stringify(scenarioId)}`;
  const open = await db.quizAttempt.findMany({
    where: {
      userId,
      mode: 'EXAM',
      status: 'IN_PROGRESS',
      deadline: { gt: new Date(now.getTime() - GRACE_MS) },
      items: { some: { questionVersion: { content: { contains: needle } } } },
    },
    select: {
      id: true,
      title: true,
      deadline: true,
      items: {
        where: { questionVersion: { content: { contains: needle } } },
        select: { questionVersion: { select: { content: true } } },
      },
    },
    orderBy: { deadline: 'desc' },
  });
  for (const a of open) {
    const hit = a.items.some((it) => {
      const q = JSON.parse(it.questionVersion.content) as { type?: unknown; scenario?: unknown };
      return q.type === 'outcome' && q.scenario === scenarioId;
    });
    if (hit && a.deadline) return { attemptId: a.id, title: a.title, deadline: a.deadline };
  }
  return null;
}

/** The sentence shown (and returned as a 403) while the lock holds. */
export function examLockMessage(lock: ExamLock): string {
  const at = lock.deadline.toISOString().slice(11, 16);
  return `Checks, hints and submissions on this scenario are paused while your timed exam "${lock.title}" is open: one of its questions is about this request. They open again when you submit the exam (or at ${at} UTC, when its time runs out).`;
}
