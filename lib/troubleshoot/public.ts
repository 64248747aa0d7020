/**
 * What the browser may know about an exercise before submission, and how it previews an edit with it.
 *
 * Public: the symptom, the broken cluster, what may be edited, the conditions (what must hold is the task, not
 * the answer), the candidates' labels, the number of hints and their costs. Never: the author's fix, which
 * candidate is right and why, hint texts not yet bought. The browser rebuilds an `Exercise` from this (with an
 * empty fix) to run the same checker as a preview; the server's verdict is the one that counts.
 */
import { buildModel, traceAll } from '../engine';
import { parseScenario } from '../scenario';
import { rawObjects } from './objects';
import type { Exercise } from './exercise';
import type { Condition, ObjectRef, ScenarioField, TroubleshootingDoc } from './schema';

export interface PublicExercise {
  id: string;
  title: string;
  topic: string;
  difficulty: number;
  tags: string[];
  symptom: string;
  timeLimitMinutes: number;
  editable: ObjectRef[];
  mayCreate: { kind: ObjectRef['kind']; namespace?: string }[];
  scenarioFields: ScenarioField[];
  victory: Condition[];
  invariants: Condition[];
  /** Candidate changes of the easier level: id and label only. */
  candidates: { id: string; label: string }[];
  hintCosts: number[];
  clusterText: string;
}

export function publicExercise(ex: Exercise): PublicExercise {
  const s = ex.doc.spec;
  return {
    id: ex.id,
    title: s.title,
    topic: s.topic,
    difficulty: s.difficulty,
    tags: [...s.tags],
    symptom: s.symptom,
    timeLimitMinutes: s.timeLimitMinutes,
    editable: s.editable.map((r) => ({ ...r })),
    mayCreate: s.mayCreate.map((m) => ({ ...m })),
    scenarioFields: [...s.scenarioFields],
    victory: structuredClone(s.victory),
    invariants: structuredClone(s.invariants),
    candidates: s.candidates.map((c) => ({ id: c.id, label: c.label })),
    hintCosts: s.hints.map((h) => h.cost),
    clusterText: ex.clusterText,
  };
}

/**
 * An `Exercise` for the browser's preview, rebuilt from the public part (no fix, no candidates, no hints).
 * Null when the broken cluster does not load (it always does for a published exercise).
 */
export function exerciseFromPublic(p: PublicExercise): Exercise | null {
  const parsed = parseScenario(p.clusterText, 'cluster.yaml');
  if (!parsed.ok) return null;
  let traces;
  try {
    traces = traceAll(buildModel(parsed.input));
  } catch {
    return null;
  }
  const doc: TroubleshootingDoc = {
    apiVersion: 'packetpath.dev/v1alpha1',
    kind: 'Troubleshooting',
    metadata: { name: p.id },
    spec: {
      title: p.title,
      topic: p.topic as TroubleshootingDoc['spec']['topic'],
      difficulty: p.difficulty as 1 | 2 | 3,
      tags: p.tags,
      symptom: p.symptom,
      symptomOutcome: [],
      timeLimitMinutes: p.timeLimitMinutes,
      editable: p.editable,
      mayCreate: p.mayCreate,
      scenarioFields: p.scenarioFields,
      victory: p.victory,
      invariants: p.invariants,
      fix: { explanation: '', objects: [], patches: [], delete: [] },
      candidates: [],
      hints: [],
    },
  };
  return {
    id: p.id,
    doc,
    clusterText: p.clusterText,
    clusterLine: 1,
    broken: { input: parsed.input, objects: rawObjects(p.clusterText), traces },
  };
}
