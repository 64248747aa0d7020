/**
 * Seed step: a few weeks of realistic history for the demo learner (learner@packetpath.dev), so the progress
 * page and the review queue look alive on a fresh install.
 *
 * Insert-only and idempotent: it does nothing when the learner already has any quiz or trace attempt (their own
 * or an earlier seed's), or when the learner, the questions or the scenarios are missing. Deterministic: a
 * fixed-seed PRNG picks questions and mistakes; dates are relative to the seed run (the last 24 days).
 *
 * What it writes: practice rounds, timed exams (scores improving from ~55 % to ~80 %), a mock interview with
 * self-ratings, trace attempts graded by the real grader (a few with a known misconception, e.g. kube-proxy
 * after the ingress controller), the review items those mistakes create, and a week of past reviews (FSRS),
 * so some items are due today and others later.
 */
import type { DbClient } from '../lib/server/db/client.ts';
import { safeParseJson, toJson } from '../lib/server/db/json.ts';
import { buildModel, trace } from '../lib/engine/index.ts';
import type { Level } from '../lib/engine/index.ts';
import { cardIdsForPath, distractors, grade } from '../lib/grader/index.ts';
import { questionSchema, type Question } from '../lib/quiz/bank-schema.ts';
import { mulberry32, shuffleableIds, stableShuffle } from '../lib/quiz/present.ts';
import { correctResponse, scoreResponse, type QuizResponse } from '../lib/quiz/scoring.ts';
import { newSchedule, rate, type RatingValue } from '../lib/progress/fsrs.ts';
import {
  itemsFromQuizItem,
  itemsFromTraceAttempt,
  latestPerKey,
  parseFindings,
  type ReviewItemDraft,
} from '../lib/progress/review-items.ts';
import { parseScenario } from '../lib/scenario/index.ts';
import { DEMO_LEARNER_EMAIL } from './seed-demo-users.mts';
import type { SeedStep } from './seed.mts';

const DAY = 86_400_000;

/** How likely the demo learner gets a topic right at first (they improve over the weeks). */
const SKILL: Record<string, number> = {
  'pod-network': 0.85,
  cni: 0.7,
  services: 0.75,
  dns: 0.85,
  endpoints: 0.65,
  'kube-proxy': 0.45,
  'nodeport-lb': 0.5,
  ingress: 0.4,
  'gateway-api': 0.55,
  'api-gateway': 0.6,
  'network-policy': 0.35,
  'conntrack-nat': 0.5,
  'end-to-end': 0.55,
};

/** Scenarios to trace (if present), in order, with the day offset and the kind of answer. */
const TRACE_PLAN: { scenario: string; daysAgo: number; answer: 'misconception' | 'drop' | 'correct' }[] = [
  { scenario: '12-cloud-lb-ingress-nginx', daysAgo: 21, answer: 'misconception' },
  { scenario: '07-clusterip-short-name', daysAgo: 19, answer: 'misconception' },
  { scenario: '11-ingress-host-path-routing', daysAgo: 17, answer: 'misconception' },
  { scenario: '08-nodeport-cluster-policy', daysAgo: 15, answer: 'drop' },
  { scenario: '14-end-to-end-myapp-login', daysAgo: 12, answer: 'misconception' },
  { scenario: '12-cloud-lb-ingress-nginx', daysAgo: 10, answer: 'misconception' },
  { scenario: '03-pod-to-pod-same-node', daysAgo: 8, answer: 'correct' },
  { scenario: '11-ingress-host-path-routing', daysAgo: 6, answer: 'misconception' },
  { scenario: '16-no-ready-endpoints', daysAgo: 4, answer: 'drop' },
  { scenario: '12-cloud-lb-ingress-nginx', daysAgo: 2, answer: 'misconception' },
  { scenario: '07-clusterip-short-name', daysAgo: 1, answer: 'correct' },
];

type Rand = () => number;

