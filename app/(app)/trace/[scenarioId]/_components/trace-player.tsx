'use client';
/**
 * The "trace this request" player: header (mode, level), the request, the cluster diagram, the palette and
 * the answer lane, the outcome (when asked), and the actions — Check and hints in learning mode, one
 * submission in challenge mode. The server grades; this component only builds the answer.
 */
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { ClusterDiagram } from '@/components/cluster-diagram';
import { Markdown } from '@/components/markdown';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import type { Level } from '@/lib/engine';
import { anchorFor } from '@/lib/trace-player/graph';
import { addToLane, laneCards, moveInLane, removeFromLane, type LaneItem } from '@/lib/trace-player/lane';
import type { HintKind } from '@/lib/validation/trace';
import type { CheckView, HintView, PlayerView } from '@/lib/trace-player/views';
import type { TraceDraftView } from '@/lib/server/trace/service';
import { checkPathAction, hintAction, saveDraftAction, submitPathAction } from '../../actions';
import { DifficultyMeter, LEVEL_HELP, LEVEL_TEXT, pct } from '../../_components/labels';
import { LinkPending } from '../../_components/link-pending';
import { OutcomePicker } from './outcome-picker';
import { PathBuilder } from './path-builder';
import { RuleText } from '@/components/rule-ref';
import { traceHref } from '@/lib/trace-player/href';

type Props = {
  view: PlayerView;
  csrfToken: string;
  recent: { id: string; score: number; mode: string; createdAt: string }[];
  /** The path saved by autosave in this mode and level, resumed here. */
  draft?: TraceDraftView | null;
};

/** Autosave waits for this long after the last change (a burst of typed cards is one save). */
const DRAFT_DELAY_MS = 400;

const points = (fraction: number) => Math.round(fraction * 100);

