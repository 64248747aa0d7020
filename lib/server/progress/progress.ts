import 'server-only';
/**
 * Everything the progress page shows, as one plain DTO: mastery per topic and per tag, score history, past
 * attempts, the misconceptions the learner shows most (with a scenario to practise each), the review queue and,
 * for learners who opted in, their streak. Only the caller's own data is read (every query filters on userId).
 */
import type { DbClient } from '@/lib/server/db/client';
import { TOPIC_SHORT, TOPICS } from '@/lib/quiz/bank-schema';
import {
  HALF_LIFE_DAYS,
  CONFIDENCE_K,
  masteryBand,
  masteryByTag,
  masteryByTopic,
  weakest,
  type Evidence,
  type MasteryBand,
  type MasteryEntry,
} from '@/lib/progress/mastery';
import {
  misconceptionEventsFromQuestion,
  misconceptionEventsFromTrace,
  topMisconceptions,
  type MisconceptionEvent,
} from '@/lib/progress/misconceptions';
import { computeStreak, type Streak } from '@/lib/progress/streak';
import { countDue, endOfDay } from './review';
import { loadQuizRecords, loadTraceRecords, type QuizRecord, type TraceRecord } from './sources';
import { stringList } from '@/lib/server/db/json';
import { syncReviewItems } from './sync';

export interface MasteryRow {
  key: string;
  label: string;
  short: string;
  /** 0..100 */
  pct: number;
  /** 0..100 */
  confidencePct: number;
  band: MasteryBand;
  count: number;
  quiz: number;
  trace: number;
  interview: number;
  lastAt: string;
}

export interface HistoryPoint {
  id: string;
  kind: 'exam' | 'trace';
  at: string;
  /** 0..100 */
  pct: number;
  title: string;
}

export interface AttemptRow {
  id: string;
  kind: 'exam' | 'practice' | 'interview' | 'trace';
  title: string;
  at: string;
  /** 0..100, null when not scored */
  pct: number | null;
  detail: string;
  href: string;
}

export interface MisconceptionRow {
  id: string;
  habit: string;
  plain: string;
  rule: string;
  count: number;
  fromTraces: number;
  fromQuestions: number;
  lastAt: string;
  example: string | null;
  practise: { id: string; title: string } | null;
}

export interface ReviewSummary {
  dueToday: number;
  total: number;
  nextDue: string | null;
  byKind: { QUESTION: number; SCENARIO_HOP: number; INTERVIEW_POINT: number };
  reviewedToday: number;
  reviewedTotal: number;
}

export interface ProgressView {
  now: string;
  empty: boolean;
  halfLifeDays: number;
  confidenceK: number;
  overall: { pct: number; count: number } | null;
  topics: MasteryRow[];
  untested: { key: string; label: string }[];
  weakest: MasteryRow[];
  tags: MasteryRow[];
  history: HistoryPoint[];
  attempts: AttemptRow[];
  misconceptions: MisconceptionRow[];
  review: ReviewSummary;
  streaksOptIn: boolean;
  streak: Streak | null;
}

const topicLabels = new Map<string, string>(TOPICS.map((t) => [t.slug, t.label]));
const pct = (x: number): number => Math.round(x * 100);

export function evidenceFrom(quiz: readonly QuizRecord[], traces: readonly TraceRecord[]): Evidence[] {
  const out: Evidence[] = [];
  for (const r of quiz) {
    const q = r.question;
    if (q.type === 'interview') {
      if (r.selfRating !== null)
        out.push({ source: 'interview', value: r.selfRating / 4, at: r.at, topic: q.topic, tags: q.tags });
    } else if (r.score !== null)
      out.push({ source: 'quiz', value: r.score, at: r.at, topic: q.topic, tags: q.tags });
  }
  for (const t of traces)
    out.push({ source: 'trace', value: t.score, at: t.createdAt, topic: t.topic, tags: t.tags });
  return out;
}

function row(m: MasteryEntry, label: string, short: string): MasteryRow {
  return {
    key: m.key,
    label,
    short,
    pct: pct(m.mastery),
    confidencePct: pct(m.confidence),
    band: masteryBand(m.mastery),
    count: m.count,
    quiz: m.bySource.quiz,
    trace: m.bySource.trace,
    interview: m.bySource.interview,
    lastAt: m.lastAt.toISOString(),
  };
}

