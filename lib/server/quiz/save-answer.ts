import 'server-only';
/**
 * The quiz hot path: saving one answer of an open attempt.
 *
 * Measured with `npm run load:quiz`: through Prisma a save cost four queries of 1.5–2 ms each (session user
 * lookup, attempt, item, update), about 110 saves/s on this machine, far from the p99 < 100 ms target with 100
 * concurrent candidates. Here a save is one prepared read (attempt ⋈ item ⋈ question version) and one
 * conditional update through the hot-path seam (../hot-path: prepared statements on a direct better-sqlite3
 * connection, or named prepared statements on PostgreSQL; the write's checks are atomic on both).
 * Question content is immutable per version, so its parsed form is cached by version id. With the proxy off
 * /api and the session key derived once, 100 candidates saving once a second see p99 ≈ 7 ms, and the server
 * keeps p99 < 100 ms up to ≈ 1,000 saves/s (README "Speed under load").
 * See docs/decisions/005-quiz-server-clock.md and 008-autosave-hot-path-and-its-load-test.md.
 */
import { fromJsonText, jsonParam } from '@/lib/server/db/json';
import { questionSchema, type Question } from '@/lib/quiz/bank-schema';
import { checkResponse, responseSchema } from '@/lib/quiz/scoring';
import { byteBoundedCache } from '../cache';
import type { HotPath } from '../hot-path';
import { GRACE_MS, type QuizError, type QuizResult } from './service';

/**
 * Parsed questions by version id (lib/server/cache.ts), bounded by an estimate of their heap: 3 bytes per character of the
 * stored JSON (2.1 measured on the 328 bank questions, heap after a forced GC). The whole bank is ≈ 1.1 MB.
 */
const questions = byteBoundedCache<Question>({ maxEntries: 5000, maxBytes: 8 * 1024 * 1024 });

const err = (status: QuizError['status'], message: string): QuizError => ({ ok: false, status, message });

/**
 * Save the answer to one question (0-based `position`) of the user's open attempt. `rawResponse` is
 * untrusted; it is validated against the response schema and the question. A 410 means the deadline (plus
 * grace) has passed: the caller should finalise the attempt (`finaliseIfExpired`).
 * `sessionVersion` is the one in the caller's JWT: a token from before a password change finds nothing.
 */
export async function saveAnswer(
  store: Pick<HotPath, 'readSaveTarget' | 'writeSave'>,
  session: { userId: string; sessionVersion: number },
  attemptId: string,
  position: number,
  rawResponse: unknown,
  now: Date,
): Promise<QuizResult<{ revision: number; savedAt: string }>> {
  const parsed = responseSchema.safeParse(rawResponse);
  if (!parsed.success)
    return err(400, `The answer is not valid: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}.`);
  if (!Number.isInteger(position) || position < 0) return err(400, 'Question numbers start at 1.');
  const row = await store.readSaveTarget(attemptId, position, session.userId, session.sessionVersion);
  if (!row) return err(404, 'This attempt does not exist or is not yours.');
  if (row.status !== 'IN_PROGRESS')
    return err(409, 'This attempt was already submitted; answers can no longer change.');
  if (row.deadline !== null && now.getTime() > row.deadline.getTime() + GRACE_MS) {
    return err(
      410,
      'Time is up: this answer arrived after the deadline and was not saved. Your earlier answers were submitted.',
    );
  }
  if (row.itemId === null || row.versionId === null || row.content === null)
    return err(404, `Question ${position + 1} is not part of this attempt.`);
  if (row.answered) return err(409, 'This answer was already checked and can no longer change.');
  const fit = checkResponse(cachedQuestion(row.versionId, row.content), parsed.data);
  if (!fit.ok) return err(400, fit.message);
  const revision = await store.writeSave(row.itemId, attemptId, jsonParam(parsed.data));
  if (revision === undefined)
    return err(409, 'This attempt was submitted or the answer was checked meanwhile; it was not changed.');
  return { ok: true, revision, savedAt: now.toISOString() };
}

function cachedQuestion(versionId: string, content: string): Question {
  let q = questions.get(versionId);
  if (!q) {
    q = questionSchema.parse(fromJsonText(content));
    questions.set(versionId, q, { size: Math.max(1, 3 * content.length) });
  }
  return q;
}
