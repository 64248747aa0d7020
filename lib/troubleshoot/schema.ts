/**
 * The troubleshooting exercise format ("fix this cluster", ADR 016): the first YAML document of a file in
 * content/troubleshooting/ is a `packetpath.dev/v1alpha1` `Troubleshooting` document (this schema); the rest of
 * the file is the broken cluster, an ordinary scenario (Kubernetes objects + one Scenario document, ADR 003).
 *
 * Pure TypeScript + zod: used by the server (grading), the browser (live preview) and the content tests.
 */
import { z } from 'zod';
import { TOPIC_SLUGS } from '../quiz/bank-schema';

export const TROUBLESHOOTING_API_VERSION = 'packetpath.dev/v1alpha1';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebab = z.string().regex(KEBAB, 'use kebab-case: lowercase letters, digits and single dashes');
const text = z.string().trim().min(1, 'must not be empty');

/** Kinds an exercise may let the learner edit or create (what the loader reads). */
export const EDITABLE_KINDS = [
  'Namespace',
  'Node',
  'Pod',
  'Service',
  'EndpointSlice',
  'Endpoints',
  'Ingress',
  'IngressClass',
  'NetworkPolicy',
  'Gateway',
  'HTTPRoute',
  'ReferenceGrant',
] as const;

/** Parts of the Scenario document an exercise may open to edits (what sits in front of the cluster). */
export const SCENARIO_FIELDS = [
  'apiGateways',
  'cloudLoadBalancers',
  'ingressControllers',
  'gatewayImplementations',
  'publicDns',
  'listeners',
] as const;
export type ScenarioField = (typeof SCENARIO_FIELDS)[number];

/** A Kubernetes object by kind, namespace (omitted for cluster-scoped kinds) and name. */
export const objectRefSchema = z
  .object({
    kind: z.enum(EDITABLE_KINDS),
    namespace: z.string().min(1).optional(),
    name: z.string().min(1),
  })
  .strict();
export type ObjectRef = z.infer<typeof objectRefSchema>;

/** Where every path of a request must end. */
const endpointSchema = z
  .object({
    /** Pods in this namespace whose labels include these. */
    namespace: z.string().min(1).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    /** Or one of these Pods (`namespace/name`). */
    pods: z
      .array(z.string().regex(/^[^/]+\/[^/]+$/, 'write a Pod as namespace/name'))
      .min(1)
      .optional(),
    /** Or an exact endpoint IP (an external host). */
    ip: z.string().optional(),
    /** The port the connection reaches on the endpoint. */
    port: z.number().int().min(1).max(65535).optional(),
  })
  .strict();

const DISPOSITION =
  /^(DELIVERED|REFUSED|RESET|DROPPED|DENIED_IN|DENIED_OUT|NXDOMAIN|EXITS_CLUSTER|NO_ROUTE|DNS_TIMEOUT|NODATA|MTU_BLACKHOLE|HTTP_\d{3})$/;

/**
 * A condition: either about a request of the Scenario document (its outcome after the edit), or about a field of
 * the edited objects (e.g. no Service of type LoadBalancer).
 */
