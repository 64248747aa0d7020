import 'server-only';
/**
 * "Trace this request": the data-access layer behind the scenario library, the player and the result page.
 *
 * - Opening the player issues a TraceSession (scenario version, request, level, mode). Hints are recorded on
 *   it here, server side, with their penalty; a submission consumes it exactly once, so a replayed or forged
 *   submission is refused (409 / 404) and nothing is stored.
 * - The browser only ever gets the palette (opaque card ids and labels) and a diagram built from the
 *   scenario's objects. The TraceSet, the expected path, distractor flags and finding metadata stay here
 *   until the attempt exists; the result view then shows everything.
 * - The engine's grader decides the score (engine-adapter.ts). The client never does.
 *
 * Every function takes the acting user's id and `now`; errors are `{ ok: false, status, message }` values.
 */
import { randomBytes } from 'node:crypto';
import type { DbClient } from '@/lib/server/db/client';
import type { Disposition, Level } from '@/lib/engine';
import { TOPIC_LABELS, TOPIC_SLUGS } from '@/lib/quiz/bank-schema';
import {
  cachedScenario,
  compiledScenario,
  compiledVariant,
  VARIANT_SEED,
  variantKey,
  findingsJson,
  gradeAnswer,
  hintFor,
  projectPath,
  ScenarioCompileError,
  type CompiledScenario,
  type GradeResult,
} from './engine-adapter';
import { learnerFrames } from '@/lib/trace-player/replay';
import { toResultPath } from '@/lib/trace-player/result-path';
import { clientUrl } from '@/lib/server/db/client';
import { hotPath } from '../hot-path';
import type {
  AttemptView,
  CheckStatus,
  CheckView,
  HintView,
  LibraryItem,
  LibraryView,
  PlayerView,
} from '@/lib/trace-player/views';
export type {
  AttemptView,
  CheckView,
  HintView,
  LibraryItem,
  LibraryView,
  PlayerView,
} from '@/lib/trace-player/views';
import {
  HINT_COSTS,
  type AnswerInput,
  type HintKind,
  type LibrarySearch,
  type PlayerMode,
} from '@/lib/validation/trace';
import { isDisposition, outcomeLabel, setOutcomeLabel } from '@/lib/trace-player/outcomes';
import { log } from '@/lib/server/observability/log';
import {
  examLockFor,
  examLockMessage,
  openExamLocks,
  resultLockMessage,
  type ExamLock,
} from '@/lib/server/quiz/exam-lock';
import { fromJson, jsonParam, stringList, toJson } from '@/lib/server/db/json';

export interface TraceError {
  ok: false;
  status: 400 | 403 | 404 | 409 | 410 | 422 | 503;
  message: string;
}
export type TraceResult<T> = ({ ok: true } & T) | TraceError;
const err = (status: TraceError['status'], message: string): TraceError => ({ ok: false, status, message });

const LEVELS: readonly Level[] = ['textbook', 'coarse', 'wire'];
const isLevel = (v: string): v is Level => (LEVELS as readonly string[]).includes(v);

/** Label of a topic slug (question-bank topics), else the slug made readable. */
export function topicLabel(slug: string): string {
  return (
    (TOPIC_LABELS as Record<string, string>)[slug] ??
    slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
  );
}

/** Curriculum order of a topic (inside a Pod → out to the internet); unknown topics last. */
function topicRank(slug: string): number {
  const i = (TOPIC_SLUGS as readonly string[]).indexOf(slug);
  return i < 0 ? TOPIC_SLUGS.length : i;
}

// ---------------------------------------------------------------------------------------------------------
// Library
// ---------------------------------------------------------------------------------------------------------

