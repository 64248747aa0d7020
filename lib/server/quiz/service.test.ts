import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '@/lib/server/db/json';
import type { Question } from '@/lib/quiz/bank-schema';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { hotPath } from '../hot-path';
import { saveAnswer as saveFast } from './save-answer';
import {
  GRACE_MS,
  getAttempt,
  listAttempts,
  rateInterviewItem,
  revealItem,
  setFlag,
  setLastViewed,
  startAttempt,
  submitAttempt,
} from './service';

/** The hot-path save, on the test's own database file (same signature shape as the other calls). */
const saveAnswer = async (
  _db: unknown,
  userId: string,
  attemptId: string,
  position: number,
  response: unknown,
  now: Date,
) => saveFast(hotPath(t.url), { userId, sessionVersion: 0 }, attemptId, position, response, now);

const src = {
  title: 'Kubernetes docs: Service',
  url: 'https://kubernetes.io/docs/concepts/services-networking/service/',
};
const QUESTIONS: Question[] = [
  {
    id: 'q-single',
    type: 'single',
    topic: 'services',
    difficulty: 1,
    tags: [],
    prompt: 'Pick b',
    options: [
      { id: 'a', text: 'A' },
      { id: 'b', text: 'B' },
    ],
    answer: 'b',
    explanation: 'SECRET-EXPLANATION-1',
    source: src,
    rules: ['R3.1'],
  },
  {
    id: 'q-multi',
    type: 'multiple',
    topic: 'services',
    difficulty: 2,
    tags: [],
    prompt: 'Pick a and c',
    options: [
      { id: 'a', text: 'A' },
      { id: 'b', text: 'B' },
      { id: 'c', text: 'C' },
    ],
    answer: ['a', 'c'],
    explanation: 'SECRET-EXPLANATION-2',
    source: src,
    rules: ['R3.1'],
  },
  {
    id: 'q-short',
    type: 'short',
    topic: 'nodeport-lb',
    difficulty: 1,
    tags: [],
    prompt: 'NodePort range?',
    answer: ['30000-32767'],
    explanation: 'SECRET-EXPLANATION-3',
    source: src,
    rules: ['R4.1'],
  },
  {
    id: 'q-interview',
    type: 'interview',
    topic: 'end-to-end',
    difficulty: 3,
    tags: [],
    prompt: 'Explain',
    modelAnswer: 'SECRET-MODEL',
    rubric: ['one', 'two', 'three', 'four'],
    explanation: 'SECRET-EXPLANATION-4',
    source: src,
    rules: ['R7.8'],
  },
];

let t: TestDb;
let userId: string;
let otherId: string;
const T0 = new Date('2026-11-26T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeEach(async () => {
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: 'c@x.dev', name: 'C', passwordHash: 'x' } })).id;
  otherId = (await t.db.user.create({ data: { email: 'o@x.dev', name: 'O', passwordHash: 'x' } })).id;
  for (const q of QUESTIONS) {
    await t.db.question.create({
      data: {
        id: q.id,
        type: q.type,
        topic: q.topic,
        difficulty: q.difficulty,
        publishedVersion: 1,
        versions: { create: { version: 1, content: toJson(q) } },
      },
    });
  }
});
afterEach(() => t.cleanup());

async function exam(minutes = 10) {
  const r = await startAttempt(t.db, userId, { mode: 'EXAM', count: 10, minutes }, T0);
  if (!r.ok) throw new Error(r.message);
  const view = await getAttempt(t.db, userId, r.id, T0);
  if (!view) throw new Error('no view');
  const pos = (id: string) => view.items.find((i) => i.question.id === id)?.position as number;
  return { id: r.id, view, pos };
}

describe('startAttempt', () => {
  it('draws only non-interview questions for an exam and fixes the deadline on the server', async () => {
    const { view } = await exam(20);
    expect(view.items).toHaveLength(3);
    expect(view.deadline).toBe(at(20 * 60_000).toISOString());
    expect(view.serverNow).toBe(T0.toISOString());
  });

  it('refuses an exam without a time limit and a filter that matches nothing', async () => {
    expect(await startAttempt(t.db, userId, { mode: 'EXAM', count: 5 }, T0)).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(
      await startAttempt(t.db, userId, { mode: 'PRACTICE', count: 5, topics: ['gateway-api'] }, T0),
    ).toMatchObject({ ok: false, status: 400 });
  });
});

