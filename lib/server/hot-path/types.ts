/**
 * The data seam of the measured hot paths (ADR 009): the session check on every signed-in request, saving a
 * quiz answer, and the two statements of trace grading. One contract, two implementations: SQLite
 * (better-sqlite3 prepared statements, ./sqlite.ts) and PostgreSQL (named prepared statements on the
 * process's pg pool, ./postgres.ts). All SQL that is not Prisma lives behind this seam; callers get plain
 * values (dates as `Date`, booleans as booleans), never database text.
 */

import type { JsonParam } from '@/lib/server/db/json';

/** The fields the session check needs. */
export interface SessionUserRow {
  role: string;
  name: string;
  email: string;
  sessionVersion: number;
}

/** What a save needs to know about the attempt and the item (one read). */
export interface SaveTarget {
  status: string;
  deadline: Date | null;
  itemId: string | null;
  answered: boolean;
  versionId: string | null;
  /**
   * The question version's content as JSON text (SQLite's column, PostgreSQL's `content::text`): the caller
   * caches the parsed question per version, so it is decoded (`fromJsonText`, lib/server/db/json.ts) once per version.
   */
  content: string | null;
}

/** A TraceSession with its scenario's id and status. */
export interface TraceSessionRow {
  id: string;
  userId: string;
  scenarioVersionId: string;
  requestId: string;
  level: string;
  mode: string;
  hintsUsed: number;
  penalty: number;
  /** Seed of the fresh variant traced in this session (null: the scenario itself). */
  variantSeed: string | null;
  submitted: boolean;
  scenarioId: string;
  scenarioStatus: string;
}

/** The values of one TraceAttempt row. */
export interface TraceAttemptRow {
  id: string;
  sessionId: string;
  userId: string;
  scenarioVersionId: string;
  requestId: string;
  level: string;
  mode: string;
  /** JSON text from `jsonParam` (lib/server/db/json.ts). */
  answer: JsonParam;
  score: number;
  pathScore: number;
  dispositionCorrect: boolean | null;
  penalty: number;
  /** JSON text from `jsonParam` (lib/server/db/json.ts). */
  findings: JsonParam;
  closestPathId: string;
  /** Date of the submission. */
  createdAt: Date;
}

export type WriteOutcome = 'stored' | 'conflict';

/** One limit of an attempt table: at most `max` rows with `column = value` newer than `since`. */
export interface AttemptLimit {
  column: 'email' | 'clientKey';
  value: string;
  max: number;
}

/** Record an attempt in `table` only while every limit has room (rate limits, ADR 002 and 009). */
export interface AdmitRequest {
  table: 'LoginAttempt' | 'SignupAttempt';
  /** The row's values (`email` only for LoginAttempt). */
  row: { email?: string; clientKey: string };
  limits: AttemptLimit[];
  since: Date;
  now: Date;
}

export interface Admission {
  admitted: boolean;
  /** Per limit, the newest rows' times inside the window before this attempt (at most `max`). */
  recent: Date[][];
}

export interface HotPath {
  /** The user's session fields by id; undefined when the user is gone. */
  sessionUser(id: string): Promise<SessionUserRow | undefined>;
  /**
   * The attempt (when it is the user's and the token's session version is current) and its item at
   * `position`; undefined when there is no such attempt for this user.
   */
  readSaveTarget(
    attemptId: string,
    position: number,
    userId: string,
    sessionVersion: number,
  ): Promise<SaveTarget | undefined>;
  /**
   * Stores `response` (JSON text from `jsonParam`, lib/server/db/json.ts) on the item and bumps its revision, only while the item is unchecked and
   * its attempt is in progress, atomically with those checks: a save racing a submit or a "check" cannot
   * land after it (on any number of instances). Returns the new revision, or undefined when refused.
   */
  writeSave(itemId: string, attemptId: string, response: JsonParam): Promise<number | undefined>;
  /**
   * Practice "check" / interview "reveal": stores the answer (JSON text), its score (null for
   * an interview) and `answeredAt`, bumps the revision, only while the item is unchecked and its attempt in
   * progress, atomically with those checks (the same guard as `writeSave`): of two checks racing, or a check
   * racing the submit on another instance, one outcome wins. Returns whether it was stored.
   */
  writeCheck(
    itemId: string,
    attemptId: string,
    response: JsonParam,
    score: number | null,
    answeredAt: Date,
  ): Promise<boolean>;
  /**
   * Interview self-rating: stores the ticked rubric (JSON text), the rating and the score, bumps the revision,
   * only while the item was revealed and its attempt is in progress, atomically: a rating racing the submit
   * is counted by it or refused, never stored after it was graded. Returns whether it was stored.
   */
  writeRating(
    itemId: string,
    attemptId: string,
    response: JsonParam,
    selfRating: number,
    score: number,
  ): Promise<boolean>;
  readTraceSession(id: string): Promise<TraceSessionRow | null>;
  /**
   * Inserts the attempt and consumes its session, atomically: 'conflict' when the session was already
   * consumed (a replay, or another instance that got there first).
   */
  storeTraceAttempt(row: TraceAttemptRow): Promise<WriteOutcome>;
  /**
   * Counts and records as one serialised step, in the database: on SQLite a write (IMMEDIATE) transaction,
   * on PostgreSQL a transaction holding an advisory lock per limit key. So N instances together admit no
   * more attempts than the limits allow.
   */
  admitAttempt(req: AdmitRequest): Promise<Admission>;
  close(): Promise<void>;
}
