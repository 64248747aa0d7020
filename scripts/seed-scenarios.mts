/**
 * Seed step: load the scenario library (content/scenarios/*.yaml, not the *.expect.yaml golden files) into
 * the database.
 *
 * Insert-only, like the question bank: the database is the source of truth at run time (admins edit
 * scenarios there), so a scenario whose id (metadata.name) is already present is never overwritten. Each new
 * scenario becomes PUBLISHED with version 1. A shipped file that does not parse fails the seed loudly, with
 * every issue and its position, so broken content never ships silently.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario, type ScenarioInput, type ScenarioIssue } from '../lib/scenario/index.ts';
import type { SeedStep } from './seed.mts';

export const SCENARIOS_DIR = path.resolve(import.meta.dirname, '..', 'content', 'scenarios');

export interface LoadedScenario {
  file: string;
  yaml: string;
  input: ScenarioInput;
}

/** Reads and parses every scenario file of `dir`; returns the scenarios, or every issue of every bad file. */
export function loadScenarioFiles(
  dir: string = SCENARIOS_DIR,
): { ok: true; scenarios: LoadedScenario[] } | { ok: false; issues: ScenarioIssue[] } {
  if (!existsSync(dir)) return { ok: true, scenarios: [] };
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.expect\.ya?ml$/.test(f))
    .sort();
  const scenarios: LoadedScenario[] = [];
  const issues: ScenarioIssue[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const yaml = readFileSync(path.join(dir, f), 'utf8');
    const parsed = parseScenario(yaml, `content/scenarios/${f}`);
    if (!parsed.ok) {
      issues.push(...parsed.issues.filter((i) => i.severity === 'error'));
      continue;
    }
    const id = parsed.input.scenario.metadata.name;
    const other = seen.get(id);
    if (other) {
      issues.push({
        file: `content/scenarios/${f}`,
        line: 1,
        column: 1,
        path: 'metadata.name',
        code: 'duplicate_scenario',
        message: `scenario id ${id} is also used by ${other}`,
        severity: 'error',
      });
      continue;
    }
    seen.set(id, f);
    scenarios.push({ file: f, yaml, input: parsed.input });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenarios };
}

/** `file:line:column path: message` per issue. */
export function formatScenarioIssues(issues: readonly ScenarioIssue[]): string {
  return issues
    .map((i) => `  ${i.file}:${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message} [${i.code}]`)
    .join('\n');
}

/** The seed step for the scenario files of `dir` (default: content/scenarios). */
export function makeScenariosStep(dir: string = SCENARIOS_DIR): SeedStep {
  return {
    name: 'scenario library',
    async run(db) {
      const loaded = loadScenarioFiles(dir);
      if (!loaded.ok) throw new Error(`Scenario files do not parse:\n${formatScenarioIssues(loaded.issues)}`);
      if (loaded.scenarios.length === 0) return { summary: 'skipped (no scenarios in content/scenarios)' };
      const existing = new Set((await db.scenario.findMany({ select: { id: true } })).map((s) => s.id));
      const fresh = loaded.scenarios.filter((s) => !existing.has(s.input.scenario.metadata.name));
      if (fresh.length === 0)
        return { summary: `skipped (all ${loaded.scenarios.length} scenarios present)` };
      await db.$transaction([
        db.scenario.createMany({
          data: fresh.map(({ input }) => {
            const spec = input.scenario.spec;
            return {
              id: input.scenario.metadata.name,
              title: spec.title,
              topic: spec.topic ?? 'general',
              difficulty: spec.difficulty,
              level: spec.level,
              tags: JSON.stringify(spec.tags),
              status: 'PUBLISHED',
              publishedVersion: 1,
              latestVersion: 1,
            };
          }),
        }),
        db.scenarioVersion.createMany({
          data: fresh.map((s) => ({ scenarioId: s.input.scenario.metadata.name, version: 1, yaml: s.yaml })),
        }),
      ]);
      return {
        summary: `added ${fresh.length} scenario(s) (${loaded.scenarios.length} in content/scenarios)`,
      };
    },
  };
}

export const scenariosStep: SeedStep = makeScenariosStep();
