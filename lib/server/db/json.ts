/**
 * The one codec for JSON columns (ADR 019). Every JSON column is a Prisma `Json` field: `jsonb` on PostgreSQL,
 * JSON text on SQLite (Prisma's SQLite `Json`). Callers never parse or serialise a column's JSON themselves:
 *
 * - writes through Prisma: `toJson(value)` checks the value is plain JSON (no `undefined`, `Date`, `Map`,
 *   class instance, `NaN`…, which would not read back the same) and hands it to Prisma as is;
 * - writes through the hot-path seam (raw SQL): `jsonParam(value)`, JSON text typed `JsonParam` (the seam's
 *   JSON parameters take nothing else, so a hand-made string does not type-check); the PostgreSQL
 *   statements cast it (`$n::jsonb`), SQLite stores the text;
 * - reads: `fromJson(stored)` takes what Prisma returns, what `pg` returns for `jsonb` (both parsed) or, inside
 *   the hot-path seam only, `fromJsonText(text)` for a column it read as text; `parseJson(schema, stored)` / `safeParseJson` validate
 *   with the caller's zod schema, `stringList` reads a list of strings.
 *
 * Every JSON column holds an object or an array (`JSON_COLUMNS`). A string where one was expected is a value
 * written around the codec (e.g. `JSON.stringify(x)` passed to Prisma, which stores a JSON *string*): reads
 * refuse it loudly instead of quietly parsing it twice. ESLint (`no-restricted-properties`) keeps
 * `JSON.parse`/`JSON.stringify` out of the server code, and tests/json-columns.db.test.ts round-trips every column on
 * both databases.
 *
 * Pure module (no `server-only`, no generated client) so scripts, seeds and tests use it too.
 */
import type { z } from 'zod';

/** A JSON value as stored. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** An object or array: what every JSON column holds. */
export type JsonDocument = JsonValue[] | { [key: string]: JsonValue };

/** Every JSON column (`Model.field`), with whether it is nullable. tests/json-columns.db.test.ts checks it against the schema. */
export const JSON_COLUMNS = {
  'Question.tags': false,
  'QuestionVersion.content': false,
  'Scenario.tags': false,
  'QuizAttempt.config': false,
  'QuizItem.optionOrder': false,
  'QuizItem.response': true,
  'TraceAttempt.answer': false,
  'TraceAttempt.findings': false,
  'TraceDraft.cards': false,
  'AuditEntry.detail': false,
  'ReviewItem.payload': false,
  'Troubleshoot.tags': false,
  'TroubleshootSession.result': true,
  'ProblemReport.learnerAnswer': true,
  'Playground.settings': false,
} as const;

export class JsonColumnError extends Error {}

/** Checks `value` is plain JSON and an object or array; returns it typed for Prisma's `Json` fields. */
export function toJson(value: unknown): JsonDocument {
  assertPlainJson(value, '$');
  if (value === null || typeof value !== 'object')
    throw new JsonColumnError(`A JSON column holds an object or an array, not ${describe(value)}.`);
  return value as JsonDocument;
}

/**
 * JSON text made by `jsonParam`: the only type the hot-path seam's writes accept for a JSON column, so a raw-SQL
 * write cannot bypass the codec (a plain string does not type-check).
 */
export type JsonParam = string & { readonly __jsonParam: unique symbol };

/** A hot-path (raw SQL) parameter for a JSON column: checked like `toJson`, as JSON text. */
export function jsonParam(value: unknown): JsonParam {
  return JSON.stringify(toJson(value)) as JsonParam;
}

/** A JSON column's value as read (Prisma or `pg` jsonb, already parsed); `null` for SQL NULL. */
export function fromJson(stored: unknown): JsonDocument | null {
  if (stored === null || stored === undefined) return null;
  if (typeof stored !== 'object')
    throw new JsonColumnError(
      `A JSON column held ${describe(stored)}; it was written around lib/server/db/json.ts (a JSON string instead of a value?).`,
    );
  return stored as JsonDocument;
}

/**
 * A JSON column read as text by raw SQL (the hot-path seam: SQLite's JSON text, or PostgreSQL's `col::text`
 * where a cache makes parsing every row wasteful), parsed.
 */
export function fromJsonText(text: string | null): JsonDocument | null {
  return text === null ? null : fromJson(JSON.parse(text) as unknown);
}

/** A JSON column's value as compact JSON text, to show it as written (an admin reading a snapshot); null for NULL. */
export function jsonText(stored: unknown): string | null {
  const doc = fromJson(stored);
  return doc === null ? null : JSON.stringify(doc);
}

/** Reads and validates a (non-null) JSON column with the caller's schema; throws when it does not fit. */
export function parseJson<S extends z.ZodType>(schema: S, stored: unknown): z.output<S> {
  return schema.parse(fromJson(stored));
}

/** Reads and validates a JSON column; `null` when it is NULL or does not fit the schema. */
export function safeParseJson<S extends z.ZodType>(schema: S, stored: unknown): z.output<S> | null {
  const doc = fromJson(stored);
  if (doc === null) return null;
  const r = schema.safeParse(doc);
  return r.success ? r.data : null;
}

/** A JSON column holding a list of strings (tags, card ids, option order): its strings; [] when it is not a list. */
export function stringList(stored: unknown): string[] {
  const v = fromJson(stored);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function assertPlainJson(v: unknown, at: string): void {
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'string') {
    // Refused on both databases alike: PostgreSQL's jsonb cannot store it.
    if (v.includes('\u0000'))
      throw new JsonColumnError(`${at} contains a NUL character, which jsonb cannot hold.`);
    return;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new JsonColumnError(`${at} is ${v}, which JSON cannot hold.`);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertPlainJson(x, `${at}[${i}]`));
    return;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null)
      throw new JsonColumnError(`${at} is ${describe(v)}, not a plain object.`);
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\u0000')) throw new JsonColumnError(`${at} has a key with a NUL character.`);
      // An undefined property is left out, as JSON.stringify does.
      if (x !== undefined) assertPlainJson(x, `${at}.${k}`);
    }
    return;
  }
  throw new JsonColumnError(`${at} is ${describe(v)}, which JSON cannot hold.`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'null-prototype'} object`;
  return `a ${typeof v}`;
}
