'use server';
/**
 * Quiz server actions. Pages are guarded by the (app) layout, but every action is a public POST endpoint:
 * defineAction/defineFormAction (lib/server/guard/action.ts) authorize the caller, check the form token and
 * validate the input with zod before the handler runs.
 */
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { db } from '@/lib/server/db';
import { defineAction, defineFormAction } from '@/lib/server/guard/action';
import {
  EXAM_PRESETS,
  rateInterviewItem,
  revealItem,
  startAttempt,
  submitAttempt,
  type ItemFeedback,
} from '@/lib/server/quiz/service';
import { formError, type ActionResult } from '@/lib/validation/action-result';
import { rateSchema, revealSchema, startQuizSchema, submitSchema } from '@/lib/validation/quiz';
import { now } from '@/lib/server/clock';

/** Start a practice round, a timed exam (custom or preset) or a mock interview, then open it. */
export const startQuizAction = defineFormAction(
  {
    name: 'startQuiz',
    schema: startQuizSchema,
    role: 'user',
    csrf: true,
    // Checkbox groups arrive as repeated keys; read them whole.
    fields: (form) => ({
      topics: form.getAll('topics').map(String),
      difficulties: form.getAll('difficulties').map(String),
    }),
  },
  async (input, { user }): Promise<ActionResult> => {
    const preset = EXAM_PRESETS.find((p) => p.id === input.preset);
    const result = await startAttempt(
      db,
      user.id,
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
      await now(),
    );
    if (!result.ok) return formError(result.message, 400);
    revalidatePath('/quizzes');
    redirect(`/quizzes/${result.id}`);
  },
);

/** Submit an attempt and go to its review. */
export const submitQuizAction = defineFormAction(
  { name: 'submitQuiz', schema: submitSchema, role: 'user', csrf: true },
  async ({ attemptId }, { user }): Promise<ActionResult> => {
    const r = await submitAttempt(db, user.id, attemptId, await now());
    // Time ran out: the attempt was finalised with the saved answers; show its review with the message.
    if (!r.ok && r.status !== 409) return formError(r.message, r.status);
    revalidatePath('/quizzes');
    redirect(`/quizzes/${attemptId}/review`);
  },
);

/** Practice: check one answer. Interview: reveal the model answer and rubric. */
export const revealAction = defineAction(
  { name: 'reveal', schema: revealSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ feedback: ItemFeedback }>> => {
    const r = await revealItem(db, user.id, input.attemptId, input.position, input.response, await now());
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { feedback: r.feedback } };
  },
);

/** Interview: tick the rubric points covered and rate yourself 0–4. */
export const rateAction = defineAction(
  { name: 'rate', schema: rateSchema, role: 'user', csrf: true },
  async (input, { user }): Promise<ActionResult<{ score: number }>> => {
    const { attemptId, position, ticked, selfRating } = input;
    const r = await rateInterviewItem(db, user.id, attemptId, position, ticked, selfRating, await now());
    if (!r.ok) return formError(r.message, r.status);
    return { ok: true, data: { score: r.score } };
  },
);
