'use client';
/**
 * Animated replay: a packet travels along a valid path on the cluster diagram, pausing at each hop to show
 * the addresses on arrival and any DNAT/SNAT/encapsulation made there. "Your path" replays the learner's own
 * hops on the same diagram, next to where the valid path is at that point; a hop the packet could not have
 * made is marked on its box, with the grader's explanation and the rule that says why.
 *
 * Keyboard: the replay panel takes ←/→ (previous/next hop), Home/End, and Space or K (play/pause); every
 * action is also a button, and the hop list jumps to any hop. Under prefers-reduced-motion the packet jumps
 * instead of gliding and nothing plays until asked; each hop is announced politely either way.
 */
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { EXAMPLE_EPHEMERAL_PORT, EXAMPLE_MASQ_PORT, EXAMPLE_VXLAN_PORT } from '@/lib/engine/wire-text';
import { ClusterDiagram } from '@/components/cluster-diagram';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { pathNodeIds, type LearnerFrame } from '@/lib/trace-player/replay';
import type { ResultPath } from '@/lib/trace-player/views';
import { outcomeLabel, verdictLead } from '@/lib/trace-player/outcomes';
import type { ReplayFrame as ReplayFrameT } from '@/lib/trace-player/replay';
import type { LaidOutDiagram } from '@/lib/trace-player/layout';
import { LayerIcon, layerTone } from '../../../[scenarioId]/_components/layer-style';
import { RuleLink, RuleText } from '@/components/rule-ref';

const STEP_MS = 1600;

function subscribeReducedMotion(cb: () => void) {
  const mq = window.matchMedia('(prefers-reduced-motion: reduce)');
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeReducedMotion,
    () => window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    () => true,
  );
}

