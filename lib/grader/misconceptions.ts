/**
 * The misconception catalogue (reference §E, its runners-up, and the "Catches" of the §D scenarios) and the
 * facts about a trace the distractor generator and the grader's explanations are computed from.
 *
 * Server-side only: nothing here is sent to the browser before the answer is submitted.
 */
import type { Disposition, Hop, Layer, TracePath, TraceSet } from '../engine/types';
import { shortObject } from './levels';

export interface Misconception {
  /** Stable id: `E1`…`E10` for reference §E, kebab-case for runners-up and scenario catches. */
  id: string;
  /** Where it comes from in the reference. */
  source: string;
  /** The wrong belief, in the learner's words. */
  belief: string;
  /** The rule that refutes it. */
  rule: string;
}

export const MISCONCEPTIONS = {
  E1: {
    id: 'E1',
    source: '§E1',
    belief: 'The request goes Ingress controller → Service → kube-proxy → Pod.',
    rule: 'R7.8',
  },
  E2: {
    id: 'E2',
    source: '§E2',
    belief: 'kube-proxy is a proxy the packet passes through / the Service lives on some node.',
    rule: 'R3.2',
  },
  E3: {
    id: 'E3',
    source: '§E3',
    belief: 'LB traffic goes straight to Pods / NodePort only works on nodes that run the Pod.',
    rule: 'R5.2',
  },
  E4: {
    id: 'E4',
    source: '§E4',
    belief: 'externalTrafficPolicy: Local forwards elsewhere (or rejects) without a local Pod.',
    rule: 'R4.4',
  },
  E5: { id: 'E5', source: '§E5', belief: 'The client IP is always (or never) preserved.', rule: 'R4.3' },
  E6: {
    id: 'E6',
    source: '§E6',
    belief: 'A Service with no Pods times out / its DNS name fails.',
    rule: 'R3.11',
  },
  E7: {
    id: 'E7',
    source: '§E7',
    belief: 'The Service forwards whatever port you send / port = targetPort = containerPort.',
    rule: 'R3.12',
  },
  E8: {
    id: 'E8',
    source: '§E8',
    belief: 'Ingress path matching is a string prefix, first match wins.',
    rule: 'R7.4',
  },
  E9: {
    id: 'E9',
    source: '§E9',
    belief: 'NetworkPolicy denial = connection refused / policies block the Service.',
    rule: 'R10.7',
  },
  E10: {
    id: 'E10',
    source: '§E10',
    belief: 'Headless Services load-balance through kube-proxy / ExternalName proxies.',
    rule: 'R6.1',
  },
  unreadyEndpoint: {
    id: 'unready-endpoint',
    source: '§D S10/S11 catches',
    belief: 'kube-proxy still sends to Pods that fail readiness.',
    rule: 'R3.8',
  },
  itpLocal: {
    id: 'itp-local',
    source: '§E runners-up',
    belief: 'internalTrafficPolicy: Local falls back to remote endpoints.',
    rule: 'R4.5',
  },
  lbIpInCluster: {
    id: 'lb-ip-in-cluster',
    source: '§E runners-up',
    belief: 'In-cluster clients dialling an LB IP go out through the cloud LB.',
    rule: 'R5.6',
  },
  readinessDirect: {
    id: 'readiness-direct',
    source: '§E runners-up',
    belief: 'Readiness blocks direct Pod-IP traffic.',
    rule: 'R1.8',
  },
  publicNameCoreDns: {
    id: 'public-name-coredns',
    source: '§D S22 catches',
    belief: 'CoreDNS resolves the public name of an external request.',
    rule: 'R3.5',
  },
  apiGatewayAfterIngress: {
    id: 'api-gateway-after-ingress',
    source: 'seed article / R9.1',
    belief: 'An API gateway sits behind the Ingress.',
    rule: 'R9.1',
  },
  servicePodIp: {
    id: 'service-for-pod-ip',
    source: '§D S03/S04 catches',
    belief: 'Pod-to-Pod traffic by Pod IP goes through a Service / kube-proxy.',
    rule: 'R2.1',
  },
  encapSameNode: {
    id: 'encap-same-node',
    source: '§D S03 catches',
    belief: 'Same-node Pod traffic is encapsulated and leaves the node.',
    rule: 'R2.2',
  },
  dnsPhase: {
    id: 'dns-phase',
    source: '§A3 rule 3',
    belief: 'The connection passes through CoreDNS.',
    rule: '§A3.3',
  },
  stackOrder: {
    id: 'seed-stack-order',
    source: 'seed article',
    belief: 'Every request climbs the stack Pod → Service → Ingress → Load Balancer.',
    rule: 'R3.2',
  },
} as const satisfies Record<string, Misconception>;

