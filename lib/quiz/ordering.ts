/**
 * Helpers for the "put these in order" input (app/(app)/quizzes/[attemptId]/_components/question-input.tsx):
 * the drag and the move-up/move-down buttons go through `moveItem`, so both change the order the same way,
 * and `orderingLabel` gives each item a plain-text name for buttons and screen-reader announcements.
 * Pure; no React.
 */

/**
 * The order with the item at `from` moved to `to` (clamped to the list), or `null` when nothing would
 * change (same position, or `from` out of range). The input is never mutated.
 */
export function moveItem<T>(order: readonly T[], from: number, to: number): T[] | null {
  if (!Number.isInteger(from) || from < 0 || from >= order.length) return null;
  const target = Math.max(0, Math.min(order.length - 1, Math.trunc(to)));
  if (target === from) return null;
  const next = [...order];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved as T);
  return next;
}

/**
 * An item's Markdown text as plain text for an accessible name: inline-code backticks and emphasis
 * markers dropped (a screen reader would otherwise read "backtick"), whitespace collapsed.
 * `Container \`web\` in **frontend-1**` → `Container web in frontend-1`.
 */
export function orderingLabel(markdown: string): string {
  return markdown
    .replace(/`+/g, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "position 2 of 6", for announcements. `index` is 0-based. */
export function positionText(index: number, total: number): string {
  return `position ${index + 1} of ${total}`;
}
