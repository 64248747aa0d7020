import 'server-only';
/**
 * The one place the trace feature calls the scenario loader, the routing engine and the grader.
 *
 * A scenario version is immutable, so everything derived from it — the parsed input, the ClusterModel, the
 * TraceSet of each request, the palette of each level and the laid-out diagram — is computed once and kept in
 * memory (bounded LRU). Grading a submission is then one `grade()` call on cached data, which is what keeps
 * the grading endpoint about as fast as a trivial route (scripts/load-grade.mts).
 */
import { buildModel, trace, type ClusterModel, type Level, type TraceSet } from '@/lib/engine';
import {
  cardsFor,
  grade,
  hint,
  project,
  type Answer,
  type Card,
  type GradeResult,
  type Hint,
} from '@/lib/grader';
import { parseScenario, type ScenarioInput } from '@/lib/scenario';
import { buildDiagramGraph } from '@/lib/trace-player/graph';
import { layoutBoth, type LaidOutDiagram } from '@/lib/trace-player/layout';

export type { Answer, Card, GradeResult, Hint };

/** Everything derived from one scenario version. */
export interface CompiledScenario {
  versionId: string;
  input: ScenarioInput;
  model: ClusterModel;
  /** Request ids in file order; the first is the one the player traces. */
  requestIds: string[];
  /** Trace of a request (computed on first use). */
  traceOf(requestId: string): TraceSet;
  /** Palette of a request at a level (computed on first use). */
  paletteOf(requestId: string, level: Level): Card[];
  /** Card ids of the palette, for validation. */
  paletteIds(requestId: string, level: Level): ReadonlySet<string>;
  /**
   * Memo of graded answers: grading is a pure function of (trace, answer, level), and learners often submit
   * the same path; bounded, so a flood of distinct answers only costs the grading itself.
   */
  gradeMemo: Map<string, GradeResult>;
  /** JSON of the findings of memoized results (stored with every attempt). */
  findingsJson: WeakMap<GradeResult, string>;
  /** The cluster diagram, laid out left-to-right and top-to-bottom (computed on first use). */
  diagram(requestId: string): LaidOutDiagram[];
}

export class ScenarioCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioCompileError';
  }
}

const MAX_CACHED = 256;
const cache = new Map<string, CompiledScenario>();

function compile(versionId: string, yaml: string, file: string): CompiledScenario {
  const parsed = parseScenario(yaml, file);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new ScenarioCompileError(
      `${file} does not parse: ${first ? `${first.line}:${first.column} ${first.message}` : 'unknown error'}`,
    );
  }
  const input = parsed.input;
  const model = buildModel(input);
  const traces = new Map<string, TraceSet>();
  const palettes = new Map<string, Card[]>();
  const paletteSets = new Map<string, ReadonlySet<string>>();
  const diagrams = new Map<string, LaidOutDiagram[]>();
  const requestIds = input.scenario.spec.requests.map((r) => r.id);

  const compiled: CompiledScenario = {
    gradeMemo: new Map(),
    findingsJson: new WeakMap(),
    versionId,
    input,
    model,
    requestIds,
    traceOf(requestId) {
      let t = traces.get(requestId);
      if (!t) {
        if (!requestIds.includes(requestId))
          throw new ScenarioCompileError(`No request ${requestId} in ${file}.`);
        try {
          t = trace(model, requestId);
        } catch (e) {
          throw new ScenarioCompileError(
            `The routing engine could not trace ${file}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        // An internal engine error is never graded (types.ts ENGINE_ERROR): the caller answers 503 and logs it.
        if (t.disposition === 'ENGINE_ERROR')
          throw new ScenarioCompileError(
            `The routing engine failed on scenario ${model.id} (${file}, version ${versionId}), request ${requestId}: ${t.engineError ?? t.reason}`,
          );
        traces.set(requestId, t);
      }
      return t;
    },
    paletteOf(requestId, level) {
      const key = `${requestId}|${level}`;
      let p = palettes.get(key);
      if (!p) {
        p = cardsFor(compiled.traceOf(requestId), level, model);
        palettes.set(key, p);
        paletteSets.set(key, new Set(p.map((c) => c.id)));
      }
      return p;
    },
    paletteIds(requestId, level) {
      compiled.paletteOf(requestId, level);
      return paletteSets.get(`${requestId}|${level}`) ?? new Set();
    },
    diagram(requestId) {
      let d = diagrams.get(requestId);
      if (!d) {
        d = layoutBoth(buildDiagramGraph(input, { requestId }));
        diagrams.set(requestId, d);
      }
      return d;
    },
  };
  // Trace every request now: an engine failure on any of them makes the whole version unusable (never graded).
  for (const id of requestIds) compiled.traceOf(id);
  return compiled;
}

/**
 * The compiled form of a scenario version (cached by version id; a version's YAML never changes).
 * Throws ScenarioCompileError when the YAML does not parse or the engine cannot trace it.
 */
export function compiledScenario(
  versionId: string,
  yaml: string,
  file = `${versionId}.yaml`,
): CompiledScenario {
  const hit = cache.get(versionId);
  if (hit) {
    // Refresh LRU position.
    cache.delete(versionId);
    cache.set(versionId, hit);
    return hit;
  }
  const c = compile(versionId, yaml, file);
  cache.set(versionId, c);
  if (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return c;
}

/** The cached compilation of a version, if any (lets callers skip loading the YAML). */
export function cachedScenario(versionId: string): CompiledScenario | undefined {
  return cache.get(versionId);
}

const MAX_MEMO = 2000;

/**
 * Grade an answer with the engine's grader (the server decides the score, never the client). The result is
 * shared with later identical answers: treat it as read-only.
 */
export function gradeAnswer(
  c: CompiledScenario,
  requestId: string,
  level: Level,
  answer: Answer,
): GradeResult {
  const key = `${requestId}\u0000${level}\u0000${answer.disposition ?? ''}\u0000${answer.cards.join('\u0001')}`;
  const hit = c.gradeMemo.get(key);
  if (hit) return hit;
  const r = grade(c.traceOf(requestId), answer, level, {
    askDisposition: c.input.scenario.spec.askDisposition,
    model: c.model,
  });
  if (c.gradeMemo.size >= MAX_MEMO) {
    const oldest = c.gradeMemo.keys().next().value;
    if (oldest !== undefined) c.gradeMemo.delete(oldest);
  }
  c.gradeMemo.set(key, r);
  return r;
}

/** The findings of a grade result as JSON (computed once per memoized result). */
export function findingsJson(c: CompiledScenario, r: GradeResult): string {
  let j = c.findingsJson.get(r);
  if (j === undefined) {
    j = JSON.stringify(r.findings);
    c.findingsJson.set(r, j);
  }
  return j;
}

/** The grader's learning-mode hint for the current answer. */
export function hintFor(c: CompiledScenario, requestId: string, level: Level, answer: Answer): Hint {
  return hint(c.traceOf(requestId), answer, level, {
    askDisposition: c.input.scenario.spec.askDisposition,
    model: c.model,
  });
}

/** A path projected to a level (the hops a correct answer shows). */
export const projectPath = project;

/** Drop every cached compilation (tests). */
export function clearCompiledCache(): void {
  cache.clear();
}