export function TracePlayer({ view, csrfToken, recent, draft }: Props) {
  const [lane, setLane] = useState<LaneItem[]>(() =>
    (draft?.cards ?? []).map((cardId, i) => ({ uid: `d${i}`, cardId })),
  );
  const [disposition, setDisposition] = useState<string | undefined>(draft?.disposition);
  const [resumed, setResumed] = useState(Boolean(draft));
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'error'>(draft ? 'saved' : 'idle');
  const [check, setCheck] = useState<CheckView | null>(null);
  const [hints, setHints] = useState<HintView[]>([]);
  const [penalty, setPenalty] = useState(view.penalty);
  const [hintsUsed, setHintsUsed] = useState(view.hintsUsed);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusCard, setFocusCard] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<null | 'check' | HintKind | 'submit'>(null);
  const uid = useRef(0);
  const learning = view.mode === 'learning';
  const byId = useMemo(() => new Map(view.palette.map((c) => [c.id, c])), [view.palette]);
  const labelOf = useCallback((id: string) => byId.get(id)?.label ?? id, [byId]);

  // Autosave (like quiz answers): every change of the path or the outcome is saved on the server after a
  // short pause, so a reload or another device resumes it. Nothing is saved until the learner changes
  // something; a submission stops it (the server drops the draft with the attempt).
  const draftTimer = useRef<number | undefined>(undefined);
  const draftSeq = useRef(0);
  const changed = useRef(false);
  const submitting = useRef(false);
  useEffect(() => {
    if (!changed.current || submitting.current) return;
    window.clearTimeout(draftTimer.current);
    const seq = ++draftSeq.current;
    setSaved('saving');
    draftTimer.current = window.setTimeout(() => {
      void saveDraftAction({
        sessionId: view.sessionId,
        csrfToken,
        answer: {
          cards: laneCards(lane),
          ...(view.scenario.askDisposition && disposition ? { disposition } : {}),
        },
      })
        .then((r) => {
          if (seq === draftSeq.current && !submitting.current) setSaved(r.ok ? 'saved' : 'error');
        })
        .catch(() => {
          if (seq === draftSeq.current) setSaved('error');
        });
    }, DRAFT_DELAY_MS);
    return () => window.clearTimeout(draftTimer.current);
  }, [lane, disposition, view.sessionId, view.scenario.askDisposition, csrfToken]);

  const changeLane = (next: LaneItem[], message: string) => {
    changed.current = true;
    setLane(next);
    setCheck(null);
    setAnnouncement(message);
  };

  // Drags announce themselves (dnd-kit's live region); buttons and keys are announced here.
  const onAdd = (cardId: string, index: number, via: 'drag' | 'button' | 'key') => {
    uid.current += 1;
    const at = Math.max(0, Math.min(lane.length, index));
    changeLane(
      addToLane(lane, { uid: `l${uid.current}`, cardId }, at),
      via === 'drag' ? '' : `Added ${labelOf(cardId)} as hop ${at + 1} of ${lane.length + 1}.`,
    );
  };
  const onMove = (from: number, to: number, via: 'drag' | 'button' | 'key') => {
    const item = lane[from];
    if (!item || to < 0 || to >= lane.length) return;
    changeLane(
      moveInLane(lane, from, to),
      via === 'drag' ? '' : `Moved ${labelOf(item.cardId)} to hop ${to + 1} of ${lane.length}.`,
    );
    if (via !== 'drag') {
      // Keep the keyboard where the card went: the same button (or, for keys, the hop) on its new row.
      const dir = to < from ? 'move-up' : 'move-down';
      window.requestAnimationFrame(() => {
        const rows = document.querySelectorAll<HTMLElement>('[data-testid="lane-item"]');
        const btn = rows[to]?.querySelector<HTMLButtonElement>(`[data-testid="${dir}"]`);
        if (via === 'button' && btn && !btn.disabled) btn.focus();
        else rows[to]?.querySelector<HTMLButtonElement>('[data-testid="lane-grip"]')?.focus();
      });
    }
  };
  const onRemove = (index: number) => {
    const item = lane[index];
    if (!item) return;
    changeLane(
      removeFromLane(lane, index),
      `Removed ${labelOf(item.cardId)}. Your path has ${lane.length - 1} hop${lane.length - 1 === 1 ? '' : 's'}.`,
    );
    window.requestAnimationFrame(() => {
      const rows = document.querySelectorAll<HTMLElement>('[data-testid="lane-grip"]');
      (rows[Math.min(index, rows.length - 1)] ?? document.getElementById('lane-heading'))?.focus();
    });
  };

  const answer = () => ({
    cards: laneCards(lane),
    ...(view.scenario.askDisposition && disposition ? { disposition } : {}),
  });

  const runCheck = () => {
    setError(null);
    setBusy('check');
    startTransition(async () => {
      const r = await checkPathAction({ sessionId: view.sessionId, csrfToken, answer: answer() });
      setBusy(null);
      if (!r.ok) return setError(r.formError ?? 'The check failed.');
      setCheck(r.data.check);
      const c = r.data.check;
      const wrong = c.positions.filter((p) => p === 'wrong').length;
      const moved = c.positions.filter((p) => p === 'misplaced').length;
      setAnnouncement(
        c.complete
          ? 'Check: your path matches a valid path.'
          : `Check: ${c.positions.length - wrong - moved} on the path, ${moved} out of order, ${wrong} not on the path, ${c.missing} missing.`,
      );
    });
  };

  const runHint = (kind: HintKind) => {
    setError(null);
    setBusy(kind);
    startTransition(async () => {
      const r = await hintAction({ sessionId: view.sessionId, csrfToken, kind, answer: answer() });
      setBusy(null);
      if (!r.ok) return setError(r.formError ?? 'The hint failed.');
      const h = r.data.hint;
      setHints((prev) => [h, ...prev]);
      setPenalty(h.penalty);
      setHintsUsed(h.hintsUsed);
      setAnnouncement(`Hint${h.charged ? `, minus ${points(h.cost)} points` : ', free'}: ${h.message}`);
    });
  };

  const submit = () => {
    setError(null);
    if (lane.length === 0) return setError('Place at least one card on your path before you submit.');
    if (view.scenario.askDisposition && !disposition) {
      setError('Choose what happens to the request (the outcome) before you submit.');
      document.getElementById('outcome-legend')?.scrollIntoView({ block: 'center' });
      return;
    }
    setBusy('submit');
    submitting.current = true;
    window.clearTimeout(draftTimer.current);
    startTransition(async () => {
      const r = await submitPathAction({ sessionId: view.sessionId, csrfToken, answer: answer() });
      // On success the action redirects; we only get here with an error.
      setBusy(null);
      submitting.current = false;
      if (r && !r.ok) setError(r.formError ?? 'The submission failed.');
    });
  };

  const focusNode = focusCard ? byId.get(focusCard)?.object : undefined;
  const focusBox = focusNode && view.diagram[0] ? anchorFor(view.diagram[0], focusNode) : undefined;
  // The map shows first the objects the cards name (right ones and traps alike, so this reveals nothing).
  const cardBoxes = useMemo(() => {
    const g = view.diagram[0];
    if (!g) return [];
    const ids = new Set<string>();
    for (const c of view.palette) {
      const a = c.object ? anchorFor(g, c.object) : undefined;
      if (a) ids.add(a);
    }
    return [...ids];
  }, [view.diagram, view.palette]);
  const otherMode = learning ? 'challenge' : 'learning';
  const current = view.requests.find((r) => r.current)?.id;
  const href = (params: { mode?: 'learning' | 'challenge'; level?: Level; request?: string }) => {
    const level = params.level ?? view.level;
    const request = params.request ?? current;
    return traceHref(view.scenario.id, {
      mode: params.mode ?? view.mode,
      ...(level !== view.scenario.defaultLevel ? { level } : {}),
      ...(request && request !== view.requests[0]?.id ? { request } : {}),
      ...(view.variant ? { variant: view.variant.seed } : {}),
    });
  };

  return (
    <div
      className="space-y-5"
      data-testid="trace-player"
      data-mode={view.mode}
      data-level={view.level}
      data-session-id={view.sessionId}
    >
      <header className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{view.scenario.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">
            <Badge tone="brand">{view.scenario.topicLabel}</Badge>
            <DifficultyMeter difficulty={view.scenario.difficulty} />
            <span aria-hidden="true">·</span>
            <span>{learning ? 'Learning mode' : 'Challenge mode'}</span>
            {view.variant ? (
              <>
                <span aria-hidden="true">·</span>
                <span data-testid="variant-badge" data-seed={view.variant.seed}>
                  Fresh variant: other names, addresses, ports and placement
                </span>
              </>
            ) : null}
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <nav
            aria-label="Level of detail"
            className="inline-flex rounded-lg border border-border bg-surface p-0.5 text-sm"
          >
            {(['textbook', 'coarse', 'wire'] as const).map((l) => (
              <Link
                key={l}
                href={href({ level: l })}
                aria-current={l === view.level ? 'page' : undefined}
                title={LEVEL_HELP[l]}
                className={cn(
                  'rounded-md px-3 py-1.5',
                  l === view.level ? 'bg-accent font-semibold text-accent-fg' : 'text-muted hover:text-fg',
                )}
              >
                {LEVEL_TEXT[l]}
                <LinkPending />
              </Link>
            ))}
          </nav>
          <Link
            href={href({ mode: otherMode })}
            className="rounded-lg border border-border bg-surface px-3 py-2 text-sm hover:bg-surface-2"
            data-testid="switch-mode"
          >
            {learning ? 'Switch to challenge' : 'Switch to learning'}
            <LinkPending />
          </Link>
        </div>
      </header>

      <section
        aria-labelledby="request-heading"
        className="rounded-xl border border-accent/30 bg-brand-50 p-4 dark:bg-brand-900/30 sm:p-5"
      >
        <h2 id="request-heading" className="text-xs font-semibold uppercase tracking-wide text-accent">
          The request
        </h2>
        <p className="mt-1 text-lg font-semibold [overflow-wrap:anywhere]" data-testid="request-summary">
          {view.request}
        </p>
        {view.requests.length > 1 ? (
          <nav
            aria-label="The scenario's requests"
            className="mt-2 flex flex-wrap items-center gap-2 text-sm"
          >
            <span className="text-muted">
              {view.requests.length} requests in this scenario, each traced on its own:
            </span>
            {view.requests.map((r) => (
              <Link
                key={r.id}
                href={href({ request: r.id })}
                aria-current={r.current ? 'page' : undefined}
                data-testid="request-link"
                className={cn(
                  'rounded-md border px-2 py-0.5 font-mono',
                  r.current
                    ? 'border-accent bg-accent font-semibold text-accent-fg'
                    : 'border-border bg-surface text-muted hover:text-fg',
                )}
              >
                {r.id}
                <LinkPending />
              </Link>
            ))}
          </nav>
        ) : null}
        {view.scenario.prompt ? (
          <div className="mt-2 text-sm text-fg/90">
            <Markdown>{view.scenario.prompt}</Markdown>
          </div>
        ) : null}
        <p className="mt-3 text-xs text-muted">
          {LEVEL_HELP[view.level]}{' '}
          {learning
            ? 'Check your path as often as you like; hints cost points.'
            : 'One submission, no hints: your path is graded as it is when you submit.'}
          {view.level !== view.scenario.defaultLevel
            ? ` (This scenario is written for the ${LEVEL_TEXT[view.scenario.defaultLevel].toLowerCase()} level.)`
            : ''}
        </p>
      </section>

      <section aria-labelledby="cluster-heading">
        <h2 id="cluster-heading" className="sr-only">
          The cluster
        </h2>
        <ClusterDiagram
          diagram={view.diagram}
          focus={cardBoxes}
          {...(focusBox ? { packetAt: focusBox, packetLabel: '' } : {})}
          label="Map of the cluster in this scenario"
          className="max-h-[22rem] sm:max-h-[26rem] lg:max-h-[30rem]"
        />
      </section>

      <div className="space-y-4">
        {resumed && (lane.length > 0 || disposition) ? (
          <div
            className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-accent/40 bg-surface p-3 text-sm"
            data-testid="draft-resumed"
          >
            <p className="min-w-0 flex-1">
              Resumed your saved path ({lane.length} hop{lane.length === 1 ? '' : 's'}
              {disposition ? ' and the outcome' : ''}).
            </p>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                changeLane([], 'Started over: your path is empty.');
                changed.current = true;
                setDisposition(undefined);
                setResumed(false);
                window.requestAnimationFrame(() => document.getElementById('lane-heading')?.focus());
              }}
              data-testid="draft-start-over"
            >
              Start over
            </Button>
          </div>
        ) : null}
        <PathBuilder
          palette={view.palette}
          lane={lane}
          onAdd={onAdd}
          onMove={onMove}
          onRemove={onRemove}
          marks={check?.positions ?? null}
          onFocusCard={setFocusCard}
          disabled={busy === 'submit'}
        >
          {check ? (
            <p
              className={cn('text-sm', check.complete ? 'text-success' : 'text-muted')}
              data-testid="check-summary"
            >
              {check.complete
                ? 'Your path matches a valid path.'
                : `${check.positions.filter((p) => p === 'ok').length} on the path · ${check.positions.filter((p) => p === 'misplaced').length} out of order · ${check.positions.filter((p) => p === 'wrong').length} not on the path · ${check.missing} missing`}
              {check.outcomeCorrect !== undefined
                ? ` · outcome ${check.outcomeCorrect ? 'right' : 'not right yet'}`
                : ''}
            </p>
          ) : null}
          {view.scenario.askDisposition ? (
            <OutcomePicker
              value={disposition}
              onChange={(v) => {
                changed.current = true;
                setDisposition(v);
                setCheck(null);
              }}
            />
          ) : null}
          <section
            aria-labelledby="actions-heading"
            className="mt-4 border-t border-border pt-4 first:mt-0 first:border-t-0 first:pt-0"
          >
            <h2 id="actions-heading" className="sr-only">
              Check and submit
            </h2>
            {learning ? (
              <div className="space-y-3">
                <div className="flex flex-wrap gap-2">
                  <Button
                    variant="secondary"
                    onClick={() => {
                      if (!pending && lane.length > 0) runCheck();
                    }}
                    aria-disabled={pending || lane.length === 0}
                    data-testid="check-path"
                  >
                    {busy === 'check' ? 'Checking…' : 'Check my path (free)'}
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      if (!pending) runHint('explain');
                    }}
                    aria-disabled={pending}
                    data-testid="hint-explain"
                  >
                    {busy === 'explain'
                      ? 'Thinking…'
                      : `Explain a mistake (−${points(view.hintCosts.explain)} points)`}
                  </Button>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      if (!pending) runHint('next');
                    }}
                    aria-disabled={pending}
                    data-testid="hint-next"
                  >
                    {busy === 'next'
                      ? 'Thinking…'
                      : `Reveal the next hop (−${points(view.hintCosts.next)} points)`}
                  </Button>
                </div>
                <p className="text-xs text-muted" data-testid="hint-ledger">
                  {hintsUsed === 0
                    ? 'No hints taken. '
                    : `${hintsUsed} hint${hintsUsed === 1 ? '' : 's'} taken: −${points(penalty)} points from your score. `}
                  A hint that has nothing to reveal is free.
                </p>
                {hints.length > 0 ? (
                  <ul className="space-y-2" aria-label="Hints">
                    {hints.map((h, i) => (
                      <li
                        key={hints.length - i}
                        className="rounded-lg border border-warning/40 bg-warning-bg p-3 text-sm"
                        data-testid="hint"
                      >
                        <p className="font-semibold text-warning">
                          {h.kind === 'next' ? 'Next hop' : 'Mistake'}
                          {h.charged ? ` · −${points(h.cost)} points` : ' · free'}
                        </p>
                        <p className="mt-1 text-fg">
                          <RuleText>{h.message}</RuleText>
                        </p>
                        {h.card && h.position !== undefined && i === 0 ? (
                          <Button
                            size="sm"
                            variant="secondary"
                            className="mt-2"
                            onClick={() => onAdd(h.card!.id, h.position!, 'button')}
                          >
                            Add {h.card.label} at position {h.position + 1}
                          </Button>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-muted">Challenge: no checks or hints. You get one submission.</p>
            )}
            {error ? (
              <Alert tone="error" testId="player-error-message" className="mt-3">
                {error}
              </Alert>
            ) : null}
            <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-border pt-4">
              <Button
                size="lg"
                onClick={() => {
                  if (!pending) submit();
                }}
                aria-disabled={pending}
                data-testid="submit-path"
              >
                {busy === 'submit' ? 'Grading…' : 'Submit for grading'}
              </Button>
              <p className="text-xs text-muted">
                {lane.length === 0
                  ? 'Your path is empty.'
                  : `${lane.length} hop${lane.length === 1 ? '' : 's'}`}
                {view.scenario.askDisposition
                  ? disposition
                    ? ' · outcome chosen'
                    : ' · choose an outcome'
                  : ''}
                {penalty > 0 ? ` · hints −${points(penalty)} points` : ''}
                <span data-testid="draft-status" data-state={saved}>
                  {saved === 'saving'
                    ? ' · saving…'
                    : saved === 'saved'
                      ? ' · draft saved'
                      : saved === 'error'
                        ? ' · not saved (check your connection)'
                        : ''}
                </span>
              </p>
            </div>
          </section>
        </PathBuilder>

        {recent.length > 0 ? (
          <section
            aria-labelledby="recent-heading"
            className="rounded-xl border border-border bg-surface p-4 text-sm"
          >
            <h2 id="recent-heading" className="font-semibold">
              Your recent attempts
            </h2>
            <ul className="mt-2 space-y-1">
              {recent.map((a) => (
                <li key={a.id}>
                  <Link href={`/trace/attempts/${a.id}`} className="text-accent hover:underline">
                    {pct(a.score)} · {a.mode} · {new Date(a.createdAt).toLocaleString()}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <div className="sr-only" role="status" aria-live="polite" data-testid="player-announcer">
        {announcement}
      </div>
    </div>
  );
}
