/**
 * What the trace pages receive from the service (lib/server/trace/service.ts): plain, serialisable view
 * objects, shared by the server and the client components. Nothing here is an answer before submission:
 * PlayerView carries only the palette and the diagram.
 */
import type { Level } from '../engine/types';
import type { WhatIfOption } from '../review/what-if';
import type { ScenarioInput } from '../scenario/schema';
import type { Card, GradeResult } from '../grader';
import type { LaidOutDiagram } from './layout';
import type { LearnerFrame, ReplayFrame } from './replay';
import type { HintKind, PlayerMode } from '../validation/trace';

export interface LibraryItem {
  id: string;
  title: string;
  topic: string;
  topicLabel: string;
  difficulty: number;
  level: Level;
  tags: string[];
  /** The learner's best final score (0..1) on any version, or null. */
  best: number | null;
  attempts: number;
}

export interface LibraryView {
  items: LibraryItem[];
  /** Every topic of the published library with its count (for the filter), in curriculum order. */
  topics: { slug: string; label: string; count: number }[];
  /** Published scenarios before filtering. */
  total: number;
}

/** What the player needs: nothing here depends on which cards are right. */
export interface PlayerView {
  sessionId: string;
  scenario: {
    id: string;
    title: string;
    prompt: string;
    topic: string;
    topicLabel: string;
    difficulty: number;
    defaultLevel: Level;
    tags: string[];
    askDisposition: boolean;
    version: number;
  };
  /** The request in words. */
  request: string;
  /**
   * The scenario's requests, in its order; the player traces one of them (the first unless `?request=<id>`
   * names another), and offers the others when there are several.
   */
  requests: { id: string; current: boolean }[];
  mode: PlayerMode;
  level: Level;
  palette: Card[];
  diagram: LaidOutDiagram[];
  hintCosts: Record<HintKind, number>;
  hintsUsed: number;
  penalty: number;
  /** Set when this is a fresh variant of the scenario (other names, addresses, ports, placement). */
  variant?: { seed: string };
}

export type CheckStatus = 'ok' | 'misplaced' | 'wrong';

export interface CheckView {
  /** Per placed card, in answer order. */
  positions: CheckStatus[];
  /** Required hops still missing from the closest valid path. */
  missing: number;
  /** Whether the chosen outcome is right (only when the scenario asks and one was chosen). */
  outcomeCorrect?: boolean;
  complete: boolean;
}

export interface HintView {
  kind: HintKind;
  /** What the hint says. */
  message: string;
  /** For "next": the card to add and where (0-based insert position). */
  card?: { id: string; label: string };
  position?: number;
  /** Whether this hint cost anything (nothing to reveal = free). */
  charged: boolean;
  cost: number;
  hintsUsed: number;
  penalty: number;
}

export interface ResultHop {
  cardId: string;
  label: string;
  layer: string;
  optional?: boolean;
  rules?: string[];
}

export interface ResultFinding {
  code: GradeResult['findings'][number]['code'];
  index?: number;
  expectedIndex?: number;
  card: string;
  cardLabel: string;
  message: string;
  rule?: string;
  severity: 'info' | 'warning' | 'error';
}

export interface ResultPath {
  id: string;
  weight: number;
  choice: string;
  disposition: string;
  dispositionLabel: string;
  reason: string;
  endpoint?: string;
  masqueraded: boolean;
  sourceSeenByDestination?: string;
  hops: ResultHop[];
  frames: ReplayFrame[];
}

export interface AttemptView {
  id: string;
  createdAt: string;
  scenario: {
    id: string;
    title: string;
    prompt: string;
    version: number;
    askDisposition: boolean;
    stillPublished: boolean;
    topic: string;
  };
  /** Set when the attempt was on a fresh variant: its seed and the names it changed ("shop → store"). */
  variant?: { seed: string; renames: string[] };
  request: string;
  /** The traced request's id, and whether the scenario has others (the retry links then name it). */
  requestId: string;
  multipleRequests: boolean;
  mode: PlayerMode;
  level: Level;
  score: number;
  /** Grader score before hint penalties. */
  gradeScore: number;
  pathScore: number;
  penalty: number;
  dispositionCorrect: boolean | null;
  chosenOutcome?: { value: string; label: string };
  expectedOutcome: { value: string; label: string };
  /** Set when the alternatives end differently (engine SetOutcome kind split): every share, in words. */
  splitOutcome?: string;
  traceReason: string;
  learner: ResultHop[];
  findings: ResultFinding[];
  closest: ResultPath | null;
  alternatives: ResultPath[];
  /** The learner's own path, hop by hop on the same diagram, marked from the grader's findings. */
  mine: LearnerFrame[];
  /**
   * What if: the scenario (revealed now that the attempt is submitted) and the switches relevant to it; the
   * browser re-traces each with the engine. Null when none applies.
   */
  whatIf: { input: ScenarioInput; requestId: string; level: Level; options: WhatIfOption[] } | null;
  diagram: LaidOutDiagram[];
  dns?: {
    query: string;
    answers: string[];
    kind: string;
    /** Dual-stack (R13.4): A and AAAA separately (empty = NOERROR, no records) and why the client dials a family. */
    records?: { type: 'A' | 'AAAA'; answers: string[] }[];
    addressSelection?: string;
  };
}