/** Published scenarios with the learner's best score, filtered and searched. */
export async function listLibrary(db: DbClient, userId: string, search: LibrarySearch): Promise<LibraryView> {
  const rows = await db.scenario.findMany({
    where: { status: 'PUBLISHED', publishedVersion: { not: null } },
    select: { id: true, title: true, topic: true, difficulty: true, level: true, tags: true },
    orderBy: [{ topic: 'asc' }, { difficulty: 'asc' }, { id: 'asc' }],
  });
  const attempts = await db.traceAttempt.findMany({
    where: { userId },
    select: { score: true, scenarioVersion: { select: { scenarioId: true } } },
  });
  const best = new Map<string, { best: number; n: number }>();
  for (const a of attempts) {
    const id = a.scenarioVersion.scenarioId;
    const cur = best.get(id);
    best.set(id, { best: Math.max(cur?.best ?? 0, a.score), n: (cur?.n ?? 0) + 1 });
  }
  const all: LibraryItem[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    topic: r.topic,
    topicLabel: topicLabel(r.topic),
    difficulty: r.difficulty,
    level: isLevel(r.level) ? r.level : 'coarse',
    tags: stringList(r.tags),
    best: best.get(r.id)?.best ?? null,
    attempts: best.get(r.id)?.n ?? 0,
  }));
  const counts = new Map<string, number>();
  for (const i of all) counts.set(i.topic, (counts.get(i.topic) ?? 0) + 1);
  const q = search.q?.trim().toLowerCase();
  const items = all.filter(
    (i) =>
      (!search.topic || i.topic === search.topic) &&
      (!search.difficulty || String(i.difficulty) === search.difficulty) &&
      (!search.level || i.level === search.level) &&
      (!q ||
        i.title.toLowerCase().includes(q) ||
        i.id.includes(q) ||
        i.topicLabel.toLowerCase().includes(q) ||
        i.tags.some((t) => t.toLowerCase().includes(q))),
  );
  const topics = [...counts.entries()]
    .map(([slug, count]) => ({ slug, label: topicLabel(slug), count }))
    .sort((a, b) => topicRank(a.slug) - topicRank(b.slug) || a.label.localeCompare(b.label));
  items.sort(
    (a, b) =>
      topicRank(a.topic) - topicRank(b.topic) ||
      a.difficulty - b.difficulty ||
      a.title.localeCompare(b.title),
  );
  return { items, topics, total: all.length };
}

/**
 * Endless practice: the published scenarios of a topic the learner is weakest on — the untried ones, else
 * those with the lowest best score (up to three, for the caller to pick from). Exam integrity: a scenario an
 * open timed exam of the learner asks about (lib/server/quiz/exam-lock.ts) is never offered — a variant keeps
 * the scenario's outcome, so it would answer the exam's question; `paused` is that lock when it kept any
 * scenario of the topic out (the topic comes back whole when the exam closes).
 */
export async function practiceCandidates(
  db: DbClient,
  userId: string,
  topic: string,
  now: Date = new Date(),
): Promise<{ ids: string[]; paused: ExamLock | null }> {
  const [lib, locks] = await Promise.all([
    listLibrary(db, userId, { topic }),
    openExamLocks(db, userId, now),
  ]);
  let paused: ExamLock | null = null;
  const items = lib.items.filter((i) => {
    if (i.topic !== topic) return false;
    const lock = locks.scenarios.get(i.id);
    if (lock) paused ??= lock;
    return !lock;
  });
  const untried = items.filter((i) => i.attempts === 0);
  const ids =
    untried.length > 0
      ? untried.slice(0, 3).map((i) => i.id)
      : [...items]
          .sort((a, b) => (a.best ?? 0) - (b.best ?? 0) || a.id.localeCompare(b.id))
          .slice(0, 3)
          .map((i) => i.id);
  return { ids, paused };
}

// ---------------------------------------------------------------------------------------------------------
// Player
// ---------------------------------------------------------------------------------------------------------

async function loadPublished(db: DbClient, scenarioId: string) {
  const scenario = await db.scenario.findUnique({ where: { id: scenarioId } });
  if (!scenario || scenario.status !== 'PUBLISHED' || scenario.publishedVersion === null) return null;
  const version = await db.scenarioVersion.findUnique({
    where: { scenarioId_version: { scenarioId, version: scenario.publishedVersion } },
  });
  if (!version) return null;
  return { scenario, version };
}

function compileOrError(
  versionId: string,
  yaml: string,
  file: string,
): { ok: true; c: CompiledScenario } | TraceError {
  try {
    return { ok: true, c: compiledScenario(versionId, yaml, file) };
  } catch (e) {
    if (e instanceof ScenarioCompileError) return compileFailure(e);
    throw e;
  }
}

