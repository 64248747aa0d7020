'use client';
/**
 * A troubleshooting exercise (ADR 016): the symptom, what must hold, exploring the cluster (trace any request,
 * against the broken cluster or your edit, on the cluster map), then the fix — the YAML in the editor with every
 * problem at its line (and objects you may not touch flagged), or one of the candidate changes — and Submit.
 *
 * The preview runs the same checker in the browser on the public part of the exercise; the server grades the
 * submission again and its verdict is the one that counts. The edit autosaves; incident mode shows the server's
 * clock.
 */
import { useEffect, useId, useMemo, useRef, useState, useTransition } from 'react';
import { buildModel, trace, type TraceSet } from '@/lib/engine';
import { parseScenario, requestSchema, type ScenarioInput } from '@/lib/scenario';
import { buildDiagramGraph } from '@/lib/trace-player/graph';
import { checkSubmission, objectLines, type CheckResult } from '@/lib/troubleshoot';
import { exerciseFromPublic } from '@/lib/troubleshoot/public';
import type { PlayerExerciseView } from '@/lib/troubleshoot/views';
import { Markdown } from '@/components/markdown';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { YamlEditor, type EditorProblem, type YamlEditorHandle } from '@/components/yaml-editor';
import { YamlProblems } from '@/components/yaml-problems';
import { troubleshootDraftAction, troubleshootHintAction, troubleshootSubmitAction } from '../../actions';
import { PathSummary } from '../../_components/path-summary';

const DEBOUNCE_MS = 350;
const SAVE_MS = 800;

function problemsOf(result: CheckResult | null, text: string): EditorProblem[] {
  if (!result) return [];
  if (result.status === 'invalid')
    return result.issues.map((i) => ({
      line: i.line,
      column: i.column,
      severity: i.severity,
      message: `${i.message} [${i.code}]`,
      ...(i.path ? { source: i.path } : {}),
    }));
  if (result.status === 'refused') {
    const lines = objectLines(text);
    return result.refusals.map((r) => ({
      line: lines.get(r.key) ?? 1,
      column: 1,
      severity: 'error',
      message: r.message,
    }));
  }
  return result.warnings.map((i) => ({
    line: i.line,
    column: i.column,
    severity: i.severity,
    message: i.message,
  }));
}

