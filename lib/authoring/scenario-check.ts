/**
 * One check of a scenario's YAML, shared by the editor's live preview (in the browser) and the server's
 * publish / import gate: parse (every issue with line and column), build the model, trace every request.
 *
 * Pure and never throws: an engine exception becomes an `engine` problem on the result.
 */
import { isMap, parseAllDocuments } from 'yaml';
import { buildModel, traceAll, type ClusterModel, type TraceSet } from '../engine';
import { parseScenario, type ScenarioInput, type ScenarioIssue } from '../scenario';

export interface ScenarioMeta {
  id: string;
  title: string;
  topic: string;
  difficulty: number;
  level: string;
  tags: string[];
}

export type ScenarioCheck =
  | { ok: false; stage: 'parse'; issues: ScenarioIssue[]; meta: ScenarioMeta | null }
  | {
      ok: false;
      stage: 'engine';
      message: string;
      warnings: ScenarioIssue[];
      meta: ScenarioMeta;
      input: ScenarioInput;
    }
  | {
      ok: true;
      warnings: ScenarioIssue[];
      meta: ScenarioMeta;
      input: ScenarioInput;
      model: ClusterModel;
      traces: TraceSet[];
    };

/** The Scenario document's metadata from a valid parse. */
export function metaOf(input: ScenarioInput): ScenarioMeta {
  const spec = input.scenario.spec;
  return {
    id: input.scenario.metadata.name,
    title: spec.title,
    topic: spec.topic ?? 'general',
    difficulty: spec.difficulty,
    level: spec.level,
    tags: [...spec.tags],
  };
}

/**
 * Best-effort metadata of a scenario that does not validate (so a work-in-progress draft can still be saved
 * under its id). Null when no document of kind Scenario with a kebab-case `metadata.name` is found.
 */
export function looseMeta(text: string): ScenarioMeta | null {
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch {
    return null;
  }
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (!isMap(d.contents)) continue;
    let js: { kind?: unknown; metadata?: { name?: unknown }; spec?: Record<string, unknown> } | null;
    try {
      js = d.toJS() as typeof js;
    } catch {
      continue;
    }
    if (js?.kind !== 'Scenario') continue;
    const name = js?.metadata?.name;
    if (typeof name !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name) || name.length > 100)
      return null;
    const spec = js?.spec ?? {};
    const difficulty =
      spec.difficulty === 1 || spec.difficulty === 2 || spec.difficulty === 3 ? spec.difficulty : 2;
    const level = spec.level === 'textbook' || spec.level === 'wire' ? spec.level : 'coarse';
    return {
      id: name,
      title: typeof spec.title === 'string' && spec.title.trim() ? spec.title.trim().slice(0, 200) : name,
      topic: typeof spec.topic === 'string' && /^[a-z0-9-]+$/.test(spec.topic) ? spec.topic : 'general',
      difficulty,
      level,
      tags: Array.isArray(spec.tags)
        ? spec.tags.filter((t): t is string => typeof t === 'string').slice(0, 30)
        : [],
    };
  }
  return null;
}

/** Parse, build and trace every request. */
export function checkScenario(text: string, file = 'scenario.yaml'): ScenarioCheck {
  const parsed = parseScenario(text, file);
  if (!parsed.ok) {
    return { ok: false, stage: 'parse', issues: parsed.issues, meta: looseMeta(text) };
  }
  const input = parsed.input;
  const meta = metaOf(input);
  try {
    const model = buildModel(input);
    const traces = traceAll(model);
    const broken = engineFailure(traces);
    if (broken)
      return { ok: false, stage: 'engine', message: broken, warnings: parsed.warnings, meta, input };
    return { ok: true, warnings: parsed.warnings, meta, input, model, traces };
  } catch (e) {
    return {
      ok: false,
      stage: 'engine',
      message: e instanceof Error ? e.message : String(e),
      warnings: parsed.warnings,
      meta,
      input,
    };
  }
}

/**
 * The first internal engine failure among the traces (ENGINE_ERROR), as a message; undefined when every
 * request traced. A scenario the engine fails on is never publishable: nobody could be graded against it.
 */
export function engineFailure(traces: readonly TraceSet[]): string | undefined {
  const t = traces.find((x) => x.disposition === 'ENGINE_ERROR');
  return t ? `the routing engine failed on request ${t.requestId}: ${t.engineError ?? t.reason}` : undefined;
}

/** Errors only (warnings do not block publishing). */
export function blockingIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

/**
 * Why this scenario cannot be published, or null when it can: it must parse without errors, the engine must
 * trace it, and the first request (the one learners trace) must have at least one path.
 */
export function publishProblem(check: ScenarioCheck): string | null {
  if (!check.ok && check.stage === 'parse') {
    const errors = blockingIssues(check.issues);
    const first = errors[0] ?? check.issues[0];
    const n = errors.length || check.issues.length;
    return first
      ? `The scenario has ${n} problem${n === 1 ? '' : 's'}; the first is at line ${first.line}, column ${first.column}: ${first.message}`
      : 'The scenario does not parse.';
  }
  if (!check.ok) return `The routing engine cannot trace this scenario: ${check.message}`;
  const first = check.traces[0];
  if (!first) return 'The scenario has no request to trace: add one under spec.requests.';
  if (first.paths.length === 0)
    return `Request "${first.requestId}" has no path: ${first.reason || 'the engine found no way for it'}.`;
  return null;
}
