/**
 * What the troubleshooting pages get from the server (ADR 016): plain, JSON-serialisable views. Pure types.
 */
import type { TraceSet } from '../engine';
import type { ScenarioIssue } from '../scenario';
import type { DiagramGraph } from '../trace-player/graph';
import type { ConditionResult, Refusal } from './check';
import type { ObjectChange } from './objects';
import type { PublicExercise } from './public';

export const TROUBLESHOOT_MODES = ['EDIT', 'CHOICE', 'INCIDENT'] as const;
export type TroubleshootMode = (typeof TROUBLESHOOT_MODES)[number];

export interface TroubleshootListItem {
  id: string;
  title: string;
  topic: string;
  topicLabel: string;
  difficulty: number;
  tags: string[];
  attempts: number;
  solved: boolean;
  best: number | null;
}

export interface PlayerExerciseView {
  sessionId: string;
  mode: TroubleshootMode;
  exercise: PublicExercise;
  /** The learner's saved edit (EDIT, INCIDENT), else the broken cluster. */
  draft: string;
  /** Hints bought so far, in order. */
  hints: { text: string; cost: number }[];
  penalty: number;
  /** Incident mode: the server's deadline and clock, ISO. */
  deadline?: string;
  serverNow: string;
  diagram: DiagramGraph;
}

/** A request before and after the learner's change. */
export interface BeforeAfter {
  requestId: string;
  before: TraceSet;
  after: TraceSet;
  beforeDiagram: DiagramGraph;
  afterDiagram: DiagramGraph;
}

export interface TroubleshootAttemptView {
  id: string;
  exercise: { id: string; title: string; version: number; symptom: string };
  mode: TroubleshootMode;
  submittedAt: string;
  passed: boolean;
  score: number;
  penalty: number;
  hintsUsed: number;
  /** Incident mode: submitted after the deadline (scored 0). */
  late: boolean;
  conditions: ConditionResult[];
  changes: ObjectChange[];
  size: number;
  authorSize: number;
  /** Unified diff of the learner's cluster against the broken one. */
  diff: string;
  /** The author's minimal fix: why, and as a unified diff. */
  fix: { explanation: string; diff: string };
  /** CHOICE: the candidate picked and every candidate with the author's verdict. */
  choice?: { picked: string; candidates: { id: string; label: string; expect: string; why: string }[] };
  paths: BeforeAfter[];
}

/** What submitting answers when nothing was graded (the session stays open). */
export type SubmitProblem =
  { kind: 'invalid'; issues: ScenarioIssue[] } | { kind: 'refused'; refusals: Refusal[] };