describe('resume point and names', () => {
  it('remembers the question last viewed for the next read, only for the owner and only while open', async () => {
    const { id, view } = await exam();
    expect(view.lastViewed).toBe(0);
    expect(await setLastViewed(t.db, userId, id, 2, at(1000))).toEqual({ ok: true, lastViewed: 2 });
    expect((await getAttempt(t.db, userId, id, at(2000)))?.lastViewed).toBe(2);
    expect(await setLastViewed(t.db, otherId, id, 1, at(2000))).toMatchObject({ ok: false, status: 404 });
    expect(await setLastViewed(t.db, userId, id, 7, at(2000))).toMatchObject({ ok: false, status: 404 });
    await submitAttempt(t.db, userId, id, at(3000));
    expect(await setLastViewed(t.db, userId, id, 1, at(4000))).toMatchObject({ ok: false, status: 409 });
    expect((await getAttempt(t.db, userId, id, at(5000)))?.lastViewed).toBe(2);
  });

  it('names a custom attempt by its topics, also in the history of older attempts', async () => {
    const r = await startAttempt(
      t.db,
      userId,
      { mode: 'EXAM', count: 2, minutes: 5, topics: ['services'] },
      T0,
    );
    if (!r.ok) throw new Error(r.message);
    const legacy = await startAttempt(
      t.db,
      userId,
      { mode: 'EXAM', count: 2, minutes: 5, topics: ['services'] },
      at(1),
    );
    if (!legacy.ok) throw new Error(legacy.message);
    await t.db.quizAttempt.update({ where: { id: legacy.id }, data: { title: 'Timed exam' } });
    const preset = await startAttempt(
      t.db,
      userId,
      { mode: 'EXAM', count: 2, minutes: 5, preset: 'quick-ten', title: 'Quick ten' },
      at(2),
    );
    if (!preset.ok) throw new Error(preset.message);
    const titles = (await listAttempts(t.db, userId, at(3))).map((h) => h.title);
    expect(titles).toEqual(['Quick ten', 'Timed exam · Services', 'Timed exam · Services']);
  });
});

describe('an open exam', () => {
  it('never carries answers, explanations or sources', async () => {
    const { view } = await exam();
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/SECRET|kubernetes\.io|"answer"|"correct"/);
  });

  it('saves answers with a rising revision and keeps the option order stable across reads', async () => {
    const { id, pos, view } = await exam();
    const r1 = await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'a' }, at(1000));
    const r2 = await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'b' }, at(2000));
    expect(r1).toMatchObject({ ok: true, revision: 1 });
    expect(r2).toMatchObject({ ok: true, revision: 2 });
    const again = await getAttempt(t.db, userId, id, at(3000));
    expect(again?.items.map((i) => i.question.options?.map((o) => o.id))).toEqual(
      view.items.map((i) => i.question.options?.map((o) => o.id)),
    );
    expect(again?.items.find((i) => i.question.id === 'q-single')?.response).toEqual({
      type: 'single',
      choice: 'b',
    });
  });

  it.each([
    ['an option id that does not exist', 0, { type: 'single', choice: 'z' }, 400],
    ['an answer of the wrong shape', 0, { type: 'single', choice: 'a', extra: true }, 400],
    ['a question not in the attempt', 99, { type: 'single', choice: 'a' }, 404],
  ])('refuses %s and changes nothing', async (_name, position, response, status) => {
    const { id, pos } = await exam();
    const p = position === 0 ? pos('q-single') : position;
    expect(await saveAnswer(t.db, userId, id, p, response, at(1000))).toMatchObject({ ok: false, status });
    const v = await getAttempt(t.db, userId, id, at(1000));
    expect(v?.items.every((i) => i.response === null && i.revision === 0)).toBe(true);
  });

  it('refuses an answer with a NUL character (jsonb cannot store it) and keeps the saved one', async () => {
    const { id, pos } = await exam();
    const p = pos('q-short');
    await saveAnswer(t.db, userId, id, p, { type: 'short', text: '30000-32767' }, at(1000));
    const r = await saveAnswer(t.db, userId, id, p, { type: 'short', text: '3\u0000' }, at(2000));
    expect(r).toMatchObject({ ok: false, status: 400 });
    expect(!r.ok && r.message).toMatch(/NUL/);
    const item = (await getAttempt(t.db, userId, id, at(3000)))?.items[p];
    expect(item).toMatchObject({ revision: 1, response: { type: 'short', text: '30000-32767' } });
  });

  it('refuses a save from a session older than the last password change', async () => {
    const { id, pos } = await exam();
    await t.db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    expect(
      await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'b' }, at(1000)),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await saveFast(
        hotPath(t.url),
        { userId, sessionVersion: 1 },
        id,
        pos('q-single'),
        { type: 'single', choice: 'b' },
        at(1000),
      ),
    ).toMatchObject({ ok: true });
  });

  it("hides another user's attempt entirely", async () => {
    const { id, pos } = await exam();
    expect(await getAttempt(t.db, otherId, id, T0)).toBeNull();
    expect(
      await saveAnswer(t.db, otherId, id, pos('q-single'), { type: 'single', choice: 'b' }, T0),
    ).toMatchObject({ ok: false, status: 404 });
    expect(await submitAttempt(t.db, otherId, id, T0)).toMatchObject({ ok: false, status: 404 });
  });

  it('does not reveal answers during an exam on request', async () => {
    const { id, pos } = await exam();
    expect(
      await revealItem(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'b' }, T0),
    ).toMatchObject({ ok: false, status: 403 });
  });
});

