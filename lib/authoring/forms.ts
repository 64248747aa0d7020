/**
 * zod schemas for the authoring forms (server actions parse FormData with them). Strict: unknown fields are
 * refused, sizes are bounded.
 */
import { z } from 'zod';

const csrfToken = z.string().min(1).max(512);
const entityId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'unknown id')
  .max(100);

export const saveQuestionFormSchema = z.strictObject({
  csrfToken,
  /** Absent when creating. */
  id: entityId.optional(),
  /** The bank question as JSON (validated with questionSchema by the service). */
  content: z.string().min(2).max(200_000),
  intent: z.enum(['save', 'publish']).default('save'),
});

export const saveScenarioFormSchema = z.strictObject({
  csrfToken,
  id: entityId.optional(),
  yaml: z
    .string()
    .min(1, 'The scenario is empty.')
    .max(600_000, 'The scenario is too large (600 kB at most).'),
  intent: z.enum(['save', 'publish']).default('save'),
});

export const lifecycleFormSchema = z.strictObject({
  csrfToken,
  id: entityId,
  op: z.enum(['publish', 'retire', 'restore']),
});