/** The fresh variant of a version for a request and seed, compiled on the server (lib/review/variant.ts). */
function compiledVariantOrError(
  versionId: string,
  yaml: string,
  scenarioId: string,
  requestId: string,
  seed: string,
): { ok: true; c: CompiledScenario } | TraceError {
  try {
    const c = compiledVariant(versionId, yaml, `${scenarioId}.yaml`, requestId, seed);
    if (!c)
      return err(
        422,
        'No fresh variant of this scenario keeps its lesson for this seed. Practise the scenario itself, or ask for another variant.',
      );
    return { ok: true, c };
  } catch (e) {
    if (e instanceof ScenarioCompileError) return compileFailure(e);
    throw e;
  }
}

function playerView(
  c: CompiledScenario,
  session: { id: string; level: string; mode: string; requestId: string; hintsUsed: number; penalty: number },
  meta: { version: number },
): PlayerView {
  const spec = c.input.scenario.spec;
  const level = isLevel(session.level) ? session.level : spec.level;
  const t = c.traceOf(session.requestId);
  return {
    sessionId: session.id,
    scenario: {
      id: c.input.scenario.metadata.name,
      title: spec.title,
      prompt: spec.prompt,
      topic: spec.topic ?? 'general',
      topicLabel: topicLabel(spec.topic ?? 'general'),
      difficulty: spec.difficulty,
      defaultLevel: spec.level,
      tags: spec.tags,
      askDisposition: spec.askDisposition,
      version: meta.version,
    },
    request: t.summary,
    requests: c.requestIds.map((id) => ({ id, current: id === session.requestId })),
    mode: session.mode === 'CHALLENGE' ? 'challenge' : 'learning',
    level,
    // Copy only the public card fields (never anything the grader keeps on the side).
    palette: c.paletteOf(session.requestId, level).map((k) => ({
      id: k.id,
      layer: k.layer,
      label: k.label,
      ...(k.object !== undefined ? { object: k.object } : {}),
    })),
    diagram: c.diagram(session.requestId),
    hintCosts: HINT_COSTS,
    hintsUsed: session.hintsUsed,
    penalty: session.penalty,
    ...(c.variant ? { variant: { seed: c.variant.seed } } : {}),
  };
}

/** Open the player: issue a session on the published version of a scenario. */
export async function openSession(
  db: DbClient,
  userId: string,
  scenarioId: string,
  opts: { mode: PlayerMode; level?: Level; variant?: string; request?: string },
  now: Date,
): Promise<TraceResult<{ view: PlayerView }>> {
  const found = await loadPublished(db, scenarioId);
  if (!found) return err(404, 'This scenario is not in the library.');
  const compiled = compileOrError(found.version.id, found.version.yaml, `${scenarioId}.yaml`);
  if (!compiled.ok) return compiled;
  let c = compiled.c;
  const requestId = opts.request ?? c.requestIds[0];
  if (!requestId) return err(503, 'This scenario has no request to trace.');
  if (!c.requestIds.includes(requestId))
    return err(
      400,
      `This scenario has no request "${requestId}". Its requests are ${c.requestIds.map((id) => `"${id}"`).join(', ')}: open /trace/${scenarioId}?request=<one of them>, or leave ?request out for the first.`,
    );
  const variantSeed = opts.variant ?? null;
  if (variantSeed !== null) {
    if (!VARIANT_SEED.test(variantSeed))
      return err(400, 'A variant is named by 1–16 lower-case letters and digits, e.g. ?variant=k3x9.');
    const v = compiledVariantOrError(
      found.version.id,
      found.version.yaml,
      scenarioId,
      requestId,
      variantSeed,
    );
    if (!v.ok) return v;
    c = v.c;
  }
  const level = opts.level ?? c.input.scenario.spec.level;
  try {
    c.paletteOf(requestId, level);
  } catch (e) {
    if (e instanceof ScenarioCompileError) return compileFailure(e);
    throw e;
  }
  const mode = opts.mode === 'challenge' ? 'CHALLENGE' : 'LEARNING';
  // Hints are paid for per exercise, not per page view: reopening the player (another tab, a reload, the other
  // mode) reuses the open session, and a new session starts with the highest penalty already taken on this
  // exercise, so hints taken in one session cannot be dodged by submitting from a fresh one.
  const open = await db.traceSession.findMany({
    where: { userId, scenarioVersionId: found.version.id, requestId, level, variantSeed, submittedAt: null },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true, level: true, mode: true, requestId: true, hintsUsed: true, penalty: true },
  });
  const reusable = open.find((o) => o.mode === mode);
  if (reusable) return { ok: true, view: playerView(c, reusable, { version: found.version.version }) };
  const carried = open.reduce((best, o) => (o.penalty > best.penalty ? o : best), {
    penalty: 0,
    hintsUsed: 0,
  });
  const session = await db.traceSession.create({
    data: {
      userId,
      scenarioVersionId: found.version.id,
      requestId,
      level,
      mode,
      variantSeed,
      hintsUsed: carried.hintsUsed,
      penalty: carried.penalty,
      createdAt: now,
    },
  });
  return { ok: true, view: playerView(c, session, { version: found.version.version }) };
}

