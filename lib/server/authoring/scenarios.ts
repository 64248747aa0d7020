import 'server-only';
/**
 * Scenario authoring: list, read, save, publish, retire, restore, with an AuditEntry per change.
 *
 * Same version rules as questions (questions.ts): a published version (or one a trace session used) is
 * immutable; saving creates version n+1 as a draft, which later saves update in place until it is published.
 * A draft may be invalid (work in progress) as long as its Scenario document names it; publishing checks
 * again here (parse + trace every request) and refuses while the scenario is invalid or its first request
 * has no path.
 */
import type { DbClient } from '@/lib/server/db/client';
import {
  checkScenario,
  looseMeta,
  metaOf,
  publishProblem,
  type ScenarioMeta,
} from '@/lib/authoring/scenario-check';
import { parseScenario } from '@/lib/scenario';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import { recordAudit, type Actor, type Tx } from './audit';
import { fail, type AuthoringResult } from './result';
import { stringList, toJson } from '@/lib/server/db/json';
import { restore, retire, type Lifecycle } from './lifecycle';
import type { ContentStatus } from './questions';

/** Largest scenario we accept from the editor (real `kubectl` dumps are verbose). */
export const MAX_SCENARIO_BYTES = 600_000;

const asStatus = (s: string): ContentStatus => (s === 'PUBLISHED' || s === 'RETIRED' ? s : 'DRAFT');

export interface ScenarioListItem {
  id: string;
  title: string;
  topic: string;
  topicLabel: string;
  difficulty: number;
  level: string;
  tags: string[];
  status: ContentStatus;
  publishedVersion: number | null;
  latestVersion: number;
  hasDraft: boolean;
  updatedAt: string;
}

export interface ScenarioListFilter {
  q?: string;
  topic?: string;
  status?: string;
}

export const topicLabel = (slug: string) => (TOPIC_LABELS as Record<string, string>)[slug] ?? slug;

export async function listScenarios(
  db: DbClient,
  filter: ScenarioListFilter = {},
): Promise<{ items: ScenarioListItem[]; total: number }> {
  const rows = await db.scenario.findMany({ orderBy: [{ id: 'asc' }] });
  const q = filter.q?.trim().toLowerCase();
  const all = rows.map((r) => ({
    id: r.id,
    title: r.title,
    topic: r.topic,
    topicLabel: topicLabel(r.topic),
    difficulty: r.difficulty,
    level: r.level,
    tags: stringList(r.tags),
    status: asStatus(r.status),
    publishedVersion: r.publishedVersion,
    latestVersion: r.latestVersion,
    hasDraft: r.publishedVersion !== null && r.latestVersion > r.publishedVersion,
    updatedAt: r.updatedAt.toISOString(),
  }));
  const items = all.filter(
    (i) =>
      (!filter.topic || i.topic === filter.topic) &&
      (!filter.status || i.status === filter.status) &&
      (!q ||
        i.id.includes(q) ||
        i.title.toLowerCase().includes(q) ||
        i.tags.some((t) => t.toLowerCase().includes(q))),
  );
  return { items, total: all.length };
}

export interface ScenarioVersionView {
  version: number;
  createdAt: string;
  createdBy: string | null;
  published: boolean;
  /** Trace attempts made on this version. */
  attempts: number;
}

export interface ScenarioEditView {
  id: string;
  title: string;
  status: ContentStatus;
  publishedVersion: number | null;
  latestVersion: number;
  yaml: string;
  versions: ScenarioVersionView[];
}

