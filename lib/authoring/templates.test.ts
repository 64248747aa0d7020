import { describe, expect, it } from 'vitest';
import { checkScenario, publishProblem } from './scenario-check';
import { SCENARIO_TEMPLATES, wrapKubectlOutput } from './templates';

describe('SCENARIO_TEMPLATES', () => {
  it.each(SCENARIO_TEMPLATES.map((t) => [t.id, t] as const))(
    '%s parses and its request has a path',
    (_id, t) => {
      const check = checkScenario(t.yaml, `${t.id}.yaml`);
      expect(check.ok ? [] : check.stage === 'parse' ? check.issues : [check.message]).toEqual([]);
      expect(publishProblem(check)).toBeNull();
    },
  );

  it('offers the four starting points of the issue', () => {
    expect(SCENARIO_TEMPLATES.map((t) => t.id)).toEqual([
      'nodeport',
      'ingress',
      'api-gateway',
      'networkpolicy-deny',
    ]);
  });

  it('has a deny template whose request is denied, not delivered', () => {
    const check = checkScenario(SCENARIO_TEMPLATES.find((t) => t.id === 'networkpolicy-deny')!.yaml);
    expect(check.ok && check.traces[0]?.disposition).toBe('DENIED_IN');
  });
});

describe('wrapKubectlOutput', () => {
  const pasted = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata: { name: shop }
`;

  it('adds a Scenario document in front of the pasted objects, keeping them verbatim', () => {
    const out = wrapKubectlOutput(pasted, 'from-prod');
    expect(out).toMatch(
      /^apiVersion: packetpath.dev\/v1alpha1\nkind: Scenario\nmetadata:\n {2}name: from-prod/,
    );
    expect(out).toContain(pasted.trim());
    const check = checkScenario(out);
    // The skeleton's request goes to a name nobody resolves: it parses, the author then edits the request.
    expect(
      check.ok || check.stage !== 'parse' ? [] : check.issues.filter((i) => i.code === 'yaml_syntax'),
    ).toEqual([]);
  });

  it('leaves text that already has a Scenario document alone', () => {
    const t = SCENARIO_TEMPLATES[0]!.yaml;
    expect(wrapKubectlOutput(t)).toBe(t.trim() + '\n');
  });
});
