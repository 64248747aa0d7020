/**
 * The misconceptions a learner shows most, from the trace grader's findings and from wrong answers to questions
 * tagged with a misconception, each with what the learner did, the rule in plain words and the tag a scenario
 * that practises it carries. Pure.
 */
import { MISCONCEPTIONS } from '../grader';
import type { StoredFinding } from './review-items';

export interface MisconceptionText {
  /** What the learner did, as a habit: "adds kube-proxy after the ingress controller". */
  habit: string;
  /** The rule that corrects it, in plain words. */
  plain: string;
}

/** Plain-words text per misconception id (lib/grader/misconceptions.ts ids), from reference §E. */
export const MISCONCEPTION_TEXT: Readonly<Record<string, MisconceptionText>> = {
  E1: {
    habit: 'adds a Service / kube-proxy hop after the ingress controller',
    plain:
      "ingress-nginx (and most Gateway API and API-gateway controllers) reads the Service's EndpointSlices and connects to Pod IPs directly: no ClusterIP and no kube-proxy translation on that leg.",
  },
  E2: {
    habit: 'treats kube-proxy or the Service as a box the packet passes through',
    plain:
      "kube-proxy only programs kernel rules; the DNAT happens on the client's node (or the receiving node for a NodePort), and nothing answers the ClusterIP itself.",
  },
  E3: {
    habit: 'sends load-balancer traffic straight to Pods (or only to nodes that run them)',
    plain:
      'Every node opens a NodePort. Instance-target load balancers land on a NodePort and kube-proxy DNATs from there; only IP-target load balancers reach Pods directly.',
  },
  E4: {
    habit: 'expects externalTrafficPolicy: Local to forward or refuse without a local Pod',
    plain:
      'With Local and no endpoint on the node, the packet is dropped (the client times out); the load balancer avoids such nodes through the health-check NodePort. In exchange, the client IP is kept.',
  },
  E5: {
    habit: 'assumes the client IP is always (or never) preserved',
    plain:
      'Pod → ClusterIP keeps the client IP; NodePort/LoadBalancer with Cluster policy SNATs it to a node address; Local keeps it; behind an Ingress the backend sees the controller Pod and the client only in X-Forwarded-For.',
  },
  E6: {
    habit: 'expects a Service with no Pods to time out or fail DNS',
    plain:
      'The name still resolves to the ClusterIP; kube-proxy REJECTs, so the connection is refused at once. Behind ingress-nginx the answer is a 503.',
  },
  E7: {
    habit: 'expects a Service to forward any port (port = targetPort = containerPort)',
    plain:
      'Only the ports a Service declares are translated, to a targetPort resolved per Pod (it can be a name); other ports time out or are refused. containerPort is informational.',
  },
  E8: {
    habit: 'matches Ingress paths as string prefixes, first match wins',
    plain:
      'Ingress paths match element by element (/api is not /apiary), case-sensitively; the longest match wins and Exact beats Prefix on a tie.',
  },
  E9: {
    habit: 'expects a NetworkPolicy denial to refuse the connection or block the Service',
    plain:
      "Denied packets are dropped (the client times out) at the destination Pod's interface, after the Service DNAT; both sides must allow the traffic.",
  },
  E10: {
    habit: 'load-balances a headless Service through kube-proxy (or proxies an ExternalName)',
    plain:
      "A headless Service's DNS returns Pod IPs and the client connects to one directly: no VIP, no kube-proxy, no port translation. ExternalName is only a DNS CNAME.",
  },
  'unready-endpoint': {
    habit: 'sends Service traffic to Pods that fail readiness',
    plain:
      'A Pod that fails its readiness probe is not a ready endpoint: kube-proxy never picks it for the Service.',
  },
  'itp-local': {
    habit: 'lets internalTrafficPolicy: Local fall back to remote endpoints',
    plain:
      "With internalTrafficPolicy: Local, kube-proxy uses only endpoints on the client's node and drops the packet when there are none.",
  },
  'lb-ip-in-cluster': {
    habit: 'routes in-cluster calls to an LB IP out through the cloud load balancer',
    plain:
      "kube-proxy's rules on the client's node catch traffic to a LoadBalancer IP from inside the cluster; it never reaches the cloud LB.",
  },
  'readiness-direct': {
    habit: 'expects readiness to block traffic to a Pod IP',
    plain:
      'Readiness only decides Service endpoints; a client dialling the Pod IP directly still reaches it.',
  },
  'public-name-coredns': {
    habit: "sends an external client's DNS lookup to CoreDNS",
    plain:
      "A public name is resolved by the client's own resolver through public DNS; the cluster's CoreDNS is not involved in an external request.",
  },
  'api-gateway-after-ingress': {
    habit: 'places an API gateway behind the Ingress',
    plain:
      'A managed API gateway sits in front of the load balancer; an in-cluster one is itself the ingress tier — never behind the Ingress.',
  },
  'service-for-pod-ip': {
    habit: 'routes Pod-IP traffic through a Service / kube-proxy',
    plain:
      "Pods reach each other's IPs without NAT; no Service rule matches a Pod IP, so there is no Service or kube-proxy hop.",
  },
  'encap-same-node': {
    habit: 'encapsulates traffic between Pods on the same node',
    plain:
      "Same-node Pods talk over the node's bridge; the packet never leaves the node, so there is no tunnel and no other node.",
  },
  'dns-phase': {
    habit: "puts CoreDNS on the connection's path",
    plain:
      "DNS is a separate lookup before the connection; the connection's packets never pass through CoreDNS.",
  },
  'seed-stack-order': {
    habit: 'climbs the whole stack Pod → Service → Ingress → Load Balancer for every request',
    plain:
      'That list is a stack diagram, not a path: a request only passes the layers its route really uses.',
  },
};

