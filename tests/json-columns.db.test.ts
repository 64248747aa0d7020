/**
 * JSON columns (ADR 019), on SQLite and on PostgreSQL (vitest projects): every column is jsonb on PostgreSQL
 * and JSON text on SQLite, every one round-trips through the codec (lib/server/db/json.ts) by Prisma and by the raw
 * SQL of the hot-path seam, a value written around the codec is refused when read, the migration keeps the
 * text that was there, and no database code parses or serialises JSON outside the codec.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDbClient, type DbClient } from '@/lib/server/db/client';
import {
  fromJson,
  fromJsonText,
  JSON_COLUMNS,
  JsonColumnError,
  jsonParam,
  parseJson,
  toJson,
} from '@/lib/server/db/json';
import { hotPath } from '@/lib/server/hot-path';
import { z } from 'zod';
import { deployMigrations, projectLayout } from '../scripts/migrations.mts';
import { createTestDb, postgresUrl, PROJECT_ROOT, testEngine, type TestDb } from './support/db';

/** Awkward but plain JSON: nesting, unicode, quotes, newlines, null inside, numbers. */
const OBJ = { s: 'é "q" \n ✓ \t \\ x', n: -1.5, b: true, z: null, a: [1, 'two', { three: [] }] };
const ARR = ['a', 'é', 'sp ace', '"q"'];

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

/** Rows with every JSON column set through the codec; returns the ids. */
async function writeAll(db: DbClient) {
  const user = await db.user.create({ data: { email: 'j@x.dev', name: 'J', passwordHash: 'x' } });
  await db.question.create({
    data: {
      id: 'q-json',
      type: 'single',
      topic: 'services',
      difficulty: 1,
      tags: toJson(ARR),
      versions: { create: { version: 1, content: toJson(OBJ) } },
    },
  });
  const version = await db.questionVersion.findFirstOrThrow({ where: { questionId: 'q-json' } });
  await db.scenario.create({
    data: {
      id: 's-json',
      title: 'S',
      topic: 'services',
      difficulty: 1,
      level: 'coarse',
      tags: toJson(ARR),
      versions: { create: { version: 1, yaml: 'x: 1' } },
    },
  });
  const sv = await db.scenarioVersion.findFirstOrThrow({ where: { scenarioId: 's-json' } });
  const attempt = await db.quizAttempt.create({
    data: { userId: user.id, mode: 'EXAM', title: 'T', config: toJson(OBJ) },
  });
  const item = await db.quizItem.create({
    data: {
      attemptId: attempt.id,
      position: 0,
      questionVersionId: version.id,
      optionOrder: toJson(ARR),
      response: toJson(OBJ),
    },
  });
  const session = await db.traceSession.create({
    data: { userId: user.id, scenarioVersionId: sv.id, requestId: 'r', level: 'coarse', mode: 'CHALLENGE' },
  });
  const trace = await db.traceAttempt.create({
    data: {
      sessionId: session.id,
      userId: user.id,
      scenarioVersionId: sv.id,
      requestId: 'r',
      level: 'coarse',
      mode: 'CHALLENGE',
      answer: toJson(OBJ),
      score: 1,
      pathScore: 1,
      findings: toJson([OBJ, OBJ]),
      closestPathId: 'p',
    },
  });
  await db.traceDraft.create({
    data: {
      userId: user.id,
      scenarioId: 's-json',
      mode: 'CHALLENGE',
      level: 'coarse',
      cards: toJson(ARR),
      updatedAt: new Date(),
    },
  });
  await db.auditEntry.create({
    data: { actorId: user.id, action: 'x', entityType: 'QUESTION', entityId: 'q-json', detail: toJson(OBJ) },
  });
  await db.reviewItem.create({
    data: { userId: user.id, kind: 'QUESTION', key: 'q-json', payload: toJson(OBJ), due: new Date() },
  });
  await db.troubleshoot.create({
    data: {
      id: 't-json',
      title: 'T',
      topic: 'services',
      difficulty: 1,
      tags: toJson(ARR),
      versions: { create: { version: 1, yaml: 'x: 1' } },
    },
  });
  const tv = await db.troubleshootVersion.findFirstOrThrow({ where: { troubleshootId: 't-json' } });
  await db.troubleshootSession.create({
    data: { userId: user.id, versionId: tv.id, mode: 'CHOICE', result: toJson(OBJ) },
  });
  await db.problemReport.create({
    data: {
      userId: user.id,
      kind: 'QUESTION',
      itemId: 'q-json',
      itemVersion: 1,
      category: 'OTHER',
      message: 'm',
      learnerAnswer: toJson(OBJ),
    },
  });
  await db.playground.create({ data: { ownerId: user.id, title: 'P', yaml: '', settings: toJson(OBJ) } });
  return { user, version, sv, attempt, item, session, trace };
}