function wrongResponse(q: Question, rand: Rand): QuizResponse {
  switch (q.type) {
    case 'single':
    case 'outcome': {
      const others = q.options.filter((o) => o.id !== q.answer);
      const pick = others[Math.floor(rand() * others.length)] ?? q.options[0]!;
      return { type: q.type, choice: pick.id };
    }
    case 'multiple': {
      const wrong = q.options.find((o) => !q.answer.includes(o.id));
      return { type: 'multiple', choices: [q.answer[0]!, ...(wrong ? [wrong.id] : [])] };
    }
    case 'truefalse':
      return { type: 'truefalse', value: !q.answer };
    case 'ordering':
      return { type: 'ordering', order: [...q.answer].reverse() };
    case 'short':
      return { type: 'short', text: 'not sure' };
    case 'interview':
      return { type: 'interview', text: 'I would explain the path hop by hop.', ticked: [] };
  }
}

interface LoadedQuestion {
  versionId: string;
  q: Question;
}

async function loadQuestions(db: DbClient): Promise<LoadedQuestion[]> {
  const rows = await db.question.findMany({
    where: { status: 'PUBLISHED', publishedVersion: { not: null } },
    select: { id: true, publishedVersion: true },
    orderBy: { id: 'asc' },
  });
  const versions = await db.questionVersion.findMany({
    where: { OR: rows.map((r) => ({ questionId: r.id, version: r.publishedVersion as number })) },
    select: { id: true, content: true },
  });
  return versions.flatMap((v) => {
    const q = safeParseJson(questionSchema, v.content);
    return q ? [{ versionId: v.id, q }] : [];
  });
}

interface QuizPlan {
  mode: 'PRACTICE' | 'EXAM' | 'INTERVIEW';
  title: string;
  daysAgo: number;
  count: number;
  /** Added to the skill: the learner improves. */
  boost: number;
  minutes?: number;
}

const QUIZ_PLAN: QuizPlan[] = [
  { mode: 'PRACTICE', title: 'Practice round', daysAgo: 23, count: 10, boost: -0.1 },
  { mode: 'EXAM', title: 'Quick ten', daysAgo: 22, count: 10, boost: -0.1, minutes: 12 },
  { mode: 'PRACTICE', title: 'Practice round', daysAgo: 20, count: 10, boost: -0.05 },
  { mode: 'EXAM', title: 'Interview sprint', daysAgo: 18, count: 15, boost: 0, minutes: 20 },
  { mode: 'INTERVIEW', title: 'Mock interview', daysAgo: 16, count: 2, boost: 0 },
  { mode: 'PRACTICE', title: 'Practice round', daysAgo: 14, count: 10, boost: 0.05 },
  { mode: 'EXAM', title: 'Quick ten', daysAgo: 11, count: 10, boost: 0.1, minutes: 12 },
  { mode: 'PRACTICE', title: 'Practice round', daysAgo: 9, count: 10, boost: 0.1 },
  { mode: 'EXAM', title: 'Interview sprint', daysAgo: 5, count: 15, boost: 0.15, minutes: 20 },
  { mode: 'INTERVIEW', title: 'Mock interview', daysAgo: 3, count: 2, boost: 0.1 },
  { mode: 'EXAM', title: 'Quick ten', daysAgo: 1, count: 10, boost: 0.2, minutes: 12 },
];