/**
 * An authored scenario that fails to compile is an authoring bug, not the learner's: log the detail (file,
 * line, engine message) for admins and show the learner a message without internals.
 */
function compileFailure(e: Error): TraceError {
  log.error({ event: 'engine.compile_failed', err: e }, 'scenario failed to compile');
  return err(
    503,
    'This scenario cannot be traced right now (the problem is logged for the admins). Try another scenario from the library.',
  );
}

/** The session with its scenario's id and status (one prepared statement: the hot path of grading). */
async function loadSession(db: DbClient, userId: string, sessionId: string) {
  const row = await hotPath(clientUrl(db)).readTraceSession(sessionId);
  if (!row || row.userId !== userId) return null;
  return row;
}

type LoadedSession = NonNullable<Awaited<ReturnType<typeof loadSession>>>;

async function compiledVersion(
  db: DbClient,
  versionId: string,
  scenarioId: string,
  variant?: { requestId: string; seed: string },
): Promise<{ ok: true; c: CompiledScenario } | TraceError> {
  const hit = cachedScenario(variant ? variantKey(versionId, variant.requestId, variant.seed) : versionId);
  if (hit) return { ok: true, c: hit };
  const v = await db.scenarioVersion.findUnique({ where: { id: versionId }, select: { yaml: true } });
  if (!v) return err(404, 'This scenario version no longer exists.');
  if (variant) return compiledVariantOrError(versionId, v.yaml, scenarioId, variant.requestId, variant.seed);
  return compileOrError(versionId, v.yaml, `${scenarioId}.yaml`);
}

/** The session, ready for grading; refuses submitted sessions and scenarios no longer published. */
async function activeSession(
  db: DbClient,
  userId: string,
  sessionId: string,
): Promise<TraceResult<{ session: LoadedSession; c: CompiledScenario; level: Level }>> {
  const session = await loadSession(db, userId, sessionId);
  if (!session)
    return err(404, 'This exercise is not one of yours. Open the scenario again from the library.');
  if (session.submitted)
    return err(409, 'This exercise was already submitted. Open the scenario again to make a new attempt.');
  if (session.scenarioStatus !== 'PUBLISHED')
    return err(410, 'This scenario is no longer published, so it cannot be graded.');
  const compiled = await compiledVersion(
    db,
    session.scenarioVersionId,
    session.scenarioId,
    session.variantSeed ? { requestId: session.requestId, seed: session.variantSeed } : undefined,
  );
  if (!compiled.ok) return compiled;
  const level = isLevel(session.level) ? session.level : compiled.c.input.scenario.spec.level;
  return { ok: true, session, c: compiled.c, level };
}

/** Check an answer's shape against the session's palette: every card must be one the player was given. */
function validateAnswer(
  c: CompiledScenario,
  requestId: string,
  level: Level,
  answer: AnswerInput,
  requireOutcome: boolean,
): TraceError | null {
  const ids = c.paletteIds(requestId, level);
  const unknown = answer.cards.find((id) => !ids.has(id));
  if (unknown !== undefined)
    return err(
      400,
      'Your path contains a card that is not part of this exercise. Reload the page and build the path again.',
    );
  if (requireOutcome && c.input.scenario.spec.askDisposition && answer.disposition === undefined)
    return err(400, 'Choose what happens to the request (the outcome) before you submit.');
  return null;
}

