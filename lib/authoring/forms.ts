/**
 * zod schemas for the authoring forms (server actions parse FormData with them). Strict: unknown fields are
 * refused, sizes are bounded.
 */
import { z } from 'zod';

const entityId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'unknown id')
  .max(100);

/** The form token (csrfToken) is checked and removed by the guard (lib/server/guard/action.ts) before these. */
export const saveQuestionFormSchema = z.strictObject({
  /** Absent when creating. */
  id: entityId.optional(),
  /** The bank question as JSON (validated with questionSchema by the service). */
  content: z.string().min(2).max(200_000),
  intent: z.enum(['save', 'publish']).default('save'),
});

export const saveScenarioFormSchema = z.strictObject({
  id: entityId.optional(),
  yaml: z
    .string()
    .min(1, 'The scenario is empty.')
    .max(600_000, 'The scenario is too large (600 kB at most).'),
  intent: z.enum(['save', 'publish']).default('save'),
});

export const lifecycleFormSchema = z.strictObject({
  id: entityId,
  op: z.enum(['publish', 'retire', 'restore']),
});

/** POST /api/admin/bank/import?mode=plan|apply: anything but "apply" plans (writes nothing). */
export const bankImportQuerySchema = z.object({ mode: z.enum(['plan', 'apply']).catch('plan') });
/** The bundle file's text; its size is bounded by the route (MAX_BUNDLE_BYTES), its content by the importer. */
export const bankImportBodySchema = z.string();
/** GET /api/admin/bank?format=yaml|json: anything but "json" is YAML. */
export const bankExportQuerySchema = z.object({ format: z.enum(['yaml', 'json']).catch('yaml') });
