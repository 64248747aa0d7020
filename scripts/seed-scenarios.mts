/**
 * Seed step: load the scenario library (content/scenarios/*.yaml, not the *.expect.yaml golden files) into
 * the database as versioned content (scripts/seed-versioned.mts: new scenarios published as version 1, a shipped
 * file edited since it was seeded published as a new version, an admin's change always wins). A shipped file
 * that does not parse fails the seed loudly, with every issue and its position.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario, type ScenarioInput, type ScenarioIssue } from '../lib/scenario/index.ts';
import { toJson } from '../lib/server/db/json.ts';
import type { SeedStep } from './seed.mts';
import { VERSIONED_ROW_SELECT, versionedContentStep } from './seed-versioned.mts';

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

function scenarioColumns(input: ScenarioInput) {
  const spec = input.scenario.spec;
  return {
    title: spec.title,
    topic: spec.topic ?? 'general',
    difficulty: spec.difficulty,
    level: spec.level,
    tags: toJson(spec.tags),
  };
}

/** The seed step for the scenario files of `dir` (default: content/scenarios; scripts/seed-versioned.mts). */
export function makeScenariosStep(dir: string = SCENARIOS_DIR): SeedStep {
  const idOf = (s: LoadedScenario) => s.input.scenario.metadata.name;
  return versionedContentStep<LoadedScenario>({
    name: 'scenario library',
    noun: 'scenario',
    where: 'content/scenarios',
    load() {
      const loaded = loadScenarioFiles(dir);
      return loaded.ok
        ? { ok: true, items: loaded.scenarios }
        : { ok: false, message: `Scenario files do not parse:\n${formatScenarioIssues(loaded.issues)}` };
    },
    idOf,
    isCurrent: (stored, s) => stored.yaml === s.yaml,
    rows: (db) => db.scenario.findMany({ select: VERSIONED_ROW_SELECT }),
    publish: (db, publications) =>
      db.$transaction([
        db.scenario.createMany({
          data: publications
            .filter((p) => p.version === 1)
            .map(({ item }) => ({
              id: idOf(item),
              ...scenarioColumns(item.input),
              status: 'PUBLISHED',
              publishedVersion: 1,
              latestVersion: 1,
            })),
        }),
        db.scenarioVersion.createMany({
          data: publications.map(({ item, version }) => ({
            scenarioId: idOf(item),
            version,
            yaml: item.yaml,
          })),
        }),
        ...publications
          .filter((p) => p.version > 1)
          .map(({ item, version }) =>
            db.scenario.update({
              where: { id: idOf(item) },
              data: { ...scenarioColumns(item.input), publishedVersion: version, latestVersion: version },
            }),
          ),
      ]),
  });
}

export const scenariosStep: SeedStep = makeScenariosStep();
