/**
 * kubernetes/kubernetes `pkg/registry/core/service/storage/storage_test.go` TestCreateInitIPFields: the API server's
 * defaulting of a new Service's `ipFamilyPolicy` and `ipFamilies` (from `clusterIPs`, the cluster's Service CIDRs and
 * the headless / selector-less special case), and the combinations it refuses, run against the loader's
 * `initIPFamilyFields` (lib/scenario/ip-families.ts, a transcription of alloc.go `initIPFamilyFields`; R13.1).
 * Transcribed from the copy of storage_test.go in the code index whose table carries `line: line()` (the index does
 * not record that copy's commit); alloc.go from kubernetes/kubernetes@03d11c53 (the same function without the removed
 * IPv6DualStack gate).
 *
 * Rows: every row of the "singlestack:v4" block for ClusterIPs unset / v4 / v4v6 / v6v4, Headless and
 * HeadlessSelectorless; the "dualstack:v4v6" rows for ClusterIPs unset, v4 and the first ones of v6. The Go test's
 * `svctest.MakeService("foo")` has a selector and no clusterIP; `SetHeadless` sets clusterIP "None";
 * `SetSelector(nil)` removes the selector. `expectError` = the API server refuses the Service.
 */
import { describe, expect, it } from 'vitest';
import { initIPFamilyFields, type IPFamily, type IPFamilyPolicy } from '../../scenario';

type Fam = 'v4' | 'v6';
interface Row {
  name: string;
  clusterIPs?: string[];
  headless?: boolean;
  selectorless?: boolean;
  policy?: IPFamilyPolicy;
  families?: Fam[];
  /** Undefined = expectError. */
  expect?: { policy: IPFamilyPolicy; families: Fam[] };
}

const F: Record<Fam, IPFamily> = { v4: 'IPv4', v6: 'IPv6' };
const V4 = '10.0.0.1';
const V6 = '2000::1';
const S: IPFamilyPolicy = 'SingleStack';
const P: IPFamilyPolicy = 'PreferDualStack';
const R: IPFamilyPolicy = 'RequireDualStack';
const ok = (policy: IPFamilyPolicy, ...families: Fam[]) => ({ policy, families });

/** The 5 × 4 (policy × families) grid the Go table spells out row by row. */
function grid(
  base: Omit<Row, 'name' | 'policy' | 'families' | 'expect'>,
  label: string,
  results: Record<string, Row['expect'] | null>,
): Row[] {
  const rows: Row[] = [];
  for (const [key, exp] of Object.entries(results)) {
    const [pol, fam] = key.split('_') as [string, string];
    const row: Row = {
      ...base,
      name: `${label}_Policy:${pol}_Families:${fam}`,
      ...(pol !== 'unset' ? { policy: pol as IPFamilyPolicy } : {}),
      ...(fam !== 'unset' ? { families: fam.match(/v[46]/g) as Fam[] } : {}),
    };
    if (exp) row.expect = exp;
    rows.push(row);
  }
  return rows;
}

const singlestackV4: Row[] = [
  ...grid({}, 'ClusterIPs:unset', {
    unset_unset: ok(S, 'v4'),
    unset_v4: ok(S, 'v4'),
    unset_v6: null,
    unset_v4v6: null,
    unset_v6v4: null,
    SingleStack_unset: ok(S, 'v4'),
    SingleStack_v4: ok(S, 'v4'),
    SingleStack_v6: null,
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v4'),
    PreferDualStack_v4: ok(P, 'v4'),
    PreferDualStack_v6: null,
    PreferDualStack_v4v6: null,
    PreferDualStack_v6v4: null,
    RequireDualStack_unset: null,
    RequireDualStack_v4: null,
    RequireDualStack_v6: null,
    RequireDualStack_v4v6: null,
    RequireDualStack_v6v4: null,
  }),
  ...grid({ clusterIPs: [V4] }, 'ClusterIPs:v4', {
    unset_unset: ok(S, 'v4'),
    unset_v4: ok(S, 'v4'),
    unset_v6: null,
    unset_v4v6: null,
    unset_v6v4: null,
    SingleStack_unset: ok(S, 'v4'),
    SingleStack_v4: ok(S, 'v4'),
    SingleStack_v6: null,
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v4'),
    PreferDualStack_v4: ok(P, 'v4'),
    PreferDualStack_v6: null,
    PreferDualStack_v4v6: null,
    PreferDualStack_v6v4: null,
    RequireDualStack_unset: null,
    RequireDualStack_v4: null,
    RequireDualStack_v6: null,
    RequireDualStack_v4v6: null,
    RequireDualStack_v6v4: null,
  }),
  // Every row of ClusterIPs v4v6 and v6v4 on a single-stack IPv4 cluster is refused.
  ...(['v4v6', 'v6v4'] as const).flatMap((order) =>
    grid(
      { clusterIPs: order === 'v4v6' ? [V4, V6] : [V6, V4] },
      `ClusterIPs:${order}`,
      Object.fromEntries(
        ['unset', 'SingleStack', 'PreferDualStack', 'RequireDualStack'].flatMap((p) =>
          ['unset', 'v4', 'v6', 'v4v6', 'v6v4'].map((f) => [`${p}_${f}`, null]),
        ),
      ),
    ),
  ),
  ...grid({ headless: true }, 'Headless', {
    unset_unset: ok(S, 'v4'),
    unset_v4: ok(S, 'v4'),
    unset_v6: null,
    unset_v4v6: null,
    unset_v6v4: null,
    SingleStack_unset: ok(S, 'v4'),
    SingleStack_v4: ok(S, 'v4'),
    SingleStack_v6: null,
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v4'),
    PreferDualStack_v4: ok(P, 'v4'),
    PreferDualStack_v6: null,
    PreferDualStack_v4v6: null,
    PreferDualStack_v6v4: null,
    RequireDualStack_unset: null,
    RequireDualStack_v4: null,
    RequireDualStack_v6: null,
    RequireDualStack_v4v6: null,
    RequireDualStack_v6v4: null,
  }),
  // Headless without a selector: may hold families the cluster does not have (no ClusterIP is allocated).
  ...grid({ headless: true, selectorless: true }, 'HeadlessSelectorless', {
    unset_unset: ok(R, 'v4', 'v6'),
    unset_v4: ok(R, 'v4', 'v6'),
    unset_v6: ok(R, 'v6', 'v4'),
    unset_v4v6: ok(R, 'v4', 'v6'),
    unset_v6v4: ok(R, 'v6', 'v4'),
    SingleStack_unset: ok(S, 'v4'),
    SingleStack_v4: ok(S, 'v4'),
    SingleStack_v6: ok(S, 'v6'),
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v4', 'v6'),
    PreferDualStack_v4: ok(P, 'v4', 'v6'),
    PreferDualStack_v6: ok(P, 'v6', 'v4'),
    PreferDualStack_v4v6: ok(P, 'v4', 'v6'),
    PreferDualStack_v6v4: ok(P, 'v6', 'v4'),
    RequireDualStack_unset: ok(R, 'v4', 'v6'),
    RequireDualStack_v4: ok(R, 'v4', 'v6'),
    RequireDualStack_v6: ok(R, 'v6', 'v4'),
    RequireDualStack_v4v6: ok(R, 'v4', 'v6'),
    RequireDualStack_v6v4: ok(R, 'v6', 'v4'),
  }),
];

