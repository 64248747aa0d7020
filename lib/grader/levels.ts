/**
 * Levels of detail derived from one engine trace (reference §A3, §A4).
 *
 * One `TracePath` is projected to a sequence of `LevelHop`s; the `key` of a LevelHop is the id of the card
 * that represents it in the drag-and-drop palette (see cards.ts).
 *
 * - **wire**: every hop, key `Layer@object#signature`, where the signature lists the header rewrites made at the
 *   hop (`DNAT 10.96.120.15:80→10.244.2.8:9090`, `ENCAP …`); hops without rewrites have no `#…` part. Nothing
 *   is merged.
 * - **coarse**: key `Layer@object`; consecutive hops with the same key are merged (`CNI@node/node-1`,
 *   `CNI@node/node-1` → one), reference §A4.
 * - **textbook**: key `Layer`, consecutive duplicates merged, in the vocabulary of the seed article
 *   (`/work/shared/seed/kubernetes-networking-explained.txt`). The seed draws `Node` and `CNI` only in two
 *   kinds of flow, so the textbook projection keeps them only there (and in the Pod-to-Pod leg of 1. below when a
 *   Service was translated inside the client Pod — a sidecar's or Cilium socket-LB's — so that two Pods with only
 *   detail between them are not drawn as one):
 *     1. pure Pod-network paths (no Service, kube-proxy, Ingress, API Gateway, Cloud LB or DNS hop): the seed's
 *        "Pod → CNI Plugin → Node Network → Other Node → Pod" and "Pod A → CNI routing → Node network → CNI →
 *        Pod B": the first `CNI` and the first `Node` are kept; the later CNI/Node hops are detail;
 *     2. the node where an outside packet meets a NodePort: a `Node` hop whose previous significant hop is
 *        `Client` or `Cloud LB` and whose next significant hop is `Service`/`kube-proxy` (the seed's
 *        "Internet → NodeIP:30080 → Service → Pods", "AWS ELB → NodePort → Service → Pods").
 *   Every other CNI/Node hop, and the ingress/gateway controller's own `Pod` hop right before its `Ingress` /
 *   `API Gateway` hop (the seed draws "Ingress Controller" as one box), is *detail*: left out of the
 *   projection, but tolerated (free to include) when grading.
 *
 * Engine-optional hops (`hop.optional`, e.g. the logical Service hop behind ingress-nginx, §A3 rule 2) stay
 * optional at every level. A merged hop is optional only if every hop merged into it is optional.
 *
 * `gradingSequence` is the projection the grader compares against: the same hops plus, at textbook level,
 * the tolerated detail hops and the seed article's own simplifications (see SEED_SIMPLIFICATIONS), each
 * marked with a `tolerance`.
 *
 * Pure: no I/O, no clock, inputs are never mutated.
 */
import type { Disposition, Hop, Layer, Level, TracePath } from '../engine/types';

/** One hop of a path at a given level. */
export interface LevelHop {
  /** The card id that stands for this hop (cards.ts); equal keys = the same card. */
  key: string;
  layer: Layer;
  /** Object reference (`pod/shop/backend-2`, `node/node-1`); absent at textbook level. */
  object?: string;
  /** Wire level only: the header rewrites made here. */
  signature?: string;
  /** Human label of the card, e.g. `kube-proxy(node-1)`. */
  label: string;
  /** A correct answer may include or leave out this hop. */
  optional: boolean;
  /** Ids of the engine hops merged into this one, in path order. */
  hopIds: string[];
  /** Rule ids of the merged hops (deduplicated, in order). */
  rules: string[];
  /** Set when the path stops at this hop. */
  verdict?: { disposition: Disposition; reason: string };
}

/** Why a grading-sequence hop is tolerated (free to include or omit) although the projection says otherwise. */
export type Tolerance =
  /** A real hop the textbook projection leaves out (CNI/Node detail, the controller's Pod hop). */
  | 'detail'
  /** A real hop the seed article leaves out (e.g. the NodePort leg in front of an ingress controller). */
  | 'seed-omit'
  /** Not a real hop: the seed article draws it (e.g. kube-proxy between ingress-nginx and the Pod). */
  | 'seed-insert';

