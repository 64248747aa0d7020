import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../tests/support/db.ts';
import { fromJson } from '../lib/server/db/json.ts';
import { DEMO_LEARNER_EMAIL } from './seed-demo-users.mts';
import { demoHistoryStep } from './seed-demo-history.mts';
import { seedDatabase } from './seed.mts';

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.cleanup());

const env = { PACKETPATH_ADMIN_PASSWORD: 'admin-pass-123', PACKETPATH_LEARNER_PASSWORD: 'learner-pass-123' };

describe('demo learner history seed step', () => {
  it('gives the demo learner weeks of quiz and trace history with review items, once', async () => {
    const results = await seedDatabase(t.db, { env });
    expect(results.at(-1)).toMatchObject({
      step: 'demo learner history',
      summary: expect.stringMatching(/^added 11 quiz attempts, \d+ trace attempts and \d+ past reviews$/),
    });
    const learner = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER_EMAIL } });
    const attempts = await t.db.quizAttempt.findMany({
      where: { userId: learner.id },
      include: { items: true },
    });
    expect(attempts.map((a) => a.mode).sort()).toEqual(
      expect.arrayContaining(['EXAM', 'INTERVIEW', 'PRACTICE']),
    );
    expect(attempts.every((a) => a.status === 'SUBMITTED' && a.items.length > 0)).toBe(true);
    const traces = await t.db.traceAttempt.findMany({ where: { userId: learner.id } });
    expect(traces.length).toBeGreaterThanOrEqual(5);
    expect(
      traces.some((a) =>
        (fromJson(a.findings) as { misconception?: string }[]).some((f) => f.misconception === 'E1'),
      ),
    ).toBe(true);
    const kinds = await t.db.reviewItem.groupBy({
      by: ['kind'],
      where: { userId: learner.id },
      _count: { _all: true },
    });
    expect(kinds.map((k) => k.kind).sort()).toEqual(['INTERVIEW_POINT', 'QUESTION', 'SCENARIO_HOP']);
    expect(await t.db.reviewLog.count()).toBeGreaterThan(0);
    // Spread over the last weeks, nothing in the future.
    const dates = attempts.map((a) => a.startedAt.getTime());
    expect(Math.max(...dates)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Math.min(...dates)).toBeGreaterThan(14 * 86_400_000);

    const counts = async () => [
      await t.db.quizAttempt.count(),
      await t.db.traceAttempt.count(),
      await t.db.reviewItem.count(),
      await t.db.reviewLog.count(),
    ];
    const before = await counts();
    expect(await demoHistoryStep.run(t.db, { env })).toEqual({
      summary: 'skipped (the demo learner has history)',
    });
    expect(await counts()).toEqual(before);
  });

  it('does nothing without the demo learner or without questions', async () => {
    expect(await demoHistoryStep.run(t.db, { env })).toEqual({ summary: 'skipped (no demo learner)' });
    await t.db.user.create({ data: { email: DEMO_LEARNER_EMAIL, name: 'Demo Learner', passwordHash: 'x' } });
    expect(await demoHistoryStep.run(t.db, { env })).toEqual({ summary: 'skipped (no published questions)' });
  });
});
