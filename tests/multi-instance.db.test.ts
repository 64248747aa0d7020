/**
 * The multi-instance guarantees (ADR 009), with real separate processes on one database: two "instances"
 * (tests/support/instance.mts) that share nothing in memory, started together against a barrier. Runs on
 * SQLite and on PostgreSQL (vitest projects), like every database test.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toJson } from '@/lib/server/db/json';
import type { Question } from '@/lib/quiz/bank-schema';
import { rateInterviewItem, revealItem, startAttempt, submitAttempt } from '@/lib/server/quiz/service';
import pg from 'pg';
import { createTestDb, PROJECT_ROOT, testEngine, type TestDb } from './support/db';

const run = promisify(execFile);
const TSX = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const INSTANCE = path.join(PROJECT_ROOT, 'tests', 'support', 'instance.mts');
// The per-account limit the instances run with (lib/env.js reads it at start).
const LIMIT = 5;

/** Runs `cmd` on a fresh instance (process) at `startAt`; resolves with its result. */
function onInstance(cmd: object, startAt = Date.now()): Promise<unknown> {
  return run(
    process.execPath,
    [TSX, '--conditions=react-server', INSTANCE, JSON.stringify({ ...cmd, startAt })],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        LOGIN_MAX_FAILURES_PER_ACCOUNT: String(LIMIT),
        LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
        NODE_ENV: 'test',
      },
      timeout: 60_000,
    },
  ).then((r) => JSON.parse(r.stdout.trim().split('\n').at(-1) ?? 'null') as unknown);
}

/** Runs `a` and `b` on two instances at the same moment; resolves with both results. */
async function onTwoInstances(a: object, b: object): Promise<[unknown, unknown]> {
  // Far enough ahead for both processes to load (tsx, the Prisma client) on a busy 2-core machine.
  const startAt = Date.now() + 8000;
  return Promise.all([onInstance(a, startAt), onInstance(b, startAt)]);
}

const QUESTION: Question = {
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
  explanation: 'x',
  source: {
    title: 'Kubernetes docs',
    url: 'https://kubernetes.io/docs/concepts/services-networking/service/',
  },
  rules: ['R3.1'],
};

let t: TestDb;
let userId: string;
beforeEach(async () => {
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: 'm@x.dev', name: 'M', passwordHash: 'x' } })).id;
  await t.db.question.create({
    data: {
      id: QUESTION.id,
      type: QUESTION.type,
      topic: QUESTION.topic,
      difficulty: 1,
      publishedVersion: 1,
      versions: { create: { version: 1, content: toJson(QUESTION) } },
    },
  });
});
afterEach(() => t.cleanup());

/** Publishes `q` (a single-choice or interview question) straight into the bank. */
/** An interview question with a four-point rubric (the rating races). */
const INTERVIEW_QUESTION: Question = {
  id: 'q-interview',
  type: 'interview',
  topic: 'services',
  difficulty: 1,
  tags: [],
  prompt: 'Explain',
  modelAnswer: 'Model',
  rubric: ['one', 'two', 'three', 'four'],
  explanation: 'x',
  source: QUESTION.source,
  rules: ['R3.1'],
};

async function publish(q: Question): Promise<void> {
  await t.db.question.create({
    data: {
      id: q.id,
      type: q.type,
      topic: q.topic,
      difficulty: 1,
      publishedVersion: 1,
      versions: { create: { version: 1, content: toJson(q) } },
    },
  });
}

async function openExam(): Promise<string> {
  const r = await startAttempt(t.db, userId, { mode: 'EXAM', count: 5, minutes: 10 }, new Date());
  if (!r.ok) throw new Error(r.message);
  return r.id;
}

