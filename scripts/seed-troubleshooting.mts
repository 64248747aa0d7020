/**
 * Troubleshooting exercises ("fix this cluster", ADR 016) shipped in content/troubleshooting/*.yaml: loading them
 * (every problem with its file, line and column) for the seed and `npm run content:stats`, and the seed step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, type Exercise, type ExerciseIssue } from '../lib/troubleshoot/index.ts';
import type { SeedStep } from './seed.mts';

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

function columns(ex: Exercise) {
  const spec = ex.doc.spec;
  return {
    title: spec.title,
    topic: spec.topic,
    difficulty: spec.difficulty,
    tags: JSON.stringify(spec.tags),
  };
}

/**
 * The seed step for the exercise files of `dir`: like the scenario library (ADR 006), each new exercise becomes
 * PUBLISHED version 1; a shipped file edited since it was seeded becomes a new published version while the
 * database holds only what the seed wrote; an admin's change always wins. A file that does not load fails the
 * seed with every problem and its position.
 */
export function makeTroubleshootingStep(dir: string = TROUBLESHOOTING_DIR): SeedStep {
  return {
    name: 'troubleshooting exercises',
    async run(db) {
      const loaded = loadTroubleshootingFiles(dir);
      if (!loaded.ok)
        throw new Error(`Troubleshooting exercises do not load:\n${formatExerciseIssues(loaded.issues)}`);
      if (loaded.exercises.length === 0)
        return { summary: 'skipped (no exercises in content/troubleshooting)' };
      const rows = await db.troubleshoot.findMany({
        select: {
          id: true,
          status: true,
          publishedVersion: true,
          latestVersion: true,
          versions: { select: { version: true, yaml: true, createdById: true } },
        },
      });
      const existing = new Map(rows.map((r) => [r.id, r]));
      const fresh: LoadedExercise[] = [];
      const updates: { e: LoadedExercise; version: number }[] = [];
      const kept: string[] = [];
      for (const e of loaded.exercises) {
        const row = existing.get(e.exercise.id);
        if (!row) {
          fresh.push(e);
          continue;
        }
        const latest = row.versions.find((v) => v.version === row.latestVersion);
        if (latest?.yaml === e.yaml) continue;
        const seedOwned =
          row.status === 'PUBLISHED' &&
          row.publishedVersion === row.latestVersion &&
          row.versions.every((v) => v.createdById === null);
        if (seedOwned) updates.push({ e, version: row.latestVersion + 1 });
        else kept.push(row.id);
      }
      if (fresh.length === 0 && updates.length === 0) {
        const why = kept.length ? `; ${kept.length} edited in the files but changed by an admin: kept` : '';
        return { summary: `skipped (all ${loaded.exercises.length} exercises present${why})` };
      }
      await db.$transaction([
        db.troubleshoot.createMany({
          data: fresh.map(({ exercise }) => ({
            id: exercise.id,
            ...columns(exercise),
            status: 'PUBLISHED',
            publishedVersion: 1,
            latestVersion: 1,
          })),
        }),
        db.troubleshootVersion.createMany({
          data: [
            ...fresh.map((e) => ({ troubleshootId: e.exercise.id, version: 1, yaml: e.yaml })),
            ...updates.map(({ e, version }) => ({ troubleshootId: e.exercise.id, version, yaml: e.yaml })),
          ],
        }),
        ...updates.map(({ e, version }) =>
          db.troubleshoot.update({
            where: { id: e.exercise.id },
            data: { ...columns(e.exercise), publishedVersion: version, latestVersion: version },
          }),
        ),
      ]);
      const parts = [`added ${fresh.length} exercise(s)`];
      if (updates.length) parts.push(`published a new version of ${updates.length} edited exercise(s)`);
      if (kept.length) parts.push(`kept ${kept.length} admin-edited exercise(s)`);
      return { summary: `${parts.join(', ')} (${loaded.exercises.length} in content/troubleshooting)` };
    },
  };
}

export const troubleshootingStep: SeedStep = makeTroubleshootingStep();
