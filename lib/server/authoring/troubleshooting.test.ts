/**
 * Troubleshooting exercise authoring on a real, migrated database (SQLite and PostgreSQL): a draft may be saved
 * while its checks fail, publishing is refused until the author's fix passes and every candidate ends as declared,
 * a published or used version is never rewritten, and every change is audited.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { getExerciseForAdmin, listExercisesForAdmin, saveExercise } from './troubleshooting';

const FILE = readFileSync(
  path.resolve(import.meta.dirname, '../../../content/troubleshooting/target-port-wrong-number.yaml'),
  'utf8',
);
const YAML = FILE.replace('name: target-port-wrong-number', 'name: authored-one').replace(
  'ts-target-port-wrong-number',
  'ts-authored-one',
);
// The author's fix points at a port nothing listens on: the exercise loads, but its promise is false.
const WRONG_FIX = YAML.replace(
  '      - { kind: Service, namespace: shop, name: api, merge: { spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] } } }\n  candidates:',
  '      - { kind: Service, namespace: shop, name: api, merge: { spec: { ports: [{ name: http, port: 80, targetPort: 9999 }] } } }\n  candidates:',
);
const T0 = new Date('2026-12-07T10:00:00Z');

let t: TestDb;
let admin: { id: string };
beforeEach(async () => {
  t = await createTestDb();
  admin = await t.db.user.create({ data: { email: 'a@x.dev', name: 'A', passwordHash: 'x', role: 'ADMIN' } });
});
afterEach(async () => {
  await t.cleanup();
});

describe('troubleshooting authoring', () => {
  it('saves a draft whose fix does not pass, refuses to publish it with the reason, publishes the corrected one', async () => {
    expect(WRONG_FIX).not.toBe(YAML);
    const draft = await saveExercise(t.db, admin, { yaml: WRONG_FIX, publish: false }, T0);
    expect(draft.ok && [draft.id, draft.version, draft.published]).toEqual(['authored-one', 1, false]);
    const refused = await saveExercise(
      t.db,
      admin,
      { id: 'authored-one', yaml: WRONG_FIX, publish: true },
      T0,
    );
    expect(refused.ok === false && refused.message).toMatch(
      /Not published: the author's fix passes every condition/,
    );
    const ok = await saveExercise(t.db, admin, { id: 'authored-one', yaml: YAML, publish: true }, T0);
    expect(ok.ok && [ok.version, ok.published]).toEqual([1, true]); // the unused draft was rewritten in place
    const row = await t.db.troubleshoot.findUniqueOrThrow({ where: { id: 'authored-one' } });
    expect([row.status, row.publishedVersion, row.latestVersion]).toEqual(['PUBLISHED', 1, 1]);
    const audit = await t.db.auditEntry.findMany({
      where: { entityId: 'authored-one' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.entityType])).toEqual([
      ['troubleshoot.save', 'TROUBLESHOOT'],
      ['troubleshoot.publish', 'TROUBLESHOOT'],
    ]);
  });

  it('never rewrites a published version: an edit becomes version 2 as a draft, and learners keep version 1', async () => {
    await saveExercise(t.db, admin, { yaml: YAML, publish: true }, T0);
    const edited = YAML.replace('difficulty: 1', 'difficulty: 2');
    const r = await saveExercise(t.db, admin, { id: 'authored-one', yaml: edited, publish: false }, T0);
    expect(r.ok && r.version).toBe(2);
    const row = await t.db.troubleshoot.findUniqueOrThrow({ where: { id: 'authored-one' } });
    expect([row.publishedVersion, row.latestVersion, row.difficulty]).toEqual([1, 2, 1]);
    expect((await getExerciseForAdmin(t.db, 'authored-one'))?.yaml).toBe(edited);
    expect((await listExercisesForAdmin(t.db)).map((i) => i.id)).toEqual(['authored-one']);
  });

  it('refuses a file that does not load (with the line), a renamed id, and a duplicate', async () => {
    const bad = await saveExercise(
      t.db,
      admin,
      { yaml: YAML.replace('victory:', 'victroy:'), publish: false },
      T0,
    );
    expect(bad.ok === false && bad.message).toMatch(/line \d+, column \d+/);
    await saveExercise(t.db, admin, { yaml: YAML, publish: false }, T0);
    const renamed = await saveExercise(t.db, admin, { id: 'other', yaml: YAML, publish: false }, T0);
    expect(renamed.ok === false && renamed.status).toBe(422);
    const dup = await saveExercise(t.db, admin, { yaml: YAML, publish: false }, T0);
    expect(dup.ok === false && dup.status).toBe(409);
  });
});
