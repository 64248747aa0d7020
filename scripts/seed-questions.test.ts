/** The question seed step: insert new questions, publish file edits as new versions, never overwrite. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../tests/support/db.ts';
import { fromJson } from '../lib/server/db/json.ts';
import { makeQuestionsStep } from './seed-questions.mts';

let t: TestDb;
let dir: string;
beforeEach(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'packetpath-questions-'));
});
afterEach(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const question = (explanation: string, difficulty = 1) =>
  `- id: svc-virtual-ip
  type: truefalse
  topic: services
  difficulty: ${difficulty}
  prompt: A ClusterIP is bound to no interface.
  answer: true
  explanation: "${explanation}"
  source: { title: "Kubernetes docs: Service", url: "https://kubernetes.io/docs/concepts/services-networking/service/" }
  rules: [R3.1]
`;
const write = (yaml: string) => writeFileSync(path.join(dir, 'services.yaml'), yaml);
const run = () => makeQuestionsStep(dir).run(t.db, { env: {} });
const versions = async () =>
  (
    await t.db.questionVersion.findMany({
      where: { questionId: 'svc-virtual-ip' },
      orderBy: { version: 'asc' },
    })
  ).map((v) => [v.version, (fromJson(v.content) as { explanation: string }).explanation]);

describe('questions seed step', () => {
  it('inserts a new question as published version 1, then skips it while the file is unchanged', async () => {
    write(question('kube-proxy programs rules for it; no interface holds it.'));
    expect((await run()).summary).toBe('added 1 question(s) (1 in the bank)');
    expect(await t.db.question.findUniqueOrThrow({ where: { id: 'svc-virtual-ip' } })).toMatchObject({
      status: 'PUBLISHED',
      publishedVersion: 1,
      latestVersion: 1,
    });
    expect((await run()).summary).toBe('skipped (all 1 questions present)');
    expect(await versions()).toHaveLength(1);
  });

  it('publishes an edited file as a new version and keeps the old one', async () => {
    write(question('Old explanation, imprecise.'));
    await run();
    write(question('New explanation: the rules of kube-proxy match it; no interface holds it.', 2));
    const r = await run();
    expect(r.summary).toBe(
      'added 0 question(s), published a new version of 1 edited question(s) (1 in the bank)',
    );
    expect(r.notes).toEqual(['svc-virtual-ip: version 2 published from content/questions']);
    expect(await versions()).toEqual([
      [1, 'Old explanation, imprecise.'],
      [2, 'New explanation: the rules of kube-proxy match it; no interface holds it.'],
    ]);
    expect(await t.db.question.findUniqueOrThrow({ where: { id: 'svc-virtual-ip' } })).toMatchObject({
      publishedVersion: 2,
      latestVersion: 2,
      difficulty: 2,
    });
    expect((await run()).summary).toBe('skipped (all 1 questions present)');
  });

  it("never overwrites an admin's edit, draft or retirement", async () => {
    write(question('Seeded explanation.'));
    await run();
    const admin = await t.db.user.create({
      data: { email: 'a@example.test', name: 'A', passwordHash: 'x', role: 'ADMIN' },
    });
    await t.db.questionVersion.create({
      data: { questionId: 'svc-virtual-ip', version: 2, content: {}, createdById: admin.id },
    });
    await t.db.question.update({ where: { id: 'svc-virtual-ip' }, data: { latestVersion: 2 } });
    write(question('Edited in the file.'));
    expect((await run()).summary).toBe(
      'skipped (all 1 questions present; 1 edited in the files but changed by an admin: kept)',
    );
    expect((await versions()).map(([v]) => v)).toEqual([1, 2]);

    await t.db.questionVersion.deleteMany({ where: { questionId: 'svc-virtual-ip', version: 2 } });
    await t.db.question.update({
      where: { id: 'svc-virtual-ip' },
      data: { latestVersion: 1, status: 'RETIRED' },
    });
    expect((await run()).summary).toMatch(/changed by an admin: kept/);
    expect(await versions()).toEqual([[1, 'Seeded explanation.']]);
  });
});
