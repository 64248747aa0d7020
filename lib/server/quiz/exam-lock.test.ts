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
import { checkAnswer, openSession, submitAnswer, takeHint } from '@/lib/server/trace/service';
import { checkReview, nextReview } from '@/lib/server/progress/review';
import { examLockFor } from './exam-lock';

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
          content: JSON.stringify({
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
          optionOrder: '["a","b","c","d"]',
          response: '{"x":1}',
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

async function session(scenarioId: string, mode: 'learning' | 'challenge' = 'learning', user = userId) {
  const r = await openSession(t.db, user, scenarioId, { mode }, T0);
  if (!r.ok) throw new Error(r.message);
  return r.view.sessionId;
}

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
    expect(item).toMatchObject({ response: '{"x":1}', revision: 0, score: null });
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

describe('the review queue during an open timed exam', () => {
  const hop = (scenarioId: string, card: string) =>
    JSON.stringify({
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

  async function queue() {
    const mk = (key: string, kind: string, payload: string, dueMs: number) =>
      t.db.reviewItem.create({ data: { userId, key, kind, payload, due: at(dueMs) } });
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
      JSON.stringify({
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

    for (const itemId of [items.outcome, items.question]) {
      const r = await checkReview(t.db, userId, itemId, { option: 'DELIVERED' }, at(60_000));
      expect(r).toMatchObject({ ok: false, status: 403 });
      expect(!r.ok && r.message).toMatch(/paused while your timed exam "Timed exam · Services" is open/);
    }
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
});
