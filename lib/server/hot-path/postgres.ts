/**
 * The hot-path seam on PostgreSQL: named prepared statements (`pg` parses and plans each once per
 * connection) on the process's shared pool (lib/server/db/pg-pool.ts), one round trip per call.
 *
 * JSON columns are jsonb: parameters are JSON text from lib/server/db/json.ts cast with `::jsonb`; the question
 * content is read as `::text`, as SQLite returns it, for the caller's per-version cache to decode once.
 *
 * Atomicity across instances comes from the statements themselves, under READ COMMITTED:
 * - a save's UPDATE (and a practice check's, an interview rating's) locks its attempt row `FOR SHARE` while
 *   checking it is in progress, so a concurrent
 *   submit (which updates that row) waits for the save to commit, and a save that comes after the submit
 *   re-reads the row, sees SUBMITTED and changes nothing;
 * - a trace submission consumes the session and inserts the attempt in one statement (a data-modifying
 *   CTE): the UPDATE … WHERE "submittedAt" IS NULL row lock lets exactly one of two racing submissions
 *   through, and TraceAttempt.sessionId is unique besides.
 */
import type pg from 'pg';
import { pgPool } from '@/lib/server/db/pg-pool';
import type {
  Admission,
  AdmitRequest,
  HotPath,
  SaveTarget,
  SessionUserRow,
  TraceAttemptRow,
  TraceSessionRow,
} from './types';
import { attemptId } from './ids';

const SESSION_USER = `SELECT "role", "name", "email", "sessionVersion" FROM "User" WHERE "id" = $1`;

const SAVE_READ = `SELECT a."status", a."deadline", i."id" AS "itemId", i."answeredAt" IS NOT NULL AS "answered",
       i."questionVersionId" AS "versionId", v."content"::text AS "content"
  FROM "QuizAttempt" a
  JOIN "User" u ON u."id" = a."userId" AND u."sessionVersion" = $4
  LEFT JOIN "QuizItem" i ON i."attemptId" = a."id" AND i."position" = $2
  LEFT JOIN "QuestionVersion" v ON v."id" = i."questionVersionId"
 WHERE a."id" = $1 AND a."userId" = $3`;

const SAVE_WRITE = `UPDATE "QuizItem" SET "response" = $3::jsonb, "revision" = "revision" + 1
 WHERE "id" = $1 AND "answeredAt" IS NULL
   AND EXISTS (SELECT 1 FROM "QuizAttempt" WHERE "id" = $2 AND "status" = 'IN_PROGRESS' FOR SHARE)
 RETURNING "revision"`;

// The practice check and the interview rating: the same guard as a save (the attempt row FOR SHARE).
const CHECK_WRITE = `UPDATE "QuizItem" SET "response" = $3::jsonb, "score" = $4, "answeredAt" = $5, "revision" = "revision" + 1
 WHERE "id" = $1 AND "answeredAt" IS NULL
   AND EXISTS (SELECT 1 FROM "QuizAttempt" WHERE "id" = $2 AND "status" = 'IN_PROGRESS' FOR SHARE)`;

const RATING_WRITE = `UPDATE "QuizItem" SET "response" = $3::jsonb, "selfRating" = $4, "score" = $5, "revision" = "revision" + 1
 WHERE "id" = $1 AND "answeredAt" IS NOT NULL
   AND EXISTS (SELECT 1 FROM "QuizAttempt" WHERE "id" = $2 AND "status" = 'IN_PROGRESS' FOR SHARE)`;

const TRACE_READ = `SELECT s."id", s."userId", s."scenarioVersionId", s."requestId", s."level", s."mode", s."hintsUsed",
       s."penalty", s."variantSeed", s."submittedAt" IS NOT NULL AS "submitted", v."scenarioId",
       sc."status" AS "scenarioStatus"
  FROM "TraceSession" s
  JOIN "ScenarioVersion" v ON v."id" = s."scenarioVersionId"
  JOIN "Scenario" sc ON sc."id" = v."scenarioId"
 WHERE s."id" = $1`;

const TRACE_STORE = `WITH consumed AS (
  UPDATE "TraceSession" SET "submittedAt" = $15 WHERE "id" = $2 AND "submittedAt" IS NULL RETURNING "id"
)
INSERT INTO "TraceAttempt" ("id", "sessionId", "userId", "scenarioVersionId", "requestId", "level", "mode", "answer",
  "score", "pathScore", "dispositionCorrect", "penalty", "findings", "closestPathId", "createdAt")
SELECT $1, consumed."id", $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13::jsonb, $14, $15 FROM consumed
RETURNING "id"`;

