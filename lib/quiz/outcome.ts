/**
 * Outcome questions get their answer from the routing engine, not from the author: trace the question's
 * scenario and pick the option whose disposition the engine computed. Pure: the caller reads the file.
 */
import { parseScenario } from '@/lib/scenario';
import { buildModel, trace } from '@/lib/engine';
import type { OutcomeQuestion } from './bank-schema';

export type OutcomeResolution = { ok: true; question: OutcomeQuestion } | { ok: false; message: string };

/**
 * Resolve `question` against its scenario's YAML text.
 * @example resolveOutcome(q, readFileSync(`content/scenarios/${q.scenario}.yaml`, "utf8"))
 */
export function resolveOutcome(question: OutcomeQuestion, scenarioYaml: string): OutcomeResolution {
  const parsed = parseScenario(scenarioYaml, `${question.scenario}.yaml`);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    return {
      ok: false,
      message: `${question.id}: scenario ${question.scenario} is invalid (${first ? `${first.line}:${first.column} ${first.message}` : 'unknown error'})`,
    };
  }
  const model = buildModel(parsed.input);
  const requestIds = model.requests.map((r) => r.id);
  if (question.request !== undefined && !requestIds.includes(question.request)) {
    return {
      ok: false,
      message: `${question.id}: scenario ${question.scenario} has no request "${question.request}" (it has ${requestIds.join(', ')})`,
    };
  }
  const result = trace(model, question.request);
  if (result.disposition === 'ENGINE_ERROR')
    return {
      ok: false,
      message: `${question.id}: the routing engine failed on ${question.scenario} (${result.engineError ?? result.reason}); the question cannot be keyed`,
    };
  // A split (alternatives that end differently, e.g. a 50/50 weighted route with one invalid backend) has no
  // single right outcome to key an outcome question with.
  if (result.outcome.kind === 'split')
    return {
      ok: false,
      message: `${question.id}: the request of ${question.scenario} has a split outcome (${result.outcome.shares.map((x) => `${x.disposition} ${Math.round(x.weight * 100)} %`).join(', ')}); an outcome question needs a request that always ends the same way`,
    };
  const matches = question.options.filter((o) => o.disposition === result.disposition);
  if (matches.length !== 1 || !matches[0]) {
    return {
      ok: false,
      message: `${question.id}: the engine computes ${result.disposition} for ${question.scenario} (${result.reason}), but ${matches.length === 0 ? 'no option stands for it' : 'several options do'}`,
    };
  }
  return {
    ok: true,
    question: {
      ...question,
      answer: matches[0].id,
      engine: { disposition: result.disposition, reason: result.reason, rules: result.rules },
    },
  };
}
