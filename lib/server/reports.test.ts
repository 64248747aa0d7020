import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/tests/support/db';
import { REPORTS_PER_HOUR, adminReports, createReport, myReports, resolveReport } from './reports';
import { toJson } from '@/lib/server/db/json';

const T0 = new Date('2026-12-06T10:00:00Z');
let t: TestDb;
let userId: string;
let otherId: string;
let adminId: string;
let attemptId: string;

beforeEach(async () => {
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: 'l@x.dev', name: 'L', passwordHash: 'x' } })).id;
  otherId = (await t.db.user.create({ data: { email: 'o@x.dev', name: 'O', passwordHash: 'x' } })).id;
  adminId = (
    await t.db.user.create({ data: { email: 'a@x.dev', name: 'A', passwordHash: 'x', role: 'ADMIN' } })
  ).id;
  await t.db.question.create({
    data: {
      id: 'q1',
      type: 'single',
      topic: 'services',
      difficulty: 1,
      publishedVersion: 2,
      latestVersion: 2,
      versions: {
        create: [
          { version: 1, content: toJson({}) },
          { version: 2, content: toJson({}) },
        ],
      },
    },
  });
  const v1 = await t.db.questionVersion.findFirstOrThrow({ where: { questionId: 'q1', version: 1 } });
  attemptId = (
    await t.db.quizAttempt.create({
      data: {
        userId,
        mode: 'EXAM',
        title: 'x',
        items: {
          create: {
            position: 0,
            questionVersionId: v1.id,
            response: toJson({ type: 'single', choice: 'b' }),
          },
        },
      },
    })
  ).id;
});
afterEach(() => t.cleanup());

describe('problem reports', () => {
  it('snapshots the version the learner saw and their answer from their own attempt', async () => {
    const r = await createReport(
      t.db,
      userId,
      { kind: 'QUESTION', attemptId, position: 0, category: 'KEY_WRONG', message: 'b is right, not a' },
      T0,
    );
    expect(r).toMatchObject({ ok: true });
    const [mine] = await myReports(t.db, userId);
    expect(mine).toMatchObject({
      itemId: 'q1',
      itemVersion: 1,
      learnerAnswer: '{"type":"single","choice":"b"}',
      status: 'OPEN',
      reply: null,
    });
    // Without an attempt: the published version, no answer.
    await createReport(
      t.db,
      userId,
      { kind: 'QUESTION', itemId: 'q1', category: 'TYPO', message: 'a typo here' },
      T0,
    );
    expect((await myReports(t.db, userId))[0]).toMatchObject({ itemVersion: 2, learnerAnswer: null });
  });

  it("refuses another learner's attempt and unknown items", async () => {
    expect(
      await createReport(
        t.db,
        otherId,
        { kind: 'QUESTION', attemptId, position: 0, category: 'KEY_WRONG', message: 'not mine at all' },
        T0,
      ),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await createReport(
        t.db,
        userId,
        { kind: 'SCENARIO', itemId: 'nope', category: 'HOP', message: 'x'.repeat(12) },
        T0,
      ),
    ).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.problemReport.count()).toBe(0);
  });

  it(`allows ${REPORTS_PER_HOUR} reports per learner per hour`, async () => {
    const send = (at: Date) =>
      createReport(
        t.db,
        userId,
        { kind: 'QUESTION', itemId: 'q1', category: 'OTHER', message: 'one more thing' },
        at,
      );
    for (let i = 0; i < REPORTS_PER_HOUR; i++)
      expect(await send(new Date(T0.getTime() + i))).toMatchObject({ ok: true });
    expect(await send(new Date(T0.getTime() + 60_000))).toMatchObject({ ok: false, status: 429 });
    expect(await send(new Date(T0.getTime() + 3_600_001))).toMatchObject({ ok: true });
  });

  it('an admin resolves with a reply the learner sees', async () => {
    await createReport(
      t.db,
      userId,
      {
        kind: 'QUESTION',
        attemptId,
        position: 0,
        category: 'KEY_WRONG',
        message: '<script>x</script> wrong',
      },
      T0,
    );
    const [r] = await adminReports(t.db);
    expect(r).toMatchObject({ status: 'OPEN', reporter: 'l@x.dev', message: '<script>x</script> wrong' });
    expect(await resolveReport(t.db, adminId, r!.id, 'Fixed in version 3, thanks!', T0)).toEqual({
      ok: true,
    });
    expect((await myReports(t.db, userId))[0]).toMatchObject({
      status: 'RESOLVED',
      reply: 'Fixed in version 3, thanks!',
    });
    expect(await resolveReport(t.db, adminId, 'missing', 'x', T0)).toMatchObject({ ok: false, status: 404 });
  });
});
