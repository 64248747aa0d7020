'use client';
/**
 * Runs an open attempt: one question at a time, a navigator, flags, a countdown synchronised to the
 * server's clock, and autosave of every answer (visible "saved" state; a failed or offline save says so and
 * retries until it lands). Practice checks each answer at once; a mock interview reveals the model answer
 * after the candidate has written theirs.
 *
 * Keyboard: N / P next and previous, F flag (exams), 1–9 pick an option, ? the help sheet (never while
 * typing in a text field). Time notices at 5 minutes and 1 minute (visible, announced, and the time left in
 * the tab title). The question on screen is saved on the server, so a reload or another device resumes there.
 *
 * The server decides everything that matters: the deadline, whether a save is accepted, the score.
 */
import { useActionState, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { AttemptView, ItemFeedback } from '@/lib/server/quiz/service';
import { isAnswered, type QuizResponse } from '@/lib/quiz/scoring';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import type { FormState } from '@/lib/validation/action-result';
import { Markdown } from '@/components/markdown';
import { Button } from '@/components/ui/button';
import { Badge } from '@/components/ui/badge';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { CsrfField } from '@/components/csrf-field';
import { cn } from '@/components/ui/cn';
import { rateAction, revealAction, submitQuizAction } from '../../actions';
import { FeedbackPanel } from '../../_components/feedback';
import { QuestionInput } from './question-input';
import { ShortcutHelp, type ShortcutRow } from '@/components/shortcuts/shortcut-help';
import { useShortcuts } from '@/components/shortcuts/use-shortcuts';
import { SpeakingTimer } from './speaking-timer';
import { TimeNotice, useTabTitle } from './time-notice';
import { ReportProblem } from '@/components/report-problem';

type SaveState = { state: 'idle' | 'pending' | 'saving' | 'saved' | 'retrying' | 'error'; message?: string };

/** Mirrors GRACE_MS on the server: the review is ready once the deadline plus grace has passed. */
const GRACE_MS = 5_000;
const TEXT_DEBOUNCE_MS = 700;

export function QuizRunner({ view, csrfToken }: { view: AttemptView; csrfToken: string }) {
  const router = useRouter();
  const n = view.items.length;
  // Resume where the candidate was (saved on the server, so another device resumes there too).
  const [current, setCurrent] = useState(() => Math.min(Math.max(0, view.lastViewed), n - 1));
  const [responses, setResponses] = useState<(QuizResponse | null)[]>(() =>
    view.items.map((i) => i.response),
  );
  const [flags, setFlags] = useState<boolean[]>(() => view.items.map((i) => i.flagged));
  const [saves, setSaves] = useState<SaveState[]>(() =>
    view.items.map((i) => ({ state: i.revision > 0 ? 'saved' : 'idle' })),
  );
  const [feedback, setFeedback] = useState<(ItemFeedback | undefined)[]>(() =>
    view.items.map((i) => i.feedback),
  );
  const [locked, setLocked] = useState<boolean[]>(() => view.items.map((i) => i.locked));
  const [rated, setRated] = useState<(number | null)[]>(() => view.items.map((i) => i.selfRating));
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  // --- clock: the server's time, not the device's -------------------------------------------------
  // `now` starts at the server's time; the effect measures this device's offset once and ticks from it.
  const [now, setNow] = useState(() => Date.parse(view.serverNow));
  const deadline = view.deadline ? Date.parse(view.deadline) : null;
  useEffect(() => {
    if (deadline === null) return;
    const offset = Date.parse(view.serverNow) - Date.now();
    const t = setInterval(() => setNow(Date.now() + offset), 500);
    return () => clearInterval(t);
  }, [deadline, view.serverNow]);
  const remaining = deadline === null ? null : deadline - now;
  const timeUp = remaining !== null && remaining <= 0;
  useTabTitle(remaining, view.title);
  useEffect(() => {
    // After the grace period the server finalises the attempt on the next read: show the review.
    if (remaining !== null && remaining < -GRACE_MS - 500) router.replace(`/quizzes/${view.id}/review`);
  }, [remaining, router, view.id]);

  // --- autosave ------------------------------------------------------------------------------------
  const pending = useRef(new Map<number, QuizResponse>());
  const inFlight = useRef(new Set<number>());
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const setSave = useCallback(
    (pos: number, s: SaveState) => setSaves((prev) => prev.map((x, i) => (i === pos ? s : x))),
    [],
  );
  // The retry timer calls the latest `flush` through this ref (a callback cannot name itself).
  const flushRef = useRef<(pos: number, attempt?: number) => Promise<void>>(async () => {});

  const flush = useCallback(
    async (pos: number, attempt = 0): Promise<void> => {
      const response = pending.current.get(pos);
      if (response === undefined || inFlight.current.has(pos)) return;
      pending.current.delete(pos);
      inFlight.current.add(pos);
      setSave(pos, { state: 'saving' });
      try {
        const res = await fetch(`/api/quiz/attempts/${view.id}/items/${pos}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response }),
        });
        inFlight.current.delete(pos);
        if (res.ok) {
          setSave(pos, { state: 'saved' });
        } else if (res.status >= 500) {
          // A server hiccup (e.g. the database busy for a moment): transient, so retry like a network error.
          throw new Error(`HTTP ${res.status}`);
        } else {
          const body = (await res.json().catch(() => ({}))) as { error?: string };
          setSave(pos, { state: 'error', message: body.error ?? `Not saved (HTTP ${res.status}).` });
          if (res.status === 410 || res.status === 409)
            setTimeout(() => router.replace(`/quizzes/${view.id}/review`), 1500);
          if (res.status === 401)
            setActionError(
              'Your session has ended. Sign in again in another tab; your answers on this page will be saved when you come back.',
            );
          return;
        }
      } catch {
        // Network failure or 5xx: keep the answer and retry with backoff until it lands.
        inFlight.current.delete(pos);
        if (!pending.current.has(pos)) pending.current.set(pos, response);
        const wait = Math.min(10_000, 1000 * 2 ** attempt);
        setSave(pos, {
          state: 'retrying',
          message: `Not saved yet (offline or server busy): retrying in ${Math.round(wait / 1000)} s.`,
        });
        setTimeout(() => void flushRef.current(pos, attempt + 1), wait);
        return;
      }
      // A newer answer arrived while this one was in flight: send it too.
      if (pending.current.has(pos)) void flushRef.current(pos);
    },
    [router, setSave, view.id],
  );
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  useEffect(() => {
    const retryAll = () => pending.current.forEach((_r, pos) => void flush(pos));
    window.addEventListener('online', retryAll);
    return () => window.removeEventListener('online', retryAll);
  }, [flush]);

  const answer = (pos: number, r: QuizResponse, opts?: { debounce?: boolean }) => {
    if (timeUp || locked[pos]) return;
    setResponses((prev) => prev.map((x, i) => (i === pos ? r : x)));
    pending.current.set(pos, r);
    const t = timers.current.get(pos);
    if (t) clearTimeout(t);
    if (opts?.debounce) {
      setSave(pos, { state: 'pending', message: 'Editing…' });
      timers.current.set(
        pos,
        setTimeout(() => void flush(pos), TEXT_DEBOUNCE_MS),
      );
    } else {
      void flush(pos);
    }
  };
  const flushNow = (pos: number) => {
    const t = timers.current.get(pos);
    if (t) clearTimeout(t);
    void flush(pos);
  };

  const toggleFlag = async (pos: number) => {
    const next = !flags[pos];
    setFlags((prev) => prev.map((x, i) => (i === pos ? next : x)));
    const res = await fetch(`/api/quiz/attempts/${view.id}/items/${pos}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flagged: next }),
    }).catch(() => null);
    if (!res?.ok) {
      setFlags((prev) => prev.map((x, i) => (i === pos ? !next : x)));
      setActionError('The flag could not be saved. Check your connection and try again.');
    }
  };

  // --- resume point: tell the server which question is on screen (last write wins, failures are harmless)
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    const position = view.items[current]?.position;
    if (position === undefined) return;
    const t = setTimeout(() => {
      void fetch(`/api/quiz/attempts/${view.id}/items/${position}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ viewed: true }),
      }).catch(() => null);
    }, 250);
    return () => clearTimeout(t);
  }, [current, view.id, view.items]);

  // --- keyboard shortcuts -----------------------------------------------------------------------------
  const [helpOpen, setHelpOpen] = useState(false);
  const questionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const go = (i: number) => {
    setCurrent(i);
    // Keyboard users land on the new question's heading, so a screen reader reads where they are.
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  useShortcuts((key) => {
    if (key === '?') return setHelpOpen(true);
    const k = key.toLowerCase();
    if (k === 'n') return current < n - 1 ? go(current + 1) : false;
    if (k === 'p') return current > 0 ? go(current - 1) : false;
    if (k === 'f' && view.mode === 'EXAM' && !timeUp) {
      const p = view.items[current]?.position;
      if (p !== undefined) void toggleFlag(p);
      return;
    }
    if (/^[1-9]$/.test(key)) {
      const inputs = questionRef.current?.querySelectorAll<HTMLInputElement>(
        '[data-testid="answer-input"] input[type=radio], [data-testid="answer-input"] input[type=checkbox]',
      );
      const target = inputs?.[Number(key) - 1];
      if (!target || target.disabled) return false;
      target.click();
      target.focus();
      return;
    }
    return false;
  });
  const shortcutRows: ShortcutRow[] = [
    { keys: ['N'], does: 'Next question' },
    { keys: ['P'], does: 'Previous question' },
    ...(view.mode === 'EXAM' ? [{ keys: ['F'], does: 'Flag or unflag this question' }] : []),
    { keys: ['1', '…', '9'], does: 'Pick (or tick) that option' },
    { keys: ['?'], does: 'Show these shortcuts' },
  ];

  // --- practice check / interview reveal ------------------------------------------------------------
  const [revealing, setRevealing] = useState(false);
  const reveal = async (pos: number) => {
    const r = responses[pos];
    if (!r) return;
    setRevealing(true);
    setActionError(null);
    const result = await revealAction({ attemptId: view.id, position: pos, response: r, csrfToken });
    setRevealing(false);
    if (!result.ok) return setActionError(result.formError ?? 'That did not work. Try again.');
    setFeedback((prev) => prev.map((x, i) => (i === pos ? result.data.feedback : x)));
    setLocked((prev) => prev.map((x, i) => (i === pos ? true : x)));
    setSave(pos, { state: 'saved' });
  };

  const answeredCount = responses.filter(isAnswered).length;
  const unanswered = useMemo(
    () => responses.map((r, i) => (isAnswered(r) ? -1 : i)).filter((i) => i >= 0),
    [responses],
  );
  const flagged = flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
  const busy = saves.some((s) => s.state === 'saving' || s.state === 'retrying' || s.state === 'pending');

  const item = view.items[current];
  if (!item) return null;
  const pos = item.position;
  const save = saves[pos] ?? { state: 'idle' };
  const modeLabel =
    view.mode === 'EXAM' ? 'Timed exam' : view.mode === 'PRACTICE' ? 'Practice' : 'Mock interview';

  return (
    <div className="flex flex-col gap-6">
      <header className="sticky top-0 z-10 -mx-4 flex flex-wrap items-center justify-between gap-3 border-b border-border bg-bg/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-xl sm:border sm:px-5">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-muted">{modeLabel}</p>
          <h1 className="text-lg font-semibold">{view.title}</h1>
        </div>
        <div className="flex items-center gap-4">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => setHelpOpen(true)}
            aria-keyshortcuts="Shift+Slash"
            data-testid="shortcuts-button"
          >
            <span aria-hidden>⌨</span> Shortcuts <kbd className="font-mono text-xs text-muted">?</kbd>
          </Button>
          <p className="text-sm text-muted" data-testid="progress">
            {answeredCount} of {n} answered
          </p>
          {remaining !== null ? <Countdown remaining={remaining} /> : null}
        </div>
      </header>

      {remaining !== null ? <TimeNotice remaining={remaining} /> : null}
      {timeUp ? (
        <Alert tone="warning" testId="time-up" title="Time is up">
          Your saved answers are being submitted. The review opens in a moment.
        </Alert>
      ) : null}
      {actionError ? (
        <Alert tone="error" testId="runner-error">
          {actionError}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[1fr_16rem]">
        <section
          ref={questionRef}
          aria-labelledby="question-heading"
          className="rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6"
          data-testid="question"
        >
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <h2
              id="question-heading"
              ref={headingRef}
              tabIndex={-1}
              className="text-sm font-semibold text-muted focus:outline-none"
            >
              Question {current + 1} of {n}
            </h2>
            <Badge>{TOPIC_LABELS[item.question.topic]}</Badge>
            <Badge>{['', 'easy', 'medium', 'hard'][item.question.difficulty]}</Badge>
            {flags[pos] ? <Badge tone="warning">flagged</Badge> : null}
          </div>
          <Markdown className="text-base">{item.question.prompt}</Markdown>
          <div className="mt-5" data-testid="answer-input">
            <QuestionInput
              question={item.question}
              response={responses[pos] ?? null}
              disabled={timeUp || !!locked[pos]}
              onChange={(r, o) => answer(pos, r, o)}
              onBlur={() => flushNow(pos)}
            />
          </div>

          <div className="mt-4 flex flex-wrap items-center gap-3">
            <SaveIndicator save={save} />
            {view.mode === 'EXAM' ? (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => void toggleFlag(pos)}
                aria-pressed={flags[pos]}
                data-testid="flag"
              >
                {flags[pos] ? '⚑ Unflag' : '⚐ Flag for review'}
              </Button>
            ) : null}
            {view.mode === 'PRACTICE' && !locked[pos] ? (
              <Button
                size="sm"
                onClick={() => void reveal(pos)}
                disabled={!isAnswered(responses[pos]) || revealing}
                data-testid="check-answer"
              >
                {revealing ? 'Checking…' : 'Check answer'}
              </Button>
            ) : null}
            {view.mode === 'INTERVIEW' && !locked[pos] ? (
              <Button
                size="sm"
                onClick={() => void reveal(pos)}
                disabled={!isAnswered(responses[pos]) || revealing}
                data-testid="reveal-model"
              >
                {revealing ? 'Revealing…' : 'Reveal the model answer'}
              </Button>
            ) : null}
          </div>

          {view.mode === 'INTERVIEW' && !timeUp ? <SpeakingTimer key={pos} /> : null}

          {feedback[pos] ? (
            view.mode === 'INTERVIEW' ? (
              <InterviewRating
                key={pos}
                attemptId={view.id}
                csrfToken={csrfToken}
                position={pos}
                question={item.question}
                response={responses[pos] ?? null}
                feedback={feedback[pos]}
                initialTicked={responses[pos]?.type === 'interview' ? responses[pos].ticked : []}
                initialRating={rated[pos] ?? null}
                onRated={(rating) => setRated((prev) => prev.map((x, i) => (i === pos ? rating : x)))}
              />
            ) : (
              <FeedbackPanel
                question={item.question}
                response={responses[pos] ?? null}
                feedback={feedback[pos]}
              />
            )
          ) : null}

          <ReportProblem
            key={`report-${pos}`}
            csrfToken={csrfToken}
            kind="QUESTION"
            attemptId={view.id}
            position={pos}
          />

          <div className="mt-6 flex justify-between gap-3 border-t border-border pt-4">
            <Button
              variant="secondary"
              onClick={() => setCurrent((c) => Math.max(0, c - 1))}
              disabled={current === 0}
              data-testid="prev"
            >
              ← Previous
            </Button>
            {current < n - 1 ? (
              <Button
                variant="secondary"
                onClick={() => setCurrent((c) => Math.min(n - 1, c + 1))}
                data-testid="next"
              >
                Next →
              </Button>
            ) : (
              <Button onClick={() => setConfirming(true)} data-testid="finish">
                {view.mode === 'EXAM' ? 'Review and submit' : 'Finish'}
              </Button>
            )}
          </div>
        </section>

        <aside aria-label="Question navigator" className="flex flex-col gap-4">
          <nav aria-label="Questions" className="rounded-xl border border-border bg-surface p-4">
            <p className="mb-2 text-sm font-semibold">Questions</p>
            <ol className="grid grid-cols-6 gap-1.5 lg:grid-cols-5" data-testid="navigator">
              {view.items.map((it, i) => {
                const done = isAnswered(responses[it.position]);
                return (
                  <li key={it.position}>
                    <button
                      type="button"
                      onClick={() => setCurrent(i)}
                      aria-current={i === current ? 'step' : undefined}
                      aria-label={`Question ${i + 1}${done ? ', answered' : ', not answered'}${flags[it.position] ? ', flagged' : ''}`}
                      className={cn(
                        'relative h-9 w-full rounded-md border text-sm font-medium',
                        done ? 'border-accent bg-accent/15' : 'border-border bg-surface',
                        i === current && 'ring-2 ring-ring ring-offset-1 ring-offset-bg',
                      )}
                    >
                      {i + 1}
                      {flags[it.position] ? (
                        <span aria-hidden className="absolute -right-1 -top-1 text-xs text-warning">
                          ⚑
                        </span>
                      ) : null}
                    </button>
                  </li>
                );
              })}
            </ol>
            <p className="mt-3 text-xs text-muted">Filled: answered · ⚑ flagged</p>
          </nav>
          <Button
            onClick={() => setConfirming(true)}
            variant={view.mode === 'EXAM' ? 'primary' : 'secondary'}
            data-testid="open-submit"
          >
            {view.mode === 'EXAM' ? 'Submit exam…' : 'Finish…'}
          </Button>
        </aside>
      </div>

      <ShortcutHelp
        open={helpOpen}
        onClose={() => setHelpOpen(false)}
        rows={shortcutRows}
        note="Shortcuts are off while you type in a text field."
      />

      {confirming ? (
        <SubmitDialog
          attemptId={view.id}
          csrfToken={csrfToken}
          unanswered={unanswered}
          flagged={flagged}
          busy={busy}
          onJump={(i) => {
            setCurrent(view.items.findIndex((it) => it.position === i));
            setConfirming(false);
          }}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}

function Countdown({ remaining }: { remaining: number }) {
  const s = Math.max(0, Math.ceil(remaining / 1000));
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  const low = s <= 60;
  return (
    <p
      className={cn(
        'rounded-lg px-3 py-1 font-mono text-lg font-semibold tabular-nums',
        low ? 'bg-danger-bg text-danger' : 'bg-surface-2',
      )}
      data-testid="countdown"
      aria-label={`Time left: ${Math.floor(s / 60)} minutes ${s % 60} seconds`}
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        className="mr-1.5 inline size-4 -translate-y-px"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      >
        <circle cx="12" cy="13" r="8" />
        <path d="M12 9v4l2.5 2.5M9 2h6" />
      </svg>
      {text}
      {/* Announce only minute boundaries and the last minute, not every second. */}
      <span className="sr-only" aria-live="polite">
        {s % 60 === 0 || s === 30 || s === 10 ? `${Math.floor(s / 60)} minutes ${s % 60} seconds left` : ''}
      </span>
    </p>
  );
}

function SaveIndicator({ save }: { save: SaveState }) {
  const text =
    save.state === 'saving'
      ? 'Saving…'
      : save.state === 'saved'
        ? 'Saved'
        : save.state === 'retrying' || save.state === 'error'
          ? (save.message ?? 'Not saved')
          : (save.message ?? '');
  const tone =
    save.state === 'saved'
      ? 'text-success'
      : save.state === 'error' || save.state === 'retrying'
        ? 'text-danger'
        : 'text-muted';
  return (
    <p
      className={cn('min-h-5 text-sm', tone)}
      role="status"
      aria-live="polite"
      data-testid="save-state"
      data-state={save.state}
    >
      {save.state === 'saved' ? '✓ ' : ''}
      {text}
    </p>
  );
}

function SubmitDialog({
  attemptId,
  csrfToken,
  unanswered,
  flagged,
  busy,
  onJump,
  onClose,
}: {
  attemptId: string;
  csrfToken: string;
  unanswered: number[];
  flagged: number[];
  busy: boolean;
  onJump: (pos: number) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [state, formAction] = useActionState<FormState, FormData>(submitQuizAction, null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const list = (xs: number[], label: string, testId: string) =>
    xs.length ? (
      <div>
        <p className="text-sm font-medium">{label}</p>
        <ul className="mt-1 flex flex-wrap gap-1.5" data-testid={testId}>
          {xs.map((i) => (
            <li key={i}>
              <Button size="sm" variant="secondary" onClick={() => onJump(i)}>
                {i + 1}
              </Button>
            </li>
          ))}
        </ul>
      </div>
    ) : null;
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="submit-title"
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-6 text-fg shadow-xl backdrop:bg-black/50"
      data-testid="submit-dialog"
    >
      <h2 id="submit-title" className="text-lg font-semibold">
        Submit your answers?
      </h2>
      <p className="mt-1 text-sm text-muted">
        {unanswered.length === 0 && flagged.length === 0
          ? 'Every question is answered and none is flagged.'
          : 'Check these before you submit; you cannot change answers afterwards.'}
      </p>
      <div className="mt-4 flex flex-col gap-3">
        {list(unanswered, `Unanswered (${unanswered.length})`, 'unanswered-list')}
        {list(flagged, `Flagged for review (${flagged.length})`, 'flagged-list')}
      </div>
      {state && !state.ok ? (
        <Alert tone="error" className="mt-4" testId="submit-error">
          {state.formError ?? 'The attempt could not be submitted.'}
        </Alert>
      ) : null}
      <form action={formAction} className="mt-6 flex justify-end gap-2">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="attemptId" value={attemptId} />
        <Button variant="ghost" onClick={() => ref.current?.close()}>
          Keep working
        </Button>
        <SubmitButton pendingLabel="Submitting…" disabled={busy} data-testid="confirm-submit">
          {busy ? 'Saving your last answer…' : 'Submit'}
        </SubmitButton>
      </form>
    </dialog>
  );
}

function InterviewRating({
  attemptId,
  csrfToken,
  position,
  question,
  response,
  feedback,
  initialTicked,
  initialRating,
  onRated,
}: {
  attemptId: string;
  csrfToken: string;
  position: number;
  question: AttemptView['items'][number]['question'];
  response: QuizResponse | null;
  feedback: ItemFeedback;
  initialTicked: number[];
  initialRating: number | null;
  onRated: (rating: number) => void;
}) {
  const [ticked, setTicked] = useState<number[]>(initialTicked);
  const [rating, setRating] = useState<number | null>(initialRating);
  const [status, setStatus] = useState<string | null>(initialRating !== null ? 'Saved.' : null);
  const save = async () => {
    if (rating === null) return setStatus('Choose a rating first.');
    const r = await rateAction({ attemptId, position, ticked, selfRating: rating, csrfToken });
    setStatus(
      r.ok
        ? `Saved: you covered ${Math.round(r.data.score * 100)}% of the key points.`
        : (r.formError ?? 'Not saved.'),
    );
    if (r.ok) onRated(rating);
  };
  return (
    <div>
      <FeedbackPanel question={question} response={response} feedback={feedback} showVerdict={false} />
      <fieldset className="mt-4 rounded-xl border border-border p-4">
        <legend className="px-1 text-sm font-semibold">Which key points did your answer cover?</legend>
        <div className="mt-2 flex flex-col gap-2">
          {(feedback.rubric ?? []).map((point, i) => (
            <label key={i} className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                checked={ticked.includes(i)}
                onChange={(e) => setTicked((t) => (e.target.checked ? [...t, i] : t.filter((x) => x !== i)))}
                className="mt-0.5 size-4 accent-[var(--accent)]"
                data-testid="rubric-point"
              />
              <span>{point}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="mt-4">
        <legend className="text-sm font-semibold">How would an interviewer rate your answer?</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {['0 · missed it', '1 · weak', '2 · partial', '3 · good', '4 · excellent'].map((label, i) => (
            <label
              key={i}
              className="flex items-center gap-2 rounded-lg border border-border px-3 py-1.5 text-sm has-[:checked]:border-accent has-[:checked]:bg-surface-2"
            >
              <input
                type="radio"
                name={`rating-${position}`}
                checked={rating === i}
                onChange={() => setRating(i)}
                className="size-4 accent-[var(--accent)]"
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-3 flex items-center gap-3">
        <Button size="sm" onClick={() => void save()} data-testid="save-rating">
          Save my rating
        </Button>
        {status ? (
          <p className="text-sm text-muted" role="status" data-testid="rating-status">
            {status}
          </p>
        ) : null}
      </div>
    </div>
  );
}
