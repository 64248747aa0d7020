/**
 * Exam integrity on a real, migrated SQLite database with the real engine: while a timed exam with an
 * outcome question about a scenario is open, that scenario's checks, hints and submissions are refused (403,
 * saying why) and nothing is stored; other scenarios, other learners, practice rounds, submitted or expired
 * exams are not affected; and the exam's saved answers are never touched by the trace service. The review
 * queue passes over (and its check refuses) the items such an exam locks: the exam's own questions and the
 * missed hops and outcomes of those scenarios.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { project } from '@/lib/grader';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { clearCompiledCache, compiledScenario } from '@/lib/server/trace/engine-adapter';
import {
  checkAnswer,
  getAttemptView,
  openSession,
  practiceCandidates,
  submitAnswer,
  takeHint,
} from '@/lib/server/trace/service';
import { checkReview, nextReview, rateReview, setCram } from '@/lib/server/progress/review';
import { examLockFor } from './exam-lock';
import { toJson, type JsonDocument } from '@/lib/server/db/json';

const C1 = readFileSync(path.resolve(import.meta.dirname, '../../scenario/__fixtures__/c1.yaml'), 'utf8');
const T0 = new Date('2026-11-26T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let t: TestDb;
let userId: string;
let otherId: string;

async function scenario(id: string) {
  await t.db.scenario.create({
    data: {
      id,
      title: id,
      topic: 'services',
      difficulty: 2,
      level: 'coarse',
      status: 'PUBLISHED',
      publishedVersion: 1,
      versions: { create: { version: 1, yaml: C1.replace(/name: c1-fixture/, `name: ${id}`) } },
    },
  });
}

beforeEach(async () => {
  clearCompiledCache();
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: 'l@x.dev', name: 'L', passwordHash: 'x' } })).id;
  otherId = (await t.db.user.create({ data: { email: 'o@x.dev', name: 'O', passwordHash: 'x' } })).id;
  await scenario('c1-fixture');
  await scenario('c1-other');
  // An outcome question about c1-fixture (only the fields the lock reads matter here).
  await t.db.question.create({
    data: {
      id: 'outcome-c1',
      type: 'outcome',
      topic: 'services',
      difficulty: 2,
      publishedVersion: 1,
      versions: {
        create: {
          version: 1,
          content: toJson({
            id: 'outcome-c1',
            type: 'outcome',
            scenario: 'c1-fixture',
            request: 'main',
          }),
        },
      },
    },
  });
});
afterEach(async () => {
  await t.cleanup();
});

async function exam(owner: string, opts: { mode?: string; minutes?: number } = {}) {
  const v = await t.db.questionVersion.findFirstOrThrow({ where: { questionId: 'outcome-c1' } });
  const a = await t.db.quizAttempt.create({
    data: {
      userId: owner,
      mode: opts.mode ?? 'EXAM',
      title: 'Timed exam · Services',
      startedAt: T0,
      deadline: opts.mode === 'PRACTICE' ? null : at((opts.minutes ?? 10) * 60_000),
      items: {
        create: {
          position: 0,
          questionVersionId: v.id,
          optionOrder: toJson(['a', 'b', 'c', 'd']),
          response: toJson({ x: 1 }),
        },
      },
    },
  });
  return a.id;
}

async function answerFor(scenarioId: string) {
  const v = await t.db.scenarioVersion.findFirstOrThrow({ where: { scenarioId } });
  const p = compiledScenario(v.id, v.yaml).traceOf('main').paths[0]!;
  return { cards: project(p, 'coarse').map((h) => h.key), disposition: p.disposition };
}

async function session(
  scenarioId: string,
  mode: 'learning' | 'challenge' = 'learning',
  user = userId,
  variant?: string,
) {
  const r = await openSession(t.db, user, scenarioId, { mode, ...(variant ? { variant } : {}) }, T0);
  if (!r.ok) throw new Error(r.message);
  return r.view.sessionId;
}

/** The exam's one item, as stored: what nothing outside the exam may change. */
const examItem = (attemptId: string) =>
  t.db.quizItem.findFirstOrThrow({
    where: { attemptId },
    select: { response: true, revision: true, score: true, answeredAt: true },
  });

