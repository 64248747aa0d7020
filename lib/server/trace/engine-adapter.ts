import 'server-only';
/**
 * The one place the trace feature calls the scenario loader, the routing engine and the grader.
 *
 * A scenario version is immutable, so everything derived from it — the parsed input, the ClusterModel, the
 * TraceSet of each request, the palette of each level and the laid-out diagram — is computed once and kept in
 * memory. Grading a submission is then one `grade()` call on cached data, which is what keeps the grading
 * endpoint about as fast as a trivial route (scripts/load-grade.mts).
 *
 * Both caches are lru-cache instances (lib/server/cache.ts) bounded by an estimate of the heap they hold, not only by a count: a
 * compiled version takes ≈ 12 bytes of heap per byte of its YAML and a graded answer ≈ 2 bytes per character of
 * its JSON (measured on the 37 content scenarios and 2,000 varied answers, heap used after a forced GC). The
 * count bounds alone (256 versions × 2,000 answers each, 7 KB an answer) allowed gigabytes.
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
import { whatIfSwitches, type WhatIfOption } from '@/lib/review/what-if';
import { scenarioVariant } from '@/lib/review/variant';
import { byteBoundedCache } from '@/lib/server/cache';
import { jsonParam, type JsonParam } from '@/lib/server/db/json';

export type { Answer, Card, GradeResult, Hint };

/** Everything derived from one scenario version. */
export interface CompiledScenario {
  versionId: string;
  /** Length of the YAML it was compiled from (the cache's size estimate). */
  yamlLength: number;
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
  /** JSON of the findings of memoized results (stored with every attempt). */
  findingsJson: WeakMap<GradeResult, JsonParam>;
  /** The cluster diagram, laid out left-to-right and top-to-bottom (computed on first use). */
  diagram(requestId: string): LaidOutDiagram[];
  /** The what-if switches relevant to a request (lib/review/what-if.ts; computed on first use). */
  whatIf(requestId: string): WhatIfOption[];
  /** Set on a fresh variant (lib/review/variant.ts): its seed and the names it changed. */
  variant?: { seed: string; renames: (readonly [string, string])[] };
}

export class ScenarioCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioCompileError';
  }
}

/** Heap bytes per YAML byte of a compiled version (model, traces, palettes, diagrams), measured: ≈ 11.8. */
const COMPILED_BYTES_PER_YAML_BYTE = 12;
/** ≈ 32 MB of compiled versions: the 38 shipped scenarios take ≈ 11 MB. */
export const COMPILED_CACHE_MAX_BYTES = 32 * 1024 * 1024;
const cache = byteBoundedCache<CompiledScenario>({
  maxEntries: 256,
  maxBytes: COMPILED_CACHE_MAX_BYTES,
  bytesOf: (c) => c.yamlLength * COMPILED_BYTES_PER_YAML_BYTE,
});

/**
 * Memo of graded answers, keyed by version, request, level and answer: grading is a pure function of (trace,
 * answer, level), and learners often submit the same path; bounded, so a flood of distinct answers only costs
 * the grading itself. A graded answer takes ≈ 2 bytes of heap per character of its JSON (7 KB for 3.8 K).
 */
export const GRADE_MEMO_MAX_BYTES = 8 * 1024 * 1024;
const gradeMemo = byteBoundedCache<GradeResult>({
  maxEntries: 10_000,
  maxBytes: GRADE_MEMO_MAX_BYTES,
  // eslint-disable-next-line no-restricted-properties -- a size estimate of a cached value, not a column
  bytesOf: (r) => 2 * JSON.stringify(r).length,
});

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
  const whatIfs = new Map<string, WhatIfOption[]>();
  const requestIds = input.scenario.spec.requests.map((r) => r.id);

  const compiled: CompiledScenario = {
    yamlLength: yaml.length,
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
    whatIf(requestId) {
      let w = whatIfs.get(requestId);
      if (!w) {
        w = whatIfSwitches(input, compiled.traceOf(requestId));
        whatIfs.set(requestId, w);
      }
      return w;
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
  if (hit) return hit;
  const c = compile(versionId, yaml, file);
  cache.set(versionId, c);
  return c;
}

/** Seeds of variants are short and URL-safe (they travel in links: /trace/<id>?variant=<seed>). */
export const VARIANT_SEED = /^[a-z0-9]{1,16}$/;

/** Cache key of a variant's compilation. */
export const variantKey = (versionId: string, requestId: string, seed: string): string =>
  `${versionId}~${requestId}~${seed}`;

/**
 * The compiled fresh variant of a version for a request and seed, regenerated on the server from the
 * version's YAML (never from anything the browser sent), or null when no variant keeps the lesson.
 */
export function compiledVariant(
  versionId: string,
  yaml: string,
  file: string,
  requestId: string,
  seed: string,
): CompiledScenario | null {
  const key = variantKey(versionId, requestId, seed);
  const hit = cache.get(key);
  if (hit) return compiledScenario(key, '', file);
  const v = scenarioVariant(yaml, requestId, seed);
  if (!v) return null;
  const c = compiledScenario(key, v.yaml, file);
  if (!c.requestIds.includes(requestId)) return null;
  c.variant = { seed, renames: [...v.renames] };
  return c;
}

/** The cached compilation of a version, if any (lets callers skip loading the YAML). */
export function cachedScenario(versionId: string): CompiledScenario | undefined {
  return cache.get(versionId);
}

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
  const key = `${c.versionId}\u0000${requestId}\u0000${level}\u0000${answer.disposition ?? ''}\u0000${answer.cards.join('\u0001')}`;
  const hit = gradeMemo.get(key);
  if (hit) return hit;
  const r = grade(c.traceOf(requestId), answer, level, {
    askDisposition: c.input.scenario.spec.askDisposition,
    model: c.model,
  });
  gradeMemo.set(key, r);
  return r;
}

/** The findings of a grade result as a JSON column parameter (computed once per memoized result). */
export function findingsJson(c: CompiledScenario, r: GradeResult): JsonParam {
  let j = c.findingsJson.get(r);
  if (j === undefined) {
    j = jsonParam(r.findings);
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

/** Drop every cached compilation and graded answer (tests). */
export function clearCompiledCache(): void {
  cache.clear();
  gradeMemo.clear();
}

/** What the caches hold now: entries and estimated bytes (tests, diagnostics). */
export function cacheStats(): {
  compiled: { entries: number; bytes: number };
  graded: { entries: number; bytes: number };
} {
  return {
    compiled: { entries: cache.size, bytes: cache.calculatedSize },
    graded: { entries: gradeMemo.size, bytes: gradeMemo.calculatedSize },
  };
}