/** Facts about one path used by the generator and the explanations. */
export interface PathFacts {
  path: TracePath;
  /** Node names in path order, distinct (from `node/X`, `cni/X`, `kube-proxy/X` hop objects). */
  nodes: string[];
  /** The first node the request touches (the client's node for Pod clients, the entry node for external ones). */
  firstNode?: string;
  /** Service translations: a kube-proxy hop (at a node) right after a Service hop. */
  translations: { service?: string; node: string; index: number }[];
  /** The final workload Pod (`pod/…`) and the node hop right before it. */
  endpointPod?: string;
  endpointNode?: string;
  /** L7 proxies (Ingress / API Gateway hops): where the controller runs and whether it goes straight to endpoints. */
  l7: {
    index: number;
    layer: Layer;
    object: string;
    proxyPod?: string;
    proxyNode?: string;
    toEndpoints: boolean;
  }[];
  /** Cloud LB hop and whether it uses instance (node) targets. */
  cloudLb?: { object: string; index: number; instanceTargets: boolean };
  /** No Service / kube-proxy / L7 / LB / DNS hop: plain Pod network. */
  pure: boolean;
  externalClient: boolean;
  layers: Set<Layer>;
}

export interface TraceFacts {
  paths: PathFacts[];
  /** All node names seen in any path, sorted. */
  nodes: string[];
  /** Object references in the engine's naming (taken from the trace's own hops). */
  ref: { kubeProxy: (node: string) => string; cni: (node: string) => string; node: (node: string) => string };
  layers: Set<Layer>;
  headless: boolean;
  /** `service/<ns>/<name>` parsed from a headless DNS query, if any. */
  headlessService?: string;
  publicName: boolean;
  externalClient: boolean;
  rules: Set<string>;
}

const PURE_BREAKERS: ReadonlySet<Layer> = new Set<Layer>([
  'Service',
  'kube-proxy',
  'Ingress',
  'API Gateway',
  'Cloud LB',
  'DNS',
  'External',
]);

/** `node/node-1`, `cni/node-1`, `kube-proxy/node-1` → `node-1`; anything else (tunnels, Pods…) → undefined. */
export function nodeNameOf(at: string | undefined): string | undefined {
  if (at === undefined) return undefined;
  const m = /^(?:node|cni|kube-proxy)\/([^/]+)$/.exec(at);
  return m ? m[1] : undefined;
}

function nodeOf(hop: Hop | undefined): string | undefined {
  return hop ? nodeNameOf(hop.at) : undefined;
}

