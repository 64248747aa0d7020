/**
 * Counts of the shipped content: questions by topic and type, scenarios by topic and level, troubleshooting
 * exercises by topic and difficulty. Pure (no I/O): `scripts/content-stats.mts` feeds it what the seed would load from content/.
 */
import { QUESTION_TYPES, TOPIC_SLUGS, type QuestionType, type Topic } from './bank-schema';

export interface ContentStats {
  /** Where the counts come from. */
  source: string;
  questions: number;
  scenarios: number;
  troubleshooting: number;
  /** Every bank topic, 0 when it has none yet, in curriculum order. */
  questionsByTopic: Record<string, number>;
  /** Every question type, 0 when unused. */
  questionsByType: Record<string, number>;
  /** topic → type → count (every topic and type present, 0 when none). */
  questionsByTopicAndType: Record<string, Record<string, number>>;
  questionsByDifficulty: Record<string, number>;
  scenariosByTopic: Record<string, number>;
  scenariosByLevel: Record<string, number>;
  /** Troubleshooting exercises ("fix this cluster", ADR 016) by topic and by difficulty. */
  troubleshootingByTopic: Record<string, number>;
  troubleshootingByDifficulty: Record<string, number>;
}

export interface StatsInput {
  source: string;
  questions: readonly { topic: string; type: string; difficulty: number }[];
  scenarios: readonly { topic: string; level: string }[];
  troubleshooting: readonly { topic: string; difficulty: number }[];
}

const count = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function contentStats(input: StatsInput): ContentStats {
  const byTopic: Record<string, number> = count<Topic>(TOPIC_SLUGS);
  const byType: Record<string, number> = count<QuestionType>(QUESTION_TYPES);
  const byTopicType: Record<string, Record<string, number>> = Object.fromEntries(
    TOPIC_SLUGS.map((t) => [t, count<QuestionType>(QUESTION_TYPES)]),
  );
  const byDifficulty: Record<string, number> = { '1': 0, '2': 0, '3': 0 };
  for (const q of input.questions) {
    byTopic[q.topic] = (byTopic[q.topic] ?? 0) + 1;
    byType[q.type] = (byType[q.type] ?? 0) + 1;
    const row = (byTopicType[q.topic] ??= count<QuestionType>(QUESTION_TYPES));
    row[q.type] = (row[q.type] ?? 0) + 1;
    byDifficulty[String(q.difficulty)] = (byDifficulty[String(q.difficulty)] ?? 0) + 1;
  }
  const scenariosByTopic: Record<string, number> = {};
  const scenariosByLevel: Record<string, number> = {};
  for (const s of input.scenarios) {
    scenariosByTopic[s.topic] = (scenariosByTopic[s.topic] ?? 0) + 1;
    scenariosByLevel[s.level] = (scenariosByLevel[s.level] ?? 0) + 1;
  }
  const troubleshootingByTopic: Record<string, number> = {};
  const troubleshootingByDifficulty: Record<string, number> = { '1': 0, '2': 0, '3': 0 };
  for (const t of input.troubleshooting) {
    troubleshootingByTopic[t.topic] = (troubleshootingByTopic[t.topic] ?? 0) + 1;
    troubleshootingByDifficulty[String(t.difficulty)] =
      (troubleshootingByDifficulty[String(t.difficulty)] ?? 0) + 1;
  }
  return {
    source: input.source,
    questions: input.questions.length,
    scenarios: input.scenarios.length,
    troubleshooting: input.troubleshooting.length,
    questionsByTopic: byTopic,
    questionsByType: byType,
    questionsByTopicAndType: byTopicType,
    questionsByDifficulty: byDifficulty,
    scenariosByTopic: sortByCountDesc(scenariosByTopic),
    scenariosByLevel: sortByCountDesc(scenariosByLevel),
    troubleshootingByTopic: sortByCountDesc(troubleshootingByTopic),
    troubleshootingByDifficulty,
  };
}

function sortByCountDesc(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** A readable table: one row per topic, one column per question type, totals last. */
export function formatStatsTable(s: ContentStats): string {
  const types = Object.keys(s.questionsByType);
  const head = ['topic', ...types, 'total'];
  const rows: string[][] = Object.entries(s.questionsByTopicAndType).map(([topic, byType]) => [
    topic,
    ...types.map((t) => String(byType[t] ?? 0)),
    String(s.questionsByTopic[topic] ?? 0),
  ]);
  rows.push(['total', ...types.map((t) => String(s.questionsByType[t] ?? 0)), String(s.questions)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `Content in ${s.source}: ${s.questions} questions, ${s.scenarios} scenarios, ${s.troubleshooting} troubleshooting exercises`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows[rows.length - 1]!),
    '',
    `questions by difficulty: ${Object.entries(s.questionsByDifficulty)
      .map(([d, n]) => `${d}: ${n}`)
      .join(', ')}`,
    `scenarios by topic: ${Object.entries(s.scenariosByTopic)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    `scenarios by level: ${Object.entries(s.scenariosByLevel)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    `troubleshooting by topic: ${Object.entries(s.troubleshootingByTopic)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
    `troubleshooting by difficulty: ${Object.entries(s.troubleshootingByDifficulty)
      .map(([d, n]) => `${d}: ${n}`)
      .join(', ')}`,
  ];
  return out.join('\n') + '\n';
}
