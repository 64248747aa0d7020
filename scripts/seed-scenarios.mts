/**
 * Seed step: load the scenario library (content/scenarios/*.yaml, not the *.expect.yaml golden files) into
 * the database.
 *
 * The database is the source of truth at run time (admins edit scenarios there) and versions are never
 * rewritten (trace attempts point at theirs). Each new scenario becomes PUBLISHED with version 1; a shipped file
 * edited since it was seeded becomes a new published version while the database still holds only what the
 * seed wrote (published, no draft on top, no admin-written version); an admin's change always wins. A shipped
 * file that does not parse fails the seed loudly, with every issue and its position, so broken content never
 * ships silently.
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

function scenarioColumns(input: ScenarioInput) {
  const spec = input.scenario.spec;
  return {
    title: spec.title,
    topic: spec.topic ?? 'general',
    difficulty: spec.difficulty,
    level: spec.level,
    tags: JSON.stringify(spec.tags),
  };
}

/** The seed step for the scenario files of `dir` (default: content/scenarios). */
export function makeScenariosStep(dir: string = SCENARIOS_DIR): SeedStep {
  return {
    name: 'scenario library',
    async run(db) {
      const loaded = loadScenarioFiles(dir);
      if (!loaded.ok) throw new Error(`Scenario files do not parse:\n${formatScenarioIssues(loaded.issues)}`);
      if (loaded.scenarios.length === 0) return { summary: 'skipped (no scenarios in content/scenarios)' };
      const rows = await db.scenario.findMany({
        select: {
          id: true,
          status: true,
          publishedVersion: true,
          latestVersion: true,
          versions: { select: { version: true, yaml: true, createdById: true } },
        },
      });
      const existing = new Map(rows.map((r) => [r.id, r]));
      const fresh: LoadedScenario[] = [];
      const updates: { s: LoadedScenario; version: number }[] = [];
      const kept: string[] = [];
      for (const s of loaded.scenarios) {
        const row = existing.get(s.input.scenario.metadata.name);
        if (!row) {
          fresh.push(s);
          continue;
        }
        const latest = row.versions.find((v) => v.version === row.latestVersion);
        if (latest?.yaml === s.yaml) continue;
        // A shipped file edited since it was seeded becomes a new published version, unless an admin has
        // touched the scenario (any version of theirs, a draft on top, or not published): then it wins.
        const seedOwned =
          row.status === 'PUBLISHED' &&
          row.publishedVersion === row.latestVersion &&
          row.versions.every((v) => v.createdById === null);
        if (seedOwned) updates.push({ s, version: row.latestVersion + 1 });
        else kept.push(row.id);
      }
      if (fresh.length === 0 && updates.length === 0) {
        const why = kept.length ? `; ${kept.length} edited in the files but changed by an admin: kept` : '';
        return { summary: `skipped (all ${loaded.scenarios.length} scenarios present${why})` };
      }
      const idOf = (s: LoadedScenario) => s.input.scenario.metadata.name;
      await db.$transaction([
        db.scenario.createMany({
          data: fresh.map(({ input }) => ({
            id: input.scenario.metadata.name,
            ...scenarioColumns(input),
            status: 'PUBLISHED',
            publishedVersion: 1,
            latestVersion: 1,
          })),
        }),
        db.scenarioVersion.createMany({
          data: [
            ...fresh.map((s) => ({ scenarioId: idOf(s), version: 1, yaml: s.yaml })),
            ...updates.map(({ s, version }) => ({ scenarioId: idOf(s), version, yaml: s.yaml })),
          ],
        }),
        ...updates.map(({ s, version }) =>
          db.scenario.update({
            where: { id: idOf(s) },
            data: { ...scenarioColumns(s.input), publishedVersion: version, latestVersion: version },
          }),
        ),
      ]);
      const parts = [`added ${fresh.length} scenario(s)`];
      if (updates.length) parts.push(`published a new version of ${updates.length} edited scenario(s)`);
      if (kept.length) parts.push(`kept ${kept.length} admin-edited scenario(s)`);
      return {
        summary: `${parts.join(', ')} (${loaded.scenarios.length} in content/scenarios)`,
        ...(updates.length || kept.length
          ? {
              notes: [
                ...updates.map(
                  ({ s, version }) => `${idOf(s)}: version ${version} published from content/scenarios`,
                ),
                ...kept.map(
                  (id) => `${id}: the file changed, but an admin changed it too; the database wins`,
                ),
              ],
            }
          : {}),
      };
    },
  };
}

export const scenariosStep: SeedStep = makeScenariosStep();
