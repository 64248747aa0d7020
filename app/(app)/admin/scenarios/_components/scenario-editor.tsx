'use client';
/**
 * The scenario editor: CodeMirror 6 with YAML highlighting. On every change (debounced) the scenario loader
 * runs here in the browser; its issues become lint diagnostics at their line and column and a list under the
 * editor (each entry jumps to its place). When the YAML is valid, the engine traces it and the preview beside
 * the editor shows the computed paths on the learner's diagram. Publishing is checked again on the server.
 *
 * Keyboard: Tab indents inside the editor; press Esc, then Tab, to move on.
 */
import { useActionState, useEffect, useMemo, useRef, useState } from 'react';
import { YamlEditor, type EditorProblem, type YamlEditorHandle } from '@/components/yaml-editor';
import { YamlProblems } from '@/components/yaml-problems';
import { checkScenario, publishProblem, type ScenarioCheck } from '@/lib/authoring/scenario-check';
import { SCENARIO_TEMPLATES, templateById, wrapKubectlOutput } from '@/lib/authoring/templates';
import type { ScenarioIssue } from '@/lib/scenario';
import type { FormState } from '@/lib/validation/action-result';
import { CsrfField } from '@/components/csrf-field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { saveScenarioAction } from '../actions';
import { ScenarioPreview } from './scenario-preview';

const DEBOUNCE_MS = 350;

function issuesOf(check: ScenarioCheck): ScenarioIssue[] {
  if (!check.ok && check.stage === 'parse') return check.issues;
  return check.warnings;
}

function toProblems(issues: readonly ScenarioIssue[]): EditorProblem[] {
  return issues.map((i) => ({
    line: i.line,
    column: i.column,
    severity: i.severity,
    message: `${i.message} [${i.code}]`,
    ...(i.path ? { source: i.path } : {}),
  }));
}

export function ScenarioEditor({
  initialYaml,
  existingId,
  csrfToken,
}: {
  initialYaml: string;
  existingId?: string;
  csrfToken: string;
}) {
  const [text, setText] = useState(initialYaml);
  const [checked, setChecked] = useState(initialYaml);
  const [paste, setPaste] = useState('');
  const [template, setTemplate] = useState(SCENARIO_TEMPLATES[0]?.id ?? '');
  const editorRef = useRef<YamlEditorHandle>(null);
  const [state, formAction, pending] = useActionState<
    FormState<{ id: string; version: number; published: boolean }>,
    FormData
  >(saveScenarioAction, null);

  useEffect(() => {
    if (text === checked) return;
    const id = window.setTimeout(() => setChecked(text), DEBOUNCE_MS);
    return () => window.clearTimeout(id);
  }, [text, checked]);

  const check = useMemo(
    () => checkScenario(checked, existingId ? `${existingId}.yaml` : 'scenario.yaml'),
    [checked, existingId],
  );
  const issues = issuesOf(check);
  const problem = publishProblem(check);
  const stale = text !== checked;

  const problems = useMemo(() => toProblems(issues), [issues]);

  function replaceText(next: string) {
    if (
      text.trim() &&
      text !== initialYaml &&
      !window.confirm('Replace the YAML in the editor? Unsaved changes are lost.')
    )
      return;
    setText(next);
    setChecked(next);
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-4">
        <div className="flex flex-col gap-3 rounded-xl border border-border bg-surface p-4 shadow-sm">
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor="template" className="mb-1 block text-xs font-medium text-muted">
                Start from a template
              </label>
              <select
                id="template"
                value={template}
                onChange={(e) => setTemplate(e.target.value)}
                className="h-10 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg"
              >
                {SCENARIO_TEMPLATES.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title} — {t.description}
                  </option>
                ))}
              </select>
            </div>
            <Button variant="secondary" onClick={() => replaceText(templateById(template)?.yaml ?? '')}>
              Use template
            </Button>
          </div>
          <details className="text-sm">
            <summary className="cursor-pointer font-medium text-muted hover:text-fg">
              Paste `kubectl get -o yaml` output from a real cluster
            </summary>
            <div className="mt-2 flex flex-col gap-2">
              <label htmlFor="kubectl-paste" className="text-xs text-muted">
                Objects (one or several documents, or a <code>kind: List</code>). A Scenario document is added
                in front; complete its request.
              </label>
              <textarea
                id="kubectl-paste"
                rows={6}
                value={paste}
                onChange={(e) => setPaste(e.target.value)}
                className="rounded-lg border border-border bg-surface p-2 font-mono text-xs text-fg"
                placeholder={'kubectl get ns,nodes,pods,svc,endpointslices,ingress,networkpolicy -A -o yaml'}
              />
              <div>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={!paste.trim()}
                  onClick={() => {
                    replaceText(wrapKubectlOutput(paste, existingId ?? 'pasted-cluster'));
                    setPaste('');
                  }}
                >
                  Wrap and load into the editor
                </Button>
              </div>
            </div>
          </details>
        </div>

        <form action={formAction} className="flex flex-col gap-3" aria-label="Scenario">
          <CsrfField token={csrfToken} />
          {existingId ? <input type="hidden" name="id" value={existingId} /> : null}
          <input type="hidden" name="yaml" value={text} />
          <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
            <YamlEditor
              handleRef={editorRef}
              value={text}
              onChange={setText}
              problems={problems}
              label="Scenario YAML"
            />
          </div>
          <p className="text-xs text-muted">
            Tab indents; press Esc then Tab to leave the editor. Checked as you type.
          </p>

          <YamlProblems
            problems={problems}
            stale={stale}
            editorRef={editorRef}
            noun="error"
            none="No errors"
            testId="scenario-issues"
            itemTestId="scenario-issue"
          >
            {!check.ok && check.stage === 'engine' ? (
              <p className="mt-2 text-sm text-danger" data-testid="engine-error">
                The routing engine cannot trace this scenario: {check.message}
              </p>
            ) : null}
          </YamlProblems>

          <div aria-live="polite" className="flex flex-col gap-2">
            {state && !state.ok ? (
              <Alert tone="error" testId="scenario-form-error">
                {state.formError ??
                  Object.values(state.fieldErrors ?? {})
                    .flat()
                    .join(' ')}
              </Alert>
            ) : state?.ok ? (
              <Alert tone="success" testId="scenario-form-success">
                {state.message}
              </Alert>
            ) : null}
            {problem && !stale ? (
              <p className="text-sm text-muted" data-testid="publish-blocked">
                Publishing is blocked: {problem}
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              name="intent"
              value="save"
              variant="secondary"
              disabled={pending || !text.trim()}
            >
              {pending ? 'Saving…' : 'Save draft'}
            </Button>
            <Button
              type="submit"
              name="intent"
              value="publish"
              disabled={pending || stale || problem !== null}
            >
              Save and publish
            </Button>
          </div>
        </form>
      </div>
      <ScenarioPreview check={check} stale={stale} />
    </div>
  );
}
