import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Question } from '@/lib/quiz/bank-schema';
import { fromJson, toJson } from '@/lib/server/db/json';
import { SCENARIO_TEMPLATES } from '@/lib/authoring/templates';
import { parseBundle, serializeBundle, canonicalJson } from '@/lib/authoring/bundle';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { listAudit } from './audit';
import {
  createQuestion,
  getQuestion,
  listQuestions,
  publishQuestion,
  restoreQuestion,
  retireQuestion,
  updateQuestion,
} from './questions';
import {
  createScenario,
  getScenario,
  publishScenario,
  restoreScenario,
  retireScenario,
  updateScenario,
} from './scenarios';
import { applyImport, exportBank, planImport } from './bank';
import { questionAnalytics, scenarioAnalytics, scenarioHeatMap } from './analytics';

const src = {
  title: 'Kubernetes docs: Service',
  url: 'https://kubernetes.io/docs/concepts/services-networking/service/',
};
const Q: Question = {
  id: 'q-new',
  type: 'single',
  topic: 'services',
  difficulty: 1,
  tags: ['authoring'],
  prompt: 'Which object gives Pods a stable virtual IP?',
  options: [
    { id: 'a', text: 'Service' },
    { id: 'b', text: 'Deployment' },
  ],
  answer: 'a',
  explanation: 'A Service has a ClusterIP.',
  source: src,
  rules: ['R3.1'],
};
const T0 = new Date('2026-11-26T10:00:00Z');
const NODEPORT = SCENARIO_TEMPLATES[0]!.yaml;

let t: TestDb;
let admin: { id: string };

beforeEach(async () => {
  t = await createTestDb();
  admin = await t.db.user.create({
    data: { email: 'a@x.dev', name: 'Ada', passwordHash: 'x', role: 'ADMIN' },
  });
});
afterEach(() => t.cleanup());

