/**
 * Fresh variants of a scenario (issue 16): the same lesson with other names, namespaces, addresses, ports and
 * replica placement, so "practise this again" and the review queue test the rule, not the memory of
 * "backend-2 on node-3".
 *
 * A variant is a list of substitutions applied to the scenario's YAML text (objects, selectors and labels,
 * DNS names, URLs, the prompt — everything that names the thing stays consistent):
 * - **names**: application namespaces, nodes, and application name stems (a Service's name, which its Pods,
 *   labels and DNS names share: `backend`, `backend-1`, `backend.shop.svc`), as whole tokens;
 * - **placement**: the replicas of a Service trade names (`backend-1` ⇄ `backend-3`), so which replica runs on
 *   which node changes while the cluster's shape stays;
 * - **addresses**: application Pod IPs and ClusterIPs move to other free addresses of the same /26 (so a Pod
 *   stays in its node's Pod CIDR and its Calico IPAM block, a ClusterIP in the Service CIDR);
 * - **ports**: application container ports (≥ 1024) and NodePorts move to other free ports (NodePorts stay in
 *   the node-port range).
 * System objects (kube-system, ingress controllers, CNI namespaces) keep their names and addresses.
 *
 * A substitution group is kept only if the variant still parses, the engine still traces the request, and
 * the **lesson** is unchanged: the disposition, the decisive rule (the rule of the hop that stops the packet,
 * else the last rule the reason cites) and the set of rules the trace exercises. Pure and deterministic for a
 * (yaml, request, seed); returns null when nothing survives.
 */
import { buildModel, trace, type ClusterModel, type TraceSet } from '../engine';
import { fnv1a } from '../grader';
import { parseScenario, type ScenarioInput } from '../scenario';

export type SubstitutionKind = 'name' | 'stem' | 'placement' | 'ip' | 'port';
export type Substitution = readonly [from: string, to: string, kind: SubstitutionKind];

export interface ScenarioVariant {
  /** The variant's YAML (the original with the substitutions applied). */
  yaml: string;
  input: ScenarioInput;
  model: ClusterModel;
  trace: TraceSet;
  /** The substitutions applied, in order (name and placement renames first, then addresses, then ports). */
  substitutions: readonly Substitution[];
  /** Name renames only, for display and for card ids ("shop → store"). */
  renames: readonly (readonly [from: string, to: string])[];
  /** Apply the substitutions to any text (card ids, grader messages, labels). */
  rename: (text: string) => string;
}

/** What a variant must keep: the lesson of the original request. */
export interface Lesson {
  disposition: string;
  decisiveRule: string;
  rules: string[];
}

const RESERVED = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'kube-dns',
  'coredns',
  'kube-proxy',
  'ingress-nginx',
  'kong',
  'cilium',
  'calico-system',
  'tigera-operator',
  'gateway-system',
  'envoy-gateway-system',
]);
const NODE_POOL = ['worker-a', 'worker-b', 'worker-c', 'worker-d', 'worker-e', 'worker-f', 'worker-g'];
const NS_POOL = [
  'store',
  'payments',
  'catalog',
  'billing',
  'web',
  'accounts',
  'inventory',
  'media',
  'ledger',
];
const NAME_POOL = [
  'orders',
  'cart',
  'search',
  'profile',
  'quotes',
  'ledger',
  'invoice',
  'reviews',
  'pricing',
  'checkout',
  'stock',
  'notify',
];
const PORT_POOL = [8081, 8088, 8181, 8444, 9000, 9100, 7070, 5000, 3000, 8888];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole name token, or a token prefix followed by "-" (not "->", the tunnel card separator). */
const nameRe = (name: string): RegExp =>
  new RegExp(`(?<![A-Za-z0-9_-])${escape(name)}(?![A-Za-z0-9_]|-(?!>))`, 'g');
/** A stem: a whole token or the start of a hyphenated one (`backend`, `backend-1`, `backend.shop.svc`). */
const stemRe = (name: string): RegExp =>
  new RegExp(
    `(?<![A-Za-z0-9_-])${escape(name)}(?![A-Za-z0-9_]|-(?![A-Za-z0-9]|>))|(?<![A-Za-z0-9_-])${escape(name)}(?=-[A-Za-z0-9])`,
    'g',
  );
const ipRe = (ip: string): RegExp => new RegExp(`(?<![0-9.])${escape(ip)}(?![0-9]|\\.[0-9])`, 'g');
const portRe = (port: string): RegExp =>
  new RegExp(`(?<![A-Za-z0-9_.-])${port}(?![A-Za-z0-9_]|\\.[0-9])`, 'g');

