import 'server-only';
/**
 * Retire and restore, the same for questions and scenarios: a retired item is no longer drawn or listed for
 * learners, old attempts keep their version, and restoring brings back the published version (or a draft if
 * there never was one). One audit entry per change, in the same transaction.
 */
import type { DbClient } from '@/lib/server/db/client';
import { recordAudit, type Actor, type Tx } from './audit';
import { fail, type AuthoringResult } from './result';

type Status = 'DRAFT' | 'PUBLISHED' | 'RETIRED';

/** How one kind of authored item is read and written, and what its messages say. */
export interface Lifecycle {
  entityType: 'QUESTION' | 'SCENARIO';
  /** "question" or "scenario": in messages and audit actions (`question.retire`). */
  noun: 'question' | 'scenario';
  read(tx: Tx, id: string): Promise<{ status: string; publishedVersion: number | null } | null>;
  setStatus(tx: Tx, id: string, status: Status, now: Date): Promise<unknown>;
  /** Said after a retirement. */
  retired: string;
  /** Said after restoring to the published version `v`. */
  restored(v: number): string;
}

export async function retire(
  db: DbClient,
  actor: Actor,
  id: string,
  now: Date,
  l: Lifecycle,
): Promise<AuthoringResult> {
  return db.$transaction(async (tx) => {
    const row = await l.read(tx, id);
    if (!row) return fail(404, `This ${l.noun} no longer exists.`);
    if (row.status === 'RETIRED') return { ok: true as const, message: `The ${l.noun} is already retired.` };
    await l.setStatus(tx, id, 'RETIRED', now);
    await recordAudit(
      tx,
      actor,
      {
        action: `${l.noun}.retire`,
        entityType: l.entityType,
        entityId: id,
        version: row.publishedVersion,
        detail: { from: row.status },
      },
      now,
    );
    return { ok: true as const, message: l.retired };
  });
}

export async function restore(
  db: DbClient,
  actor: Actor,
  id: string,
  now: Date,
  l: Lifecycle,
): Promise<AuthoringResult> {
  return db.$transaction(async (tx) => {
    const row = await l.read(tx, id);
    if (!row) return fail(404, `This ${l.noun} no longer exists.`);
    if (row.status !== 'RETIRED') return { ok: true as const, message: `The ${l.noun} is not retired.` };
    const status = row.publishedVersion === null ? 'DRAFT' : 'PUBLISHED';
    await l.setStatus(tx, id, status, now);
    await recordAudit(
      tx,
      actor,
      {
        action: `${l.noun}.restore`,
        entityType: l.entityType,
        entityId: id,
        version: row.publishedVersion,
        detail: { to: status },
      },
      now,
    );
    return {
      ok: true as const,
      message: row.publishedVersion === null ? 'Restored as a draft.' : l.restored(row.publishedVersion),
    };
  });
}
