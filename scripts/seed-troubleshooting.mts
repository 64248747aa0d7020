/**
 * Troubleshooting exercises ("fix this cluster", ADR 016) shipped in content/troubleshooting/*.yaml: loading them
 * (every problem with its file, line and column) for the seed and `npm run content:stats`, and the seed step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExercise, type Exercise, type ExerciseIssue } from '../lib/troubleshoot/index.ts';
import type { SeedStep } from './seed.mts';
import { VERSIONED_ROW_SELECT, versionedContentStep } from './seed-versioned.mts';
import { toJson } from '../lib/server/db/json.ts';

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
    tags: toJson(spec.tags),
  };
}

/**
 * The seed step for the exercise files of `dir`, versioned like the scenario library (scripts/seed-versioned.mts):
 * each new exercise becomes PUBLISHED version 1; a shipped file edited since it was seeded becomes a new published
 * version while the database holds only what the seed wrote; an admin's change always wins. A file that does not
 * load fails the seed with every problem and its position.
 */
export function makeTroubleshootingStep(dir: string = TROUBLESHOOTING_DIR): SeedStep {
  return versionedContentStep<LoadedExercise>({
    name: 'troubleshooting exercises',
    noun: 'exercise',
    where: 'content/troubleshooting',
    load() {
      const loaded = loadTroubleshootingFiles(dir);
      return loaded.ok
        ? { ok: true, items: loaded.exercises }
        : {
            ok: false,
            message: `Troubleshooting exercises do not load:\n${formatExerciseIssues(loaded.issues)}`,
          };
    },
    idOf: (e) => e.exercise.id,
    isCurrent: (stored, e) => stored.yaml === e.yaml,
    rows: (db) => db.troubleshoot.findMany({ select: VERSIONED_ROW_SELECT }),
    publish: (db, publications) =>
      db.$transaction([
        db.troubleshoot.createMany({
          data: publications
            .filter((p) => p.version === 1)
            .map(({ item }) => ({
              id: item.exercise.id,
              ...columns(item.exercise),
              status: 'PUBLISHED',
              publishedVersion: 1,
              latestVersion: 1,
            })),
        }),
        db.troubleshootVersion.createMany({
          data: publications.map(({ item, version }) => ({
            troubleshootId: item.exercise.id,
            version,
            yaml: item.yaml,
          })),
        }),
        ...publications
          .filter((p) => p.version > 1)
          .map(({ item, version }) =>
            db.troubleshoot.update({
              where: { id: item.exercise.id },
              data: { ...columns(item.exercise), publishedVersion: version, latestVersion: version },
            }),
          ),
      ]),
  });
}

export const troubleshootingStep: SeedStep = makeTroubleshootingStep();
