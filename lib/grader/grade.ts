/**
 * Grading a learner's hop sequence against every valid path of a trace.
 *
 * ## Formula (PrairieLearn `pl-order-blocks`, partial credit "lcs")
 *
 * PrairieLearn's order-blocks element scores a submission by the edit distance to the nearest correct
 * ordering, counting only insertions and deletions (no substitutions — an LCS distance), and gives
 *
 *     score = max(0, (n − d) / n)        n = length of the correct answer, d = that edit distance.
 *
 * We do the same per valid path, with two additions for our data:
 *   - optional hops (engine-optional, and at textbook level the tolerated detail/seed hops, levels.ts) cost
 *     nothing to insert or omit; n = number of required hops of the path's projection (`project`), so a
 *     tolerated seed shortcut is free but does not shrink n;
 *   - the answer is normalised first: ids are reduced to the level (`normalizeCardId`) and, except at wire
 *     level, consecutive duplicate cards count once (reference §A4).
 * The path with the smallest d is the closest (ties: the larger n — i.e. the higher score, so the order of the
 * alternatives never changes the score — then the higher path weight, then path order); its score is the
 * path score. A moved hop costs 2 (one deletion + one insertion), as in PrairieLearn; the findings call it
 * `out_of_order`, not missing + extra.
 *
 * When the scenario asks for the outcome (`options.askDisposition`), the outcome is part of the score:
 *
 *     score = (1 − w) · pathScore + w · [disposition correct],   w = options.dispositionWeight ?? 0.2
 *
 * i.e. 80 % path / 20 % outcome by default. Otherwise score = pathScore.
 *
 * Pure and deterministic; inputs are not mutated.
 */
import type { Disposition, Layer, Level, TraceSet } from '../engine/types';
import { LAYERS } from '../engine/types';
import { normalizeCardId } from './cards';
import { distractorIndex, type Distractor, type ModelLike } from './distractors';
import {
  cardLabel,
  gradingSequence,
  mergeConsecutive,
  project,
  type GradingHop,
  type LevelHop,
} from './levels';
import {
  EXPLAIN,
  explainDisposition,
  MISCONCEPTIONS,
  nodeNameOf,
  pathFacts,
  traceFacts,
  type PathFacts,
  type TraceFacts,
} from './misconceptions';

export interface Answer {
  /** Card ids in the learner's order (a card may appear more than once). */
  cards: string[];
  /** The outcome the learner picked, when the scenario asks for it. */
  disposition?: Disposition;
}

export interface GradeOptions {
  /** The scenario asks for the outcome: it counts `dispositionWeight` of the score. */
  askDisposition?: boolean;
  /** Weight of the outcome in the score when asked (default 0.2). */
  dispositionWeight?: number;
  /** The cluster model the palette was built with (for the same distractors as `cardsFor`). */
  model?: ModelLike;
}

export type FindingCode =
  | 'correct'
  | 'missing'
  | 'extra'
  | 'out_of_order'
  | 'wrong_object'
  | 'seed_simplification'
  | 'wrong_disposition';

export interface Finding {
  code: FindingCode;
  /** Position in the learner's answer (0-based), for findings about a placed card. */
  index?: number;
  /** Position in `GradeResult.expected` (0-based), where the finding is about an expected hop. */
  expectedIndex?: number;
  /** Card id concerned (the placed card, or the expected card for `missing`). */
  card: string;
  message: string;
  rule?: string;
  /** Misconception id (misconceptions.ts) when the mistake is a known one. */
  misconception?: string;
  severity: 'info' | 'warning' | 'error';
}

