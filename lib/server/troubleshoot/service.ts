import 'server-only';
/**
 * Troubleshooting exercises ("fix this cluster", ADR 016): the data-access layer behind the list, the exercise
 * page and the result.
 *
 * - Opening an exercise opens (or resumes) a TroubleshootSession on its published version, in a mode: EDIT (the
 *   YAML editor), CHOICE (pick a candidate change) or INCIDENT (EDIT on the server's clock). A reload resumes the
 *   open session of the same mode, so neither the hints bought nor the incident clock reset.
 * - Hints are charged on the session here; the browser gets a hint's text only once it is paid for.
 * - A submission is graded here with the checker (lib/troubleshoot), once per session: YAML that does not load
 *   or an edit of an object that is not editable is answered 422 with every problem and stores nothing (the
 *   session stays open); a graded submission is stored and closes the session (a replay is 409).
 * - The author's fix, which candidate is right and why, and unbought hints reach the browser only in the result.
 *
 * Every function takes the acting user's id (and `now` where time matters); errors are `{ ok: false, status,
 * message }` values.
 */
import { createTwoFilesPatch } from 'diff';
import type { DbClient } from '@/lib/server/db/client';
import { TOPIC_LABELS } from '@/lib/quiz/bank-schema';
import { buildDiagramGraph } from '@/lib/trace-player/graph';
import { parseScenario } from '@/lib/scenario';
import { changeOf, checkSubmission, loadExercise, type CheckResult, type Exercise } from '@/lib/troubleshoot';
import { publicExercise } from '@/lib/troubleshoot/public';
import type {
  BeforeAfter,
  PlayerExerciseView,
  SubmitProblem,
  TroubleshootAttemptView,
  TroubleshootListItem,
  TroubleshootMode,
} from '@/lib/troubleshoot/views';
import { log } from '@/lib/server/observability/log';
import { byteBoundedCache } from '@/lib/server/cache';
import { fromJson, stringList, toJson } from '@/lib/server/db/json';

export interface TsError {
  ok: false;
  status: 400 | 404 | 409 | 410 | 422 | 503;
  message: string;
  problem?: SubmitProblem;
}
export type TsResult<T> = ({ ok: true } & T) | TsError;
const err = (status: TsError['status'], message: string, problem?: SubmitProblem): TsError => ({
  ok: false,
  status,
  message,
  ...(problem ? { problem } : {}),
});

/** Seconds after an incident deadline during which a submission still counts (network, a slow click). */
export const INCIDENT_GRACE_SECONDS = 5;
/** The largest cluster text accepted for a draft or a submission. */
export const MAX_CLUSTER_CHARS = 200_000;

// ---------------------------------------------------------------------------------------------------------
// Compiled exercises (a version is immutable: load it once)
// ---------------------------------------------------------------------------------------------------------

/**
 * Heap bytes per YAML character of a loaded exercise, measured: 12.1 (the 26 shipped exercises, 5.6–9.6 K
 * characters each, ≈ 89 KB of heap each after a forced GC).
 */
const EXERCISE_BYTES_PER_YAML_CHAR = 12;
/** ≈ 8 MB of loaded exercises (lib/server/cache.ts): the shipped ones take ≈ 2.3 MB. */
export const EXERCISE_CACHE_MAX_BYTES = 8 * 1024 * 1024;
const cache = byteBoundedCache<Exercise>({ maxEntries: 256, maxBytes: EXERCISE_CACHE_MAX_BYTES });

/** The exercise of a version (cached, least recently used evicted); throws when a stored version no longer loads. */
export function compiledExercise(versionId: string, yaml: string): Exercise {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const r = loadExercise(yaml, `${versionId}.yaml`);
  if (!r.ok) {
    const first = r.issues[0];
    throw new Error(
      `troubleshooting version ${versionId} does not load: ${first ? `line ${first.line}: ${first.message}` : 'no details'}`,
    );
  }
  cache.set(versionId, r.exercise, { size: Math.max(1, yaml.length * EXERCISE_BYTES_PER_YAML_CHAR) });
  return r.exercise;
}

/** What the exercise cache holds now: entries and estimated bytes (tests, diagnostics). */
export function exerciseCacheStats(): { entries: number; bytes: number } {
  return { entries: cache.size, bytes: cache.calculatedSize };
}

