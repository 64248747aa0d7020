/**
 * Loading a troubleshooting exercise file: the `Troubleshooting` document first, then the broken cluster (a
 * scenario). Every problem is reported with its line in the file, like the scenario loader does.
 *
 * Pure: `yaml`, `zod`, the scenario loader and the engine.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { buildModel, traceAll, type TraceSet } from '../engine';
import { parseScenario, type ScenarioInput } from '../scenario';
import {
  applyObjects,
  diffObjects,
  keyOf,
  objectKey,
  rawObjects,
  type ObjectChange,
  type RawObject,
} from './objects';
import { troubleshootingDocSchema, type Change, type ObjectRef, type TroubleshootingDoc } from './schema';

export interface ExerciseIssue {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface Exercise {
  id: string;
  doc: TroubleshootingDoc;
  /** The broken cluster as the learner first sees it in the editor. */
  clusterText: string;
  /** 1-based line of the file where the cluster text starts. */
  clusterLine: number;
  broken: { input: ScenarioInput; objects: RawObject[]; traces: TraceSet[] };
}

export type LoadResult = { ok: true; exercise: Exercise } | { ok: false; issues: ExerciseIssue[] };

/**
 * Split a file into the exercise document's text and the cluster's text: the cluster starts after the first
 * `---` line that follows the exercise document's content.
 */
export function splitExerciseFile(
  text: string,
): { head: string; cluster: string; clusterLine: number } | null {
  const lines = text.split('\n');
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (/^---\s*$/.test(l)) {
      if (seenContent)
        return {
          head: lines.slice(0, i).join('\n'),
          cluster: lines.slice(i + 1).join('\n'),
          clusterLine: i + 2,
        };
      continue;
    }
    if (l.trim() && !l.trimStart().startsWith('#')) seenContent = true;
  }
  return null;
}

function locator(head: string) {
  const lc = new LineCounter();
  const doc = parseDocument(head, { lineCounter: lc });
  return {
    doc,
    at(path: readonly PropertyKey[]): { line: number; column: number } {
      let node: unknown = doc.contents;
      let best = node;
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
          );
          if (!pair) break;
          node = pair.value;
          best = node ?? pair.key;
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg];
          if (node === undefined) break;
          best = node;
        } else break;
      }
      const range = (best as { range?: [number, number, number] } | null)?.range;
      const p = lc.linePos(range ? range[0] : 0);
      return { line: p.line, column: p.col };
    },
  };
}

