import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '../engine';
import { cardIdsForPath, cardsFor } from '../grader';
import { parseScenario } from '../scenario';
import { buildHopQuestion } from '../progress/hop-question';
import { renameTokens, scenarioVariant } from './variant';

const yamlOf = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '..', '..', 'content', 'scenarios', `${name}.yaml`), 'utf8');

describe('renameTokens', () => {
  it('replaces whole tokens only, without cascading', () => {
    expect(
      renameTokens('node-1 node-10 shop.example.com workshop node-2', [
        ['node-1', 'node-2'],
        ['node-2', 'node-3'],
        ['shop', 'store'],
      ]),
    ).toBe('node-2 node-10 store.example.com workshop node-3');
  });
});

describe('scenarioVariant', () => {
  it('renames nodes and application namespaces consistently; the engine still traces the same kind of path', () => {
    const yaml = yamlOf('12-cloud-lb-ingress-nginx');
    const v = scenarioVariant(yaml, 'main', 'item:1');
    expect(v).not.toBeNull();
    if (!v) return;
    expect(v.renames.length).toBeGreaterThan(0);
    expect(v.renames.map(([from]) => from)).not.toContain('kube-system');
    const parsed = parseScenario(yaml, 'x');
    if (!parsed.ok) throw new Error('parse');
    const original = trace(buildModel(parsed.input));
    expect(v.trace.disposition).toBe(original.disposition);
    expect(v.trace.paths.length).toBe(original.paths.length);
    const level = parsed.input.scenario.spec.level;
    // The original path, renamed, is a valid path of the variant.
    expect(cardIdsForPath(v.trace.paths[0]!, level)).toEqual(
      cardIdsForPath(original.paths[0]!, level).map(v.rename),
    );
    expect(v.trace.summary).not.toBe('');
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const yaml = yamlOf('08-nodeport-cluster-policy');
    const a = scenarioVariant(yaml, 'main', 's1');
    expect(scenarioVariant(yaml, 'main', 's1')?.renames).toEqual(a?.renames);
    const all = new Set(
      ['s1', 's2', 's3', 's4', 's5'].map((s) => JSON.stringify(scenarioVariant(yaml, 'main', s)?.renames)),
    );
    expect(all.size).toBeGreaterThan(1);
  });

  it('gives the same hop question, with the renamed card', () => {
    const yaml = yamlOf('08-nodeport-cluster-policy');
    const parsed = parseScenario(yaml, 'x');
    if (!parsed.ok) throw new Error('parse');
    const level = parsed.input.scenario.spec.level;
    const model = buildModel(parsed.input);
    const t = trace(model);
    const card = cardIdsForPath(t.paths[0]!, level)[3]!;
    const q = buildHopQuestion(t, level, cardsFor(t, level, model), card, 'x');
    const v = scenarioVariant(yaml, 'main', 'x')!;
    const qv = buildHopQuestion(v.trace, level, cardsFor(v.trace, level, v.model), v.rename(card), 'x');
    expect(qv?.style).toBe(q?.style);
    expect(qv?.answers).toContain(v.rename(card));
  });
});
