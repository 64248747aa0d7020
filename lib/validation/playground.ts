/**
 * The playground's saved shape, shared by the editor (browser) and the server (lib/server/playground): the
 * manifests' YAML and the settings the expansion takes (lib/scenario/manifests.ts). Pure (zod only).
 */
import { z } from 'zod';
import { DEFAULT_NODE_COUNT, MANIFEST_LIMITS, requestSchema } from '../scenario';

export const PLAYGROUND_TITLE_MAX = 120;
/** Saved playgrounds per user. */
export const PLAYGROUNDS_PER_USER = 50;
export const PROPOSAL_NOTE_MAX = 2000;

const podRef = z
  .string()
  .min(3)
  .max(320)
  .regex(/^[^/\s]+\/[^/\s]+$/, 'a Pod is namespace/name');

export const playgroundSettingsSchema = z.strictObject({
  nodes: z.number().int().min(1).max(MANIFEST_LIMITS.nodes).default(DEFAULT_NODE_COUNT),
  placement: z
    .record(podRef, z.string().min(1).max(253))
    .refine((r) => Object.keys(r).length <= MANIFEST_LIMITS.pods, 'too many placements')
    .default({}),
  notReady: z.array(podRef).max(MANIFEST_LIMITS.pods).default([]),
  requests: z
    .array(requestSchema)
    .max(MANIFEST_LIMITS.requests, `at most ${MANIFEST_LIMITS.requests} requests`)
    .default([]),
});
export type PlaygroundSettings = z.output<typeof playgroundSettingsSchema>;

export const EMPTY_SETTINGS: PlaygroundSettings = {
  nodes: DEFAULT_NODE_COUNT,
  placement: {},
  notReady: [],
  requests: [],
};

/** What the editor sends to save: the YAML is checked for size on the server (413 with a clear message). */
export const savePlaygroundSchema = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  /** With an id: the version the editor started from; a newer save (another tab) makes this one a 409. */
  baseUpdatedAt: z.iso.datetime().optional(),
  title: z
    .string()
    .trim()
    .min(1, 'Give the playground a title.')
    .max(PLAYGROUND_TITLE_MAX, `A title has at most ${PLAYGROUND_TITLE_MAX} characters.`),
  // Bounded well above the byte limit so the service, not the schema, answers an oversized text (413).
  yaml: z.string().max(4 * MANIFEST_LIMITS.bytes, 'The manifests are far too large for a playground.'),
  settings: playgroundSettingsSchema,
});

export const playgroundIdSchema = z.strictObject({ id: z.string().min(1).max(64) });

export const proposePlaygroundSchema = z.strictObject({
  id: z.string().min(1).max(64),
  note: z
    .string()
    .trim()
    .max(PROPOSAL_NOTE_MAX, `A note has at most ${PROPOSAL_NOTE_MAX} characters.`)
    .default(''),
});

/** Share tokens: base64url of 24 random bytes (32 characters). */
export const SHARE_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;
