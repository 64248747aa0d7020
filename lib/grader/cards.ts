/**
 * Palette cards.
 *
 * A card is what the learner drags. Its id is derived only from what the card shows (layer, object, wire
 * signature), never from whether it is right:
 *   textbook `kube-proxy` · coarse `kube-proxy@node/node-2` · wire `kube-proxy@node/node-1#DNAT 10.96.120.15:80→10.244.2.8:9090`.
 * A distractor card has exactly the same shape as a valid one; what makes it a distractor (misconception,
 * explanation, rule) stays on the server (distractors.ts) and is only used by the grader.
 *
 * The palette (`cardsFor`) is the distinct cards of ALL valid paths at the level (alternatives included, so
 * the palette does not reveal which endpoint is "the" answer) plus the distractors, ordered by a 32-bit FNV-1a
 * hash of the id (ties: the id), which is deterministic and unrelated to the path order. A card may be placed
 * more than once in an answer.
 */
import type { Hop, Level, TracePath, TraceSet } from '../engine/types';
import { makeCard, paletteOrder, type Card } from './card-base';
import { distractors, type ModelLike } from './distractors';
import { gradingSequence, hopKey, project } from './levels';

export { fnv1a, type Card } from './card-base';

/** The card id of an engine hop at a level (the hop → card mapping). */
export function cardIdForHop(hop: Hop, level: Level): string {
  return hopKey(hop, level);
}

/** The card ids of a path at a level, in order: what a fully correct answer looks like. */
export function cardIdsForPath(path: TracePath, level: Level): string[] {
  return project(path, level).map((h) => h.key);
}

/** Distinct cards of all valid paths (projection plus tolerated hops that are real hops), unordered. */
export function validCards(traceSet: TraceSet, level: Level): Card[] {
  const byId = new Map<string, Card>();
  for (const path of traceSet.paths) {
    for (const h of gradingSequence(path, level)) {
      if (h.tolerance === 'seed-insert') continue; // not a real hop: the card exists only if a real hop has it
      if (!byId.has(h.key)) byId.set(h.key, makeCard(level, h.layer, h.object, h.signature));
    }
  }
  return [...byId.values()];
}

/**
 * The palette: the distinct cards of all valid paths at `level` plus 2–5 distractors, in a deterministic
 * order that does not depend on correctness (hash of the id).
 */
export function cardsFor(traceSet: TraceSet, level: Level, model?: ModelLike): Card[] {
  const byId = new Map<string, Card>();
  for (const c of validCards(traceSet, level)) byId.set(c.id, c);
  for (const d of distractors(traceSet, model, level)) if (!byId.has(d.card.id)) byId.set(d.card.id, d.card);
  return [...byId.values()].sort(paletteOrder);
}

/**
 * Normalise a card id submitted at `level`: a coarse/wire id given at textbook level is reduced to its layer,
 * a wire id given at coarse level loses its signature. Unknown strings pass through unchanged.
 */
export function normalizeCardId(id: string, level: Level): string {
  const trimmed = id.trim();
  if (level === 'textbook') {
    const at = trimmed.indexOf('@');
    return at < 0 ? trimmed : trimmed.slice(0, at);
  }
  if (level === 'coarse') {
    const hash = trimmed.indexOf('#');
    return hash < 0 ? trimmed : trimmed.slice(0, hash);
  }
  return trimmed;
}

/**
 * Resolve a `Layer(name)` / `Layer` shorthand (as written in the reference's §D lists) against a palette:
 * the card of that layer whose object ends with `/name` (or equals it). Returns undefined when no card or
 * more than one card matches. Already-valid ids are returned as they are.
 */
export function resolveCardShorthand(text: string, palette: readonly Card[]): string | undefined {
  const t = text.trim();
  if (palette.some((c) => c.id === t)) return t;
  const m = /^([^()]+?)\s*(?:\((.*)\))?$/.exec(t);
  if (!m) return undefined;
  const layer = m[1]!.trim();
  const name = m[2]?.trim();
  const sameLayer = palette.filter((c) => c.layer === layer);
  if (name === undefined || name === '')
    return sameLayer.length === 1
      ? sameLayer[0]!.id
      : sameLayer.length === 0
        ? undefined
        : sameLayer.find((c) => c.object === undefined)?.id;
  const hits = sameLayer.filter(
    (c) => c.object !== undefined && (c.object === name || c.object.endsWith(`/${name}`)),
  );
  return hits.length === 1 ? hits[0]!.id : undefined;
}