function answerFor(c: CompiledScenario, answer: AnswerInput): { cards: string[]; disposition?: Disposition } {
  const a: { cards: string[]; disposition?: Disposition } = { cards: [...answer.cards] };
  if (c.input.scenario.spec.askDisposition && answer.disposition !== undefined)
    a.disposition = answer.disposition;
  return a;
}

/** Learning mode: which placed cards are right so far (free; no explanation, no score). */
export async function checkAnswer(
  db: DbClient,
  userId: string,
  sessionId: string,
  answer: AnswerInput,
  now: Date = new Date(),
): Promise<TraceResult<{ check: CheckView }>> {
  const a = await activeSession(db, userId, sessionId);
  if (!a.ok) return a;
  const locked = await examLocked(db, userId, a.session.scenarioId, now);
  if (locked) return locked;
  if (a.session.mode !== 'LEARNING')
    return err(403, 'Checks are for learning mode; a challenge is graded once, when you submit.');
  const bad = validateAnswer(a.c, a.session.requestId, a.level, answer, false);
  if (bad) return bad;
  const r = gradeAnswer(a.c, a.session.requestId, a.level, answerFor(a.c, answer));
  const positions: CheckStatus[] = answer.cards.map(() => 'wrong');
  let missing = 0;
  for (const f of r.findings) {
    if (f.code === 'missing') missing++;
    if (f.index === undefined || f.index >= positions.length) continue;
    positions[f.index] =
      f.code === 'correct' || f.code === 'seed_simplification'
        ? 'ok'
        : f.code === 'out_of_order'
          ? 'misplaced'
          : 'wrong';
  }
  const check: CheckView = {
    positions,
    missing,
    complete: missing === 0 && positions.every((p) => p === 'ok'),
  };
  if (a.c.input.scenario.spec.askDisposition && answer.disposition !== undefined)
    check.outcomeCorrect = r.dispositionCorrect === true;
  return { ok: true, check };
}

/** Learning mode: reveal the next hop or explain the first mistake; the penalty is recorded on the session. */
export async function takeHint(
  db: DbClient,
  userId: string,
  sessionId: string,
  kind: HintKind,
  answer: AnswerInput,
  now: Date = new Date(),
): Promise<TraceResult<{ hint: HintView }>> {
  const a = await activeSession(db, userId, sessionId);
  if (!a.ok) return a;
  const locked = await examLocked(db, userId, a.session.scenarioId, now);
  if (locked) return locked;
  if (a.session.mode !== 'LEARNING') return err(403, 'Hints are off in challenge mode.');
  const bad = validateAnswer(a.c, a.session.requestId, a.level, answer, false);
  if (bad) return bad;
  const ans = answerFor(a.c, answer);
  const palette = a.c.paletteOf(a.session.requestId, a.level);
  const labelOf = (id: string) => palette.find((k) => k.id === id)?.label ?? id;
  let message: string;
  let charged = false;
  let card: HintView['card'];
  let position: number | undefined;
  if (kind === 'next') {
    const r = gradeAnswer(a.c, a.session.requestId, a.level, ans);
    let insertAt = 0;
    const next = r.findings.find((f) => {
      if (f.code === 'missing') return true;
      if (f.index !== undefined && f.code !== 'extra' && f.code !== 'wrong_object') insertAt = f.index + 1;
      return false;
    });
    if (next) {
      const e = next.expectedIndex !== undefined ? r.expected[next.expectedIndex] : undefined;
      card = { id: next.card, label: labelOf(next.card) };
      position = Math.min(insertAt, answer.cards.length);
      message = `Next hop: ${card.label}${e?.rules[0] ? ` (${e.rules[0]})` : ''}. It goes at position ${position + 1} of your path.`;
      charged = true;
    } else {
      message =
        'No hop is missing: every required hop of a valid path is on your path. Check the order and the cards that should not be there.';
    }
  } else {
    const h = hintFor(a.c, a.session.requestId, a.level, ans);
    switch (h.kind) {
      case 'misconception':
      case 'remove':
      case 'move':
        message = `Position ${h.index + 1}: ${h.message}`;
        charged = true;
        break;
      case 'outcome':
        message = h.message;
        charged = true;
        break;
      case 'next':
        message =
          'No mistake so far: every card you placed is on a valid path, in order. What is missing is the next hop.';
        break;
      case 'complete':
        message = 'No mistake to explain: your path matches a valid path.';
        break;
    }
  }
  const cost = HINT_COSTS[kind];
  let hintsUsed = a.session.hintsUsed;
  let penalty = a.session.penalty;
  if (charged) {
    // Increment in the database (not read-modify-write) so two concurrent hints both count.
    const updated = await db.traceSession.update({
      where: { id: a.session.id },
      data: { hintsUsed: { increment: 1 }, penalty: { increment: cost } },
      select: { hintsUsed: true, penalty: true },
    });
    hintsUsed = updated.hintsUsed;
    penalty = updated.penalty;
  }
  const hint: HintView = { kind, message, charged, cost, hintsUsed, penalty };
  if (card) hint.card = card;
  if (position !== undefined) hint.position = position;
  return { ok: true, hint };
}