/** What each column was given in writeAll. */
const WRITTEN: Record<keyof typeof JSON_COLUMNS, unknown> = {
  'Question.tags': ARR,
  'QuestionVersion.content': OBJ,
  'Scenario.tags': ARR,
  'QuizAttempt.config': OBJ,
  'QuizItem.optionOrder': ARR,
  'QuizItem.response': OBJ,
  'TraceAttempt.answer': OBJ,
  'TraceAttempt.findings': [OBJ, OBJ],
  'TraceDraft.cards': ARR,
  'AuditEntry.detail': OBJ,
  'ReviewItem.payload': OBJ,
  'Troubleshoot.tags': ARR,
  'TroubleshootSession.result': OBJ,
  'ProblemReport.learnerAnswer': OBJ,
  'Playground.settings': OBJ,
};

/** Reads one column of the only row of its table as text, by raw SQL (the seam's way). */
async function rawText(db: DbClient, column: string): Promise<string> {
  const [table, field] = column.split('.') as [string, string];
  const sql =
    testEngine === 'postgres'
      ? `SELECT "${field}"::text AS v FROM "${table}"`
      : `SELECT CAST("${field}" AS TEXT) AS v FROM "${table}"`;
  const rows = await db.$queryRawUnsafe<{ v: string }[]>(sql);
  expect(rows).toHaveLength(1);
  return rows[0]!.v;
}

/**
 * The JSON type of a stored value as the database sees it (`jsonb_typeof` / SQLite's `json_type`): 'object' or
 * 'array' for a value written through the codec, 'string' for JSON text stored as a JSON string (double-encoded).
 */
async function storedType(db: DbClient, table: string, field: string, id: string): Promise<string | null> {
  const sql =
    testEngine === 'postgres'
      ? `SELECT jsonb_typeof("${field}") AS t FROM "${table}" WHERE "id" = $1`
      : `SELECT json_type("${field}") AS t FROM "${table}" WHERE "id" = ?`;
  const rows = await db.$queryRawUnsafe<{ t: string | null }[]>(sql, id);
  return rows[0]?.t ?? null;
}

/**
 * A fresh database of this run's engine migrated up to (not including) the JSON-columns migration;
 * `migrateRest` applies it and everything after it.
 */