describe('an open timed exam locks the scenarios of its outcome questions', () => {
  it('refuses checks, hints and submissions on that scenario with the reason, and stores nothing', async () => {
    const id = await exam(userId);
    const s = await session('c1-fixture');
    const answer = await answerFor('c1-fixture');
    const check = await checkAnswer(t.db, userId, s, answer, at(60_000));
    expect(check).toMatchObject({ ok: false, status: 403 });
    expect(!check.ok && check.message).toMatch(
      /paused while your timed exam "Timed exam · Services" is open/,
    );
    expect(await takeHint(t.db, userId, s, 'next', { cards: [] }, at(60_000))).toMatchObject({
      ok: false,
      status: 403,
    });
    const c = await session('c1-fixture', 'challenge');
    expect(await submitAnswer(t.db, userId, c, answer, at(60_000))).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.traceAttempt.count()).toBe(0);
    const sess = await t.db.traceSession.findUniqueOrThrow({ where: { id: s } });
    expect(sess.hintsUsed).toBe(0);
    // The exam itself is untouched by all of this.
    const item = await t.db.quizItem.findFirstOrThrow({ where: { attemptId: id } });
    expect(item).toMatchObject({ response: { x: 1 }, revision: 0, score: null });
  });

  it('leaves other scenarios, other learners and practice rounds alone', async () => {
    await exam(userId);
    const s = await session('c1-other');
    expect(await checkAnswer(t.db, userId, s, await answerFor('c1-other'), at(1000))).toMatchObject({
      ok: true,
    });
    await exam(otherId, { mode: 'PRACTICE' });
    const o = await session('c1-fixture', 'learning', otherId);
    expect(await checkAnswer(t.db, otherId, o, await answerFor('c1-fixture'), at(1000))).toMatchObject({
      ok: true,
    });
  });

  it('opens again once the exam is submitted or its time (plus grace) has run out', async () => {
    const id = await exam(userId, { minutes: 10 });
    expect(await examLockFor(t.db, userId, 'c1-fixture', at(10 * 60_000))).toMatchObject({ attemptId: id });
    expect(await examLockFor(t.db, userId, 'c1-fixture', at(10 * 60_000 + 6_000))).toBeNull();
    await t.db.quizAttempt.update({ where: { id }, data: { status: 'SUBMITTED' } });
    const s = await session('c1-fixture');
    expect(await checkAnswer(t.db, userId, s, await answerFor('c1-fixture'), at(1000))).toMatchObject({
      ok: true,
    });
  });
});