/** Grade a submission, consume the session and store the attempt. */
export async function submitAnswer(
  db: DbClient,
  userId: string,
  sessionId: string,
  answer: AnswerInput,
  now: Date,
): Promise<TraceResult<{ attemptId: string; score: number }>> {
  const a = await activeSession(db, userId, sessionId);
  if (!a.ok) return a;
  const locked = await examLocked(db, userId, a.session.scenarioId, now);
  if (locked) return locked;
  if (answer.cards.length === 0) return err(400, 'Place at least one card on your path before you submit.');
  const bad = validateAnswer(a.c, a.session.requestId, a.level, answer, true);
  if (bad) return bad;
  const ans = answerFor(a.c, answer);
  const r = gradeAnswer(a.c, a.session.requestId, a.level, ans);
  const penalty = a.session.penalty;
  const score = Math.max(0, r.score - penalty);
  const attemptId = newId();
  // One transaction on the fast store: TraceAttempt.sessionId is unique, so a replay racing this one fails.
  const outcome = await hotPath(clientUrl(db)).storeTraceAttempt({
    id: attemptId,
    sessionId: a.session.id,
    userId,
    scenarioVersionId: a.session.scenarioVersionId,
    requestId: a.session.requestId,
    level: a.level,
    mode: a.session.mode,
    answer: jsonParam(ans),
    score,
    pathScore: r.pathScore,
    dispositionCorrect: r.dispositionCorrect ?? null,
    penalty,
    findings: findingsJson(a.c, r),
    closestPathId: r.closestPathId,
    createdAt: now,
  });
  if (outcome === 'conflict')
    return err(409, 'This exercise was already submitted. Open the scenario again to make a new attempt.');
  // The draft of this request is done with (a later draft save on this session is refused: it is submitted);
  // a draft of another of the scenario's requests stays.
  const first = a.session.requestId === a.c.requestIds[0];
  await db.traceDraft.deleteMany({
    where: {
      userId,
      scenarioId: a.session.scenarioId,
      requestId: { in: first ? [a.session.requestId, ''] : [a.session.requestId] },
    },
  });
  return { ok: true, attemptId, score };
}

/** The learner's path so far, as saved by the player's autosave and restored when the player opens. */
export interface TraceDraftView {
  cards: string[];
  disposition?: Disposition;
  savedAt: string;
}

/**
 * Autosave: keep the learner's path so far (one draft per learner and scenario), on an open session of
 * theirs. Refuses what a submission refuses (another's session, a submitted one, cards not in the palette),
 * but an empty path or a missing outcome is a fine draft.
 */
export async function saveDraft(
  db: DbClient,
  userId: string,
  sessionId: string,
  answer: AnswerInput,
  now: Date,
): Promise<TraceResult<{ savedAt: string }>> {
  const a = await activeSession(db, userId, sessionId);
  if (!a.ok) return a;
  const bad = validateAnswer(a.c, a.session.requestId, a.level, answer, false);
  if (bad) return bad;
  const data = {
    requestId: a.session.requestId,
    mode: a.session.mode,
    level: a.level,
    cards: toJson(answer.cards),
    disposition: answer.disposition ?? null,
    updatedAt: now,
  };
  await db.traceDraft.upsert({
    where: { userId_scenarioId: { userId, scenarioId: a.session.scenarioId } },
    create: { userId, scenarioId: a.session.scenarioId, ...data },
    update: data,
  });
  return { ok: true, savedAt: now.toISOString() };
}