export function openPostgresHotPath(url: string): HotPath {
  const pool: pg.Pool = pgPool(url);
  const q = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    pool.query<R>({ name, text, values });
  const admitAttempt = async (req: AdmitRequest): Promise<Admission> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // One advisory lock per limit key, taken in a fixed order (no deadlock between two requests that share
      // keys). Released at COMMIT/ROLLBACK. The counts below are read after the locks, in READ COMMITTED, so
      // they see every attempt committed by whoever held the lock before.
      const keys = [...new Set(req.limits.map((l) => `${req.table}:${l.column}:${l.value}`))].sort();
      for (const key of keys)
        await client.query({
          name: 'pp_admit_lock',
          text: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          values: [key],
        });
      const recent: Date[][] = [];
      for (const l of req.limits) {
        // Table and column come from a closed set (AdmitRequest), never from input.
        const r = await client.query<{ createdAt: Date }>({
          name: `pp_admit_recent_${req.table}_${l.column}`,
          text: `SELECT "createdAt" FROM "${req.table}" WHERE "${l.column}" = $1 AND "createdAt" > $2 ORDER BY "createdAt" DESC LIMIT $3`,
          values: [l.value, req.since, l.max],
        });
        recent.push(r.rows.map((row) => row.createdAt));
      }
      const admitted = req.limits.every((l, i) => (recent[i]?.length ?? 0) < l.max);
      if (admitted) {
        if (req.table === 'LoginAttempt')
          await client.query({
            name: 'pp_admit_login',
            text: 'INSERT INTO "LoginAttempt" ("id", "email", "clientKey", "createdAt") VALUES ($1, $2, $3, $4)',
            values: [attemptId(), req.row.email ?? '', req.row.clientKey, req.now],
          });
        else
          await client.query({
            name: 'pp_admit_signup',
            text: 'INSERT INTO "SignupAttempt" ("id", "clientKey", "createdAt") VALUES ($1, $2, $3)',
            values: [attemptId(), req.row.clientKey, req.now],
          });
      }
      await client.query('COMMIT');
      return { admitted, recent };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  };
  return {
    admitAttempt,
    sessionUser: async (id) => (await q<SessionUserRow>('pp_session_user', SESSION_USER, [id])).rows[0],
    readSaveTarget: async (attemptId, position, userId, sessionVersion) =>
      (await q<SaveTarget>('pp_save_read', SAVE_READ, [attemptId, position, userId, sessionVersion])).rows[0],
    writeSave: async (itemId, attemptId, response) =>
      (await q<{ revision: number }>('pp_save_write', SAVE_WRITE, [itemId, attemptId, response])).rows[0]
        ?.revision,
    writeCheck: async (itemId, attemptId, response, score, answeredAt) =>
      (await q('pp_check_write', CHECK_WRITE, [itemId, attemptId, response, score, answeredAt])).rowCount ===
      1,
    writeRating: async (itemId, attemptId, response, selfRating, score) =>
      (await q('pp_rating_write', RATING_WRITE, [itemId, attemptId, response, selfRating, score]))
        .rowCount === 1,
    readTraceSession: async (id) => {
      const r = (await q<TraceSessionRow>('pp_trace_read', TRACE_READ, [id])).rows[0];
      return r ? { ...r, hintsUsed: Number(r.hintsUsed), penalty: Number(r.penalty) } : null;
    },
    storeTraceAttempt: async (row: TraceAttemptRow) => {
      try {
        const r = await q('pp_trace_store', TRACE_STORE, [
          row.id,
          row.sessionId,
          row.userId,
          row.scenarioVersionId,
          row.requestId,
          row.level,
          row.mode,
          row.answer,
          row.score,
          row.pathScore,
          row.dispositionCorrect,
          row.penalty,
          row.findings,
          row.closestPathId,
          row.createdAt,
        ]);
        return r.rowCount === 1 ? 'stored' : 'conflict';
      } catch (e) {
        // 23505 unique_violation: the attempt id or the session was taken meanwhile.
        if ((e as { code?: unknown }).code === '23505') return 'conflict';
        throw e;
      }
    },
    // The pool is the process's (shared with Prisma); lib/server/db/pg-pool.ts closes it.
    close: () => Promise.resolve(),
  };
}
