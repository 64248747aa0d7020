import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '@/lib/server/db/json';
import { buildModel, trace } from '@/lib/engine';
import { cardIdsForPath, distractors, grade } from '@/lib/grader';
import { parseScenario } from '@/lib/scenario';
import { createTestDb, testEngine, type TestDb } from '../../../tests/support/db';
import { getProgress } from './progress';
import { checkReview, countDue, cramSummary, nextReview, rateReview, setCram } from './review';
import { syncReviewItems } from './sync';

const SCENARIO = '12-cloud-lb-ingress-nginx';
const DAY = 86_400_000;
const t0 = new Date('2026-11-20T10:00:00Z');

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

async function user(email: string) {
  return t.db.user.create({ data: { email, name: email, passwordHash: 'x' } });
}

const question = {
  id: 'dns-search-list',
  type: 'single',
  topic: 'dns',
  difficulty: 1,
  tags: ['misconception-6'],
  prompt: 'Which name does a Pod try **first** for `api`?',
  explanation: 'The search list comes first because ndots is 5.',
  source: {
    title: 'DNS for Services and Pods',
    url: 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
  },
  rules: ['R3.4'],
  options: [
    { id: 'a', text: 'api.shop.svc.cluster.local' },
    { id: 'b', text: 'api.' },
  ],
  answer: 'a',
};

/** A submitted practice round with one wrong answer (score 0) at `at`. */
async function wrongQuizAnswer(userId: string, at: Date) {
  await t.db.question.upsert({
    where: { id: question.id },
    create: {
      id: question.id,
      type: 'single',
      topic: 'dns',
      difficulty: 1,
      tags: ['misconception-6'],
      publishedVersion: 1,
    },
    update: {},
  });
  const v = await t.db.questionVersion.upsert({
    where: { questionId_version: { questionId: question.id, version: 1 } },
    create: { questionId: question.id, version: 1, content: toJson(question) },
    update: {},
  });
  const a = await t.db.quizAttempt.create({
    data: {
      userId,
      mode: 'PRACTICE',
      title: 'Practice round',
      status: 'SUBMITTED',
      startedAt: at,
      submittedAt: at,
      score: 0,
      maxScore: 1,
    },
  });
  await t.db.quizItem.create({
    data: {
      attemptId: a.id,
      position: 0,
      questionVersionId: v.id,
      response: toJson({ type: 'single', choice: 'b' }),
      answeredAt: at,
      score: 0,
    },
  });
  return a.id;
}

/** A trace attempt that adds kube-proxy after the ingress controller (E1), graded by the real grader. */
async function missedHopTrace(userId: string, at: Date) {
  const yaml = readFileSync(
    path.join(import.meta.dirname, '..', '..', '..', 'content', 'scenarios', `${SCENARIO}.yaml`),
    'utf8',
  );
  const parsed = parseScenario(yaml, SCENARIO);
  if (!parsed.ok) throw new Error('scenario does not parse');
  const spec = parsed.input.scenario.spec;
  await t.db.scenario.upsert({
    where: { id: SCENARIO },
    create: {
      id: SCENARIO,
      title: spec.title,
      topic: spec.topic ?? 'ingress',
      difficulty: spec.difficulty,
      level: spec.level,
      tags: toJson(spec.tags),
      status: 'PUBLISHED',
      publishedVersion: 1,
    },
    update: {},
  });
  const v = await t.db.scenarioVersion.upsert({
    where: { scenarioId_version: { scenarioId: SCENARIO, version: 1 } },
    create: { scenarioId: SCENARIO, version: 1, yaml },
    update: {},
  });
  const model = buildModel(parsed.input);
  const tr = trace(model);
  const correct = cardIdsForPath(tr.paths[0]!, spec.level);
  let cards: string[] | undefined;
  for (const d of distractors(tr, model, spec.level))
    for (let i = 1; i < correct.length && !cards; i++) {
      const c = [...correct.slice(0, i), d.card.id, ...correct.slice(i)];
      if (grade(tr, { cards: c }, spec.level, { model }).findings.some((f) => f.misconception === 'E1'))
        cards = c;
    }
  const r = grade(tr, { cards: cards ?? correct }, spec.level, { model });
  const s = await t.db.traceSession.create({
    data: {
      userId,
      scenarioVersionId: v.id,
      requestId: tr.requestId,
      level: spec.level,
      mode: 'CHALLENGE',
      createdAt: at,
      submittedAt: at,
    },
  });
  const a = await t.db.traceAttempt.create({
    data: {
      sessionId: s.id,
      userId,
      scenarioVersionId: v.id,
      requestId: tr.requestId,
      level: spec.level,
      mode: 'CHALLENGE',
      answer: {},
      score: r.score,
      pathScore: r.pathScore,
      findings: toJson(r.findings),
      closestPathId: r.closestPathId,
      createdAt: at,
    },
  });
  return { attemptId: a.id, findings: r.findings };
}