describe('the lock covers variants, earlier results with their what-if, and endless practice (issue 13)', () => {
  it('refuses checks, hints and submissions on a fresh variant of the scenario; they work once the exam is submitted', async () => {
    const id = await exam(userId);
    const before = await examItem(id);
    const learning = await session('c1-fixture', 'learning', userId, 'k3x9');
    const challenge = await session('c1-fixture', 'challenge', userId, 'k3x9');
    const variant = await t.db.traceSession.findUniqueOrThrow({ where: { id: learning } });
    expect(variant.variantSeed).toBe('k3x9');
    for (const r of [
      await checkAnswer(t.db, userId, learning, { cards: [] }, at(60_000)),
      await takeHint(t.db, userId, learning, 'next', { cards: [] }, at(60_000)),
      await submitAnswer(t.db, userId, challenge, { cards: ['x'] }, at(60_000)),
    ]) {
      expect(r).toMatchObject({ ok: false, status: 403 });
      expect(!r.ok && r.message).toMatch(/paused while your timed exam "Timed exam · Services" is open/);
    }
    expect(await t.db.traceAttempt.count()).toBe(0);
    expect((await t.db.traceSession.findUniqueOrThrow({ where: { id: learning } })).hintsUsed).toBe(0);
    expect(await examItem(id)).toEqual(before);

    await t.db.quizAttempt.update({ where: { id }, data: { status: 'SUBMITTED' } });
    expect(await checkAnswer(t.db, userId, learning, { cards: [] }, at(60_000))).toMatchObject({ ok: true });
    const hint = await takeHint(t.db, userId, learning, 'next', { cards: [] }, at(60_000));
    expect(hint).toMatchObject({ ok: true, hint: { charged: true } });
  });

  it('pauses the result of an earlier attempt (outcome, paths, what-if) until the exam closes', async () => {
    const c = await session('c1-fixture', 'challenge');
    const done = await submitAnswer(t.db, userId, c, await answerFor('c1-fixture'), T0);
    if (!done.ok) throw new Error(done.message);
    const open = await getAttemptView(t.db, userId, done.attemptId, T0);
    expect(open).toMatchObject({ ok: true });

    const id = await exam(userId);
    const before = await examItem(id);
    const paused = await getAttemptView(t.db, userId, done.attemptId, at(60_000));
    expect(paused).toMatchObject({ ok: false, status: 403 });
    expect(!paused.ok && paused.message).toMatch(
      /This result is paused while your timed exam "Timed exam · Services" is open.*what-if/,
    );
    // Another scenario's result, another learner's view of the lock: not affected.
    const o = await session('c1-other', 'challenge');
    const other = await submitAnswer(t.db, userId, o, await answerFor('c1-other'), at(60_000));
    if (!other.ok) throw new Error(other.message);
    expect(await getAttemptView(t.db, userId, other.attemptId, at(60_000))).toMatchObject({ ok: true });
    expect(await examItem(id)).toEqual(before);

    // Past the deadline (and its grace): the result is back, what-if included when the scenario has switches.
    const after = await getAttemptView(t.db, userId, done.attemptId, at(11 * 60_000));
    expect(after).toMatchObject({ ok: true });
    const view = after.ok ? after.view : null;
    expect(view?.expectedOutcome.value).toBe((await answerFor('c1-fixture')).disposition);
  });

  it('endless practice skips a scenario the exam asks about, and says so when none of the topic is left', async () => {
    expect((await practiceCandidates(t.db, userId, 'services', T0)).ids.sort()).toEqual([
      'c1-fixture',
      'c1-other',
    ]);
    const id = await exam(userId);
    const during = await practiceCandidates(t.db, userId, 'services', at(60_000));
    expect(during).toMatchObject({ ids: ['c1-other'], paused: { attemptId: id } });
    // Another learner's practice is not affected.
    expect((await practiceCandidates(t.db, otherId, 'services', at(60_000))).ids).toHaveLength(2);
    await t.db.scenario.update({ where: { id: 'c1-other' }, data: { status: 'RETIRED' } });
    expect(await practiceCandidates(t.db, userId, 'services', at(60_000))).toMatchObject({
      ids: [],
      paused: { attemptId: id },
    });
    await t.db.quizAttempt.update({ where: { id }, data: { status: 'SUBMITTED' } });
    expect(await practiceCandidates(t.db, userId, 'services', at(60_000))).toEqual({
      ids: ['c1-fixture'],
      paused: null,
    });
  });
});

