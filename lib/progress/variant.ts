/**
 * Parameterised variants of a scenario for review: the same cluster and request with other names (nodes and
 * application namespaces), so a reviewed hop tests the rule, not the memory of "node-1".
 *
 * Names are replaced as whole tokens throughout the scenario YAML (objects, selectors, DNS names, the
 * request's URL), so the cluster stays consistent. Each rename is kept only if the renamed scenario still
 * parses and the engine still traces the request; system namespaces, names that are also YAML keys or enum
 * values the loader knows (e.g. `ingress-nginx`) fall out that way or are skipped up front. Pure and
 * deterministic for a seed. Returns null when no rename survives.
 */
import { buildModel, trace, type ClusterModel, type TraceSet } from '../engine';
import { fnv1a } from '../grader';
import { parseScenario, type ScenarioInput } from '../scenario';

export interface ScenarioVariant {
  input: ScenarioInput;
  model: ClusterModel;
  trace: TraceSet;
  /** The renames applied, in order. */
  renames: readonly (readonly [from: string, to: string])[];
  /** Apply the renames to any text (card ids, grader messages). */
  rename: (text: string) => string;
}

const RESERVED = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'ingress-nginx',
  'kong',
  'cilium',
  'calico-system',
  'tigera-operator',
  'gateway-system',
]);
const NODE_POOL = ['worker-a', 'worker-b', 'worker-c', 'worker-d', 'worker-e', 'worker-f'];
const NS_POOL = ['store', 'payments', 'catalog', 'billing', 'web', 'accounts', 'inventory'];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A token ends at anything but a name character; "->" (the tunnel card separator) also ends it.
const tokenRe = (name: string): RegExp =>
  new RegExp(`(?<![A-Za-z0-9_-])${escape(name)}(?![A-Za-z0-9_]|-(?!>))`, 'g');

/** Replace whole tokens (`node-1` but not `node-10`, `shop` in `shop.example.com` but not in `workshop`). */
export function renameTokens(text: string, renames: readonly (readonly [string, string])[]): string {
  // Placeholders first, so a rename chain (a→b, b→c) cannot cascade.
  let out = text;
  renames.forEach(([from], i) => {
    out = out.replace(tokenRe(from), `\u0000${i}\u0000`);
  });
  renames.forEach(([, to], i) => {
    out = out.split(`\u0000${i}\u0000`).join(to);
  });
  return out;
}

function pick(pool: readonly string[], used: Set<string>, yaml: string, seed: string): string | undefined {
  const free = pool.filter((n) => !used.has(n) && !tokenRe(n).test(yaml));
  if (free.length === 0) return undefined;
  return free[fnv1a(seed) % free.length];
}

/** A variant of `yaml` for `requestId` with other node and namespace names, or null. */
export function scenarioVariant(yaml: string, requestId: string, seed: string): ScenarioVariant | null {
  const parsed = parseScenario(yaml, 'variant.yaml');
  if (!parsed.ok) return null;
  const input = parsed.input;
  const nodes = input.nodes.map((n) => n.metadata.name);
  const namespaces = [
    ...new Set(
      [...input.pods, ...input.services]
        .map((o) => o.metadata.namespace)
        .filter((n): n is string => typeof n === 'string'),
    ),
  ];
  const isKey = (name: string): boolean => new RegExp(`^\\s*-?\\s*${escape(name)}\\s*:`, 'm').test(yaml);
  const candidates = [
    ...nodes.map((n) => ({ name: n, pool: NODE_POOL })),
    ...namespaces.map((n) => ({ name: n, pool: NS_POOL })),
  ].filter((c) => !RESERVED.has(c.name) && !isKey(c.name));

  const used = new Set<string>();
  let renames: (readonly [string, string])[] = [];
  let best: { input: ScenarioInput; model: ClusterModel; trace: TraceSet } | null = null;
  for (const c of candidates) {
    const to = pick(c.pool, used, yaml, `${seed}:${c.name}`);
    if (!to) continue;
    const trial = [...renames, [c.name, to] as const];
    const p = parseScenario(renameTokens(yaml, trial), 'variant.yaml');
    if (!p.ok) continue;
    try {
      const model = buildModel(p.input);
      const t = trace(model, requestId);
      if (t.paths.length === 0) continue;
      best = { input: p.input, model, trace: t };
      renames = trial;
      used.add(to);
    } catch {
      continue; // the engine refuses this rename: keep the previous names
    }
  }
  if (!best || renames.length === 0) return null;
  const final = renames;
  return { ...best, renames: final, rename: (text) => renameTokens(text, final) };
}