export interface GradeResult {
  /** 0..1, see the formula above. */
  score: number;
  /** 0..1: max(0, (n − d) / n) against the closest path. */
  pathScore: number;
  /** Set when the answer has a disposition or the scenario asks for one. */
  dispositionCorrect?: boolean;
  /** Id of the closest valid path ("" when the trace has no path). */
  closestPathId: string;
  /** The closest valid path projected to the level (`project`). */
  expected: LevelHop[];
  /** Number of valid paths the answer was compared with. */
  alternatives: number;
  findings: Finding[];
  level: Level;
  /** d: insertions + deletions to the closest path (optional hops free). */
  editDistance: number;
  /** n: required hops of the closest path. */
  requiredLength: number;
}

// ---------------------------------------------------------------------------------------------------------
// Answer normalisation
// ---------------------------------------------------------------------------------------------------------

interface NormCard {
  key: string;
  /** Original answer positions merged into this one. */
  orig: number[];
}

function normalizeAnswer(cards: readonly string[], level: Level): NormCard[] {
  const out: NormCard[] = [];
  cards.forEach((raw, idx) => {
    const key = normalizeCardId(raw, level);
    const last = out[out.length - 1];
    if (level !== 'wire' && last !== undefined && last.key === key) last.orig.push(idx);
    else out.push({ key, orig: [idx] });
  });
  return out;
}

const LAYER_SET: ReadonlySet<string> = new Set(LAYERS);

/** Parse a card id into its layer / object / signature (inverse of the id scheme). */
export function parseCardId(id: string): { layer?: Layer; object?: string; signature?: string } {
  const hash = id.indexOf('#');
  const base = hash < 0 ? id : id.slice(0, hash);
  const at = base.indexOf('@');
  const layerText = at < 0 ? base : base.slice(0, at);
  const out: { layer?: Layer; object?: string; signature?: string } = {};
  if (LAYER_SET.has(layerText)) out.layer = layerText as Layer;
  if (at >= 0) out.object = base.slice(at + 1);
  if (hash >= 0) out.signature = id.slice(hash + 1);
  return out;
}

function labelOfId(id: string): string {
  const p = parseCardId(id);
  return p.layer ? cardLabel(p.layer, p.object, p.signature) : id;
}

// ---------------------------------------------------------------------------------------------------------
// Edit distance (insertions + deletions; optional expected hops free)
// ---------------------------------------------------------------------------------------------------------

type Op = { t: 'match'; i: number; j: number } | { t: 'extra'; i: number } | { t: 'skip'; j: number };

/** Suffix DP table: D[i][j] = min edits to align a[i..] with e[j..]. */
function table(a: readonly string[], e: readonly GradingHop[]): Int32Array {
  const m = a.length;
  const n = e.length;
  const w = n + 1;
  const D = new Int32Array((m + 1) * w);
  for (let j = n - 1; j >= 0; j--) D[m * w + j] = (e[j]!.optional ? 0 : 1) + D[m * w + j + 1]!;
  for (let i = m - 1; i >= 0; i--) {
    D[i * w + n] = 1 + D[(i + 1) * w + n]!;
    for (let j = n - 1; j >= 0; j--) {
      let best = 1 + D[(i + 1) * w + j]!;
      const skip = (e[j]!.optional ? 0 : 1) + D[i * w + j + 1]!;
      if (skip < best) best = skip;
      if (a[i] === e[j]!.key) {
        const match = D[(i + 1) * w + j + 1]!;
        if (match < best) best = match;
      }
      D[i * w + j] = best;
    }
  }
  return D;
}

/** Edit distance between a normalised answer and a grading sequence (exported for tests). */
export function editDistance(a: readonly string[], e: readonly GradingHop[]): number {
  return table(a, e)[0]!;
}

/** One optimal alignment, traced left to right (match > free skip > extra > missing). */
function align(a: readonly string[], e: readonly GradingHop[]): { d: number; ops: Op[] } {
  const D = table(a, e);
  const m = a.length;
  const n = e.length;
  const w = n + 1;
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    const cur = D[i * w + j]!;
    if (i < m && j < n && a[i] === e[j]!.key && cur === D[(i + 1) * w + j + 1]) {
      ops.push({ t: 'match', i, j });
      i++;
      j++;
    } else if (j < n && e[j]!.optional && cur === D[i * w + j + 1]) {
      ops.push({ t: 'skip', j });
      j++;
    } else if (i < m && cur === 1 + D[(i + 1) * w + j]!) {
      ops.push({ t: 'extra', i });
      i++;
    } else {
      ops.push({ t: 'skip', j });
      j++;
    }
  }
  return { d: D[0]!, ops };
}