export function pathFacts(path: TracePath): PathFacts {
  const hops = path.hops;
  const nodes: string[] = [];
  for (const h of hops) {
    const n = nodeOf(h);
    if (n && !nodes.includes(n)) nodes.push(n);
  }
  const translations: PathFacts['translations'] = [];
  hops.forEach((h, i) => {
    if (h.layer !== 'kube-proxy') return;
    const n = nodeOf(h);
    if (!n) return;
    const prev = hops[i - 1];
    const t: PathFacts['translations'][number] = { node: n, index: i };
    if (prev?.layer === 'Service') t.service = prev.at;
    translations.push(t);
  });
  let endpointIdx = -1;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (hops[i]!.layer === 'Pod') {
      endpointIdx = i;
      break;
    }
  }
  let endpointNode: string | undefined;
  for (let i = endpointIdx - 1; i >= 0 && endpointIdx >= 0; i--) {
    const n = nodeOf(hops[i]);
    if (n) {
      endpointNode = n;
      break;
    }
    if (hops[i]!.layer === 'Pod' || hops[i]!.layer === 'Ingress' || hops[i]!.layer === 'API Gateway') break;
  }
  const l7: PathFacts['l7'] = [];
  hops.forEach((h, i) => {
    if (h.layer !== 'Ingress' && h.layer !== 'API Gateway') return;
    let proxyPod: string | undefined;
    let proxyNode: string | undefined;
    for (let k = i - 1; k >= 0; k--) {
      const hk = hops[k]!;
      if (!proxyPod && hk.layer === 'Pod') proxyPod = hk.at;
      if (!proxyNode && nodeOf(hk)) proxyNode = nodeOf(hk);
      if (proxyPod && proxyNode) break;
      if (hk.layer === 'Cloud LB' || hk.layer === 'Client') break;
    }
    let toEndpoints = false;
    let sawKp = false;
    for (let k = i + 1; k < hops.length; k++) {
      const l = hops[k]!.layer;
      if (l === 'kube-proxy') sawKp = true;
      if (l === 'Pod') {
        toEndpoints = !sawKp;
        break;
      }
      if (!['Service', 'CNI', 'Node', 'kube-proxy'].includes(l)) break;
    }
    const entry: PathFacts['l7'][number] = { index: i, layer: h.layer, object: h.at, toEndpoints };
    if (proxyPod) entry.proxyPod = proxyPod;
    if (proxyNode) entry.proxyNode = proxyNode;
    l7.push(entry);
  });
  const lbIdx = hops.findIndex((h) => h.layer === 'Cloud LB');
  const facts: PathFacts = {
    path,
    nodes,
    translations,
    l7,
    pure: !hops.some((h) => PURE_BREAKERS.has(h.layer)),
    externalClient: hops[0]?.layer === 'Client',
    layers: new Set(hops.map((h) => h.layer)),
  };
  if (nodes[0]) facts.firstNode = nodes[0];
  if (endpointIdx >= 0) facts.endpointPod = hops[endpointIdx]!.at;
  if (endpointNode) facts.endpointNode = endpointNode;
  if (lbIdx >= 0) {
    // Instance targets: the LB lands on a NodePort, i.e. a kube-proxy translation follows before the first Pod.
    let instanceTargets = false;
    for (let k = lbIdx + 1; k < hops.length; k++) {
      const l = hops[k]!.layer;
      if (l === 'kube-proxy') instanceTargets = true;
      if (l === 'Pod') break;
    }
    facts.cloudLb = { object: hops[lbIdx]!.at, index: lbIdx, instanceTargets };
  }
  return facts;
}

/** `db-0.db.shop.svc.cluster.local` → `service/shop/db`. */
export function serviceFromDnsName(name: string): string | undefined {
  const labels = name.replace(/\.$/, '').split('.');
  const svc = labels.indexOf('svc');
  if (svc < 2) return undefined;
  return `service/${labels[svc - 1]}/${labels[svc - 2]}`;
}

export function traceFacts(traceSet: TraceSet): TraceFacts {
  const paths = traceSet.paths.map(pathFacts);
  const nodes = [...new Set(paths.flatMap((p) => p.nodes))].sort();
  const layers = new Set<Layer>(paths.flatMap((p) => [...p.layers]));
  const dns = traceSet.dns;
  const headless = dns?.kind === 'POD_IPS';
  const allHops = traceSet.paths.flatMap((p) => p.hops);
  const kp = allHops.find((h) => h.layer === 'kube-proxy')?.at;
  const cni = allHops.find((h) => h.layer === 'CNI' && nodeNameOf(h.at) !== undefined)?.at;
  const facts: TraceFacts = {
    paths,
    nodes,
    ref: {
      kubeProxy: (node) => (kp?.startsWith('node/') ? `node/${node}` : `kube-proxy/${node}`),
      cni: (node) => (cni?.startsWith('node/') ? `node/${node}` : `cni/${node}`),
      node: (node) => `node/${node}`,
    },
    layers,
    headless,
    publicName:
      dns?.kind === 'PUBLIC' ||
      (dns !== undefined && dns.tried.length > 0 && dns.tried.every((t) => t.server === 'public')),
    externalClient: paths.some((p) => p.externalClient),
    rules: new Set(traceSet.rules),
  };
  if (headless && dns) {
    const svc =
      dns.tried.map((t) => serviceFromDnsName(t.name)).find((s) => s !== undefined) ??
      serviceFromDnsName(dns.query);
    if (svc) facts.headlessService = svc;
  }
  return facts;
}

const n = (o: string | undefined): string => (o ? shortObject(o) : '?');

