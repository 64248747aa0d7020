/**
 * What if: the settings that decide a request's fate, flipped one at a time and re-traced by the real engine
 * (issue 16). Pure: it runs on the server for tests and in the browser on the result page, where each switch
 * re-traces live.
 *
 * - `whatIfSwitches(input, traceSet)` — the switches relevant to this request (reference §F): the Service's
 *   externalTrafficPolicy (R4.3/R4.4) when the request enters through a NodePort or a cloud LB,
 *   internalTrafficPolicy (R4.5) when it starts inside the cluster, sessionAffinity (R3.10), the cloud LB's
 *   target type (R5.2/R5.3), the service dataplane (R11.x), the CNI mode when the packet crosses nodes (R2.x),
 *   removing a NetworkPolicy of the scenario or adding a default-deny ingress policy in the destination's
 *   namespace (R10.x). A switch is offered only when the engine traces its result (never an ENGINE_ERROR) and
 *   something the learner sees changes (or a rule says why nothing does, e.g. R10.7).
 * - `applySwitch(input, switch)` — a new ScenarioInput with that one setting changed (the input is not mutated).
 * - `traceDiff(before, after, level)` — what changed: disposition, endpoints, hops (at the scenario's level,
 *   objects named), the address rewrites, the source the destination Pod sees, the rules exercised.
 */
import { buildModel, trace, type Level, type TracePath, type TraceSet } from '../engine';
import { project } from '../grader';
import { CNI_MODES, networkPolicySchema, type ScenarioInput } from '../scenario';

export type DataplaneMode = ScenarioInput['scenario']['spec']['cluster']['serviceDataplane']['mode'];

export type WhatIfSwitch =
  | { kind: 'externalTrafficPolicy'; service: string; to: 'Cluster' | 'Local' }
  | { kind: 'internalTrafficPolicy'; service: string; to: 'Cluster' | 'Local' }
  | { kind: 'sessionAffinity'; service: string; to: 'None' | 'ClientIP' }
  | { kind: 'lbTargetType'; service: string; to: 'instance' | 'ip' }
  | { kind: 'dataplane'; to: DataplaneMode }
  | { kind: 'cniMode'; to: string }
  | { kind: 'removeNetworkPolicy'; policy: string }
  | { kind: 'addDefaultDenyIngress'; namespace: string };

export interface WhatIfOption {
  /** Stable id (for the UI and the URL). */
  id: string;
  /** The setting, e.g. "externalTrafficPolicy of shop/frontend". */
  setting: string;
  /** Its value now, e.g. "Cluster". */
  from: string;
  /** The value the switch sets, e.g. "Local". */
  to: string;
  /** The rules of the networking reference the setting is about. */
  rules: string[];
  /** Why this switch cannot change anything here, when the reason is a rule (e.g. policy not enforced, R10.7). */
  note?: string;
  switch: WhatIfSwitch;
}

const DATAPLANES: readonly DataplaneMode[] = ['iptables', 'nftables', 'ipvs', 'cilium'];

