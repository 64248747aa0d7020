/**
 * Question bank schema (authoritative). See docs/question-format.md for the prose version.
 *
 * Pure TypeScript + zod 4: safe to import from server code, client code, the seed and tests.
 * One YAML file under content/questions/ is a list of questions (`questionSchema` each);
 * the whole bank (all files concatenated) is `bankSchema` (adds cross-question checks: unique ids).
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Topics
// ---------------------------------------------------------------------------------------------

/**
 * Topic slugs with a human label and a short name (chart axes, badges), in curriculum order (inside a Pod →
 * out to the internet, then the cross-cutting areas). Adding a topic here is the only code change a new topic
 * needs: the schema, the quiz picker, progress and the admin filters all read this list. Which gap of the
 * interview curriculum lives under which topic: docs/question-format.md ("Topics").
 */
export const TOPICS = [
  { slug: 'pod-network', label: 'Pod network namespace', short: 'Pod network' },
  { slug: 'cni', label: 'CNI and Pod-to-Pod routing', short: 'CNI' },
  { slug: 'services', label: 'Services (ClusterIP, headless, ExternalName)', short: 'Services' },
  { slug: 'dns', label: 'Cluster DNS', short: 'DNS' },
  { slug: 'endpoints', label: 'Endpoints, EndpointSlices and readiness', short: 'Endpoints' },
  { slug: 'kube-proxy', label: 'kube-proxy and Service dataplanes', short: 'kube-proxy' },
  { slug: 'nodeport-lb', label: 'NodePort and LoadBalancer', short: 'NodePort/LB' },
  { slug: 'ingress', label: 'Ingress', short: 'Ingress' },
  { slug: 'gateway-api', label: 'Gateway API', short: 'Gateway API' },
  { slug: 'api-gateway', label: 'API gateways', short: 'API gateways' },
  { slug: 'network-policy', label: 'NetworkPolicy', short: 'NetworkPolicy' },
  { slug: 'conntrack-nat', label: 'Conntrack, NAT and the return path', short: 'Conntrack/NAT' },
  { slug: 'end-to-end', label: 'End-to-end request flows', short: 'End-to-end' },
  { slug: 'dual-stack', label: 'IPv6 and dual-stack', short: 'IPv6/dual-stack' },
  { slug: 'mtu', label: 'MTU, overlays and path MTU', short: 'MTU' },
  { slug: 'topology-routing', label: 'Topology-aware routing', short: 'Topology' },
  { slug: 'service-mesh', label: 'Service meshes and sidecars', short: 'Service mesh' },
] as const;

export type Topic = (typeof TOPICS)[number]['slug'];

export const TOPIC_SLUGS = TOPICS.map((t) => t.slug) as unknown as readonly [Topic, ...Topic[]];

export const TOPIC_LABELS: Readonly<Record<Topic, string>> = Object.fromEntries(
  TOPICS.map((t) => [t.slug, t.label]),
) as Record<Topic, string>;

/** Short topic names for chart axes and tight tables. */
export const TOPIC_SHORT: Readonly<Record<Topic, string>> = Object.fromEntries(
  TOPICS.map((t) => [t.slug, t.short]),
) as Record<Topic, string>;

export const QUESTION_TYPES = [
  'single',
  'multiple',
  'truefalse',
  'ordering',
  'short',
  'interview',
  'outcome',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

// ---------------------------------------------------------------------------------------------
// Short-answer normalisation (the quiz engine must grade with exactly this function)
// ---------------------------------------------------------------------------------------------

/**
 * Normalise a short answer for comparison: NFKC, Unicode dashes/minus read as "-", whitespace
 * collapsed to one space, trimmed, case-folded. "30000–32767" and " 30000-32767 " compare equal.
 */
export function normalizeShortAnswer(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Tags are free-form single tokens (camelCase field names like `externalTrafficPolicy` are fine). */
const TAG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Reserved tags, see docs/question-format.md. */
export const SEED_INTERVIEW_TAG = 'seed-interview';
export const SEED_QUESTION_TAG = /^seed-q([1-9]|10)$/;
export const MISCONCEPTION_TAG = /^misconception-([1-9]|10)$/;
const RULE_ID = /^R\d+\.\d+$/;

export const idSchema = z
  .string()
  .regex(KEBAB, 'must be kebab-case: lowercase letters, digits and single hyphens');

const text = z.string().trim().min(1, 'must not be empty');

export const sourceSchema = z.strictObject({
  title: text,
  url: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
});

export const optionSchema = z.strictObject({
  /** Inferred as `string` (not a literal union) so consumers can compare with user input freely. */
  id: z.string().regex(/^[a-f]$/, 'option ids are a..f'),
  text: text,
});

export const itemSchema = z.strictObject({
  id: idSchema,
  text: text,
});

const difficultySchema = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'difficulty is 1, 2 or 3',
});

