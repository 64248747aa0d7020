import 'server-only';
/**
 * Saved playgrounds (issue 15, ADR 017): private to their owner; a share token opens one read-only to other
 * signed-in users until the owner revokes it; an owner can send one to the admins as a scenario proposal.
 * Every function takes the caller's id and checks ownership itself; another user's playground is "not found"
 * (404), never "forbidden", so ids do not leak. The engine never runs here: the browser traces.
 */
import { randomBytes } from 'node:crypto';
import type { DbClient } from '@/lib/server/db/client';
import {
  EMPTY_SETTINGS,
  PLAYGROUNDS_PER_USER,
  playgroundSettingsSchema,
  SHARE_TOKEN_RE,
  type PlaygroundSettings,
} from '@/lib/validation/playground';
import { safeParseJson, toJson } from '@/lib/server/db/json';
import { MANIFEST_LIMITS } from '@/lib/scenario';

export type PlaygroundResult<T> = ({ ok: true } & T) | { ok: false; status: number; message: string };

export interface PlaygroundView {
  id: string;
  title: string;
  yaml: string;
  settings: PlaygroundSettings;
  updatedAt: string;
  /** Only for the owner: the share token while shared. */
  shareToken: string | null;
  proposedAt: string | null;
  /** The owner's display name (what a shared or proposed view shows). */
  ownerName: string;
}

export interface PlaygroundListItem {
  id: string;
  title: string;
  updatedAt: string;
  shared: boolean;
  proposed: boolean;
}

const err = (status: number, message: string) => ({ ok: false as const, status, message });
const NOT_FOUND = 'No such playground (it may have been deleted, or it is not yours).';

type Row = {
  id: string;
  title: string;
  yaml: string;
  settings: unknown;
  updatedAt: Date;
  shareToken: string | null;
  proposedAt: Date | null;
  owner: { name: string };
};

function view(r: Row, owner: boolean): PlaygroundView {
  return {
    id: r.id,
    title: r.title,
    yaml: r.yaml,
    // Anything unreadable falls back to the defaults (never throws).
    settings: safeParseJson(playgroundSettingsSchema, r.settings) ?? EMPTY_SETTINGS,
    updatedAt: r.updatedAt.toISOString(),
    shareToken: owner ? r.shareToken : null,
    proposedAt: r.proposedAt ? r.proposedAt.toISOString() : null,
    ownerName: r.owner.name,
  };
}