function topicLabel(slug: string): string {
  return (TOPIC_LABELS as Record<string, string>)[slug] ?? slug;
}

// ---------------------------------------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------------------------------------

export async function listExercises(db: DbClient, userId: string): Promise<TroubleshootListItem[]> {
  const rows = await db.troubleshoot.findMany({
    where: { status: 'PUBLISHED', publishedVersion: { not: null } },
    select: { id: true, title: true, topic: true, difficulty: true, tags: true },
    orderBy: [{ difficulty: 'asc' }, { topic: 'asc' }, { id: 'asc' }],
  });
  const done = await db.troubleshootSession.findMany({
    where: { userId, submittedAt: { not: null } },
    select: { passed: true, score: true, version: { select: { troubleshootId: true } } },
  });
  const stats = new Map<string, { n: number; solved: boolean; best: number }>();
  for (const s of done) {
    const id = s.version.troubleshootId;
    const cur = stats.get(id) ?? { n: 0, solved: false, best: 0 };
    stats.set(id, {
      n: cur.n + 1,
      solved: cur.solved || s.passed === true,
      best: Math.max(cur.best, s.score ?? 0),
    });
  }
  return rows.map((r) => {
    const st = stats.get(r.id);
    return {
      id: r.id,
      title: r.title,
      topic: r.topic,
      topicLabel: topicLabel(r.topic),
      difficulty: r.difficulty,
      tags: stringList(r.tags),
      attempts: st?.n ?? 0,
      solved: st?.solved ?? false,
      best: st ? st.best : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------------------------------------

async function publishedVersion(db: DbClient, exerciseId: string) {
  const row = await db.troubleshoot.findUnique({
    where: { id: exerciseId },
    select: { status: true, publishedVersion: true },
  });
  if (!row || row.publishedVersion === null) return null;
  if (row.status !== 'PUBLISHED') return 'retired' as const;
  return db.troubleshootVersion.findUnique({
    where: { troubleshootId_version: { troubleshootId: exerciseId, version: row.publishedVersion } },
    select: { id: true, yaml: true, version: true },
  });
}

/** Open the exercise in a mode: resume the learner's open session of that mode on this version, or start one. */
export async function openExercise(
  db: DbClient,
  userId: string,
  exerciseId: string,
  mode: TroubleshootMode,
  now: Date,
): Promise<TsResult<{ view: PlayerExerciseView }>> {
  const version = await publishedVersion(db, exerciseId);
  if (version === null) return err(404, 'No such exercise.');
  if (version === 'retired') return err(410, 'This exercise has been retired.');
  let ex: Exercise;
  try {
    ex = compiledExercise(version.id, version.yaml);
  } catch (e) {
    log.error({ event: 'troubleshoot.compile_failed', exerciseId, err: String(e) }, 'exercise does not load');
    return err(503, 'This exercise cannot be opened right now.');
  }
  let session = await db.troubleshootSession.findFirst({
    where: { userId, versionId: version.id, mode, submittedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  // An incident whose time ran out long ago (and was never submitted) is over: the next visit is a new incident.
  if (session?.deadline && now.getTime() > session.deadline.getTime() + INCIDENT_GRACE_SECONDS * 1000)
    session = null;
  if (!session) {
    session = await db.troubleshootSession.create({
      data: {
        userId,
        versionId: version.id,
        mode,
        createdAt: now,
        ...(mode === 'INCIDENT'
          ? { deadline: new Date(now.getTime() + ex.doc.spec.timeLimitMinutes * 60_000) }
          : {}),
      },
    });
  }
  const pub = publicExercise(ex);
  const view: PlayerExerciseView = {
    sessionId: session.id,
    mode,
    exercise: mode === 'CHOICE' ? pub : { ...pub, candidates: [] },
    draft: session.draft ?? ex.clusterText,
    hints: ex.doc.spec.hints.slice(0, session.hintsUsed).map((h) => ({ text: h.text, cost: h.cost })),
    penalty: session.penalty,
    serverNow: now.toISOString(),
    diagram: buildDiagramGraph(ex.broken.input),
    ...(session.deadline ? { deadline: session.deadline.toISOString() } : {}),
  };
  return { ok: true, view };
}

async function ownOpenSession(db: DbClient, userId: string, sessionId: string) {
  const s = await db.troubleshootSession.findUnique({
    where: { id: sessionId },
    include: { version: { select: { id: true, yaml: true, version: true, troubleshootId: true } } },
  });
  if (!s || s.userId !== userId) return err(404, 'No such exercise session.');
  if (s.submittedAt)
    return err(409, 'This try has already been submitted. Open the exercise again to start a new one.');
  return s;
}

/** The next hint, charged on the session. */
export async function takeHint(
  db: DbClient,
  userId: string,
  sessionId: string,
): Promise<TsResult<{ hint: { text: string; cost: number }; penalty: number; index: number }>> {
  const s = await ownOpenSession(db, userId, sessionId);
  if ('ok' in s) return s;
  const ex = compiledExercise(s.version.id, s.version.yaml);
  const hints = ex.doc.spec.hints;
  const next = hints[s.hintsUsed];
  if (!next) return err(409, 'There are no more hints for this exercise.');
  // Charge exactly once per hint, even when two tabs ask at the same moment.
  const r = await db.troubleshootSession.updateMany({
    where: { id: s.id, hintsUsed: s.hintsUsed, submittedAt: null },
    data: { hintsUsed: { increment: 1 }, penalty: { increment: next.cost } },
  });
  if (r.count !== 1) return err(409, 'That hint was just taken in another tab; reload to see it.');
  return {
    ok: true,
    hint: { text: next.text, cost: next.cost },
    penalty: s.penalty + next.cost,
    index: s.hintsUsed,
  };
}

/** Keep the learner's edit (EDIT, INCIDENT) so a reload or another tab resumes it. */
export async function saveDraft(
  db: DbClient,
  userId: string,
  sessionId: string,
  yaml: string,
): Promise<TsResult<Record<never, never>>> {
  if (yaml.length > MAX_CLUSTER_CHARS)
    return err(400, `The cluster is too long (over ${MAX_CLUSTER_CHARS} characters).`);
  const s = await ownOpenSession(db, userId, sessionId);
  if ('ok' in s) return s;
  if (s.mode === 'CHOICE') return err(400, 'This try picks a candidate change; there is no YAML to save.');
  await db.troubleshootSession.updateMany({ where: { id: s.id, submittedAt: null }, data: { draft: yaml } });
  return { ok: true };
}

interface StoredResult {
  passed: boolean;
  late: boolean;
  conditions: Extract<CheckResult, { status: 'graded' }>['conditions'];
  changes: Extract<CheckResult, { status: 'graded' }>['changes'];
  size: number;
  authorSize: number;
}

/** Grade a submission and store it; 422 (nothing stored) when the cluster does not load or an edit is refused. */
export async function submit(
  db: DbClient,
  userId: string,
  sessionId: string,
  answer: { yaml?: string; candidateId?: string },
  now: Date,
): Promise<TsResult<{ attemptId: string; passed: boolean }>> {
  const s = await ownOpenSession(db, userId, sessionId);
  if ('ok' in s) return s;
  const ex = compiledExercise(s.version.id, s.version.yaml);
  let text: string;
  let submission: string;
  if (s.mode === 'CHOICE') {
    const c = ex.doc.spec.candidates.find((x) => x.id === answer.candidateId);
    if (!c) return err(400, 'Pick one of the candidate changes.');
    text = changeOf(ex, c).text;
    submission = c.id;
  } else {
    if (typeof answer.yaml !== 'string' || !answer.yaml.trim()) return err(400, 'The cluster YAML is empty.');
    if (answer.yaml.length > MAX_CLUSTER_CHARS)
      return err(400, `The cluster is too long (over ${MAX_CLUSTER_CHARS} characters).`);
    text = answer.yaml;
    submission = answer.yaml;
  }
  const r = checkSubmission(ex, text);
  if (r.status === 'invalid') {
    const errors = r.issues.filter((i) => i.severity === 'error');
    const first = errors[0];
    return err(
      422,
      `The cluster does not load: ${errors.length} problem${errors.length === 1 ? '' : 's'}${first ? `; the first is at line ${first.line}, column ${first.column}: ${first.message}` : ''}. Nothing was submitted.`,
      { kind: 'invalid', issues: r.issues },
    );
  }
  if (r.status === 'refused') {
    return err(422, `${r.refusals.map((x) => x.message).join('; ')}. Nothing was submitted.`, {
      kind: 'refused',
      refusals: r.refusals,
    });
  }
  const late = s.deadline !== null && now.getTime() > s.deadline.getTime() + INCIDENT_GRACE_SECONDS * 1000;
  const score = r.passed && !late ? Math.max(0, 100 - s.penalty) : 0;
  const stored: StoredResult = {
    passed: r.passed,
    late,
    conditions: r.conditions,
    changes: r.changes,
    size: r.size,
    authorSize: r.authorSize,
  };
  const u = await db.troubleshootSession.updateMany({
    where: { id: s.id, userId, submittedAt: null },
    data: {
      submittedAt: now,
      passed: r.passed,
      score,
      submission,
      result: toJson(stored),
      draft: null,
    },
  });
  if (u.count !== 1) return err(409, 'This try has already been submitted.');
  return { ok: true, attemptId: s.id, passed: r.passed };
}

// ---------------------------------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------------------------------

function unified(before: string, after: string, name: string): string {
  return createTwoFilesPatch(`${name} (broken)`, `${name} (edited)`, before, after, '', '', { context: 2 })
    .split('\n')
    .slice(2) // drop the "Index"/"====" header lines
    .join('\n');
}

export async function attemptView(
  db: DbClient,
  userId: string,
  sessionId: string,
): Promise<TsResult<{ view: TroubleshootAttemptView }>> {
  const s = await db.troubleshootSession.findUnique({
    where: { id: sessionId },
    include: { version: { select: { id: true, yaml: true, version: true, troubleshootId: true } } },
  });
  if (!s || s.userId !== userId || !s.submittedAt || s.submission === null || s.result === null)
    return err(404, 'No such attempt.');
  const ex = compiledExercise(s.version.id, s.version.yaml);
  const stored = fromJson(s.result) as unknown as StoredResult;
  const mode = s.mode as TroubleshootMode;
  const candidate = mode === 'CHOICE' ? ex.doc.spec.candidates.find((c) => c.id === s.submission) : undefined;
  const text = candidate ? changeOf(ex, candidate).text : s.submission;
  const fixText = changeOf(ex, ex.doc.spec.fix).text;
  // Re-derive the paths for display (deterministic); the stored verdict is the one that counts.
  const again = checkSubmission(ex, text);
  const parsed = parseScenario(text, 'cluster.yaml');
  const paths: BeforeAfter[] =
    again.status === 'graded' && parsed.ok
      ? again.traces.map((t) => ({
          requestId: t.requestId,
          before: t.before,
          after: t.after,
          beforeDiagram: buildDiagramGraph(ex.broken.input, { requestId: t.requestId }),
          afterDiagram: buildDiagramGraph(parsed.input, { requestId: t.requestId }),
        }))
      : [];
  const view: TroubleshootAttemptView = {
    id: s.id,
    exercise: {
      id: ex.id,
      title: ex.doc.spec.title,
      version: s.version.version,
      symptom: ex.doc.spec.symptom,
    },
    mode,
    submittedAt: s.submittedAt.toISOString(),
    passed: stored.passed,
    score: s.score ?? 0,
    penalty: s.penalty,
    hintsUsed: s.hintsUsed,
    late: stored.late,
    conditions: stored.conditions,
    changes: stored.changes,
    size: stored.size,
    authorSize: stored.authorSize,
    diff: unified(ex.clusterText, text, 'cluster.yaml'),
    fix: { explanation: ex.doc.spec.fix.explanation, diff: unified(ex.clusterText, fixText, 'cluster.yaml') },
    ...(mode === 'CHOICE'
      ? {
          choice: {
            picked: s.submission,
            candidates: ex.doc.spec.candidates.map((c) => ({
              id: c.id,
              label: c.label,
              expect: c.expect,
              why: c.why,
            })),
          },
        }
      : {}),
    paths,
  };
  return { ok: true, view };
}