/**
 * The draft to resume in a player just opened: only one saved for the same request, in the same mode and level
 * (card ids differ per level), and only the cards that are still in the palette.
 */
export async function loadDraft(
  db: DbClient,
  userId: string,
  view: PlayerView,
): Promise<TraceDraftView | null> {
  const d = await db.traceDraft.findUnique({
    where: { userId_scenarioId: { userId, scenarioId: view.scenario.id } },
  });
  const mode = view.mode === 'challenge' ? 'CHALLENGE' : 'LEARNING';
  if (!d || d.level !== view.level || d.mode !== mode) return null;
  // One draft per scenario: the path of the request last worked on ('' = saved before other requests could be
  // opened, so the first), never shown on another request's player.
  const request = view.requests.find((r) => r.current)?.id;
  if ((d.requestId || view.requests[0]?.id) !== request) return null;
  const ids = new Set(view.palette.map((c) => c.id));
  const cards = stringList(d.cards).filter((c) => ids.has(c));
  const disposition =
    view.scenario.askDisposition && d.disposition && isDisposition(d.disposition) ? d.disposition : undefined;
  if (cards.length === 0 && !disposition) return null;
  return { cards, ...(disposition ? { disposition } : {}), savedAt: d.updatedAt.toISOString() };
}

/** A 403 while an open timed exam asks about this scenario (lib/server/quiz/exam-lock.ts), else null. */
async function examLocked(db: DbClient, userId: string, scenarioId: string, now: Date) {
  const lock = await examLockFor(db, userId, scenarioId, now);
  return lock ? err(403, examLockMessage(lock)) : null;
}

