/**
 * The troubleshooting seed step on a real, migrated database: versioned like the scenario library
 * (scripts/seed-versioned.mts) — a new exercise is published as version 1, a shipped file edited since the seed
 * wrote it becomes a new published version (the old one kept), an admin's change wins, and a file that does not
 * load fails the seed with its position and writes nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, PROJECT_ROOT, type TestDb } from '../tests/support/db.ts';
import { makeTroubleshootingStep } from './seed-troubleshooting.mts';

const ID = 'selector-label-mismatch';
const ORIGINAL = readFileSync(path.join(PROJECT_ROOT, `content/troubleshooting/${ID}.yaml`), 'utf8');

let t: TestDb;
let dir: string;
beforeEach(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'packetpath-troubleshooting-'));
});
afterEach(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('troubleshootingStep', () => {
  it('publishes an edited file as a new version, keeps the old one, and never overrides an admin', async () => {
    const file = path.join(dir, `${ID}.yaml`);
    writeFileSync(file, ORIGINAL);
    const step = makeTroubleshootingStep(dir);
    expect((await step.run(t.db, { env: {} })).summary).toBe(
      'added 1 exercise(s) (1 in content/troubleshooting)',
    );
    expect(await t.db.troubleshoot.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({
      status: 'PUBLISHED',
      publishedVersion: 1,
      latestVersion: 1,
    });

    const edited = ORIGINAL.replace(/^(  title: ).*$/m, '$1Edited in the file');
    expect(edited).not.toBe(ORIGINAL);
    writeFileSync(file, edited);
    const r = await step.run(t.db, { env: {} });
    expect(r).toEqual({
      summary:
        'added 0 exercise(s), published a new version of 1 edited exercise(s) (1 in content/troubleshooting)',
      notes: [`${ID}: version 2 published from content/troubleshooting`],
    });
    const ex = await t.db.troubleshoot.findUniqueOrThrow({
      where: { id: ID },
      include: { versions: { orderBy: { version: 'asc' } } },
    });
    expect(ex).toMatchObject({ publishedVersion: 2, latestVersion: 2, title: 'Edited in the file' });
    expect(ex.versions.map((v) => v.yaml)).toEqual([ORIGINAL, edited]);
    expect((await step.run(t.db, { env: {} })).summary).toBe('skipped (all 1 exercises present)');

    // An admin's draft on top: a further file edit is not applied, and the seed says so.
    await t.db.troubleshootVersion.create({ data: { troubleshootId: ID, version: 3, yaml: edited } });
    await t.db.troubleshoot.update({ where: { id: ID }, data: { latestVersion: 3 } });
    writeFileSync(file, ORIGINAL);
    expect((await step.run(t.db, { env: {} })).summary).toBe(
      'skipped (all 1 exercises present; 1 edited in the files but changed by an admin: kept)',
    );
    expect(await t.db.troubleshootVersion.count({ where: { troubleshootId: ID } })).toBe(3);
  });

  it('fails loudly, with positions, when a shipped file does not load, and writes nothing', async () => {
    writeFileSync(path.join(dir, `${ID}.yaml`), ORIGINAL);
    writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: packetpath.dev/v1alpha1\nkind: [\n');
    await expect(makeTroubleshootingStep(dir).run(t.db, { env: {} })).rejects.toThrow(
      /Troubleshooting exercises do not load:\n.*broken\.yaml:\d+:\d+/,
    );
    expect(await t.db.troubleshoot.count()).toBe(0);
  });
});