/** Explanations, by misconception, parameterised by what the trace says. */
export const EXPLAIN = {
  e1KubeProxyAfterIngress: (proxy: string | undefined, node: string | undefined): string =>
    `kube-proxy is not on this leg: ${proxy ? n(proxy) : 'the ingress controller'} sends to Pod IPs directly ` +
    `(it reads the Service's EndpointSlices), so no ClusterIP DNAT happens${node ? ` on ${n(node)} or anywhere else` : ''} (R7.8).`,
  e2BackendNode: (translating: string, wrong: string): string =>
    `The Service's DNAT happens on ${n(translating)}, the node where the packet first meets the service dataplane ` +
    `(the client's node for a ClusterIP, the receiving node for a NodePort), not on ${n(wrong)} where the backend runs (R3.2).`,
  e2KubeProxyPod: (): string =>
    'kube-proxy only programs kernel rules (iptables/IPVS/nftables); packets never pass through the kube-proxy Pod (R11.1).',
  e3InstanceMissing: (lb: string): string =>
    `${n(lb)} uses instance targets: it sends to a node's NodePort, where kube-proxy DNATs to an endpoint; it does not reach Pods directly (R5.2).`,
  e3IpTargets: (lb: string): string =>
    `${n(lb)} uses IP targets: it sends straight to Pod IPs, so there is no NodePort, no Service DNAT and no kube-proxy hop (R5.3).`,
  e10Headless: (svc: string | undefined): string =>
    `${svc ? n(svc) : 'The Service'} is headless: DNS returns the Pod IPs and the client connects to a Pod IP directly; no VIP, no kube-proxy, no port translation (R6.1).`,
  podIp: (): string =>
    'The client dials a Pod IP: Pods reach each other without NAT and no Service rule matches a Pod IP, so there is no Service or kube-proxy hop (R2.1).',
  encapSameNode: (node: string | undefined): string =>
    `Both Pods run on ${node ? n(node) : 'the same node'}: the packet crosses the bridge (cni0) and never leaves the node, so there is no encapsulation and no other node (R2.2).`,
  publicName: (): string =>
    "The name is public: the client's own resolver asks public DNS; the cluster's CoreDNS is not involved in an external request (R3.5, §A3 rule 3).",
  dnsPhase: (): string =>
    "DNS is a separate resolution phase before the connection; the connection's packets never pass through CoreDNS (§A3 rule 3).",
  apiGatewayAfterIngress: (): string =>
    'There is no API gateway in this scenario; when one exists it sits in front of the load balancer (managed) or is itself the in-cluster ingress tier, never behind the Ingress (R9.1).',
  stackOrder: (layer: Layer): string =>
    `The seed's "Container → Pod → CNI → Node → Service → Ingress → Load Balancer → API Gateway → Internet" is a stack diagram, not a path: this request never ${layer === 'External' ? 'goes out to an external host (the seed\'s "Internet")' : `passes a ${layer}`} (R3.2).`,
  lbIpInCluster: (): string =>
    "A client inside the cluster dialling the LB IP is caught by kube-proxy's rules on its own node and never reaches the cloud LB (R5.6).",
  unreadyEndpoint: (pod: string, svc: string): string =>
    `${n(pod)} fails its readiness probe, so it is not a ready endpoint of ${n(svc)}: kube-proxy never picks it (R3.8).`,
  localPolicy: (pod: string, rule: string): string =>
    `${n(pod)} runs on another node: with a Local traffic policy kube-proxy only uses node-local endpoints and drops the packet instead of forwarding it (${rule}).`,
  e8OtherBackend: (svc: string, ingress: string): string =>
    `${n(svc)} is another backend of ${n(ingress)}, but it does not win for this request: Ingress paths match element by element, case-sensitively, and the longest match wins (R7.4, R7.5).`,
  e9Missing: (): string =>
    "NetworkPolicy does not block the Service: the DNAT still happens and the packet is dropped at the destination Pod's interface (R10.3, R10.6).",
} as const;

