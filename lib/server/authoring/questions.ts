import 'server-only';
/**
 * Question authoring: list, read, save, publish, retire, restore. Every change writes an AuditEntry in the
 * same transaction.
 *
 * Versions (docs/decisions/006-authoring.md): a version becomes immutable once it is published, because quiz
 * attempts point at it. Saving a question whose latest version is published creates version n+1 as a draft;
 * saving again while that draft is unpublished (and no attempt uses it) updates the draft in place. "Publish"
 * points `publishedVersion` at the latest version; "Retire" stops new draws (the quiz draws PUBLISHED only).
 * The denormalised columns (type, topic, difficulty, tags) follow the published version, so a draft never
 * changes what the quiz draws.
 */
import type { DbClient } from '@/lib/server/db/client';
import { questionSchema, TOPIC_LABELS, type Question } from '@/lib/quiz/bank-schema';
import { canonicalJson } from '@/lib/authoring/bundle';
import { resolveOutcome } from '@/lib/quiz/outcome';
import { recordAudit, type Actor, type Tx } from './audit';
import { fail, type AuthoringResult } from './result';
import { fromJson, parseJson, stringList, toJson } from '@/lib/server/db/json';
import { restore, retire, type Lifecycle } from './lifecycle';

export type ContentStatus = 'DRAFT' | 'PUBLISHED' | 'RETIRED';

export interface QuestionListFilter {
  q?: string;
  topic?: string;
  type?: string;
  status?: string;
  difficulty?: string;
}

export interface QuestionListItem {
  id: string;
  type: string;
  topic: string;
  topicLabel: string;
  difficulty: number;
  tags: string[];
  status: ContentStatus;
  publishedVersion: number | null;
  latestVersion: number;
  /** A newer unpublished version exists. */
  hasDraft: boolean;
  prompt: string;
  updatedAt: string;
}

const asStatus = (s: string): ContentStatus => (s === 'PUBLISHED' || s === 'RETIRED' ? s : 'DRAFT');

/** The bank with search (id, prompt, tags) and filters; newest edits first within a topic order. */
export async function listQuestions(
  db: DbClient,
  filter: QuestionListFilter = {},
): Promise<{ items: QuestionListItem[]; total: number }> {
  const rows = await db.question.findMany({
    orderBy: [{ topic: 'asc' }, { id: 'asc' }],
    include: {
      versions: { select: { version: true, content: true }, orderBy: { version: 'desc' }, take: 1 },
    },
  });
  const q = filter.q?.trim().toLowerCase();
  const all: QuestionListItem[] = rows.map((r) => {
    const latest = fromJson(r.versions[0]?.content ?? null) as {
      prompt?: unknown;
      type?: unknown;
      topic?: unknown;
    } | null;
    const topic = typeof latest?.topic === 'string' ? latest.topic : r.topic;
    return {
      id: r.id,
      type: typeof latest?.type === 'string' ? latest.type : r.type,
      topic,
      topicLabel: (TOPIC_LABELS as Record<string, string>)[topic] ?? topic,
      difficulty: r.difficulty,
      tags: stringList(r.tags),
      status: asStatus(r.status),
      publishedVersion: r.publishedVersion,
      latestVersion: r.latestVersion,
      hasDraft: r.publishedVersion !== null && r.latestVersion > r.publishedVersion,
      prompt: typeof latest?.prompt === 'string' ? latest.prompt : '',
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  const items = all.filter(
    (i) =>
      (!filter.topic || i.topic === filter.topic) &&
      (!filter.type || i.type === filter.type) &&
      (!filter.status || i.status === filter.status) &&
      (!filter.difficulty || String(i.difficulty) === filter.difficulty) &&
      (!q ||
        i.id.includes(q) ||
        i.prompt.toLowerCase().includes(q) ||
        i.tags.some((t) => t.toLowerCase().includes(q))),
  );
  return { items, total: all.length };
}

export interface QuestionVersionView {
  version: number;
  createdAt: string;
  createdBy: string | null;
  published: boolean;
  /** Quiz items that used this version. */
  uses: number;
}

export interface QuestionEditView {
  id: string;
  status: ContentStatus;
  publishedVersion: number | null;
  latestVersion: number;
  /** The latest version's content (what the editor shows). */
  content: Question;
  versions: QuestionVersionView[];
}

/** Everything the editor needs, or null. */
export async function getQuestion(db: DbClient, id: string): Promise<QuestionEditView | null> {
  const row = await db.question.findUnique({
    where: { id },
    include: { versions: { orderBy: { version: 'desc' }, include: { _count: { select: { items: true } } } } },
  });
  if (!row) return null;
  const latest = row.versions.find((v) => v.version === row.latestVersion) ?? row.versions[0];
  if (!latest) return null;
  const creatorIds = [...new Set(row.versions.map((v) => v.createdById).filter((x): x is string => !!x))];
  const users = creatorIds.length
    ? await db.user.findMany({
        where: { id: { in: creatorIds } },
        select: { id: true, name: true, email: true },
      })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name || u.email]));
  return {
    id: row.id,
    status: asStatus(row.status),
    publishedVersion: row.publishedVersion,
    latestVersion: row.latestVersion,
    content: parseJson(questionSchema, latest.content),
    versions: row.versions.map((v) => ({
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdById ? (names.get(v.createdById) ?? 'deleted user') : null,
      published: v.version === row.publishedVersion,
      uses: v._count.items,
    })),
  };
}