function requiredCount(e: readonly LevelHop[]): number {
  let n = 0;
  for (const h of e) if (!h.optional) n++;
  return n;
}

/**
 * Variants of a grading sequence: when two equal required hops are separated only by optional hops, a learner
 * who leaves the optional hops out writes the two as one card (consecutive duplicates merge), so we also offer
 * the sequence with those optional hops removed and the two merged. At most 4 such gaps are expanded.
 */
export function variantsOf(seq: readonly GradingHop[]): GradingHop[][] {
  const gaps: [number, number][] = [];
  for (let p = 0; p < seq.length; p++) {
    if (seq[p]!.optional) continue;
    let q = p + 1;
    while (q < seq.length && seq[q]!.optional) q++;
    if (q < seq.length && q > p + 1 && seq[q]!.key === seq[p]!.key) gaps.push([p, q]);
    p = q - 1;
  }
  const used = gaps.slice(0, 4);
  const variants: GradingHop[][] = [[...seq]];
  for (let mask = 1; mask < 1 << used.length; mask++) {
    const drop = new Set<number>();
    used.forEach(([p, q], g) => {
      if (mask & (1 << g)) for (let k = p + 1; k < q; k++) drop.add(k);
    });
    variants.push(mergeConsecutive(seq.filter((_, k) => !drop.has(k))));
  }
  return variants;
}

// ---------------------------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------------------------

interface Ctx {
  level: Level;
  facts: TraceFacts;
  pf: PathFacts;
  answer: readonly string[];
  distractors: Map<string, Distractor>;
  /** Keys of every valid path's grading sequence, by key → path ids. */
  keyPaths: Map<string, string[]>;
  seq: readonly GradingHop[];
}

type Why = { message: string; rule?: string; misconception?: string };

function explainExtra(key: string, i: number, ctx: Ctx): Why {
  const d = ctx.distractors.get(key);
  const label = labelOfId(key);
  if (d) return { message: `${label}: ${d.explanation}`, rule: d.rule, misconception: d.misconception };
  const known = misconceptionFor(key, i, ctx);
  if (known) return known;
  const pf = ctx.pf;
  const others = (ctx.keyPaths.get(key) ?? []).filter((id) => id !== pf.path.id);
  if (others.length > 0)
    return {
      message: `${label} belongs to another valid alternative (${others.join(', ')}), not to the path closest to your answer (${pf.path.id}).`,
    };
  if (ctx.seq.some((h) => h.key === key))
    return { message: `${label} is already on your path; this extra copy is not.` };
  return { message: `${label} is not on any valid path of this request.` };
}

