import 'server-only';
/**
 * Reads a learner's stored attempts once, as plain records: the quiz answers that count (submitted attempts,
 * and answers already checked in practice or rated in an interview) and the trace attempts with their
 * scenario and findings. Stored JSON is validated here (a bad row is skipped, never trusted).
 */
import type { DbClient } from '@/lib/server/db/client';
import { questionSchema, type Question } from '@/lib/quiz/bank-schema';
import { responseSchema } from '@/lib/quiz/scoring';
import { parseFindings, type StoredFinding } from '@/lib/progress/review-items';
import { fromJson, stringList } from '@/lib/server/db/json';

export interface QuizRecord {
  attemptId: string;
  mode: string;
  question: Question;
  score: number | null;
  selfRating: number | null;
  ticked: number[];
  at: Date;
}

export interface TraceRecord {
  id: string;
  scenarioId: string;
  title: string;
  topic: string;
  tags: string[];
  requestId: string;
  level: string;
  mode: string;
  score: number;
  createdAt: Date;
  findings: StoredFinding[];
}

/** Answers that are final: the attempt is submitted, or the answer was checked (practice) / revealed (interview). */
export async function loadQuizRecords(db: DbClient, userId: string): Promise<QuizRecord[]> {
  const rows = await db.quizItem.findMany({
    where: {
      attempt: { userId },
      OR: [
        { attempt: { status: 'SUBMITTED' } },
        { answeredAt: { not: null }, attempt: { mode: { not: 'EXAM' } } },
      ],
    },
    select: {
      score: true,
      selfRating: true,
      response: true,
      answeredAt: true,
      attempt: { select: { id: true, mode: true, status: true, submittedAt: true, startedAt: true } },
      questionVersion: { select: { content: true } },
    },
  });
  const out: QuizRecord[] = [];
  for (const r of rows) {
    const q = questionSchema.safeParse(fromJson(r.questionVersion.content));
    if (!q.success) continue;
    const resp = responseSchema.safeParse(fromJson(r.response));
    const at = r.answeredAt ?? r.attempt.submittedAt ?? r.attempt.startedAt;
    out.push({
      attemptId: r.attempt.id,
      mode: r.attempt.mode,
      question: q.data,
      // An unanswered question of a submitted attempt was graded 0 by the quiz service.
      score: r.score ?? (r.attempt.status === 'SUBMITTED' && q.data.type !== 'interview' ? 0 : null),
      selfRating: r.selfRating,
      ticked: resp.success && resp.data.type === 'interview' ? resp.data.ticked : [],
      at,
    });
  }
  return out;
}

export async function loadTraceRecords(db: DbClient, userId: string): Promise<TraceRecord[]> {
  const rows = await db.traceAttempt.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      requestId: true,
      level: true,
      mode: true,
      score: true,
      createdAt: true,
      findings: true,
      scenarioVersion: {
        select: { scenario: { select: { id: true, title: true, topic: true, tags: true } } },
      },
    },
  });
  return rows.map((r) => {
    const s = r.scenarioVersion.scenario;
    return {
      id: r.id,
      scenarioId: s.id,
      title: s.title,
      topic: s.topic,
      tags: stringList(s.tags),
      requestId: r.requestId,
      level: r.level,
      mode: r.mode,
      score: r.score,
      createdAt: r.createdAt,
      findings: parseFindings(fromJson(r.findings)),
    };
  });
}
