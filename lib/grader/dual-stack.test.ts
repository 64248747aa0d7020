/**
 * Dual-stack outcomes in the grader (reference R13.4): a learner who answers NXDOMAIN where the name exists without
 * a record of the asked family, or NODATA where a client asking both families connects, gets the rule that says why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom } from '../engine/__fixtures__/build';
import { trace } from '../engine';
import { explainDisposition } from './misconceptions';

const S54 = readFileSync(
  join(__dirname, '..', '..', 'content', 'scenarios', '54-single-stack-service-ipv6-client.yaml'),
  'utf8',
);

describe('R13.4: NODATA is not NXDOMAIN', () => {
  it('explains a wrong NXDOMAIN for curl -6 and a wrong NODATA for a plain lookup with the rule', () => {
    const m = modelFrom(S54);
    const a = explainDisposition('NODATA', 'NXDOMAIN', trace(m, 'curl6').paths[0]!);
    expect(a.rule).toBe('R13.4');
    expect(a.message).toContain('NOERROR and no records');
    expect(explainDisposition('DELIVERED', 'NODATA', trace(m, 'main').paths[0]!).rule).toBe('R13.4');
  });
});