const dualstackV4V6: Row[] = [
  ...grid({}, 'ClusterIPs:unset', {
    unset_v4v6: null,
    unset_v6v4: null,
    SingleStack_unset: ok(S, 'v4'),
    SingleStack_v4: ok(S, 'v4'),
    SingleStack_v6: ok(S, 'v6'),
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v4', 'v6'),
    PreferDualStack_v4: ok(P, 'v4', 'v6'),
    PreferDualStack_v6: ok(P, 'v6', 'v4'),
    PreferDualStack_v4v6: ok(P, 'v4', 'v6'),
    PreferDualStack_v6v4: ok(P, 'v6', 'v4'),
    RequireDualStack_unset: ok(R, 'v4', 'v6'),
    RequireDualStack_v4: ok(R, 'v4', 'v6'),
    RequireDualStack_v6: ok(R, 'v6', 'v4'),
    RequireDualStack_v4v6: ok(R, 'v4', 'v6'),
    RequireDualStack_v6v4: ok(R, 'v6', 'v4'),
  }),
  ...grid({ clusterIPs: [V4] }, 'ClusterIPs:v4', {
    unset_unset: ok(S, 'v4'),
    unset_v4: ok(S, 'v4'),
    unset_v6: null,
    unset_v4v6: null,
    unset_v6v4: null,
    SingleStack_unset: ok(S, 'v4'),
    SingleStack_v4: ok(S, 'v4'),
    SingleStack_v6: null,
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v4', 'v6'),
    PreferDualStack_v4: ok(P, 'v4', 'v6'),
    PreferDualStack_v6: null,
    PreferDualStack_v4v6: ok(P, 'v4', 'v6'),
    PreferDualStack_v6v4: null,
    RequireDualStack_unset: ok(R, 'v4', 'v6'),
    RequireDualStack_v4: ok(R, 'v4', 'v6'),
    RequireDualStack_v6: null,
    RequireDualStack_v4v6: ok(R, 'v4', 'v6'),
    RequireDualStack_v6v4: null,
  }),
  ...grid({ clusterIPs: [V6] }, 'ClusterIPs:v6', {
    unset_unset: ok(S, 'v6'),
    unset_v4: null,
    unset_v6: ok(S, 'v6'),
    unset_v4v6: null,
    unset_v6v4: null,
    SingleStack_unset: ok(S, 'v6'),
    SingleStack_v4: null,
    SingleStack_v6: ok(S, 'v6'),
    SingleStack_v4v6: null,
    SingleStack_v6v4: null,
    PreferDualStack_unset: ok(P, 'v6', 'v4'),
  }),
];

function run(clusterFamilies: IPFamily[], rows: Row[]) {
  for (const r of rows)
    it(r.name, () => {
      const got = initIPFamilyFields(
        {
          type: 'ClusterIP',
          clusterIP: r.headless ? 'None' : r.clusterIPs?.[0],
          clusterIPs: r.headless ? ['None'] : (r.clusterIPs ?? []),
          ipFamilies: (r.families ?? []).map((f) => F[f]),
          ipFamilyPolicy: r.policy,
          hasSelector: !r.selectorless,
        },
        clusterFamilies,
      );
      if (!r.expect) {
        expect(got.errors.length, JSON.stringify(got)).toBeGreaterThan(0);
        return;
      }
      expect(got.errors).toEqual([]);
      expect(got.policy).toBe(r.expect.policy);
      expect(got.families).toEqual(r.expect.families.map((f) => F[f]));
    });
}

describe('TestCreateInitIPFields singlestack:v4', () => run(['IPv4'], singlestackV4));
describe('TestCreateInitIPFields dualstack:v4v6', () => run(['IPv4', 'IPv6'], dualstackV4V6));