/** A known misconception that explains placing card `key` at normalised answer position `i`, if any. */
function misconceptionFor(key: string, i: number, ctx: Ctx): Why | undefined {
  const label = labelOfId(key);
  const { layer, object } = parseCardId(key);
  const pf = ctx.pf;
  const M = MISCONCEPTIONS;
  const before = ctx.answer.slice(0, i).map((k) => parseCardId(k).layer);
  if (
    layer === 'kube-proxy' &&
    before.some((l) => l === 'Ingress' || l === 'API Gateway') &&
    pf.l7.some((l) => l.toEndpoints)
  ) {
    const l7 = pf.l7.find((l) => l.toEndpoints)!;
    return {
      message: `${label}: ${EXPLAIN.e1KubeProxyAfterIngress(l7.proxyPod, nodeNameOf(object))}`,
      rule: M.E1.rule,
      misconception: M.E1.id,
    };
  }
  if (
    (layer === 'kube-proxy' || layer === 'Service') &&
    !pf.layers.has('Service') &&
    !pf.layers.has('kube-proxy')
  ) {
    if (ctx.facts.headless)
      return {
        message: `${label}: ${EXPLAIN.e10Headless(ctx.facts.headlessService)}`,
        rule: M.E10.rule,
        misconception: M.E10.id,
      };
    if (pf.pure)
      return {
        message: `${label}: ${EXPLAIN.podIp()}`,
        rule: M.servicePodIp.rule,
        misconception: M.servicePodIp.id,
      };
  }
  if (
    (layer === 'Node' || layer === 'Service' || layer === 'kube-proxy') &&
    pf.cloudLb &&
    !pf.cloudLb.instanceTargets
  )
    return {
      message: `${label}: ${EXPLAIN.e3IpTargets(pf.cloudLb.object)}`,
      rule: 'R5.3',
      misconception: M.E3.id,
    };
  if (layer === 'DNS' && !pf.layers.has('DNS')) {
    if (pf.externalClient)
      return {
        message: `${label}: ${EXPLAIN.publicName()}`,
        rule: M.publicNameCoreDns.rule,
        misconception: M.publicNameCoreDns.id,
      };
    return {
      message: `${label}: ${EXPLAIN.dnsPhase()}`,
      rule: M.dnsPhase.rule,
      misconception: M.dnsPhase.id,
    };
  }
  const objNode = nodeNameOf(object);
  if (
    (layer === 'Node' || layer === 'CNI') &&
    pf.pure &&
    pf.nodes.length <= 1 &&
    (objNode === undefined || !pf.nodes.includes(objNode))
  )
    return {
      message: `${label}: ${EXPLAIN.encapSameNode(pf.nodes[0])}`,
      rule: M.encapSameNode.rule,
      misconception: M.encapSameNode.id,
    };
  if (layer === 'API Gateway' && !pf.layers.has('API Gateway'))
    return {
      message: `${label}: ${EXPLAIN.apiGatewayAfterIngress()}`,
      rule: M.apiGatewayAfterIngress.rule,
      misconception: M.apiGatewayAfterIngress.id,
    };
  if ((layer === 'Ingress' || layer === 'Cloud LB') && !pf.layers.has(layer) && !pf.externalClient)
    return {
      message: `${label}: ${EXPLAIN.stackOrder(layer)}`,
      rule: M.stackOrder.rule,
      misconception: M.stackOrder.id,
    };
  if (
    layer === 'kube-proxy' &&
    objNode &&
    pf.translations.length > 0 &&
    !pf.translations.some((t) => t.node === objNode)
  )
    return {
      message: `${label}: ${EXPLAIN.e2BackendNode(pf.translations[0]!.node, objNode)}`,
      rule: M.E2.rule,
      misconception: M.E2.id,
    };
  return undefined;
}