/** A seed-article simplification, with what really happens. */
export interface SeedNote {
  id: string;
  /** What the learner wrote, in the seed's words, and what really happens. */
  message: string;
  rule: string;
}

export interface GradingHop extends LevelHop {
  tolerance?: Tolerance;
  seed?: SeedNote;
}

const SIGNIFICANT_SKIP: ReadonlySet<Layer> = new Set<Layer>(['CNI', 'Node']);
const NON_PURE: ReadonlySet<Layer> = new Set<Layer>([
  'Service',
  'kube-proxy',
  'Ingress',
  'API Gateway',
  'Cloud LB',
  'DNS',
]);
const L7: ReadonlySet<Layer> = new Set<Layer>(['Ingress', 'API Gateway']);

/** `pod/shop/backend-2` → `shop/backend-2`; `node/node-1` → `node-1`; `external/10.0.5.20` → `10.0.5.20`. */
export function shortObject(object: string): string {
  const slash = object.indexOf('/');
  return slash < 0 ? object : object.slice(slash + 1);
}

/** Card label: `Layer(short object)` as in the reference's coarse lists, or just `Layer`. */
export function cardLabel(layer: Layer, object?: string, signature?: string): string {
  const base = object === undefined ? layer : `${layer}(${shortObject(object)})`;
  return signature ? `${base} [${signature}]` : base;
}

/** Wire signature of a hop: its header rewrites (`DNAT a→b, SNAT c→d`); "" when none. */
export function wireSignature(hop: Hop): string {
  return hop.rewrites.map((r) => `${r.kind} ${r.from}→${r.to}`).join(', ');
}

/** The card id of a hop at a level (the mapping engine hop → card). */
export function hopKey(hop: Hop, level: Level): string {
  if (level === 'textbook') return hop.layer;
  const base = `${hop.layer}@${hop.at}`;
  if (level === 'coarse') return base;
  const sig = wireSignature(hop);
  return sig ? `${base}#${sig}` : base;
}

function levelHopOf(hop: Hop, level: Level): GradingHop {
  const object = level === 'textbook' ? undefined : hop.at;
  const signature = level === 'wire' ? wireSignature(hop) || undefined : undefined;
  const lh: GradingHop = {
    key: hopKey(hop, level),
    layer: hop.layer,
    label: cardLabel(hop.layer, object, signature),
    optional: hop.optional === true,
    hopIds: [hop.id],
    rules: hop.rule ? [hop.rule] : [],
  };
  if (object !== undefined) lh.object = object;
  if (signature !== undefined) lh.signature = signature;
  if (hop.verdict) lh.verdict = { disposition: hop.verdict.disposition, reason: hop.verdict.reason };
  return lh;
}

/** Rank used when two merged hops disagree: the "most required" one wins. */
function toleranceRank(h: GradingHop): number {
  if (!h.optional) return 0;
  if (h.tolerance === undefined) return 1; // engine-optional
  if (h.tolerance === 'seed-omit') return 2;
  if (h.tolerance === 'detail') return 3;
  return 4; // seed-insert
}

function mergeTwo(a: GradingHop, b: GradingHop): GradingHop {
  const keep = toleranceRank(b) < toleranceRank(a) ? b : a;
  const merged: GradingHop = {
    key: a.key,
    layer: a.layer,
    label: a.label,
    optional: a.optional && b.optional,
    hopIds: [...a.hopIds, ...b.hopIds],
    rules: [...a.rules, ...b.rules.filter((r) => !a.rules.includes(r))],
  };
  if (a.object !== undefined) merged.object = a.object;
  if (a.signature !== undefined) merged.signature = a.signature;
  const verdict = b.verdict ?? a.verdict;
  if (verdict) merged.verdict = verdict;
  if (merged.optional && keep.tolerance !== undefined) merged.tolerance = keep.tolerance;
  if (merged.optional && keep.seed !== undefined) merged.seed = keep.seed;
  return merged;
}