describe('submitting', () => {
  it('grades the saved answers with partial credit, then refuses a second submit', async () => {
    const { id, pos } = await exam();
    await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'b' }, at(1000));
    await saveAnswer(t.db, userId, id, pos('q-multi'), { type: 'multiple', choices: ['a'] }, at(1000));
    await saveAnswer(t.db, userId, id, pos('q-short'), { type: 'short', text: '30000–32767' }, at(1000));
    await setFlag(t.db, userId, id, pos('q-multi'), true, at(1500));
    expect(await submitAttempt(t.db, userId, id, at(2000))).toEqual({ ok: true, score: 2.5, maxScore: 3 });
    expect(await submitAttempt(t.db, userId, id, at(3000))).toMatchObject({ ok: false, status: 409 });
    expect(
      await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'a' }, at(3000)),
    ).toMatchObject({ ok: false, status: 409 });
    const review = await getAttempt(t.db, userId, id, at(4000));
    expect(review?.status).toBe('SUBMITTED');
    expect(review?.finalisedBy).toBe('USER');
    expect(review?.items.find((i) => i.question.id === 'q-single')?.feedback?.explanation).toBe(
      'SECRET-EXPLANATION-1',
    );
    expect(review?.topics).toEqual([
      { topic: 'nodeport-lb', label: 'NodePort and LoadBalancer', score: 1, max: 1 },
      { topic: 'services', label: 'Services (ClusterIP, headless, ExternalName)', score: 1.5, max: 2 },
    ]);
  });
  it('grades a closed attempt that was left without a score when it is next read', async () => {
    const { id, pos } = await exam();
    await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'b' }, at(1000));
    // What a finaliser that died between closing and grading leaves behind.
    await t.db.quizAttempt.update({
      where: { id },
      data: { status: 'SUBMITTED', finalisedBy: 'USER', submittedAt: at(2000) },
    });
    expect(
      await saveAnswer(t.db, userId, id, pos('q-short'), { type: 'short', text: '30000-32767' }, at(2500)),
    ).toMatchObject({ ok: false, status: 409 });
    const [entry] = await listAttempts(t.db, userId, at(3000));
    expect(entry).toMatchObject({ id, status: 'SUBMITTED', score: 1, maxScore: 3 });
    const review = await getAttempt(t.db, userId, id, at(3000));
    expect(review).toMatchObject({ score: 1, maxScore: 3 });
    expect(review?.items[pos('q-single')]?.feedback?.score).toBe(1);
  });
});

