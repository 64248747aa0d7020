'use client';
/**
 * Page-level keyboard shortcuts (exam runner, review queue). One listener on the window; a key is ignored
 *   - while the person types: in a text input, a textarea, a select or anything contenteditable;
 *   - with Ctrl, Meta or Alt held (browser and screen-reader commands stay theirs);
 *   - when something else already handled it (defaultPrevented), or while a modal dialog is open.
 * Space is also left alone on anything that activates with Space (buttons, links, checkboxes, summaries,
 * a radio not yet chosen), so the shortcut never competes with the focused control. A radio already chosen
 * does nothing on Space, so there the page gets it (pick an option with the keyboard, then Space to check).
 */
import { useEffect, useRef } from 'react';

const TYPING = 'textarea, select, [contenteditable=""], [contenteditable="true"], input';
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);
const ACTIVATES_WITH_SPACE =
  'button, a[href], summary, input, [role="button"], [role="checkbox"], [role="radio"]';

/** True when a key press belongs to the focused element (typing), not to the page's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const el = target.closest(TYPING);
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type);
  return true;
}

function spaceBelongsToTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const el = target.closest(ACTIVATES_WITH_SPACE);
  if (!el) return false;
  return !(el instanceof HTMLInputElement && el.type === 'radio' && el.checked);
}

export type ShortcutHandler = (key: string, event: KeyboardEvent) => boolean | void;

/**
 * Calls `handler(key)` for keys meant for the page. Return true (or nothing) when the key was used, so the
 * browser default is prevented; return false to let it through.
 */
export function useShortcuts(handler: ShortcutHandler, enabled = true): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  }, [handler]);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isTypingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (e.key === ' ' && spaceBelongsToTarget(e.target)) return;
      const used = ref.current(e.key, e);
      if (used !== false) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