describe(`two instances on one database (${process.env.TEST_DB ?? 'sqlite'})`, { timeout: 120_000 }, () => {
  it('a parallel burst of wrong passwords spread over both lets exactly the configured number through', async () => {
    const cmd = { op: 'reserve-login', email: 'victim@x.dev', clientKey: 'c', count: 8 };
    const [a, b] = (await onTwoInstances(cmd, cmd)) as Array<{ admitted: number }>;
    expect(a!.admitted + b!.admitted).toBe(LIMIT);
    expect(await t.db.loginAttempt.count({ where: { email: 'victim@x.dev' } })).toBe(LIMIT);
  });

  it('both submitting the same exam at once finalise it once', async () => {
    const attemptId = await openExam();
    const cmd = { op: 'submit', userId, attemptId };
    const results = (await onTwoInstances(cmd, cmd)) as Array<{ ok: boolean; status?: number }>;
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.status)).toEqual([409]);
    const a = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(a).toMatchObject({ status: 'SUBMITTED', finalisedBy: 'USER', score: 0, maxScore: 1 });
  });

  it('a save acknowledged by one instance is seen by the other', async () => {
    const attemptId = await openExam();
    const response = { type: 'single', choice: 'b' };
    expect(await onInstance({ op: 'save', userId, attemptId, position: 0, response })).toMatchObject({
      ok: true,
      revision: 1,
    });
    const read = await onInstance({ op: 'read', userId, attemptId });
    expect(read).toEqual({ ok: true, items: [response] });
  });
  it('a save racing the submit on another instance is refused or graded, never acknowledged and left ungraded', async () => {
    // One instance saves a wrong and the right answer alternately, back to back; this process submits while it
    // does. Submit closes the attempt, then grades what was stored, so the last acknowledged save must be the
    // stored answer and its grade the score. (Grading first, then closing, fails this within a few rounds.)
    const ROUNDS = 6;
    const attemptIds: string[] = [];
    for (let i = 0; i < ROUNDS; i++) attemptIds.push(await openExam());
    const saver = onInstance({ op: 'save-until-refused', userId, attemptIds, position: 0 }) as Promise<{
      rounds: { last: { revision: number; choice: string } | null; refused: number; saves: number }[];
    }>;
    const submitted: unknown[] = [];
    for (const [round, attemptId] of attemptIds.entries()) {
      // Submit once the saver is busy on this attempt (a few saves in, a different number each round).
      for (;;) {
        const item = await t.db.quizItem.findFirstOrThrow({
          where: { attemptId },
          select: { revision: true },
        });
        if (item.revision >= 3 + round) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      submitted.push(await submitAttempt(t.db, userId, attemptId, new Date()));
    }
    const { rounds } = await saver;
    for (const [round, attemptId] of attemptIds.entries()) {
      const r = rounds[round]!;
      expect(r.refused).toBe(409);
      const expected = r.last!.choice === 'b' ? 1 : 0;
      expect(submitted[round]).toEqual({ ok: true, score: expected, maxScore: 1 });
      const item = await t.db.quizItem.findFirstOrThrow({ where: { attemptId } });
      expect(item).toMatchObject({
        revision: r.last!.revision,
        response: { type: 'single', choice: r.last!.choice },
        score: expected,
      });
    }
  });

  it('a practice check racing the submit on another instance is graded as shown or refused', async () => {
    // One instance checks a practice round's questions one after the other, back to back; this process
    // submits while it does. Every check acknowledged (its feedback shown) must be stored with the score it
    // showed and counted by the submit; the next is refused. (A check guarded by a relation filter instead of
    // the attempt row in the same statement could be shown, then overwritten by the grading.)
    for (let i = 2; i <= 24; i++) await publish({ ...QUESTION, id: `q-single-${i}` });
    const ROUNDS = 6;
    const attemptIds: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await startAttempt(t.db, userId, { mode: 'PRACTICE', count: 24 }, new Date());
      if (!r.ok) throw new Error(r.message);
      attemptIds.push(r.id);
    }
    const checker = onInstance({
      op: 'check-until-refused',
      userId,
      attemptIds,
      choice: 'b',
      count: 24,
    }) as Promise<{
      rounds: { checked: { position: number; score: number }[]; refused: number }[];
    }>;
    // Submit each round once the checker is busy on it (a few checks in, a different number each round); every
    // round is watched from the start, so the next one is not missed while this one is being graded.
    const submitted = await Promise.all(
      attemptIds.map(async (attemptId, round) => {
        for (;;) {
          const n = await t.db.quizItem.count({ where: { attemptId, answeredAt: { not: null } } });
          if (n >= 3 + round) break;
          await new Promise((r) => setTimeout(r, 2));
        }
        return submitAttempt(t.db, userId, attemptId, new Date());
      }),
    );
    const { rounds } = await checker;
    // A round is refused with 409 when the submit lands between two checks; on a fast machine the checker may
    // finish a round's 24 questions first (refused 0). At least one round must have raced, or this test proved
    // nothing.
    expect(rounds.filter((r) => r.refused === 409).length).toBeGreaterThan(0);
    for (const [round, attemptId] of attemptIds.entries()) {
      const r = rounds[round]!;
      expect([0, 409]).toContain(r.refused);
      expect(r.checked.every((c) => c.score === 1)).toBe(true);
      expect(submitted[round]).toEqual({ ok: true, score: r.checked.length, maxScore: 24 });
      const items = await t.db.quizItem.findMany({ where: { attemptId }, orderBy: { position: 'asc' } });
      const shown = new Set(r.checked.map((c) => c.position));
      for (const it of items)
        expect(it.score, `position ${it.position}`).toBe(shown.has(it.position) ? 1 : 0);
    }
  });

  it('an interview rating racing the submit on another instance is counted or refused', async () => {
    // One instance rates a revealed interview answer with one and three of four rubric points alternately,
    // back to back; this process submits while it does. The last acknowledged rating must be the stored score
    // and the attempt's. (A rating written without the attempt check could land after the grading.)
    await publish(INTERVIEW_QUESTION);
    const ROUNDS = 6;
    const attemptIds: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await startAttempt(t.db, userId, { mode: 'INTERVIEW', count: 1 }, new Date());
      if (!r.ok) throw new Error(r.message);
      const shown = await revealItem(
        t.db,
        userId,
        r.id,
        0,
        { type: 'interview', text: 'Pods share a network namespace', ticked: [] },
        new Date(),
      );
      expect(shown.ok).toBe(true);
      attemptIds.push(r.id);
    }
    const rater = onInstance({ op: 'rate-until-refused', userId, attemptIds }) as Promise<{
      rounds: { last: { score: number } | null; refused: number; ratings: number }[];
    }>;
    const submitted = await Promise.all(
      attemptIds.map(async (attemptId, round) => {
        for (;;) {
          const item = await t.db.quizItem.findFirstOrThrow({
            where: { attemptId },
            select: { revision: true },
          });
          // The reveal was revision 1; submit a few ratings in, a different number each round.
          if (item.revision >= 4 + round) break;
          await new Promise((r) => setTimeout(r, 2));
        }
        return submitAttempt(t.db, userId, attemptId, new Date());
      }),
    );
    const { rounds } = await rater;
    for (const [round, attemptId] of attemptIds.entries()) {
      const r = rounds[round]!;
      expect(r.refused).toBe(409);
      expect(submitted[round]).toEqual({ ok: true, score: r.last!.score, maxScore: 1 });
      const item = await t.db.quizItem.findFirstOrThrow({ where: { attemptId } });
      expect(item.score).toBe(r.last!.score);
    }
  });

  // PostgreSQL only: on SQLite every write statement runs under the database's one write lock, so there is no
  // window to hold open; there the two race tests above are the check.
  it.skipIf(testEngine !== 'postgres')(
    'a check and a rating that arrive while another instance is closing the attempt wait for it, then are refused',
    async () => {
      await publish(INTERVIEW_QUESTION);
      const practice = await startAttempt(t.db, userId, { mode: 'PRACTICE', count: 1 }, new Date());
      const interview = await startAttempt(t.db, userId, { mode: 'INTERVIEW', count: 1 }, new Date());
      if (!practice.ok || !interview.ok) throw new Error('could not start');
      const revealed = await revealItem(
        t.db,
        userId,
        interview.id,
        0,
        { type: 'interview', text: 'Pods share a network namespace', ticked: [] },
        new Date(),
      );
      expect(revealed.ok).toBe(true);
      // Another instance's submit, caught between its close and its commit: the attempt row is updated, not yet
      // committed. A check or rating guarded by the attempt row (FOR SHARE) waits for it and then sees SUBMITTED;
      // one that only reads the attempt (a relation filter, or nothing) goes through at once and is shown,
      // though the grading that follows the close will not count it.
      const closer = new pg.Client({ connectionString: t.url });
      await closer.connect();
      try {
        for (const [attemptId, write] of [
          [
            practice.id,
            () => revealItem(t.db, userId, practice.id, 0, { type: 'single', choice: 'b' }, new Date()),
          ],
          [interview.id, () => rateInterviewItem(t.db, userId, interview.id, 0, [0, 1], 2, new Date())],
        ] as const) {
          await closer.query('BEGIN');
          await closer.query(`UPDATE "QuizAttempt" SET "status" = 'SUBMITTED' WHERE "id" = $1`, [attemptId]);
          let settled = false;
          const pending = write().finally(() => (settled = true));
          await new Promise((r) => setTimeout(r, 500));
          expect(settled, 'it waited for the close').toBe(false);
          await closer.query('COMMIT');
          expect(await pending).toMatchObject({ ok: false, status: 409 });
        }
        const items = await t.db.quizItem.findMany({
          where: { attemptId: { in: [practice.id, interview.id] } },
          select: { attemptId: true, revision: true, score: true },
        });
        // Nothing changed: the practice item unchecked, the interview item as revealed (revision 1, no score).
        expect(items.find((i) => i.attemptId === practice.id)).toMatchObject({ revision: 0, score: null });
        expect(items.find((i) => i.attemptId === interview.id)).toMatchObject({ revision: 1, score: null });
      } finally {
        await closer.query('ROLLBACK').catch(() => {});
        await closer.end();
      }
    },
  );
});
