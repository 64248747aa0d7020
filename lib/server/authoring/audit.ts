import 'server-only';
/**
 * The authoring audit trail: one AuditEntry per change (who, what, when, which version), written in the same
 * transaction as the change itself.
 */
import type { DbClient } from '@/lib/server/db/client';
import type { Prisma } from '@/generated/prisma/client';
import { fromJson, toJson } from '@/lib/server/db/json';

/** A client or a transaction: services write inside `$transaction(async (tx) => …)`. */
export type Tx = DbClient | Prisma.TransactionClient;

export type EntityType = 'QUESTION' | 'SCENARIO' | 'BANK' | 'TROUBLESHOOT';

/** Who is acting (an admin; checked by the caller). */
export interface Actor {
  id: string;
}

export async function recordAudit(
  tx: Tx,
  actor: Actor,
  entry: {
    action: string;
    entityType: EntityType;
    entityId: string;
    version?: number | null;
    detail?: Record<string, unknown>;
  },
  now: Date,
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      version: entry.version ?? null,
      detail: toJson(entry.detail ?? {}),
      createdAt: now,
    },
  });
}

export interface AuditView {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  version: number | null;
  detail: Record<string, unknown>;
  createdAt: string;
  actor: { id: string; name: string; email: string };
}

function parseDetail(stored: unknown): Record<string, unknown> {
  const v = fromJson(stored);
  return v && !Array.isArray(v) ? v : {};
}

/** Newest first; for one entity, or everything. */
export async function listAudit(
  db: DbClient,
  filter: { entityType?: EntityType; entityId?: string } = {},
  take = 50,
): Promise<AuditView[]> {
  const rows = await db.auditEntry.findMany({
    where: {
      ...(filter.entityType ? { entityType: filter.entityType } : {}),
      ...(filter.entityId ? { entityId: filter.entityId } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    version: r.version,
    detail: parseDetail(r.detail),
    createdAt: r.createdAt.toISOString(),
    actor: r.actor,
  }));
}
