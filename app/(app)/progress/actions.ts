'use server';
/**
 * Progress and review actions. Each authorizes the caller again, validates its input with zod and checks the
 * CSRF token; the services do the work with the request's clock (lib/clock.ts).
 */
import { revalidatePath } from 'next/cache';
import { now } from '@/lib/clock';
import { authorizeUser } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { db } from '@/lib/server/db';
import { setStreaksOptIn } from '@/lib/server/progress/progress';
import { checkReview, rateReview, type ReviewCheckView } from '@/lib/server/progress/review';
import { checkReviewSchema, rateReviewSchema, streakFormSchema } from '@/lib/progress/validation';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';

/** Show or hide the learner's own daily streak (off by default; never shown to anyone else). */
export async function setStreakAction(
  _prev: unknown,
  formData: FormData,
): Promise<ActionResult<{ optIn: boolean }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = streakFormSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const optIn = parsed.data.optIn === 'on';
  await setStreaksOptIn(db, auth.user.id, optIn);
  revalidatePath('/progress');
  return {
    ok: true,
    data: { optIn },
    message: optIn ? 'Streak shown. Only you can see it.' : 'Streak hidden.',
  };
}

/** Check an answer to a due review item (stores nothing). */
export async function checkReviewAction(input: unknown): Promise<ActionResult<{ check: ReviewCheckView }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = checkReviewSchema.safeParse(input);
  if (!parsed.success) return fromZodError(parsed.error);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const r = await checkReview(db, auth.user.id, parsed.data.itemId, parsed.data.answer, await now());
  if (!r.ok) return formError(r.message);
  return { ok: true, data: { check: r.check } };
}

/** Rate a due item Again/Hard/Good/Easy: FSRS reschedules it. */
export async function rateReviewAction(
  input: unknown,
): Promise<ActionResult<{ due: string; scheduledDays: number }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = rateReviewSchema.safeParse(input);
  if (!parsed.success) return fromZodError(parsed.error);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const r = await rateReview(db, auth.user.id, parsed.data.itemId, parsed.data.rating, await now());
  if (!r.ok) return formError(r.message);
  revalidatePath('/progress');
  revalidatePath('/progress/review');
  return { ok: true, data: { due: r.due.toISOString(), scheduledDays: r.scheduledDays } };
}