async function seedQuizzes(
  db: DbClient,
  userId: string,
  questions: LoadedQuestion[],
  now: Date,
  rand: Rand,
): Promise<ReviewItemDraft[]> {
  const drafts: ReviewItemDraft[] = [];
  const quiz = questions.filter((x) => x.q.type !== 'interview');
  const interview = questions.filter((x) => x.q.type === 'interview');
  for (const plan of QUIZ_PLAN) {
    const pool = plan.mode === 'INTERVIEW' ? interview : quiz;
    if (pool.length === 0) continue;
    const picked = stableShuffle(pool, `demo:${plan.daysAgo}:${plan.title}`).slice(0, plan.count);
    const startedAt = new Date(
      now.getTime() - plan.daysAgo * DAY - 3 * 3_600_000 + Math.floor(rand() * 3_600_000),
    );
    const submittedAt = new Date(startedAt.getTime() + picked.length * 70_000);
    const attempt = await db.quizAttempt.create({
      data: {
        userId,
        mode: plan.mode,
        title: plan.title,
        config: toJson({
          topics: [],
          difficulties: [],
          count: picked.length,
          minutes: plan.minutes ?? null,
          preset: null,
        }),
        status: 'SUBMITTED',
        finalisedBy: 'USER',
        startedAt,
        deadline: plan.minutes ? new Date(startedAt.getTime() + plan.minutes * 60_000) : null,
        submittedAt,
      },
      select: { id: true },
    });
    let total = 0;
    const items = picked.map(({ versionId, q }, position) => {
      const answeredAt = new Date(startedAt.getTime() + (position + 1) * 60_000);
      let response: QuizResponse;
      let score: number;
      let selfRating: number | null = null;
      if (q.type === 'interview') {
        const covered = q.rubric.map((_, i) => i).filter(() => rand() < 0.55 + plan.boost);
        response = {
          type: 'interview',
          text: 'Walk through DNS, then the Service VIP and the DNAT on the client node, then the Pod.',
          ticked: covered,
        };
        score = scoreResponse(q, response);
        selfRating = Math.max(1, Math.min(4, Math.round(score * 4)));
      } else {
        const right = rand() < Math.min(0.95, (SKILL[q.topic] ?? 0.6) + plan.boost);
        response = right ? correctResponse(q) : wrongResponse(q, rand);
        score = scoreResponse(q, response);
      }
      total += score;
      drafts.push(
        ...itemsFromQuizItem({
          attemptId: attempt.id,
          questionId: q.id,
          type: q.type,
          topic: q.topic,
          prompt: q.prompt,
          score,
          selfRating,
          ticked: response.type === 'interview' ? response.ticked : [],
          rubric: q.type === 'interview' ? q.rubric : [],
          at: plan.mode === 'EXAM' ? submittedAt : answeredAt,
        }),
      );
      return {
        attemptId: attempt.id,
        position,
        questionVersionId: versionId,
        optionOrder: toJson(stableShuffle(shuffleableIds(q), `${attempt.id}:${q.id}`)),
        response: toJson(response),
        revision: 1,
        answeredAt: plan.mode === 'EXAM' ? null : answeredAt,
        score,
        selfRating,
      };
    });
    await db.quizItem.createMany({ data: items });
    await db.quizAttempt.update({
      where: { id: attempt.id },
      data: { score: Math.round(total * 100) / 100, maxScore: items.length },
    });
  }
  return drafts;
}

async function seedTraces(
  db: DbClient,
  userId: string,
  now: Date,
): Promise<{ drafts: ReviewItemDraft[]; count: number }> {
  const drafts: ReviewItemDraft[] = [];
  let count = 0;
  for (const plan of TRACE_PLAN) {
    const s = await db.scenario.findUnique({
      where: { id: plan.scenario },
      select: { id: true, title: true, topic: true, status: true, publishedVersion: true },
    });
    if (!s || s.status !== 'PUBLISHED' || s.publishedVersion === null) continue;
    const v = await db.scenarioVersion.findUnique({
      where: { scenarioId_version: { scenarioId: s.id, version: s.publishedVersion } },
    });
    if (!v) continue;
    const parsed = parseScenario(v.yaml, `${s.id}.yaml`);
    if (!parsed.ok) continue;
    let model;
    let t;
    try {
      model = buildModel(parsed.input);
      t = trace(model);
    } catch {
      continue; // the engine cannot trace it (yet): skip, the rest of the history still seeds
    }
    const spec = parsed.input.scenario.spec;
    const level: Level = spec.level;
    const path = t.paths[0];
    if (!path) continue;
    const correct = cardIdsForPath(path, level);
    const opts = { askDisposition: spec.askDisposition, model };
    let cards = correct;
    if (plan.answer === 'drop' && correct.length > 2)
      cards = correct.filter((_, i) => i !== Math.floor(correct.length / 2));
    if (plan.answer === 'misconception') {
      // Insert a distractor where the grader recognises its misconception (else the first position that grades lower).
      let best: string[] | undefined;
      for (const d of distractors(t, model, level)) {
        for (let i = 1; i < correct.length && !best; i++) {
          const tryCards = [...correct.slice(0, i), d.card.id, ...correct.slice(i)];
          if (
            grade(t, { cards: tryCards }, level, opts).findings.some(
              (f) => f.misconception && f.code !== 'seed_simplification',
            )
          )
            best = tryCards;
        }
        if (best) break;
      }
      cards = best ?? correct.slice(0, -1);
      // Early on the learner also forgets a hop: the scores improve over the weeks.
      if (plan.daysAgo >= 12 && cards.length > 3) cards = cards.filter((_, i) => i !== cards.length - 2);
    }
    const answer = {
      cards,
      ...(spec.askDisposition
        ? { disposition: plan.answer === 'correct' ? t.disposition : path.disposition }
        : {}),
    };
    const r = grade(t, answer, level, opts);
    const createdAt = new Date(now.getTime() - plan.daysAgo * DAY - 5 * 3_600_000);
    const session = await db.traceSession.create({
      data: {
        userId,
        scenarioVersionId: v.id,
        requestId: t.requestId,
        level,
        mode: 'CHALLENGE',
        createdAt: new Date(createdAt.getTime() - 240_000),
        submittedAt: createdAt,
      },
    });
    const attempt = await db.traceAttempt.create({
      data: {
        sessionId: session.id,
        userId,
        scenarioVersionId: v.id,
        requestId: t.requestId,
        level,
        mode: 'CHALLENGE',
        answer: toJson(answer),
        score: r.score,
        pathScore: r.pathScore,
        dispositionCorrect: r.dispositionCorrect ?? null,
        penalty: 0,
        findings: toJson(r.findings),
        closestPathId: r.closestPathId,
        createdAt,
      },
    });
    count++;
    drafts.push(
      ...itemsFromTraceAttempt({
        id: attempt.id,
        scenarioId: s.id,
        scenarioTitle: s.title,
        topic: s.topic,
        requestId: t.requestId,
        level,
        createdAt,
        findings: parseFindings(r.findings),
      }),
    );
  }
  return { drafts, count };
}

