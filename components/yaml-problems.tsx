'use client';
/**
 * The problems panel under the shared YAML editor (components/yaml-editor.tsx): a heading that counts the errors
 * (and warnings) or says "Checking…" while the text waits for its debounced check, and one button per problem that
 * puts the editor's cursor on its line and column. Used by the admin scenario and exercise editors and the
 * troubleshooting player; the parent owns the problems (the same ones it passes to `YamlEditor`).
 */
import { useId, type ReactNode, type RefObject } from 'react';
import type { EditorProblem, YamlEditorHandle } from '@/components/yaml-editor';
import { cn } from '@/components/ui/cn';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The heading: "Checking…" while stale, else "2 errors · 1 warning" (or `none` when there is no error). */
export function problemsHeading(
  problems: readonly EditorProblem[],
  stale: boolean,
  noun: string,
  none: string,
): string {
  if (stale) return 'Checking…';
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (errors ? count(errors, noun) : none) + (warnings ? ` · ${count(warnings, 'warning')}` : '');
}

export function YamlProblems({
  problems,
  stale,
  editorRef,
  noun = 'problem',
  none = 'No problems',
  testId = 'yaml-problems',
  itemTestId = 'yaml-problem',
  children,
}: {
  problems: readonly EditorProblem[];
  /** The editor's text has changed since these problems were computed. */
  stale: boolean;
  /** The editor whose cursor a problem moves. */
  editorRef: RefObject<YamlEditorHandle | null>;
  /** What an error is called in the heading ("error", "problem"). */
  noun?: string;
  /** The heading when there is no error ("No errors", "Loads"). */
  none?: string;
  testId?: string;
  itemTestId?: string;
  /** Shown above the list, inside the live region (e.g. an engine failure). */
  children?: ReactNode;
}) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-border bg-surface p-4"
      data-testid={testId}
    >
      <h2 id={headingId} className="text-sm font-semibold">
        {problemsHeading(problems, stale, noun, none)}
      </h2>
      <div aria-live="polite">
        {children}
        {problems.length ? (
          <ul className="mt-2 flex max-h-56 flex-col gap-1 overflow-y-auto text-sm">
            {problems.map((p, k) => (
              <li key={`${p.line}:${p.column}:${k}`}>
                <button
                  type="button"
                  onClick={() => editorRef.current?.jumpTo(p.line, p.column)}
                  className={cn(
                    'w-full rounded px-2 py-1 text-left hover:bg-surface-2',
                    p.severity === 'error' ? 'text-danger' : 'text-warning',
                  )}
                  data-testid={itemTestId}
                >
                  <span className="font-mono text-xs">
                    Line {p.line}, column {p.column}
                  </span>{' '}
                  {p.source ? <span className="font-mono text-xs text-muted">{p.source}: </span> : null}
                  {p.message}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