/** Message for a wrong outcome, naming the misconception where one applies. */
export function explainDisposition(
  expected: Disposition,
  given: Disposition,
  path: TracePath,
): { message: string; rule?: string; misconception?: string } {
  const reason = path.reason ? ` ${path.reason}` : '';
  const layers = new Set(path.hops.map((h) => h.layer));
  const pre = `Outcome is ${expected}, not ${given}.`;
  if (
    expected === 'REFUSED' &&
    (given === 'DROPPED' || given === 'DENIED_IN' || given === 'DENIED_OUT' || given === 'NO_ROUTE')
  ) {
    if (layers.has('Service') || layers.has('kube-proxy'))
      return {
        message: `${pre} A Service without usable endpoints is REJECTed by kube-proxy's rules: connection refused at once, not a timeout (R3.11).${reason}`,
        rule: 'R3.11',
        misconception: 'E6',
      };
    return {
      message: `${pre} The packet reached the destination and nothing listens there, so the kernel answers with a RST: connection refused, not a timeout (R1.5).${reason}`,
      rule: 'R1.5',
    };
  }
  if (expected === 'REFUSED' && given === 'NXDOMAIN')
    return {
      message: `${pre} DNS records do not depend on endpoints: the name still resolves to the ClusterIP (R3.3); the connection is then refused (R3.11).${reason}`,
      rule: 'R3.11',
      misconception: 'E6',
    };
  if ((expected === 'DENIED_IN' || expected === 'DENIED_OUT') && given === 'REFUSED')
    return {
      message: `${pre} NetworkPolicy denials are normally silent drops: the client times out, it is not refused (R10.7).${reason}`,
      rule: 'R10.7',
      misconception: 'E9',
    };
  if (
    expected === 'DROPPED' &&
    given === 'REFUSED' &&
    path.hops.some((h) => h.rule === 'R4.4' || h.rule === 'R4.5')
  )
    return {
      message: `${pre} With a Local traffic policy and no local endpoint kube-proxy DROPs the packet: the client times out (R4.4).${reason}`,
      rule: 'R4.4',
      misconception: 'E4',
    };
  if (expected === 'DROPPED' && given === 'REFUSED')
    return {
      message: `${pre} Nothing answers: the packet is silently discarded, so the client times out.${reason}`,
      rule: path.hops.at(-1)?.rule ?? 'R3.12',
      misconception: 'E7',
    };
  if (expected === 'HTTP_503' && (given === 'REFUSED' || given === 'DROPPED'))
    return {
      message: `${pre} Behind an ingress controller a Service without endpoints is answered by the controller with 503 (R7.9).${reason}`,
      rule: 'R7.9',
      misconception: 'E6',
    };
  if (expected === 'HTTP_503' && given === 'HTTP_429')
    return {
      message: `${pre} ingress-nginx rate limiting answers 503 by default (limit-req-status-code), not 429 (R7.10).${reason}`,
      rule: 'R7.10',
    };
  if (expected === 'HTTP_401' && given === 'HTTP_429')
    return {
      message: `${pre} Authentication runs before rate limiting: an unauthenticated request gets 401 (R9.3).${reason}`,
      rule: 'R9.3',
    };
  if (expected === 'HTTP_308' && given === 'HTTP_301')
    return {
      message: `${pre} ingress-nginx redirects HTTP to HTTPS with 308 (R7.7).${reason}`,
      rule: 'R7.7',
    };
  if (expected === 'DELIVERED' && given === 'DENIED_IN') return { message: `${pre}${reason}`, rule: 'R10.5' };
  // Dual-stack (R13.4): a name without a record of the asked family exists — NOERROR with no records, not NXDOMAIN;
  // and a missing AAAA does not stop a client that asked for both families.
  if (expected === 'NODATA' && (given === 'NXDOMAIN' || given === 'DNS_TIMEOUT'))
    return {
      message: `${pre} The name exists — it has a record of the other family — so the query is answered at once with NOERROR and no records (NODATA); getaddrinfo then fails with "No address associated with hostname" (R13.4).${reason}`,
      rule: 'R13.4',
    };
  if (expected === 'DELIVERED' && given === 'NODATA')
    return {
      message: `${pre} A client that asks for both families (no -4/-6) uses whatever records exist: an empty AAAA answer beside an A record just means it connects over IPv4 (R13.4).${reason}`,
      rule: 'R13.4',
    };
  if (expected === 'MTU_BLACKHOLE')
    return {
      message: `${pre} The connection opens and small packets pass (the handshake, the request): only the full-sized segments are lost on a link narrower than they are, and no ICMP "fragmentation needed" reaches the sender, so the transfer hangs (R15.6).${reason}`,
      rule: 'R15.6',
    };
  if (
    given === 'MTU_BLACKHOLE' &&
    expected === 'DELIVERED' &&
    path.hops.some((h) => h.steps.some((s) => s.includes('R15.4')))
  )
    return {
      message: `${pre} A segment too big for a link is dropped, but the ICMP "fragmentation needed" reaches the sender, which resends smaller: PMTU discovery costs a round trip, not the transfer (R15.4).${reason}`,
      rule: 'R15.4',
    };
  const last = path.hops.at(-1);
  const out: { message: string; rule?: string } = { message: `${pre}${reason}` };
  if (last?.verdict) out.rule = last.rule;
  return out;
}