export async function getScenario(db: DbClient, id: string): Promise<ScenarioEditView | null> {
  const row = await db.scenario.findUnique({
    where: { id },
    include: {
      versions: { orderBy: { version: 'desc' }, include: { _count: { select: { attempts: true } } } },
    },
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
    title: row.title,
    status: asStatus(row.status),
    publishedVersion: row.publishedVersion,
    latestVersion: row.latestVersion,
    yaml: latest.yaml,
    versions: row.versions.map((v) => ({
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdById ? (names.get(v.createdById) ?? 'deleted user') : null,
      published: v.version === row.publishedVersion,
      attempts: v._count.attempts,
    })),
  };
}

/** Metadata of a YAML text: from a valid parse, else best effort (null when it names no scenario). */
export function scenarioMeta(yaml: string): ScenarioMeta | null {
  const parsed = parseScenario(yaml, 'scenario.yaml');
  return parsed.ok ? metaOf(parsed.input) : looseMeta(yaml);
}

const NO_NAME =
  "The YAML needs a Scenario document (apiVersion packetpath.dev/v1alpha1, kind Scenario) with a kebab-case metadata.name: it is the scenario's id.";

function denormalised(meta: ScenarioMeta) {
  return {
    title: meta.title,
    topic: meta.topic,
    difficulty: meta.difficulty,
    level: meta.level,
    tags: toJson(meta.tags),
  };
}

function sizeProblem(yaml: string) {
  return yaml.length > MAX_SCENARIO_BYTES
    ? fail(
        422,
        `The scenario is too large (${Math.round(yaml.length / 1000)} kB; the limit is ${MAX_SCENARIO_BYTES / 1000} kB).`,
      )
    : null;
}

/** Insert a scenario with version 1 (create and import). */
export async function insertScenario(
  tx: Tx,
  actor: Actor,
  meta: ScenarioMeta,
  yaml: string,
  status: ContentStatus,
  now: Date,
): Promise<void> {
  await tx.scenario.create({
    data: {
      id: meta.id,
      ...denormalised(meta),
      status,
      publishedVersion: status === 'DRAFT' ? null : 1,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    },
  });
  await tx.scenarioVersion.create({
    data: { scenarioId: meta.id, version: 1, yaml, createdById: actor.id, createdAt: now },
  });
}

/** Create a scenario as a DRAFT (it may still have validation problems). */
export async function createScenario(
  db: DbClient,
  actor: Actor,
  yaml: string,
  now: Date,
): Promise<AuthoringResult<{ id: string; version: number }>> {
  const big = sizeProblem(yaml);
  if (big) return big;
  const meta = scenarioMeta(yaml);
  if (!meta) return fail(422, NO_NAME);
  return db.$transaction(async (tx) => {
    if (await tx.scenario.findUnique({ where: { id: meta.id }, select: { id: true } })) {
      return fail(409, `A scenario named "${meta.id}" exists already: change metadata.name.`);
    }
    await insertScenario(tx, actor, meta, yaml, 'DRAFT', now);
    await recordAudit(
      tx,
      actor,
      {
        action: 'scenario.create',
        entityType: 'SCENARIO',
        entityId: meta.id,
        version: 1,
        detail: { title: meta.title },
      },
      now,
    );
    return { ok: true as const, id: meta.id, version: 1, message: 'Scenario saved as a draft.' };
  });
}

/** Write the latest YAML: a new version when the latest is published or used, else the draft in place. */
export async function writeScenarioDraft(
  tx: Tx,
  actor: Actor,
  id: string,
  yaml: string,
  meta: ScenarioMeta,
  now: Date,
): Promise<{ version: number; created: boolean } | null> {
  const row = await tx.scenario.findUniqueOrThrow({ where: { id } });
  const latest = await tx.scenarioVersion.findUniqueOrThrow({
    where: { scenarioId_version: { scenarioId: id, version: row.latestVersion } },
    include: { _count: { select: { attempts: true, sessions: true } } },
  });
  if (latest.yaml === yaml) return null;
  const neverPublished = row.publishedVersion === null;
  const editable =
    row.publishedVersion !== row.latestVersion &&
    latest._count.attempts === 0 &&
    latest._count.sessions === 0;
  if (editable) {
    await tx.scenarioVersion.update({
      where: { id: latest.id },
      data: { yaml, createdById: actor.id, createdAt: now },
    });
    await tx.scenario.update({
      where: { id },
      data: { updatedAt: now, ...(neverPublished ? denormalised(meta) : {}) },
    });
    return { version: row.latestVersion, created: false };
  }
  const version = row.latestVersion + 1;
  await tx.scenarioVersion.create({
    data: { scenarioId: id, version, yaml, createdById: actor.id, createdAt: now },
  });
  await tx.scenario.update({
    where: { id },
    data: { latestVersion: version, updatedAt: now, ...(neverPublished ? denormalised(meta) : {}) },
  });
  return { version, created: true };
}

export async function updateScenario(
  db: DbClient,
  actor: Actor,
  id: string,
  yaml: string,
  now: Date,
): Promise<AuthoringResult<{ id: string; version: number }>> {
  const big = sizeProblem(yaml);
  if (big) return big;
  const meta = scenarioMeta(yaml);
  if (!meta) return fail(422, NO_NAME);
  if (meta.id !== id)
    return fail(
      422,
      `metadata.name must stay "${id}": attempts refer to it. To make a new scenario, use "New scenario".`,
    );
  return db.$transaction(async (tx) => {
    const row = await tx.scenario.findUnique({ where: { id } });
    if (!row) return fail(404, 'This scenario no longer exists.');
    const written = await writeScenarioDraft(tx, actor, id, yaml, meta, now);
    if (!written)
      return { ok: true as const, id, version: row.latestVersion, message: 'No changes to save.' };
    await recordAudit(
      tx,
      actor,
      {
        action: 'scenario.update',
        entityType: 'SCENARIO',
        entityId: id,
        version: written.version,
        detail: { newVersion: written.created },
      },
      now,
    );
    const note =
      row.status === 'PUBLISHED' && row.publishedVersion !== null
        ? ` Learners still get version ${row.publishedVersion} until you publish.`
        : '';
    return {
      ok: true as const,
      id,
      version: written.version,
      message: `Saved as version ${written.version} (draft).${note}`,
    };
  });
}

/** Publish the latest version, after checking it parses and its first request has a path. */
export async function publishScenario(
  db: DbClient,
  actor: Actor,
  id: string,
  now: Date,
): Promise<AuthoringResult<{ version: number }>> {
  const row = await db.scenario.findUnique({ where: { id } });
  if (!row) return fail(404, 'This scenario no longer exists.');
  const latest = await db.scenarioVersion.findUniqueOrThrow({
    where: { scenarioId_version: { scenarioId: id, version: row.latestVersion } },
  });
  const check = checkScenario(latest.yaml, `${id}.yaml`);
  const problem = publishProblem(check);
  if (problem || !check.ok) return fail(422, `Not published. ${problem ?? ''}`.trim());
  if (row.status === 'PUBLISHED' && row.publishedVersion === row.latestVersion)
    return {
      ok: true as const,
      version: row.latestVersion,
      message: `Version ${row.latestVersion} is already published.`,
    };
  return db.$transaction(async (tx) => {
    // Re-read inside the transaction: a save may have landed since the check.
    const now2 = await tx.scenario.findUniqueOrThrow({ where: { id } });
    if (now2.latestVersion !== row.latestVersion)
      return fail(409, 'The scenario changed while publishing; check it again.');
    await tx.scenario.update({
      where: { id },
      data: {
        status: 'PUBLISHED',
        publishedVersion: row.latestVersion,
        updatedAt: now,
        ...denormalised(check.meta),
      },
    });
    await recordAudit(
      tx,
      actor,
      {
        action: 'scenario.publish',
        entityType: 'SCENARIO',
        entityId: id,
        version: row.latestVersion,
        detail: { previous: row.publishedVersion, paths: check.traces[0]?.paths.length ?? 0 },
      },
      now,
    );
    return {
      ok: true as const,
      version: row.latestVersion,
      message: `Version ${row.latestVersion} is published: learners find it in the trace library.`,
    };
  });
}

const scenarioLifecycle: Lifecycle = {
  entityType: 'SCENARIO',
  noun: 'scenario',
  read: (tx, id) =>
    tx.scenario.findUnique({ where: { id }, select: { status: true, publishedVersion: true } }),
  setStatus: (tx, id, status, now) => tx.scenario.update({ where: { id }, data: { status, updatedAt: now } }),
  retired: 'Retired: the scenario left the trace library. Old attempts keep their version.',
  restored: (v) => `Restored: version ${v} is in the library again.`,
};

export function retireScenario(db: DbClient, actor: Actor, id: string, now: Date): Promise<AuthoringResult> {
  return retire(db, actor, id, now, scenarioLifecycle);
}

export function restoreScenario(db: DbClient, actor: Actor, id: string, now: Date): Promise<AuthoringResult> {
  return restore(db, actor, id, now, scenarioLifecycle);
}
