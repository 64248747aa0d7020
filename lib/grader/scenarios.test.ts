/**
 * The grader on the engine's real output: every request of every scenario in content/scenarios.
 * (Tests may read files; the grader itself does not.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, LEVELS, traceAll, type TraceSet } from '../engine';
import { parseScenario } from '../scenario';
import { cardIdsForPath, cardsFor } from './cards';
import { distractors, MAX_DISTRACTORS, MIN_DISTRACTORS } from './distractors';
import { grade } from './grade';
import { gradingSequence, project } from './levels';

const DIR = join(__dirname, '..', '..', 'content', 'scenarios');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'))
  .sort();

const cases = files.flatMap((f) => {
  const parsed = parseScenario(readFileSync(join(DIR, f), 'utf8'), f);
  if (!parsed.ok) return [];
  const model = buildModel(parsed.input);
  return traceAll(model).map((ts: TraceSet) => ({ name: `${f} ${ts.requestId}`, ts, model }));
});

describe('grader on every scenario request', () => {
  it('found scenarios', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { ts, model }) => {
    for (const level of LEVELS) {
      const palette = new Set(cardsFor(ts, level, model).map((c) => c.id));
      for (const p of ts.paths) {
        const cards = cardIdsForPath(p, level);
        for (const id of cards) expect(palette.has(id)).toBe(true);
        const r = grade(ts, { cards, disposition: p.disposition }, level, { askDisposition: true, model });
        expect(r.score, `${p.id} at ${level}`).toBe(1);
        expect(project(p, level).filter((h) => !h.optional).length).toBe(r.requiredLength);
      }
      const ds = distractors(ts, model, level);
      expect(ds.length).toBeLessThanOrEqual(MAX_DISTRACTORS);
      if (ts.paths.some((p) => p.hops.length > 0)) expect(ds.length).toBeGreaterThanOrEqual(MIN_DISTRACTORS);
      const valid = new Set(
        ts.paths.flatMap((p) => gradingSequence(p, level).flatMap((h) => [h.key, `${h.layer}@${h.object}`])),
      );
      for (const d of ds) expect(valid.has(d.card.id), `${d.card.id} is a valid card`).toBe(false);
    }
  });
});