/** Validate with the bank schema; errors keyed by field. */
export function validateQuestion(
  content: unknown,
): { ok: true; question: Question } | { ok: false; fieldErrors: Record<string, string[]> } {
  const parsed = questionSchema.safeParse(content);
  if (parsed.success) return { ok: true, question: parsed.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    (fieldErrors[key] ??= []).push(
      `${issue.path.length > 1 ? `${issue.path.slice(1).join('.')}: ` : ''}${issue.message}`,
    );
  }
  return { ok: false, fieldErrors };
}

/**
 * Outcome questions get their answer from the routing engine (lib/quiz/outcome.ts): trace the question's
 * scenario as stored here (its published version, else its latest) and keep the option with the computed
 * disposition. `yamlOf` may supply scenarios that are not in the database yet (an import bundle).
 */
export async function materialiseQuestion(
  tx: Tx,
  q: Question,
  yamlOf: (id: string) => string | undefined = () => undefined,
): Promise<{ ok: true; question: Question } | { ok: false; fieldErrors: Record<string, string[]> }> {
  if (q.type !== 'outcome') return { ok: true, question: q };
  let yaml = yamlOf(q.scenario);
  if (yaml === undefined) {
    const row = await tx.scenario.findUnique({ where: { id: q.scenario } });
    const version = row
      ? await tx.scenarioVersion.findUnique({
          where: {
            scenarioId_version: { scenarioId: row.id, version: row.publishedVersion ?? row.latestVersion },
          },
        })
      : null;
    yaml = version?.yaml;
  }
  if (yaml === undefined)
    return { ok: false, fieldErrors: { scenario: [`there is no scenario "${q.scenario}"`] } };
  const { answer: _a, engine: _e, ...authored } = q;
  const r = resolveOutcome(authored, yaml);
  return r.ok ? { ok: true, question: r.question } : { ok: false, fieldErrors: { options: [r.message] } };
}

function denormalised(q: Question) {
  return { type: q.type, topic: q.topic, difficulty: q.difficulty, tags: toJson(q.tags) };
}

