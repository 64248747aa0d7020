/** Card shape, id scheme and palette order (no dependencies on the rest of the grader). */
import type { Layer, Level } from '../engine/types';
import { cardLabel } from './levels';

export interface Card {
  /** Opaque, deterministic id (see module comment). */
  id: string;
  layer: Layer;
  /** Object reference (coarse and wire levels). */
  object?: string;
  /** Text on the card, e.g. `kube-proxy(node-2)`. */
  label: string;
}

/** 32-bit FNV-1a of a string (UTF-16 code units). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Deterministic palette order: by FNV-1a hash of the id, then by id. */
export function paletteOrder(a: Card, b: Card): number {
  const ha = fnv1a(a.id);
  const hb = fnv1a(b.id);
  if (ha !== hb) return ha - hb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Build a card from its parts; the id scheme is the one of `hopKey`. */
export function makeCard(level: Level, layer: Layer, object?: string, signature?: string): Card {
  if (level === 'textbook') return { id: layer, layer, label: cardLabel(layer) };
  const base = `${layer}@${object ?? ''}`;
  const id = level === 'wire' && signature ? `${base}#${signature}` : base;
  const card: Card = { id, layer, label: cardLabel(layer, object, level === 'wire' ? signature : undefined) };
  if (object !== undefined) card.object = object;
  return card;
}
