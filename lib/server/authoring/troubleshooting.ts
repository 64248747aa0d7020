import 'server-only';
/**
 * Troubleshooting exercise authoring (ADR 016): list, read, save and publish, with an AuditEntry per change.
 *
 * Versions follow the scenario rules (ADR 006): a published version, or one a learner's try used, is immutable —
 * saving then creates version n+1 as a draft; later saves update that draft in place until it is published. A
 * draft may be work in progress as long as it loads far enough to name itself; publishing loads it with the
 * exercise loader and requires every promise of `verifyExercise` (the symptom shows, the author's fix passes, each
 * candidate ends as declared).
 */
import type { DbClient } from '@/lib/server/db/client';
import { loadExercise, type Exercise } from '@/lib/troubleshoot';
import { verifyExercise } from '@/lib/troubleshoot/verify';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import { toJson } from '@/lib/server/db/json';
import { recordAudit, type Actor, type Tx } from './audit';
import { fail, type AuthoringResult } from './result';

export const MAX_EXERCISE_CHARS = 300_000;

export interface ExerciseListItem {
  id: string;
  title: string;
  topicLabel: string;
  difficulty: number;
  status: string;
  publishedVersion: number | null;
  latestVersion: number;
  tries: number;
}

export async function listExercisesForAdmin(db: DbClient): Promise<ExerciseListItem[]> {
  const rows = await db.troubleshoot.findMany({
    orderBy: [{ id: 'asc' }],
    include: { versions: { select: { _count: { select: { sessions: true } } } } },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    topicLabel: (TOPIC_LABELS as Record<string, string>)[r.topic] ?? r.topic,
    difficulty: r.difficulty,
    status: r.status,
    publishedVersion: r.publishedVersion,
    latestVersion: r.latestVersion,
    tries: r.versions.reduce((n, v) => n + v._count.sessions, 0),
  }));
}

export async function getExerciseForAdmin(
  db: DbClient,
  id: string,
): Promise<{
  id: string;
  title: string;
  status: string;
  publishedVersion: number | null;
  latestVersion: number;
  yaml: string;
} | null> {
  const row = await db.troubleshoot.findUnique({ where: { id } });
  if (!row) return null;
  const latest = await db.troubleshootVersion.findUnique({
    where: { troubleshootId_version: { troubleshootId: id, version: row.latestVersion } },
  });
  if (!latest) return null;
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    publishedVersion: row.publishedVersion,
    latestVersion: row.latestVersion,
    yaml: latest.yaml,
  };
}

function columns(ex: Exercise) {
  const s = ex.doc.spec;
  return { title: s.title, topic: s.topic, difficulty: s.difficulty, tags: toJson(s.tags) };
}

/** Save the YAML (and publish it when asked and every check passes). */
export async function saveExercise(
  db: DbClient,
  actor: Actor,
  input: { id?: string; yaml: string; publish: boolean },
  now: Date,
): Promise<AuthoringResult<{ id: string; version: number; published: boolean }>> {
  if (input.yaml.length > MAX_EXERCISE_CHARS)
    return fail(422, `The exercise is too large (the limit is ${MAX_EXERCISE_CHARS / 1000} kB).`);
  const loaded = loadExercise(input.yaml, 'exercise.yaml');
  if (!loaded.ok) {
    const first = loaded.issues[0];
    return fail(
      422,
      `The exercise does not load (${loaded.issues.length} problem${loaded.issues.length === 1 ? '' : 's'}${first ? `; the first is at line ${first.line}, column ${first.column}: ${first.message}` : ''}). Nothing was saved.`,
    );
  }
  const ex = loaded.exercise;
  if (input.id !== undefined && input.id !== ex.id)
    return fail(422, `metadata.name is the exercise's id and cannot change (it is "${input.id}").`);
  if (input.publish) {
    const bad = verifyExercise(ex).filter((v) => !v.ok);
    if (bad.length)
      return fail(422, `Not published: ${bad.map((v) => `${v.check} — ${v.detail}`).join('; ')}.`);
  }
  return db.$transaction(async (tx) => {
    const row = await tx.troubleshoot.findUnique({ where: { id: ex.id } });
    if (!row && input.id !== undefined) return fail(404, 'This exercise no longer exists.');
    if (row && input.id === undefined)
      return fail(409, `An exercise named "${ex.id}" exists already: change metadata.name.`);
    let version: number;
    if (!row) {
      version = 1;
      await tx.troubleshoot.create({
        data: {
          id: ex.id,
          ...columns(ex),
          status: input.publish ? 'PUBLISHED' : 'DRAFT',
          publishedVersion: input.publish ? 1 : null,
          latestVersion: 1,
          createdAt: now,
          updatedAt: now,
        },
      });
      await tx.troubleshootVersion.create({
        data: { troubleshootId: ex.id, version: 1, yaml: input.yaml, createdById: actor.id, createdAt: now },
      });
    } else {
      version = await writeDraft(tx, actor, row, input.yaml, now);
      await tx.troubleshoot.update({
        where: { id: ex.id },
        data: {
          updatedAt: now,
          ...(input.publish ? { ...columns(ex), status: 'PUBLISHED', publishedVersion: version } : {}),
          ...(row.publishedVersion === null && !input.publish ? columns(ex) : {}),
        },
      });
    }
    await recordAudit(
      tx,
      actor,
      {
        action: input.publish ? 'troubleshoot.publish' : 'troubleshoot.save',
        entityType: 'TROUBLESHOOT',
        entityId: ex.id,
        version,
        detail: { title: ex.doc.spec.title },
      },
      now,
    );
    return {
      ok: true as const,
      id: ex.id,
      version,
      published: input.publish,
      message: input.publish ? `Version ${version} is published.` : `Saved as version ${version} (draft).`,
    };
  });
}

/** The latest version: rewritten while it is an unused draft, else a new version. */
async function writeDraft(
  tx: Tx,
  actor: Actor,
  row: { id: string; latestVersion: number; publishedVersion: number | null },
  yaml: string,
  now: Date,
): Promise<number> {
  const latest = await tx.troubleshootVersion.findUniqueOrThrow({
    where: { troubleshootId_version: { troubleshootId: row.id, version: row.latestVersion } },
    include: { _count: { select: { sessions: true } } },
  });
  if (latest.yaml === yaml) return row.latestVersion;
  const editable = row.publishedVersion !== row.latestVersion && latest._count.sessions === 0;
  if (editable) {
    await tx.troubleshootVersion.update({
      where: { id: latest.id },
      data: { yaml, createdById: actor.id, createdAt: now },
    });
    return row.latestVersion;
  }
  const version = row.latestVersion + 1;
  await tx.troubleshootVersion.create({
    data: { troubleshootId: row.id, version, yaml, createdById: actor.id, createdAt: now },
  });
  await tx.troubleshoot.update({ where: { id: row.id }, data: { latestVersion: version } });
  return version;
}
