import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutcomeQuestion } from './bank-schema';
import { loadBank } from '../server/quiz/load-bank';
import { resolveOutcome } from './outcome';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const bank = loadBank(path.join(ROOT, 'content', 'questions'));
const outcomes = bank.questions.filter((q): q is OutcomeQuestion => q.type === 'outcome');
const scenarioText = (id: string) =>
  readFileSync(path.join(ROOT, 'content', 'scenarios', `${id}.yaml`), 'utf8');

describe('outcome questions', () => {
  it('are in the bank', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(outcomes.map((q) => [q.id, q] as const))('%s gets its answer from the engine', (_id, q) => {
    const r = resolveOutcome(q, scenarioText(q.scenario));
    if (!r.ok) throw new Error(r.message);
    expect(r.question.answer).toBeDefined();
    expect(q.options.find((o) => o.id === r.question.answer)?.disposition).toBe(
      r.question.engine?.disposition,
    );
    expect(r.question.engine?.reason.length).toBeGreaterThan(10);
  });
});

describe('resolveOutcome', () => {
  const base = outcomes.find((q) => q.id === 'outcome-no-ready-endpoints');
  if (!base) throw new Error('fixture question missing');

  it('refuses when no option stands for the computed disposition', () => {
    const q = { ...base, options: base.options.filter((o) => o.disposition !== 'REFUSED') };
    const r = resolveOutcome(q, scenarioText(q.scenario));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('the engine computes REFUSED') });
  });

  it('refuses an unknown request and an invalid scenario', () => {
    expect(resolveOutcome({ ...base, request: 'nope' }, scenarioText(base.scenario)).ok).toBe(false);
    expect(resolveOutcome(base, 'kind: [').ok).toBe(false);
  });

  // Gateway API httproute_types.go BackendRefs: equal weights with one invalid backend → 50 % of requests get 500.
  it('refuses a request whose alternatives end differently (a split outcome has no single key)', () => {
    const text = scenarioText('31-gateway-api-precedence').replace(
      /name: api-v2\n(\s+)port: 80\n(\s+)weight: 10/,
      'name: does-not-exist\n$1port: 80\n$2weight: 90',
    );
    const r = resolveOutcome({ ...base, scenario: '31-gateway-api-precedence', request: 'main' }, text);
    expect(r).toEqual({
      ok: false,
      message: expect.stringContaining('has a split outcome (DELIVERED 50 %, HTTP_500 50 %)'),
    });
  });

  it('does not mutate the question', () => {
    const copy = structuredClone(base);
    resolveOutcome(base, scenarioText(base.scenario));
    expect(base).toEqual(copy);
  });
});