describe('syncReviewItems', () => {
  it('creates one item per mistake, due the next day, and is idempotent', async () => {
    const u = await user('a@example.test');
    await wrongQuizAnswer(u.id, t0);
    const { findings } = await missedHopTrace(u.id, t0);
    expect(findings.some((f) => f.misconception === 'E1')).toBe(true);

    const first = await syncReviewItems(t.db, u.id);
    expect(first.created).toBeGreaterThanOrEqual(2);
    expect(await syncReviewItems(t.db, u.id)).toEqual({ created: 0, bumped: 0 });
    const items = await t.db.reviewItem.findMany({ where: { userId: u.id }, orderBy: { key: 'asc' } });
    expect(items.map((i) => i.kind).sort()).toEqual(expect.arrayContaining(['QUESTION', 'SCENARIO_HOP']));
    for (const i of items) expect(i.due).toEqual(new Date(t0.getTime() + DAY));
    expect(await countDue(t.db, u.id, t0)).toBe(0);
    expect(await countDue(t.db, u.id, new Date(t0.getTime() + DAY))).toBe(items.length);
  });

  it('makes a reviewed item due again after a newer mistake', async () => {
    const u = await user('b@example.test');
    await wrongQuizAnswer(u.id, t0);
    await syncReviewItems(t.db, u.id);
    const item = await t.db.reviewItem.findFirstOrThrow({ where: { userId: u.id } });
    const reviewAt = new Date(t0.getTime() + DAY);
    expect((await rateReview(t.db, u.id, item.id, 4, reviewAt)).ok).toBe(true);
    const scheduled = await t.db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(scheduled.due.getTime()).toBeGreaterThan(reviewAt.getTime() + 3 * DAY);
    const again = new Date(t0.getTime() + 2 * DAY);
    await wrongQuizAnswer(u.id, again);
    expect(await syncReviewItems(t.db, u.id)).toEqual({ created: 0, bumped: 1 });
    expect((await t.db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).due).toEqual(
      new Date(again.getTime() + DAY),
    );
  });
});

