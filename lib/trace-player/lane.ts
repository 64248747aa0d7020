/**
 * The answer lane as data: an ordered list of placed cards. Every drag and every non-drag button (add, move
 * up, move down, remove) goes through these functions, so both paths behave the same. Pure; the input is
 * never mutated.
 */

export interface LaneItem {
  /** Unique per placement (a card may be placed more than once). */
  uid: string;
  /** The palette card id. */
  cardId: string;
}

/** Insert a card at `index` (default: the end). */
export function addToLane(
  lane: readonly LaneItem[],
  item: LaneItem,
  index: number = lane.length,
): LaneItem[] {
  const at = Math.max(0, Math.min(lane.length, index));
  return [...lane.slice(0, at), item, ...lane.slice(at)];
}

/** Move the item at `from` to `to` (both clamped); a no-op when either is out of range. */
export function moveInLane(lane: readonly LaneItem[], from: number, to: number): LaneItem[] {
  if (from < 0 || from >= lane.length) return [...lane];
  const target = Math.max(0, Math.min(lane.length - 1, to));
  if (target === from) return [...lane];
  const next = [...lane];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved as LaneItem);
  return next;
}

/** Remove the item at `index`. */
export function removeFromLane(lane: readonly LaneItem[], index: number): LaneItem[] {
  return lane.filter((_, i) => i !== index);
}

/** The card ids in order: what is submitted. */
export function laneCards(lane: readonly LaneItem[]): string[] {
  return lane.map((i) => i.cardId);
}

/**
 * Palette cards that match what a learner typed, best first, for the "type a card's name" quick add. Every
 * word typed must appear in the label (case-insensitive; punctuation in the label may be left out, so
 * `node2` finds `CNI(node-2)`). A label that starts with the first word ranks first, then one where a word
 * of the label starts with it, then any other match; ties keep the palette's order. An empty query matches
 * nothing.
 *
 * @example matchCards(cards, 'pod web') // [Pod(myapp/web-1), Pod(myapp/web-2)]
 */
export function matchCards<C extends { label: string }>(cards: readonly C[], query: string): C[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const squash = (s: string) => s.replace(/[^a-z0-9]/g, '');
  const ranked: { card: C; rank: number; order: number }[] = [];
  cards.forEach((card, order) => {
    const label = card.label.toLowerCase();
    const squashed = squash(label);
    const has = (w: string) => label.includes(w) || (squash(w) !== '' && squashed.includes(squash(w)));
    if (!words.every(has)) return;
    const first = words[0]!;
    const rank = label.startsWith(first)
      ? 0
      : new RegExp(`(^|[^a-z0-9])${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(label)
        ? 1
        : 2;
    ranked.push({ card, rank, order });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.order - b.order).map((r) => r.card);
}

/**
 * Keyboard drag of a palette card: where it would drop, as a lane index (`length` = the end, inserting
 * before the card at any other index). It starts at the end, so picking a card up and dropping it at once
 * appends it; ↑/← step one position earlier, ↓/→ one later, Home goes to hop 1 and End to the end.
 * Undefined for other keys.
 */
export function stepDropIndex(length: number, current: number, key: string): number | undefined {
  const clamp = (i: number) => Math.max(0, Math.min(length, i));
  switch (key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowDown':
    case 'ArrowRight':
      return clamp(current + 1);
    case 'Home':
    case 'PageUp':
      return 0;
    case 'End':
    case 'PageDown':
      return length;
    default:
      return undefined;
  }
}
