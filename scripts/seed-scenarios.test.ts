import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, PROJECT_ROOT, type TestDb } from '../tests/support/db.ts';
import { loadScenarioFiles, makeScenariosStep, SCENARIOS_DIR } from './seed-scenarios.mts';

const C1 = path.join(PROJECT_ROOT, 'lib/scenario/__fixtures__/c1.yaml');

let t: TestDb;
let dir: string;
beforeEach(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'packetpath-scenarios-'));
});
afterEach(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('scenariosStep', () => {
  it('publishes every shipped scenario as version 1 (the shipped library parses)', () => {
    const loaded = loadScenarioFiles(SCENARIOS_DIR);
    expect(loaded.ok ? [] : loaded.issues).toEqual([]);
    if (loaded.ok) expect(loaded.scenarios.length).toBeGreaterThanOrEqual(30);
  });

  it('inserts new scenarios as PUBLISHED version 1 and never overwrites an existing one', async () => {
    copyFileSync(C1, path.join(dir, 'c1.yaml'));
    writeFileSync(path.join(dir, 'c1.expect.yaml'), 'requests: {}\n');
    const step = makeScenariosStep(dir);
    expect((await step.run(t.db, { env: {} })).summary).toBe('added 1 scenario(s) (1 in content/scenarios)');
    const s = await t.db.scenario.findUniqueOrThrow({
      where: { id: 'c1-fixture' },
      include: { versions: true },
    });
    expect(s).toMatchObject({
      status: 'PUBLISHED',
      publishedVersion: 1,
      latestVersion: 1,
      topic: 'services',
      level: 'coarse',
      difficulty: 2,
    });
    expect(s.versions.map((v) => v.version)).toEqual([1]);
    await t.db.scenario.update({ where: { id: 'c1-fixture' }, data: { title: 'Edited by an admin' } });
    expect((await step.run(t.db, { env: {} })).summary).toContain('skipped');
    expect((await t.db.scenario.findUniqueOrThrow({ where: { id: 'c1-fixture' } })).title).toBe(
      'Edited by an admin',
    );
  });

  it('publishes an edited file as a new version, keeps the old one, and never overrides an admin', async () => {
    const file = path.join(dir, 'c1.yaml');
    const original = readFileSync(C1, 'utf8');
    writeFileSync(file, original);
    const step = makeScenariosStep(dir);
    await step.run(t.db, { env: {} });
    const edited = original.replace(/title: .*/, 'title: Edited in the file');
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    const r = await step.run(t.db, { env: {} });
    expect(r.summary).toBe(
      'added 0 scenario(s), published a new version of 1 edited scenario(s) (1 in content/scenarios)',
    );
    const s = await t.db.scenario.findUniqueOrThrow({
      where: { id: 'c1-fixture' },
      include: { versions: { orderBy: { version: 'asc' } } },
    });
    expect(s).toMatchObject({ publishedVersion: 2, latestVersion: 2, title: 'Edited in the file' });
    expect(s.versions.map((v) => v.yaml)).toEqual([original, edited]);
    expect((await step.run(t.db, { env: {} })).summary).toBe('skipped (all 1 scenarios present)');

    // An admin's draft on top: a further file edit is not applied.
    await t.db.scenarioVersion.create({ data: { scenarioId: 'c1-fixture', version: 3, yaml: edited } });
    await t.db.scenario.update({ where: { id: 'c1-fixture' }, data: { latestVersion: 3 } });
    writeFileSync(file, original);
    expect((await step.run(t.db, { env: {} })).summary).toMatch(/changed by an admin: kept/);
    expect(await t.db.scenarioVersion.count({ where: { scenarioId: 'c1-fixture' } })).toBe(3);
  });

  it('fails loudly, with positions, when a shipped file does not parse', async () => {
    writeFileSync(
      path.join(dir, 'broken.yaml'),
      'apiVersion: packetpath.dev/v1alpha1\nkind: Scenario\nmetadata: { name: Bad_Name }\nspec: {}\n',
    );
    await expect(makeScenariosStep(dir).run(t.db, { env: {} })).rejects.toThrow(/broken\.yaml:\d+:\d+/);
    expect(await t.db.scenario.count()).toBe(0);
  });
});
