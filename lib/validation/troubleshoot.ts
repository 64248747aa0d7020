/**
 * zod schemas for what the troubleshooting pages send (ADR 016). Shapes only: whether an edit is allowed and
 * whether it fixes the cluster is decided by the service with the checker.
 */
import { z } from 'zod';
import { TROUBLESHOOT_MODES } from '../troubleshoot/views';

/** The largest cluster text accepted (the service refuses larger texts with a message too). */
export const MAX_CLUSTER_TEXT = 200_000;

export const troubleshootSessionIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/i, 'Unknown session.');

export const clusterTextSchema = z
  .string()
  .max(MAX_CLUSTER_TEXT, `The cluster is too long (over ${MAX_CLUSTER_TEXT} characters).`);

/** `?mode=` of the exercise page; anything else opens the editor. */
export const troubleshootModeSchema = z.enum(TROUBLESHOOT_MODES).catch('EDIT');

export const troubleshootIdSchema = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Unknown exercise.');

/** The form token (csrfToken) is checked and removed by the guard before these. */
export const troubleshootHintSchema = z.strictObject({ sessionId: troubleshootSessionIdSchema });

export const troubleshootDraftSchema = z.strictObject({
  sessionId: troubleshootSessionIdSchema,
  yaml: clusterTextSchema,
});

export const troubleshootSubmitSchema = z.strictObject({
  sessionId: troubleshootSessionIdSchema,
  yaml: clusterTextSchema.optional(),
  candidateId: z.string().max(100).optional(),
});

/** Admin: save (and optionally publish) an exercise file. */
export const troubleshootSaveSchema = z.strictObject({
  id: troubleshootIdSchema.optional(),
  yaml: z.string().min(1, 'The exercise is empty.').max(300_000, 'The exercise is too large.'),
  publish: z.boolean(),
});
