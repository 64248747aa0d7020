import 'server-only';
/**
 * Problem reports ("the key is wrong", "this hop is explained badly") on a question, a scenario or a trace
 * result. The server, not the browser, decides which version the learner saw and what they answered: it
 * reads them from the learner's own attempt (or takes the published version when there is none). Limited to
 * REPORTS_PER_HOUR per learner (a count in the database, so it holds across instances). Text is stored as
 * written and rendered as plain text. Admins list open reports with the item's analytics and resolve them
 * with a reply the learner sees on their account page.
 */
import type { DbClient } from '@/lib/server/db/client';
import { fromJson, jsonText, toJson, type JsonDocument } from '@/lib/server/db/json';

export const REPORTS_PER_HOUR = 10;
export const REPORT_KINDS = ['QUESTION', 'SCENARIO', 'TRACE_RESULT'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_CATEGORIES = {
  KEY_WRONG: 'The key (correct answer) is wrong',
  EXPLANATION: 'The explanation is wrong or unclear',
  HOP: 'A hop or the path is explained badly',
  TYPO: 'A typo or broken wording',
  OTHER: 'Something else',
} as const;
export type ReportCategory = keyof typeof REPORT_CATEGORIES;

export interface ReportInput {
  kind: ReportKind;
  /** Question id (QUESTION) or scenario id (SCENARIO); ignored for TRACE_RESULT. */
  itemId?: string;
  /** QUESTION: a quiz attempt id (with position); TRACE_RESULT: a trace attempt id. */
  attemptId?: string;
  position?: number;
  category: ReportCategory;
  message: string;
}

type Fail = { ok: false; status: 400 | 404 | 429; message: string };
const fail = (status: Fail['status'], message: string): Fail => ({ ok: false, status, message });

export async function createReport(
  db: DbClient,
  userId: string,
  input: ReportInput,
  now: Date,
): Promise<{ ok: true; id: string } | Fail> {
  const recent = await db.problemReport.count({
    where: { userId, createdAt: { gt: new Date(now.getTime() - 3_600_000) } },
  });
  if (recent >= REPORTS_PER_HOUR)
    return fail(
      429,
      `You have sent ${REPORTS_PER_HOUR} reports in the last hour. Thank you! Try again later.`,
    );

  let itemId: string;
  let itemVersion: number;
  let learnerAnswer: JsonDocument | null = null;
  let contextId: string | null = null;
  if (input.kind === 'QUESTION') {
    if (input.attemptId !== undefined && input.position !== undefined) {
      const item = await db.quizItem.findFirst({
        where: { attemptId: input.attemptId, position: input.position, attempt: { userId } },
        select: { response: true, questionVersion: { select: { questionId: true, version: true } } },
      });
      if (!item) return fail(404, 'This question is not part of any attempt of yours.');
      itemId = item.questionVersion.questionId;
      itemVersion = item.questionVersion.version;
      learnerAnswer = fromJson(item.response);
      contextId = input.attemptId;
    } else {
      const q = input.itemId
        ? await db.question.findUnique({
            where: { id: input.itemId },
            select: { id: true, publishedVersion: true },
          })
        : null;
      if (!q?.publishedVersion) return fail(404, 'This question is not in the bank.');
      itemId = q.id;
      itemVersion = q.publishedVersion;
    }
  } else if (input.kind === 'TRACE_RESULT') {
    const a = input.attemptId
      ? await db.traceAttempt.findFirst({
          where: { id: input.attemptId, userId },
          select: { answer: true, scenarioVersion: { select: { scenarioId: true, version: true } } },
        })
      : null;
    if (!a) return fail(404, 'This result is not one of yours.');
    itemId = a.scenarioVersion.scenarioId;
    itemVersion = a.scenarioVersion.version;
    learnerAnswer = fromJson(a.answer);
    contextId = input.attemptId ?? null;
  } else {
    const s = input.itemId
      ? await db.scenario.findUnique({
          where: { id: input.itemId },
          select: { id: true, publishedVersion: true },
        })
      : null;
    if (!s?.publishedVersion) return fail(404, 'This scenario is not in the library.');
    itemId = s.id;
    itemVersion = s.publishedVersion;
  }
  const r = await db.problemReport.create({
    data: {
      userId,
      kind: input.kind,
      itemId,
      itemVersion,
      contextId,
      category: input.category,
      message: input.message,
      // SQL NULL when there is no answer (a Json? field takes no plain null).
      ...(learnerAnswer === null ? {} : { learnerAnswer: toJson(learnerAnswer) }),
      createdAt: now,
    },
    select: { id: true },
  });
  return { ok: true, id: r.id };
}

export interface ReportView {
  id: string;
  kind: ReportKind;
  itemId: string;
  itemVersion: number;
  category: ReportCategory;
  categoryLabel: string;
  message: string;
  learnerAnswer: string | null;
  status: 'OPEN' | 'RESOLVED';
  reply: string | null;
  createdAt: string;
  resolvedAt: string | null;
  reporter?: string;
}

function view(r: {
  id: string;
  kind: string;
  itemId: string;
  itemVersion: number;
  category: string;
  message: string;
  learnerAnswer: unknown;
  status: string;
  reply: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}): ReportView {
  return {
    id: r.id,
    kind: r.kind as ReportKind,
    itemId: r.itemId,
    itemVersion: r.itemVersion,
    category: r.category as ReportCategory,
    categoryLabel: REPORT_CATEGORIES[r.category as ReportCategory] ?? r.category,
    message: r.message,
    learnerAnswer: jsonText(r.learnerAnswer),
    status: r.status as ReportView['status'],
    reply: r.reply,
    createdAt: r.createdAt.toISOString(),
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
  };
}

/** A learner's own reports, newest first. */
export async function myReports(db: DbClient, userId: string, take = 50): Promise<ReportView[]> {
  const rows = await db.problemReport.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take });
  return rows.map(view);
}

/** Reports for the admin dashboard (open first, then the latest resolved), with who sent them. */
export async function adminReports(db: DbClient, take = 30): Promise<ReportView[]> {
  const rows = await db.problemReport.findMany({
    orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
    take,
    include: { user: { select: { email: true } } },
  });
  return rows.map((r) => ({ ...view(r), reporter: r.user.email }));
}

/** Resolve with a reply (also to edit the reply of a resolved report). */
export async function resolveReport(
  db: DbClient,
  adminId: string,
  reportId: string,
  reply: string,
  now: Date,
): Promise<{ ok: true } | Fail> {
  const r = await db.problemReport.updateMany({
    where: { id: reportId },
    data: { status: 'RESOLVED', reply, resolvedById: adminId, resolvedAt: now },
  });
  if (r.count !== 1) return fail(404, 'This report does not exist.');
  return { ok: true };
}
