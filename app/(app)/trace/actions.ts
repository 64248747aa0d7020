'use server';
/**
 * Trace player server actions: check (learning), hint (learning), draft autosave and submit. defineAction
 * (lib/server/guard/action.ts) authorizes the caller, checks the form token and validates the input before
 * the service (lib/server/trace/service.ts), which owns every rule. The score is decided there, by the
 * engine's grader; nothing the browser says about correctness is trusted.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/server/db';
import { defineAction } from '@/lib/server/guard/action';
import { MESSAGES } from '@/lib/server/guard/failure';
import {
  checkAnswer,
  saveDraft,
  submitAnswer,
  takeHint,
  type CheckView,
  type HintView,
} from '@/lib/server/trace/service';
import {
  checkActionSchema,
  draftActionSchema,
  hintActionSchema,
  submitActionSchema,
} from '@/lib/validation/trace';
import { formError, type ActionResult } from '@/lib/validation/action-result';

/** Learning mode: mark each placed card as on the path, out of order, or not on the path. Free. */
export const checkPathAction = defineAction(
  { name: 'checkPath', schema: checkActionSchema, role: 'user', csrf: true, invalid: MESSAGES.badInput },
  async (input, { user }): Promise<ActionResult<{ check: CheckView }>> => {
    const r = await checkAnswer(db, user.id, input.sessionId, input.answer);
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { check: r.check } };
  },
);

/** Autosave: keep the path so far on the server, so a reload or another device resumes it. */
export const saveDraftAction = defineAction(
  { name: 'saveDraft', schema: draftActionSchema, role: 'user', csrf: true, invalid: MESSAGES.badInput },
  async (input, { user }): Promise<ActionResult<{ savedAt: string }>> => {
    const r = await saveDraft(db, user.id, input.sessionId, input.answer, new Date());
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { savedAt: r.savedAt } };
  },
);

/** Learning mode: a hint, charged on the session when it reveals something. */
export const hintAction = defineAction(
  { name: 'hint', schema: hintActionSchema, role: 'user', csrf: true, invalid: MESSAGES.badInput },
  async (input, { user }): Promise<ActionResult<{ hint: HintView }>> => {
    const r = await takeHint(db, user.id, input.sessionId, input.kind, input.answer);
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { hint: r.hint } };
  },
);

/** Grade the path (once per session) and open the result. */
export const submitPathAction = defineAction(
  { name: 'submitPath', schema: submitActionSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult> => {
    const r = await submitAnswer(db, user.id, input.sessionId, input.answer, new Date());
    if (!r.ok) return formError(r.message, r.status);
    revalidatePath('/trace');
    redirect(`/trace/attempts/${r.attemptId}`);
  },
);