const ref = (o: { metadata: { namespace?: string; name: string } }): string =>
  `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

function switchId(s: WhatIfSwitch): string {
  switch (s.kind) {
    case 'dataplane':
    case 'cniMode':
      return `${s.kind}=${s.to}`;
    case 'removeNetworkPolicy':
      return `${s.kind}:${s.policy}`;
    case 'addDefaultDenyIngress':
      return `${s.kind}:${s.namespace}`;
    default:
      return `${s.kind}:${s.service}=${s.to}`;
  }
}

/** A copy of the input with one setting changed. Pure. */
export function applySwitch(input: ScenarioInput, s: WhatIfSwitch): ScenarioInput {
  const out = structuredClone(input);
  const cluster = out.scenario.spec.cluster;
  const svc = (name: string) => out.services.find((x) => ref(x) === name);
  switch (s.kind) {
    case 'externalTrafficPolicy': {
      const x = svc(s.service);
      if (x) {
        x.spec.externalTrafficPolicy = s.to;
        // healthCheckNodePort exists only for LoadBalancer + Local (R5.4): allocate one when switching to Local.
        if (s.to === 'Cluster') delete x.spec.healthCheckNodePort;
        else if (x.spec.type === 'LoadBalancer' && x.spec.healthCheckNodePort === undefined)
          x.spec.healthCheckNodePort = freeNodePort(out);
      }
      break;
    }
    case 'internalTrafficPolicy': {
      const x = svc(s.service);
      if (x) x.spec.internalTrafficPolicy = s.to;
      break;
    }
    case 'sessionAffinity': {
      const x = svc(s.service);
      if (x) x.spec.sessionAffinity = s.to;
      break;
    }
    case 'lbTargetType': {
      for (const lb of out.scenario.spec.cloudLoadBalancers)
        if (lb.service === s.service) lb.targetType = s.to;
      // Instance targets are node IPs at the NodePort (R5.2): the Service needs NodePorts, which an IP-target
      // install may have switched off (allocateLoadBalancerNodePorts: false, R5.1).
      const x = svc(s.service);
      if (x && s.to === 'instance') {
        x.spec.allocateLoadBalancerNodePorts = true;
        for (const p of x.spec.ports) if (p.nodePort === undefined) p.nodePort = freeNodePort(out);
      }
      break;
    }
    case 'dataplane':
      cluster.serviceDataplane.mode = s.to;
      break;
    case 'cniMode':
      cluster.cni.mode = s.to as NonNullable<typeof cluster.cni.mode>;
      break;
    case 'removeNetworkPolicy':
      out.networkPolicies = out.networkPolicies.filter((p) => ref(p) !== s.policy);
      break;
    case 'addDefaultDenyIngress':
      out.networkPolicies.push(
        networkPolicySchema.parse({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: 'what-if-default-deny-ingress', namespace: s.namespace },
          spec: { podSelector: {}, policyTypes: ['Ingress'] },
        }),
      );
      break;
  }
  return out;
}

/** A NodePort number no Service of the input uses (for a healthCheckNodePort). */
function freeNodePort(input: ScenarioInput): number {
  const used = new Set<number>();
  for (const s of input.services) {
    for (const p of s.spec.ports) if (p.nodePort !== undefined) used.add(p.nodePort);
    if (s.spec.healthCheckNodePort !== undefined) used.add(s.spec.healthCheckNodePort);
  }
  for (let p = 32000; p <= 32767; p++) if (!used.has(p)) return p;
  return 30000;
}

/** Trace a request of an input; null when the engine refuses the input or fails (never offered). */
export function retrace(input: ScenarioInput, requestId: string): TraceSet | null {
  try {
    const t = trace(buildModel(input), requestId);
    return t.disposition === 'ENGINE_ERROR' || (t.paths.length === 0 && !t.dns) ? null : t;
  } catch {
    return null;
  }
}

/** The Services the request's paths name (`ns/name`), in path order; a cloud LB names the Service it fronts. */
function servicesOnPath(t: TraceSet): string[] {
  const out: string[] = [];
  for (const p of t.paths)
    for (const h of p.hops) {
      const prefix = h.layer === 'Service' ? 'service/' : h.layer === 'Cloud LB' ? 'cloudlb/' : undefined;
      if (!prefix || !h.at.startsWith(prefix)) continue;
      const name = h.at.slice(prefix.length);
      if (!out.includes(name)) out.push(name);
    }
  return out;
}

/** Namespaces of the Pods the paths end at. */
function destinationNamespaces(t: TraceSet): string[] {
  const out: string[] = [];
  for (const p of t.paths) {
    const o = p.endpoint?.object;
    if (o?.startsWith('pod/')) {
      const ns = o.split('/')[1];
      if (ns && !out.includes(ns)) out.push(ns);
    }
  }
  return out;
}

/** The switches relevant to this request whose result the engine traces. */
export function whatIfSwitches(input: ScenarioInput, t: TraceSet): WhatIfOption[] {
  const spec = input.scenario.spec;
  const request = spec.requests.find((r) => r.id === t.requestId);
  const fromInside = request !== undefined && !('external' in request.from);
  const cluster = spec.cluster;
  const layers = new Set(t.paths.flatMap((p) => p.hops.map((h) => h.layer)));
  const candidates: Omit<WhatIfOption, 'id'>[] = [];
  const lbServices = new Set(spec.cloudLoadBalancers.map((l) => l.service));
  const entersFromOutside =
    !fromInside || t.rules.some((r) => r.startsWith('R4.') || r.startsWith('R5.')) || layers.has('Cloud LB');

  for (const name of servicesOnPath(t)) {
    const s = input.services.find((x) => ref(x) === name);
    if (!s) continue;
    const sp = s.spec;
    const ipTargets = spec.cloudLoadBalancers.some((l) => l.service === name && l.targetType === 'ip');
    // With IP targets the LB sends to Pod IPs: no NodePort leg, so the external policy is not on the path (R5.3).
    if ((sp.type === 'NodePort' || sp.type === 'LoadBalancer') && entersFromOutside && !ipTargets) {
      const to = sp.externalTrafficPolicy === 'Local' ? 'Cluster' : 'Local';
      candidates.push({
        setting: `externalTrafficPolicy of ${name}`,
        from: sp.externalTrafficPolicy,
        to,
        rules: ['R4.3', 'R4.4'],
        switch: { kind: 'externalTrafficPolicy', service: name, to },
      });
    }
    if (fromInside && sp.clusterIP !== 'None' && sp.type !== 'ExternalName') {
      const to = sp.internalTrafficPolicy === 'Local' ? 'Cluster' : 'Local';
      candidates.push({
        setting: `internalTrafficPolicy of ${name}`,
        from: sp.internalTrafficPolicy,
        to,
        rules: ['R4.5'],
        switch: { kind: 'internalTrafficPolicy', service: name, to },
      });
    }
    if (sp.clusterIP !== 'None' && sp.type !== 'ExternalName' && layers.has('kube-proxy')) {
      const to = sp.sessionAffinity === 'ClientIP' ? 'None' : 'ClientIP';
      candidates.push({
        setting: `sessionAffinity of ${name}`,
        from: sp.sessionAffinity,
        to,
        rules: ['R3.10'],
        switch: { kind: 'sessionAffinity', service: name, to },
      });
    }
    if (lbServices.has(name)) {
      const lb = spec.cloudLoadBalancers.find((l) => l.service === name)!;
      const to = lb.targetType === 'ip' ? 'instance' : 'ip';
      candidates.push({
        setting: `target type of the cloud LB of ${name}`,
        from: lb.targetType === 'ip' ? 'IP targets' : 'instance targets',
        to: to === 'ip' ? 'IP targets' : 'instance targets',
        rules: ['R5.2', 'R5.3'],
        switch: { kind: 'lbTargetType', service: name, to },
      });
    }
  }
  if (layers.has('kube-proxy') || layers.has('Service')) {
    for (const to of DATAPLANES)
      if (to !== cluster.serviceDataplane.mode)
        candidates.push({
          setting: 'service dataplane',
          from: cluster.serviceDataplane.mode,
          to,
          rules: ['R11.2', 'R11.3', 'R11.4', 'R11.5'],
          switch: { kind: 'dataplane', to },
        });
  }
  const crossesNodes = t.paths.some((p) => p.hops.some((h) => h.layer === 'CNI' && h.at.includes('->')));
  if (crossesNodes) {
    const modes = CNI_MODES[cluster.cni.plugin];
    const now = cluster.cni.mode ?? modes[0];
    for (const to of modes)
      if (to !== now)
        candidates.push({
          setting: `${cluster.cni.plugin} mode`,
          from: now ?? '',
          to,
          rules: ['R2.3', 'R2.4', 'R2.5'],
          switch: { kind: 'cniMode', to },
        });
  }
  for (const p of input.networkPolicies.slice(0, 4))
    candidates.push({
      setting: `NetworkPolicy ${ref(p)}`,
      from: 'present',
      to: 'removed',
      rules: ['R10.1', 'R10.2'],
      switch: { kind: 'removeNetworkPolicy', policy: ref(p) },
    });
  for (const ns of destinationNamespaces(t))
    candidates.push({
      setting: `default-deny ingress NetworkPolicy in ${ns}`,
      from: 'absent',
      to: 'added',
      rules: ['R10.1', 'R10.7'],
      ...(cluster.networkPolicy.enforced
        ? {}
        : {
            note: `This cluster's network plugin (${cluster.cni.plugin}) does not enforce NetworkPolicy: a policy has no effect at all (R10.7).`,
          }),
      switch: { kind: 'addDefaultDenyIngress', namespace: ns },
    });

  const seen = new Set<string>();
  const out: WhatIfOption[] = [];
  for (const c of candidates) {
    const id = switchId(c.switch);
    if (seen.has(id)) continue;
    seen.add(id);
    const after = retrace(applySwitch(input, c.switch), t.requestId);
    if (!after) continue;
    // A switch that changes nothing the learner would see is noise, unless a rule explains why (R10.7).
    if (!c.note && traceDiff(t, after, spec.level).unchanged) continue;
    out.push({ id, ...c });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------------------

export interface HopDiffLine {
  op: 'same' | 'added' | 'removed';
  label: string;
  layer: string;
}

export interface TraceDiff {
  disposition: { before: string; after: string; changed: boolean };
  reason: { before: string; after: string };
  /** Endpoint objects (e.g. `pod/shop/backend-1`) of the valid paths. */
  endpoints: { before: string[]; after: string[]; added: string[]; removed: string[] };
  /** The source address the destination sees, over the valid paths. */
  sourceSeen: { before: string[]; after: string[]; changed: boolean };
  /** Address rewrites (DNAT/SNAT/…) of the compared path. */
  rewrites: { before: string[]; after: string[]; changed: boolean };
  /** Hops of the compared path at the level (the path to the same endpoint when there is one). */
  hops: HopDiffLine[];
  hopsChanged: boolean;
  rules: { added: string[]; removed: string[] };
  paths: { before: number; after: number };
  /** Nothing a learner would see changed. */
  unchanged: boolean;
}

const uniq = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

function sourceSeen(t: TraceSet): string[] {
  return uniq(t.paths.map((p) => p.sourceSeenByDestination).filter((s): s is string => s !== undefined));
}

function rewritesOf(p: TracePath | undefined): string[] {
  return (p?.hops ?? []).flatMap((h) => h.rewrites.map((r) => `${r.kind} ${r.from} → ${r.to}`));
}

/** Longest-common-subsequence diff of two label sequences. */
function lcsDiff(a: readonly HopDiffLine[], b: readonly HopDiffLine[]): HopDiffLine[] {
  const key = (h: HopDiffLine) => `${h.layer}\u0000${h.label}`;
  const m = a.length;
  const n = b.length;
  const L: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--)
      L[i]![j] = key(a[i]!) === key(b[j]!) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const out: HopDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && key(a[i]!) === key(b[j]!)) {
      out.push({ ...a[i]!, op: 'same' });
      i++;
      j++;
    } else if (j < n && (i >= m || L[i]![j + 1]! >= L[i + 1]![j]!)) {
      out.push({ ...b[j]!, op: 'added' });
      j++;
    } else {
      out.push({ ...a[i]!, op: 'removed' });
      i++;
    }
  }
  return out;
}

