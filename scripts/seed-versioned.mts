/**
 * The seed step of versioned content shipped as files — the question bank, the scenario library and the
 * troubleshooting exercises (ADR 006, ADR 016) — parameterised by how a kind loads its files, compares them with
 * what is stored and writes its model.
 *
 * The database is the source of truth at run time (admins edit there) and versions are never rewritten
 * (attempts point at theirs). Each new item becomes PUBLISHED version 1; a shipped file edited since it was
 * seeded becomes a new published version while the database still holds only what the seed wrote (published,
 * no draft on top, no admin-written version); an admin's change always wins. Files that do not load fail the
 * seed loudly, with every problem and its position, so broken content never ships silently.
 */
import type { DbClient } from '../lib/server/db/client.ts';
import type { SeedStep, SeedStepResult } from './seed.mts';

/** What the seed reads of a stored item: its state and every version's author and content (`V`: its YAML). */
export interface VersionedRow<V = { yaml: string }> {
  id: string;
  status: string;
  publishedVersion: number | null;
  latestVersion: number;
  versions: ({ version: number; createdById: string | null } & V)[];
}

/** The Prisma `select` that reads a {@link VersionedRow} of a model whose versions hold `yaml`. */
export const VERSIONED_ROW_SELECT = {
  id: true,
  status: true,
  publishedVersion: true,
  latestVersion: true,
  versions: { select: { version: true, yaml: true, createdById: true } },
} as const;

/** A version to publish: 1 for a new item, latest + 1 for a shipped file edited since the seed wrote it. */
export interface Publication<T> {
  item: T;
  version: number;
}

export interface VersionedContent<T, V = { yaml: string }> {
  /** The step's label in the seed's output. */
  name: string;
  /** One item, for the summary: "scenario", "exercise". */
  noun: string;
  /** Where the files are, for the notes: "content/scenarios". */
  where: string;
  /** What the summary counts the items in (default `where`): "the bank". */
  collection?: string;
  /** Reads and checks every file: the items, or a message listing every problem with its position. */
  load(): { ok: true; items: T[] } | { ok: false; message: string };
  idOf(item: T): string;
  /** Whether a stored version holds this item as it is in its file (default: the same YAML). */
  isCurrent(stored: V, item: T): boolean;
  /** Every stored item (with {@link VERSIONED_ROW_SELECT} for YAML content). */
  rows(db: DbClient): Promise<VersionedRow<V>[]>;
  /** Writes the versions (and the new items of version 1) in one transaction. */
  publish(db: DbClient, publications: Publication<T>[]): Promise<unknown>;
}

/** The seed step of one kind of versioned content. */
export function versionedContentStep<T, V = { yaml: string }>(kind: VersionedContent<T, V>): SeedStep {
  return {
    name: kind.name,
    async run(db): Promise<SeedStepResult> {
      const loaded = kind.load();
      if (!loaded.ok) throw new Error(loaded.message);
      const total = loaded.items.length;
      const collection = kind.collection ?? kind.where;
      if (total === 0) return { summary: `skipped (no ${kind.noun}s in ${collection})` };
      const existing = new Map((await kind.rows(db)).map((r) => [r.id, r]));
      const publications: Publication<T>[] = [];
      const kept: string[] = [];
      for (const item of loaded.items) {
        const row = existing.get(kind.idOf(item));
        if (!row) {
          publications.push({ item, version: 1 });
          continue;
        }
        const latest = row.versions.find((v) => v.version === row.latestVersion);
        if (latest && kind.isCurrent(latest, item)) continue;
        // Edited since it was seeded: a new published version, unless an admin has touched the item (any
        // version of theirs, a draft on top, or not published): then it wins.
        const seedOwned =
          row.status === 'PUBLISHED' &&
          row.publishedVersion === row.latestVersion &&
          row.versions.every((v) => v.createdById === null);
        if (seedOwned) publications.push({ item, version: row.latestVersion + 1 });
        else kept.push(row.id);
      }
      if (publications.length === 0) {
        const why = kept.length ? `; ${kept.length} edited in the files but changed by an admin: kept` : '';
        return { summary: `skipped (all ${total} ${kind.noun}s present${why})` };
      }
      await kind.publish(db, publications);
      const updates = publications.filter((p) => p.version > 1);
      const parts = [`added ${publications.length - updates.length} ${kind.noun}(s)`];
      if (updates.length) parts.push(`published a new version of ${updates.length} edited ${kind.noun}(s)`);
      if (kept.length) parts.push(`kept ${kept.length} admin-edited ${kind.noun}(s)`);
      const notes = [
        ...updates.map((p) => `${kind.idOf(p.item)}: version ${p.version} published from ${kind.where}`),
        ...kept.map((id) => `${id}: the file changed, but an admin changed it too; the database wins`),
      ];
      return {
        summary: `${parts.join(', ')} (${total} in ${collection})`,
        ...(notes.length ? { notes } : {}),
      };
    },
  };
}