/** Fields shared by every question type. */
const common = {
  id: idSchema,
  topic: z.enum(TOPIC_SLUGS, { error: `topic must be one of: ${TOPIC_SLUGS.join(', ')}` }),
  difficulty: difficultySchema,
  tags: z
    .array(z.string().regex(TAG, "tags are single tokens: letters, digits, '.', '_' or '-'"))
    .default([]),
  prompt: text,
  explanation: text,
  source: sourceSchema,
  rules: z
    .array(z.string().regex(RULE_ID, 'rule ids look like R3.6'))
    .min(1, 'cite at least one reference rule'),
  seedCorrection: text.optional(),
};

type Issue = { path: PropertyKey[]; message: string };

function duplicates<T>(xs: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const x of xs) (seen.has(x) ? dup : seen).add(x);
  return [...dup];
}

/** Checks shared by every question: tags and rules unique; reserved tags used correctly. */
function commonIssues(q: { type: string; tags: string[]; rules: string[] }): Issue[] {
  const out: Issue[] = [];
  if (q.tags.includes(SEED_INTERVIEW_TAG)) {
    if (q.type !== 'interview')
      out.push({ path: ['tags'], message: `"${SEED_INTERVIEW_TAG}" is only for interview questions` });
    if (!q.tags.some((t) => SEED_QUESTION_TAG.test(t)))
      out.push({
        path: ['tags'],
        message: `"${SEED_INTERVIEW_TAG}" needs a tag seed-q1 … seed-q10 naming the seed's question`,
      });
  }
  for (const t of q.tags)
    if (/^(seed-q|misconception-)/.test(t) && !SEED_QUESTION_TAG.test(t) && !MISCONCEPTION_TAG.test(t))
      out.push({
        path: ['tags'],
        message: `reserved tag "${t}" must be seed-q1 … seed-q10 or misconception-1 … misconception-10`,
      });
  for (const d of duplicates(q.tags)) out.push({ path: ['tags'], message: `duplicate tag "${d}"` });
  for (const d of duplicates(q.rules)) out.push({ path: ['rules'], message: `duplicate rule "${d}"` });
  return out;
}

function optionIssues(options: { id: string }[]): Issue[] {
  return duplicates(options.map((o) => o.id)).map((d) => ({
    path: ['options'],
    message: `duplicate option id "${d}"`,
  }));
}

function report(
  ctx: { addIssue: (i: { code: 'custom'; path: PropertyKey[]; message: string; input?: unknown }) => void },
  issues: Issue[],
) {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
}

// ---------------------------------------------------------------------------------------------
// The six question types
// ---------------------------------------------------------------------------------------------

export const singleQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('single'),
    options: z.array(optionSchema).min(2).max(6),
    answer: optionSchema.shape.id,
  })
  .superRefine((q, ctx) => {
    report(ctx, [...commonIssues(q), ...optionIssues(q.options)]);
    if (!q.options.some((o) => o.id === q.answer))
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer "${q.answer}" is not an option id` });
  });

export const multipleQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('multiple'),
    options: z.array(optionSchema).min(3).max(6),
    answer: z.array(optionSchema.shape.id).min(1),
  })
  .superRefine((q, ctx) => {
    report(ctx, [...commonIssues(q), ...optionIssues(q.options)]);
    const ids = new Set(q.options.map((o) => o.id));
    q.answer.forEach((a, i) => {
      if (!ids.has(a))
        ctx.addIssue({ code: 'custom', path: ['answer', i], message: `answer "${a}" is not an option id` });
    });
    for (const d of duplicates(q.answer))
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer lists "${d}" twice` });
    if (new Set(q.answer).size >= q.options.length)
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'at least one option must be wrong' });
  });

export const trueFalseQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('truefalse'),
    answer: z.boolean({ error: 'truefalse answer must be true or false (unquoted)' }),
  })
  .superRefine((q, ctx) => report(ctx, commonIssues(q)));