/** Merge consecutive hops with the same key (reference §A4). Returns new objects. */
export function mergeConsecutive(hops: readonly GradingHop[]): GradingHop[] {
  const out: GradingHop[] = [];
  for (const h of hops) {
    const last = out[out.length - 1];
    if (last !== undefined && last.key === h.key) out[out.length - 1] = mergeTwo(last, h);
    else out.push({ ...h, hopIds: [...h.hopIds], rules: [...h.rules] });
  }
  return out;
}

/** Index of the next hop after `i` whose layer is not CNI/Node, or -1. */
function nextSignificant(hops: readonly Hop[], i: number): number {
  for (let k = i + 1; k < hops.length; k++) if (!SIGNIFICANT_SKIP.has(hops[k]!.layer)) return k;
  return -1;
}
function prevSignificant(hops: readonly Hop[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (!SIGNIFICANT_SKIP.has(hops[k]!.layer)) return k;
  return -1;
}

/** Seed-article simplifications accepted at textbook level (with a `seed_simplification` finding). */
export const SEED_SIMPLIFICATIONS = {
  lbToIngress: {
    id: 'seed-lb-to-ingress',
    rule: 'R5.2',
    text: (lb: string, entry: string, proxy: string) =>
      `The seed draws "Load Balancer → Ingress Controller". Really the cloud LB ${lb} uses instance targets: it ` +
      `delivers to the NodePort on ${entry}, where kube-proxy's rules DNAT the packet to the controller Pod ${proxy} ` +
      `(Cloud LB → Node → Service → kube-proxy → Pod, R5.2, R7.1).`,
  },
  ingressServiceKubeProxy: {
    id: 'seed-ingress-service-kube-proxy',
    rule: 'R7.8',
    text: (proxy: string, ip: string) =>
      `The seed draws "Ingress Controller → Service → kube-proxy → Pod". Really ${proxy} reads the Service's ` +
      `EndpointSlices and opens its own connection straight to the Pod IP ${ip}: no ClusterIP and no kube-proxy ` +
      `translation on this leg (R7.8; only the service-upstream setting changes that).`,
  },
} as const;

function describeObject(hop: Hop | undefined, fallback: string): string {
  return hop ? shortObject(hop.at) : fallback;
}

/** Textbook grading sequence before merging: every hop, with tolerance marks and seed insertions. */
function textbookEntries(path: TracePath): GradingHop[] {
  const hops = path.hops;
  const pure = !hops.some((h) => NON_PURE.has(h.layer) || h.layer === 'External');
  const entries: (GradingHop | undefined)[] = hops.map((h) => levelHopOf(h, 'textbook'));
  const insertAfter = new Map<number, GradingHop[]>();

  const markDetail = (i: number): void => {
    const e = entries[i];
    if (e && !e.optional) {
      e.optional = true;
      e.tolerance = 'detail';
    }
  };

  // What a Pod-to-Pod leg keeps between hops lo and hi (exclusive): the first CNI hop, then the first Node hop after
  // it — the seed's "Pod A → CNI routing → Node network → CNI → Pod B".
  const podToPodKept = (lo: number, hi: number): number[] => {
    const kept: number[] = [];
    for (let k = lo + 1; k < hi; k++) {
      const layer = hops[k]!.layer;
      if (layer === 'CNI' && kept.length === 0) kept.push(k);
      else if (layer === 'Node' && kept.length === 1) {
        kept.push(k);
        break;
      }
    }
    return kept;
  };
  const pureKept = pure ? new Set(podToPodKept(-1, hops.length)) : undefined;

  hops.forEach((h, i) => {
    if (h.layer === 'CNI' || h.layer === 'Node') {
      if (pureKept) {
        if (!pureKept.has(i)) markDetail(i);
        return;
      }
      if (h.layer === 'Node') {
        const p = prevSignificant(hops, i);
        const n = nextSignificant(hops, i);
        const prevLayer = p >= 0 ? hops[p]!.layer : undefined;
        const nextLayer = n >= 0 ? hops[n]!.layer : undefined;
        // first Node hop after the Client/Cloud LB, right before the NodePort's Service/kube-proxy
        let firstAfterPrev = true;
        for (let k = p + 1; k < i; k++) if (hops[k]!.layer === 'Node') firstAfterPrev = false;
        if (
          (prevLayer === 'Client' || prevLayer === 'Cloud LB') &&
          (nextLayer === 'Service' || nextLayer === 'kube-proxy') &&
          firstAfterPrev
        )
          return;
      }
      markDetail(i);
      return;
    }
    if (h.layer === 'Pod') {
      const n = nextSignificant(hops, i);
      if (n >= 0 && L7.has(hops[n]!.layer)) markDetail(i);
    }
  });

  // Two different Pods with only detail hops between them — the Service was translated before the packet left the
  // client Pod (a meshed client's sidecar, R14.3; Cilium's socket-LB, R11.5), so it goes straight from Pod to Pod:
  // merged, the textbook would draw the two as one Pod. That leg keeps what a pure Pod-network path keeps.
  for (let i = 0; i < hops.length; i++) {
    if (hops[i]!.layer !== 'Pod' || !entries[i] || entries[i]!.tolerance === 'detail') continue;
    let j = i + 1;
    while (j < hops.length && (!entries[j] || entries[j]!.tolerance === 'detail')) j++;
    if (j >= hops.length || hops[j]!.layer !== 'Pod' || hops[j]!.at === hops[i]!.at) continue;
    for (const k of podToPodKept(i, j)) {
      const e = entries[k];
      if (!e) continue;
      e.optional = hops[k]!.optional === true;
      delete e.tolerance;
    }
  }

  // A NetworkPolicy denial at the destination: the engine marks the hop where the packet is dropped, the node's
  // CNI hop into the Pod's interface (R10.7: "dropped at the Pod's interface"). That hop is detail at textbook
  // level, which would leave the path ending at kube-proxy with no hop marked — as if kube-proxy denied it. The
  // enforcing point is the destination Pod's ingress policy, so the textbook shows it as that Pod, marked.
  const lastIdx = hops.length - 1;
  const lastHop = hops[lastIdx];
  const lastEntry = entries[lastIdx];
  if (
    path.disposition === 'DENIED_IN' &&
    lastHop?.verdict &&
    lastEntry?.tolerance === 'detail' &&
    (lastHop.layer === 'CNI' || lastHop.layer === 'Node')
  )
    entries[lastIdx] = {
      key: 'Pod',
      layer: 'Pod',
      label: 'Pod',
      optional: false,
      hopIds: [lastHop.id],
      rules: lastEntry.rules,
      verdict: lastEntry.verdict!,
    };

  // Seed simplification 1: "Load Balancer → Ingress Controller" without the NodePort leg.
  hops.forEach((h, c) => {
    if (h.layer !== 'Cloud LB') return;
    let g = -1;
    for (let k = c + 1; k < hops.length; k++) {
      const l = hops[k]!.layer;
      if (L7.has(l)) {
        g = k;
        break;
      }
      if (!['Node', 'CNI', 'Service', 'kube-proxy', 'Pod'].includes(l)) break;
    }
    if (g < 0) return;
    const between = hops.slice(c + 1, g);
    if (!between.some((b) => b.layer === 'kube-proxy' || b.layer === 'Node')) return;
    const entry = between.find((b) => b.layer === 'Node');
    const proxyPod = [...between].reverse().find((b) => b.layer === 'Pod');
    const note: SeedNote = {
      id: SEED_SIMPLIFICATIONS.lbToIngress.id,
      rule: SEED_SIMPLIFICATIONS.lbToIngress.rule,
      message: SEED_SIMPLIFICATIONS.lbToIngress.text(
        describeObject(h, 'the cloud LB'),
        describeObject(entry, 'a node'),
        describeObject(proxyPod, 'of the controller'),
      ),
    };
    for (let k = c + 1; k < g; k++) {
      const e = entries[k];
      if (!e) continue;
      if (e.layer === 'Node' || e.layer === 'Service' || e.layer === 'kube-proxy') {
        if (!e.optional) {
          e.optional = true;
          e.tolerance = 'seed-omit';
          e.seed = note;
        }
      }
    }
  });

  // Seed simplification 2: "Ingress Controller → Service → kube-proxy → Pod" when the proxy goes to endpoints.
  hops.forEach((h, g) => {
    if (!L7.has(h.layer)) return;
    let p = -1;
    let sawKubeProxy = false;
    let serviceAt = -1;
    for (let k = g + 1; k < hops.length; k++) {
      const l = hops[k]!.layer;
      if (l === 'Pod') {
        p = k;
        break;
      }
      if (l === 'kube-proxy') sawKubeProxy = true;
      if (l === 'Service' && serviceAt < 0) serviceAt = k;
      if (!['Service', 'CNI', 'Node', 'kube-proxy'].includes(l)) break;
    }
    if (p < 0 || sawKubeProxy) return;
    const podHop = hops[p]!;
    const proxyPod = (() => {
      for (let k = g - 1; k >= 0; k--) if (hops[k]!.layer === 'Pod') return hops[k];
      return undefined;
    })();
    const note: SeedNote = {
      id: SEED_SIMPLIFICATIONS.ingressServiceKubeProxy.id,
      rule: SEED_SIMPLIFICATIONS.ingressServiceKubeProxy.rule,
      message: SEED_SIMPLIFICATIONS.ingressServiceKubeProxy.text(
        proxyPod ? `the proxy ${shortObject(proxyPod.at)}` : 'the proxy',
        podHop.packet.dst,
      ),
    };
    const inserted: GradingHop[] = [];
    const anchor = serviceAt >= 0 ? serviceAt : g;
    if (serviceAt < 0) {
      inserted.push({
        key: 'Service',
        layer: 'Service',
        label: 'Service',
        optional: true,
        hopIds: [],
        rules: [],
        tolerance: 'seed-insert',
        seed: note,
      });
    }
    inserted.push({
      key: 'kube-proxy',
      layer: 'kube-proxy',
      label: 'kube-proxy',
      optional: true,
      hopIds: [],
      rules: [],
      tolerance: 'seed-insert',
      seed: note,
    });
    insertAfter.set(anchor, [...(insertAfter.get(anchor) ?? []), ...inserted]);
  });

  const out: GradingHop[] = [];
  entries.forEach((e, i) => {
    if (e) out.push(e);
    for (const ins of insertAfter.get(i) ?? []) out.push(ins);
  });
  return out;
}

/**
 * The sequence the grader compares answers with: the projection plus tolerated hops (textbook detail hops and
 * seed simplifications, each with a `tolerance`). Consecutive duplicates merged (except at wire level).
 */
export function gradingSequence(path: TracePath, level: Level): GradingHop[] {
  if (level === 'wire') return path.hops.map((h) => levelHopOf(h, 'wire'));
  if (level === 'coarse') return mergeConsecutive(path.hops.map((h) => levelHopOf(h, 'coarse')));
  return mergeConsecutive(textbookEntries(path));
}

function stripTolerance(h: GradingHop): LevelHop {
  const lh: LevelHop = {
    key: h.key,
    layer: h.layer,
    label: h.label,
    optional: h.optional,
    hopIds: [...h.hopIds],
    rules: [...h.rules],
  };
  if (h.object !== undefined) lh.object = h.object;
  if (h.signature !== undefined) lh.signature = h.signature;
  if (h.verdict) lh.verdict = { ...h.verdict };
  return lh;
}

/** The canonical projection of a grading sequence: drop detail/seed-inserted hops, seed-omitted hops required again. */
export function canonicalOf(seq: readonly GradingHop[]): LevelHop[] {
  const kept: GradingHop[] = [];
  for (const h of seq) {
    if (h.tolerance === 'detail' || h.tolerance === 'seed-insert') continue;
    if (h.tolerance === 'seed-omit') {
      const { tolerance: _t, seed: _s, ...rest } = h;
      kept.push({ ...rest, optional: false });
    } else kept.push(h);
  }
  return mergeConsecutive(kept).map(stripTolerance);
}

/**
 * Project one path to a level: the sequence of hops a fully correct answer at that level shows
 * (see the module comment for the rules). Optional hops stay optional.
 */
export function project(path: TracePath, level: Level): LevelHop[] {
  if (level === 'textbook') return canonicalOf(gradingSequence(path, level));
  return gradingSequence(path, level).map(stripTolerance);
}
