import 'server-only';
/**
 * The grading hot path's two statements, on a direct better-sqlite3 connection.
 *
 * Why not Prisma here: measured on this machine, Prisma's raw-query path costs ~0.15 ms per read and
 * ~0.3–0.4 ms per two-statement transaction, against ~5 µs and ~45 µs for the same prepared statements on
 * better-sqlite3 — and grading must not be the slow part (scripts/load-grade.mts). Everything else in the
 * trace feature uses Prisma. The connection uses the same file and pragmas as the Prisma adapter
 * (lib/sqlite-adapter.ts: WAL, busy_timeout, foreign_keys), so both see the same committed data.
 *
 * A session is consumed exactly once: the INSERT of the attempt (TraceAttempt.sessionId is unique) and the
 * UPDATE of the session run in one transaction, and a replay that raced past the read fails on the unique
 * index and changes nothing.
 */
import Database from 'better-sqlite3';
import type { DbClient } from '@/lib/db-client';
import { CONNECTION_PRAGMAS, databaseUrlFromEnv, sqliteFilePath } from '@/lib/sqlite-adapter';

/** A TraceSession with its scenario's id and status. */
export interface SessionRow {
  id: string;
  userId: string;
  scenarioVersionId: string;
  requestId: string;
  level: string;
  mode: string;
  hintsUsed: number;
  penalty: number;
  submitted: boolean;
  scenarioId: string;
  scenarioStatus: string;
}

/** The values of one TraceAttempt row. */
export interface AttemptRow {
  id: string;
  sessionId: string;
  userId: string;
  scenarioVersionId: string;
  requestId: string;
  level: string;
  mode: string;
  answer: string;
  score: number;
  pathScore: number;
  dispositionCorrect: boolean | null;
  penalty: number;
  findings: string;
  closestPathId: string;
  /** Date of the submission. */
  createdAt: Date;
}

export type WriteOutcome = 'stored' | 'conflict';

interface Store {
  readSession(id: string): SessionRow | null;
  storeAttempt(row: AttemptRow): WriteOutcome;
  close(): void;
}

/** DateTime as Prisma stores it in SQLite (ISO text with an explicit +00:00 offset). */
export function sqliteTime(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

function openStore(url: string): Store {
  const conn = new Database(sqliteFilePath(url));
  conn.exec(CONNECTION_PRAGMAS);
  const read = conn.prepare<[string], Omit<SessionRow, 'submitted'> & { submittedAt: string | null }>(
    `SELECT s."id", s."userId", s."scenarioVersionId", s."requestId", s."level", s."mode", s."hintsUsed", s."penalty",
            s."submittedAt", v."scenarioId", sc."status" AS "scenarioStatus"
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
  const write = conn.transaction((row: AttemptRow) => {
    const at = sqliteTime(row.createdAt);
    insert.run({
      ...row,
      dispositionCorrect: row.dispositionCorrect === null ? null : row.dispositionCorrect ? 1 : 0,
      createdAt: at,
    });
    if (consume.run(at, row.sessionId).changes !== 1) throw new AlreadyConsumed();
  });
  return {
    readSession(id) {
      const r = read.get(id);
      if (!r) return null;
      const { submittedAt, ...rest } = r;
      return {
        ...rest,
        hintsUsed: Number(r.hintsUsed),
        penalty: Number(r.penalty),
        submitted: submittedAt !== null,
      };
    },
    storeAttempt(row) {
      try {
        write(row);
        return 'stored';
      } catch (e) {
        if (
          e instanceof AlreadyConsumed ||
          (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
          (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
        )
          return 'conflict';
        throw e;
      }
    },
    close() {
      conn.close();
    },
  };
}

class AlreadyConsumed extends Error {}

const byUrl = new Map<string, Store>();
const urlOf = new WeakMap<DbClient, string>();

/**
 * Tell the store which database file a Prisma client uses (tests, scripts). Clients that were not bound use
 * DATABASE_URL, like lib/server/db.ts.
 */
export function bindDatabaseUrl(db: DbClient, url: string): void {
  urlOf.set(db, url);
}

/** The fast store for the database behind `db` (one connection per file, opened on first use). */
export function fastStore(db: DbClient): Store {
  const url = urlOf.get(db) ?? databaseUrlFromEnv();
  let s = byUrl.get(url);
  if (!s) {
    s = openStore(url);
    byUrl.set(url, s);
  }
  return s;
}

/** Close every connection (tests delete their database files afterwards). */
export function closeFastStores(): void {
  for (const s of byUrl.values()) s.close();
  byUrl.clear();
}