/** Review items for the mistakes, with past reviews replayed through FSRS up to now. */
async function seedReviews(
  db: DbClient,
  userId: string,
  drafts: ReviewItemDraft[],
  now: Date,
  rand: Rand,
): Promise<number> {
  let reviews = 0;
  for (const d of latestPerKey(drafts)) {
    let s = newSchedule(new Date(d.sourceAt.getTime() + DAY));
    const logs: { rating: number; state: number; due: Date; reviewedAt: Date }[] = [];
    // Review whatever fell due before yesterday, like a learner who comes back most days.
    while (s.due.getTime() < now.getTime() - DAY && logs.length < 4) {
      const at = new Date(s.due.getTime() + Math.floor(rand() * 6) * 3_600_000);
      const rating: RatingValue = rand() < 0.25 ? 1 : rand() < 0.2 ? 2 : rand() < 0.85 ? 3 : 4;
      const r = rate(s, rating, at);
      logs.push(r.log);
      s = r.next;
    }
    await db.reviewItem.create({
      data: {
        userId,
        kind: d.kind,
        key: d.key,
        payload: toJson(d.payload),
        sourceId: d.sourceId,
        ...s,
        createdAt: d.sourceAt,
        logs: { create: logs },
      },
    });
    reviews += logs.length;
  }
  return reviews;
}

export const demoHistoryStep: SeedStep = {
  name: 'demo learner history',
  async run(db) {
    const user = await db.user.findUnique({ where: { email: DEMO_LEARNER_EMAIL }, select: { id: true } });
    if (!user) return { summary: 'skipped (no demo learner)' };
    const [quizzes, traces] = await Promise.all([
      db.quizAttempt.count({ where: { userId: user.id } }),
      db.traceAttempt.count({ where: { userId: user.id } }),
    ]);
    if (quizzes + traces > 0) return { summary: 'skipped (the demo learner has history)' };
    const questions = await loadQuestions(db);
    if (questions.length === 0) return { summary: 'skipped (no published questions)' };
    const now = new Date();
    const rand = mulberry32(20261126);
    const quizDrafts = await seedQuizzes(db, user.id, questions, now, rand);
    const t = await seedTraces(db, user.id, now);
    const reviews = await seedReviews(db, user.id, [...quizDrafts, ...t.drafts], now, rand);
    return {
      summary: `added ${QUIZ_PLAN.length} quiz attempts, ${t.count} trace attempts and ${reviews} past reviews`,
    };
  },
};