export interface MisconceptionInfo {
  id: string;
  belief: string;
  rule: string;
  habit: string;
  plain: string;
  /** Scenario tag that marks scenarios practising it: `misconception-1` for E1, `misconception-<id>` otherwise. */
  scenarioTag: string;
}

/** Catalogue entry for a misconception id, or undefined for an unknown id. */
export function misconceptionInfo(id: string): MisconceptionInfo | undefined {
  const m = Object.values(MISCONCEPTIONS).find((x) => x.id === id);
  if (!m) return undefined;
  const text = MISCONCEPTION_TEXT[id] ?? { habit: m.belief, plain: m.belief };
  return {
    id,
    belief: m.belief,
    rule: m.rule,
    habit: text.habit,
    plain: text.plain,
    scenarioTag: scenarioTagFor(id),
  };
}

/** `E3` → `misconception-3`; `readiness-direct` → `misconception-readiness-direct`. */
export function scenarioTagFor(id: string): string {
  const e = /^E(\d+)$/.exec(id);
  return e ? `misconception-${e[1]}` : `misconception-${id}`;
}

/** Question tags `misconception-1`…`misconception-10` → `E1`…`E10` (question bank convention). */
export function misconceptionFromTag(tag: string): string | undefined {
  const m = /^misconception-(\d+)$/.exec(tag);
  return m ? `E${m[1]}` : undefined;
}

/** Findings that show a mistake (not the accepted seed simplifications, not correct hops). */
const MISTAKE_CODES: ReadonlySet<string> = new Set([
  'missing',
  'out_of_order',
  'wrong_object',
  'extra',
  'wrong_disposition',
]);

export interface MisconceptionEvent {
  /** Misconception id. */
  id: string;
  /** Where it was seen: an attempt id. */
  sourceId: string;
  sourceKind: 'trace' | 'quiz';
  at: Date;
  /** The grader's message, when it comes from a trace. */
  message?: string;
  /** Scenario the trace was on. */
  scenarioId?: string;
}

/** One event per misconception per trace attempt (a finding repeated in one attempt counts once). */
export function misconceptionEventsFromTrace(
  attemptId: string,
  at: Date,
  scenarioId: string,
  findings: readonly StoredFinding[],
): MisconceptionEvent[] {
  const out = new Map<string, MisconceptionEvent>();
  for (const f of findings) {
    if (!MISTAKE_CODES.has(f.code) || !f.misconception || out.has(f.misconception)) continue;
    out.set(f.misconception, {
      id: f.misconception,
      sourceId: attemptId,
      sourceKind: 'trace',
      at,
      message: f.message,
      scenarioId,
    });
  }
  return [...out.values()];
}

/** A wrong answer (score < 1) to a question tagged `misconception-N` counts as showing E<N>. */
export function misconceptionEventsFromQuestion(
  attemptId: string,
  at: Date,
  tags: readonly string[],
  score: number | null,
): MisconceptionEvent[] {
  if (score === null || score >= 1) return [];
  return [...new Set(tags.map(misconceptionFromTag).filter((x): x is string => x !== undefined))].map(
    (id) => ({ id, sourceId: attemptId, sourceKind: 'quiz' as const, at }),
  );
}

export interface MisconceptionSummary extends MisconceptionInfo {
  count: number;
  fromTraces: number;
  fromQuestions: number;
  lastAt: Date;
  /** The latest grader message about it, as an example. */
  example?: string;
}

/** The learner's misconceptions, most frequent first (ties: most recent first); unknown ids are dropped. */
export function topMisconceptions(events: readonly MisconceptionEvent[], take = 5): MisconceptionSummary[] {
  const acc = new Map<string, MisconceptionSummary>();
  for (const e of events) {
    const info = misconceptionInfo(e.id);
    if (!info) continue;
    let s = acc.get(e.id);
    if (!s) {
      s = { ...info, count: 0, fromTraces: 0, fromQuestions: 0, lastAt: e.at };
      acc.set(e.id, s);
    }
    s.count++;
    if (e.sourceKind === 'trace') s.fromTraces++;
    else s.fromQuestions++;
    if (e.at >= s.lastAt) {
      s.lastAt = e.at;
      if (e.message) s.example = e.message;
    } else if (!s.example && e.message) s.example = e.message;
  }
  return [...acc.values()]
    .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime())
    .slice(0, take);
}