describe('the review queue during an open timed exam', () => {
  const hop = (scenarioId: string, card: string) =>
    toJson({
      kind: 'SCENARIO_HOP',
      scenarioId,
      scenarioTitle: scenarioId,
      topic: 'services',
      requestId: 'main',
      level: 'coarse',
      card,
      code: 'wrong_outcome',
      message: 'The request is answered.',
      sourceAt: T0.toISOString(),
    });

  /** The review check of each item answers 403 with the exam lock's reason. */
  async function expectChecksRefused(itemIds: string[]) {
    for (const itemId of itemIds) {
      const r = await checkReview(t.db, userId, itemId, { option: 'DELIVERED' }, at(60_000));
      expect(r).toMatchObject({ ok: false, status: 403 });
      expect(!r.ok && r.message).toMatch(/paused while your timed exam "Timed exam · Services" is open/);
    }
  }

  /** `ahead`: how much later than now every item is due (cram mode serves them ahead of schedule). */
  async function queue(ahead = 0) {
    const mk = (key: string, kind: string, payload: JsonDocument, dueMs: number) =>
      t.db.reviewItem.create({ data: { userId, key, kind, payload, due: at(dueMs + ahead) } });
    // Due in this order: the locked scenario's outcome, the exam's own question, then another scenario's outcome.
    const outcome = await mk(
      'c1-fixture:outcome',
      'SCENARIO_HOP',
      hop('c1-fixture', 'outcome:REFUSED'),
      -3e5,
    );
    const question = await mk(
      'outcome-c1',
      'QUESTION',
      toJson({
        kind: 'QUESTION',
        questionId: 'outcome-c1',
        topic: 'services',
        title: 'What does the client see?',
        score: 0,
        sourceAt: T0.toISOString(),
      }),
      -2e5,
    );
    const other = await mk('c1-other:outcome', 'SCENARIO_HOP', hop('c1-other', 'outcome:REFUSED'), -1e5);
    return { outcome: outcome.id, question: question.id, other: other.id };
  }

  it('passes over the items the exam locks, refuses their check with the reason, and keeps them', async () => {
    const id = await exam(userId);
    const items = await queue();
    const card = await nextReview(t.db, userId, at(60_000));
    expect(card).toMatchObject({ itemId: items.other, kind: 'SCENARIO_HOP' });

    await expectChecksRefused([items.outcome, items.question]);
    // The unlocked item is checked as usual.
    expect(await checkReview(t.db, userId, items.other, { option: 'DELIVERED' }, at(60_000))).toMatchObject({
      ok: true,
    });
    expect(await t.db.reviewItem.count({ where: { userId } })).toBe(3);

    // Submitted: the locked scenario's outcome comes first again.
    await t.db.quizAttempt.update({ where: { id }, data: { status: 'SUBMITTED' } });
    expect(await nextReview(t.db, userId, at(60_000))).toMatchObject({ itemId: items.outcome });
    const open = await checkReview(t.db, userId, items.outcome, { option: 'DELIVERED' }, at(60_000));
    expect(open.ok).toBe(true);
  });

  it("leaves the queue alone for a practice round or another learner's exam", async () => {
    await exam(userId, { mode: 'PRACTICE' });
    await exam(otherId);
    const items = await queue();
    expect(await nextReview(t.db, userId, at(60_000))).toMatchObject({ itemId: items.outcome });
  });
  it('cram mode passes over the same items ahead of schedule, refuses their check, keeps them, and serves them once the exam closes', async () => {
    const DAY = 86_400_000;
    // Due tomorrow: nothing is due now, only cram mode serves them.
    const items = await queue(DAY);
    expect(await nextReview(t.db, userId, at(60_000))).toBeNull();
    const tomorrow = new Date(T0.getTime() + DAY).toISOString().slice(0, 10);
    expect(await setCram(t.db, userId, tomorrow, at(30_000))).toMatchObject({ ok: true });
    const id = await exam(userId);
    const before = await examItem(id);

    const card = await nextReview(t.db, userId, at(60_000));
    expect(card).toMatchObject({ itemId: items.other, kind: 'SCENARIO_HOP', cram: true });
    await expectChecksRefused([items.outcome, items.question]);
    // The unlocked item is reviewed as usual; after it nothing else is served while the exam is open.
    expect(await checkReview(t.db, userId, items.other, { option: 'DELIVERED' }, at(60_000))).toMatchObject({
      ok: true,
    });
    expect(await rateReview(t.db, userId, items.other, 3, at(61_000))).toMatchObject({ ok: true });
    expect(await nextReview(t.db, userId, at(62_000))).toBeNull();
    const locked = await t.db.reviewItem.findMany({
      where: { id: { in: [items.outcome, items.question] } },
      select: { reps: true, lastReview: true },
    });
    expect(locked).toEqual([
      { reps: 0, lastReview: null },
      { reps: 0, lastReview: null },
    ]);
    expect(await examItem(id)).toEqual(before);

    // Submitted: cram serves the locked scenario's outcome first again.
    await t.db.quizAttempt.update({ where: { id }, data: { status: 'SUBMITTED' } });
    expect(await nextReview(t.db, userId, at(63_000))).toMatchObject({ itemId: items.outcome, cram: true });
    expect(await checkReview(t.db, userId, items.outcome, { option: 'DELIVERED' }, at(63_000))).toMatchObject(
      { ok: true },
    );
  });
});
