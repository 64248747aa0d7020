import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, trace } from '../engine';
import { cardIdsForPath, cardsFor, distractors } from '../grader';
import { parseScenario } from '../scenario';
import { buildHopQuestion } from './hop-question';

function load(name: string) {
  const yaml = readFileSync(
    path.join(import.meta.dirname, '..', '..', 'content', 'scenarios', `${name}.yaml`),
    'utf8',
  );
  const parsed = parseScenario(yaml, name);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  const model = buildModel(parsed.input);
  const t = trace(model);
  const level = parsed.input.scenario.spec.level;
  return { t, level, model, palette: cardsFor(t, level, model) };
}

describe('buildHopQuestion', () => {
  const s = load('12-cloud-lb-ingress-nginx');
  const path0 = cardIdsForPath(s.t.paths[0]!, s.level);

  it('asks what comes after the previous hop, with the right card among distractors from the palette', () => {
    const target = path0[2]!;
    const q = buildHopQuestion(s.t, s.level, s.palette, target, 'item:0');
    expect(q?.style).toBe('next-hop');
    if (q?.style !== 'next-hop') return;
    expect(q.prompt).toMatch(/^Which hop comes right after /);
    expect(q.options.map((o) => o.id)).toContain(target);
    expect(q.answers).toContain(target);
    expect(q.options.length).toBeGreaterThanOrEqual(2);
    expect(q.options.length).toBeLessThanOrEqual(4);
    // Every other option is on the palette and is not a valid next hop.
    for (const o of q.options)
      if (!q.answers.includes(o.id)) expect(s.palette.some((c) => c.id === o.id)).toBe(true);
  });

  it('asks for the first hop when the card starts the path', () => {
    const q = buildHopQuestion(s.t, s.level, s.palette, path0[0]!, 'x');
    expect(q?.prompt).toBe('Which hop comes first?');
  });

  it('asks a yes/no question for a distractor card the request never passes', () => {
    const d = distractors(s.t, s.model, s.level)[0]!;
    const q = buildHopQuestion(s.t, s.level, s.palette, d.card.id, 'x');
    expect(q).toMatchObject({ style: 'on-path', answers: ['no'] });
    expect(q?.prompt).toContain(d.card.label);
  });

  it('asks for the outcome with the engine disposition among the options', () => {
    const q = buildHopQuestion(s.t, s.level, s.palette, 'outcome:DROPPED', 'x');
    expect(q?.style).toBe('outcome');
    expect(q?.answers).toEqual([s.t.disposition]);
    expect(q?.options.map((o) => o.id)).toContain('DROPPED');
    expect(q?.options).toHaveLength(4);
  });

  it('is deterministic for a seed and varies the order with it', () => {
    const a = buildHopQuestion(s.t, s.level, s.palette, path0[2]!, 'seed-a');
    expect(buildHopQuestion(s.t, s.level, s.palette, path0[2]!, 'seed-a')).toEqual(a);
    const orders = new Set(
      ['s1', 's2', 's3', 's4', 's5', 's6'].map((seed) =>
        buildHopQuestion(s.t, s.level, s.palette, path0[2]!, seed)
          ?.options.map((o) => o.id)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });
});