function reOf(s: Substitution): RegExp {
  return s[2] === 'ip'
    ? ipRe(s[0])
    : s[2] === 'port'
      ? portRe(s[0])
      : s[2] === 'stem'
        ? stemRe(s[0])
        : nameRe(s[0]);
}

/**
 * Apply substitutions to a text, all at once: placeholders first, so chains (a→b, b→c) and swaps (a⇄b)
 * never cascade.
 */
export function substitute(text: string, subs: readonly Substitution[]): string {
  let out = text;
  subs.forEach((s, i) => {
    out = out.replace(reOf(s), `\u0000${i}\u0000`);
  });
  subs.forEach(([, to], i) => {
    out = out.split(`\u0000${i}\u0000`).join(to);
  });
  return out;
}

/** Replace whole name tokens (kept for callers of the name-only API). */
export function renameTokens(text: string, renames: readonly (readonly [string, string])[]): string {
  return substitute(
    text,
    renames.map(([a, b]) => [a, b, 'name'] as const),
  );
}

/** A small seeded PRNG (mulberry32) over the FNV-1a hash of a seed text. */
function rng(seed: string): () => number {
  let a = fnv1a(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(pool: readonly T[], ok: (x: T) => boolean, r: () => number): T | undefined {
  const free = pool.filter(ok);
  return free.length === 0 ? undefined : free[Math.floor(r() * free.length)];
}

/** The lesson of a trace: disposition, decisive rule, rules exercised. */
export function lessonOf(t: TraceSet): Lesson {
  const stop = t.paths[0]?.hops.find((h) => h.verdict !== undefined);
  const cited = [...t.reason.matchAll(/\bR\d+\.\d+\b/g)].map((m) => m[0]);
  return {
    disposition: t.disposition,
    decisiveRule: stop?.rule ?? cited[cited.length - 1] ?? '',
    rules: [...t.rules].sort(),
  };
}

const sameLesson = (a: Lesson, b: Lesson): boolean =>
  a.disposition === b.disposition && a.decisiveRule === b.decisiveRule && a.rules.join() === b.rules.join();

function tryVariant(
  yaml: string,
  requestId: string,
  subs: readonly Substitution[],
  lesson: Lesson,
): { yaml: string; input: ScenarioInput; model: ClusterModel; trace: TraceSet } | null {
  const text = substitute(yaml, subs);
  const p = parseScenario(text, 'variant.yaml');
  if (!p.ok) return null;
  try {
    const model = buildModel(p.input);
    const t = trace(model, requestId);
    if (t.disposition === 'ENGINE_ERROR' || !sameLesson(lessonOf(t), lesson)) return null;
    return { yaml: text, input: p.input, model, trace: t };
  } catch {
    return null;
  }
}

const nsOf = (o: { metadata: { namespace?: string } }): string => o.metadata.namespace ?? 'default';

/** Candidate substitution groups, each a unit that must be kept or dropped together. */
function candidates(input: ScenarioInput, yaml: string, r: () => number): Substitution[][] {
  const groups: Substitution[][] = [];
  const taken = new Set<string>();
  const free = (name: string) => !taken.has(name) && !nameRe(name).test(yaml);
  const isKey = (name: string): boolean => new RegExp(`^\\s*-?\\s*${escape(name)}\\s*:`, 'm').test(yaml);
  const appNs = (ns: string) => !RESERVED.has(ns);

  // Replica placement: a Service's selected Pods trade names (a seeded permutation of ≥ 2 replicas).
  for (const s of input.services) {
    if (!appNs(nsOf(s)) || Object.keys(s.spec.selector).length === 0) continue;
    const pods = input.pods
      .filter(
        (p) =>
          nsOf(p) === nsOf(s) &&
          Object.entries(s.spec.selector).every(([k, v]) => p.metadata.labels[k] === v) &&
          p.metadata.name.startsWith(`${s.metadata.name}-`),
      )
      .map((p) => p.metadata.name)
      .sort();
    if (pods.length < 2) continue;
    const perm = [...pods];
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const g: Substitution[] = pods
      .map((from, i): Substitution => [from, perm[i]!, 'placement'])
      .filter(([a, b]) => a !== b);
    if (g.length > 0) groups.push(g);
  }

  // Names: application namespaces, nodes, application stems (Service names).
  const namespaces = [...new Set([...input.pods, ...input.services].map(nsOf))].filter(appNs);
  const stems = [...new Set(input.services.filter((s) => appNs(nsOf(s))).map((s) => s.metadata.name))].filter(
    (n) => !namespaces.includes(n),
  );
  const named: { name: string; pool: readonly string[]; kind: 'name' | 'stem' }[] = [
    ...namespaces.map((name) => ({ name, pool: NS_POOL, kind: 'name' as const })),
    ...input.nodes.map((n) => ({ name: n.metadata.name, pool: NODE_POOL, kind: 'name' as const })),
    // Longer stems first, so `frontend-local` is renamed before `frontend` would take its prefix.
    ...stems
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map((name) => ({ name, pool: NAME_POOL, kind: 'stem' as const })),
  ];
  for (const c of named) {
    if (RESERVED.has(c.name) || isKey(c.name) || c.name.length < 3) continue;
    const to = pick(c.pool, free, r);
    if (!to) continue;
    taken.add(to);
    groups.push([[c.name, to, c.kind]]);
  }

  // Addresses: application Pod IPs and ClusterIPs, to a free address of the same /26.
  const usedIps = new Set([...yaml.matchAll(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g)].map((m) => m[0]));
  const ips = [
    ...input.pods.filter((p) => appNs(nsOf(p)) && !p.spec.hostNetwork).map((p) => p.status.podIP),
    ...input.services.filter((s) => appNs(nsOf(s))).map((s) => s.spec.clusterIP),
  ].filter((ip): ip is string => typeof ip === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(ip));
  for (const ip of [...new Set(ips)]) {
    const o = ip.split('.').map(Number);
    const last = o[3]!;
    const base = last - (last % 64);
    const options = Array.from({ length: 60 }, (_, k) => base + 2 + k).filter((x) => x !== last && x < 255);
    const to = pick(
      options.map((x) => `${o[0]}.${o[1]}.${o[2]}.${x}`),
      (x) => !usedIps.has(x),
      r,
    );
    if (!to) continue;
    usedIps.add(to);
    groups.push([[ip, to, 'ip']]);
  }

  // Ports: application container ports ≥ 1024 and NodePorts.
  const usedNumbers = new Set([...yaml.matchAll(/\b\d{2,5}\b/g)].map((m) => Number(m[0])));
  const containerPorts = new Set<number>();
  for (const p of input.pods)
    if (appNs(nsOf(p)) && !p.spec.hostNetwork)
      for (const c of p.spec.containers)
        for (const cp of c.ports) if (cp.containerPort >= 1024) containerPorts.add(cp.containerPort);
  for (const port of [...containerPorts].sort((a, b) => a - b)) {
    const to = pick(PORT_POOL, (x) => !usedNumbers.has(x), r);
    if (to === undefined) continue;
    usedNumbers.add(to);
    groups.push([[String(port), String(to), 'port']]);
  }
  const nodePorts = new Set<number>();
  for (const s of input.services)
    if (appNs(nsOf(s))) for (const p of s.spec.ports) if (p.nodePort !== undefined) nodePorts.add(p.nodePort);
  for (const port of [...nodePorts].sort((a, b) => a - b)) {
    let to: number | undefined;
    for (let k = 0; k < 20 && to === undefined; k++) {
      const x = 30000 + Math.floor(r() * 2768);
      if (!usedNumbers.has(x)) to = x;
    }
    if (to === undefined) continue;
    usedNumbers.add(to);
    groups.push([[String(port), String(to), 'port']]);
  }
  // A replica that trades names takes the renamed stem too (`backend-1` → `orders-3`, not `backend-3`).
  const names = groups.flat().filter((x) => x[2] === 'name' || x[2] === 'stem');
  return groups.map((g) =>
    g.map((x): Substitution => (x[2] === 'placement' ? [x[0], substitute(x[1], names), x[2]] : x)),
  );
}

/** A variant of `yaml` for `requestId`, or null when no substitution keeps the lesson. */
export function scenarioVariant(yaml: string, requestId: string, seed: string): ScenarioVariant | null {
  const parsed = parseScenario(yaml, 'variant.yaml');
  if (!parsed.ok) return null;
  let original: TraceSet;
  try {
    original = trace(buildModel(parsed.input), requestId);
  } catch {
    return null;
  }
  if (original.disposition === 'ENGINE_ERROR') return null;
  const lesson = lessonOf(original);
  const groups = candidates(parsed.input, yaml, rng(`${requestId}:${seed}`));
  if (groups.length === 0) return null;

  // Everything at once first (the common case); else group by group, keeping what keeps the lesson.
  let kept: Substitution[] = groups.flat();
  let best = tryVariant(yaml, requestId, kept, lesson);
  if (!best) {
    kept = [];
    for (const g of groups) {
      const trial = [...kept, ...g];
      const v = tryVariant(yaml, requestId, trial, lesson);
      if (v) {
        kept = trial;
        best = v;
      }
    }
  }
  if (!best || kept.length === 0) return null;
  const final = kept;
  return {
    ...best,
    substitutions: final,
    renames: final.filter((s) => s[2] === 'name' || s[2] === 'stem').map(([a, b]) => [a, b] as const),
    rename: (text) => substitute(text, final),
  };
}