const modeKind = (mode: string): AttemptRow['kind'] =>
  mode === 'EXAM' ? 'exam' : mode === 'INTERVIEW' ? 'interview' : 'practice';

/** The learner's progress. Syncs the review queue first, so the numbers match the review session. */
export async function getProgress(db: DbClient, userId: string, now: Date): Promise<ProgressView> {
  const [quiz, traces, user] = await Promise.all([
    loadQuizRecords(db, userId),
    loadTraceRecords(db, userId),
    db.user.findUnique({ where: { id: userId }, select: { streaksOptIn: true } }),
  ]);
  await syncReviewItems(db, userId, { quiz, traces });

  const evidence = evidenceFrom(quiz, traces);
  const topicEntries = masteryByTopic(evidence, now);
  const order = new Map<string, number>(TOPICS.map((t, i) => [t.slug, i]));
  const topics = topicEntries
    .map((m) =>
      row(m, topicLabels.get(m.key) ?? m.key, (TOPIC_SHORT as Record<string, string>)[m.key] ?? m.key),
    )
    .sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99));
  const tested = new Set(topics.map((t) => t.key));
  const weakKeys = new Set(weakest(topicEntries, 3).map((m) => m.key));
  const totalW = topicEntries.reduce((s, m) => s + m.effective, 0);
  const overall = topicEntries.length
    ? {
        pct: pct(topicEntries.reduce((s, m) => s + m.mastery * m.effective, 0) / (totalW || 1)),
        count: evidence.length,
      }
    : null;

  // History: timed exams and trace attempts.
  const attemptsRows = await db.quizAttempt.findMany({
    where: { userId, status: 'SUBMITTED' },
    orderBy: { submittedAt: 'desc' },
    take: 200,
    select: {
      id: true,
      mode: true,
      title: true,
      submittedAt: true,
      startedAt: true,
      score: true,
      maxScore: true,
      _count: { select: { items: true } },
    },
  });
  const history: HistoryPoint[] = [];
  const attempts: AttemptRow[] = [];
  for (const a of attemptsRows) {
    const at = (a.submittedAt ?? a.startedAt).toISOString();
    const p = a.maxScore ? pct((a.score ?? 0) / a.maxScore) : null;
    if (a.mode === 'EXAM' && p !== null) history.push({ id: a.id, kind: 'exam', at, pct: p, title: a.title });
    attempts.push({
      id: a.id,
      kind: modeKind(a.mode),
      title: a.title,
      at,
      pct: p,
      detail: `${a._count.items} question${a._count.items === 1 ? '' : 's'}`,
      href: `/quizzes/${a.id}/review`,
    });
  }
  for (const t of traces) {
    history.push({
      id: t.id,
      kind: 'trace',
      at: t.createdAt.toISOString(),
      pct: pct(t.score),
      title: t.title,
    });
    attempts.push({
      id: t.id,
      kind: 'trace',
      title: t.title,
      at: t.createdAt.toISOString(),
      pct: pct(t.score),
      detail: `${t.mode === 'CHALLENGE' ? 'challenge' : 'learning'} · ${t.level}`,
      href: `/trace/attempts/${t.id}`,
    });
  }
  history.sort((a, b) => a.at.localeCompare(b.at));
  attempts.sort((a, b) => b.at.localeCompare(a.at));

  // Misconceptions, with a scenario that practises each.
  const events: MisconceptionEvent[] = [];
  for (const t of traces)
    events.push(...misconceptionEventsFromTrace(t.id, t.createdAt, t.scenarioId, t.findings));
  const seenAttempt = new Set<string>();
  for (const r of quiz) {
    if (r.question.type === 'interview') continue;
    for (const e of misconceptionEventsFromQuestion(r.attemptId, r.at, r.question.tags, r.score)) {
      const k = `${e.sourceId}|${e.id}`;
      if (seenAttempt.has(k)) continue; // once per attempt
      seenAttempt.add(k);
      events.push(e);
    }
  }
  const top = topMisconceptions(events, 5);
  const scenarios = top.length
    ? await db.scenario.findMany({
        where: { status: 'PUBLISHED', publishedVersion: { not: null } },
        select: { id: true, title: true, tags: true, difficulty: true },
        orderBy: [{ difficulty: 'asc' }, { id: 'asc' }],
      })
    : [];
  const bestBy = new Map<string, number>();
  for (const t of traces) bestBy.set(t.scenarioId, Math.max(bestBy.get(t.scenarioId) ?? 0, t.score));
  const misconceptions: MisconceptionRow[] = top.map((m) => {
    const candidates = scenarios.filter((s) => stringList(s.tags).includes(m.scenarioTag));
    // Prefer a scenario the learner has not mastered yet: not tried, then lowest best score.
    const pick = [...candidates].sort((a, b) => (bestBy.get(a.id) ?? -1) - (bestBy.get(b.id) ?? -1))[0];
    return {
      id: m.id,
      habit: m.habit,
      plain: m.plain,
      rule: m.rule,
      count: m.count,
      fromTraces: m.fromTraces,
      fromQuestions: m.fromQuestions,
      lastAt: m.lastAt.toISOString(),
      example: m.example ?? null,
      practise: pick ? { id: pick.id, title: pick.title } : null,
    };
  });

  // Review queue.
  const [dueToday, items, logs] = await Promise.all([
    countDue(db, userId, now),
    db.reviewItem.groupBy({ by: ['kind'], where: { userId }, _count: { _all: true }, _min: { due: true } }),
    db.reviewLog.findMany({ where: { item: { userId } }, select: { reviewedAt: true } }),
  ]);
  const byKind = { QUESTION: 0, SCENARIO_HOP: 0, INTERVIEW_POINT: 0 };
  let nextDue: Date | null = null;
  for (const g of items) {
    if (g.kind in byKind) byKind[g.kind as keyof typeof byKind] = g._count._all;
    if (g._min.due && (!nextDue || g._min.due < nextDue)) nextDue = g._min.due;
  }
  const dayStart = new Date(endOfDay(now).getTime() - 86_400_000);
  const review: ReviewSummary = {
    dueToday,
    total: byKind.QUESTION + byKind.SCENARIO_HOP + byKind.INTERVIEW_POINT,
    nextDue: nextDue?.toISOString() ?? null,
    byKind,
    reviewedToday: logs.filter((l) => l.reviewedAt >= dayStart && l.reviewedAt <= now).length,
    reviewedTotal: logs.length,
  };

  const optIn = user?.streaksOptIn ?? false;
  const streak = optIn
    ? computeStreak(
        [...quiz.map((r) => r.at), ...traces.map((t) => t.createdAt), ...logs.map((l) => l.reviewedAt)],
        now,
      )
    : null;
  const tagRows = masteryByTag(evidence, now)
    .map((m) => row(m, m.key, m.key))
    .sort((a, b) => a.pct - b.pct);

  return {
    now: now.toISOString(),
    empty: evidence.length === 0 && attempts.length === 0,
    halfLifeDays: HALF_LIFE_DAYS,
    confidenceK: CONFIDENCE_K,
    overall,
    topics,
    untested: TOPICS.filter((t) => !tested.has(t.slug)).map((t) => ({ key: t.slug, label: t.label })),
    weakest: topics.filter((t) => weakKeys.has(t.key)).sort((a, b) => a.pct - b.pct),
    tags: tagRows.slice(0, 12),
    history,
    attempts: attempts.slice(0, 40),
    misconceptions,
    review,
    streaksOptIn: optIn,
    streak,
  };
}

/** Opt in or out of the (private) streak display. */
export async function setStreaksOptIn(db: DbClient, userId: string, optIn: boolean): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { streaksOptIn: optIn } });
}

/** "Due today" for the home page: syncs first so a mistake made a minute ago counts tomorrow, as it should. */
export async function dueSummary(
  db: DbClient,
  userId: string,
  now: Date,
): Promise<{ dueToday: number; total: number }> {
  await syncReviewItems(db, userId);
  const [dueToday, total] = await Promise.all([
    countDue(db, userId, now),
    db.reviewItem.count({ where: { userId } }),
  ]);
  return { dueToday, total };
}
