'use client';
/**
 * The playground (issue 15, ADR 017): paste manifests (or start from an example, a template or a scenario),
 * write requests in a small form or in YAML, and see every path — map, replay, hops at each level including
 * the wire (kernel) view. Everything is computed here in the browser (lib/scenario parseManifests, lib/engine);
 * nothing is sent until the user saves. Saved playgrounds are private; a share link opens one read-only.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, useTransition } from 'react';
import { parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { YamlEditor, type EditorProblem, type YamlEditorHandle } from '@/components/yaml-editor';
import { YamlProblems } from '@/components/yaml-problems';
import { metaOf, type ScenarioCheck } from '@/lib/authoring/scenario-check';
import { buildModel, traceAll } from '@/lib/engine';
import {
  MANIFEST_LIMITS,
  parseManifests,
  requestSchema,
  type ManifestNote,
  type ScenarioIssue,
  type ScenarioRequest,
} from '@/lib/scenario';
import {
  PLAYGROUND_TITLE_MAX,
  playgroundSettingsSchema,
  type PlaygroundSettings,
} from '@/lib/validation/playground';
import { ScenarioPreview } from '../../admin/scenarios/_components/scenario-preview';
import {
  deletePlaygroundAction,
  proposePlaygroundAction,
  revokeShareAction,
  savePlaygroundAction,
  sharePlaygroundAction,
} from '../actions';

const DEBOUNCE_MS = 350;
const BROWSER = { name: 'browser', ip: '198.51.100.7' };

export interface Starter {
  id: string;
  title: string;
  description: string;
  /** Inline text, or a URL to open (published scenarios are loaded by the server page). */
  yaml?: string;
  href?: string;
}

export interface PlaygroundInitial {
  id?: string;
  title: string;
  yaml: string;
  settings: PlaygroundSettings;
  /** A new playground's starting point (a scenario id), for its draft's name. */
  from?: string;
  /** A saved playground's version (ISO); saving sends it back so a newer save elsewhere is not overwritten. */
  updatedAt?: string;
  shareToken?: string | null;
  proposedAt?: string | null;
  ownerName?: string;
}

const noSubscribe = () => () => {};

/** A draft kept for this tab only (sessionStorage), so a reload does not lose unsaved work; never sent. */
const draftKey = (name: string) => `pp-playground-draft:${name}`;
const draftSchema = z.object({
  title: z.string().max(PLAYGROUND_TITLE_MAX),
  yaml: z.string().max(2 * MANIFEST_LIMITS.bytes),
  settings: playgroundSettingsSchema,
});
type Draft = z.output<typeof draftSchema>;
const sameDraft = (a: Draft, b: Draft) =>
  a.title === b.title && a.yaml === b.yaml && JSON.stringify(a.settings) === JSON.stringify(b.settings);