describe('question lifecycle', () => {
  it('creates a draft, refuses an invalid one with field errors, and refuses a taken id', async () => {
    expect(await createQuestion(t.db, admin, Q, T0)).toMatchObject({ ok: true, id: 'q-new', version: 1 });
    const bad = await createQuestion(t.db, admin, { ...Q, id: 'q-bad', answer: 'z' }, T0);
    expect(bad).toMatchObject({ ok: false, status: 422 });
    expect(!bad.ok && bad.fieldErrors?.answer?.[0]).toMatch(/option ids/);
    expect(await createQuestion(t.db, admin, Q, T0)).toMatchObject({ ok: false, status: 409 });
    const row = await t.db.question.findUniqueOrThrow({ where: { id: 'q-new' } });
    expect(row).toMatchObject({ status: 'DRAFT', publishedVersion: null, latestVersion: 1 });
  });

  it('edits a draft in place, publishes it, then versions the next edit and keeps the published one', async () => {
    await createQuestion(t.db, admin, Q, T0);
    expect(await updateQuestion(t.db, admin, 'q-new', { ...Q, prompt: 'Edited?' }, T0)).toMatchObject({
      ok: true,
      version: 1,
    });
    expect(await publishQuestion(t.db, admin, 'q-new', T0)).toMatchObject({ ok: true, version: 1 });
    expect(
      await updateQuestion(t.db, admin, 'q-new', { ...Q, prompt: 'Second?', topic: 'dns' }, T0),
    ).toMatchObject({ ok: true, version: 2 });
    let row = await t.db.question.findUniqueOrThrow({ where: { id: 'q-new' } });
    // The quiz still draws version 1, with its topic.
    expect(row).toMatchObject({
      status: 'PUBLISHED',
      publishedVersion: 1,
      latestVersion: 2,
      topic: 'services',
    });
    expect(
      await updateQuestion(t.db, admin, 'q-new', { ...Q, prompt: 'Third?', topic: 'dns' }, T0),
    ).toMatchObject({ ok: true, version: 2 });
    await publishQuestion(t.db, admin, 'q-new', T0);
    row = await t.db.question.findUniqueOrThrow({ where: { id: 'q-new' } });
    expect(row).toMatchObject({ publishedVersion: 2, topic: 'dns' });
    const v1 = await t.db.questionVersion.findUniqueOrThrow({
      where: { questionId_version: { questionId: 'q-new', version: 1 } },
    });
    expect((fromJson(v1.content) as unknown as Question).prompt).toBe('Edited?');
  });

  it('never rewrites a draft version an attempt already used', async () => {
    await createQuestion(t.db, admin, Q, T0);
    const v1 = await t.db.questionVersion.findFirstOrThrow({ where: { questionId: 'q-new' } });
    const attempt = await t.db.quizAttempt.create({
      data: { userId: admin.id, mode: 'PRACTICE', title: 'x' },
    });
    await t.db.quizItem.create({ data: { attemptId: attempt.id, position: 0, questionVersionId: v1.id } });
    expect(await updateQuestion(t.db, admin, 'q-new', { ...Q, prompt: 'Changed?' }, T0)).toMatchObject({
      ok: true,
      version: 2,
    });
  });

  it('refuses to change the id, reports no-op saves, retires and restores', async () => {
    await createQuestion(t.db, admin, Q, T0);
    expect(await updateQuestion(t.db, admin, 'q-new', { ...Q, id: 'other' }, T0)).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(await updateQuestion(t.db, admin, 'q-new', Q, T0)).toMatchObject({
      ok: true,
      message: 'No changes to save.',
    });
    await publishQuestion(t.db, admin, 'q-new', T0);
    await retireQuestion(t.db, admin, 'q-new', T0);
    expect((await t.db.question.findUniqueOrThrow({ where: { id: 'q-new' } })).status).toBe('RETIRED');
    await restoreQuestion(t.db, admin, 'q-new', T0);
    expect((await t.db.question.findUniqueOrThrow({ where: { id: 'q-new' } })).status).toBe('PUBLISHED');
  });

  it('records who did what, in order', async () => {
    await createQuestion(t.db, admin, Q, T0);
    await publishQuestion(t.db, admin, 'q-new', new Date(T0.getTime() + 1000));
    await retireQuestion(t.db, admin, 'q-new', new Date(T0.getTime() + 2000));
    const audit = await listAudit(t.db, { entityType: 'QUESTION', entityId: 'q-new' });
    expect(audit.map((a) => [a.action, a.version, a.actor.name])).toEqual([
      ['question.retire', 1, 'Ada'],
      ['question.publish', 1, 'Ada'],
      ['question.create', 1, 'Ada'],
    ]);
  });

  it('searches and filters the bank', async () => {
    await createQuestion(t.db, admin, Q, T0);
    await createQuestion(t.db, admin, { ...Q, id: 'q-dns', topic: 'dns', prompt: 'What does ndots do?' }, T0);
    expect((await listQuestions(t.db, { q: 'ndots' })).items.map((i) => i.id)).toEqual(['q-dns']);
    expect((await listQuestions(t.db, { topic: 'services' })).items.map((i) => i.id)).toEqual(['q-new']);
    expect((await listQuestions(t.db, { status: 'PUBLISHED' })).items).toEqual([]);
    expect((await getQuestion(t.db, 'q-dns'))?.content.prompt).toBe('What does ndots do?');
  });
});

describe('outcome questions', () => {
  const outcome = {
    id: 'q-outcome',
    type: 'outcome' as const,
    topic: 'nodeport-lb' as const,
    difficulty: 1 as const,
    tags: [],
    prompt: 'What does the browser get?',
    scenario: 'my-nodeport-service',
    options: [
      { id: 'a', text: 'The page', disposition: 'DELIVERED' },
      { id: 'b', text: 'Connection refused', disposition: 'REFUSED' },
      { id: 'c', text: 'A timeout', disposition: 'DROPPED' },
    ],
    explanation: 'kube-proxy forwards it.',
    source: src,
    rules: ['R4.1'],
  };

  it('gets its answer from the engine on the scenario stored in the database', async () => {
    expect(await createQuestion(t.db, admin, outcome, T0)).toMatchObject({
      ok: false,
      status: 422,
      fieldErrors: { scenario: [expect.stringMatching(/no scenario/)] },
    });
    await createScenario(t.db, admin, NODEPORT, T0);
    expect(await createQuestion(t.db, admin, outcome, T0)).toMatchObject({ ok: true });
    const stored = fromJson(
      (await t.db.questionVersion.findFirstOrThrow({ where: { questionId: 'q-outcome' } })).content,
    );
    expect(stored).toMatchObject({ answer: 'a', engine: { disposition: 'DELIVERED' } });
  });

  it("refuses options none of which is the engine's outcome", async () => {
    await createScenario(t.db, admin, NODEPORT, T0);
    const r = await createQuestion(
      t.db,
      admin,
      {
        ...outcome,
        options: outcome.options.map((o, i) => (i === 0 ? { ...o, disposition: 'NXDOMAIN' } : o)),
      },
      T0,
    );
    expect(r).toMatchObject({ ok: false, status: 422 });
    expect(!r.ok && r.fieldErrors?.options?.[0]).toMatch(/DELIVERED/);
  });
});