/** The changes a `Change` makes to the broken cluster, and the resulting text. */
export function applyChange(ex: Pick<Exercise, 'clusterText'>, change: Change): string {
  const remove = change.delete.map((r) => objectKey(r.kind, r.name, r.namespace));
  const current = new Map(rawObjects(ex.clusterText).map((o) => [o.key, o.value]));
  const replaced = [...change.objects];
  for (const p of change.patches) {
    const base = replaced.find((o) => keyOf(o)?.key === refKey(p)) ?? current.get(refKey(p));
    if (!base) continue;
    const patched = mergePatch(base, p.merge) as Record<string, unknown>;
    const i = replaced.findIndex((o) => keyOf(o)?.key === refKey(p));
    if (i >= 0) replaced[i] = patched;
    else replaced.push(patched);
  }
  return applyObjects(ex.clusterText, replaced, remove, change.scenario);
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function refKey(r: ObjectRef): string {
  return objectKey(r.kind, r.name, r.namespace);
}

/** Load and validate an exercise file. Never throws. */
export function loadExercise(text: string, file = 'exercise.yaml'): LoadResult {
  const issues: ExerciseIssue[] = [];
  const split = splitExerciseFile(text);
  if (!split) {
    return {
      ok: false,
      issues: [
        {
          file,
          line: 1,
          column: 1,
          path: '',
          message:
            'an exercise file is a Troubleshooting document, then `---`, then the broken cluster (a scenario)',
        },
      ],
    };
  }
  const loc = locator(split.head);
  if (loc.doc.errors.length) {
    for (const e of loc.doc.errors)
      issues.push({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        column: e.linePos?.[0]?.col ?? 1,
        path: '',
        message: e.message.split('\n')[0] ?? 'YAML error',
      });
    return { ok: false, issues };
  }
  const parsedDoc = troubleshootingDocSchema.safeParse(loc.doc.toJS());
  if (!parsedDoc.success) {
    for (const i of parsedDoc.error.issues) {
      const p = loc.at(i.path);
      issues.push({ file, ...p, path: i.path.map(String).join('.'), message: i.message });
    }
  }
  const parsed = parseScenario(split.cluster, file);
  if (!parsed.ok) {
    for (const i of parsed.issues.filter((x) => x.severity === 'error'))
      issues.push({
        file,
        line: i.line + split.clusterLine - 1,
        column: i.column,
        path: i.path,
        message: `${i.message} [${i.code}]`,
      });
  }
  if (!parsedDoc.success || !parsed.ok) return { ok: false, issues };

  const doc = parsedDoc.data;
  const input = parsed.input;
  const objects = rawObjects(split.cluster);
  const keys = new Set(objects.map((o) => o.key));
  const requestIds = new Set(input.scenario.spec.requests.map((r) => r.id));
  const spec = doc.spec;
  const where = (path: PropertyKey[]) => loc.at(path);
  const problem = (path: PropertyKey[], message: string) =>
    issues.push({ file, ...where(path), path: path.map(String).join('.'), message });

  spec.editable.forEach((r, i) => {
    if (!keys.has(refKey(r))) problem(['spec', 'editable', i], `no ${refKey(r)} in the cluster`);
  });
  const conditionIds = new Set<string>();
  (['victory', 'invariants'] as const).forEach((list) =>
    spec[list].forEach((c, i) => {
      if (conditionIds.has(c.id)) problem(['spec', list, i, 'id'], `condition id ${c.id} is used twice`);
      conditionIds.add(c.id);
      if (c.request && !requestIds.has(c.request))
        problem(
          ['spec', list, i, 'request'],
          `no request ${c.request} in the Scenario document (${[...requestIds].join(', ')})`,
        );
    }),
  );
  spec.symptomOutcome.forEach((s, i) => {
    if (!requestIds.has(s.request))
      problem(['spec', 'symptomOutcome', i, 'request'], `no request ${s.request} in the Scenario document`);
  });
  const victoryIds = new Set(spec.victory.map((c) => c.id));
  const invariantIds = new Set(spec.invariants.map((c) => c.id));
  const checkChange = (c: Change, path: PropertyKey[]) => {
    c.objects.forEach((o, i) => {
      if (!keyOf(o)) problem([...path, 'objects', i], 'an object needs `kind` and `metadata.name`');
    });
    c.patches.forEach((r, i) => {
      if (!keys.has(refKey(r))) problem([...path, 'patches', i], `no ${refKey(r)} in the cluster to patch`);
    });
    c.delete.forEach((r, i) => {
      if (!keys.has(refKey(r))) problem([...path, 'delete', i], `no ${refKey(r)} in the cluster`);
    });
  };
  checkChange(spec.fix, ['spec', 'fix']);
  let passing = 0;
  let breaking = 0;
  spec.candidates.forEach((c, i) => {
    checkChange(c, ['spec', 'candidates', i]);
    if (c.expect === 'pass') passing++;
    if (c.expect === 'invariant') {
      breaking++;
      if (!c.breaks || !invariantIds.has(c.breaks))
        problem(
          ['spec', 'candidates', i, 'breaks'],
          'an `invariant` candidate names the invariant it breaks (`breaks`)',
        );
    }
    if (c.expect === 'victory' && c.breaks && !victoryIds.has(c.breaks))
      problem(['spec', 'candidates', i, 'breaks'], `no victory condition ${c.breaks}`);
  });
  if (passing === 0)
    problem(['spec', 'candidates'], 'at least one candidate must be the fix (`expect: pass`)');
  if (breaking === 0 && spec.invariants.length > 0)
    problem(
      ['spec', 'candidates'],
      'at least one candidate must be a plausible fix that breaks an invariant (`expect: invariant`)',
    );
  if (issues.length) return { ok: false, issues };

  let traces: TraceSet[];
  try {
    traces = traceAll(buildModel(input));
  } catch (e) {
    return {
      ok: false,
      issues: [
        {
          file,
          line: split.clusterLine,
          column: 1,
          path: '',
          message: `the routing engine failed: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
  return {
    ok: true,
    exercise: {
      id: doc.metadata.name,
      doc,
      clusterText: split.cluster,
      clusterLine: split.clusterLine,
      broken: { input, objects, traces },
    },
  };
}

/** The object changes of a `Change` (the author's fix or a candidate), and the resulting cluster text. */
export function changeOf(ex: Exercise, change: Change): { text: string; changes: ObjectChange[] } {
  const text = applyChange(ex, change);
  return { text, changes: diffObjects(ex.broken.objects, rawObjects(text)) };
}
