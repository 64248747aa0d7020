/**
 * zod schemas for the authoring forms (server actions parse FormData with them) and the admin lists' filters.
 * Strict: unknown form fields are refused, sizes are bounded.
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

/** The admin question list's GET filters (search params): anything unknown or malformed is ignored, not refused. */
export const questionListSearchSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  topic: z.string().max(40).optional().catch(undefined),
  type: z.string().max(20).optional().catch(undefined),
  status: z.enum(['DRAFT', 'PUBLISHED', 'RETIRED']).optional().catch(undefined),
  difficulty: z.enum(['1', '2', '3']).optional().catch(undefined),
});

/** The admin scenario list's GET filters (search params), the same way. */
export const scenarioListSearchSchema = z.object({
  q: z.string().max(100).optional().catch(undefined),
  topic: z.string().max(40).optional().catch(undefined),
  status: z.enum(['DRAFT', 'PUBLISHED', 'RETIRED']).optional().catch(undefined),
});