describe('scenario lifecycle', () => {
  const broken = NODEPORT.replace('nodePort: 30080', 'nodePort: 80');

  it('saves an invalid draft but refuses to publish it, with the line of the problem', async () => {
    expect(await createScenario(t.db, admin, broken, T0)).toMatchObject({
      ok: true,
      id: 'my-nodeport-service',
    });
    const r = await publishScenario(t.db, admin, 'my-nodeport-service', T0);
    const line = broken.split('\n').findIndex((l) => l.includes('nodePort: 80')) + 1;
    expect(r).toMatchObject({ ok: false, status: 422 });
    expect(!r.ok && r.message).toContain(`line ${line}`);
    expect((await t.db.scenario.findUniqueOrThrow({ where: { id: 'my-nodeport-service' } })).status).toBe(
      'DRAFT',
    );
  });

  it('publishes once fixed, versions later edits, and refuses a renamed scenario', async () => {
    await createScenario(t.db, admin, broken, T0);
    await updateScenario(t.db, admin, 'my-nodeport-service', NODEPORT, T0);
    expect(await publishScenario(t.db, admin, 'my-nodeport-service', T0)).toMatchObject({
      ok: true,
      version: 1,
    });
    expect(
      await updateScenario(
        t.db,
        admin,
        'my-nodeport-service',
        NODEPORT.replace('difficulty: 1', 'difficulty: 3'),
        T0,
      ),
    ).toMatchObject({ ok: true, version: 2 });
    expect(
      await updateScenario(
        t.db,
        admin,
        'my-nodeport-service',
        NODEPORT.replace('name: my-nodeport-service', 'name: other'),
        T0,
      ),
    ).toMatchObject({ ok: false, status: 422 });
    const view = await getScenario(t.db, 'my-nodeport-service');
    expect(view).toMatchObject({ status: 'PUBLISHED', publishedVersion: 1, latestVersion: 2 });
    expect(view?.versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('refuses to publish when the first request has no path', async () => {
    // A request from a Pod that does not exist is a parse error; a request that never reaches the cluster
    // still has a path, so check the no-request case: an empty requests list.
    const none = NODEPORT.replace(/ {2}requests:\n(?: {4}.*\n)+/, '  requests: []\n');
    await createScenario(t.db, admin, none, T0);
    const r = await publishScenario(t.db, admin, 'my-nodeport-service', T0);
    expect(r.ok).toBe(false);
  });

  it('refuses YAML without a Scenario name and retires', async () => {
    expect(
      await createScenario(t.db, admin, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n', T0),
    ).toMatchObject({ ok: false, status: 422 });
    await createScenario(t.db, admin, NODEPORT, T0);
    await publishScenario(t.db, admin, 'my-nodeport-service', T0);
    await retireScenario(t.db, admin, 'my-nodeport-service', T0);
    expect((await t.db.scenario.findUniqueOrThrow({ where: { id: 'my-nodeport-service' } })).status).toBe(
      'RETIRED',
    );
  });

  it('retires and restores a scenario with its own messages and audit entries; a never-published one comes back as a draft', async () => {
    await createScenario(t.db, admin, NODEPORT, T0);
    await publishScenario(t.db, admin, 'my-nodeport-service', T0);
    expect(await restoreScenario(t.db, admin, 'my-nodeport-service', T0)).toMatchObject({
      ok: true,
      message: 'The scenario is not retired.',
    });
    expect(await retireScenario(t.db, admin, 'my-nodeport-service', T0)).toMatchObject({
      ok: true,
      message: 'Retired: the scenario left the trace library. Old attempts keep their version.',
    });
    expect(await retireScenario(t.db, admin, 'my-nodeport-service', T0)).toMatchObject({
      ok: true,
      message: 'The scenario is already retired.',
    });
    expect(await restoreScenario(t.db, admin, 'my-nodeport-service', T0)).toMatchObject({
      ok: true,
      message: 'Restored: version 1 is in the library again.',
    });
    expect((await t.db.scenario.findUniqueOrThrow({ where: { id: 'my-nodeport-service' } })).status).toBe(
      'PUBLISHED',
    );
    const audit = await listAudit(t.db, { entityType: 'SCENARIO', entityId: 'my-nodeport-service' });
    expect(audit.map((a) => [a.action, a.version])).toEqual([
      ['scenario.restore', 1],
      ['scenario.retire', 1],
      ['scenario.publish', 1],
      ['scenario.create', 1],
    ]);
    expect(await retireScenario(t.db, admin, 'no-such-scenario', T0)).toMatchObject({
      ok: false,
      status: 404,
      message: 'This scenario no longer exists.',
    });

    await createQuestion(t.db, admin, { ...Q, id: 'q-never' }, T0);
    await retireQuestion(t.db, admin, 'q-never', T0);
    expect(await restoreQuestion(t.db, admin, 'q-never', T0)).toMatchObject({
      ok: true,
      message: 'Restored as a draft.',
    });
    expect((await t.db.question.findUniqueOrThrow({ where: { id: 'q-never' } })).status).toBe('DRAFT');
  });
});

async function seedBank() {
  await createQuestion(t.db, admin, Q, T0);
  await publishQuestion(t.db, admin, 'q-new', T0);
  await updateQuestion(t.db, admin, 'q-new', { ...Q, prompt: 'A pending edit' }, T0);
  await createQuestion(t.db, admin, { ...Q, id: 'q-draft' }, T0);
  await createQuestion(t.db, admin, { ...Q, id: 'q-retired' }, T0);
  await publishQuestion(t.db, admin, 'q-retired', T0);
  await retireQuestion(t.db, admin, 'q-retired', T0);
  await createScenario(t.db, admin, NODEPORT, T0);
  await publishScenario(t.db, admin, 'my-nodeport-service', T0);
  await createScenario(
    t.db,
    admin,
    SCENARIO_TEMPLATES[1]!.yaml.replace('pathType: Prefix', 'pathType: Nope'),
    T0,
  );
}

describe('import and export', () => {
  it('round-trips the bank into an empty database (YAML and JSON)', async () => {
    await seedBank();
    const before = await exportBank(t.db, T0);
    for (const format of ['yaml', 'json'] as const) {
      const text = serializeBundle(before, format);
      const empty = await createTestDb();
      try {
        const importer = await empty.db.user.create({
          data: { email: 'b@x.dev', name: 'B', passwordHash: 'x', role: 'ADMIN' },
        });
        const plan = await planImport(empty.db, text);
        expect(plan).toMatchObject({ ok: true, counts: { added: 5, changed: 0, unchanged: 0, rejected: 0 } });
        expect(await empty.db.question.count()).toBe(0);
        expect((await applyImport(empty.db, importer, text, T0)).applied).toBe(true);
        const after = await exportBank(empty.db, T0);
        expect(canonicalJson(after)).toBe(canonicalJson(before));
        // A second import of the same file changes nothing.
        expect((await planImport(empty.db, text)).counts).toEqual({
          added: 0,
          changed: 0,
          unchanged: 5,
          rejected: 0,
        });
      } finally {
        await empty.cleanup();
      }
    }
  });

  it('keeps scenario YAML as literal blocks in the YAML bundle', async () => {
    await seedBank();
    const text = serializeBundle(await exportBank(t.db, T0), 'yaml');
    expect(text).toContain('yaml: |');
    const parsed = parseBundle(text);
    expect(parsed.ok && parsed.bundle.scenarios.find((x) => x.id === 'my-nodeport-service')?.yaml).toBe(
      NODEPORT,
    );
  });

  it('rejects the whole file when one entry is invalid, and says why', async () => {
    await seedBank();
    const bundle = await exportBank(t.db, T0);
    bundle.questions.push({
      id: 'q-broken',
      status: 'PUBLISHED',
      content: { ...Q, id: 'q-broken', rules: [] },
    });
    bundle.scenarios.push({
      id: 'bad-scenario',
      status: 'PUBLISHED',
      yaml: NODEPORT.replace('my-nodeport-service', 'bad-scenario').replace(
        'nodePort: 30080',
        'nodePort: 80',
      ),
    });
    const k = bundle.questions.findIndex((q) => q.id === 'q-new');
    bundle.questions[k] = { ...bundle.questions[k]!, content: { ...Q, prompt: 'Changed by import' } };
    const text = serializeBundle(bundle, 'yaml');
    const plan = await planImport(t.db, text);
    expect(plan.ok).toBe(false);
    expect(plan.counts.rejected).toBe(2);
    const rejected = plan.entries.filter((e) => e.outcome === 'rejected');
    expect(rejected.map((e) => e.id).sort()).toEqual(['bad-scenario', 'q-broken']);
    expect(rejected.find((e) => e.id === 'q-broken')?.reasons.join()).toMatch(
      /cite at least one reference rule/,
    );
    expect(rejected.find((e) => e.id === 'bad-scenario')?.reasons.join()).toMatch(/line \d+, column \d+/);
    const before = canonicalJson(await exportBank(t.db, T0));
    expect((await applyImport(t.db, admin, text, T0)).applied).toBe(false);
    expect(canonicalJson(await exportBank(t.db, T0))).toBe(before);
  });

  it('reports changes and applies them as new versions', async () => {
    await seedBank();
    const bundle = await exportBank(t.db, T0);
    const i = bundle.questions.findIndex((q) => q.id === 'q-draft');
    bundle.questions[i] = {
      id: 'q-draft',
      status: 'PUBLISHED',
      content: { ...Q, id: 'q-draft', prompt: 'Imported' },
    };
    const text = serializeBundle(bundle, 'json');
    const plan = await planImport(t.db, text);
    expect(plan.entries.find((e) => e.id === 'q-draft')).toMatchObject({ outcome: 'changed' });
    expect(plan.entries.find((e) => e.id === 'q-draft')?.notes.join()).toMatch(/status DRAFT → PUBLISHED/);
    expect((await applyImport(t.db, admin, text, T0)).applied).toBe(true);
    expect(await t.db.question.findUniqueOrThrow({ where: { id: 'q-draft' } })).toMatchObject({
      status: 'PUBLISHED',
      publishedVersion: 1,
    });
    expect((await listAudit(t.db, { entityType: 'BANK' }))[0]).toMatchObject({
      action: 'bank.import',
      detail: { changed: 1 },
    });
  });

  it('rejects a file that is not a bundle', async () => {
    expect((await planImport(t.db, 'just: text')).fileErrors[0]).toMatch(/format must be "packetpath-bank"/);
    expect((await planImport(t.db, '{ not json')).fileErrors[0]).toMatch(/neither valid JSON nor valid YAML/);
  });
});

describe('analytics', () => {
  it('reports attempts, share correct and a heat-map from stored attempts', async () => {
    await createQuestion(t.db, admin, Q, T0);
    await createQuestion(t.db, admin, { ...Q, id: 'q-two' }, T0);
    const versions = await t.db.questionVersion.findMany();
    for (let i = 0; i < 6; i++) {
      const attempt = await t.db.quizAttempt.create({
        data: { userId: admin.id, mode: 'PRACTICE', title: 'x', status: 'SUBMITTED' },
      });
      for (const [p, v] of versions.entries()) {
        await t.db.quizItem.create({
          data: {
            attemptId: attempt.id,
            position: p,
            questionVersionId: v.id,
            score: i < 3 ? 1 : v.questionId === 'q-new' ? 0 : 1,
          },
        });
      }
    }
    const rows = await questionAnalytics(t.db);
    expect(rows.find((r) => r.questionId === 'q-new')).toMatchObject({
      attempts: 6,
      correct: 3,
      shareCorrect: 0.5,
    });

    await createScenario(t.db, admin, NODEPORT, T0);
    const sv = await t.db.scenarioVersion.findFirstOrThrow();
    for (const [k, score] of [0.5, 1].entries()) {
      const session = await t.db.traceSession.create({
        data: {
          userId: admin.id,
          scenarioVersionId: sv.id,
          requestId: 'main',
          level: 'coarse',
          mode: 'LEARNING',
        },
      });
      await t.db.traceAttempt.create({
        data: {
          sessionId: session.id,
          userId: admin.id,
          scenarioVersionId: sv.id,
          requestId: 'main',
          level: 'coarse',
          mode: 'LEARNING',
          answer: {},
          score,
          pathScore: score,
          findings: toJson(
            k === 0
              ? [{ code: 'missing', card: 'kube-proxy@node/node-1', message: '', severity: 'error' }]
              : [],
          ),
          closestPathId: 'p1',
        },
      });
    }
    expect((await scenarioAnalytics(t.db))[0]).toMatchObject({
      id: 'my-nodeport-service',
      attempts: 2,
      averageScore: 0.75,
    });
    const heat = await scenarioHeatMap(t.db, 'my-nodeport-service');
    expect(heat?.rows[0]).toMatchObject({ card: 'kube-proxy@node/node-1', counts: { missing: 1 } });
    expect(heat?.labels['kube-proxy@node/node-1']).toBe('kube-proxy(node-1)');
  });
});
