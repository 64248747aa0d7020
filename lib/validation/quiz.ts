/**
 * Boundary schemas for quizzes: the start form, autosave bodies and the practice/interview actions.
 * The answer itself is validated by `responseSchema` (lib/quiz/scoring.ts) and then against its question.
 */
import { z } from 'zod';
import { TOPIC_SLUGS } from '@/lib/quiz/bank-schema';

/** Attempt ids are cuids; anything else is refused before it reaches the database. */
export const attemptIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, 'Unknown attempt.');

/** 0-based position of a question inside its attempt, as it appears in URLs. */
export const positionSchema = z.coerce
  .number({ error: 'Question number must be a number.' })
  .int()
  .min(0)
  .max(199);

const listOf = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : typeof v === 'string' ? v.split(',').filter(Boolean) : v),
    z.array(item).max(max),
  );

/** The form token (csrfToken) is checked and removed by the guard (lib/server/guard/action.ts) before these. */
export const startQuizSchema = z.strictObject({
  mode: z.enum(['PRACTICE', 'EXAM', 'INTERVIEW'], { error: 'Choose practice, exam or mock interview.' }),
  preset: z.enum(['interview-sprint', 'quick-ten', 'full-mock', 'custom']).optional(),
  topics: listOf(z.enum(TOPIC_SLUGS, { error: 'Unknown topic.' }), TOPIC_SLUGS.length),
  difficulties: listOf(z.coerce.number().int().min(1).max(3), 3),
  count: z.coerce
    .number({ error: 'Choose how many questions.' })
    .int()
    .min(1, 'At least one question.')
    .max(60, 'At most 60 questions.'),
  minutes: z.coerce.number().int().min(1, 'At least one minute.').max(180, 'At most 180 minutes.').optional(),
});

/** Path parameters of /api/quiz/attempts/:attemptId/items/:position. */
export const attemptItemParamsSchema = z.object({ attemptId: attemptIdSchema, position: positionSchema });

export const saveAnswerBodySchema = z.strictObject({ response: z.unknown() });
export const flagBodySchema = z.strictObject({
  flagged: z.boolean({ error: 'flagged must be true or false.' }),
});
/** PATCH bodies of a question: flag it, or note that it is the one on screen (resume point). */
export const itemPatchBodySchema = z.union([
  flagBodySchema,
  z.strictObject({ viewed: z.literal(true, { error: 'viewed must be true.' }) }),
]);

export const revealSchema = z.strictObject({
  attemptId: attemptIdSchema,
  position: positionSchema,
  response: z.unknown(),
});

export const rateSchema = z.strictObject({
  attemptId: attemptIdSchema,
  position: positionSchema,
  ticked: z.array(z.number().int().min(0).max(9)).max(10),
  selfRating: z.number().int().min(0, 'Rate yourself from 0 to 4.').max(4, 'Rate yourself from 0 to 4.'),
});

export const submitSchema = z.strictObject({ attemptId: attemptIdSchema });