/** Create a question (a DRAFT at version 1). */
export async function createQuestion(
  db: DbClient,
  actor: Actor,
  content: unknown,
  now: Date,
): Promise<AuthoringResult<{ id: string; version: number }>> {
  const v = validateQuestion(content);
  if (!v.ok) return fail(422, 'The question is not valid yet: fix the fields marked below.', v.fieldErrors);
  return db.$transaction(async (tx) => {
    const m = await materialiseQuestion(tx, v.question);
    if (!m.ok)
      return fail(
        422,
        'The routing engine cannot answer this outcome question: fix the fields marked below.',
        m.fieldErrors,
      );
    const q = m.question;
    if (await tx.question.findUnique({ where: { id: q.id }, select: { id: true } })) {
      return fail(409, `A question with id "${q.id}" exists already; choose another id.`, {
        id: ['this id is taken'],
      });
    }
    await insertQuestion(tx, actor, q, 'DRAFT', now);
    await recordAudit(
      tx,
      actor,
      {
        action: 'question.create',
        entityType: 'QUESTION',
        entityId: q.id,
        version: 1,
        detail: { type: q.type, topic: q.topic },
      },
      now,
    );
    return { ok: true as const, id: q.id, version: 1, message: 'Question created as a draft.' };
  });
}

/** Insert a new question row with version 1 (used by create and import). */
export async function insertQuestion(
  tx: Tx,
  actor: Actor,
  q: Question,
  status: ContentStatus,
  now: Date,
): Promise<void> {
  await tx.question.create({
    data: {
      id: q.id,
      ...denormalised(q),
      status,
      publishedVersion: status === 'DRAFT' ? null : 1,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    },
  });
  await tx.questionVersion.create({
    data: { questionId: q.id, version: 1, content: toJson(q), createdById: actor.id, createdAt: now },
  });
}

/**
 * Write `q` as the question's latest content: a new version when the latest is published (or used by an
 * attempt), else the unpublished draft in place. Returns the version written, or null when nothing changed.
 */
export async function writeQuestionDraft(
  tx: Tx,
  actor: Actor,
  id: string,
  q: Question,
  now: Date,
): Promise<{ version: number; created: boolean } | null> {
  const row = await tx.question.findUniqueOrThrow({ where: { id } });
  const latest = await tx.questionVersion.findUniqueOrThrow({
    where: { questionId_version: { questionId: id, version: row.latestVersion } },
    include: { _count: { select: { items: true } } },
  });
  if (canonicalJson(fromJson(latest.content)) === canonicalJson(q)) return null;
  const editable = row.publishedVersion !== row.latestVersion && latest._count.items === 0;
  const neverPublished = row.publishedVersion === null;
  if (editable) {
    await tx.questionVersion.update({
      where: { id: latest.id },
      data: { content: toJson(q), createdById: actor.id, createdAt: now },
    });
    await tx.question.update({
      where: { id },
      data: { updatedAt: now, ...(neverPublished ? denormalised(q) : {}) },
    });
    return { version: row.latestVersion, created: false };
  }
  const version = row.latestVersion + 1;
  await tx.questionVersion.create({
    data: { questionId: id, version, content: toJson(q), createdById: actor.id, createdAt: now },
  });
  await tx.question.update({
    where: { id },
    data: { latestVersion: version, updatedAt: now, ...(neverPublished ? denormalised(q) : {}) },
  });
  return { version, created: true };
}

/** Save an edit of an existing question (its id cannot change: attempts refer to it). */
export async function updateQuestion(
  db: DbClient,
  actor: Actor,
  id: string,
  content: unknown,
  now: Date,
): Promise<AuthoringResult<{ id: string; version: number }>> {
  const v = validateQuestion(content);
  if (!v.ok) return fail(422, 'The question is not valid yet: fix the fields marked below.', v.fieldErrors);
  if (v.question.id !== id)
    return fail(
      422,
      `The id of a question cannot change (it is "${id}"): attempts refer to it. Create a new question instead.`,
      { id: ['the id cannot change'] },
    );
  return db.$transaction(async (tx) => {
    const row = await tx.question.findUnique({ where: { id } });
    if (!row) return fail(404, 'This question no longer exists.');
    const m = await materialiseQuestion(tx, v.question);
    if (!m.ok)
      return fail(
        422,
        'The routing engine cannot answer this outcome question: fix the fields marked below.',
        m.fieldErrors,
      );
    const q = m.question;
    const written = await writeQuestionDraft(tx, actor, id, q, now);
    if (!written)
      return { ok: true as const, id, version: row.latestVersion, message: 'No changes to save.' };
    await recordAudit(
      tx,
      actor,
      {
        action: 'question.update',
        entityType: 'QUESTION',
        entityId: id,
        version: written.version,
        detail: { newVersion: written.created },
      },
      now,
    );
    const draftNote =
      row.publishedVersion !== null && row.status === 'PUBLISHED'
        ? ` Learners still get version ${row.publishedVersion} until you publish.`
        : '';
    return {
      ok: true as const,
      id,
      version: written.version,
      message: `Saved as version ${written.version} (draft).${draftNote}`,
    };
  });
}

