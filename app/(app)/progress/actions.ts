'use server';
/**
 * Progress and review actions: defineAction/defineFormAction (lib/server/guard/action.ts) authorize the
 * caller, check the form token and validate the input; the services do the work with the request's clock
 * (lib/server/clock.ts).
 */
import { revalidatePath } from 'next/cache';
import { now } from '@/lib/server/clock';
import { db } from '@/lib/server/db';
import { defineAction, defineFormAction } from '@/lib/server/guard/action';
import { setStreaksOptIn } from '@/lib/server/progress/progress';
import { checkReview, rateReview, setCram, type ReviewCheckView } from '@/lib/server/progress/review';
import {
  checkReviewSchema,
  cramFormSchema,
  rateReviewSchema,
  streakFormSchema,
} from '@/lib/validation/progress';
import { formError, type ActionResult } from '@/lib/validation/action-result';

/** Show or hide the learner's own daily streak (off by default; never shown to anyone else). */
export const setStreakAction = defineFormAction(
  { name: 'setStreak', schema: streakFormSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ optIn: boolean }>> => {
    const optIn = input.optIn === 'on';
    await setStreaksOptIn(db, user.id, optIn);
    revalidatePath('/progress');
    return {
      ok: true,
      data: { optIn },
      message: optIn ? 'Streak shown. Only you can see it.' : 'Streak hidden.',
    };
  },
);

/**
 * Cram mode ("my interview is tomorrow"): study the whole queue ahead of schedule until the end of the
 * interview day, with missed items back in minutes; or turn it off.
 */
export const setCramAction = defineFormAction(
  { name: 'setCram', schema: cramFormSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ until: string | null }>> => {
    const r = await setCram(db, user.id, input.mode === 'on' ? (input.day ?? null) : null, await now());
    if (!r.ok) return formError(r.message, 400);
    revalidatePath('/progress');
    revalidatePath('/progress/review');
    const until = r.state.until?.toISOString() ?? null;
    return {
      ok: true,
      data: { until },
      message: until ? 'Cram mode is on.' : 'Cram mode is off: back to the normal schedule.',
    };
  },
);

/** Check an answer to a due review item (stores nothing). */
export const checkReviewAction = defineAction(
  { name: 'checkReview', schema: checkReviewSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ check: ReviewCheckView }>> => {
    const r = await checkReview(db, user.id, input.itemId, input.answer, await now());
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { check: r.check } };
  },
);

/** Rate a due item Again/Hard/Good/Easy: FSRS reschedules it. */
export const rateReviewAction = defineAction(
  { name: 'rateReview', schema: rateReviewSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ due: string; scheduledDays: number }>> => {
    const r = await rateReview(db, user.id, input.itemId, input.rating, await now());
    if (!r.ok) return formError(r.message, 404);
    revalidatePath('/progress');
    revalidatePath('/progress/review');
    return { ok: true, data: { due: r.due.toISOString(), scheduledDays: r.scheduledDays } };
  },
);