describe('syncReviewItems under concurrent writes', () => {
  it('two syncs at once (two tabs) create each item once and both succeed', async () => {
    const u = await user('tabs@example.test');
    await wrongQuizAnswer(u.id, t0);
    await missedHopTrace(u.id, t0);
    await Promise.all([syncReviewItems(t.db, u.id), syncReviewItems(t.db, u.id)]);
    const keys = (await t.db.reviewItem.findMany({ where: { userId: u.id } })).map((i) => i.key);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  // SQLite only: the hot path writes on its own better-sqlite3 connection (lib/server/hot-path/sqlite.ts), so a
  // trace submit can commit while a Prisma statement sequence of this process is under way. Here a real write
  // on a second connection is made to land just before each review item is inserted: a read-then-write
  // transaction (SELECT, then INSERT) fails there with SQLITE_BUSY_SNAPSHOT (Prisma P1008), one statement
  // does not.
  it.skipIf(testEngine !== 'sqlite')(
    'a write committed by another connection while items are created does not fail the sync',
    async () => {
      const u = await user('busy@example.test');
      const other = await user('other@example.test');
      await wrongQuizAnswer(u.id, t0);
      await missedHopTrace(u.id, t0);
      const conn = new Database(t.url.replace(/^file:/, ''), { timeout: 5000 });
      const touch = conn.prepare('UPDATE "User" SET name = name || \'.\' WHERE id = ?');
      // eslint-disable-next-line @typescript-eslint/unbound-method -- restored below, called with its `this`
      const prepare = Database.prototype.prepare;
      let writes = 0;
      Database.prototype.prepare = function (this: Database.Database, sql: string) {
        if (this !== conn && sql.startsWith('INSERT INTO `main`.`ReviewItem`')) {
          touch.run(other.id);
          writes++;
        }
        return prepare.call(this, sql);
      } as typeof prepare;
      try {
        const r = await syncReviewItems(t.db, u.id);
        expect(r.created).toBeGreaterThanOrEqual(2);
      } finally {
        Database.prototype.prepare = prepare;
        conn.close();
      }
      expect(writes).toBeGreaterThanOrEqual(1);
      expect(await t.db.reviewItem.count({ where: { userId: u.id } })).toBeGreaterThanOrEqual(2);
    },
  );
});

describe('review session', () => {
  it('serves a due hop item without its answer, checks it on the server and reschedules it with FSRS', async () => {
    const u = await user('c@example.test');
    const { attemptId } = await missedHopTrace(u.id, t0);
    await syncReviewItems(t.db, u.id);
    const nextDay = new Date(t0.getTime() + DAY + 3_600_000);
    const card = await nextReview(t.db, u.id, nextDay);
    expect(card?.kind).toBe('SCENARIO_HOP');
    if (card?.kind !== 'SCENARIO_HOP') return;
    expect(card.origin.href).toBe(`/trace/attempts/${attemptId}`);
    expect(card.intervals.map((i) => i.label)).toEqual(['Again', 'Hard', 'Good', 'Easy']);
    expect(JSON.stringify(card)).not.toContain('answers');

    const wrong = await checkReview(t.db, u.id, card.itemId, { option: 'yes' }, nextDay);
    const right = await checkReview(
      t.db,
      u.id,
      card.itemId,
      { option: card.hop.style === 'on-path' ? 'no' : card.hop.options[0]!.id },
      nextDay,
    );
    expect(wrong.ok && right.ok).toBe(true);
    if (card.hop.style === 'on-path' && wrong.ok && right.ok) {
      expect(wrong.check).toMatchObject({ correct: false, suggested: 1 });
      expect(right.check).toMatchObject({
        correct: true,
        suggested: 3,
        hop: { misconception: { plain: expect.stringContaining('EndpointSlices') } },
      });
    }

    const rated = await rateReview(t.db, u.id, card.itemId, 3, nextDay);
    expect(rated.ok).toBe(true);
    const row = await t.db.reviewItem.findUniqueOrThrow({
      where: { id: card.itemId },
      include: { logs: true },
    });
    expect(row.reps).toBe(1);
    expect(row.lastReview).toEqual(nextDay);
    expect(row.due.getTime()).toBeGreaterThan(nextDay.getTime() + DAY);
    expect(row.logs).toHaveLength(1);
    expect(row.logs[0]).toMatchObject({ rating: 3, state: 0 });
    // Rated once: a second rating (double click, second tab) is refused and logs nothing.
    expect(await rateReview(t.db, u.id, card.itemId, 3, nextDay)).toMatchObject({ ok: false, status: 409 });
    expect(await nextReview(t.db, u.id, nextDay)).toBeNull();
  });

  it('asks a reviewed hop again on a variant of the scenario with other names', async () => {
    const u = await user('v@example.test');
    await missedHopTrace(u.id, t0);
    await syncReviewItems(t.db, u.id);
    const at = new Date(t0.getTime() + DAY);
    await t.db.reviewItem.updateMany({ where: { userId: u.id }, data: { reps: 1 } });
    const card = await nextReview(t.db, u.id, at);
    expect(card?.kind).toBe('SCENARIO_HOP');
    if (card?.kind !== 'SCENARIO_HOP') return;
    expect(card.scenario.variant).toMatch(/node-\d → worker-/);
    expect(card.scenario.request).not.toContain('shop.example.com');
    const r = await checkReview(
      t.db,
      u.id,
      card.itemId,
      { option: card.hop.style === 'on-path' ? 'no' : card.hop.options[0]!.id },
      at,
    );
    expect(r.ok).toBe(true);
    if (r.ok && card.hop.style === 'on-path') {
      expect(r.check.correct).toBe(true);
      expect(r.check.hop?.explanation).not.toMatch(/\bnode-1\b/);
    }
  });

  it('checks a question item with the quiz scoring and returns the explanation', async () => {
    const u = await user('d@example.test');
    await wrongQuizAnswer(u.id, t0);
    await syncReviewItems(t.db, u.id);
    const at = new Date(t0.getTime() + DAY);
    const card = await nextReview(t.db, u.id, at);
    expect(card?.kind).toBe('QUESTION');
    if (card?.kind !== 'QUESTION') return;
    expect(JSON.stringify(card.question)).not.toContain('"answer"');
    const r = await checkReview(t.db, u.id, card.itemId, { type: 'single', choice: 'a' }, at);
    expect(r).toMatchObject({
      ok: true,
      check: { correct: true, score: 1, feedback: { explanation: question.explanation } },
    });
    expect(await checkReview(t.db, u.id, card.itemId, { type: 'single', choice: 'z' }, at)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("never serves, checks or rates another learner's items", async () => {
    const owner = await user('e@example.test');
    const other = await user('f@example.test');
    await wrongQuizAnswer(owner.id, t0);
    await syncReviewItems(t.db, owner.id);
    const item = await t.db.reviewItem.findFirstOrThrow({ where: { userId: owner.id } });
    const at = new Date(t0.getTime() + DAY);
    expect(await nextReview(t.db, other.id, at)).toBeNull();
    expect(await checkReview(t.db, other.id, item.id, { type: 'single', choice: 'a' }, at)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await rateReview(t.db, other.id, item.id, 3, at)).toMatchObject({ ok: false, status: 404 });
    const view = await getProgress(t.db, other.id, at);
    expect(view.empty).toBe(true);
    expect(view.review.total).toBe(0);
  });

  it('refuses to rate an item that is not due yet', async () => {
    const u = await user('g@example.test');
    await wrongQuizAnswer(u.id, t0);
    await syncReviewItems(t.db, u.id);
    const item = await t.db.reviewItem.findFirstOrThrow({ where: { userId: u.id } });
    expect(await rateReview(t.db, u.id, item.id, 3, t0)).toMatchObject({ ok: false, status: 409 });
  });
});

describe('getProgress', () => {
  it('computes mastery per topic, history, misconceptions and the review summary', async () => {
    const u = await user('h@example.test');
    await wrongQuizAnswer(u.id, t0);
    const { attemptId } = await missedHopTrace(u.id, t0);
    const v = await getProgress(t.db, u.id, new Date(t0.getTime() + DAY));
    expect(v.empty).toBe(false);
    expect(v.topics.map((x) => x.key)).toEqual(['dns', 'ingress']);
    expect(v.topics[0]).toMatchObject({ pct: 0, count: 1, quiz: 1 });
    expect(v.topics[1]?.trace).toBe(1);
    expect(v.history.map((h) => h.kind)).toEqual(['trace']);
    expect(v.attempts.map((a) => a.href)).toContain(`/trace/attempts/${attemptId}`);
    expect(v.misconceptions.map((m) => m.id)).toEqual(expect.arrayContaining(['E1', 'E6']));
    const e1 = v.misconceptions.find((m) => m.id === 'E1');
    expect(e1).toMatchObject({ count: 1, rule: 'R7.8', practise: { id: SCENARIO } });
    expect(v.review.dueToday).toBeGreaterThanOrEqual(2);
    expect(v.streak).toBeNull();
    await t.db.user.update({ where: { id: u.id }, data: { streaksOptIn: true } });
    expect((await getProgress(t.db, u.id, new Date(t0.getTime() + DAY))).streak).toMatchObject({
      current: 1,
      activeToday: false,
      activeDays: 1,
    });
  });
});

describe('cram mode (issue 16)', () => {
  const MIN = 60_000;

  it('studies ahead of schedule, serves a miss again within minutes on a fresh variant, and says what is left', async () => {
    const u = await user('cram@example.test');
    await missedHopTrace(u.id, t0);
    await syncReviewItems(t.db, u.id);
    const items = await t.db.reviewItem.count({ where: { userId: u.id } });
    expect(items).toBeGreaterThan(0);
    // The same evening: nothing is due until tomorrow, so the normal queue is empty.
    const evening = new Date(t0.getTime() + 2 * 3600_000);
    expect(await nextReview(t.db, u.id, evening)).toBeNull();
    // "My interview is tomorrow": cram until the end of tomorrow (UTC).
    const tomorrow = new Date(t0.getTime() + DAY).toISOString().slice(0, 10);
    const on = await setCram(t.db, u.id, tomorrow, evening);
    expect(on).toMatchObject({ ok: true, state: { active: true } });
    expect((await cramSummary(t.db, u.id, evening)).left).toBe(items);

    // Served ahead of schedule, with intervals in minutes.
    const first = await nextReview(t.db, u.id, evening);
    if (first?.kind !== 'SCENARIO_HOP') throw new Error('expected a scenario hop first');
    expect(first.cram).toBe(true);
    expect(first.intervals.find((i) => i.label === 'Again')?.text).toBe('1 min');
    expect(first.scenario.variant).toBeNull(); // first pass: the scenario itself
    // Missed: rated Again. It is due again in 1 minute (relearning step).
    const r1 = await rateReview(t.db, u.id, first.itemId, 1, evening);
    if (!r1.ok) throw new Error(r1.message);
    expect(r1.due.getTime() - evening.getTime()).toBe(MIN);
    let summary = await cramSummary(t.db, u.id, evening);
    expect(summary.relearning).toBe(1);

    // Review the others (Good: they are done with their pass), then the miss is back, on a fresh variant.
    let at = new Date(evening.getTime() + 5_000);
    let back: Awaited<ReturnType<typeof nextReview>> = null;
    for (let i = 0; i < items + 2; i++) {
      const c = await nextReview(t.db, u.id, at);
      if (!c) break;
      if (c.itemId === first.itemId) {
        back = c;
        break;
      }
      const r = await rateReview(t.db, u.id, c.itemId, 4, at);
      if (!r.ok) throw new Error(r.message);
      at = new Date(at.getTime() + 5_000);
    }
    if (back?.kind !== 'SCENARIO_HOP') throw new Error('the missed hop did not come back within the session');
    expect(back.reps).toBe(1);
    expect(back.scenario.variant).not.toBeNull();
    expect(back.scenario.variant).not.toBe(first.scenario.variant);
    summary = await cramSummary(t.db, u.id, at);
    expect(summary.left).toBeGreaterThanOrEqual(1);

    // Off again: back to the normal schedule.
    expect(await setCram(t.db, u.id, null, at)).toMatchObject({ ok: true, state: { active: false } });
    expect((await cramSummary(t.db, u.id, at)).active).toBe(false);
  });

  it('refuses an interview day in the past or more than two weeks out', async () => {
    const u = await user('cram2@example.test');
    const past = new Date(t0.getTime() - DAY).toISOString().slice(0, 10);
    const far = new Date(t0.getTime() + 20 * DAY).toISOString().slice(0, 10);
    expect(await setCram(t.db, u.id, past, t0)).toMatchObject({ ok: false, status: 400 });
    expect(await setCram(t.db, u.id, far, t0)).toMatchObject({ ok: false, status: 400 });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).cramUntil).toBeNull();
  });
});