/** What changed between two traces of the same request. Hops at `level` (textbook shows as coarse). */
export function traceDiff(before: TraceSet, after: TraceSet, level: Level): TraceDiff {
  const lv: Level = level === 'textbook' ? 'coarse' : level;
  const b0 = before.paths[0];
  const ep = (p: TracePath) => p.endpoint?.object;
  const a0 = (b0 && after.paths.find((p) => ep(p) !== undefined && ep(p) === ep(b0))) ?? after.paths[0];
  const hopsOf = (p: TracePath | undefined): HopDiffLine[] =>
    p ? project(p, lv).map((h) => ({ op: 'same', label: h.label, layer: h.layer })) : [];
  const hops = lcsDiff(hopsOf(b0), hopsOf(a0));
  const eb = uniq(before.paths.map(ep).filter((x): x is string => x !== undefined));
  const ea = uniq(after.paths.map(ep).filter((x): x is string => x !== undefined));
  const sb = sourceSeen(before);
  const sa = sourceSeen(after);
  const rb = rewritesOf(b0);
  const ra = rewritesOf(a0);
  const d: TraceDiff = {
    disposition: {
      before: before.disposition,
      after: after.disposition,
      changed: before.disposition !== after.disposition,
    },
    reason: { before: before.reason, after: after.reason },
    endpoints: {
      before: eb,
      after: ea,
      added: ea.filter((x) => !eb.includes(x)),
      removed: eb.filter((x) => !ea.includes(x)),
    },
    sourceSeen: { before: sb, after: sa, changed: sb.join() !== sa.join() },
    rewrites: { before: rb, after: ra, changed: rb.join('\n') !== ra.join('\n') },
    hops,
    hopsChanged: hops.some((h) => h.op !== 'same'),
    rules: {
      added: after.rules.filter((r) => !before.rules.includes(r)),
      removed: before.rules.filter((r) => !after.rules.includes(r)),
    },
    paths: { before: before.paths.length, after: after.paths.length },
    unchanged: false,
  };
  d.unchanged =
    !d.disposition.changed &&
    d.endpoints.added.length === 0 &&
    d.endpoints.removed.length === 0 &&
    !d.sourceSeen.changed &&
    !d.rewrites.changed &&
    !d.hopsChanged &&
    d.rules.added.length === 0 &&
    d.rules.removed.length === 0 &&
    before.reason === after.reason;
  return d;
}
