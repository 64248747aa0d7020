'use server';
/**
 * Problem reports: a learner reports a question, scenario or result; an admin resolves it with a reply.
 * Public POST endpoints: defineFormAction (lib/server/guard/action.ts) authorizes the caller, checks the form
 * token and validates the input with zod before the handler runs.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db } from '@/lib/server/db';
import { defineFormAction } from '@/lib/server/guard/action';
import { REPORT_CATEGORIES, REPORT_KINDS, createReport, resolveReport } from '@/lib/server/reports';
import { formError, type ActionResult } from '@/lib/validation/action-result';
import { now as clockNow } from '@/lib/server/clock';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,100}$/, 'Unknown item.');
const reportSchema = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  itemId: id.optional(),
  attemptId: id.optional(),
  position: z.coerce.number().int().min(0).max(199).optional(),
  category: z.enum(Object.keys(REPORT_CATEGORIES) as [keyof typeof REPORT_CATEGORIES], {
    error: 'Choose what is wrong.',
  }),
  message: z
    .string()
    .trim()
    .min(10, 'Say what is wrong in a sentence or two (at least 10 characters).')
    .max(2000, 'Keep it under 2,000 characters.'),
});

/** The optional hidden fields are sent empty when they do not apply: read those as absent. */
const OPTIONAL_FIELDS = ['itemId', 'attemptId', 'position'] as const;

export const reportProblemAction = defineFormAction(
  {
    name: 'reportProblem',
    schema: reportSchema,
    role: 'user',
    csrf: true,
    fields: (form) =>
      Object.fromEntries(
        OPTIONAL_FIELDS.map((k) => {
          const v = form.get(k);
          return [k, v === null || v === '' ? undefined : v];
        }),
      ),
  },
  async (input, { user }): Promise<ActionResult> => {
    const r = await createReport(
      db,
      user.id,
      {
        kind: input.kind,
        category: input.category,
        message: input.message,
        ...(input.itemId ? { itemId: input.itemId } : {}),
        ...(input.attemptId ? { attemptId: input.attemptId } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      },
      await clockNow(),
    );
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/account');
    return {
      ok: true,
      data: undefined,
      message: 'Thank you: your report was sent. The reply will appear on your account page.',
    };
  },
);

const resolveSchema = z.strictObject({
  reportId: z.string().regex(/^[a-z0-9]{20,40}$/, 'Unknown report.'),
  reply: z
    .string()
    .trim()
    .min(2, 'Write a reply for the learner.')
    .max(2000, 'Keep it under 2,000 characters.'),
});

export const resolveReportAction = defineFormAction(
  { name: 'resolveReport', schema: resolveSchema, role: 'admin', csrf: true },
  async ({ reportId, reply }, { user }): Promise<ActionResult> => {
    const r = await resolveReport(db, user.id, reportId, reply, await clockNow());
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/admin');
    return { ok: true, data: undefined, message: 'Resolved; the learner sees your reply.' };
  },
);