async function migratedToBeforeJson() {
  const layout = projectLayout(PROJECT_ROOT);
  const dir = testEngine === 'postgres' ? layout.postgresMigrations : layout.sqliteMigrations;
  const schemaPath = testEngine === 'postgres' ? layout.postgresSchema : layout.sqliteSchema;
  const all = readdirSync(dir)
    .filter((d) => /^\d+_/.test(d))
    .sort();
  const jsonMigration = all.findIndex((d) => d.endsWith('_json_columns'));
  expect(jsonMigration).toBeGreaterThan(0);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'packetpath-json-migration-'));
  const before = path.join(tmp, 'migrations');
  for (const d of all.slice(0, jsonMigration))
    cpSync(path.join(dir, d), path.join(before, d), { recursive: true });
  cpSync(path.join(dir, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
  let url = `file:${path.join(tmp, 'm.db')}`;
  const name = `m_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: postgresUrl('postgres') });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  if (testEngine === 'postgres') {
    await admin(`CREATE DATABASE "${name}"`);
    url = postgresUrl(name);
  }
  await deployMigrations({ schemaPath, migrationsDir: before, databaseUrl: url });
  return {
    url,
    rest: all.slice(jsonMigration),
    migrateRest: () => deployMigrations({ schemaPath, migrationsDir: dir, databaseUrl: url }),
    cleanup: async () => {
      rmSync(tmp, { recursive: true, force: true });
      if (testEngine === 'postgres') await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

describe(`JSON columns (${testEngine})`, () => {
  it('are exactly the Json fields of the schema, stored as jsonb on PostgreSQL and JSON text on SQLite', async () => {
    const schema = readFileSync(path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'), 'utf8');
    const inSchema: string[] = [];
    let model = '';
    for (const line of schema.split('\n')) {
      const m = /^model (\w+) \{/.exec(line);
      if (m) model = m[1]!;
      const f = /^\s+(\w+)\s+Json(\?)?(?=\s|$)/.exec(line);
      if (f) inSchema.push(`${model}.${f[1]}${f[2] ?? ''}`);
    }
    const declared = Object.entries(JSON_COLUMNS).map(([c, nullable]) => `${c}${nullable ? '?' : ''}`);
    expect(inSchema.sort()).toEqual(declared.sort());

    if (testEngine === 'postgres') {
      const rows = await t.db.$queryRawUnsafe<{ c: string }[]>(
        `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type = 'jsonb' ORDER BY 1`,
      );
      expect(rows.map((r) => r.c)).toEqual(Object.keys(JSON_COLUMNS).sort());
    } else {
      await writeAll(t.db);
      for (const column of Object.keys(JSON_COLUMNS)) {
        const [table, field] = column.split('.') as [string, string];
        const [row] = await t.db.$queryRawUnsafe<{ t: string }[]>(
          `SELECT typeof("${field}") AS t FROM "${table}"`,
        );
        expect(row?.t, column).toBe('text');
      }
    }
  });

  it('round-trip every column through the codec, read by Prisma and by raw SQL', async () => {
    const ids = await writeAll(t.db);
    const byPrisma: Record<keyof typeof JSON_COLUMNS, unknown> = {
      'Question.tags': (await t.db.question.findFirstOrThrow()).tags,
      'QuestionVersion.content': ids.version.content,
      'Scenario.tags': (await t.db.scenario.findFirstOrThrow()).tags,
      'QuizAttempt.config': (await t.db.quizAttempt.findFirstOrThrow()).config,
      'QuizItem.optionOrder': (await t.db.quizItem.findFirstOrThrow()).optionOrder,
      'QuizItem.response': (await t.db.quizItem.findFirstOrThrow()).response,
      'TraceAttempt.answer': (await t.db.traceAttempt.findFirstOrThrow()).answer,
      'TraceAttempt.findings': (await t.db.traceAttempt.findFirstOrThrow()).findings,
      'TraceDraft.cards': (await t.db.traceDraft.findFirstOrThrow()).cards,
      'AuditEntry.detail': (await t.db.auditEntry.findFirstOrThrow()).detail,
      'ReviewItem.payload': (await t.db.reviewItem.findFirstOrThrow()).payload,
      'Troubleshoot.tags': (await t.db.troubleshoot.findFirstOrThrow()).tags,
      'TroubleshootSession.result': (await t.db.troubleshootSession.findFirstOrThrow()).result,
      'ProblemReport.learnerAnswer': (await t.db.problemReport.findFirstOrThrow()).learnerAnswer,
      'Playground.settings': (await t.db.playground.findFirstOrThrow()).settings,
    };
    for (const column of Object.keys(JSON_COLUMNS) as (keyof typeof JSON_COLUMNS)[]) {
      expect(fromJson(byPrisma[column]), column).toEqual(WRITTEN[column]);
      expect(fromJsonText(await rawText(t.db, column)), column).toEqual(WRITTEN[column]);
    }
  });

  it('round-trip the hot-path writes (a save, a trace submission) and read them back through Prisma', async () => {
    const ids = await writeAll(t.db);
    const seam = hotPath(t.url);
    const answer = { type: 'single', choice: 'é "b"' };
    expect(await seam.writeSave(ids.item.id, ids.attempt.id, jsonParam(answer))).toBe(1);
    expect(
      fromJson((await t.db.quizItem.findUniqueOrThrow({ where: { id: ids.item.id } })).response),
    ).toEqual(answer);
    expect(await storedType(t.db, 'QuizItem', 'response', ids.item.id)).toBe('object');
    const read = await seam.readSaveTarget(ids.attempt.id, 0, ids.user.id, 0);
    expect(fromJsonText(read?.content ?? null)).toEqual(OBJ);

    // A practice check and an interview rating (writeCheck, writeRating): JSON parameters like a save's.
    const checked = { type: 'multiple', choices: ['ü', '"b"'] };
    expect(await seam.writeCheck(ids.item.id, ids.attempt.id, jsonParam(checked), 0.5, new Date())).toBe(
      true,
    );
    const afterCheck = await t.db.quizItem.findUniqueOrThrow({ where: { id: ids.item.id } });
    expect(fromJson(afterCheck.response)).toEqual(checked);
    expect(afterCheck.score).toBe(0.5);
    expect(await storedType(t.db, 'QuizItem', 'response', ids.item.id)).toBe('object');
    const rated = { type: 'interview', ticked: [0, 2], note: 'a\nb' };
    expect(await seam.writeRating(ids.item.id, ids.attempt.id, jsonParam(rated), 3, 0.75)).toBe(true);
    const afterRating = await t.db.quizItem.findUniqueOrThrow({ where: { id: ids.item.id } });
    expect(fromJson(afterRating.response)).toEqual(rated);
    expect(afterRating.selfRating).toBe(3);
    expect(await storedType(t.db, 'QuizItem', 'response', ids.item.id)).toBe('object');

    const session = await t.db.traceSession.create({
      data: {
        userId: ids.user.id,
        scenarioVersionId: ids.sv.id,
        requestId: 'r',
        level: 'coarse',
        mode: 'CHALLENGE',
      },
    });
    const findings = [{ code: 'correct', card: 'pod', message: '✓ "ok"' }];
    expect(
      await seam.storeTraceAttempt({
        id: 'ta-json',
        sessionId: session.id,
        userId: ids.user.id,
        scenarioVersionId: ids.sv.id,
        requestId: 'r',
        level: 'coarse',
        mode: 'CHALLENGE',
        answer: jsonParam({ cards: ARR }),
        score: 1,
        pathScore: 1,
        dispositionCorrect: null,
        penalty: 0,
        findings: jsonParam(findings),
        closestPathId: 'p',
        createdAt: new Date(),
      }),
    ).toBe('stored');
    const stored = await t.db.traceAttempt.findUniqueOrThrow({ where: { id: 'ta-json' } });
    expect(fromJson(stored.answer)).toEqual({ cards: ARR });
    expect(fromJson(stored.findings)).toEqual(findings);
    expect(await storedType(t.db, 'TraceAttempt', 'answer', 'ta-json')).toBe('object');
    expect(await storedType(t.db, 'TraceAttempt', 'findings', 'ta-json')).toBe('array');
  });

  it('can be queried by content in the database (jsonb operators on PostgreSQL, json_extract on SQLite)', async () => {
    const ids = await writeAll(t.db);
    const seam = hotPath(t.url);
    await seam.writeSave(ids.item.id, ids.attempt.id, jsonParam({ type: 'single', choice: 'é "b"' }));
    if (testEngine === 'postgres') {
      // Containment and field access are jsonb operators: on a text column they do not exist (42883).
      const hits = await t.db.$queryRawUnsafe<{ id: string; choice: string }[]>(
        `SELECT "id", "response"->>'choice' AS choice FROM "QuizItem" WHERE "response" @> $1::jsonb`,
        jsonParam({ type: 'single' }),
      );
      expect(hits).toEqual([{ id: ids.item.id, choice: 'é "b"' }]);
      const tagged = await t.db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id" FROM "Question" WHERE "tags" ? $1`,
        'sp ace',
      );
      expect(tagged).toEqual([{ id: 'q-json' }]);
    } else {
      const hits = await t.db.$queryRawUnsafe<{ id: string; choice: string }[]>(
        `SELECT "id", json_extract("response", '$.choice') AS choice FROM "QuizItem" WHERE json_extract("response", '$.type') = ?`,
        'single',
      );
      expect(hits).toEqual([{ id: ids.item.id, choice: 'é "b"' }]);
    }
  });

  it('refuse a value written around the codec, and what JSON cannot hold', async () => {
    const ids = await writeAll(t.db);
    // JSON.stringify(x) passed to Prisma stores a JSON *string*: readers refuse it instead of guessing.
    const bypass = JSON.stringify({ type: 'single', choice: 'a' });
    await t.db.quizItem.update({ where: { id: ids.item.id }, data: { response: bypass } });
    const row = await t.db.quizItem.findUniqueOrThrow({ where: { id: ids.item.id } });
    expect(() => fromJson(row.response)).toThrow(JsonColumnError);
    expect(() => parseJson(z.object({ type: z.string() }), row.response)).toThrow(JsonColumnError);
    expect(() => toJson('text')).toThrow(JsonColumnError);
    expect(() => toJson({ at: new Date() })).toThrow(JsonColumnError);
    expect(() => toJson({ n: Number.NaN })).toThrow(JsonColumnError);
    expect(() => toJson([new Map()])).toThrow(JsonColumnError);
    // PostgreSQL's jsonb cannot hold NUL: refused on both databases alike, before the database sees it.
    expect(() => toJson({ text: 'a\u0000b' })).toThrow(JsonColumnError);
    expect(() => jsonParam(['\u0000'])).toThrow(JsonColumnError);
    // An undefined property is left out, as JSON.stringify does.
    expect(toJson({ a: 1, b: undefined })).toEqual({ a: 1, b: undefined });
    await t.db.auditEntry.updateMany({ data: { detail: toJson({ a: 1, b: undefined }) } });
    expect(fromJson((await t.db.auditEntry.findFirstOrThrow()).detail)).toEqual({ a: 1 });
  });

  it('keep the JSON that was stored as text before the migration to Json (jsonb on PostgreSQL)', async () => {
    const m = await migratedToBeforeJson();
    const db = createDbClient(m.url);
    const p1 = testEngine === 'postgres' ? '$1' : '?';
    try {
      // Rows as the text columns held them: JSON text.
      await db.$executeRawUnsafe(
        `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('u1', 'm@x.dev', 'M', 'x', CURRENT_TIMESTAMP)`,
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "AuditEntry" ("id", "actorId", "action", "entityType", "entityId", "detail") VALUES ('a1', 'u1', 'x', 'QUESTION', 'q', ${p1})`,
        jsonParam(OBJ),
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "Question" ("id", "type", "topic", "difficulty", "tags", "updatedAt") VALUES ('q1', 'single', 't', 1, ${p1}, CURRENT_TIMESTAMP)`,
        jsonParam(ARR),
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "Question" ("id", "type", "topic", "difficulty", "updatedAt") VALUES ('q2', 'single', 't', 1, CURRENT_TIMESTAMP)`,
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "Playground" ("id", "ownerId", "title", "yaml", "settings", "updatedAt") VALUES ('p1', 'u1', 'P', '', ${p1}, CURRENT_TIMESTAMP)`,
        jsonParam(OBJ),
      );
      // A nullable JSON column: NULL stays NULL, text becomes the same value.
      for (const [id, answer] of [
        ['r1', null],
        ['r2', jsonParam(ARR)],
      ] as const)
        await db.$executeRawUnsafe(
          `INSERT INTO "ProblemReport" ("id", "userId", "kind", "itemId", "itemVersion", "category", "message", "learnerAnswer") VALUES ('${id}', 'u1', 'QUESTION', 'q1', 1, 'OTHER', 'm', ${p1})`,
          answer,
        );
      // SQLite: the migration rebuilds tables, which waits for every other connection to the file.
      await db.$disconnect();
      expect(await m.migrateRest()).toEqual(m.rest);
      expect(fromJson((await db.auditEntry.findUniqueOrThrow({ where: { id: 'a1' } })).detail)).toEqual(OBJ);
      expect(fromJson((await db.question.findUniqueOrThrow({ where: { id: 'q1' } })).tags)).toEqual(ARR);
      // The text default '[]' became a JSON default.
      expect(fromJson((await db.question.findUniqueOrThrow({ where: { id: 'q2' } })).tags)).toEqual([]);
      expect(fromJson((await db.playground.findUniqueOrThrow({ where: { id: 'p1' } })).settings)).toEqual(
        OBJ,
      );
      const reports = await db.problemReport.findMany({ orderBy: { id: 'asc' } });
      expect(reports.map((r) => fromJson(r.learnerAnswer))).toEqual([null, ARR]);
      // Stored as values, not as JSON strings holding the old text.
      expect(await storedType(db, 'AuditEntry', 'detail', 'a1')).toBe('object');
      expect(await storedType(db, 'Question', 'tags', 'q1')).toBe('array');
      if (testEngine === 'postgres') {
        const [col] = await db.$queryRawUnsafe<{ data_type: string; column_default: string }[]>(
          `SELECT data_type, column_default FROM information_schema.columns WHERE table_name = 'Question' AND column_name = 'tags'`,
        );
        expect(col).toEqual({ data_type: 'jsonb', column_default: `'[]'::jsonb` });
      }
    } finally {
      await db.$disconnect();
      await m.cleanup();
    }
  });

  it('are parsed and serialised nowhere but the codec in code that touches the database', () => {
    // The ESLint rule (no-restricted-properties, eslint.config.mjs) enforces this in CI; this checks the same
    // files directly so that a rule switched off or a folder left out of it fails here too.
    const roots = ['lib/server', 'app', 'scripts'];
    const offenders: string[] = [];
    const walk = (rel: string) => {
      for (const e of readdirSync(path.join(PROJECT_ROOT, rel), { withFileTypes: true })) {
        const p = path.join(rel, e.name);
        if (e.isDirectory()) walk(p);
        else if (
          /\.(ts|mts)$/.test(e.name) &&
          !/\.test\.m?ts$/.test(e.name) &&
          p !== path.join('lib', 'server', 'db', 'json.ts')
        ) {
          if (p.startsWith('scripts') && !/^scripts\/(seed|release|bank-|load-quiz|soak)/.test(p)) continue;
          const lines = readFileSync(path.join(PROJECT_ROOT, p), 'utf8').split('\n');
          lines.forEach((line, i) => {
            if (
              /JSON\.(parse|stringify)\(/.test(line) &&
              !/no-restricted-properties -- /.test(lines[i - 1] ?? '')
            )
              offenders.push(`${p}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    for (const r of roots) walk(r);
    expect(offenders).toEqual([]);
  });
});

/**
 * The previous release's hot-path statements, as main at fb84a7c had them (lib/server/hot-path/postgres.ts), when
 * JSON columns were text: parameters untyped (node-postgres sends none, so the server infers them), content read
 * as stored.
 */
const PREVIOUS_RELEASE = {
  SAVE_READ: `SELECT a."status", a."deadline", i."id" AS "itemId", i."answeredAt" IS NOT NULL AS "answered",
       i."questionVersionId" AS "versionId", v."content"
  FROM "QuizAttempt" a
  JOIN "User" u ON u."id" = a."userId" AND u."sessionVersion" = $4
  LEFT JOIN "QuizItem" i ON i."attemptId" = a."id" AND i."position" = $2
  LEFT JOIN "QuestionVersion" v ON v."id" = i."questionVersionId"
 WHERE a."id" = $1 AND a."userId" = $3`,
  SAVE_WRITE: `UPDATE "QuizItem" SET "response" = $3, "revision" = "revision" + 1
 WHERE "id" = $1 AND "answeredAt" IS NULL
   AND EXISTS (SELECT 1 FROM "QuizAttempt" WHERE "id" = $2 AND "status" = 'IN_PROGRESS' FOR SHARE)
 RETURNING "revision"`,
  CHECK_WRITE: `UPDATE "QuizItem" SET "response" = $3, "score" = $4, "answeredAt" = $5, "revision" = "revision" + 1
 WHERE "id" = $1 AND "answeredAt" IS NULL
   AND EXISTS (SELECT 1 FROM "QuizAttempt" WHERE "id" = $2 AND "status" = 'IN_PROGRESS' FOR SHARE)`,
  TRACE_STORE: `WITH consumed AS (
  UPDATE "TraceSession" SET "submittedAt" = $15 WHERE "id" = $2 AND "submittedAt" IS NULL RETURNING "id"
)
INSERT INTO "TraceAttempt" ("id", "sessionId", "userId", "scenarioVersionId", "requestId", "level", "mode", "answer",
  "score", "pathScore", "dispositionCorrect", "penalty", "findings", "closestPathId", "createdAt")
SELECT $1, consumed."id", $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 FROM consumed
RETURNING "id"`,
};

describe.runIf(testEngine === 'postgres')(
  'a rolling deploy over the JSON-columns migration (ADR 019)',
  () => {
    it('breaks the previous release: its prepared statements fail, and on fresh connections its reads get objects and its exam lock matches nothing', async () => {
      const m = await migratedToBeforeJson();
      const question = { type: 'outcome', id: 'q1', scenario: 's1', prompt: 'é "q"' };
      const seedSql = [
        `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES ('u1', 'r@x.dev', 'R', 'x', now())`,
        `INSERT INTO "Question" ("id", "type", "topic", "difficulty", "updatedAt") VALUES ('q1', 'outcome', 't', 1, now())`,
        `INSERT INTO "QuizAttempt" ("id", "userId", "mode", "title") VALUES ('a1', 'u1', 'EXAM', 'T')`,
        ...[0, 1, 2, 3, 4, 5].map(
          (i) =>
            `INSERT INTO "QuizItem" ("id", "attemptId", "position", "questionVersionId") VALUES ('i${i}', 'a1', ${i}, 'v1')`,
        ),
        `INSERT INTO "Scenario" ("id", "title", "topic", "difficulty", "level", "updatedAt") VALUES ('s1', 'S', 't', 1, 'coarse', now())`,
        `INSERT INTO "ScenarioVersion" ("id", "scenarioId", "version", "yaml") VALUES ('sv1', 's1', 1, 'x: 1')`,
        ...[1, 2, 3].map(
          (i) =>
            `INSERT INTO "TraceSession" ("id", "userId", "scenarioVersionId", "requestId", "level", "mode") VALUES ('ts${i}', 'u1', 'sv1', 'r', 'coarse', 'CHALLENGE')`,
        ),
      ];
      /** The previous release's calls, on one connection (named statements: prepared on first use). */
      const previous = (c: pg.Client) => ({
        saveRead: (position: number) =>
          c.query<{ content: unknown }>({
            name: 'pp_save_read',
            text: PREVIOUS_RELEASE.SAVE_READ,
            values: ['a1', position, 'u1', 0],
          }),
        // It passed JSON.stringify(response): plain text, untyped.
        save: (item: string, response: unknown) =>
          c.query({
            name: 'pp_save_write',
            text: PREVIOUS_RELEASE.SAVE_WRITE,
            values: [item, 'a1', JSON.stringify(response)],
          }),
        check: (item: string, response: unknown) =>
          c.query({
            name: 'pp_check_write',
            text: PREVIOUS_RELEASE.CHECK_WRITE,
            values: [item, 'a1', JSON.stringify(response), 1, new Date()],
          }),
        store: (session: string) =>
          c.query({
            name: 'pp_trace_store',
            text: PREVIOUS_RELEASE.TRACE_STORE,
            values: [
              `ta-${session}`,
              session,
              'u1',
              'sv1',
              'r',
              'coarse',
              'CHALLENGE',
              JSON.stringify({ cards: ['a'] }),
              1,
              1,
              null,
              0,
              JSON.stringify([{ code: 'correct' }]),
              'p',
              new Date(),
            ],
          }),
      });
      const codeOf = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: unknown) => (e as { code?: string }).code,
        );
      const old = new pg.Client({ connectionString: m.url });
      const fresh = new pg.Client({ connectionString: m.url });
      const db = createDbClient(m.url);
      try {
        await old.connect();
        for (const sql of seedSql.slice(0, 3)) await old.query(sql);
        await old.query(
          `INSERT INTO "QuestionVersion" ("id", "questionId", "version", "content") VALUES ('v1', 'q1', 1, $1)`,
          [JSON.stringify(question)],
        );
        for (const sql of seedSql.slice(3)) await old.query(sql);
        // The previous release before the migration: text in, text out; its exam lock's filter
        // (`content contains '"scenario":"s1"'`, lib/server/quiz/exam-lock.ts at fb84a7c) finds the question.
        const before = previous(old);
        const read = await before.saveRead(0);
        expect(JSON.parse(read.rows[0]!.content as string)).toEqual(question);
        expect((await before.save('i0', { choice: 'a' })).rowCount).toBe(1);
        expect((await before.check('i1', { choice: 'b' })).rowCount).toBe(1);
        expect((await before.store('ts1')).rowCount).toBe(1);
        const needle = `%"scenario":"s1"%`;
        const lockFilter = `SELECT "id" FROM "QuestionVersion" WHERE "content"::text LIKE $1`;
        expect((await old.query(lockFilter, [needle])).rows).toEqual([{ id: 'v1' }]);

        expect(await m.migrateRest()).toEqual(m.rest);

        // 1. A connection of the previous release's pool that prepared its statements before the migration:
        // every hot-path call fails. The read's result type changed (0A000 "cached plan must not change result
        // type"); the writes' parameters were inferred as text when prepared (42804 "column is of type jsonb but
        // expression is of type text").
        expect(await codeOf(before.saveRead(0))).toBe('0A000');
        expect(await codeOf(before.save('i2', { choice: 'c' }))).toBe('42804');
        expect(await codeOf(before.check('i3', { choice: 'c' }))).toBe('42804');
        expect(await codeOf(before.store('ts2'))).toBe('42804');

        // 2. A connection it opens after the migration: the untyped text parameters are inferred as jsonb and
        // parsed, so its writes store values (not JSON strings) that this release reads back…
        await fresh.connect();
        const after = previous(fresh);
        expect((await after.save('i2', { choice: 'c' })).rowCount).toBe(1);
        expect((await after.check('i3', { choice: 'd' })).rowCount).toBe(1);
        expect((await after.store('ts2')).rowCount).toBe(1);
        expect(fromJson((await db.quizItem.findUniqueOrThrow({ where: { id: 'i2' } })).response)).toEqual({
          choice: 'c',
        });
        expect(await storedType(db, 'QuizItem', 'response', 'i3')).toBe('object');
        expect(await storedType(db, 'TraceAttempt', 'answer', 'ta-ts2')).toBe('object');
        // …but its save read now gets the content parsed by node-postgres (jsonb), and the previous release's
        // JSON.parse(content) of an object throws: a save of a question version it has not cached fails.
        const content = (await after.saveRead(0)).rows[0]!.content;
        expect(content).toEqual(question);
        expect(() => JSON.parse(content as string) as unknown).toThrow(SyntaxError);
        // Its exam lock's text filter matches nothing any more: jsonb prints `"scenario": "s1"` (with a space),
        // so its instances stop pausing learning mode on an open exam's scenarios.
        expect((await fresh.query(lockFilter, [needle])).rows).toEqual([]);

        // What was written before the migration was converted, and reads back through the codec.
        expect(fromJson((await db.quizItem.findUniqueOrThrow({ where: { id: 'i0' } })).response)).toEqual({
          choice: 'a',
        });
        expect(
          fromJson((await db.traceAttempt.findUniqueOrThrow({ where: { id: 'ta-ts1' } })).findings),
        ).toEqual([{ code: 'correct' }]);
      } finally {
        await old.end().catch(() => {});
        await fresh.end().catch(() => {});
        await db.$disconnect();
        await m.cleanup();
      }
    });
  },
);
