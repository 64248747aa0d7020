'use client';
/**
 * Practise answering out loud: an optional countdown (1, 2 or 3 minutes, the length of a good interview
 * answer). It runs on this device only and changes nothing that is saved or scored.
 */
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatLeft } from './time-notice';

const CHOICES = [1, 2, 3] as const;

export function SpeakingTimer() {
  const [minutes, setMinutes] = useState<(typeof CHOICES)[number]>(2);
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    if (endsAt === null) return;
    const tick = () => setLeft(Math.max(0, endsAt - Date.now()));
    tick();
    const t = setInterval(tick, 250);
    return () => clearInterval(t);
  }, [endsAt]);
  const running = endsAt !== null && left !== null && left > 0;
  const done = endsAt !== null && left === 0;
  return (
    <section
      aria-label="Speaking timer"
      className="mt-4 flex flex-wrap items-center gap-3 rounded-xl border border-dashed border-border p-3 text-sm"
      data-testid="speaking-timer"
    >
      <span className="font-semibold">Say it out loud</span>
      <label className="flex items-center gap-2">
        <span className="text-muted">for</span>
        <select
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value) as (typeof CHOICES)[number])}
          disabled={running}
          className="rounded-md border border-border bg-surface px-2 py-1"
        >
          {CHOICES.map((m) => (
            <option key={m} value={m}>
              {m} min
            </option>
          ))}
        </select>
      </label>
      {running ? (
        <Button size="sm" variant="secondary" onClick={() => (setEndsAt(null), setLeft(null))}>
          Stop
        </Button>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setEndsAt(Date.now() + minutes * 60_000)}>
          {done ? 'Again' : 'Start'}
        </Button>
      )}
      {endsAt !== null && left !== null ? (
        <span className="font-mono tabular-nums" aria-hidden data-testid="speaking-left">
          {formatLeft(left)}
        </span>
      ) : null}
      <span role="status" className="text-muted">
        {done ? 'Time: wrap up your answer, then write the key points down.' : running ? 'Speaking…' : ''}
      </span>
    </section>
  );
}
