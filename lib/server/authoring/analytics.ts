import 'server-only';
/**
 * Analytics for authors: per question (attempts, share correct, discrimination index) from the items of
 * submitted quiz attempts, and per scenario (attempts, average score, hop × mistake heat-map) from trace
 * attempts. All versions of a question or scenario count together; the math is in lib/authoring/analytics.ts.
 */
import type { DbClient } from '@/lib/server/db/client';
import { hopHeatMap, questionStatistics, type HeatMap, type QuestionStats } from '@/lib/authoring/analytics';
import { cardLabel, parseCardId } from '@/lib/grader';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import { fromJson } from '@/lib/server/db/json';

export interface QuestionAnalyticsRow extends QuestionStats {
  type: string;
  topic: string;
  topicLabel: string;
  status: string;
}

export async function questionAnalytics(db: DbClient): Promise<QuestionAnalyticsRow[]> {
  const items = await db.quizItem.findMany({
    where: { attempt: { status: 'SUBMITTED' } },
    select: { attemptId: true, score: true, questionVersion: { select: { questionId: true } } },
  });
  const stats = questionStatistics(
    items.map((i) => ({
      questionId: i.questionVersion.questionId,
      attemptId: i.attemptId,
      score: i.score ?? 0,
    })),
  );
  const questions = await db.question.findMany({
    select: { id: true, type: true, topic: true, status: true },
  });
  return questions
    .map((q) => ({
      ...(stats.get(q.id) ?? {
        questionId: q.id,
        attempts: 0,
        correct: 0,
        shareCorrect: null,
        meanScore: null,
        discrimination: null,
        upperLower: null,
        flagged: false,
      }),
      type: q.type,
      topic: q.topic,
      topicLabel: (TOPIC_LABELS as Record<string, string>)[q.topic] ?? q.topic,
      status: q.status,
    }))
    .sort(
      (a, b) =>
        Number(b.flagged) - Number(a.flagged) ||
        b.attempts - a.attempts ||
        a.questionId.localeCompare(b.questionId),
    );
}

export interface ScenarioAnalyticsRow {
  id: string;
  title: string;
  status: string;
  attempts: number;
  /** Mean final score 0..1, or null. */
  averageScore: number | null;
  /** Share of attempts with the right outcome, where the scenario asked for it. */
  outcomeCorrect: number | null;
}

export async function scenarioAnalytics(db: DbClient): Promise<ScenarioAnalyticsRow[]> {
  const [scenarios, groups] = await Promise.all([
    db.scenario.findMany({
      select: { id: true, title: true, status: true, versions: { select: { id: true } } },
    }),
    db.traceAttempt.groupBy({ by: ['scenarioVersionId'], _count: { _all: true }, _sum: { score: true } }),
  ]);
  const dispositions = await db.traceAttempt.groupBy({
    by: ['scenarioVersionId', 'dispositionCorrect'],
    _count: { _all: true },
  });
  const byVersion = new Map(groups.map((g) => [g.scenarioVersionId, g]));
  return scenarios
    .map((s) => {
      let n = 0;
      let sum = 0;
      let asked = 0;
      let right = 0;
      for (const v of s.versions) {
        const g = byVersion.get(v.id);
        if (g) {
          n += g._count._all;
          sum += g._sum.score ?? 0;
        }
      }
      const ids = new Set(s.versions.map((v) => v.id));
      for (const d of dispositions) {
        if (!ids.has(d.scenarioVersionId) || d.dispositionCorrect === null) continue;
        asked += d._count._all;
        if (d.dispositionCorrect) right += d._count._all;
      }
      return {
        id: s.id,
        title: s.title,
        status: s.status,
        attempts: n,
        averageScore: n ? Math.round((sum / n) * 1000) / 1000 : null,
        outcomeCorrect: asked ? Math.round((right / asked) * 1000) / 1000 : null,
      };
    })
    .sort((a, b) => b.attempts - a.attempts || a.id.localeCompare(b.id));
}

export interface ScenarioHeatMapView extends HeatMap {
  scenarioId: string;
  title: string;
  /** Readable label per card id. */
  labels: Record<string, string>;
}

/** A readable label for a stored card id (`kube-proxy@node/node-2` → `kube-proxy(node-2)`), as the grader labels it. */
export function cardText(card: string): string {
  const c = parseCardId(card);
  return c.layer ? cardLabel(c.layer, c.object, c.signature) : card;
}

export async function scenarioHeatMap(db: DbClient, scenarioId: string): Promise<ScenarioHeatMapView | null> {
  const scenario = await db.scenario.findUnique({
    where: { id: scenarioId },
    select: { id: true, title: true },
  });
  if (!scenario) return null;
  const attempts = await db.traceAttempt.findMany({
    where: { scenarioVersion: { scenarioId } },
    select: { findings: true },
  });
  const map = hopHeatMap(attempts.map((a) => fromJson(a.findings)));
  return {
    ...map,
    scenarioId,
    title: scenario.title,
    labels: Object.fromEntries(map.rows.map((r) => [r.card, cardText(r.card)])),
  };
}