function formatClock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Trace one request (a Scenario request id, or a request made up here) against a parsed cluster. */
function traceRequest(
  input: ScenarioInput,
  req: { id: string } | { from: string; url: string },
): TraceSet | string {
  try {
    if ('id' in req) return trace(buildModel(input), req.id);
    const from =
      req.from === 'outside' ? { external: { name: 'client', ip: '198.51.100.7' } } : { pod: req.from };
    const parsed = requestSchema.safeParse({ id: 'explore', from, to: { url: req.url } });
    if (!parsed.success) return parsed.error.issues[0]?.message ?? 'That request is not valid.';
    const withReq: ScenarioInput = {
      ...input,
      scenario: {
        ...input.scenario,
        spec: { ...input.scenario.spec, requests: [...input.scenario.spec.requests, parsed.data] },
      },
    };
    return trace(buildModel(withReq), 'explore');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function TroubleshootPlayer({ view, csrfToken }: { view: PlayerExerciseView; csrfToken: string }) {
  const pub = view.exercise;
  const ex = useMemo(() => exerciseFromPublic(pub), [pub]);
  const [text, setText] = useState(view.draft);
  const [checked, setChecked] = useState(view.draft);
  const [hints, setHints] = useState(view.hints);
  const [penalty, setPenalty] = useState(view.penalty);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<'saved' | 'saving' | 'error' | null>(null);
  const [candidate, setCandidate] = useState<string>('');
  const [pending, startTransition] = useTransition();
  const [hintPending, startHint] = useTransition();
  const editorRef = useRef<YamlEditorHandle>(null);
  const lastSaved = useRef(view.draft);
  const current = useRef(view.draft);
  const choice = view.mode === 'CHOICE';

  // Debounced check of the editor's text.
  useEffect(() => {
    if (text === checked) return;
    const id = window.setTimeout(() => setChecked(text), DEBOUNCE_MS);
    return () => window.clearTimeout(id);
  }, [text, checked]);

  // Autosave of the edit (not in the multiple-choice level).
  useEffect(() => {
    if (choice || text === lastSaved.current) return;
    const id = window.setTimeout(() => {
      setSaved('saving');
      const sent = text;
      void troubleshootDraftAction({ sessionId: view.sessionId, yaml: sent, csrfToken }).then((r) => {
        if (r?.ok) lastSaved.current = sent;
        // Only what is in the editor now counts as saved (a slower save of an older text does not).
        if (current.current === sent) setSaved(r?.ok ? 'saved' : 'error');
      });
    }, SAVE_MS);
    return () => window.clearTimeout(id);
  }, [text, choice, view.sessionId, csrfToken]);

  const result = useMemo(() => (ex && !choice ? checkSubmission(ex, checked) : null), [ex, checked, choice]);
  const problems = useMemo(() => problemsOf(result, checked), [result, checked]);
  const stale = text !== checked;

  // Incident clock: the server's deadline against the server's clock at load.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!view.deadline) return;
    // The offset between the server's clock and ours, measured once when the page loads.
    const offset = new Date(view.serverNow).getTime() - Date.now();
    const tick = () => setNow(Date.now() + offset);
    tick();
    const id = window.setInterval(tick, 1000);
    return () => window.clearInterval(id);
  }, [view.deadline, view.serverNow]);
  const remaining = view.deadline && now !== null ? new Date(view.deadline).getTime() - now : null;

  function edit(next: string) {
    current.current = next;
    setText(next);
    setSaved(null);
  }

  function takeHint() {
    startHint(async () => {
      const r = await troubleshootHintAction({ sessionId: view.sessionId, csrfToken });
      if (!r?.ok) {
        setError(r?.formError ?? 'No hint right now.');
        return;
      }
      setHints((h) => [...h, r.data.hint]);
      setPenalty(r.data.penalty);
    });
  }

  function submit() {
    setError(null);
    startTransition(async () => {
      const r = await troubleshootSubmitAction(
        choice
          ? { sessionId: view.sessionId, candidateId: candidate, csrfToken }
          : { sessionId: view.sessionId, yaml: text, csrfToken },
      );
      if (r && !r.ok) setError(r.formError ?? 'The submission was refused.');
    });
  }

  const nextHintCost = pub.hintCosts[hints.length];

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <div className="flex min-w-0 flex-col gap-4">
        {remaining !== null ? (
          <div
            role="timer"
            aria-live="off"
            className={cn(
              'sticky top-2 z-10 rounded-xl border p-3 text-center font-mono text-lg font-semibold',
              remaining > 60_000 ? 'border-border bg-surface' : 'border-danger/40 bg-danger-bg text-danger',
            )}
            data-testid="incident-clock"
          >
            {remaining > 0 ? `${formatClock(remaining)} left` : 'Time is up: a fix now scores 0'}
          </div>
        ) : null}
        <section
          aria-labelledby="symptom-heading"
          className="rounded-xl border border-border bg-surface p-4"
          data-testid="symptom"
        >
          <h2 id="symptom-heading" className="text-sm font-semibold uppercase tracking-wide text-muted">
            Symptom
          </h2>
          <div className="mt-2 text-sm">
            <Markdown>{pub.symptom}</Markdown>
          </div>
        </section>
        <section
          aria-labelledby="conditions-heading"
          className="rounded-xl border border-border bg-surface p-4"
          data-testid="conditions"
        >
          <h2 id="conditions-heading" className="text-sm font-semibold uppercase tracking-wide text-muted">
            Fixed means
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {pub.victory.map((c) => (
              <li key={c.id}>
                <Markdown inline>{c.description}</Markdown>
              </li>
            ))}
          </ul>
          {pub.invariants.length ? (
            <>
              <h3 className="mt-3 text-sm font-semibold">…while these still hold</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {pub.invariants.map((c) => (
                  <li key={c.id}>
                    <Markdown inline>{c.description}</Markdown>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3 className="mt-3 text-sm font-semibold">You may change</h3>
          <p className="mt-1 font-mono text-xs" data-testid="editable">
            {pub.editable
              .map((r) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`)
              .join(' · ')}
            {pub.mayCreate.length
              ? ` · new ${pub.mayCreate.map((m) => `${m.kind}${m.namespace ? ` in ${m.namespace}` : ''}`).join(', ')}`
              : ''}
            {pub.scenarioFields.length ? ` · Scenario spec.${pub.scenarioFields.join(', spec.')}` : ''}
          </p>
        </section>
        <section aria-labelledby="hints-heading" className="rounded-xl border border-border bg-surface p-4">
          <h2 id="hints-heading" className="text-sm font-semibold uppercase tracking-wide text-muted">
            Hints {penalty > 0 ? <span className="normal-case">(−{penalty} points so far)</span> : null}
          </h2>
          {hints.length ? (
            <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm" data-testid="hints">
              {hints.map((h, i) => (
                <li key={i}>
                  <Markdown inline>{h.text}</Markdown>
                </li>
              ))}
            </ol>
          ) : null}
          {nextHintCost !== undefined ? (
            <Button
              size="sm"
              variant="secondary"
              className="mt-2"
              aria-disabled={hintPending}
              onClick={() => !hintPending && takeHint()}
            >
              Take a hint (−{nextHintCost} points)
            </Button>
          ) : (
            <p className="mt-2 text-xs text-muted">
              {hints.length ? 'No more hints.' : 'This exercise has no hints.'}
            </p>
          )}
        </section>
        <Explore view={view} editedText={choice ? null : checked} />
      </div>

      <div className="flex min-w-0 flex-col gap-4">
        {choice ? (
          <fieldset className="rounded-xl border border-border bg-surface p-4" data-testid="candidates">
            <legend className="px-1 text-sm font-semibold">
              Which change fixes the cluster without breaking anything?
            </legend>
            <div className="mt-2 flex flex-col gap-2">
              {pub.candidates.map((c) => (
                <label
                  key={c.id}
                  className="flex cursor-pointer items-start gap-2 rounded-lg border border-border p-3 text-sm has-[:checked]:border-accent"
                >
                  <input
                    type="radio"
                    name="candidate"
                    value={c.id}
                    checked={candidate === c.id}
                    onChange={() => setCandidate(c.id)}
                    className="mt-1"
                  />
                  <span>
                    <Markdown inline>{c.label}</Markdown>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : (
          <>
            <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
              <YamlEditor
                handleRef={editorRef}
                value={text}
                onChange={edit}
                problems={problems}
                label="Cluster YAML"
                height="30rem"
              />
            </div>
            <p className="text-xs text-muted">
              Tab indents; press Esc then Tab to leave the editor. Checked as you type
              <span data-testid="save-status">
                {saved === 'saving'
                  ? ' · saving…'
                  : saved === 'saved'
                    ? ' · saved'
                    : saved === 'error'
                      ? ' · not saved'
                      : ''}
              </span>
              .{' '}
              <button
                type="button"
                className="underline"
                onClick={() => {
                  if (window.confirm('Put the broken cluster back in the editor? Your edits are lost.'))
                    setText(pub.clusterText);
                }}
              >
                Start over
              </button>
            </p>
            <YamlProblems
              problems={problems}
              stale={stale}
              editorRef={editorRef}
              testId="problems"
              itemTestId="problem"
            />
            {result?.status === 'graded' && !stale ? (
              <section
                aria-labelledby="preview-heading"
                className="rounded-xl border border-border bg-surface p-4"
                data-testid="preview"
              >
                <h2 id="preview-heading" className="text-sm font-semibold">
                  Preview (checked again on the server when you submit)
                </h2>
                <ul className="mt-2 space-y-1 text-sm">
                  {result.conditions.map((c) => (
                    <li key={c.id} className="flex gap-2">
                      <span aria-hidden="true" className={c.holds ? 'text-success' : 'text-danger'}>
                        {c.holds ? '✓' : '✗'}
                      </span>
                      <span>
                        <span className="sr-only">{c.holds ? 'Holds: ' : 'Does not hold: '}</span>
                        <Markdown inline>{c.description}</Markdown>
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
        <div aria-live="polite">
          {error ? (
            <Alert tone="error" testId="submit-error">
              {error}
            </Alert>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            onClick={() => !pending && submit()}
            aria-disabled={pending || (choice && !candidate)}
            disabled={choice && !candidate}
            data-testid="submit"
          >
            {pending ? 'Checking on the server…' : 'Submit the fix'}
          </Button>
          <span className="text-xs text-muted">
            One submission per try; the result shows the author’s fix.
          </span>
        </div>
      </div>
    </div>
  );
}

/** Trace any request against the broken cluster or the current edit, with its path on the map. */
function Explore({ view, editedText }: { view: PlayerExerciseView; editedText: string | null }) {
  const id = useId();
  const [against, setAgainst] = useState<'broken' | 'edit'>('broken');
  const [request, setRequest] = useState<string>('');
  const [from, setFrom] = useState<string>('');
  const [url, setUrl] = useState<string>('');
  const [shown, setShown] = useState<
    { trace: TraceSet; diagram: ReturnType<typeof buildDiagramGraph> } | string | null
  >(null);
  const source = against === 'edit' && editedText !== null ? editedText : view.exercise.clusterText;
  const parsed = useMemo(() => parseScenario(source, 'cluster.yaml'), [source]);
  const input = parsed.ok ? parsed.input : null;
  const requests = input?.scenario.spec.requests ?? [];
  const pods = input ? input.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`) : [];

  function run(req: { id: string } | { from: string; url: string }) {
    if (!input) {
      setShown('Your edit does not load; fix the problems listed under the editor first.');
      return;
    }
    const t = traceRequest(input, req);
    if (typeof t === 'string') setShown(t);
    else setShown({ trace: t, diagram: buildDiagramGraph(input, 'id' in req ? { requestId: req.id } : {}) });
  }

  return (
    <section
      aria-labelledby={`${id}-h`}
      className="rounded-xl border border-border bg-surface p-4"
      data-testid="explore"
    >
      <h2 id={`${id}-h`} className="text-sm font-semibold uppercase tracking-wide text-muted">
        Explore
      </h2>
      {editedText !== null ? (
        <div className="mt-2 flex gap-4 text-sm" role="radiogroup" aria-label="Trace against">
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name={`${id}-against`}
              checked={against === 'broken'}
              onChange={() => setAgainst('broken')}
            />
            the broken cluster
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name={`${id}-against`}
              checked={against === 'edit'}
              onChange={() => setAgainst('edit')}
            />
            your edit
          </label>
        </div>
      ) : null}
      <div className="mt-3 flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-req`} className="mb-1 block text-xs text-muted">
            A request of this cluster
          </label>
          <select
            id={`${id}-req`}
            value={request}
            onChange={(e) => setRequest(e.target.value)}
            className="h-10 w-full rounded-lg border border-border bg-surface px-2 text-sm"
          >
            <option value="">Choose…</option>
            {requests.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </div>
        <Button size="sm" variant="secondary" disabled={!request} onClick={() => run({ id: request })}>
          Trace
        </Button>
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-muted hover:text-fg">…or any request you like</summary>
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={`${id}-from`} className="mb-1 block text-xs text-muted">
              From
            </label>
            <select
              id={`${id}-from`}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              className="h-10 rounded-lg border border-border bg-surface px-2 text-sm"
            >
              <option value="">Choose…</option>
              <option value="outside">a client outside (198.51.100.7)</option>
              {pods.map((p) => (
                <option key={p} value={p}>
                  Pod {p}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-0 flex-1">
            <label htmlFor={`${id}-url`} className="mb-1 block text-xs text-muted">
              To (URL)
            </label>
            <input
              id={`${id}-url`}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="http://api.shop:8080/"
              className="h-10 w-full rounded-lg border border-border bg-surface px-2 font-mono text-sm"
            />
          </div>
          <Button size="sm" variant="secondary" disabled={!from || !url} onClick={() => run({ from, url })}>
            Trace
          </Button>
        </div>
      </details>
      <div aria-live="polite" className="mt-3">
        {typeof shown === 'string' ? (
          <p className="text-sm text-danger">{shown}</p>
        ) : shown ? (
          <PathSummary
            trace={shown.trace}
            diagram={shown.diagram}
            title="Trace"
            showMap
            testId="explore-trace"
          />
        ) : null}
      </div>
    </section>
  );
}
