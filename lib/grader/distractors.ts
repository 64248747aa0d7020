/**
 * Distractor cards: plausible cards that belong to no valid path, each built from a misconception of the
 * reference (§E, its runners-up, the §D "Catches") that applies to this trace.
 *
 * A distractor's `card` has exactly the shape of a valid card (cards.ts); its `misconception`, `explanation`
 * and `rule` are server-side metadata the grader uses in findings after submission — never send them to the
 * browser before that.
 *
 * Generators, in priority order (each skipped when it does not apply or when its card is a valid card at this
 * level — a distractor never coincides with a card of any valid path, tolerated hops included):
 *
 * | id | applies when | card (coarse) | textbook card |
 * |---|---|---|---|
 * | E1 | an Ingress / API Gateway hop goes straight to endpoints | kube-proxy on the controller's node, else on the backend's node | (kube-proxy is a tolerated seed card: none) |
 * | E2 | a Service DNAT on node X, endpoint on node Y ≠ X | kube-proxy@node/Y | — |
 * | unready-endpoint (model) | a Service on the path has not-ready endpoint Pods | Pod@pod/ns/name | — |
 * | E4 / itp-local (model) | path DROPPED by a Local traffic policy | Pod of a ready endpoint on another node | — |
 * | E8 (model) | Ingress hop | Service@ other backends of that Ingress | — |
 * | E3 | Cloud LB with IP targets (no NodePort leg) | Service of the LB, kube-proxy on the Pod's node | Service, kube-proxy |
 * | E10 | headless Service (DNS answered Pod IPs) | Service@service/ns/name, kube-proxy on the client's node | Service, kube-proxy |
 * | service-for-pod-ip | plain Pod-IP traffic (no Service anywhere) | kube-proxy on the client's node | Service, kube-proxy |
 * | encap-same-node | pure Pod network on one node | Node of another node (needs the model) | Node |
 * | public-name-coredns | external client | DNS@dns/coredns | DNS |
 * | api-gateway-after-ingress | Ingress, no API Gateway | API Gateway@apigw/api-gateway | API Gateway |
 * | E2 (kube-proxy Pod) | some kube-proxy hop | Pod@pod/kube-system/kube-proxy | — |
 * | seed-stack-order | a layer of the seed's stack list (Ingress, Cloud LB, API Gateway, Internet) the request never passes | Ingress of the model, if any | that layer |
 * | lb-ip-in-cluster | rule R5.6 exercised | Cloud LB of the Service | Cloud LB |
 *
 * Fallbacks when fewer than 2 apply: the CoreDNS card (§A3 rule 3), the API Gateway card, then the
 * kube-proxy Pod card. At most 5 are returned. Deterministic; the trace set is not modified.
 */
import type { ClusterModel, Layer, Level, TracePath, TraceSet } from '../engine';
import { makeCard, type Card } from './card-base';
import { gradingSequence, wireSignature } from './levels';
import { EXPLAIN, MISCONCEPTIONS, traceFacts, type TraceFacts } from './misconceptions';

export interface Distractor {
  card: Card;
  /** Misconception id (misconceptions.ts). */
  misconception: string;
  /** Why this card is wrong here, for the finding. */
  explanation: string;
  rule: string;
}

/**
 * What the distractor generator may read from the engine's ClusterModel (any ClusterModel fits). Optional:
 * without a model the generator works from the trace set alone (a few generators then have nothing to name).
 */
export type ModelLike = Pick<ClusterModel, 'nodeNames' | 'services' | 'ingresses'>;

export const MAX_DISTRACTORS = 5;
export const MIN_DISTRACTORS = 2;

function modelNodeNames(model: ModelLike | undefined): string[] {
  return model ? [...model.nodeNames].sort() : [];
}

/** `DNAT <ClusterIP>:<port>→<endpoint ip>:<port>` for the Service an L7 proxy reads (hop after `l7Index`), if known. */
function e1Signature(path: TracePath, l7Index: number, model: ModelLike | undefined): string | undefined {
  const svcHop = path.hops.slice(l7Index + 1).find((h) => h.layer === 'Service');
  if (!model || !svcHop || !path.endpoint || !svcHop.at.startsWith('service/')) return undefined;
  const svc = model.services.get(svcHop.at.slice('service/'.length));
  const port =
    svc?.ports.find((sp) =>
      sp.endpoints.some((e) => e.ip === path.endpoint!.ip && e.port === path.endpoint!.port),
    ) ?? svc?.ports[0];
  if (!svc?.clusterIP || !port) return undefined;
  return `DNAT ${svc.clusterIP}:${port.port}→${path.endpoint.ip}:${path.endpoint.port}`;
}

