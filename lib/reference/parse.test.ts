import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuleIds, parseReference, ruleIdsIn } from './parse';

const md = readFileSync(
  path.resolve(import.meta.dirname, '../../content/reference/networking-reference.md'),
  'utf8',
);
const ref = parseReference(md);

describe('parseReference on the shipped reference', () => {
  it('finds every rule R1–R<n> once, in order, each with text', () => {
    const written = [...md.matchAll(/^\* \*\*(R\d+\.\d+)\*\*/gm)].map((m) => m[1]);
    expect(written.length).toBeGreaterThan(90);
    expect(ref.rules.map((r) => r.id)).toEqual(written);
    const groups = new Set(ref.rules.map((r) => r.group));
    for (const g of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
      expect(groups.has(g), `R${g}`).toBe(true);
    expect(ref.rules.find((r) => r.id === 'R13.4')?.sources.map((x) => x.key)).toEqual(['S57', 'S58', 'S03']);
    for (const r of ref.rules) expect(r.text.length, r.id).toBeGreaterThan(20);
  });

  it('splits the evidence tag off and resolves its source keys against §G', () => {
    const r31 = ref.rules.find((r) => r.id === 'R3.1');
    expect(r31?.evidenceText).toBe('DOC S02; SRC S13; ISSUE S15 #72236');
    expect(r31?.evidence).toEqual(['DOC', 'SRC', 'ISSUE']);
    expect(r31?.sources.map((s) => s.key)).toEqual(['S02', 'S13', 'S15']);
    expect(r31?.sources[0]?.text).toContain('virtual-ips.md');
    expect(r31?.text).not.toContain('`[');
    expect(r31?.section).toMatch(/^B3\. Service type ClusterIP/);
    // Every cited key that §G defines is resolved; most rules cite at least one.
    expect(ref.rules.filter((r) => r.sources.length > 0).length).toBeGreaterThan(80);
  });

  it('links the simplified explanations of §E to the rules they correct', () => {
    const first = ref.corrections.find((c) => c.n === 1);
    expect(first?.rules).toContain('R7.8');
    expect(ref.corrections.filter((c) => c.n > 0)).toHaveLength(10);
    expect(ref.corrections.find((c) => c.n === 0)?.rules).toContain('R12.5');
  });
});

describe('rule ids', () => {
  it('are found in running text and sorted numerically', () => {
    expect(ruleIdsIn('kube-proxy REJECTs (R3.11); see R3.2 and R3.11')).toEqual(['R3.11', 'R3.2']);
    expect(['R3.10', 'R10.1', 'R3.2'].sort(compareRuleIds)).toEqual(['R3.2', 'R3.10', 'R10.1']);
  });
});
