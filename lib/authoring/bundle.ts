/**
 * The bank bundle: the whole question bank and scenario library as one file (YAML or JSON).
 *
 *   format: packetpath-bank
 *   version: 1
 *   exportedAt: 2026-11-26T07:00:00.000Z
 *   questions:
 *     - id: pod-localhost-shared-netns
 *       status: PUBLISHED                 # DRAFT | PUBLISHED | RETIRED
 *       content: { …a bank question, docs/question-format.md… }   # the published content (or the draft if never published)
 *       draft: { … }                      # optional: an unpublished next version
 *   scenarios:
 *     - id: 08-nodeport-cluster-policy
 *       status: PUBLISHED
 *       yaml: |                           # the plain multi-document Kubernetes YAML with its Scenario document
 *         apiVersion: packetpath.dev/v1alpha1
 *         …
 *       draftYaml: |                      # optional: an unpublished next version
 *
 * The envelope is checked here (zod); each entry's content is validated by the importer so a report can
 * name every rejected entry with its reason. Pure: no I/O.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';

export const BUNDLE_FORMAT = 'packetpath-bank';
export const BUNDLE_VERSION = 1;
/**
 * Upload limit for an import file: about twice the whole shipped bank as YAML (≈ 2.3 MB). A bundle may hold any
 * part of the bank (what it leaves out is not touched), so a bigger bank is imported in parts. The bound also
 * bounds the server's heap: a JSON bundle's values take ≈ 4 × its size (scripts/server-heap.mts).
 */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

export const CONTENT_STATUSES = ['DRAFT', 'PUBLISHED', 'RETIRED'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case')
  .max(100);
const statusSchema = z.enum(CONTENT_STATUSES, { error: 'status is DRAFT, PUBLISHED or RETIRED' });

export const bundleQuestionSchema = z.strictObject({
  id: idSchema,
  status: statusSchema,
  content: z.unknown(),
  draft: z.unknown().optional(),
});

export const bundleScenarioSchema = z.strictObject({
  id: idSchema,
  status: statusSchema,
  yaml: z.string().min(1, 'yaml must not be empty'),
  draftYaml: z.string().min(1).optional(),
});

export const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT, { error: `format must be "${BUNDLE_FORMAT}"` }),
  version: z.literal(BUNDLE_VERSION, { error: `version must be ${BUNDLE_VERSION}` }),
  exportedAt: z.string().optional(),
  questions: z.array(bundleQuestionSchema).default([]),
  scenarios: z.array(bundleScenarioSchema).default([]),
});

export type BundleQuestion = z.infer<typeof bundleQuestionSchema>;
export type BundleScenario = z.infer<typeof bundleScenarioSchema>;
export type Bundle = z.infer<typeof bundleSchema>;
export type BundleFormat = 'yaml' | 'json';

export type BundleParse = { ok: true; bundle: Bundle } | { ok: false; errors: string[] };

/** Whether a bundle file's text is JSON (else it is read as YAML): JSON files start with `{`. */
export function isJsonBundle(text: string): boolean {
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{');
}

/** The message for a file that is neither valid JSON nor valid YAML. */
export function unreadableBundleMessage(error: unknown): string {
  return `The file is neither valid JSON nor valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
}

/** YAML's alias bound for bundles (a billion-laughs file is refused, not expanded). */
export const BUNDLE_YAML_OPTIONS = { maxAliasCount: 1000 } as const;

/** Read a bundle file (JSON or YAML, detected from the content). */
export function parseBundle(text: string): BundleParse {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, errors: ['The file is empty.'] };
  let data: unknown;
  try {
    data = isJsonBundle(body) ? JSON.parse(body) : parseYaml(body, BUNDLE_YAML_OPTIONS);
  } catch (e) {
    return { ok: false, errors: [unreadableBundleMessage(e)] };
  }
  return bundleFromData(data);
}

/** Check a decoded bundle file (the value its JSON or YAML stands for) against the bundle schema. */
export function bundleFromData(data: unknown): BundleParse {
  const parsed = bundleSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues
        .slice(0, 50)
        .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`),
    };
  }
  return { ok: true, bundle: parsed.data };
}

/** Write a bundle; YAML keeps scenario YAML as literal blocks so it stays readable and diffable. */
export function serializeBundle(bundle: Bundle, format: BundleFormat): string {
  if (format === 'json') return JSON.stringify(bundle, null, 2) + '\n';
  return stringifyYaml(bundle, { blockQuote: 'literal', lineWidth: 0, aliasDuplicateObjects: false });
}

/** JSON with object keys sorted: equal content ⇔ equal string. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** The bundle's file name for a download. */
export function bundleFileName(format: BundleFormat, now: Date): string {
  return `packetpath-bank-${now.toISOString().slice(0, 10)}.${format === 'json' ? 'json' : 'yaml'}`;
}