export function Replay({
  diagram,
  closest,
  alternatives,
  mine = [],
}: {
  diagram: readonly LaidOutDiagram[];
  closest: ResultPath | null;
  alternatives: ResultPath[];
  /** The learner's own path (empty: no "Your path" switch). */
  mine?: LearnerFrame[];
}) {
  const paths = useMemo(() => (closest ? [closest, ...alternatives] : alternatives), [closest, alternatives]);
  const [pathId, setPathId] = useState(paths[0]?.id ?? '');
  // With no valid connection path (e.g. NXDOMAIN) there is only the learner's path to replay.
  const [who, setWho] = useState<'valid' | 'mine'>(paths.length === 0 && mine.length > 0 ? 'mine' : 'valid');
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const reduced = useReducedMotion();
  const selectId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const path = paths.find((p) => p.id === pathId) ?? paths[0];
  const showMine = who === 'mine' && mine.length > 0;
  const frames = useMemo(() => path?.frames ?? [], [path]);
  const count = showMine ? mine.length : frames.length;
  const last = Math.max(0, count - 1);
  const frame = frames[Math.min(step, Math.max(0, frames.length - 1))];
  const mineFrame = mine[Math.min(step, Math.max(0, mine.length - 1))];
  const route = useMemo(
    () =>
      showMine
        ? mine.reduce<string[]>(
            (out, f) => (f.nodeId && out[out.length - 1] !== f.nodeId ? [...out, f.nodeId] : out),
            [],
          )
        : pathNodeIds(frames),
    [showMine, mine, frames],
  );
  const hops = useMemo(
    () => (showMine ? mine.map((fr) => fr.nodeId) : frames.map((fr) => fr.nodeId)),
    [showMine, mine, frames],
  );
  const impossible = useMemo(
    () => (showMine ? mine.filter((f) => f.status === 'impossible' && f.nodeId).map((f) => f.nodeId!) : []),
    [showMine, mine],
  );
  const packetAt = showMine ? mineFrame?.nodeId : frame?.nodeId;

  useEffect(() => {
    if (!playing) return;
    const id = window.setTimeout(
      () => {
        if (step >= last) setPlaying(false);
        else setStep((s) => Math.min(last, s + 1));
      },
      step >= last ? 0 : reduced ? STEP_MS * 1.5 : STEP_MS,
    );
    return () => window.clearTimeout(id);
  }, [playing, step, last, reduced]);

  if ((!path || frames.length === 0) && mine.length === 0) {
    return (
      <section aria-labelledby="replay-heading" className="rounded-xl border border-border bg-surface p-4">
        <h2 id="replay-heading" className="text-lg font-semibold">
          Replay
        </h2>
        <p className="mt-2 text-sm text-muted">This request has no connection path to replay.</p>
      </section>
    );
  }

  const go = (n: number) => {
    setStep(Math.max(0, Math.min(last, n)));
  };
  const togglePlay = () => {
    if (!playing && step >= last) setStep(0);
    setPlaying((p) => !p);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target instanceof HTMLSelectElement) return;
    if (e.key === 'ArrowRight') go(step + 1);
    else if (e.key === 'ArrowLeft') go(step - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(last);
    else if ((e.key === ' ' && e.target === e.currentTarget) || e.key === 'k' || e.key === 'K') togglePlay();
    else return;
    e.preventDefault();
  };

  const pickWho = (w: 'valid' | 'mine') => {
    setWho(w);
    setStep(0);
    setPlaying(false);
  };
  return (
    <section
      aria-labelledby="replay-heading"
      className="rounded-xl border border-border bg-surface p-4 sm:p-5"
      data-testid="replay"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="replay-heading" className="text-lg font-semibold">
          Replay
        </h2>
        {mine.length > 0 && path ? (
          <div
            role="radiogroup"
            aria-label="Whose path to replay"
            className="inline-flex rounded-lg border border-border p-0.5 text-sm"
            data-testid="replay-who"
          >
            {(
              [
                ['valid', 'Valid path'],
                ['mine', 'Your path'],
              ] as const
            ).map(([w, text]) => (
              <button
                key={w}
                type="button"
                role="radio"
                aria-checked={who === w}
                onClick={() => pickWho(w)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
                    e.preventDefault();
                    pickWho(who === 'valid' ? 'mine' : 'valid');
                  }
                }}
                tabIndex={who === w ? 0 : -1}
                className={cn(
                  'rounded-md px-3 py-1',
                  who === w ? 'bg-accent font-semibold text-accent-fg' : 'hover:bg-surface-2',
                )}
                data-testid={`replay-who-${w}`}
              >
                {text}
              </button>
            ))}
          </div>
        ) : null}
        {!showMine && paths.length > 1 && path ? (
          <div className="flex items-center gap-2 text-sm">
            <label htmlFor={selectId} className="text-muted">
              Path
            </label>
            <select
              id={selectId}
              value={path.id}
              onChange={(e) => {
                setPathId(e.target.value);
                setStep(0);
                setPlaying(false);
              }}
              className="h-9 max-w-[16rem] rounded-lg border border-border bg-surface px-2 text-sm"
              data-testid="replay-path"
            >
              {paths.map((p, i) => (
                <option key={p.id} value={p.id}>
                  {i === 0 && closest ? `${p.id} (closest to yours)` : p.id} —{' '}
                  {p.choice || p.dispositionLabel}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>

      <ClusterDiagram
        diagram={diagram}
        path={route}
        hops={hops}
        impossible={impossible}
        {...(packetAt ? { packetAt } : {})}
        packetLabel={String(step + 1)}
        label={showMine ? 'Map of the cluster with your path' : 'Map of the cluster with the replayed path'}
        className="mt-3 max-h-[22rem] sm:max-h-[26rem]"
      />

      <div
        ref={panelRef}
        tabIndex={0}
        role="group"
        aria-roledescription="replay"
        aria-label="Replay controls: left and right arrows step through the hops, Space plays or pauses"
        onKeyDown={onKeyDown}
        className="mt-3 rounded-lg border border-border bg-surface-2/50 p-3"
        data-testid="replay-panel"
      >
        <div className="flex flex-wrap items-center gap-2">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => go(0)}
            aria-disabled={step === 0}
            aria-label="First hop"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
              <path d="M5 4h2v12H5zM16 4v12L8 10z" />
            </svg>
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => go(step - 1)}
            aria-disabled={step === 0}
            data-testid="replay-prev"
          >
            ← Previous
          </Button>
          <Button size="sm" onClick={togglePlay} data-testid="replay-play" aria-pressed={playing}>
            {playing ? 'Pause' : step >= last ? 'Replay from the start' : 'Play'}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => go(step + 1)}
            aria-disabled={step >= last}
            data-testid="replay-next"
          >
            Next →
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => go(last)}
            aria-disabled={step >= last}
            aria-label="Last hop"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
              <path d="M13 4h2v12h-2zM4 4v12l8-6z" />
            </svg>
          </Button>
          <span className="ml-auto text-sm tabular-nums text-muted" data-testid="replay-step">
            {showMine ? 'Your hop' : 'Hop'} {step + 1} of {count}
          </span>
        </div>

        {showMine && mineFrame ? (
          <MineFrameView f={mineFrame} valid={path} />
        ) : frame ? (
          <ValidFrameView f={frame} />
        ) : null}
      </div>

      <ol
        className="mt-3 flex flex-wrap gap-1.5"
        aria-label={showMine ? 'Hops of your path' : 'Hops of this path'}
      >
        {(showMine ? mine : frames).map((fr, i) => (
          <li key={`${who}-${i}`}>
            <button
              type="button"
              onClick={() => {
                setPlaying(false);
                go(i);
              }}
              aria-current={i === step ? 'step' : undefined}
              className={cn(
                'rounded-md border px-2 py-1 text-xs',
                i === step
                  ? 'border-accent bg-accent text-accent-fg'
                  : 'status' in fr && fr.status === 'impossible'
                    ? 'border-danger/60 bg-danger-bg text-danger'
                    : 'border-border bg-surface hover:bg-surface-2',
              )}
              title={fr.label}
              data-status={'status' in fr ? fr.status : undefined}
            >
              <span className="tabular-nums">{i + 1}</span> {fr.layer}
              {'status' in fr && fr.status === 'impossible' ? (
                <span>
                  {' '}
                  <span aria-hidden="true">✗</span>
                  <span className="sr-only">(impossible)</span>
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ol>
      {path && !showMine ? (
        <p className="mt-2 text-xs text-muted">
          Outcome: {path.dispositionLabel}
          {path.endpoint ? ` at ${path.endpoint}` : ''} — <RuleText>{path.reason}</RuleText>
          {path.masqueraded && path.sourceSeenByDestination
            ? ` The destination sees the source as ${path.sourceSeenByDestination} (SNAT).`
            : ''}
        </p>
      ) : null}
    </section>
  );
}

const STATUS_TEXT: Record<LearnerFrame['status'], { icon: string; text: string; cls: string }> = {
  ok: { icon: '✓', text: 'The packet passes here', cls: 'border-success/40 bg-success-bg text-success' },
  misplaced: {
    icon: '↕',
    text: 'The packet passes here, but not at this point',
    cls: 'border-warning/40 bg-warning-bg text-warning',
  },
  impossible: {
    icon: '✗',
    text: 'The packet could not have gone here',
    cls: 'border-danger/40 bg-danger-bg text-danger',
  },
};

/** One hop of the learner's path, beside where the valid path is at that point. */
function MineFrameView({ f, valid }: { f: LearnerFrame; valid: ResultPath | undefined }) {
  const s = STATUS_TEXT[f.status];
  const v = f.validIndex !== undefined ? valid?.hops[f.validIndex] : undefined;
  return (
    <div
      className="mt-3 grid grid-cols-[minmax(0,1fr)] gap-3 md:grid-cols-2"
      aria-live="polite"
      data-testid="replay-frame"
      data-status={f.status}
    >
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-muted">Your hop {f.index + 1}</p>
        <p
          className={cn(
            'mt-1 inline-flex items-center gap-1.5 rounded-md border px-2 py-0.5 text-xs font-semibold',
            layerTone(f.layer),
          )}
        >
          {f.layer}
        </p>
        <p className="mt-1.5 font-semibold [overflow-wrap:anywhere]">{f.label}</p>
        <div className={cn('mt-2 rounded-md border p-2 text-sm', s.cls)} data-testid="replay-verdict">
          <p className="font-semibold">
            <span aria-hidden="true">{s.icon} </span>
            {s.text}
            {f.rule ? (
              <>
                {' '}
                · rule{' '}
                <span data-testid="replay-rule">
                  <RuleLink id={f.rule} />
                </span>
              </>
            ) : null}
          </p>
          {f.status !== 'ok' ? <p className="mt-1 text-fg">{f.message}</p> : null}
        </div>
        {f.missedBefore.length > 0 ? (
          <p className="mt-2 text-xs text-muted" data-testid="replay-missed">
            Before this hop the packet also passes{' '}
            {f.missedBefore.map((l, i) => (
              <span key={i}>
                {i > 0 ? ', ' : ''}
                <strong className="text-fg">{l}</strong>
              </span>
            ))}{' '}
            (left out).
          </p>
        ) : null}
        {f.missedAfter && f.missedAfter.length > 0 ? (
          <p className="mt-2 text-xs text-muted" data-testid="replay-missed-after">
            After this the packet still passes{' '}
            {f.missedAfter.map((l, i) => (
              <span key={i}>
                {i > 0 ? ', ' : ''}
                <strong className="text-fg">{l}</strong>
              </span>
            ))}{' '}
            (left out).
          </p>
        ) : null}
      </div>
      <div className="space-y-2 text-sm">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-muted">
            The valid path at this point
          </p>
          <p className="mt-0.5" data-testid="replay-valid-here">
            {v && f.validIndex !== undefined ? (
              <>
                hop {f.validIndex + 1}: <strong>{v.label}</strong>
              </>
            ) : (
              'nothing: the valid path has ended'
            )}
          </p>
        </div>
        {f.packet ? (
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-muted">Packet on arrival</p>
            <p className="mt-0.5 break-all font-mono" data-testid="replay-packet-text">
              {f.packet}
            </p>
            {f.outer ? (
              <p className="mt-0.5 break-all font-mono text-xs text-muted">outer: {f.outer}</p>
            ) : null}
            {f.rewrites.length > 0 ? (
              <ul className="mt-1 space-y-1">
                {f.rewrites.map((r, i) => (
                  <li key={i} className="rounded-md border border-accent/40 bg-accent/10 px-2 py-1">
                    <span className="break-all font-mono font-semibold">{r.text}</span>
                    <span className="block text-xs text-muted">{r.note}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : f.status === 'impossible' ? (
          <p className="text-xs text-muted">No packet: nothing of this request ever arrives here.</p>
        ) : null}
      </div>
    </div>
  );
}

/** One hop of a valid path: the packet on arrival, rewrites, steps. */
function ValidFrameView({ f }: { f: ReplayFrameT }) {
  return (
    <div
      className="mt-3 grid grid-cols-[minmax(0,1fr)] gap-3 md:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]"
      aria-live="polite"
      data-testid="replay-frame"
    >
      <div>
        <p
          className={cn(
            'inline-flex items-center gap-1.5 rounded-md border px-2 py-0.5 text-xs font-semibold',
            layerTone(f.layer),
          )}
        >
          <LayerIcon layer={f.layer} />
          {f.layer}
          {f.optional ? <span className="font-normal">(optional)</span> : null}
        </p>
        <p className="mt-1.5 font-semibold [overflow-wrap:anywhere]">{f.label}</p>
        <p className="mt-1 text-xs text-muted">
          at <code>{f.at}</code> · rule <RuleLink id={f.rule} />
        </p>
        {f.verdict ? (
          <p className="mt-2 rounded-md border border-danger/40 bg-danger-bg p-2 text-sm text-danger">
            {verdictLead(f.verdict.disposition)}: {outcomeLabel(f.verdict.disposition)} —{' '}
            <RuleText>{f.verdict.reason}</RuleText>
          </p>
        ) : null}
      </div>
      <div className="space-y-2 text-sm">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-muted">Packet on arrival</p>
          <p className="mt-0.5 break-all font-mono" data-testid="replay-packet-text">
            {f.packet}
          </p>
          {f.outer ? <p className="mt-0.5 break-all font-mono text-xs text-muted">outer: {f.outer}</p> : null}
        </div>
        {f.rewrites.length > 0 ? (
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-muted">Rewritten here</p>
            <ul className="mt-0.5 space-y-1" data-testid="replay-rewrites">
              {f.rewrites.map((r, i) => (
                <li key={i} className="rounded-md border border-accent/40 bg-accent/10 px-2 py-1">
                  <span className="break-all font-mono font-semibold">{r.text}</span>
                  <span className="block text-xs text-muted">{r.note}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-xs text-muted">No address rewrite at this hop.</p>
        )}
        {f.steps.length > 1 || (f.steps[0] && f.steps[0] !== f.label) ? (
          <details>
            <summary className="cursor-pointer text-xs text-muted">Steps on the wire</summary>
            <ol className="mt-1 list-decimal space-y-0.5 pl-5 font-mono text-xs [overflow-wrap:anywhere]">
              {f.steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          </details>
        ) : null}
        <KernelDetails f={f} />
      </div>
    </div>
  );
}

/** Which port numbers in the text are stand-ins (the kernel picks them at run time). */
function standIns(text: string): string {
  const parts = [
    [EXAMPLE_EPHEMERAL_PORT, 'the client’s ephemeral port'],
    [EXAMPLE_MASQ_PORT, 'the source port MASQUERADE picked (fully-random)'],
    [EXAMPLE_VXLAN_PORT, 'the VXLAN source port (a hash of the inner flow)'],
  ]
    .filter(([port]) => new RegExp(`\\b${port}\\b`).test(text))
    .map(([port, what]) => `${port} stands for ${what}`);
  return parts.length > 0 ? `${parts.join('; ')}.` : '';
}

/**
 * A command's output as an engineer would read it on the node. The block scrolls sideways inside itself; it is
 * positioned so the screen-reader-only "(matched)" notes (absolutely positioned) stay inside it too.
 */
function Console({ command, children }: { command: string; children: ReactNode }) {
  return (
    <div className="mt-1.5">
      <p className="font-mono text-xs text-muted">$ {command}</p>
      <pre className="relative mt-0.5 overflow-x-auto rounded-md border border-border bg-surface-2 p-2 font-mono text-xs leading-relaxed">
        {children}
      </pre>
    </div>
  );
}

/**
 * Wire level, on the node: the rules kube-proxy wrote that the packet walked (matched ones marked ▶ and in bold,
 * the ones it passed over plain), the conntrack entry it created and tcpdump's view of it on the interface.
 */
function KernelDetails({ f }: { f: ReplayFrameT }) {
  const k = f.kernel;
  if (!k && f.tcpdump.length === 0) return null;
  return (
    <details data-testid="replay-kernel">
      <summary className="cursor-pointer text-xs text-muted">
        On the node:{' '}
        {[k?.rules ? 'rules' : '', k?.conntrack ? 'conntrack' : '', f.tcpdump.length > 0 ? 'tcpdump' : '']
          .filter(Boolean)
          .join(', ')}
      </summary>
      {k?.rules ? (
        <Console command={k.rules.command}>
          {k.rules.lines.map((l, i) => (
            <span key={i} className={cn('block whitespace-pre', l.hit ? 'font-semibold' : 'text-muted')}>
              {l.hit ? '▶ ' : '  '}
              {l.text}
              {l.hit ? <span className="sr-only"> (matched)</span> : null}
            </span>
          ))}
        </Console>
      ) : null}
      {k?.conntrack ? (
        <Console command={`${k.conntrackCommand ?? 'conntrack -L'} (the entry this connection created)`}>
          <span className="block whitespace-pre">{k.conntrack}</span>
        </Console>
      ) : null}
      {f.tcpdump.length > 0 ? (
        <Console command="tcpdump -nq (the first packet here)">
          {f.tcpdump.map((l, i) => (
            <span key={i} className="block whitespace-pre">
              {l}
            </span>
          ))}
        </Console>
      ) : null}
      <p className="mt-1 text-xs text-muted">
        {k?.rules
          ? '▶ marks the rules this packet matched; the others it was checked against and passed over. '
          : ''}
        {standIns(
          [k?.conntrack ?? '', ...(k?.rules?.lines.map((l) => l.text) ?? []), ...f.tcpdump].join(' '),
        )}
      </p>
    </details>
  );
}