export const conditionSchema = z
  .object({
    id: kebab,
    /** What must hold, in words the learner reads ("frontend → api:8080 is DELIVERED to an api Pod"). */
    description: text,
    /** A request id of the Scenario document. */
    request: kebab.optional(),
    /** Its disposition must be this (or one of these). */
    disposition: z
      .union([z.string().regex(DISPOSITION), z.array(z.string().regex(DISPOSITION)).min(1)])
      .optional(),
    /** Every path must end here. */
    endpoint: endpointSchema.optional(),
    /** These Pods (`namespace/name`) must each end at least one path (e.g. a canary is in rotation). */
    includesPods: z.array(z.string().regex(/^[^/]+\/[^/]+$/, 'write a Pod as namespace/name')).optional(),
    /** Every path must (true) or must not (false) have its source rewritten: false = client IP preserved. */
    masqueraded: z.boolean().optional(),
    /** A field of every object of a kind (optionally one namespace/name). */
    field: z
      .object({
        kind: z.enum(EDITABLE_KINDS),
        namespace: z.string().optional(),
        name: z.string().optional(),
        /** Dotted path, e.g. `spec.type`, `spec.externalTrafficPolicy`. */
        path: z.string().min(1),
        /** The value when the field is absent (the API server's default). */
        default: z.union([z.string(), z.number(), z.boolean()]).optional(),
        oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
        noneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const isRequest = c.request !== undefined;
    const isField = c.field !== undefined;
    if (isRequest === isField)
      ctx.addIssue({ code: 'custom', message: 'a condition has exactly one of `request` and `field`' });
    if (isRequest && c.disposition === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'a request condition needs `disposition`',
        path: ['disposition'],
      });
    if (isField && !c.field?.oneOf && !c.field?.noneOf)
      ctx.addIssue({
        code: 'custom',
        message: 'a field condition needs `oneOf` or `noneOf`',
        path: ['field'],
      });
  });
export type Condition = z.infer<typeof conditionSchema>;

/** A change to the broken cluster: whole objects that replace (or add) objects, objects deleted, Scenario fields. */
export const changeSchema = z
  .object({
    /** Full objects (apiVersion, kind, metadata, …); one with the kind/namespace/name of an existing object replaces it. */
    objects: z.array(z.record(z.string(), z.unknown())).default([]),
    /** JSON merge patches (RFC 7386, `kubectl patch --type merge`): maps merge, lists and scalars replace, null deletes. */
    patches: z
      .array(objectRefSchema.extend({ merge: z.record(z.string(), z.unknown()) }).strict())
      .default([]),
    delete: z.array(objectRefSchema).default([]),
    /** Replacement values for opened parts of the Scenario document's spec. */
    scenario: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type Change = z.infer<typeof changeSchema>;

export const candidateSchema = changeSchema
  .extend({
    id: kebab,
    /** What the change does, as the learner reads it in the multiple-choice level. */
    label: text,
    /** pass = the exercise is solved; victory = a victory condition still fails; invariant = an invariant breaks. */
    expect: z.enum(['pass', 'victory', 'invariant']),
    /** The condition id this candidate breaks (for `invariant`) or leaves failing (`victory`). */
    breaks: kebab.optional(),
    /** Why it is right or wrong, shown after submission. */
    why: text,
  })
  .strict();
export type Candidate = z.infer<typeof candidateSchema>;

export const troubleshootingDocSchema = z
  .object({
    apiVersion: z.literal(TROUBLESHOOTING_API_VERSION),
    kind: z.literal('Troubleshooting'),
    metadata: z.object({ name: kebab.max(100) }).strict(),
    spec: z
      .object({
        title: text.max(200),
        topic: z.enum(TOPIC_SLUGS),
        difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
        tags: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).default([]),
        /** Markdown: what the on-call saw (curl output, an alert). */
        symptom: text,
        /** The symptom in engine terms: some path of the request on the broken cluster ends so (checked by the content tests). */
        symptomOutcome: z
          .array(z.object({ request: kebab, disposition: z.string().regex(DISPOSITION) }).strict())
          .min(1),
        /** Incident mode's time limit. */
        timeLimitMinutes: z.number().int().min(1).max(120).default(15),
        /** Objects the learner may change or delete. */
        editable: z.array(objectRefSchema).min(1),
        /** Kinds (in a namespace) the learner may add objects of. */
        mayCreate: z
          .array(z.object({ kind: z.enum(EDITABLE_KINDS), namespace: z.string().min(1).optional() }).strict())
          .default([]),
        /** Parts of the Scenario document's spec the learner may change. */
        scenarioFields: z.array(z.enum(SCENARIO_FIELDS)).default([]),
        victory: z.array(conditionSchema).min(1),
        invariants: z.array(conditionSchema).default([]),
        /** The author's minimal fix and why it works. */
        fix: changeSchema.extend({ explanation: text }).strict(),
        /** Candidate changes for the multiple-choice level: at least one passes, at least one breaks an invariant. */
        candidates: z.array(candidateSchema).min(2),
        /** Hints in order, each with its cost in points (of 100). */
        hints: z.array(z.object({ text: text, cost: z.number().int().min(0).max(50) }).strict()).default([]),
      })
      .strict(),
  })
  .strict();
export type TroubleshootingDoc = z.infer<typeof troubleshootingDocSchema>;
