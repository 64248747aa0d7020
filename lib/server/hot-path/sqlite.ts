/**
 * The hot-path seam on SQLite: one direct better-sqlite3 connection per database file, prepared statements.
 *
 * Why not Prisma here: measured on this machine, Prisma's per-query overhead is ~0.15–1.5 ms against
 * ~5–50 µs for a prepared statement, and these run on every signed-in request, every autosave and every
 * grading (ADR 004, ADR 008). Same file and pragmas as Prisma's connections (WAL, busy timeout, foreign
 * keys), so both see the same committed data; writes serialise on SQLite's lock, across processes too.
 */
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, CONNECTION_PRAGMAS, sqliteFilePath } from '@/lib/server/db/sqlite-adapter';
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

/** DateTime as Prisma stores it in SQLite (ISO text with an explicit +00:00 offset). */
export function sqliteTime(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

/** A DateTime column read back: Prisma writes ISO text; integers (ms) are accepted too. */
function parseTime(v: string | number | null): Date | null {
  if (v === null) return null;
  return new Date(typeof v === 'number' ? v : Date.parse(v));
}

class AlreadyConsumed extends Error {}

export function openSqliteHotPath(url: string): HotPath {
  const conn = new Database(sqliteFilePath(url), { timeout: BUSY_TIMEOUT_MS });
  conn.exec(CONNECTION_PRAGMAS);
  const user = conn.prepare<[string], SessionUserRow>(
    `SELECT role, name, email, sessionVersion FROM "User" WHERE id = ?`,
  );
  const saveRead = conn.prepare<
    [number, string, string, number],
    Omit<SaveTarget, 'deadline' | 'answered'> & { deadline: string | null; answeredAt: string | null }
  >(
    `SELECT a.status AS status, a.deadline AS deadline, i.id AS itemId, i.answeredAt AS answeredAt,
            i.questionVersionId AS versionId, v.content AS content
       FROM "QuizAttempt" a
       LEFT JOIN "QuizItem" i ON i.attemptId = a.id AND i.position = ?
       LEFT JOIN "QuestionVersion" v ON v.id = i.questionVersionId
      WHERE a.id = ? AND a.userId = ?
        AND (SELECT sessionVersion FROM "User" WHERE id = a.userId) = ?`,
  );
  // One statement: SQLite runs it under the database's write lock, so the checks and the write are atomic.
  const saveWrite = conn.prepare<[string, string, string], { revision: number }>(
    `UPDATE "QuizItem" SET response = ?, revision = revision + 1
      WHERE id = ? AND answeredAt IS NULL
        AND (SELECT status FROM "QuizAttempt" WHERE id = ?) = 'IN_PROGRESS'
      RETURNING revision`,
  );
  // The practice check and the interview rating: the same guard as a save, in one statement each.
  const checkWrite = conn.prepare<[string, number | null, string, string, string]>(
    `UPDATE "QuizItem" SET response = ?, score = ?, answeredAt = ?, revision = revision + 1
      WHERE id = ? AND answeredAt IS NULL
        AND (SELECT status FROM "QuizAttempt" WHERE id = ?) = 'IN_PROGRESS'`,
  );
  const ratingWrite = conn.prepare<[string, number, number, string, string]>(
    `UPDATE "QuizItem" SET response = ?, selfRating = ?, score = ?, revision = revision + 1
      WHERE id = ? AND answeredAt IS NOT NULL
        AND (SELECT status FROM "QuizAttempt" WHERE id = ?) = 'IN_PROGRESS'`,
  );
  const traceRead = conn.prepare<
    [string],
    Omit<TraceSessionRow, 'submitted'> & { submittedAt: string | null }
  >(
    `SELECT s."id", s."userId", s."scenarioVersionId", s."requestId", s."level", s."mode", s."hintsUsed", s."penalty",
            s."variantSeed", s."submittedAt", v."scenarioId", sc."status" AS "scenarioStatus"
     FROM "TraceSession" s
     JOIN "ScenarioVersion" v ON v."id" = s."scenarioVersionId"
     JOIN "Scenario" sc ON sc."id" = v."scenarioId"
     WHERE s."id" = ?`,
  );
  const insert = conn.prepare(
    `INSERT INTO "TraceAttempt" ("id", "sessionId", "userId", "scenarioVersionId", "requestId", "level", "mode", "answer", "score", "pathScore", "dispositionCorrect", "penalty", "findings", "closestPathId", "createdAt")
     VALUES (@id, @sessionId, @userId, @scenarioVersionId, @requestId, @level, @mode, @answer, @score, @pathScore, @dispositionCorrect, @penalty, @findings, @closestPathId, @createdAt)`,
  );
  const consume = conn.prepare(
    `UPDATE "TraceSession" SET "submittedAt" = ? WHERE "id" = ? AND "submittedAt" IS NULL`,
  );
  // IMMEDIATE: take the write lock first, so two processes cannot both pass the read inside.
  const write = conn.transaction((row: TraceAttemptRow) => {
    const at = sqliteTime(row.createdAt);
    insert.run({
      ...row,
      dispositionCorrect: row.dispositionCorrect === null ? null : row.dispositionCorrect ? 1 : 0,
      createdAt: at,
    });
    if (consume.run(at, row.sessionId).changes !== 1) throw new AlreadyConsumed();
  });
  const recentStatements = new Map<
    string,
    Database.Statement<[string, string, number], { createdAt: string }>
  >();
  const recentOf = (table: AdmitRequest['table'], column: string) => {
    const key = `${table}.${column}`;
    let stmt = recentStatements.get(key);
    if (!stmt) {
      // Table and column come from a closed set (AdmitRequest), never from input.
      stmt = conn.prepare(
        `SELECT "createdAt" FROM "${table}" WHERE "${column}" = ? AND "createdAt" > ? ORDER BY "createdAt" DESC LIMIT ?`,
      );
      recentStatements.set(key, stmt);
    }
    return stmt;
  };
  const insertLogin = conn.prepare(
    `INSERT INTO "LoginAttempt" ("id", "email", "clientKey", "createdAt") VALUES (?, ?, ?, ?)`,
  );
  const insertSignup = conn.prepare(
    `INSERT INTO "SignupAttempt" ("id", "clientKey", "createdAt") VALUES (?, ?, ?)`,
  );
  const admit = conn.transaction((req: AdmitRequest): Admission => {
    const since = sqliteTime(req.since);
    const recent = req.limits.map((l) =>
      recentOf(req.table, l.column)
        .all(l.value, since, l.max)
        .map((r) => parseTime(r.createdAt) as Date),
    );
    const admitted = req.limits.every((l, i) => (recent[i]?.length ?? 0) < l.max);
    if (admitted) {
      const id = attemptId();
      const at = sqliteTime(req.now);
      if (req.table === 'LoginAttempt') insertLogin.run(id, req.row.email ?? '', req.row.clientKey, at);
      else insertSignup.run(id, req.row.clientKey, at);
    }
    return { admitted, recent };
  });
  return {
    admitAttempt: (req) => Promise.resolve(admit.immediate(req)),
    sessionUser: (id) => Promise.resolve(user.get(id)),
    readSaveTarget: (attemptId, position, userId, sessionVersion) => {
      const r = saveRead.get(position, attemptId, userId, sessionVersion);
      if (!r) return Promise.resolve(undefined);
      const { answeredAt, deadline, ...rest } = r;
      return Promise.resolve({ ...rest, deadline: parseTime(deadline), answered: answeredAt !== null });
    },
    writeSave: (itemId, attemptId, response) =>
      Promise.resolve(saveWrite.get(response, itemId, attemptId)?.revision),
    writeCheck: (itemId, attemptId, response, score, answeredAt) =>
      Promise.resolve(
        checkWrite.run(response, score, sqliteTime(answeredAt), itemId, attemptId).changes === 1,
      ),
    writeRating: (itemId, attemptId, response, selfRating, score) =>
      Promise.resolve(ratingWrite.run(response, selfRating, score, itemId, attemptId).changes === 1),
    readTraceSession: (id) => {
      const r = traceRead.get(id);
      if (!r) return Promise.resolve(null);
      const { submittedAt, ...rest } = r;
      return Promise.resolve({
        ...rest,
        hintsUsed: Number(r.hintsUsed),
        penalty: Number(r.penalty),
        submitted: submittedAt !== null,
      });
    },
    storeTraceAttempt: (row) => {
      try {
        write.immediate(row);
        return Promise.resolve('stored');
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (
          e instanceof AlreadyConsumed ||
          code === 'SQLITE_CONSTRAINT_UNIQUE' ||
          code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
        )
          return Promise.resolve('conflict');
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    close: () => {
      conn.close();
      return Promise.resolve();
    },
  };
}
