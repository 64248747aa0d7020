'use server';
/**
 * Quiz server actions. Pages are guarded by the (app) layout, but every action is a public POST
 * endpoint, so each one authorizes the caller again and validates its input with zod.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { authorizeUser } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { db } from '@/lib/server/db';
import {
  EXAM_PRESETS,
  rateInterviewItem,
  revealItem,
  startAttempt,
  submitAttempt,
  type ItemFeedback,
} from '@/lib/server/quiz/service';
import { formDataToObject, formError, fromZodError, type ActionResult } from '@/lib/validation/action-result';
import { rateSchema, revealSchema, startQuizSchema, submitSchema } from '@/lib/validation/quiz';

/** Start a practice round, a timed exam (custom or preset) or a mock interview, then open it. */
export async function startQuizAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  // A hand-made POST can send anything as the second argument: treat a non-FormData as an empty form (a 4xx-style form error, not a 500).
  const form = formData instanceof FormData ? formData : new FormData();
  const raw = formDataToObject(form);
  // Checkbox groups arrive as repeated keys; formDataToObject keeps the last, so read them whole.
  const parsed = startQuizSchema.safeParse({
    ...raw,
    topics: form.getAll('topics').map(String),
    difficulties: form.getAll('difficulties').map(String),
  });
  if (!parsed.success) return fromZodError(parsed.error);
  const input = parsed.data;
  if (!verifyCsrfToken(input.csrfToken, auth.user.id)) return formError(CSRF_ERROR);

  const preset = EXAM_PRESETS.find((p) => p.id === input.preset);
  const result = await startAttempt(
    db,
    auth.user.id,
    {
      mode: input.mode,
      topics: input.topics,
      difficulties: input.difficulties as (1 | 2 | 3)[],
      count: preset?.count ?? input.count,
      ...(input.mode === 'PRACTICE'
        ? {}
        : preset
          ? { minutes: preset.minutes }
          : input.minutes !== undefined
            ? { minutes: input.minutes }
            : {}),
      ...(preset ? { preset: preset.id, title: preset.title } : {}),
    },
    new Date(),
  );
  if (!result.ok) return formError(result.message);
  revalidatePath('/quizzes');
  redirect(`/quizzes/${result.id}`);
}

/** Submit an attempt and go to its review. */
export async function submitQuizAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = submitSchema.safeParse(formDataToObject(formData));
  if (!parsed.success) return fromZodError(parsed.error);
  if (!verifyCsrfToken(parsed.data.csrfToken, auth.user.id)) return formError(CSRF_ERROR);
  const r = await submitAttempt(db, auth.user.id, parsed.data.attemptId, new Date());
  // Time ran out: the attempt was finalised with the saved answers; show its review with the message.
  if (!r.ok && r.status !== 409) return formError(r.message);
  revalidatePath('/quizzes');
  redirect(`/quizzes/${parsed.data.attemptId}/review`);
}

/** Practice: check one answer. Interview: reveal the model answer and rubric. */
export async function revealAction(input: unknown): Promise<ActionResult<{ feedback: ItemFeedback }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = revealSchema.safeParse(input);
  if (!parsed.success) return fromZodError(parsed.error);
  const r = await revealItem(
    db,
    auth.user.id,
    parsed.data.attemptId,
    parsed.data.position,
    parsed.data.response,
    new Date(),
  );
  if (!r.ok) return formError(r.message);
  return { ok: true, data: { feedback: r.feedback } };
}

/** Interview: tick the rubric points covered and rate yourself 0–4. */
export async function rateAction(input: unknown): Promise<ActionResult<{ score: number }>> {
  const auth = await authorizeUser();
  if (!auth.ok) return formError(auth.formError);
  const parsed = rateSchema.safeParse(input);
  if (!parsed.success) return fromZodError(parsed.error);
  const { attemptId, position, ticked, selfRating } = parsed.data;
  const r = await rateInterviewItem(db, auth.user.id, attemptId, position, ticked, selfRating, new Date());
  if (!r.ok) return formError(r.message);
  return { ok: true, data: { score: r.score } };
}