/** Publish the latest version (validated again). */
export async function publishQuestion(
  db: DbClient,
  actor: Actor,
  id: string,
  now: Date,
): Promise<AuthoringResult<{ version: number }>> {
  return db.$transaction(async (tx) => {
    const row = await tx.question.findUnique({ where: { id } });
    if (!row) return fail(404, 'This question no longer exists.');
    const latest = await tx.questionVersion.findUniqueOrThrow({
      where: { questionId_version: { questionId: id, version: row.latestVersion } },
    });
    const v = validateQuestion(fromJson(latest.content));
    if (!v.ok)
      return fail(
        422,
        'This version is not valid, so it cannot be published. Fix it and save first.',
        v.fieldErrors,
      );
    // An outcome question's answer must still be what the engine computes on the scenario as it is now.
    const m = await materialiseQuestion(tx, v.question);
    if (!m.ok)
      return fail(
        422,
        'The routing engine cannot answer this outcome question any more, so it cannot be published.',
        m.fieldErrors,
      );
    if (canonicalJson(m.question) !== canonicalJson(v.question)) {
      if ((await tx.quizItem.count({ where: { questionVersionId: latest.id } })) > 0) {
        return fail(
          409,
          "The engine's answer changed since this version was used; save the question again to make a new version.",
        );
      }
      await tx.questionVersion.update({
        where: { id: latest.id },
        data: { content: toJson(m.question) },
      });
    }
    if (row.status === 'PUBLISHED' && row.publishedVersion === row.latestVersion)
      return {
        ok: true as const,
        version: row.latestVersion,
        message: `Version ${row.latestVersion} is already published.`,
      };
    await tx.question.update({
      where: { id },
      data: {
        status: 'PUBLISHED',
        publishedVersion: row.latestVersion,
        updatedAt: now,
        ...denormalised(v.question),
      },
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'question.publish',
        entityType: 'QUESTION',
        entityId: id,
        version: row.latestVersion,
        detail: { previous: row.publishedVersion },
      },
      now,
    );
    return {
      ok: true as const,
      version: row.latestVersion,
      message: `Version ${row.latestVersion} is published: new quizzes draw it.`,
    };
  });
}

const questionLifecycle: Lifecycle = {
  entityType: 'QUESTION',
  noun: 'question',
  read: (tx, id) =>
    tx.question.findUnique({ where: { id }, select: { status: true, publishedVersion: true } }),
  setStatus: (tx, id, status, now) => tx.question.update({ where: { id }, data: { status, updatedAt: now } }),
  retired: 'Retired: new quizzes no longer draw this question.',
  restored: (v) => `Restored: version ${v} is drawn again.`,
};

/** Retire: no new draws; old attempts keep their version. */
export function retireQuestion(db: DbClient, actor: Actor, id: string, now: Date): Promise<AuthoringResult> {
  return retire(db, actor, id, now, questionLifecycle);
}

/** Undo a retirement: back to PUBLISHED (at its published version), or DRAFT if it never was. */
export function restoreQuestion(db: DbClient, actor: Actor, id: string, now: Date): Promise<AuthoringResult> {
  return restore(db, actor, id, now, questionLifecycle);
}
