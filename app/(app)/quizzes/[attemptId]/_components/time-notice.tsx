'use client';
/**
 * Time warnings of a timed attempt, from the server-synchronised time left:
 *   - at 5 minutes: a visible notice, announced politely (role=status);
 *   - at 1 minute: a visible notice, announced assertively (role=alert);
 *   - all along: the time left in the tab title, so a candidate in another tab sees it.
 * The live regions are always in the DOM and only their text changes, which is what screen readers announce.
 */
import { useEffect, useRef } from 'react';

/** Which notice applies: 5 (≤ 5:00 left), 1 (≤ 1:00 left) or none (more time, or time is up). */
export function noticeLevel(remainingMs: number): 0 | 1 | 5 {
  const s = Math.ceil(remainingMs / 1000);
  if (s <= 0) return 0;
  if (s <= 60) return 1;
  if (s <= 300) return 5;
  return 0;
}

export function formatLeft(remainingMs: number): string {
  const s = Math.max(0, Math.ceil(remainingMs / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function TimeNotice({ remaining }: { remaining: number }) {
  const level = noticeLevel(remaining);
  const five = 'Five minutes left. Check your flagged and unanswered questions.';
  const one = 'One minute left. Answers are saved as you go; the exam submits itself at 0:00.';
  return (
    <>
      <div role="status" aria-live="polite" className="sr-only" data-testid="time-announce-polite">
        {level === 5 ? five : ''}
      </div>
      <div role="alert" aria-live="assertive" className="sr-only" data-testid="time-announce-assertive">
        {level === 1 ? one : ''}
      </div>
      {level !== 0 ? (
        <div
          aria-hidden
          data-testid="time-notice"
          data-level={level}
          className={
            level === 1
              ? 'rounded-lg border border-danger/40 bg-danger-bg px-4 py-3 text-sm font-semibold text-danger'
              : 'rounded-lg border border-warning/40 bg-warning-bg px-4 py-3 text-sm font-semibold text-warning'
          }
        >
          {level === 1 ? one : five}
        </div>
      ) : null}
    </>
  );
}

/** Puts the time left in front of the tab title while the attempt is timed; restores the title after. */
export function useTabTitle(remaining: number | null, title: string): void {
  const original = useRef<string | null>(null);
  const text = remaining === null ? null : remaining <= 0 ? "Time's up" : `${formatLeft(remaining)} left`;
  useEffect(() => {
    if (text === null) return;
    original.current ??= document.title;
    document.title = `${text} · ${title} · PacketPath`;
  }, [text, title]);
  useEffect(
    () => () => {
      // Leave a title the next page already set alone; only undo our own (never to an empty title).
      if (!/ left · |Time's up · /.test(document.title)) return;
      document.title = original.current || `${title} · PacketPath`;
    },
    [title],
  );
}
