/**
 * A request whose alternatives end differently has a set-level outcome that is a split with each share, and it
 * does not depend on the order of the alternatives (issue 17 item 1).
 *
 * Rule: Gateway API apis/v1/httproute_types.go, HTTPRouteRule.BackendRefs — "If multiple backends are specified,
 * and some are invalid, the proportion of requests that would otherwise have been routed to an invalid backend
 * MUST receive a 500 status code. For example, if two backends are specified with equal weights, and one is
 * invalid, 50 percent of traffic must receive a 500." (reference R8.5, R8.6). Scenario 31's rule A is rewritten
 * to two equal weights, one naming a Service that does not exist, in both orders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom } from '../__fixtures__/build';
import { trace } from '../trace';
import { setOutcome } from './index';
import type { TracePath } from '../types';

const text = readFileSync(
  join(__dirname, '..', '..', '..', 'content', 'scenarios', '31-gateway-api-precedence.yaml'),
  'utf8',
);
const RULE_A =
  /name: api-v1\n(\s+)port: 80\n(\s+)weight: 90\n(\s+)- group: ""\n(\s+)kind: Service\n(\s+)name: api-v2\n(\s+)port: 80\n(\s+)weight: 10/;

function fiftyFifty(first: string, second: string): string {
  const out = text.replace(
    RULE_A,
    `name: ${first}\n$1port: 80\n$2weight: 1\n$3- group: ""\n$4kind: Service\n$5name: ${second}\n$6port: 80\n$7weight: 1`,
  );
  expect(out).not.toBe(text);
  return out;
}

describe('split outcome (R8.5, R8.6)', () => {
  const valid = trace(modelFrom(fiftyFifty('api-v1', 'does-not-exist')), 'main');
  const invalidFirst = trace(modelFrom(fiftyFifty('does-not-exist', 'api-v1')), 'main');

  it('equal weights, one backend invalid: a split, half DELIVERED and half HTTP_500', () => {
    for (const ts of [valid, invalidFirst]) {
      expect(ts.outcome).toEqual({
        kind: 'split',
        shares: [
          { disposition: 'DELIVERED', weight: expect.closeTo(0.5, 9) as number },
          { disposition: 'HTTP_500', weight: expect.closeTo(0.5, 9) as number },
        ],
      });
      expect(ts.reason).toMatch(/split outcome: DELIVERED 50%, HTTP_500 50%/);
    }
  });

  it('the set-level result does not depend on which backendRef is listed first', () => {
    // The alternatives really come out in a different order…
    expect(valid.paths[0]!.disposition).not.toBe(invalidFirst.paths[0]!.disposition);
    // …and the set-level outcome and disposition are the same.
    expect(invalidFirst.outcome).toEqual(valid.outcome);
    expect(invalidFirst.disposition).toBe(valid.disposition);
  });

  it('setOutcome is a function of the multiset of (disposition, weight), not of the order', () => {
    const p = (disposition: TracePath['disposition'], weight: number) =>
      ({ disposition, weight }) as TracePath;
    const a = [p('HTTP_500', 0.25), p('DELIVERED', 0.25), p('DELIVERED', 0.25), p('HTTP_500', 0.25)];
    expect(setOutcome(a)).toEqual(setOutcome([...a].reverse()));
    expect(setOutcome([p('DELIVERED', 0.3), p('DELIVERED', 0.7)])).toEqual({
      kind: 'single',
      disposition: 'DELIVERED',
    });
    expect(setOutcome([p('DROPPED', 0.1), p('REFUSED', 0.9)])).toEqual({
      kind: 'split',
      shares: [
        { disposition: 'REFUSED', weight: 0.9 },
        { disposition: 'DROPPED', weight: 0.1 },
      ],
    });
  });

  it('scenario 31 as shipped (90/10, both valid) is single', () => {
    expect(trace(modelFrom(text), 'main').outcome).toEqual({ kind: 'single', disposition: 'DELIVERED' });
  });
});
