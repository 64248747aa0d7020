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
