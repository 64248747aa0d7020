/**
 * Service IP-family defaulting and validation, as the API server's REST storage does it on create
 * (kubernetes pkg/registry/core/service/storage/alloc.go `initIPFamilyFields`, with the checks of
 * pkg/apis/core/validation `ValidateServiceClusterIPsRelatedFields` it runs first). Reference R13.1.
 *
 * The API server would then allocate a ClusterIP for every family that has none; the engine does not allocate
 * (a scenario writes its addresses), so `missingClusterIPs` lists the families still without one.
 */
import { ipFamily } from './ip';
import type { IPFamily, IPFamilyPolicy } from './schema';

export interface IPFamilyInput {
  type: string;
  clusterIP?: string | undefined;
  clusterIPs: readonly string[];
  ipFamilies: readonly IPFamily[];
  ipFamilyPolicy?: IPFamilyPolicy | undefined;
  /** True when the Service has a non-empty selector. */
  hasSelector: boolean;
}

export interface IPFamilyResult {
  /** Undefined for ExternalName (no families, no policy). */
  policy?: IPFamilyPolicy;
  families: IPFamily[];
  /** clusterIPs with clusterIP first (clusterIP defaults to clusterIPs[0] and the reverse). */
  clusterIPs: string[];
  /** Families the API server would allocate a ClusterIP for (none written). */
  missingClusterIPs: IPFamily[];
  /** API-server errors: field path (under spec) and message. Empty = accepted. */
  errors: { path: (string | number)[]; message: string }[];
}

export function familyOfIP(ip: string): IPFamily | undefined {
  const f = ipFamily(ip);
  return f === 4 ? 'IPv4' : f === 6 ? 'IPv6' : undefined;
}

const other = (f: IPFamily): IPFamily => (f === 'IPv4' ? 'IPv6' : 'IPv4');

/**
 * Default and validate one Service's ipFamilyPolicy / ipFamilies / clusterIPs for a cluster whose Service CIDRs
 * have `clusterFamilies` (primary first: `--service-cluster-ip-range`).
 */
export function initIPFamilyFields(svc: IPFamilyInput, clusterFamilies: readonly IPFamily[]): IPFamilyResult {
  const errors: IPFamilyResult['errors'] = [];
  // clusterIP and clusterIPs[0] are the same field seen twice (the API server fills one from the other).
  const clusterIPs = [...svc.clusterIPs];
  const cip = svc.clusterIP === '' ? undefined : svc.clusterIP;
  if (cip !== undefined && clusterIPs.length === 0) clusterIPs.push(cip);
  if (svc.type === 'ExternalName') return { families: [], clusterIPs: [], missingClusterIPs: [], errors };
  if (cip !== undefined && clusterIPs[0] !== cip)
    errors.push({
      path: ['clusterIPs', 0],
      message: `must be equal to clusterIP (${cip}): clusterIPs[0] is the primary ClusterIP`,
    });
  const headless = clusterIPs[0] === 'None';
  const selectorless = !svc.hasSelector;

  // Policy default (alloc.go): headless + selectorless → RequireDualStack, otherwise SingleStack.
  const policy: IPFamilyPolicy =
    svc.ipFamilyPolicy ?? (headless && selectorless ? 'RequireDualStack' : 'SingleStack');
  const families: IPFamily[] = [...svc.ipFamilies];

  // ValidateServiceClusterIPsRelatedFields (the parts that can fail on create).
  if (clusterIPs.length > 2) errors.push({ path: ['clusterIPs'], message: 'may only hold up to 2 values' });
  if (families.length > 2) errors.push({ path: ['ipFamilies'], message: 'may only hold up to 2 values' });
  if (families.length === 2 && families[0] === families[1])
    errors.push({ path: ['ipFamilies', 1], message: `${families[1]}: may not be duplicated` });
  if (headless && clusterIPs.length > 1)
    errors.push({ path: ['clusterIPs', 1], message: 'must not be set when clusterIPs[0] is "None"' });
  if (!headless) {
    clusterIPs.forEach((ip, i) => {
      if (ip === 'None') {
        errors.push({ path: ['clusterIPs', i], message: '"None" is only valid as clusterIPs[0]' });
        return;
      }
      const f = familyOfIP(ip);
      if (i < families.length && f !== families[i])
        errors.push({
          path: ['clusterIPs', i],
          message: `${ip} does not match the expected IP family ${families[i]} (ipFamilies[${i}])`,
        });
    });
    if (clusterIPs.length === 2 && familyOfIP(clusterIPs[0]!) === familyOfIP(clusterIPs[1]!))
      errors.push({
        path: ['clusterIPs', 1],
        message: 'must be of a different IP family than clusterIPs[0] (dual-stack)',
      });
  }
  if (errors.length > 0) return { policy, families, clusterIPs, missingClusterIPs: [], errors };

  if (policy === 'SingleStack') {
    if (clusterIPs.length === 2)
      errors.push({
        path: ['ipFamilyPolicy'],
        message: "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
      });
    if (families.length === 2)
      errors.push({
        path: ['ipFamilyPolicy'],
        message: "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
      });
  }
  // Infer ipFamilies[] from clusterIPs[].
  if (!headless)
    clusterIPs.forEach((ip, i) => {
      const f = familyOfIP(ip);
      if (f === undefined || i < families.length) return;
      if (!clusterFamilies.includes(f))
        errors.push({ path: ['clusterIPs', i], message: `${f} is not configured on this cluster` });
      else families.push(f);
    });
  if (errors.length > 0) return { policy, families, clusterIPs, missingClusterIPs: [], errors };

  const primary = clusterFamilies[0] ?? 'IPv4';
  if (headless && selectorless) {
    // Special case: may name families the cluster does not have (the Service gets no ClusterIP anyway).
    if (families.length === 0) families.push(primary);
    if (families.length < 2 && policy !== 'SingleStack') families.push(other(families[0]!));
    return { policy, families, clusterIPs, missingClusterIPs: [], errors };
  }
  if (policy === 'RequireDualStack' && clusterFamilies.length < 2)
    errors.push({
      path: ['ipFamilyPolicy'],
      message: 'this cluster is not configured for dual-stack services',
    });
  families.forEach((f, i) => {
    if (!clusterFamilies.includes(f))
      errors.push({ path: ['ipFamilies', i], message: `${f}: not configured on this cluster` });
  });
  if (errors.length > 0) return { policy, families, clusterIPs, missingClusterIPs: [], errors };
  if (families.length === 0) families.push(primary);
  if (policy !== 'SingleStack' && families.length === 1 && clusterFamilies.length === 2)
    families.push(other(families[0]!));
  const missingClusterIPs = headless ? [] : families.slice(clusterIPs.length);
  return { policy, families, clusterIPs, missingClusterIPs, errors };
}

/** The cluster's Service families, primary first: `serviceCIDRs` when given, else the one `serviceCIDR`. */
export function clusterServiceFamilies(cluster: {
  serviceCIDR: string;
  serviceCIDRs?: readonly string[] | undefined;
}): IPFamily[] {
  const list =
    cluster.serviceCIDRs && cluster.serviceCIDRs.length > 0 ? cluster.serviceCIDRs : [cluster.serviceCIDR];
  const out: IPFamily[] = [];
  for (const c of list) {
    const f = familyOfIP(c.slice(0, c.indexOf('/')));
    if (f && !out.includes(f)) out.push(f);
  }
  return out;
}