interface Candidate {
  layer: Layer;
  object?: string;
  misconception: string;
  explanation: string;
  rule: string;
  /** Wire level: the header rewrite the card claims (so it looks like the valid kube-proxy cards). */
  signature?: string;
  /** Only used while fewer than MIN_DISTRACTORS were found. */
  fallback?: true;
}

function candidates(f: TraceFacts, model: ModelLike | undefined): Candidate[] {
  const out: Candidate[] = [];
  const M = MISCONCEPTIONS;

  // E1: kube-proxy after an Ingress / API Gateway that goes straight to endpoints.
  for (const p of f.paths) {
    for (const l of p.l7) {
      if (!l.toEndpoints) continue;
      const targets = [l.proxyNode, p.endpointNode].filter((x): x is string => x !== undefined);
      // Wire level: the DNAT the learner imagines, ClusterIP:port of the upstream Service → the endpoint.
      const signature = e1Signature(p.path, l.index, model);
      for (const node of targets)
        out.push({
          layer: 'kube-proxy',
          object: f.ref.kubeProxy(node),
          ...(signature ? { signature } : {}),
          misconception: M.E1.id,
          explanation: EXPLAIN.e1KubeProxyAfterIngress(l.proxyPod, node),
          rule: M.E1.rule,
        });
    }
  }
  // E2: the DNAT on the backend's node instead of the translating node.
  for (const p of f.paths) {
    for (const t of p.translations) {
      // Wire level: the same DNAT as the real translation, placed on the backend's node.
      const signature = wireSignature(p.path.hops[t.index]!) || undefined;
      if (p.endpointNode && p.endpointNode !== t.node)
        out.push({
          layer: 'kube-proxy',
          object: f.ref.kubeProxy(p.endpointNode),
          ...(signature ? { signature } : {}),
          misconception: M.E2.id,
          explanation: EXPLAIN.e2BackendNode(t.node, p.endpointNode),
          rule: M.E2.rule,
        });
    }
  }
  // From the model: unready endpoints (R3.8), remote endpoints under a Local traffic policy (R4.4/R4.5),
  // the other backends of the Ingress (E8).
  if (model) {
    for (const p of f.paths) {
      const hops = p.path.hops;
      const last = hops[hops.length - 1];
      const localDrop =
        last?.verdict?.disposition === 'DROPPED' && (last.rule === 'R4.4' || last.rule === 'R4.5')
          ? last.rule
          : undefined;
      for (const h of hops) {
        if (h.layer !== 'Service' || !h.at.startsWith('service/')) continue;
        const svc = model.services.get(h.at.slice('service/'.length));
        if (!svc) continue;
        const eps = [
          ...new Map(
            svc.ports
              .flatMap((sp) => sp.endpoints)
              .filter((e) => e.pod !== undefined)
              .map((e) => [e.pod!, e]),
          ).values(),
        ].sort((x, y) => (x.pod! < y.pod! ? -1 : 1));
        for (const e of eps) {
          if (!e.ready && !(e.serving && e.terminating))
            out.push({
              layer: 'Pod',
              object: `pod/${e.pod}`,
              misconception: M.unreadyEndpoint.id,
              explanation: EXPLAIN.unreadyEndpoint(`pod/${e.pod}`, h.at),
              rule: M.unreadyEndpoint.rule,
            });
          else if (localDrop && e.ready && e.nodeName !== undefined && !p.nodes.includes(e.nodeName))
            out.push({
              layer: 'Pod',
              object: `pod/${e.pod}`,
              misconception: localDrop === 'R4.4' ? M.E4.id : M.itpLocal.id,
              explanation: EXPLAIN.localPolicy(`pod/${e.pod}`, localDrop),
              rule: localDrop,
            });
        }
      }
      for (const l of p.l7) {
        if (l.layer !== 'Ingress' || !l.object.startsWith('ingress/')) continue;
        const ing = model.ingresses.get(l.object.slice('ingress/'.length));
        if (!ing) continue;
        const names = [
          ...ing.rules.flatMap((r) => r.paths.map((x) => x.backend.service?.name)),
          ing.defaultBackend?.service?.name,
        ].filter((x): x is string => x !== undefined);
        for (const name of [...new Set(names)].sort())
          out.push({
            layer: 'Service',
            object: `service/${ing.namespace}/${name}`,
            misconception: M.E8.id,
            explanation: EXPLAIN.e8OtherBackend(`service/${ing.namespace}/${name}`, l.object),
            rule: M.E8.rule,
          });
      }
    }
  }
  // E3: IP-target LBs have no NodePort leg.
  for (const p of f.paths) {
    if (!p.cloudLb || p.cloudLb.instanceTargets) continue;
    const svc = p.cloudLb.object.startsWith('cloudlb/')
      ? `service/${p.cloudLb.object.slice('cloudlb/'.length)}`
      : undefined;
    const expl = EXPLAIN.e3IpTargets(p.cloudLb.object);
    out.push({
      layer: 'Service',
      ...(svc ? { object: svc } : {}),
      misconception: M.E3.id,
      explanation: expl,
      rule: 'R5.3',
    });
    if (p.endpointNode)
      out.push({
        layer: 'kube-proxy',
        object: f.ref.kubeProxy(p.endpointNode),
        misconception: M.E3.id,
        explanation: expl,
        rule: 'R5.3',
      });
    out.push({
      layer: 'Node',
      ...(p.endpointNode ? { object: f.ref.node(p.endpointNode) } : {}),
      misconception: M.E3.id,
      explanation: expl,
      rule: 'R5.3',
    });
  }
  // E10: headless Service.
  if (f.headless) {
    const expl = EXPLAIN.e10Headless(f.headlessService);
    out.push({
      layer: 'Service',
      ...(f.headlessService ? { object: f.headlessService } : {}),
      misconception: M.E10.id,
      explanation: expl,
      rule: M.E10.rule,
    });
    const first = f.paths[0]?.firstNode;
    out.push({
      layer: 'kube-proxy',
      ...(first ? { object: f.ref.kubeProxy(first) } : {}),
      misconception: M.E10.id,
      explanation: expl,
      rule: M.E10.rule,
    });
  }
  // Pod-to-Pod by IP: no Service, no kube-proxy.
  if (!f.headless && f.paths.length > 0 && f.paths.every((p) => p.pure)) {
    const first = f.paths[0]?.firstNode;
    out.push({
      layer: 'kube-proxy',
      ...(first ? { object: f.ref.kubeProxy(first) } : {}),
      misconception: M.servicePodIp.id,
      explanation: EXPLAIN.podIp(),
      rule: M.servicePodIp.rule,
    });
    out.push({
      layer: 'Service',
      misconception: M.servicePodIp.id,
      explanation: EXPLAIN.podIp(),
      rule: M.servicePodIp.rule,
    });
  }
  // Same-node Pod traffic: no encapsulation, no other node.
  if (f.paths.length > 0 && f.paths.every((p) => p.pure && p.nodes.length <= 1)) {
    const here = f.paths[0]?.nodes[0];
    const other = modelNodeNames(model).find((x) => x !== here);
    out.push({
      layer: 'Node',
      ...(other ? { object: f.ref.node(other) } : {}),
      misconception: M.encapSameNode.id,
      explanation: EXPLAIN.encapSameNode(here),
      rule: M.encapSameNode.rule,
    });
  }
  // External client: CoreDNS does not resolve its public name.
  if (f.externalClient)
    out.push({
      layer: 'DNS',
      object: 'dns/coredns',
      misconception: M.publicNameCoreDns.id,
      explanation: EXPLAIN.publicName(),
      rule: M.publicNameCoreDns.rule,
    });
  // API gateway behind the Ingress.
  if (f.layers.has('Ingress') && !f.layers.has('API Gateway'))
    out.push({
      layer: 'API Gateway',
      object: 'apigw/api-gateway',
      misconception: M.apiGatewayAfterIngress.id,
      explanation: EXPLAIN.apiGatewayAfterIngress(),
      rule: M.apiGatewayAfterIngress.rule,
    });
  // kube-proxy as a Pod the packet passes through.
  if (f.layers.has('kube-proxy'))
    out.push({
      layer: 'Pod',
      object: 'pod/kube-system/kube-proxy',
      misconception: M.E2.id,
      explanation: EXPLAIN.e2KubeProxyPod(),
      rule: 'R11.1',
    });
  // The seed's stack diagram ("Container → Pod → CNI → Node → Service → Ingress → Load Balancer → API Gateway
  // → Internet") read as a path: its outer layers the request never passes. Coarse cards need a real object
  // from the model (an Ingress, a cloud LB); at textbook level the layer is enough.
  for (const layer of ['Ingress', 'Cloud LB', 'API Gateway', 'External'] as const) {
    if (f.layers.has(layer)) continue;
    let object: string | undefined;
    if (model && layer === 'Ingress') {
      const first = [...model.ingresses.keys()].sort()[0];
      if (first !== undefined) object = `ingress/${first}`;
    }
    out.push({
      layer,
      ...(object ? { object } : {}),
      misconception: M.stackOrder.id,
      explanation: EXPLAIN.stackOrder(layer),
      rule: M.stackOrder.rule,
    });
  }
  // LB IP dialled from inside the cluster.
  if (f.rules.has('R5.6') && !f.layers.has('Cloud LB')) {
    const svc = f.paths.flatMap((p) => p.translations.map((t) => t.service)).find((s) => s !== undefined);
    out.push({
      layer: 'Cloud LB',
      ...(svc ? { object: `cloudlb/${svc.slice('service/'.length)}` } : {}),
      misconception: M.lbIpInCluster.id,
      explanation: EXPLAIN.lbIpInCluster(),
      rule: M.lbIpInCluster.rule,
    });
  }
  // Fallbacks.
  out.push({
    layer: 'DNS',
    object: 'dns/coredns',
    misconception: M.dnsPhase.id,
    explanation: EXPLAIN.dnsPhase(),
    rule: M.dnsPhase.rule,
    fallback: true,
  });
  if (!f.layers.has('API Gateway'))
    out.push({
      layer: 'API Gateway',
      object: 'apigw/api-gateway',
      misconception: M.apiGatewayAfterIngress.id,
      explanation: EXPLAIN.apiGatewayAfterIngress(),
      rule: M.apiGatewayAfterIngress.rule,
      fallback: true,
    });
  out.push({
    layer: 'Pod',
    object: 'pod/kube-system/kube-proxy',
    misconception: M.E2.id,
    explanation: EXPLAIN.e2KubeProxyPod(),
    rule: 'R11.1',
    fallback: true,
  });
  return out;
}