const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`;
const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** Create (no id) or update one of the caller's playgrounds. */
export async function savePlayground(
  db: DbClient,
  userId: string,
  input: { id?: string; baseUpdatedAt?: string; title: string; yaml: string; settings: PlaygroundSettings },
): Promise<PlaygroundResult<{ id: string; updatedAt: string }>> {
  const bytes = Buffer.byteLength(input.yaml, 'utf8');
  if (bytes > MANIFEST_LIMITS.bytes)
    return err(
      413,
      `The manifests are ${kib(bytes)}; a playground holds at most ${kib(MANIFEST_LIMITS.bytes)}. Keep the objects that matter for the request (Services, workloads, policies) and save again.`,
    );
  const data = { title: input.title, yaml: input.yaml, settings: toJson(input.settings) };
  if (input.id) {
    // Optimistic concurrency: with the version the editor started from, a save made since (another tab or
    // device) is not overwritten silently.
    const base = input.baseUpdatedAt ? { updatedAt: new Date(input.baseUpdatedAt) } : {};
    const r = await db.playground.updateMany({ where: { id: input.id, ownerId: userId, ...base }, data });
    if (r.count === 0) {
      const current = await db.playground.findFirst({
        where: { id: input.id, ownerId: userId },
        select: { updatedAt: true },
      });
      if (!current) return err(404, NOT_FOUND);
      return err(
        409,
        `This playground was saved elsewhere (another tab or device) at ${utc(current.updatedAt)} UTC, after you opened it. Save yours as a copy, or reload to see that version (your changes here are then lost).`,
      );
    }
    const row = await db.playground.findUnique({ where: { id: input.id }, select: { updatedAt: true } });
    return { ok: true, id: input.id, updatedAt: (row?.updatedAt ?? new Date()).toISOString() };
  }
  const count = await db.playground.count({ where: { ownerId: userId } });
  if (count >= PLAYGROUNDS_PER_USER)
    return err(
      409,
      `You have ${count} saved playgrounds, the most one account keeps. Delete one you no longer need, then save again.`,
    );
  const row = await db.playground.create({ data: { ...data, ownerId: userId } });
  return { ok: true, id: row.id, updatedAt: row.updatedAt.toISOString() };
}

export async function listPlaygrounds(db: DbClient, userId: string): Promise<PlaygroundListItem[]> {
  const rows = await db.playground.findMany({
    where: { ownerId: userId },
    orderBy: { updatedAt: 'desc' },
    select: { id: true, title: true, updatedAt: true, shareToken: true, proposedAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    updatedAt: r.updatedAt.toISOString(),
    shared: r.shareToken !== null,
    proposed: r.proposedAt !== null,
  }));
}

const withOwner = { owner: { select: { name: true } } } as const;

/** The caller's own playground, or null (another's is null too). */
export async function getOwnPlayground(
  db: DbClient,
  userId: string,
  id: string,
): Promise<PlaygroundView | null> {
  const r = await db.playground.findFirst({ where: { id, ownerId: userId }, include: withOwner });
  return r ? view(r, true) : null;
}

/** A shared playground by its token, read-only; null when the token is malformed, unknown or revoked. */
export async function getSharedPlayground(db: DbClient, token: string): Promise<PlaygroundView | null> {
  if (!SHARE_TOKEN_RE.test(token)) return null;
  const r = await db.playground.findUnique({ where: { shareToken: token }, include: withOwner });
  return r ? view(r, false) : null;
}

/** Share: a new unguessable token (kept while shared; sharing again returns the same one). */
export async function sharePlayground(
  db: DbClient,
  userId: string,
  id: string,
): Promise<PlaygroundResult<{ token: string }>> {
  const r = await db.playground.findFirst({ where: { id, ownerId: userId }, select: { shareToken: true } });
  if (!r) return err(404, NOT_FOUND);
  if (r.shareToken) return { ok: true, token: r.shareToken };
  const token = randomBytes(24).toString('base64url');
  await db.playground.update({ where: { id }, data: { shareToken: token } });
  return { ok: true, token };
}

/** Revoke the link: the old token opens nothing from now on (a later share makes a new one). */
export async function revokeShare(
  db: DbClient,
  userId: string,
  id: string,
): Promise<PlaygroundResult<object>> {
  const r = await db.playground.updateMany({ where: { id, ownerId: userId }, data: { shareToken: null } });
  return r.count === 0 ? err(404, NOT_FOUND) : { ok: true };
}

export async function deletePlayground(
  db: DbClient,
  userId: string,
  id: string,
): Promise<PlaygroundResult<object>> {
  const r = await db.playground.deleteMany({ where: { id, ownerId: userId } });
  return r.count === 0 ? err(404, NOT_FOUND) : { ok: true };
}

/** Send to the admins as a scenario proposal (again: updates the note and the date). */
export async function proposePlayground(
  db: DbClient,
  userId: string,
  id: string,
  note: string,
  now: Date,
): Promise<PlaygroundResult<{ proposedAt: string }>> {
  const r = await db.playground.updateMany({
    where: { id, ownerId: userId },
    data: { proposedAt: now, proposalNote: note || null },
  });
  return r.count === 0 ? err(404, NOT_FOUND) : { ok: true, proposedAt: now.toISOString() };
}

export interface ProposalItem {
  id: string;
  title: string;
  ownerName: string;
  ownerEmail: string;
  note: string | null;
  proposedAt: string;
}

/** Admin: every proposal, newest first. (The caller checks the admin role.) */
export async function listProposals(db: DbClient): Promise<ProposalItem[]> {
  const rows = await db.playground.findMany({
    where: { proposedAt: { not: null } },
    orderBy: { proposedAt: 'desc' },
    select: {
      id: true,
      title: true,
      proposalNote: true,
      proposedAt: true,
      owner: { select: { name: true, email: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    ownerName: r.owner.name,
    ownerEmail: r.owner.email,
    note: r.proposalNote,
    proposedAt: (r.proposedAt ?? new Date(0)).toISOString(),
  }));
}

/** Admin: a proposed playground, read-only; null when it is not (or no longer) proposed. */
export async function getProposal(db: DbClient, id: string): Promise<PlaygroundView | null> {
  const r = await db.playground.findFirst({
    where: { id, proposedAt: { not: null } },
    include: withOwner,
  });
  return r ? view(r, false) : null;
}

/**
 * Published scenarios a user may open in the playground: the ones they have already submitted a trace of
 * (the playground shows every path, so an unattempted scenario would hand out its answer), all of them for
 * admins.
 */
export async function startableScenarios(
  db: DbClient,
  user: { id: string; role: string },
): Promise<{ id: string; title: string }[]> {
  const where =
    user.role === 'ADMIN'
      ? { status: 'PUBLISHED' }
      : {
          status: 'PUBLISHED',
          versions: { some: { attempts: { some: { userId: user.id } } } },
        };
  return db.scenario.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, title: true } });
}

/** The published YAML of one of `startableScenarios`, or null. */
export async function startableScenarioYaml(
  db: DbClient,
  user: { id: string; role: string },
  scenarioId: string,
): Promise<{ title: string; yaml: string } | null> {
  const allowed = (await startableScenarios(db, user)).find((s) => s.id === scenarioId);
  if (!allowed) return null;
  const s = await db.scenario.findUnique({ where: { id: scenarioId }, select: { publishedVersion: true } });
  if (!s?.publishedVersion) return null;
  const v = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version: s.publishedVersion } },
    select: { yaml: true },
  });
  return v ? { title: allowed.title, yaml: v.yaml } : null;
}
