/**
 * Troubleshooting exercises ("fix this cluster", ADR 016) shipped in content/troubleshooting/*.yaml: loading them
 * (every problem with its file, line and column) for the seed and `npm run content:stats`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, type Exercise, type ExerciseIssue } from '../lib/troubleshoot/index.ts';

export const TROUBLESHOOTING_DIR = path.resolve(import.meta.dirname, '..', 'content', 'troubleshooting');

export interface LoadedExercise {
  file: string;
  yaml: string;
  exercise: Exercise;
}

/** Reads and checks every exercise file of `dir`; the exercises, or every problem of every bad file. */
export function loadTroubleshootingFiles(
  dir: string = TROUBLESHOOTING_DIR,
): { ok: true; exercises: LoadedExercise[] } | { ok: false; issues: ExerciseIssue[] } {
  if (!existsSync(dir)) return { ok: true, exercises: [] };
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const exercises: LoadedExercise[] = [];
  const issues: ExerciseIssue[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const yaml = readFileSync(path.join(dir, f), 'utf8');
    const r = loadExercise(yaml, `content/troubleshooting/${f}`);
    if (!r.ok) {
      issues.push(...r.issues);
      continue;
    }
    const other = seen.get(r.exercise.id);
    if (other) {
      issues.push({
        file: `content/troubleshooting/${f}`,
        line: 1,
        column: 1,
        path: 'metadata.name',
        message: `exercise id ${r.exercise.id} is also used by ${other}`,
      });
      continue;
    }
    seen.set(r.exercise.id, f);
    exercises.push({ file: f, yaml, exercise: r.exercise });
  }
  return issues.length ? { ok: false, issues } : { ok: true, exercises };
}

/** `file:line:column path: message` per issue. */
export function formatExerciseIssues(issues: readonly ExerciseIssue[]): string {
  return issues
    .map((i) => `  ${i.file}:${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message}`)
    .join('\n');
}