export const orderingQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('ordering'),
    items: z.array(itemSchema).min(3).max(8),
    answer: z.array(idSchema).min(3),
  })
  .superRefine((q, ctx) => {
    report(ctx, commonIssues(q));
    const itemIds = q.items.map((i) => i.id);
    for (const d of duplicates(itemIds))
      ctx.addIssue({ code: 'custom', path: ['items'], message: `duplicate item id "${d}"` });
    const known = new Set(itemIds);
    q.answer.forEach((a, i) => {
      if (!known.has(a))
        ctx.addIssue({ code: 'custom', path: ['answer', i], message: `answer "${a}" is not an item id` });
    });
    for (const d of duplicates(q.answer))
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `answer lists "${d}" twice` });
    const inAnswer = new Set(q.answer);
    for (const id of itemIds)
      if (!inAnswer.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['answer'],
          message: `item "${id}" is missing from the answer order`,
        });
  });

export const shortQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('short'),
    /** Accepted answers; compared after normalizeShortAnswer(). */
    answer: z.array(text).min(1),
  })
  .superRefine((q, ctx) => {
    report(ctx, commonIssues(q));
    for (const d of duplicates(q.answer.map(normalizeShortAnswer)))
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `accepted answer "${d}" is listed twice after normalisation`,
      });
  });

export const interviewQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('interview'),
    modelAnswer: text,
    rubric: z.array(text).min(3).max(7),
  })
  .superRefine((q, ctx) => {
    report(ctx, commonIssues(q));
    for (const d of duplicates(q.rubric))
      ctx.addIssue({ code: 'custom', path: ['rubric'], message: `duplicate rubric point "${d}"` });
  });

/** An engine disposition an outcome option stands for (lib/engine/types.ts `Disposition`). */
export const dispositionSchema = z
  .string()
  .regex(
    /^(DELIVERED|REFUSED|RESET|DROPPED|DENIED_IN|DENIED_OUT|NXDOMAIN|DNS_TIMEOUT|NODATA|EXITS_CLUSTER|NO_ROUTE|MTU_BLACKHOLE|HTTP_[1-5]\d\d)$/,
    'must be an engine disposition such as DELIVERED, REFUSED, DROPPED, NXDOMAIN or HTTP_503',
  );

/**
 * Outcome questions: "what does the client see?" about a shipped scenario. The correct option is not
 * written by the author: the routing engine computes the request's disposition and the option carrying that
 * disposition is the answer (lib/quiz/outcome.ts, resolved when the bank is loaded into the database).
 */
export const outcomeQuestionSchema = z
  .strictObject({
    ...common,
    type: z.literal('outcome'),
    /** metadata.name of a scenario in content/scenarios (also the file name without `.yaml`). */
    scenario: idSchema,
    /** The request of that scenario; defaults to its first one. */
    request: z.string().min(1).optional(),
    options: z
      .array(optionSchema.extend({ disposition: dispositionSchema }))
      .min(3)
      .max(6),
    /** Filled in by the engine when the question is loaded into the database; never authored. */
    answer: optionSchema.shape.id.optional(),
    /** Filled in with the answer: what the engine computed, shown in the explanation. */
    engine: z
      .strictObject({ disposition: z.string(), reason: z.string(), rules: z.array(z.string()) })
      .optional(),
  })
  .superRefine((q, ctx) => {
    report(ctx, [...commonIssues(q), ...optionIssues(q.options)]);
    for (const d of duplicates(q.options.map((o) => o.disposition)))
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `two options stand for ${d}; each option needs its own disposition`,
      });
  });

export const questionSchema = z.discriminatedUnion('type', [
  singleQuestionSchema,
  multipleQuestionSchema,
  trueFalseQuestionSchema,
  orderingQuestionSchema,
  shortQuestionSchema,
  interviewQuestionSchema,
  outcomeQuestionSchema,
]);

/** The whole bank: all files together; ids unique across the bank. */
export const bankSchema = z.array(questionSchema).superRefine((qs, ctx) => {
  const firstIndex = new Map<string, number>();
  qs.forEach((q, i) => {
    const prev = firstIndex.get(q.id);
    if (prev === undefined) firstIndex.set(q.id, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [i, 'id'],
        message: `duplicate question id "${q.id}" (first at index ${prev})`,
      });
  });
});

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type OutcomeQuestion = z.infer<typeof outcomeQuestionSchema>;
export type Question = z.infer<typeof questionSchema>;
/** What a YAML author writes (tags may be omitted). */
export type QuestionInput = z.input<typeof questionSchema>;