function explainMissing(e: GradingHop, j: number, atEnd: boolean, ctx: Ctx): Why {
  const pf = ctx.pf;
  const hop = pf.path.hops.find((h) => h.id === e.hopIds[0]);
  const what = hop && hop.label ? ` (${hop.label})` : '';
  const rule = e.rules[0];
  const base: Why = { message: `Missing ${e.label}${what}.` };
  if (rule) base.rule = rule;
  if (
    pf.cloudLb &&
    pf.cloudLb.instanceTargets &&
    (e.layer === 'Node' || e.layer === 'Service' || e.layer === 'kube-proxy')
  ) {
    const lbPos = ctx.seq.findIndex((h) => h.layer === 'Cloud LB');
    const podPos = ctx.seq.findIndex((h, k) => k > lbPos && h.layer === 'Pod');
    if (lbPos >= 0 && j > lbPos && (podPos < 0 || j < podPos))
      return {
        message: `Missing ${e.label}${what}: ${EXPLAIN.e3InstanceMissing(pf.cloudLb.object)}`,
        rule: 'R5.2',
        misconception: MISCONCEPTIONS.E3.id,
      };
  }
  if (atEnd && (pf.path.disposition === 'DENIED_IN' || pf.path.disposition === 'DENIED_OUT')) {
    const lastGiven = parseCardId(ctx.answer[ctx.answer.length - 1] ?? '').layer;
    if (lastGiven === 'Service' || lastGiven === 'kube-proxy')
      return {
        message: `Missing ${e.label}${what}: ${EXPLAIN.e9Missing()}`,
        rule: 'R10.6',
        misconception: MISCONCEPTIONS.E9.id,
      };
  }
  if (e.layer === 'kube-proxy' && ctx.seq[j - 1]?.layer === 'Service')
    return {
      message: `Missing ${e.label}${what}: the Service is only rules; kube-proxy's rules on ${nodeNameOf(e.object) ?? "the client's node"} do the DNAT (R3.2, R11.1).`,
      rule: 'R3.2',
      misconception: MISCONCEPTIONS.E2.id,
    };
  return base;
}

// ---------------------------------------------------------------------------------------------------------
// grade
// ---------------------------------------------------------------------------------------------------------

interface Best {
  pi: number;
  seq: GradingHop[];
  d: number;
  ops: Op[];
  n: number;
}

function severityOf(code: FindingCode): Finding['severity'] {
  if (code === 'correct' || code === 'seed_simplification') return 'info';
  if (code === 'out_of_order' || code === 'wrong_object') return 'warning';
  return 'error';
}

function finding(code: FindingCode, card: string, message: string, extra: Partial<Finding> = {}): Finding {
  const f: Finding = { code, card, message, severity: severityOf(code) };
  if (extra.index !== undefined) f.index = extra.index;
  if (extra.expectedIndex !== undefined) f.expectedIndex = extra.expectedIndex;
  if (extra.rule !== undefined) f.rule = extra.rule;
  if (extra.misconception !== undefined) f.misconception = extra.misconception;
  return f;
}

function withWhy(why: Why, extra: Partial<Finding>): Partial<Finding> {
  const out: Partial<Finding> = { ...extra };
  if (why.rule !== undefined) out.rule = why.rule;
  if (why.misconception !== undefined) out.misconception = why.misconception;
  return out;
}

/** Grade an answer at a level against every valid path of the trace set. */
/** An engine failure is not an answer key: refuse to grade against it (types.ts ENGINE_ERROR). */
function ungradable(traceSet: TraceSet): void {
  if (traceSet.disposition === 'ENGINE_ERROR')
    throw new Error(`cannot grade request ${traceSet.requestId}: ${traceSet.reason}`);
}