/** Keys of every card that a valid path has at this level (tolerated and seed-inserted hops included). */
function validKeys(traceSet: TraceSet, level: Level): Set<string> {
  const keys = new Set<string>();
  for (const p of traceSet.paths) {
    for (const h of gradingSequence(p, level)) {
      keys.add(h.key);
      if (level === 'wire') keys.add(`${h.layer}@${h.object ?? ''}`);
    }
  }
  return keys;
}

/**
 * 2–5 distractors for this trace at this level (fewer only when even the fallbacks collide with valid cards).
 * `model` (optional) lets a few generators name objects the trace does not mention (e.g. another node).
 */
export function distractors(traceSet: TraceSet, model: ModelLike | undefined, level: Level): Distractor[] {
  const facts = traceFacts(traceSet);
  const valid = validKeys(traceSet, level);
  const seen = new Set<string>();
  const out: Distractor[] = [];
  for (const c of candidates(facts, model)) {
    if (out.length >= MAX_DISTRACTORS) break;
    if (c.fallback && out.length >= MIN_DISTRACTORS) break;
    // Coarse/wire cards need an object: a candidate without one only works at textbook level.
    if (level !== 'textbook' && c.object === undefined) continue;
    // A Pod card only means something with its object (which Pod): no layer-only Pod distractors.
    if (level === 'textbook' && c.layer === 'Pod') continue;
    const card = makeCard(level, c.layer, c.object, level === 'wire' ? c.signature : undefined);
    // Wire: a card without a signature must not name a valid hop's object either (it would be that hop, minus
    // its rewrite); a card with a signature only has to differ from every valid card.
    const base = level === 'wire' && c.signature === undefined ? `${c.layer}@${c.object ?? ''}` : card.id;
    if (valid.has(card.id) || valid.has(base) || seen.has(card.id)) continue;
    seen.add(card.id);
    out.push({ card, misconception: c.misconception, explanation: c.explanation, rule: c.rule });
  }
  return out;
}

/** Distractor metadata by card id (what the grader looks up for an `extra` card). */
export function distractorIndex(
  traceSet: TraceSet,
  model: ModelLike | undefined,
  level: Level,
): Map<string, Distractor> {
  return new Map(distractors(traceSet, model, level).map((d) => [d.card.id, d]));
}
