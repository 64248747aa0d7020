/**
 * The troubleshooting checker: the learner's edited cluster → refused (a non-editable object changed), invalid
 * (the loader's issues, each at its line of the editor), or graded (every condition with what was observed, the
 * before/after traces of every request a condition names, the changes and their size against the author's fix).
 *
 * Pure and deterministic; the server's call is authoritative, the browser may call it to preview.
 */
import { buildModel, traceAll, type TraceSet } from '../engine';
import { parseScenario, type ScenarioInput, type ScenarioIssue } from '../scenario';
import { changeOf, refKey, type Exercise } from './exercise';
import { diffObjects, rawObjects, SCENARIO_KEY, valueAt, type ObjectChange, type RawObject } from './objects';
import type { Candidate, Condition } from './schema';

export interface ConditionResult {
  id: string;
  kind: 'victory' | 'invariant';
  description: string;
  holds: boolean;
  /** What the engine (or the edited objects) showed, in words. */
  observed: string;
}

export interface Refusal {
  key: string;
  message: string;
}

export type CheckResult =
  | { status: 'invalid'; issues: ScenarioIssue[] }
  | { status: 'refused'; refusals: Refusal[]; changes: ObjectChange[] }
  | {
      status: 'graded';
      passed: boolean;
      conditions: ConditionResult[];
      changes: ObjectChange[];
      /** Leaf fields changed by the learner / by the author's fix. */
      size: number;
      authorSize: number;
      /** Request id → the trace before (broken cluster) and after (edited cluster). */
      traces: { requestId: string; before: TraceSet; after: TraceSet }[];
      warnings: ScenarioIssue[];
    };

const dispositionsOf = (c: Condition): string[] =>
  c.disposition === undefined ? [] : Array.isArray(c.disposition) ? c.disposition : [c.disposition];

function podLabels(input: ScenarioInput, object: string): Record<string, string> | null {
  const [kind, ns, name] = object.split('/');
  if (kind !== 'pod') return null;
  const pod = input.pods.find((p) => p.metadata.namespace === ns && p.metadata.name === name);
  return pod ? (pod.metadata.labels ?? {}) : null;
}

function describeTrace(t: TraceSet): string {
  const ends = [...new Set(t.paths.map((p) => p.endpoint?.object).filter((x): x is string => !!x))];
  const to = ends.length ? ` at ${ends.join(', ')}` : '';
  return `${t.disposition}${to}: ${t.reason}`;
}

/** Does a request condition hold on a trace set? */
export function requestHolds(
  c: Condition,
  t: TraceSet | undefined,
  input: ScenarioInput,
): { holds: boolean; observed: string } {
  if (!t) return { holds: false, observed: `no request ${c.request}` };
  const observed = describeTrace(t);
  if (t.disposition === 'ENGINE_ERROR') return { holds: false, observed };
  const allowed = dispositionsOf(c);
  const dispositions = t.paths.length ? t.paths.map((p) => p.disposition) : [t.disposition];
  if (!dispositions.every((d) => allowed.includes(d))) return { holds: false, observed };
  const e = c.endpoint;
  if (e) {
    for (const p of t.paths) {
      const ep = p.endpoint;
      if (!ep) return { holds: false, observed };
      if (e.ip !== undefined && ep.ip !== e.ip) return { holds: false, observed };
      if (e.port !== undefined && ep.port !== e.port)
        return { holds: false, observed: `${observed} (port ${ep.port})` };
      if (e.pods !== undefined && !e.pods.some((x) => ep.object === `pod/${x}`))
        return { holds: false, observed };
      if (e.namespace !== undefined || e.labels !== undefined) {
        const labels = podLabels(input, ep.object);
        if (!labels) return { holds: false, observed };
        if (e.namespace !== undefined && ep.object.split('/')[1] !== e.namespace)
          return { holds: false, observed };
        for (const [k, v] of Object.entries(e.labels ?? {}))
          if (labels[k] !== v) return { holds: false, observed };
      }
    }
  }
  for (const want of c.includesPods ?? []) {
    if (!t.paths.some((p) => p.endpoint?.object === `pod/${want}`))
      return { holds: false, observed: `${observed} (never ${want})` };
  }
  if (c.masqueraded !== undefined && !t.paths.every((p) => p.masqueraded === c.masqueraded)) {
    const seen = t.paths.map((p) => p.sourceSeenByDestination).filter(Boolean);
    return {
      holds: false,
      observed: `${observed} (source seen by the destination: ${[...new Set(seen)].join(', ') || 'unknown'})`,
    };
  }
  return { holds: true, observed };
}

/** Does a field condition hold on the edited objects? */
export function fieldHolds(
  c: Condition,
  objects: readonly RawObject[],
): { holds: boolean; observed: string } {
  const f = c.field;
  if (!f) return { holds: false, observed: 'not a field condition' };
  const bad: string[] = [];
  for (const o of objects) {
    if (o.kind !== f.kind) continue;
    if (f.namespace !== undefined && o.namespace !== f.namespace) continue;
    if (f.name !== undefined && o.name !== f.name) continue;
    const raw = valueAt(o.value, f.path);
    const v = raw === undefined ? f.default : raw;
    const ok =
      (f.oneOf === undefined || f.oneOf.some((x) => x === v)) &&
      (f.noneOf === undefined || !f.noneOf.some((x) => x === v));
    if (!ok) bad.push(`${o.key} has ${f.path} = ${JSON.stringify(v)}`);
  }
  return bad.length
    ? { holds: false, observed: bad.join('; ') }
    : { holds: true, observed: `every ${f.kind} keeps ${f.path} as required` };
}