export function grade(
  traceSet: TraceSet,
  answer: Answer,
  level: Level,
  options: GradeOptions = {},
): GradeResult {
  ungradable(traceSet);
  const norm = normalizeAnswer(answer.cards, level);
  const a = norm.map((c) => c.key);
  const paths = traceSet.paths;

  let best: Best | undefined;
  paths.forEach((path, pi) => {
    const seq = gradingSequence(path, level);
    // n counts the required hops of the projection (tolerated textbook hops are free but still part of n).
    const n = requiredCount(project(path, level));
    for (const v of variantsOf(seq)) {
      const d = editDistance(a, v);
      const better =
        best === undefined ||
        d < best.d ||
        (d === best.d && n > best.n) ||
        (d === best.d && n === best.n && pi !== best.pi && path.weight > paths[best.pi]!.weight);
      if (better) best = { pi, seq: v, d, ops: [], n };
    }
  });

  const findings: Finding[] = [];
  const level_ = level;
  if (best === undefined) {
    // No valid path (e.g. NXDOMAIN without a connect flow): every placed card is extra.
    norm.forEach((c) =>
      c.orig.forEach((idx) =>
        findings.push(
          finding(
            'extra',
            c.key,
            `${labelOfId(c.key)}: no connection path exists for this request (${traceSet.reason}).`,
            { index: idx },
          ),
        ),
      ),
    );
    const pathScore = a.length === 0 ? 1 : 0;
    return finish(
      traceSet,
      answer,
      options,
      {
        score: pathScore,
        pathScore,
        closestPathId: '',
        expected: [],
        alternatives: 0,
        findings,
        level: level_,
        editDistance: a.length,
        requiredLength: 0,
      },
      traceSet.disposition,
      undefined,
    );
  }

  const chosen: Best = best;
  const path = paths[chosen.pi]!;
  const { ops } = align(a, chosen.seq);
  const expected = project(path, level);
  const expectedIndexOf = (h: GradingHop): number | undefined => {
    const first = h.hopIds[0];
    if (first === undefined) return undefined;
    const k = expected.findIndex((x) => x.hopIds.includes(first));
    return k < 0 ? undefined : k;
  };

  const facts = traceFacts(traceSet);
  const keyPaths = new Map<string, string[]>();
  for (const p of paths)
    for (const h of gradingSequence(p, level))
      if (h.tolerance !== 'seed-insert')
        keyPaths.set(h.key, [...new Set([...(keyPaths.get(h.key) ?? []), p.id])]);
  const ctx: Ctx = {
    level,
    facts,
    pf: pathFacts(path),
    answer: a,
    distractors: distractorIndex(traceSet, options.model, level),
    keyPaths,
    seq: chosen.seq,
  };

  // Pair extras with missing hops: same card → out_of_order; same layer in the same gap → wrong_object.
  let gap = 0;
  const gapOf = new Map<number, number>();
  ops.forEach((op, k) => {
    if (op.t === 'match') gap++;
    gapOf.set(k, gap);
  });
  const extras = ops.map((op, k) => ({ op, k })).filter((x) => x.op.t === 'extra');
  const missing = ops
    .map((op, k) => ({ op, k }))
    .filter((x) => x.op.t === 'skip' && !chosen.seq[(x.op as { j: number }).j]!.optional);
  const pairOf = new Map<number, { k: number; kind: 'out_of_order' | 'wrong_object' }>();
  const paired = new Set<number>();
  for (const x of extras) {
    const key = a[(x.op as { i: number }).i]!;
    if (misconceptionFor(key, (x.op as { i: number }).i, ctx)) continue; // a known mistake, not a moved hop
    const m = missing.find((y) => !paired.has(y.k) && chosen.seq[(y.op as { j: number }).j]!.key === key);
    if (m) {
      pairOf.set(x.k, { k: m.k, kind: 'out_of_order' });
      paired.add(m.k);
    }
  }
  if (level !== 'textbook') {
    for (const x of extras) {
      if (pairOf.has(x.k)) continue;
      const layer = parseCardId(a[(x.op as { i: number }).i]!).layer;
      const m = missing.find(
        (y) =>
          !paired.has(y.k) &&
          gapOf.get(y.k) === gapOf.get(x.k) &&
          chosen.seq[(y.op as { j: number }).j]!.layer === layer,
      );
      if (m) {
        pairOf.set(x.k, { k: m.k, kind: 'wrong_object' });
        paired.add(m.k);
      }
    }
  }

  const seedReported = new Set<string>();
  const lastMatchOp = ops.reduce((acc, op, k) => (op.t === 'match' || op.t === 'extra' ? k : acc), -1);
  const push = (c: NormCard, f: Finding): void => {
    findings.push(f);
    for (const dup of c.orig.slice(1)) {
      findings.push({
        ...f,
        index: dup,
        message: `Same card as position ${c.orig[0]! + 1}; consecutive duplicates count once (§A4). ${f.message}`,
      });
    }
  };

  ops.forEach((op, k) => {
    if (op.t === 'match') {
      const e = chosen.seq[op.j]!;
      const c = norm[op.i]!;
      const ei = expectedIndexOf(e);
      if (e.tolerance === 'seed-insert' && e.seed) {
        push(
          c,
          finding('seed_simplification', c.key, `${e.label}: accepted at textbook level. ${e.seed.message}`, {
            index: c.orig[0]!,
            rule: e.seed.rule,
            misconception: e.seed.id,
          }),
        );
      } else {
        const note =
          !e.optional || e.tolerance === 'seed-omit'
            ? ''
            : e.tolerance === 'detail'
              ? ' (detail the textbook view leaves out)'
              : ' (optional hop)';
        push(
          c,
          finding('correct', c.key, `${e.label}${note}.`, {
            index: c.orig[0]!,
            ...(ei !== undefined ? { expectedIndex: ei } : {}),
          }),
        );
      }
      return;
    }
    if (op.t === 'skip') {
      const e = chosen.seq[op.j]!;
      if (e.optional) {
        if (e.tolerance === 'seed-omit' && e.seed && !seedReported.has(e.seed.id)) {
          seedReported.add(e.seed.id);
          const ei = expectedIndexOf(e);
          findings.push(
            finding('seed_simplification', e.key, `Accepted at textbook level. ${e.seed.message}`, {
              rule: e.seed.rule,
              misconception: e.seed.id,
              ...(ei !== undefined ? { expectedIndex: ei } : {}),
            }),
          );
        }
        return;
      }
      if (paired.has(k)) return;
      const why = explainMissing(e, op.j, k > lastMatchOp, ctx);
      const ei = expectedIndexOf(e);
      findings.push(
        finding('missing', e.key, why.message, withWhy(why, ei !== undefined ? { expectedIndex: ei } : {})),
      );
      return;
    }
    const c = norm[op.i]!;
    const pair = pairOf.get(k);
    if (pair) {
      const e = chosen.seq[(ops[pair.k] as { j: number }).j]!;
      const ei = expectedIndexOf(e);
      const prev = (() => {
        const j = (ops[pair.k] as { j: number }).j;
        for (let q = j - 1; q >= 0; q--) if (!chosen.seq[q]!.optional) return chosen.seq[q];
        return undefined;
      })();
      if (pair.kind === 'out_of_order') {
        const where = prev ? `after ${prev.label}` : 'at the start';
        push(
          c,
          finding(
            'out_of_order',
            c.key,
            `${labelOfId(c.key)} is on the path but out of order: it belongs ${where}${ei !== undefined ? ` (position ${ei + 1})` : ''}.`,
            {
              index: c.orig[0]!,
              ...(ei !== undefined ? { expectedIndex: ei } : {}),
              ...(e.rules[0] ? { rule: e.rules[0] } : {}),
            },
          ),
        );
      } else {
        const why = explainExtra(c.key, op.i, ctx);
        const own = `${labelOfId(c.key)}: `;
        const mis = why.misconception
          ? ` ${why.message.startsWith(own) ? why.message.slice(own.length) : why.message}`
          : '';
        const rule = why.rule ?? e.rules[0];
        push(
          c,
          finding(
            'wrong_object',
            c.key,
            `${labelOfId(c.key)}: right layer, wrong object — this path has ${e.label} here.${mis}`,
            {
              index: c.orig[0]!,
              ...(ei !== undefined ? { expectedIndex: ei } : {}),
              ...(rule ? { rule } : {}),
              ...(why.misconception ? { misconception: why.misconception } : {}),
            },
          ),
        );
      }
      return;
    }
    const why = explainExtra(c.key, op.i, ctx);
    push(c, finding('extra', c.key, why.message, withWhy(why, { index: c.orig[0]! })));
  });

  const n = chosen.n;
  const pathScore = n > 0 ? Math.max(0, (n - chosen.d) / n) : chosen.d === 0 ? 1 : 0;
  return finish(
    traceSet,
    answer,
    options,
    {
      score: pathScore,
      pathScore,
      closestPathId: path.id,
      expected,
      alternatives: paths.length,
      findings,
      level,
      editDistance: chosen.d,
      requiredLength: n,
    },
    path.disposition,
    path,
  );
}

