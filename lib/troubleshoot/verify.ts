/**
 * What an author's exercise promises, checked with the engine: the broken cluster shows the symptom and fails a
 * victory condition, the author's fix passes every condition, every candidate ends as its `expect` says. The admin
 * editor shows this live; publishing requires every check to pass. (The shipped files are checked by
 * content.test.ts, which states the same promises as tests.)
 */
import { checkBroken, checkCandidate, checkSubmission, type CheckResult } from './check';
import { changeOf, type Exercise } from './exercise';

export interface Verification {
  /** What was checked, in words. */
  check: string;
  ok: boolean;
  /** What the engine showed. */
  detail: string;
}

function failing(r: CheckResult): string {
  if (r.status === 'invalid') return `the cluster does not load: ${r.issues[0]?.message ?? ''}`;
  if (r.status === 'refused') return `refused: ${r.refusals.map((x) => x.message).join('; ')}`;
  const bad = r.conditions.filter((c) => !c.holds);
  return bad.length ? bad.map((c) => `${c.id} fails (${c.observed})`).join('; ') : 'every condition holds';
}

export function verifyExercise(ex: Exercise): Verification[] {
  const out: Verification[] = [];
  const spec = ex.doc.spec;
  for (const s of spec.symptomOutcome) {
    const t = ex.broken.traces.find((x) => x.requestId === s.request);
    const seen = t ? (t.paths.length ? t.paths.map((p) => p.disposition) : [t.disposition]) : [];
    out.push({
      check: `the broken cluster shows the symptom: ${s.request} ends ${s.disposition}`,
      ok: seen.includes(s.disposition as never),
      detail: t ? `${t.disposition}: ${t.reason}` : `no request ${s.request}`,
    });
  }
  const broken = checkBroken(ex);
  out.push({
    check: 'the broken cluster fails a victory condition',
    ok: broken.status === 'graded' && broken.conditions.some((c) => c.kind === 'victory' && !c.holds),
    detail: failing(broken),
  });
  const fixed = checkSubmission(ex, changeOf(ex, spec.fix).text);
  out.push({
    check: "the author's fix passes every condition",
    ok: fixed.status === 'graded' && fixed.passed,
    detail: failing(fixed),
  });
  for (const c of spec.candidates) {
    const r = checkCandidate(ex, c);
    const bad = r.status === 'graded' ? r.conditions.filter((x) => !x.holds) : [];
    const ok =
      r.status === 'graded' &&
      (c.expect === 'pass'
        ? bad.length === 0
        : bad.length > 0 &&
          (!c.breaks || bad.some((x) => x.id === c.breaks)) &&
          bad.some((x) => x.kind === (c.expect === 'invariant' ? 'invariant' : 'victory')));
    out.push({
      check: `candidate ${c.id} ${c.expect === 'pass' ? 'fixes the cluster' : c.expect === 'invariant' ? `breaks an invariant${c.breaks ? ` (${c.breaks})` : ''}` : `leaves a victory condition failing${c.breaks ? ` (${c.breaks})` : ''}`}`,
      ok,
      detail: failing(r),
    });
  }
  return out;
}