function readDraft(name: string): Draft | null {
  try {
    const raw = window.sessionStorage.getItem(draftKey(name));
    if (!raw) return null;
    const r = draftSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** A message shown once on the next page (after saving a new playground, whose URL then changes). */
const FLASH_KEY = 'pp-playground-flash';

function writeDraft(name: string, d: Draft | null): void {
  try {
    if (d) window.sessionStorage.setItem(draftKey(name), JSON.stringify(d));
    else window.sessionStorage.removeItem(draftKey(name));
  } catch {
    // Storage full or disabled: the draft is a convenience only.
  }
}

const utcFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * A request used only while the user has written none, so that the manifests still expand (the Scenario document
 * needs a request) and the forms can offer the cluster's Pods and Services; it is never traced or shown.
 */
const PLACEHOLDER_ID = 'playground-placeholder';
const PLACEHOLDER = { id: PLACEHOLDER_ID, from: { external: BROWSER }, to: { ip: '198.51.100.8', port: 80 } };

/** Run the loader and the engine on the text: the check the preview shows, plus the expansion's report. */
function runPlayground(text: string, settings: PlaygroundSettings) {
  const none = settings.requests.length === 0;
  const res = parseManifests(text, {
    nodes: settings.nodes,
    placement: settings.placement,
    notReady: settings.notReady,
    requests: none ? [PLACEHOLDER] : settings.requests,
  });
  let check: ScenarioCheck;
  if (!res.result.ok) check = { ok: false, stage: 'parse', issues: res.result.issues, meta: null };
  else {
    const input = res.result.input;
    try {
      const model = buildModel(input);
      const traces = traceAll(model).filter((t) => t.requestId !== PLACEHOLDER_ID);
      check =
        traces.length === 0
          ? { ok: false, stage: 'parse', issues: [], meta: null }
          : { ok: true, warnings: res.result.warnings, meta: metaOf(input), input, model, traces };
    } catch (e) {
      check = {
        ok: false,
        stage: 'engine',
        message: e instanceof Error ? e.message : String(e),
        warnings: res.result.warnings,
        meta: metaOf(input),
        input,
      };
    }
  }
  return { res, check };
}

const requestsYamlSchema = z.array(requestSchema).max(MANIFEST_LIMITS.requests);

function describeRequest(r: ScenarioRequest): string {
  const from =
    'pod' in r.from
      ? r.from.pod
      : 'node' in r.from
        ? `node ${r.from.node}`
        : `${r.from.external.name} (${r.from.external.ip})`;
  const to = !r.to
    ? 'a raw packet'
    : 'url' in r.to
      ? r.to.url
      : 'host' in r.to
        ? `${r.to.host}:${r.to.port}/${r.to.protocol}`
        : `${r.to.ip}${r.to.port ? `:${r.to.port}` : ''}/${r.to.protocol}`;
  return `${from} → ${to}`;
}

const isIPv4Text = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

export function PlaygroundEditor({
  csrfToken,
  initial,
  readOnly = false,
  starters = [],
}: {
  csrfToken: string;
  initial: PlaygroundInitial;
  readOnly?: boolean;
  starters?: readonly Starter[];
}) {
  const router = useRouter();
  const id = initial.id;
  // This tab's draft: per saved playground, or per starting point of a new one.
  const draftName = id ?? `new:${initial.from ?? ''}`;
  const [title, setTitle] = useState(initial.title);
  const [text, setText] = useState(initial.yaml);
  const [checked, setChecked] = useState(initial.yaml);
  const [settings, setSettings] = useState<PlaygroundSettings>(initial.settings);
  const [shareToken, setShareToken] = useState(initial.shareToken ?? null);
  const [proposedAt, setProposedAt] = useState(initial.proposedAt ?? null);
  const [updatedAt, setUpdatedAt] = useState(initial.updatedAt);
  const [conflict, setConflict] = useState(false);
  const [restored, setRestored] = useState(false);
  const [deleted, setDeleted] = useState(false);
  // What is saved on the server (or the starting text of a new playground): the draft is what differs from it.
  const [baseline, setBaseline] = useState<Draft>(() => ({
    title: initial.title,
    yaml: initial.yaml,
    settings: initial.settings,
  }));
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const [starter, setStarter] = useState(starters[0]?.id ?? '');
  const editorRef = useRef<YamlEditorHandle>(null);
  const uid = useId();

  const origin = useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => '',
  );
  useEffect(() => {
    if (text === checked) return;
    const t = window.setTimeout(() => setChecked(text), DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [text, checked]);

  // After a reload: bring back this tab's unsaved changes, and show a message left by the page before (read
  // from sessionStorage once, after hydration, so the server's HTML and the first render agree).
  const [draftChecked, setDraftChecked] = useState(readOnly);
  useEffect(() => {
    if (draftChecked) return;
    const t = window.setTimeout(() => {
      setDraftChecked(true);
      try {
        const flash = window.sessionStorage.getItem(FLASH_KEY);
        if (flash) {
          window.sessionStorage.removeItem(FLASH_KEY);
          setMessage({ tone: 'success', text: flash.slice(0, 300) });
        }
      } catch {
        // No storage: no message.
      }
      const d = readDraft(draftName);
      if (!d || sameDraft(d, baseline)) return;
      setTitle(d.title);
      setText(d.yaml);
      setChecked(d.yaml);
      setSettings(d.settings);
      setRestored(true);
    }, 0);
    return () => window.clearTimeout(t);
  }, [draftChecked, draftName, baseline]);
  const current: Draft = useMemo(() => ({ title, yaml: text, settings }), [title, text, settings]);
  const dirty = !sameDraft(current, baseline);
  useEffect(() => {
    if (readOnly || !draftChecked || deleted) return;
    const t = window.setTimeout(() => writeDraft(draftName, dirty ? current : null), DEBOUNCE_MS);
    return () => window.clearTimeout(t);
  }, [readOnly, draftChecked, draftName, current, dirty, deleted]);
  // A reload or a closed tab inside the debounce still keeps the last change.
  useEffect(() => {
    if (readOnly || !draftChecked || deleted) return;
    const flush = () => writeDraft(draftName, dirty ? current : null);
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [readOnly, draftChecked, draftName, current, dirty, deleted]);

  function discardDraft() {
    writeDraft(draftName, null);
    setTitle(baseline.title);
    setText(baseline.yaml);
    setChecked(baseline.yaml);
    setSettings(baseline.settings);
    setRestored(false);
  }

  const { res, check } = useMemo(() => runPlayground(checked, settings), [checked, settings]);
  const stale = text !== checked;
  // Without any request the Scenario document made for the manifests is incomplete: that is the next step (the
  // request form), not a problem of the manifests, so it is not listed as an error.
  const issues: ScenarioIssue[] = useMemo(
    () =>
      (res.result.ok ? res.result.warnings : res.result.issues).filter(
        (i) => !(i.line === 1 && i.path === 'spec.requests' && i.code === 'schema'),
      ),
    [res],
  );
  const notes: ManifestNote[] = res.notes;
  const issueProblems: EditorProblem[] = useMemo(
    () =>
      issues.map((i) => ({
        line: i.line,
        column: i.column,
        severity: i.severity,
        message: `${i.message} [${i.code}]`,
        ...(i.path ? { source: i.path } : {}),
      })),
    [issues],
  );
  const problems: EditorProblem[] = useMemo(
    () => [
      ...issueProblems,
      ...notes.map((n) => ({
        line: n.line,
        column: n.column,
        severity: 'info' as const,
        message: n.message,
      })),
    ],
    [issueProblems, notes],
  );

  function jumpTo(line: number, column: number) {
    editorRef.current?.jumpTo(line, column);
  }

  function replaceText(next: string) {
    if (
      text.trim() &&
      text !== initial.yaml &&
      !window.confirm('Replace the manifests in the editor? Unsaved changes are lost.')
    )
      return;
    setText(next);
    setChecked(next);
  }

  async function readFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    let total = 0;
    const parts: string[] = [];
    for (const f of Array.from(files)) {
      total += f.size;
      if (total > MANIFEST_LIMITS.bytes) {
        setMessage({
          tone: 'error',
          text: `These files are larger than ${MANIFEST_LIMITS.bytes / 1024} KiB together, the most a playground holds. Pick fewer files.`,
        });
        return;
      }
      parts.push(`# ${f.name}\n${(await f.text()).replace(/\n?$/, '\n')}`);
    }
    replaceText(parts.join('---\n'));
  }

  // --- what the expansion produced, for the forms ---------------------------------------------------
  const input = res.result.ok ? res.result.input : null;
  const podIds = useMemo(
    () =>
      input ? input.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`) : res.pods.map((p) => p.id),
    [input, res.pods],
  );
  const nodeNames = res.nodes.map((n) => n.name);
  const destinations = useMemo(() => {
    if (!input) return [];
    const out: { label: string; host: string; port: number; protocol: 'TCP' | 'UDP' | 'SCTP' }[] = [];
    const firstNode = input.nodes[0];
    const nodeIP = firstNode?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
    for (const s of input.services) {
      const id = `${s.metadata.namespace}/${s.metadata.name}`;
      const dns =
        s.metadata.namespace === 'default' ? s.metadata.name : `${s.metadata.name}.${s.metadata.namespace}`;
      for (const p of s.spec.ports) {
        out.push({
          label: `${id} port ${p.port}/${p.protocol} by name (${dns})`,
          host: dns,
          port: p.port,
          protocol: p.protocol,
        });
        if (p.nodePort && nodeIP && firstNode)
          out.push({
            label: `${id} NodePort ${p.nodePort} on ${firstNode.metadata.name} (${nodeIP})`,
            host: nodeIP,
            port: p.nodePort,
            protocol: p.protocol,
          });
      }
    }
    return out;
  }, [input]);

  // --- request form ---------------------------------------------------------------------------------
  const [source, setSource] = useState('external');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('80');
  const [protocol, setProtocol] = useState<'TCP' | 'UDP'>('TCP');
  const [formError, setFormError] = useState('');
  const [yamlMode, setYamlMode] = useState(false);
  const [requestsYaml, setRequestsYaml] = useState('');
  const [yamlError, setYamlError] = useState('');

  function nextRequestId(): string {
    const used = new Set(settings.requests.map((r) => r.id));
    for (let i = 1; ; i++) if (!used.has(`r${i}`)) return `r${i}`;
  }

  function addRequest() {
    const p = Number(port);
    if (!host.trim())
      return setFormError('Write the destination: a Service name, a DNS name or an IP address.');
    if (!Number.isInteger(p) || p < 1 || p > 65535)
      return setFormError('The port is a number from 1 to 65535.');
    const from =
      source === 'external'
        ? { external: BROWSER }
        : source.startsWith('node:')
          ? { node: source.slice(5) }
          : { pod: source.slice(4) };
    const h = host.trim();
    const to = isIPv4Text(h) ? { ip: h, port: p, protocol } : { host: h, port: p, protocol };
    const parsed = requestSchema.safeParse({ id: nextRequestId(), from, to });
    if (!parsed.success) return setFormError(parsed.error.issues[0]?.message ?? 'This request is not valid.');
    if (settings.requests.length >= MANIFEST_LIMITS.requests)
      return setFormError(`A playground holds at most ${MANIFEST_LIMITS.requests} requests.`);
    setFormError('');
    setSettings((s) => ({ ...s, requests: [...s.requests, parsed.data] }));
  }

  function openYaml() {
    setRequestsYaml(settings.requests.length ? stringify(settings.requests) : '');
    setYamlError('');
    setYamlMode(true);
  }

  function applyYaml() {
    const doc = parseDocument(requestsYaml);
    if (doc.errors.length) return setYamlError(`YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const v: unknown = doc.toJS() ?? [];
    const r = requestsYamlSchema.safeParse(v);
    if (!r.success) {
      const i = r.error.issues[0];
      return setYamlError(`${i?.path.length ? `${i.path.join('.')}: ` : ''}${i?.message ?? 'not valid'}`);
    }
    const ids = r.data.map((x) => x.id);
    if (new Set(ids).size !== ids.length) return setYamlError('Two requests have the same id.');
    setYamlError('');
    setSettings((s) => ({ ...s, requests: r.data }));
    setYamlMode(false);
  }

  // --- save / share / propose ----------------------------------------------------------------------
  function save(asCopy = false) {
    setMessage(null);
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MANIFEST_LIMITS.bytes) {
      setMessage({
        tone: 'error',
        text: `The manifests are ${Math.ceil(bytes / 1024)} KiB; a playground holds at most ${MANIFEST_LIMITS.bytes / 1024} KiB. Keep the objects that matter for the request (Services, workloads, policies) and save again.`,
      });
      return;
    }
    const copyTitle = `Copy of ${title}`.slice(0, PLAYGROUND_TITLE_MAX);
    startTransition(async () => {
      const r = await savePlaygroundAction({
        csrfToken,
        ...(id && !asCopy ? { id, ...(updatedAt ? { baseUpdatedAt: updatedAt } : {}) } : {}),
        title: asCopy ? copyTitle : title,
        yaml: text,
        settings,
      });
      if (!r.ok) {
        setConflict(r.status === 409 && Boolean(id) && !asCopy && !readOnly);
        setMessage({
          tone: 'error',
          text:
            r.formError ??
            Object.values(r.fieldErrors ?? {})
              .flat()
              .join(' '),
        });
        return;
      }
      setConflict(false);
      setRestored(false);
      setMessage({ tone: 'success', text: r.message ?? 'Saved.' });
      if (readOnly || !id || asCopy) {
        // A new playground (or a copy): open its own page; this tab's draft of the unsaved one is done with.
        if (!readOnly) writeDraft(draftName, null);
        setBaseline({ title, yaml: text, settings });
        try {
          window.sessionStorage.setItem(FLASH_KEY, r.message ?? 'Saved.');
        } catch {
          // No storage: no message on the next page.
        }
        router.push(`/playground/${r.data.id}`);
        return;
      }
      writeDraft(draftName, null);
      setUpdatedAt(r.data.updatedAt);
      setBaseline({ title, yaml: text, settings });
    });
  }

  function share() {
    if (!id) return;
    startTransition(async () => {
      const r = await sharePlaygroundAction({ csrfToken, id });
      if (!r.ok) setMessage({ tone: 'error', text: r.formError ?? 'Could not share.' });
      else setShareToken(r.data.token);
    });
  }

  function revoke() {
    if (!id) return;
    startTransition(async () => {
      const r = await revokeShareAction({ csrfToken, id });
      if (!r.ok) setMessage({ tone: 'error', text: r.formError ?? 'Could not revoke.' });
      else {
        setShareToken(null);
        setMessage({ tone: 'success', text: r.message ?? 'Link revoked.' });
      }
    });
  }

  function propose() {
    if (!id) return;
    startTransition(async () => {
      const r = await proposePlaygroundAction({ csrfToken, id, note });
      if (!r.ok) setMessage({ tone: 'error', text: r.formError ?? 'Could not send.' });
      else {
        setProposedAt(r.data.proposedAt);
        setMessage({ tone: 'success', text: r.message ?? 'Sent.' });
      }
    });
  }

  function remove() {
    if (!id) return;
    if (!window.confirm(`Delete “${title}”? Its share link stops working too. This cannot be undone.`))
      return;
    startTransition(async () => {
      const r = await deletePlaygroundAction({ csrfToken, id });
      if (!r.ok) {
        setMessage({ tone: 'error', text: r.formError ?? 'Could not delete.' });
        return;
      }
      setDeleted(true);
      writeDraft(draftName, null);
      router.push('/playground');
    });
  }

  const shareUrl = shareToken ? `${origin}/playground/shared/${shareToken}` : '';
  const allocated = res.allocations;

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-4">
        {readOnly ? (
          <Alert tone="info" testId="playground-readonly">
            Shared by {initial.ownerName ?? 'another user'} — read-only. You can explore the requests and the
            paths; save a copy to change it.
          </Alert>
        ) : (
          <div className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4 shadow-sm">
            <div>
              <label htmlFor={`${uid}-title`} className="mb-1 block text-xs font-medium text-muted">
                Title
              </label>
              <input
                id={`${uid}-title`}
                value={title}
                maxLength={120}
                onChange={(e) => setTitle(e.target.value)}
                className="h-10 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg"
              />
            </div>
            {starters.length ? (
              <div className="flex flex-wrap items-end gap-2">
                <div className="min-w-0 flex-1">
                  <label htmlFor={`${uid}-start`} className="mb-1 block text-xs font-medium text-muted">
                    Start from
                  </label>
                  <select
                    id={`${uid}-start`}
                    value={starter}
                    onChange={(e) => setStarter(e.target.value)}
                    className="h-10 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg"
                  >
                    {starters.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.title} — {s.description}
                      </option>
                    ))}
                  </select>
                </div>
                <Button
                  variant="secondary"
                  onClick={() => {
                    const s = starters.find((x) => x.id === starter);
                    if (!s) return;
                    if (s.href) router.push(s.href);
                    else if (s.yaml !== undefined) {
                      replaceText(s.yaml);
                      if (title === 'Untitled playground') setTitle(s.title);
                    }
                  }}
                >
                  Load
                </Button>
              </div>
            ) : null}
            <div>
              <label htmlFor={`${uid}-files`} className="mb-1 block text-xs font-medium text-muted">
                Or open files (several are joined as one text)
              </label>
              <input
                id={`${uid}-files`}
                type="file"
                multiple
                accept=".yaml,.yml,.json,.txt"
                onChange={(e) => void readFiles(e.target.files)}
                className="block w-full text-sm text-muted file:mr-3 file:rounded-lg file:border file:border-border file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:text-fg"
              />
            </div>
          </div>
        )}

        {restored ? (
          <Alert tone="info" testId="playground-restored">
            <span>Your unsaved changes from before the reload are back (kept in this tab only). </span>
            <button
              type="button"
              onClick={discardDraft}
              className="font-medium text-accent underline underline-offset-2"
            >
              Discard them
            </button>
          </Alert>
        ) : null}
        <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
          <YamlEditor
            handleRef={editorRef}
            value={text}
            onChange={setText}
            problems={problems}
            label="Manifests (YAML)"
            height="28rem"
            readOnly={readOnly}
            placeholder="Paste manifests, helm template output or kubectl get -o yaml here"
          />
        </div>
        {!readOnly ? (
          <p className="text-xs text-muted">
            Tab indents; press Esc then Tab to leave the editor. Checked and traced in your browser as you
            type; nothing is sent until you save. At most {MANIFEST_LIMITS.bytes / 1024} KiB.
          </p>
        ) : null}

        <YamlProblems
          problems={issueProblems}
          stale={stale}
          editorRef={editorRef}
          noun="error"
          none="No errors"
          testId="playground-issues"
          itemTestId="playground-issue"
        >
          {!text.trim() && !readOnly ? (
            <p className="mt-2 text-sm text-muted" data-testid="playground-empty">
              Nothing to trace yet. Paste manifests into the editor, open files, or pick a starting point
              above and press Load.
            </p>
          ) : null}
          {!check.ok && check.stage === 'engine' ? (
            <p className="mt-2 text-sm text-danger">The routing engine cannot trace this: {check.message}</p>
          ) : null}
        </YamlProblems>

        <section
          aria-labelledby={`${uid}-cluster`}
          className="rounded-xl border border-border bg-surface p-4"
        >
          <h2 id={`${uid}-cluster`} className="text-sm font-semibold">
            Cluster
          </h2>
          {notes.length ? (
            <details className="mt-2 text-sm" open={notes.length <= 8}>
              <summary className="cursor-pointer text-muted hover:text-fg">
                What the cluster made of it ({notes.length})
              </summary>
              <ul
                className="mt-2 flex max-h-64 flex-col gap-1 overflow-y-auto"
                data-testid="playground-notes"
              >
                {notes.map((n, k) => (
                  <li key={k}>
                    <button
                      type="button"
                      onClick={() => jumpTo(n.line, n.column)}
                      className="w-full rounded px-2 py-1 text-left hover:bg-surface-2"
                    >
                      <span className="mr-1 rounded-full border border-border px-1.5 text-xs text-muted">
                        {n.kind}
                      </span>
                      {n.message}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <div className="mt-2 flex flex-wrap items-end gap-3 text-sm">
            <div>
              <label htmlFor={`${uid}-nodes`} className="mb-1 block text-xs font-medium text-muted">
                Nodes (when the manifests have none)
              </label>
              <input
                id={`${uid}-nodes`}
                type="number"
                min={1}
                max={MANIFEST_LIMITS.nodes}
                value={settings.nodes}
                disabled={readOnly}
                onChange={(e) => {
                  const n = Math.min(
                    MANIFEST_LIMITS.nodes,
                    Math.max(1, Math.trunc(Number(e.target.value) || 1)),
                  );
                  setSettings((s) => ({ ...s, nodes: n, placement: {} }));
                }}
                className="h-9 w-24 rounded-lg border border-border bg-surface px-2 text-sm text-fg"
              />
            </div>
            <p className="text-xs text-muted">
              {res.nodes.map((n) => `${n.name} ${n.ip}${n.added ? '' : ' (from the manifests)'}`).join(' · ')}
            </p>
          </div>
          {allocated.length ? (
            <div className="mt-3">
              <h3 className="text-xs font-semibold text-muted">
                Allocated (as the API server would; real values are random)
              </h3>
              <ul className="mt-1 flex flex-col gap-0.5 font-mono text-xs" data-testid="playground-allocated">
                {allocated.map((a) => (
                  <li key={`${a.object}:${a.field}`}>
                    {a.object} {a.field} = {a.value} <span className="font-sans text-muted">(allocated)</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {res.pods.length ? (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-muted hover:text-fg">
                Pods from workloads ({res.pods.length}): placement and readiness
              </summary>
              <div className="mt-2 max-h-72 overflow-auto">
                <table className="w-full text-left text-xs">
                  <thead>
                    <tr className="text-muted">
                      <th className="py-1 pr-2 font-medium">Pod</th>
                      <th className="py-1 pr-2 font-medium">IP</th>
                      <th className="py-1 pr-2 font-medium">Node</th>
                      <th className="py-1 font-medium">Ready</th>
                    </tr>
                  </thead>
                  <tbody>
                    {res.pods.map((p) => (
                      <tr key={p.id} className="border-t border-border">
                        <td className="py-1 pr-2 font-mono">{p.id}</td>
                        <td className="py-1 pr-2 font-mono">{p.ip ?? '—'}</td>
                        <td className="py-1 pr-2">
                          <select
                            aria-label={`Node of ${p.id}`}
                            value={p.node ?? ''}
                            disabled={readOnly}
                            onChange={(e) => {
                              const v = e.target.value;
                              setSettings((s) => ({ ...s, placement: { ...s.placement, [p.id]: v } }));
                            }}
                            className="h-7 rounded border border-border bg-surface px-1 text-xs text-fg"
                          >
                            {nodeNames.map((n) => (
                              <option key={n} value={n}>
                                {n}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td className="py-1">
                          <input
                            type="checkbox"
                            aria-label={`${p.id} is ready`}
                            checked={p.ready}
                            disabled={readOnly}
                            onChange={(e) => {
                              const ready = e.target.checked;
                              setSettings((s) => ({
                                ...s,
                                notReady: ready
                                  ? s.notReady.filter((x) => x !== p.id)
                                  : [...s.notReady, p.id],
                              }));
                            }}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}
        </section>

        <section
          aria-labelledby={`${uid}-requests`}
          className="rounded-xl border border-border bg-surface p-4"
          data-testid="playground-requests"
        >
          <h2 id={`${uid}-requests`} className="text-sm font-semibold">
            Requests ({settings.requests.length})
          </h2>
          {settings.requests.length ? (
            <ul className="mt-2 flex flex-col gap-1 text-sm">
              {settings.requests.map((r) => (
                <li
                  key={r.id}
                  className="flex items-center justify-between gap-2 rounded px-1 py-0.5 hover:bg-surface-2"
                >
                  <span>
                    <span className="font-mono text-xs text-muted">{r.id}</span> {describeRequest(r)}
                  </span>
                  {!readOnly ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove request ${r.id}`}
                      onClick={() =>
                        setSettings((s) => ({ ...s, requests: s.requests.filter((x) => x.id !== r.id) }))
                      }
                    >
                      Remove
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-sm text-muted">No request yet: add one to trace it.</p>
          )}
          {!readOnly && !yamlMode ? (
            <div className="mt-3 flex flex-col gap-2">
              <div className="grid gap-2 sm:grid-cols-2">
                <div>
                  <label htmlFor={`${uid}-src`} className="mb-1 block text-xs font-medium text-muted">
                    Source
                  </label>
                  <select
                    id={`${uid}-src`}
                    value={source}
                    onChange={(e) => setSource(e.target.value)}
                    className="h-9 w-full rounded-lg border border-border bg-surface px-2 text-sm text-fg"
                  >
                    <option value="external">A browser outside the cluster ({BROWSER.ip})</option>
                    {nodeNames.map((n) => (
                      <option key={n} value={`node:${n}`}>
                        Node {n}
                      </option>
                    ))}
                    {podIds.map((p) => (
                      <option key={p} value={`pod:${p}`}>
                        Pod {p}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor={`${uid}-pick`} className="mb-1 block text-xs font-medium text-muted">
                    Pick a destination
                  </label>
                  <select
                    id={`${uid}-pick`}
                    value=""
                    onChange={(e) => {
                      const d = destinations[Number(e.target.value)];
                      if (!d) return;
                      setHost(d.host);
                      setPort(String(d.port));
                      setProtocol(d.protocol === 'UDP' ? 'UDP' : 'TCP');
                    }}
                    className="h-9 w-full rounded-lg border border-border bg-surface px-2 text-sm text-fg"
                  >
                    <option value="">{destinations.length ? 'A Service…' : 'No Service yet'}</option>
                    {destinations.map((d, i) => (
                      <option key={d.label} value={i}>
                        {d.label}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="grid grid-cols-[minmax(0,1fr)_6rem_6rem] gap-2">
                <div>
                  <label htmlFor={`${uid}-host`} className="mb-1 block text-xs font-medium text-muted">
                    Destination host or IP
                  </label>
                  <input
                    id={`${uid}-host`}
                    value={host}
                    onChange={(e) => setHost(e.target.value)}
                    placeholder="frontend, api.shop.svc, 10.96.0.10"
                    className="h-9 w-full rounded-lg border border-border bg-surface px-2 text-sm text-fg"
                  />
                </div>
                <div>
                  <label htmlFor={`${uid}-port`} className="mb-1 block text-xs font-medium text-muted">
                    Port
                  </label>
                  <input
                    id={`${uid}-port`}
                    inputMode="numeric"
                    value={port}
                    onChange={(e) => setPort(e.target.value)}
                    className="h-9 w-full rounded-lg border border-border bg-surface px-2 text-sm text-fg"
                  />
                </div>
                <div>
                  <label htmlFor={`${uid}-proto`} className="mb-1 block text-xs font-medium text-muted">
                    Protocol
                  </label>
                  <select
                    id={`${uid}-proto`}
                    value={protocol}
                    onChange={(e) => setProtocol(e.target.value === 'UDP' ? 'UDP' : 'TCP')}
                    className="h-9 w-full rounded-lg border border-border bg-surface px-2 text-sm text-fg"
                  >
                    <option>TCP</option>
                    <option>UDP</option>
                  </select>
                </div>
              </div>
              {formError ? (
                <p className="text-sm text-danger" role="alert">
                  {formError}
                </p>
              ) : null}
              <div className="flex flex-wrap gap-2">
                <Button size="sm" onClick={addRequest}>
                  Add request
                </Button>
                <Button size="sm" variant="secondary" onClick={openYaml}>
                  Edit requests as YAML
                </Button>
              </div>
            </div>
          ) : null}
          {!readOnly && yamlMode ? (
            <div className="mt-3 flex flex-col gap-2">
              <label htmlFor={`${uid}-ryaml`} className="text-xs text-muted">
                A list of requests in the Scenario format (docs/scenario-format.md: id, from, to, method,
                headers…).
              </label>
              <textarea
                id={`${uid}-ryaml`}
                rows={8}
                value={requestsYaml}
                onChange={(e) => setRequestsYaml(e.target.value)}
                className="rounded-lg border border-border bg-surface p-2 font-mono text-xs text-fg"
                placeholder={
                  '- id: r1\n  from: { external: { name: browser, ip: 198.51.100.7 } }\n  to: { url: "http://shop.example.com/" }'
                }
              />
              {yamlError ? (
                <p className="text-sm text-danger" role="alert">
                  {yamlError}
                </p>
              ) : null}
              <div className="flex gap-2">
                <Button size="sm" onClick={applyYaml}>
                  Apply
                </Button>
                <Button size="sm" variant="secondary" onClick={() => setYamlMode(false)}>
                  Back to the form
                </Button>
              </div>
            </div>
          ) : null}
        </section>

        <div aria-live="polite">
          {message ? (
            <Alert
              tone={message.tone}
              testId={message.tone === 'error' ? 'playground-error' : 'playground-saved'}
            >
              {message.text}
            </Alert>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {readOnly ? (
            <Button variant="secondary" disabled={pending} onClick={() => save(true)}>
              Save a copy as mine
            </Button>
          ) : (
            <>
              <Button disabled={pending || !title.trim()} onClick={() => save(false)}>
                {pending ? 'Saving…' : id ? 'Save' : 'Save (private)'}
              </Button>
              {id ? (
                <Button
                  variant={conflict ? 'primary' : 'secondary'}
                  disabled={pending || !title.trim()}
                  onClick={() => save(true)}
                >
                  Save as a copy
                </Button>
              ) : null}
              {id ? (
                <Button variant="ghost" disabled={pending} onClick={remove}>
                  Delete
                </Button>
              ) : null}
            </>
          )}
          {!readOnly && dirty && id ? (
            <span className="self-center text-xs text-muted" data-testid="playground-dirty">
              Unsaved changes
            </span>
          ) : null}
        </div>

        {!readOnly && id ? (
          <section
            aria-labelledby={`${uid}-share`}
            className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4"
          >
            <h2 id={`${uid}-share`} className="text-sm font-semibold">
              Share and propose
            </h2>
            {shareToken ? (
              <div className="flex flex-col gap-2 text-sm">
                <label htmlFor={`${uid}-link`} className="text-xs text-muted">
                  Anyone signed in with this link sees it read-only, until you revoke it.
                </label>
                <input
                  id={`${uid}-link`}
                  readOnly
                  value={shareUrl}
                  onFocus={(e) => e.currentTarget.select()}
                  className="h-9 w-full rounded-lg border border-border bg-surface-2 px-2 font-mono text-xs text-fg"
                  data-testid="playground-share-link"
                />
                <div className="flex flex-wrap gap-2">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => void navigator.clipboard?.writeText(shareUrl)}
                  >
                    Copy link
                  </Button>
                  <Button size="sm" variant="secondary" disabled={pending} onClick={revoke}>
                    Revoke link
                  </Button>
                </div>
              </div>
            ) : (
              <div>
                <Button size="sm" variant="secondary" disabled={pending} onClick={share}>
                  Create a share link
                </Button>
              </div>
            )}
            <div className="flex flex-col gap-2 text-sm">
              <label htmlFor={`${uid}-note`} className="text-xs text-muted">
                {proposedAt
                  ? `Proposed to the admins on ${utcFormat.format(new Date(proposedAt))} UTC. Send again to update the note.`
                  : 'Propose it to the admins as a scenario (they see the saved version and your note).'}
              </label>
              <textarea
                id={`${uid}-note`}
                rows={2}
                maxLength={2000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder="What would learners practise with it?"
                className="rounded-lg border border-border bg-surface p-2 text-sm text-fg"
              />
              <div>
                <Button size="sm" variant="secondary" disabled={pending} onClick={propose}>
                  Propose as a scenario
                </Button>
              </div>
            </div>
          </section>
        ) : null}
      </div>
      <ScenarioPreview check={check} stale={stale} variant="playground" />
    </div>
  );
}
