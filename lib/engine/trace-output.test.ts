/**
 * The engine's full output, pinned: for every shipped scenario (content/scenarios/*.yaml, and the C1 fixture),
 * built with its service dataplane set to iptables, nftables and IPVS (and as shipped when it is another mode),
 * each request's TraceSet is serialised with `JSON.stringify` — every path, hop, step string, rewrite, verdict,
 * the kernel view (trace/kernel.ts), the DNS resolution, rules and warnings, in key order — and its SHA-256 is
 * compared with the snapshot. Work that must not change what a learner reads (speed, refactors: issue 17 item 5)
 * keeps this test green byte for byte.
 *
 * An intended change of behaviour changes some of these hashes: re-record with
 *   npx vitest run lib/engine/trace-output.test.ts -u
 * and check that the requests listed in the snapshot diff are exactly the ones the change meant to affect.
 * (Test code: may use node:crypto and node:fs.)
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from '../scenario';
import { buildModel } from './build-model';
import { traceAll } from './trace';
import { C1_TEXT } from './__fixtures__/build';

const DIR = join(__dirname, '..', '..', 'content', 'scenarios');
const texts: [string, string][] = [['c1.yaml', C1_TEXT]];
if (existsSync(DIR))
  for (const f of readdirSync(DIR)
    .filter((x) => x.endsWith('.yaml') && !x.endsWith('.expect.yaml'))
    .sort())
    texts.push([f, readFileSync(join(DIR, f), 'utf8')]);

const MODES = ['iptables', 'nftables', 'ipvs'] as const;

/** The input with its service dataplane mode replaced (before buildModel, so nothing built from it is stale). */
function withMode(input: ScenarioInput, mode: (typeof MODES)[number]): ScenarioInput {
  const spec = input.scenario.spec;
  return {
    ...input,
    scenario: {
      ...input.scenario,
      spec: {
        ...spec,
        cluster: { ...spec.cluster, serviceDataplane: { ...spec.cluster.serviceDataplane, mode } },
      },
    },
  };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

describe('full trace output of every shipped scenario, per service dataplane (byte-identical)', () => {
  for (const [f, text] of texts) {
    it(f, () => {
      const r = parseScenario(text, f);
      expect(r.ok ? [] : r.issues).toEqual([]);
      if (!r.ok) return;
      const shipped = r.input.scenario.spec.cluster.serviceDataplane.mode;
      const variants: [string, ScenarioInput][] = MODES.map((m) => [m, withMode(r.input, m)]);
      if (!(MODES as readonly string[]).includes(shipped)) variants.unshift([shipped, r.input]);
      const got: Record<string, string> = {};
      for (const [mode, input] of variants)
        for (const ts of traceAll(buildModel(input)))
          got[`${mode} ${ts.requestId}`] = `${ts.disposition} ${ts.paths.length} ${sha(JSON.stringify(ts))}`;
      expect(got).toMatchSnapshot();
    });
  }
});