describe('the deadline', () => {
  it('accepts an answer within the grace period and refuses one after it', async () => {
    const { id, pos } = await exam(1);
    expect(
      await saveAnswer(
        t.db,
        userId,
        id,
        pos('q-single'),
        { type: 'single', choice: 'b' },
        at(60_000 + GRACE_MS - 1),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await saveAnswer(
        t.db,
        userId,
        id,
        pos('q-multi'),
        { type: 'multiple', choices: ['a', 'c'] },
        at(60_000 + GRACE_MS + 1),
      ),
    ).toMatchObject({ ok: false, status: 410 });
    const v = await getAttempt(t.db, userId, id, at(70_000));
    expect(v).toMatchObject({ status: 'SUBMITTED', finalisedBy: 'DEADLINE', score: 1 });
    expect(v?.items.find((i) => i.question.id === 'q-multi')?.response).toBeNull();
  });

  it('finalises lazily on the next read with what was saved, dated at the deadline', async () => {
    const { id, pos } = await exam(1);
    await saveAnswer(t.db, userId, id, pos('q-short'), { type: 'short', text: '30000-32767' }, at(30_000));
    const [entry] = await listAttempts(t.db, userId, at(3_600_000));
    expect(entry).toMatchObject({
      status: 'SUBMITTED',
      finalisedBy: 'DEADLINE',
      score: 1,
      maxScore: 3,
      submittedAt: at(60_000).toISOString(),
    });
  });

  it('refuses a submit after the deadline but keeps the saved answers', async () => {
    const { id, pos } = await exam(1);
    await saveAnswer(t.db, userId, id, pos('q-single'), { type: 'single', choice: 'b' }, at(10_000));
    expect(await submitAttempt(t.db, userId, id, at(120_000))).toMatchObject({ ok: false, status: 409 });
    expect(await getAttempt(t.db, userId, id, at(120_000))).toMatchObject({
      status: 'SUBMITTED',
      finalisedBy: 'DEADLINE',
      score: 1,
    });
  });
});

describe('practice and mock interviews', () => {
  it('checks a practice answer at once, locks it and reveals only that question', async () => {
    const r = await startAttempt(t.db, userId, { mode: 'PRACTICE', count: 5 }, T0);
    if (!r.ok) throw new Error(r.message);
    const view = await getAttempt(t.db, userId, r.id, T0);
    const p = view?.items.find((i) => i.question.id === 'q-single')?.position as number;
    const res = await revealItem(t.db, userId, r.id, p, { type: 'single', choice: 'a' }, at(1000));
    expect(res).toMatchObject({
      ok: true,
      feedback: { score: 0, correct: { type: 'single', choice: 'b' }, explanation: 'SECRET-EXPLANATION-1' },
    });
    expect(await saveAnswer(t.db, userId, r.id, p, { type: 'single', choice: 'b' }, at(2000))).toMatchObject({
      ok: false,
      status: 409,
    });
    const after = await getAttempt(t.db, userId, r.id, at(2000));
    const others = JSON.stringify(after?.items.filter((i) => i.position !== p));
    expect(others).not.toContain('SECRET');
  });

  it('checks a practice answer once even when checks race: one wins, the rest are refused and the score stays', async () => {
    const r = await startAttempt(t.db, userId, { mode: 'PRACTICE', count: 5 }, T0);
    if (!r.ok) throw new Error(r.message);
    const view = await getAttempt(t.db, userId, r.id, T0);
    const p = view?.items.find((i) => i.question.id === 'q-single')?.position as number;
    // Both options at once: without a conditional write both "win" and the last write decides the score.
    const results = await Promise.all(
      ['a', 'b', 'a', 'b'].map((choice) =>
        revealItem(t.db, userId, r.id, p, { type: 'single', choice }, at(1000)),
      ),
    );
    const winners = results.filter((x) => x.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((x) => !x.ok).every((x) => !x.ok && x.status === 409)).toBe(true);
    const stored = await t.db.quizItem.findUniqueOrThrow({
      where: { attemptId_position: { attemptId: r.id, position: p } },
    });
    expect(stored.score).toBe(winners[0]?.ok ? winners[0].feedback.score : NaN);
  });

  it('reveals the model answer after the candidate writes, then scores the ticked rubric', async () => {
    const r = await startAttempt(t.db, userId, { mode: 'INTERVIEW', count: 3 }, T0);
    if (!r.ok) throw new Error(r.message);
    expect(await rateInterviewItem(t.db, userId, r.id, 0, [0], 3, T0)).toMatchObject({
      ok: false,
      status: 409,
    });
    const res = await revealItem(
      t.db,
      userId,
      r.id,
      0,
      { type: 'interview', text: 'Pods share a netns', ticked: [] },
      at(1000),
    );
    expect(res).toMatchObject({
      ok: true,
      feedback: { modelAnswer: 'SECRET-MODEL', rubric: ['one', 'two', 'three', 'four'] },
    });
    expect(await rateInterviewItem(t.db, userId, r.id, 0, [0, 1, 3], 3, at(2000))).toEqual({
      ok: true,
      score: 0.75,
    });
    expect(await rateInterviewItem(t.db, userId, r.id, 0, [7], 3, at(2000))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await submitAttempt(t.db, userId, r.id, at(3000))).toEqual({ ok: true, score: 0.75, maxScore: 1 });
  });
});
