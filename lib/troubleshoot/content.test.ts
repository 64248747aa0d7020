/**
 * Every shipped troubleshooting exercise (content/troubleshooting/*.yaml), checked against what its author wrote
 * from Kubernetes semantics and the networking reference (never from the engine's output):
 *  - the file loads (exercise document and broken cluster), with at least one passing candidate and at least
 *    one plausible wrong fix that breaks a named invariant;
 *  - the broken cluster shows the symptom (`symptomOutcome`) and fails a victory condition;
 *  - the author's minimal fix passes every condition;
 *  - every candidate ends as its author said: `pass` passes, `invariant` breaks the invariant it names,
 *    `victory` leaves the victory condition it names failing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBroken, checkCandidate, checkSubmission, changeOf, loadExercise, type Exercise } from './index';

const DIR = join(__dirname, '..', '..', 'content', 'troubleshooting');
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function load(f: string): Exercise {
  const r = loadExercise(readFileSync(join(DIR, f), 'utf8'), `content/troubleshooting/${f}`);
  if (!r.ok)
    throw new Error(
      r.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n'),
    );
  return r.exercise;
}

describe('shipped troubleshooting exercises', () => {
  it('has at least 25 exercises with unique ids matching their file names', () => {
    const ids = FILES.map((f) => load(f).id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FILES) expect(f.replace(/\.ya?ml$/, '')).toBe(load(f).id);
    expect(FILES.length).toBeGreaterThanOrEqual(25);
  });

  describe.each(FILES)('%s', (f) => {
    const ex = load(f);

    it('the broken cluster shows the symptom and fails a victory condition', () => {
      // An intermittent symptom is one alternative among several: some path (or, without paths, the trace) shows it.
      for (const s of ex.doc.spec.symptomOutcome) {
        const t = ex.broken.traces.find((x) => x.requestId === s.request);
        const seen = t?.paths.length ? t.paths.map((p) => p.disposition) : [t?.disposition];
        expect(seen, `${s.request}: ${t?.reason}`).toContain(s.disposition);
      }
      const r = checkBroken(ex);
      expect(r.status).toBe('graded');
      if (r.status !== 'graded') return;
      expect(r.passed).toBe(false);
      expect(r.conditions.some((c) => c.kind === 'victory' && !c.holds)).toBe(true);
    });

    it("the author's fix passes every condition", () => {
      const r = checkSubmission(ex, changeOf(ex, ex.doc.spec.fix).text);
      expect(r.status, JSON.stringify(r.status === 'graded' ? undefined : r)).toBe('graded');
      if (r.status !== 'graded') return;
      const failing = r.conditions.filter((c) => !c.holds);
      expect(failing, failing.map((c) => `${c.id}: ${c.observed}`).join('\n')).toEqual([]);
      expect(r.passed).toBe(true);
      expect(r.size).toBe(r.authorSize);
    });

    it.each(ex.doc.spec.candidates.map((c) => [c.id, c] as const))(
      'candidate %s ends as its author says',
      (_id, c) => {
        const r = checkCandidate(ex, c);
        expect(r.status, JSON.stringify(r.status === 'graded' ? undefined : r)).toBe('graded');
        if (r.status !== 'graded') return;
        const failing = r.conditions.filter((x) => !x.holds);
        const detail = r.conditions
          .map((x) => `${x.id} ${x.holds ? 'holds' : 'FAILS'}: ${x.observed}`)
          .join('\n');
        if (c.expect === 'pass') expect(failing, detail).toEqual([]);
        else {
          expect(r.passed, detail).toBe(false);
          if (c.breaks)
            expect(
              failing.map((x) => x.id),
              detail,
            ).toContain(c.breaks);
          if (c.expect === 'invariant')
            expect(
              failing.some((x) => x.kind === 'invariant'),
              detail,
            ).toBe(true);
          if (c.expect === 'victory')
            expect(
              failing.some((x) => x.kind === 'victory'),
              detail,
            ).toBe(true);
        }
      },
    );
  });
});
