/**
 * zod schemas for what the trace player sends (server actions and the grading route handler validate with
 * these). Shapes only: whether a card belongs to the exercise is checked by the service against the palette.
 */
import { z } from 'zod';
import { isDisposition } from '../trace-player/outcomes';

/** Longest answer accepted: far beyond any real path (wire paths have ~20 hops). */
export const MAX_ANSWER_CARDS = 60;

export const cardIdSchema = z.string().min(1).max(300);

export const dispositionSchema = z.string().max(32).refine(isDisposition, 'Unknown outcome.');

export const answerSchema = z.strictObject({
  cards: z.array(cardIdSchema).max(MAX_ANSWER_CARDS, `A path has at most ${MAX_ANSWER_CARDS} hops.`),
  disposition: dispositionSchema.optional(),
});
export type AnswerInput = z.infer<typeof answerSchema>;

export const sessionIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/i, 'Unknown session.');

/** Path parameters of POST /api/trace/sessions/:sessionId/submit. */
export const traceSessionParamsSchema = z.object({ sessionId: sessionIdSchema });

/** The form token (csrfToken) is checked and removed by the guard (lib/server/guard/action.ts) before these. */
export const submitActionSchema = z.strictObject({
  sessionId: sessionIdSchema,
  answer: answerSchema,
});

export const HINT_KINDS = ['next', 'explain'] as const;
export type HintKind = (typeof HINT_KINDS)[number];

export const hintActionSchema = z.strictObject({
  sessionId: sessionIdSchema,
  kind: z.enum(HINT_KINDS),
  answer: answerSchema,
});

export const checkActionSchema = z.strictObject({
  sessionId: sessionIdSchema,
  answer: answerSchema,
});

/** Autosave of the path so far (an empty path is a valid draft). */
export const draftActionSchema = z.strictObject({
  sessionId: sessionIdSchema,
  answer: answerSchema,
});

export const MODES = ['learning', 'challenge'] as const;
export type PlayerMode = (typeof MODES)[number];

export const librarySearchSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  topic: z
    .string()
    .max(40)
    .regex(/^[a-z0-9-]*$/)
    .optional()
    .catch(undefined),
  difficulty: z.enum(['1', '2', '3']).optional().catch(undefined),
  level: z.enum(['textbook', 'coarse', 'wire']).optional().catch(undefined),
});
export type LibrarySearch = z.infer<typeof librarySearchSchema>;

/** Score penalties of the learning-mode hints (fractions of the full score), stated before a hint is taken. */
export const HINT_COSTS: Record<HintKind, number> = { explain: 0.05, next: 0.15 };
