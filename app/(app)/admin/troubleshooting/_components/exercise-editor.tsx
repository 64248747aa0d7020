'use client';
/**
 * The troubleshooting exercise editor (ADR 016): the whole exercise file in the shared YAML editor, checked as you
 * type with the exercise loader (every problem at its line) and, once it loads, with verifyExercise — the
 * symptom shows, the author's fix passes every condition, each candidate ends as declared — the same promises the
 * content tests hold the shipped files to. Publishing checks again on the server.
 */
import { useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { loadExercise } from '@/lib/troubleshoot';
import { verifyExercise } from '@/lib/troubleshoot/verify';
import { YamlEditor, type EditorProblem, type YamlEditorHandle } from '@/components/yaml-editor';
import { YamlProblems } from '@/components/yaml-problems';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { saveExerciseAction } from '../actions';

const DEBOUNCE_MS = 400;

export function ExerciseEditor({
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
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, start] = useTransition();
  const editorRef = useRef<YamlEditorHandle>(null);
  const router = useRouter();

  useEffect(() => {
    if (text === checked) return;
    const id = window.setTimeout(() => setChecked(text), DEBOUNCE_MS);
    return () => window.clearTimeout(id);
  }, [text, checked]);

  const loaded = useMemo(() => loadExercise(checked, 'exercise.yaml'), [checked]);
  const checks = useMemo(() => (loaded.ok ? verifyExercise(loaded.exercise) : []), [loaded]);
  const problems: EditorProblem[] = useMemo(
    () =>
      loaded.ok
        ? []
        : loaded.issues.map((i) => ({
            line: i.line,
            column: i.column,
            severity: 'error' as const,
            message: i.message,
            ...(i.path ? { source: i.path } : {}),
          })),
    [loaded],
  );
  const stale = text !== checked;
  const publishable = loaded.ok && checks.every((c) => c.ok);

  function save(publish: boolean) {
    setStatus(null);
    start(async () => {
      const r = await saveExerciseAction({
        ...(existingId ? { id: existingId } : {}),
        yaml: text,
        publish,
        csrfToken,
      });
      if (!r?.ok) {
        setStatus({ ok: false, message: r?.formError ?? 'Not saved.' });
        return;
      }
      setStatus({ ok: true, message: r.message ?? 'Saved.' });
      if (!existingId) router.push(`/admin/troubleshooting/${r.data.id}`);
      else router.refresh();
    });
  }

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="flex min-w-0 flex-col gap-3">
        <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
          <YamlEditor
            handleRef={editorRef}
            value={text}
            onChange={setText}
            problems={problems}
            label="Exercise YAML"
            height="36rem"
          />
        </div>
        <YamlProblems
          problems={problems}
          stale={stale}
          editorRef={editorRef}
          none="Loads"
          testId="exercise-issues"
          itemTestId="exercise-issue"
        />
        <div aria-live="polite">
          {status ? (
            <Alert tone={status.ok ? 'success' : 'error'} testId="exercise-save-status">
              {status.message}
            </Alert>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" aria-disabled={pending} onClick={() => !pending && save(false)}>
            Save draft
          </Button>
          <Button
            aria-disabled={pending || stale || !publishable}
            disabled={stale || !publishable}
            onClick={() => !pending && save(true)}
          >
            Save and publish
          </Button>
        </div>
      </div>
      <section
        className="flex min-w-0 flex-col gap-2"
        aria-labelledby="verify-h"
        data-testid="exercise-checks"
      >
        <h2 id="verify-h" className="text-lg font-semibold">
          What the exercise promises
        </h2>
        {!loaded.ok ? (
          <p className="text-sm text-muted">
            Fix the problems first; then the engine checks the fix and every candidate.
          </p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {checks.map((c, i) => (
              <li
                key={i}
                className={cn('rounded-lg border p-3', c.ok ? 'border-success/40' : 'border-danger/40')}
                data-testid="exercise-check"
                data-ok={c.ok}
              >
                <p className={cn('font-medium', c.ok ? 'text-success' : 'text-danger')}>
                  {c.ok ? '✓' : '✗'} {c.check}
                </p>
                <p className="mt-1 text-xs text-muted">{c.detail}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