/** A collision-free id for the attempt (cuid-like: lower-case, URL-safe). */
function newId(): string {
  return `ta${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------------------------------

/**
 * The result of an attempt, with everything revealed. Exam integrity: while an open timed exam of the learner
 * asks about the attempt's scenario, the result (its outcome, the valid paths, the what-if switches that
 * re-trace the cluster in the browser) is refused with 403 and the reason, like the player's checks; it opens
 * again when the exam is submitted or its time runs out.
 */
export async function getAttemptView(
  db: DbClient,
  userId: string,
  attemptId: string,
  now: Date = new Date(),
): Promise<TraceResult<{ view: AttemptView }>> {
  const attempt = await db.traceAttempt.findUnique({
    where: { id: attemptId },
    include: {
      scenarioVersion: { include: { scenario: true } },
      session: { select: { variantSeed: true } },
    },
  });
  if (!attempt || attempt.userId !== userId) return err(404, 'No such attempt.');
  const sv = attempt.scenarioVersion;
  const lock = await examLockFor(db, userId, sv.scenarioId, now);
  if (lock) return err(403, resultLockMessage(lock));
  const seed = attempt.session.variantSeed;
  const compiled = seed
    ? compiledVariantOrError(sv.id, sv.yaml, sv.scenarioId, attempt.requestId, seed)
    : compileOrError(sv.id, sv.yaml, `${sv.scenarioId}.yaml`);
  if (!compiled.ok) return compiled;
  const c = compiled.c;
  const level: Level = isLevel(attempt.level) ? attempt.level : c.input.scenario.spec.level;
  const t = c.traceOf(attempt.requestId);
  const answer = fromJson(attempt.answer) as unknown as { cards: string[]; disposition?: Disposition };
  const findings = fromJson(attempt.findings) as unknown as GradeResult['findings'];
  // Re-grading is deterministic and cheap; it gives the projected paths for display. The stored score stays authoritative.
  const r = gradeAnswer(c, attempt.requestId, level, answer);
  const palette = c.paletteOf(attempt.requestId, level);
  const labelOf = (id: string) =>
    palette.find((k) => k.id === id)?.label ??
    r.expected.find((h) => h.key === id)?.label ??
    id.replace(/^outcome:/, '');
  const diagram = c.diagram(attempt.requestId);
  const paths = t.paths.map((p) => toResultPath(p, diagram[0], projectPath(p, level)));
  const closest = paths.find((p) => p.id === attempt.closestPathId) ?? null;
  const view: AttemptView = {
    id: attempt.id,
    createdAt: attempt.createdAt.toISOString(),
    scenario: {
      id: sv.scenarioId,
      title: sv.scenario.title,
      prompt: c.input.scenario.spec.prompt,
      version: sv.version,
      askDisposition: c.input.scenario.spec.askDisposition,
      stillPublished: sv.scenario.status === 'PUBLISHED',
      topic: sv.scenario.topic,
    },
    ...(c.variant
      ? { variant: { seed: c.variant.seed, renames: c.variant.renames.map(([a, b]) => `${a} → ${b}`) } }
      : {}),
    request: t.summary,
    requestId: attempt.requestId,
    multipleRequests: c.requestIds.length > 1,
    mode: attempt.mode === 'CHALLENGE' ? 'challenge' : 'learning',
    level,
    score: attempt.score,
    gradeScore: Math.min(1, attempt.score + attempt.penalty),
    pathScore: attempt.pathScore,
    penalty: attempt.penalty,
    dispositionCorrect: attempt.dispositionCorrect,
    expectedOutcome: {
      value: closest?.disposition ?? t.disposition,
      label: outcomeLabel(closest?.disposition ?? t.disposition),
    },
    traceReason: t.reason,
    learner: answer.cards.map((id) => {
      const k = palette.find((x) => x.id === id);
      return { cardId: id, label: k?.label ?? id, layer: k?.layer ?? '' };
    }),
    findings: findings.map((f) => ({
      code: f.code,
      ...(f.index !== undefined ? { index: f.index } : {}),
      ...(f.expectedIndex !== undefined ? { expectedIndex: f.expectedIndex } : {}),
      card: f.card,
      cardLabel: labelOf(f.card),
      message: f.message,
      ...(f.rule ? { rule: f.rule } : {}),
      severity: f.severity,
    })),
    closest,
    alternatives: paths.filter((p) => p.id !== attempt.closestPathId),
    // The replay of the learner's own path uses the re-grade (same version, deterministic), so its marks, the
    // projection they point into and the closest path always belong together.
    mine: diagram[0]
      ? learnerFrames(
          answer.cards.map((id) => {
            const k = palette.find((x) => x.id === id);
            return {
              cardId: id,
              label: k?.label ?? id,
              layer: k?.layer ?? '',
              ...(k?.object !== undefined ? { object: k.object } : {}),
            };
          }),
          r.findings,
          t.paths.find((p) => p.id === r.closestPathId),
          r.expected,
          diagram[0],
        )
      : [],
    whatIf: null,
    diagram,
  };
  const options = c.whatIf(attempt.requestId);
  if (options.length > 0) {
    // Only the request of this attempt goes to the browser (another request of the scenario may be asked
    // elsewhere, e.g. an outcome question).
    const spec = c.input.scenario.spec;
    const input = {
      ...c.input,
      scenario: {
        ...c.input.scenario,
        spec: { ...spec, requests: spec.requests.filter((q) => q.id === attempt.requestId) },
      },
    };
    view.whatIf = { input, requestId: attempt.requestId, level, options };
  }
  if (answer.disposition)
    view.chosenOutcome = { value: answer.disposition, label: outcomeLabel(answer.disposition) };
  if (t.outcome.kind === 'split') view.splitOutcome = setOutcomeLabel(t.outcome);
  if (t.dns)
    view.dns = {
      query: t.dns.query,
      answers: t.dns.answers,
      kind: t.dns.kind,
      ...(t.dns.records ? { records: t.dns.records } : {}),
      ...(t.dns.addressSelection ? { addressSelection: t.dns.addressSelection } : {}),
    };
  return { ok: true, view };
}

/** The learner's recent attempts on one scenario (newest first), for the player's side panel. */
export async function recentAttempts(
  db: DbClient,
  userId: string,
  scenarioId: string,
  take = 5,
): Promise<{ id: string; score: number; mode: string; createdAt: string }[]> {
  const rows = await db.traceAttempt.findMany({
    where: { userId, scenarioVersion: { scenarioId } },
    orderBy: { createdAt: 'desc' },
    take,
    select: { id: true, score: true, mode: true, createdAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    mode: r.mode === 'CHALLENGE' ? 'challenge' : 'learning',
    createdAt: r.createdAt.toISOString(),
  }));
}