function finish(
  traceSet: TraceSet,
  answer: Answer,
  options: GradeOptions,
  r: GradeResult,
  expectedDisposition: Disposition,
  path: TraceSet['paths'][number] | undefined,
): GradeResult {
  const asked = options.askDisposition === true;
  const w = Math.min(1, Math.max(0, options.dispositionWeight ?? 0.2));
  if (answer.disposition === undefined && !asked) return r;
  const correct = answer.disposition === expectedDisposition;
  r.dispositionCorrect = correct;
  if (!correct) {
    if (answer.disposition === undefined) {
      r.findings.push(
        finding(
          'wrong_disposition',
          `outcome:${expectedDisposition}`,
          'No outcome chosen: this scenario also asks what happens to the request.',
        ),
      );
    } else {
      const why = path
        ? explainDisposition(expectedDisposition, answer.disposition, path)
        : { message: `Outcome is ${expectedDisposition}, not ${answer.disposition}. ${traceSet.reason}` };
      r.findings.push(
        finding('wrong_disposition', `outcome:${answer.disposition}`, why.message, withWhy(why, {})),
      );
    }
  }
  if (asked) r.score = (1 - w) * r.pathScore + w * (correct ? 1 : 0);
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// hint (learning mode)
// ---------------------------------------------------------------------------------------------------------

export type Hint =
  | {
      kind: 'misconception';
      index: number;
      card: string;
      misconception: string;
      message: string;
      rule?: string;
    }
  | { kind: 'remove'; index: number; card: string; message: string }
  | { kind: 'move'; index: number; card: string; message: string }
  | { kind: 'next'; card: string; position: number; message: string; rule?: string }
  | { kind: 'outcome'; message: string }
  | { kind: 'complete'; message: string };

/**
 * A hint for learning mode: the first problem of the answer in path order — a named misconception if the
 * first wrong card is a known one, else the card to remove or move, else the next correct hop (and where to
 * insert it). The caller states and applies the penalty.
 */
export function hint(traceSet: TraceSet, answer: Answer, level: Level, options: GradeOptions = {}): Hint {
  const r = grade(traceSet, answer, level, options);
  let insertAt = 0;
  for (const f of r.findings) {
    if (f.index !== undefined) insertAt = f.index + 1;
    if (f.code === 'correct' || f.code === 'seed_simplification' || f.code === 'wrong_disposition') continue;
    if ((f.code === 'extra' || f.code === 'wrong_object') && f.misconception && f.index !== undefined) {
      const h: Hint = {
        kind: 'misconception',
        index: f.index,
        card: f.card,
        misconception: f.misconception,
        message: f.message,
      };
      if (f.rule) h.rule = f.rule;
      return h;
    }
    if (f.code === 'extra' || f.code === 'wrong_object')
      return { kind: 'remove', index: f.index ?? 0, card: f.card, message: f.message };
    if (f.code === 'out_of_order')
      return { kind: 'move', index: f.index ?? 0, card: f.card, message: f.message };
    if (f.code === 'missing') {
      const e = f.expectedIndex !== undefined ? r.expected[f.expectedIndex] : undefined;
      const label = e?.label ?? labelOfId(f.card);
      const h: Hint = { kind: 'next', card: f.card, position: insertAt, message: `Next hop: ${label}.` };
      const rule = e?.rules[0] ?? f.rule;
      if (rule) h.rule = rule;
      return h;
    }
  }
  const wrongOutcome = r.findings.find((f) => f.code === 'wrong_disposition');
  if (wrongOutcome) return { kind: 'outcome', message: 'The path is right; reconsider the outcome.' };
  return { kind: 'complete', message: 'Your path matches a valid path.' };
}
