'use server';
/**
 * Trace player server actions: check (learning), hint (learning) and submit. Every action is a public POST
 * endpoint, so each one authorizes the caller, validates its input with zod and checks the CSRF token before
 * calling the service (lib/server/trace/service.ts), which owns every rule. The score is decided there, by
 * the engine's grader; nothing the browser says about correctness is trusted.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { authorizeUser } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { db } from '@/lib/server/db';
import {
  checkAnswer,
  submitAnswer,
  takeHint,
  type CheckView,
  type HintView,
} from '@/lib/server/trace/service';
import { checkActionSchema, hintActionSchema, submitActionSchema } from '@/lib/trace-ui/schemas';
import { formError, type ActionResult } from '@/lib/validation/action-result';

const BAD_INPUT = 'Something in this request was not valid. Reload the page and try again.';

/** Learning mode: mark each placed card as on the path, out of order, or not on the path. Free. */
export async function checkPathAction(input: unknown): Promise<ActionResult<{ check: CheckView }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = checkActionSchema.safeParse(input);
  if (!parsed.success) return formError(BAD_INPUT);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const r = await checkAnswer(db, auth.user.id, parsed.data.sessionId, parsed.data.answer);
  if (!r.ok) return formError(r.message);
  return { ok: true, data: { check: r.check } };
}

/** Learning mode: a hint, charged on the session when it reveals something. */
export async function hintAction(input: unknown): Promise<ActionResult<{ hint: HintView }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = hintActionSchema.safeParse(input);
  if (!parsed.success) return formError(BAD_INPUT);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const r = await takeHint(db, auth.user.id, parsed.data.sessionId, parsed.data.kind, parsed.data.answer);
  if (!r.ok) return formError(r.message);
  return { ok: true, data: { hint: r.hint } };
}

/** Grade the path (once per session) and open the result. */
export async function submitPathAction(input: unknown): Promise<ActionResult> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = submitActionSchema.safeParse(input);
  if (!parsed.success) return formError(parsed.error.issues[0]?.message ?? BAD_INPUT);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const r = await submitAnswer(db, auth.user.id, parsed.data.sessionId, parsed.data.answer, new Date());
  if (!r.ok) return formError(r.message);
  revalidatePath('/trace');
  redirect(`/trace/attempts/${r.attemptId}`);
}