/** Which changes the exercise does not allow, and why. */
export function refusalsOf(ex: Exercise, changes: readonly ObjectChange[]): Refusal[] {
  const spec = ex.doc.spec;
  const editable = new Set(spec.editable.map(refKey));
  const out: Refusal[] = [];
  const editableList = spec.editable.map(refKey).join(', ');
  for (const c of changes) {
    if (c.key === SCENARIO_KEY) {
      const allowed = new Set<string>(spec.scenarioFields);
      const outside = c.fields.filter((f) => {
        const m = /^spec\.([A-Za-z]+)/.exec(f.path);
        return !m || !allowed.has(m[1] ?? '');
      });
      if (outside.length)
        out.push({
          key: c.key,
          message: `the Scenario document is not yours to change here (${outside.map((f) => f.path).join(', ')})${spec.scenarioFields.length ? `; only spec.${spec.scenarioFields.join(', spec.')} may change` : ''}`,
        });
      continue;
    }
    if (c.change === 'added') {
      const ok =
        editable.has(c.key) ||
        spec.mayCreate.some(
          (m) => m.kind === c.kind && (m.namespace === undefined || m.namespace === c.namespace),
        );
      if (!ok)
        out.push({
          key: c.key,
          message: `adding a ${c.kind}${c.namespace ? ` in ${c.namespace}` : ''} is not part of this fix${spec.mayCreate.length ? ` (you may add: ${spec.mayCreate.map((m) => `${m.kind}${m.namespace ? ` in ${m.namespace}` : ''}`).join(', ')})` : ''}`,
        });
      continue;
    }
    if (!editable.has(c.key))
      out.push({
        key: c.key,
        message: `${c.key} is not yours to ${c.change === 'removed' ? 'delete' : 'change'} in this incident (you may edit: ${editableList})`,
      });
  }
  return out;
}

function traceOrNull(input: ScenarioInput): TraceSet[] | string {
  try {
    return traceAll(buildModel(input));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The size of the author's fix (cached per exercise object). */
const authorSizes = new WeakMap<Exercise, number>();
export function authorFixSize(ex: Exercise): number {
  let n = authorSizes.get(ex);
  if (n === undefined) {
    n = changeOf(ex, ex.doc.spec.fix).changes.reduce((s, c) => s + c.size, 0);
    authorSizes.set(ex, n);
  }
  return n;
}

/** Grade an edited cluster text (the editor's content) against the exercise. */
export function checkSubmission(ex: Exercise, editedText: string): CheckResult {
  const parsed = parseScenario(editedText, 'cluster.yaml');
  // YAML that does not parse first (a document we cannot read would look deleted), then what the learner may not
  // change, then everything else the loader says.
  if (!parsed.ok && parsed.issues.some((i) => i.code === 'yaml_syntax' || i.code === 'not_an_object'))
    return { status: 'invalid', issues: parsed.issues };
  const after = rawObjects(editedText);
  const changes = diffObjects(ex.broken.objects, after);
  const refusals = refusalsOf(ex, changes);
  if (refusals.length) return { status: 'refused', refusals, changes };
  if (!parsed.ok) return { status: 'invalid', issues: parsed.issues };
  const traced = traceOrNull(parsed.input);
  if (typeof traced === 'string')
    return {
      status: 'invalid',
      issues: [
        {
          file: 'cluster.yaml',
          line: 1,
          column: 1,
          path: '',
          code: 'internal_error',
          message: `the routing engine failed: ${traced}`,
          severity: 'error',
        },
      ],
    };
  const spec = ex.doc.spec;
  const conditions: ConditionResult[] = [];
  const requests: string[] = [];
  for (const [kind, list] of [
    ['victory', spec.victory],
    ['invariant', spec.invariants],
  ] as const) {
    for (const c of list) {
      const r = c.request
        ? requestHolds(
            c,
            traced.find((t) => t.requestId === c.request),
            parsed.input,
          )
        : fieldHolds(c, after);
      if (c.request && !requests.includes(c.request)) requests.push(c.request);
      conditions.push({ id: c.id, kind, description: c.description, ...r });
    }
  }
  const traces = requests.flatMap((id) => {
    const before = ex.broken.traces.find((t) => t.requestId === id);
    const a = traced.find((t) => t.requestId === id);
    return before && a ? [{ requestId: id, before, after: a }] : [];
  });
  return {
    status: 'graded',
    passed: conditions.every((c) => c.holds),
    conditions,
    changes,
    size: changes.reduce((s, c) => s + c.size, 0),
    authorSize: authorFixSize(ex),
    traces,
    warnings: parsed.warnings,
  };
}

/** Grade a candidate of the multiple-choice level. */
export function checkCandidate(ex: Exercise, candidate: Candidate): CheckResult {
  return checkSubmission(ex, changeOf(ex, candidate).text);
}

/** How the broken cluster fares (every condition), e.g. to show which conditions fail before any edit. */
export function checkBroken(ex: Exercise): CheckResult {
  return checkSubmission(ex, ex.clusterText);
}
