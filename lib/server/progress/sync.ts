import 'server-only';
/**
 * Keeps a learner's review queue in step with their attempts. Idempotent: it derives review-item drafts from
 * every stored attempt (lib/progress/review-items.ts) and upserts on (userId, key), so it can run on every
 * page that shows the queue without hooks in the quiz or trace code. A draft older than what an item already
 * recorded changes nothing; a newer mistake makes the item due again.
 */
import type { DbClient } from '@/lib/server/db/client';
import { newSchedule } from '@/lib/progress/fsrs';
import {
  itemsFromQuizItem,
  itemsFromTraceAttempt,
  latestPerKey,
  mergeDraft,
  reviewPayloadSchema,
  type ReviewItemDraft,
} from '@/lib/progress/review-items';
import { loadQuizRecords, loadTraceRecords, type QuizRecord, type TraceRecord } from './sources';
import { safeParseJson, toJson } from '@/lib/server/db/json';

export function draftsFrom(quiz: readonly QuizRecord[], traces: readonly TraceRecord[]): ReviewItemDraft[] {
  const drafts: ReviewItemDraft[] = [];
  for (const r of quiz) {
    const q = r.question;
    drafts.push(
      ...itemsFromQuizItem({
        attemptId: r.attemptId,
        questionId: q.id,
        type: q.type,
        topic: q.topic,
        prompt: q.prompt,
        score: r.score,
        selfRating: r.selfRating,
        ticked: r.ticked,
        rubric: q.type === 'interview' ? q.rubric : [],
        at: r.at,
      }),
    );
  }
  for (const t of traces) {
    drafts.push(
      ...itemsFromTraceAttempt({
        id: t.id,
        scenarioId: t.scenarioId,
        scenarioTitle: t.title,
        topic: t.topic,
        requestId: t.requestId,
        level: t.level,
        createdAt: t.createdAt,
        findings: t.findings,
      }),
    );
  }
  return latestPerKey(drafts);
}

export interface SyncResult {
  created: number;
  bumped: number;
}

/** Create or refresh the learner's review items from their attempts. */
export async function syncReviewItems(
  db: DbClient,
  userId: string,
  sources?: { quiz: QuizRecord[]; traces: TraceRecord[] },
): Promise<SyncResult> {
  const quiz = sources?.quiz ?? (await loadQuizRecords(db, userId));
  const traces = sources?.traces ?? (await loadTraceRecords(db, userId));
  const drafts = draftsFrom(quiz, traces);
  if (drafts.length === 0) return { created: 0, bumped: 0 };
  const existing = await db.reviewItem.findMany({
    where: { userId },
    select: { key: true, due: true, lastReview: true, payload: true },
  });
  const byKey = new Map(
    existing.map((e) => {
      const payload = safeParseJson(reviewPayloadSchema, e.payload);
      return [e.key, { key: e.key, due: e.due, lastReview: e.lastReview, payload }] as const;
    }),
  );
  let created = 0;
  let bumped = 0;
  for (const d of drafts) {
    const action = mergeDraft(byKey.get(d.key), d);
    if (action.type === 'none') continue;
    const payload = toJson(d.payload);
    if (action.type === 'create') {
      const s = newSchedule(action.due);
      // Upsert, not create: two syncs racing (two tabs) must not fail on the unique (userId, key). The update
      // (the key it already has) is not empty so that Prisma sends one INSERT … ON CONFLICT DO UPDATE: with
      // `update: {}` it ran SELECT then INSERT in a transaction, and on SQLite a trace submit or autosave
      // committed by the hot-path connection in between made the INSERT fail with SQLITE_BUSY_SNAPSHOT
      // (Prisma P1008 "Operation has timed out"; seen 2–8 times per `npm run load:soak`).
      await db.reviewItem.upsert({
        where: { userId_key: { userId, key: d.key } },
        create: { userId, kind: d.kind, key: d.key, payload, sourceId: d.sourceId, ...s },
        update: { key: d.key },
        select: { id: true },
      });
      created++;
    } else {
      await db.reviewItem.update({
        where: { userId_key: { userId, key: d.key } },
        data: { payload, sourceId: d.sourceId, due: action.due },
      });
      bumped++;
    }
  }
  return { created, bumped };
}
