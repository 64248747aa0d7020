/**
 * The checker's rules on real exercise files: what is refused (objects that are not the learner's to edit, Scenario
 * fields), where the loader's problems land in the editor, how a change is measured, JSON merge patches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePatch } from './exercise';
import {
  applyChange,
  changeOf,
  checkSubmission,
  diffObjects,
  loadExercise,
  rawObjects,
  splitExerciseFile,
  type Exercise,
} from './index';

const DIR = join(__dirname, '..', '..', 'content', 'troubleshooting');
const text = (id: string) => readFileSync(join(DIR, `${id}.yaml`), 'utf8');
function load(id: string): Exercise {
  const r = loadExercise(text(id), `${id}.yaml`);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.exercise;
}

describe('checkSubmission', () => {
  const ex = load('nodeport-out-of-range');

  it('refuses a change to an object that is not editable, naming it and what may be edited', () => {
    const edited = ex.clusterText.replace('podCIDR: 10.244.1.0/24', 'podCIDR: 10.244.1.0/25');
    const r = checkSubmission(ex, edited);
    expect(r.status).toBe('refused');
    if (r.status !== 'refused') return;
    expect(r.refusals).toHaveLength(1);
    expect(r.refusals[0]?.key).toBe('Node/node-1');
    expect(r.refusals[0]?.message).toMatch(/not yours to change.*Service\/shop\/web/);
  });

  it('refuses deleting a non-editable object and adding a kind the exercise does not allow', () => {
    const del = applyChange(ex, {
      objects: [],
      patches: [],
      delete: [{ kind: 'Pod', namespace: 'shop', name: 'tools-1' }],
    });
    const r1 = checkSubmission(ex, del);
    expect(r1.status === 'refused' && r1.refusals[0]?.message).toMatch(/not yours to delete/);
    const add = `${ex.clusterText}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: x, namespace: shop }\nspec: { podSelector: {} }\n`;
    const r2 = checkSubmission(ex, add);
    expect(r2.status === 'refused' && r2.refusals[0]?.message).toMatch(
      /adding a NetworkPolicy in shop is not part of this fix/,
    );
  });

  it('refuses edits of the Scenario document (requests, cluster settings)', () => {
    const r = checkSubmission(ex, ex.clusterText.replace('mode: iptables', 'mode: nftables'));
    expect(r.status).toBe('refused');
    if (r.status === 'refused')
      expect(r.refusals[0]?.message).toMatch(/Scenario document.*spec\.cluster\.serviceDataplane\.mode/);
  });

  it('reports a NodePort outside the range at its line and column of the editor text, and grades nothing', () => {
    const fixed = changeOf(ex, ex.doc.spec.fix).text.replace('nodePort: 30080', 'nodePort: 8080');
    const line = fixed.split('\n').findIndex((l) => l.includes('nodePort: 8080')) + 1;
    const r = checkSubmission(ex, fixed);
    expect(r.status).toBe('invalid');
    if (r.status !== 'invalid') return;
    const issue = r.issues.find((i) => i.code === 'nodeport_range');
    expect(issue?.line).toBe(line);
    expect(issue?.message).toMatch(/30000-32767/);
  });

  it('reports a YAML syntax error with its line', () => {
    const broken = `${ex.clusterText}---\nkind: Pod\n  metadata: [\n`;
    const r = checkSubmission(ex, broken);
    expect(r.status).toBe('invalid');
    if (r.status === 'invalid') expect(r.issues[0]?.code).toBe('yaml_syntax');
  });

  it('grades the fix with before and after traces for every request a condition names', () => {
    const r = checkSubmission(ex, changeOf(ex, ex.doc.spec.fix).text);
    expect(r.status).toBe('graded');
    if (r.status !== 'graded') return;
    expect(r.traces.map((t) => t.requestId)).toEqual(['lb-to-node-1', 'lb-to-node-2', 'in-cluster']);
    expect(r.traces[0]?.before.disposition).toBe('REFUSED');
    expect(r.traces[0]?.after.disposition).toBe('DELIVERED');
    expect(r.changes.map((c) => [c.key, c.change, c.fields.map((f) => f.path)])).toEqual([
      ['Service/shop/web', 'modified', ['spec.ports[0].nodePort', 'spec.type']],
    ]);
  });

  it('measures a smaller fix than the author’s', () => {
    const p = load('policy-namespace-label');
    const smaller = p.doc.spec.candidates.find((c) => c.id === 'label-namespace');
    if (!smaller) throw new Error('candidate missing');
    const r = checkSubmission(p, changeOf(p, smaller).text);
    expect(r.status === 'graded' && [r.passed, r.size, r.authorSize]).toEqual([true, 1, 2]);
  });

  it('a field condition uses the API default for an absent field', () => {
    const r = checkSubmission(ex, ex.clusterText);
    expect(r.status === 'graded' && r.conditions.find((c) => c.id === 'no-load-balancer')?.holds).toBe(true);
  });
});

describe('loadExercise', () => {
  it('reports a condition naming an unknown request at its line in the file', () => {
    const t = text('target-port-wrong-number').replace('request: web-to-api', 'request: web-to-apx');
    const r = loadExercise(t, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const line = t.split('\n').findIndex((l) => l.includes('request: web-to-apx')) + 1;
    expect(r.issues).toEqual([
      expect.objectContaining({ line, message: expect.stringMatching(/no request web-to-apx/) }),
    ]);
  });

  it('reports problems of the broken cluster at their line in the file', () => {
    const t = text('target-port-wrong-number').replace('clusterIP: 10.96.20.10', 'clusterIP: 10.300.20.10');
    const r = loadExercise(t, 'x.yaml');
    const line = t.split('\n').findIndex((l) => l.includes('10.300.20.10')) + 1;
    expect(r.ok === false && r.issues.some((i) => i.line === line)).toBe(true);
  });

  it('needs a plausible wrong fix that breaks an invariant', () => {
    const t = text('target-port-wrong-number').replace('expect: invariant', 'expect: victory');
    const r = loadExercise(t, 'x.yaml');
    expect(r.ok === false && r.issues.map((i) => i.message).join()).toMatch(/breaks an invariant/);
  });

  it('splits the exercise document from the cluster after the first --- that follows content', () => {
    expect(splitExerciseFile('# c\n---\nkind: A\n---\nkind: B\n')).toEqual({
      head: '# c\n---\nkind: A',
      cluster: 'kind: B\n',
      clusterLine: 5,
    });
    expect(splitExerciseFile('kind: A\n')).toBeNull();
  });
});

describe('objects', () => {
  it('JSON merge patch follows RFC 7386 (maps merge, lists replace, null deletes)', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({
      a: 'z',
      c: { d: 'e' },
    });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: 'b' }, { b: { c: 1 } })).toEqual({ a: 'b', b: { c: 1 } });
  });

  it('diffObjects counts changed leaves and reports added and removed objects', () => {
    const a = rawObjects(
      'kind: Service\nmetadata: { name: a, namespace: x }\nspec: { selector: { app: a }, ports: [{ port: 80 }] }\n---\nkind: Node\nmetadata: { name: n }\n',
    );
    const b = rawObjects(
      'kind: Service\nmetadata: { name: a, namespace: x }\nspec: { selector: { app: b, tier: t }, ports: [{ port: 80 }] }\n---\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: n }\n',
    );
    const d = diffObjects(a, b);
    expect(d.map((c) => [c.key, c.change, c.size])).toEqual([
      ['Service/x/a', 'modified', 2],
      ['Node/n', 'removed', 2],
      ['Pod/default/p', 'added', 3],
    ]);
    expect(d[0]?.fields).toEqual([
      { path: 'spec.selector.app', before: 'a', after: 'b' },
      { path: 'spec.selector.tier', after: 't' },
    ]);
  });
});
