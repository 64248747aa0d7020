'use client';
/**
 * The YAML editor shared by the admin scenario editor and the troubleshooting exercises: CodeMirror 6 with YAML
 * highlighting, a lint gutter and the given problems as diagnostics at their line and column (ADR 006). The
 * parent owns the text and the problems; `jumpTo` (through `handleRef`) moves the cursor to a problem.
 *
 * Keyboard: Tab indents inside the editor; press Esc, then Tab, to move on.
 */
import CodeMirror, { EditorView, type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { yaml as yamlLanguage } from '@codemirror/lang-yaml';
import { lintGutter, linter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { color as oneDark, oneDarkHighlightStyle, oneDarkTheme } from '@codemirror/theme-one-dark';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useSyncExternalStore,
  type Ref,
} from 'react';

/** A problem at a 1-based line and column. */
export interface EditorProblem {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** Shown as the diagnostic's source (e.g. the field path). */
  source?: string;
}

export interface YamlEditorHandle {
  jumpTo(line: number, column: number): void;
}

/** Follows the `dark` class on <html> (set by the theme toggle). */
export function useDarkMode(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const obs = new MutationObserver(cb);
      obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
      return () => obs.disconnect();
    },
    () => document.documentElement.classList.contains('dark'),
    () => false,
  );
}

/**
 * One Dark with the colours that fall under WCAG AA's 4.5:1 on its background (#282c34) raised: comments and
 * line numbers (#7d8799, 3.9:1 → #9da5b4, 5.7:1), keys (#e06c75, 4.4:1 → #e8838b, 5.4:1) and keywords (#c678dd,
 * 4.8:1 but 4.4:1 on the active line → #d291e6, 5.6:1). Everything else is One Dark's own.
 */
const STONE = '#9da5b4';
const RAISED: Record<string, string> = {
  [oneDark.stone]: STONE,
  [oneDark.coral]: '#e8838b',
  [oneDark.violet]: '#d291e6',
};
const darkTheme = [
  oneDarkTheme,
  EditorView.theme({ '.cm-gutterElement': { color: STONE } }, { dark: true }),
  syntaxHighlighting(
    HighlightStyle.define(
      oneDarkHighlightStyle.specs.map((spec) =>
        typeof spec.color === 'string' && RAISED[spec.color] ? { ...spec, color: RAISED[spec.color] } : spec,
      ),
    ),
  ),
];
/** CodeMirror's placeholder is #888 (3.5:1 on white): the app's muted text colour in both themes. */
const placeholderContrast = EditorView.theme({ '.cm-placeholder': { color: 'var(--muted)' } });

function toDiagnostics(view: EditorView, problems: readonly EditorProblem[]): Diagnostic[] {
  const doc = view.state.doc;
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(1, p.line), doc.lines));
    const from = Math.min(line.from + Math.max(0, p.column - 1), line.to);
    // Underline from the column to the end of the line (at least one character).
    const to = Math.max(Math.min(line.to, doc.length), Math.min(from + 1, doc.length));
    return { from, to, severity: p.severity, message: p.message, ...(p.source ? { source: p.source } : {}) };
  });
}

export function YamlEditor({
  value,
  onChange,
  problems,
  label,
  height = '32rem',
  readOnly = false,
  placeholder,
  handleRef,
}: {
  value: string;
  onChange: (text: string) => void;
  problems: readonly EditorProblem[];
  /** Accessible name of the editing area. */
  label: string;
  height?: string;
  readOnly?: boolean;
  /** Shown while the editor is empty. */
  placeholder?: string;
  handleRef?: Ref<YamlEditorHandle>;
}) {
  const editorRef = useRef<ReactCodeMirrorRef>(null);
  const dark = useDarkMode();
  // The latest props, for callbacks whose identity must not change: @uiw/react-codemirror reconfigures the
  // editor whenever `onChange` changes identity.
  const latest = useRef({ onChange, problems });
  useEffect(() => {
    latest.current = { onChange, problems };
  });
  const emit = useCallback((text: string) => latest.current.onChange(text), []);
  const showProblems = useCallback((view: EditorView) => {
    view.dispatch(setDiagnostics(view.state, toDiagnostics(view, latest.current.problems)));
  }, []);

  useEffect(() => {
    const view = editorRef.current?.view;
    if (view) showProblems(view);
  }, [problems, showProblems]);

  useImperativeHandle(handleRef, () => ({
    jumpTo(lineNo: number, column: number) {
      const view = editorRef.current?.view;
      if (!view) return;
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(1, lineNo), doc.lines));
      const pos = Math.min(line.from + Math.max(0, column - 1), line.to);
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      view.focus();
    },
  }));

  const extensions = useMemo(
    () => [
      yamlLanguage(),
      // The lint state as part of the configuration, not appended by the first setDiagnostics: a reconfigure
      // (a theme toggle, a changed prop) drops appended configuration, and with it every underline.
      linter(null),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'yaml-editor', tabindex: '0' }),
      placeholderContrast,
    ],
    [label],
  );

  return (
    <CodeMirror
      ref={editorRef}
      value={value}
      height={height}
      theme={dark ? darkTheme : 'light'}
      extensions={extensions}
      editable={!readOnly}
      readOnly={readOnly}
      {...(placeholder ? { placeholder } : {})}
      onChange={emit}
      // Problems given before the editor existed (a reloaded draft with a mistake) are shown once it does.
      onCreateEditor={showProblems}
      basicSetup={{ foldGutter: true, highlightActiveLine: true }}
    />
  );
}
