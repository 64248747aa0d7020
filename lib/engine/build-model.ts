/**
 * `buildModel`: validated ScenarioInput → indexed, read-only ClusterModel (model.ts).
 *
 * Performance (engine-plan.md): at 5,000 nodes / 150,000 Pods / 10,000 Services / 2,000 Ingress rules this
 * must stay under 2 s, so everything is a single pass with Maps: a label index per namespace makes selector
 * matching "walk the smallest posting list and check the other labels on the Pod", never a scan of all Pods.
 * No closures or regexes are created per object in the hot loops.
 *
 * Pure: never mutates its input; same input → same output (iteration follows file order; endpoint lists are
 * sorted).
 */
import {
  CNI_MODES,
  NODEPORT_RANGE,
  parseNodePortRange,
  type K8sEndpointSlice,
  type K8sPod,
  type K8sService,
  type LabelSelector,
  type Protocol,
  type ScenarioInput,
} from '../scenario';
import { formatIPv4, parseCidr, parseIPv4, type Cidr } from '../scenario';
import type {
  ClusterModel,
  LabelPostings,
  DeclaredPort,
  Endpoint,
  HeadlessRecord,
  IngressHostIndex,
  Listener,
  ModelContainer,
  ModelEndpointSlice,
  ModelExternalHost,
  ModelGateway,
  ModelHTTPRoute,
  ModelIngress,
  ModelIngressClass,
  ModelIngressRule,
  ModelNamespace,
  ModelNetworkPolicy,
  ModelNode,
  ModelPod,
  ModelService,
  ModelServicePort,
  ModelSettings,
  ServicePortRef,
} from './model';

/** Key of `servicePortsByVip` / `servicePortsByExternalIP`. */
export function vipKey(ip: string, port: number, protocol: string): string {
  return `${ip}|${port}|${protocol}`;
}

/** Key of `servicePortsByNodePort`. */
export function nodePortKey(nodePort: number, protocol: string): string {
  return `${nodePort}|${protocol}`;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const NS_NAME_LABEL = 'kubernetes.io/metadata.name';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function cidrOrThrow(text: string): Cidr {
  const c = parseCidr(text);
  if (typeof c === 'string')
    throw new Error(`buildModel: invalid CIDR ${text} (parseScenario should have rejected it)`);
  return c;
}

/**
 * Build the indexed cluster model. Derives EndpointSlices the way the EndpointSlice controller does (R3.8,
 * R3.13), resolves listeners (R1.4) and reports configuration errors as warnings (R1.3).
 * Throws only on broken invariants (input that parseScenario would have rejected).
 */
export function buildModel(input: ScenarioInput): ClusterModel {
  const warnings: string[] = [];
  const spec = input.scenario.spec;
  const cl = spec.cluster;

  // --- settings ----------------------------------------------------------------------------------
  const settings: ModelSettings = {
    domain: cl.domain.replace(/\.$/, '').toLowerCase(),
    podCIDR: cl.podCIDR,
    serviceCIDR: cl.serviceCIDR,
    podCidr: cidrOrThrow(cl.podCIDR),
    serviceCidr: cidrOrThrow(cl.serviceCIDR),
    ...(cl.underlay ? { underlay: { ...cl.underlay } } : {}),
    dnsService: cl.dnsService,
    nodePortRange: parseNodePortRange(cl.nodePortRange) ?? { ...NODEPORT_RANGE },
    cni: {
      plugin: cl.cni.plugin,
      mode: (cl.cni.mode ?? CNI_MODES[cl.cni.plugin][0]) as ModelSettings['cni']['mode'],
      crossSubnet: cl.cni.crossSubnet,
      hairpinMode: cl.cni.hairpinMode,
      masqueradeOutbound: cl.cni.masqueradeOutbound,
    },
    serviceDataplane: cl.serviceDataplane,
    networkPolicy: cl.networkPolicy,
  };
  const domain = settings.domain;

  // --- namespaces (declared + implied) ------------------------------------------------------------
  const namespaces = new Map<string, ModelNamespace>();
  for (const n of input.namespaces) {
    namespaces.set(n.metadata.name, {
      name: n.metadata.name,
      labels: { ...n.metadata.labels, [NS_NAME_LABEL]: n.metadata.name },
      declared: true,
    });
  }
  const implyNs = (ns: string) => {
    if (!namespaces.has(ns))
      namespaces.set(ns, { name: ns, labels: { [NS_NAME_LABEL]: ns }, declared: false });
  };

  // --- nodes -------------------------------------------------------------------------------------
  const nodes = new Map<string, ModelNode & { pods: string[] }>();
  const nodesByIP = new Map<string, ModelNode>();
  for (const n of input.nodes) {
    const addresses: string[] = [];
    let internalIP: string | undefined;
    let externalIP: string | undefined;
    for (const a of n.status.addresses) {
      if (a.type === 'InternalIP') {
        internalIP ??= a.address;
        addresses.push(a.address);
      } else if (a.type === 'ExternalIP') {
        externalIP ??= a.address;
        addresses.push(a.address);
      }
    }
    const podCIDR = n.spec.podCIDR ?? n.spec.podCIDRs[0];
    const zone = n.metadata.labels[ZONE_LABEL];
    const node: ModelNode & { pods: string[] } = {
      name: n.metadata.name,
      labels: n.metadata.labels,
      zone,
      internalIP,
      externalIP,
      addresses,
      podCIDR,
      podCIDRSource: podCIDR !== undefined ? 'spec' : 'none',
      pods: [],
    };
    nodes.set(node.name, node);
    for (const a of addresses) nodesByIP.set(a, node);
  }

  // --- Scenario listener overrides, by Pod --------------------------------------------------------
  const overridesByPod = new Map<string, (typeof spec.listeners)[number][]>();
  for (const l of spec.listeners) {
    const arr = overridesByPod.get(l.pod);
    if (arr) arr.push(l);
    else overridesByPod.set(l.pod, [l]);
  }

  // --- pods --------------------------------------------------------------------------------------
  const pods = new Map<string, ModelPod>();
  const podsByIP = new Map<string, ModelPod>();
  const hostNetworkPodsByNode = new Map<string, ModelPod[]>();
  const podsByNamespace = new Map<string, string[]>();
  const podLabelIndex = new Map<string, Map<string, Postings>>();

  for (const raw of input.pods) {
    const pod = buildPod(raw, nodes, overridesByPod, warnings);
    pods.set(pod.id, pod);
    const ns = pod.namespace;
    let nsPods = podsByNamespace.get(ns);
    if (!nsPods) {
      nsPods = [];
      podsByNamespace.set(ns, nsPods);
      implyNs(ns);
    }
    nsPods.push(pod.id);
    let idx = podLabelIndex.get(ns);
    if (!idx) {
      idx = new Map();
      podLabelIndex.set(ns, idx);
    }
    const labels = pod.labels;
    for (const k in labels) {
      // Nested maps (key → value → ids) instead of "k=v" strings: no string building per label (perf).
      let postings = idx.get(k);
      if (!postings) {
        postings = new Postings();
        idx.set(k, postings);
      }
      const v = labels[k]!;
      const a = postings.byValue.get(v);
      if (a) a.push(pod.id);
      else postings.byValue.set(v, [pod.id]);
    }
    const node = pod.nodeName !== undefined ? nodes.get(pod.nodeName) : undefined;
    if (node) node.pods.push(pod.id);
    if (pod.hostNetwork) {
      if (pod.nodeName !== undefined) {
        const a = hostNetworkPodsByNode.get(pod.nodeName);
        if (a) a.push(pod);
        else hostNetworkPodsByNode.set(pod.nodeName, [pod]);
      }
    } else if (pod.ip !== undefined) {
      podsByIP.set(pod.ip, pod);
      if (raw.status.podIPs.length > 1) for (const ip of pod.ips) podsByIP.set(ip, pod); // dual-stack
    }
  }

  // R1.6: hostNetwork Pods share the node's port space; two binding one port on a node conflict.
  for (const [nodeName, list] of hostNetworkPodsByNode) {
    if (list.length < 2) continue;
    const owner = new Map<string, string>();
    for (const p of list)
      for (const l of p.listeners) {
        const k = `${l.port}/${l.protocol}`;
        const prev = owner.get(k);
        if (prev !== undefined && prev !== p.id)
          warnings.push(
            `hostNetwork Pods ${prev} and ${p.id} both bind ${k} on node ${nodeName}: they share the node's port space, the second one fails to start (R1.6)`,
          );
        else owner.set(k, p.id);
      }
  }

  // Node Pod CIDRs derived from their Pods when spec.podCIDR is absent (/24 = the controller-manager default node mask).
  const nodesByPodCidr = new Map<number, Map<number, ModelNode>>();
  const indexCidr = (c: Cidr, node: ModelNode) => {
    if (c.family !== 4) return;
    if (c.prefix <= 30) {
      node.tunnelIP = formatIPv4(c.base);
      node.bridgeIP = formatIPv4(c.base + 1);
    }
    let m = nodesByPodCidr.get(c.prefix);
    if (!m) {
      m = new Map();
      nodesByPodCidr.set(c.prefix, m);
    }
    m.set(c.base, node);
  };
  for (const node of nodes.values()) {
    if (node.podCIDR !== undefined) {
      indexCidr(cidrOrThrow(node.podCIDR), node);
      continue;
    }
    let base: number | undefined;
    for (const id of node.pods) {
      const p = pods.get(id)!;
      if (p.hostNetwork || p.ip === undefined) continue;
      const v = parseIPv4(p.ip);
      if (v === undefined) continue;
      const b = (v & 0xffffff00) >>> 0;
      if (base === undefined) base = b;
      else if (b !== base) {
        warnings.push(
          `node ${node.name} has no spec.podCIDR and its Pods span several /24 networks; Pod CIDR derived from the first Pod only`,
        );
        break;
      }
    }
    if (base !== undefined) {
      const text = `${(base >>> 24) & 255}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.0/24`;
      node.podCIDR = text;
      node.podCIDRSource = 'pods';
      indexCidr(cidrOrThrow(text), node);
    }
  }

  // --- services + endpoints --------------------------------------------------------------------
  const slicesByService = new Map<string, K8sEndpointSlice[]>();
  for (const es of input.endpointSlices) {
    const svc = es.metadata.labels[SERVICE_NAME_LABEL];
    if (svc === undefined) continue;
    const key = `${es.metadata.namespace}/${svc}`;
    const a = slicesByService.get(key);
    if (a) a.push(es);
    else slicesByService.set(key, [es]);
  }

  const services = new Map<string, ModelService>();
  const servicePortsByVip = new Map<string, ServicePortRef>();
  const servicesByClusterIP = new Map<string, ModelService>();
  const servicePortsByNodePort = new Map<string, ServicePortRef>();
  const servicesByHealthCheckNodePort = new Map<number, ModelService>();
  const servicesByExternalIP = new Map<
    string,
    { service: ModelService; via: 'loadBalancer' | 'externalIP' }[]
  >();
  const servicePortsByExternalIP = new Map<string, ServicePortRef & { via: 'loadBalancer' | 'externalIP' }>();
  const headlessDns = new Map<string, HeadlessRecord>();

  const podIndex: PodIndex = { pods, podLabelIndex, podsByIP };
  const deriveCtx: DeriveCtx = { podIndex, nodes };
  for (const raw of input.services) {
    const svc = new ServiceImpl(
      raw,
      deriveCtx,
      slicesByService.get(`${raw.metadata.namespace}/${raw.metadata.name}`),
    );
    services.set(svc.id, svc);
    implyNs(svc.namespace);
    const cips = new Set<string>();
    if (svc.clusterIP !== undefined) cips.add(svc.clusterIP);
    for (const x of raw.spec.clusterIPs) if (x !== 'None' && x !== '') cips.add(x);
    for (const ip of cips) {
      servicesByClusterIP.set(ip, svc);
      for (const p of svc.ports)
        servicePortsByVip.set(vipKey(ip, p.port, p.protocol), { service: svc, port: p });
    }
    for (const p of svc.ports)
      if (p.nodePort !== undefined)
        servicePortsByNodePort.set(nodePortKey(p.nodePort, p.protocol), { service: svc, port: p });
    if (svc.healthCheckNodePort !== undefined)
      servicesByHealthCheckNodePort.set(svc.healthCheckNodePort, svc);
    const ext: [string, 'loadBalancer' | 'externalIP'][] = [];
    for (const ing of svc.loadBalancerIngress) if (ing.ip !== undefined) ext.push([ing.ip, 'loadBalancer']);
    for (const ip of svc.externalIPs) ext.push([ip, 'externalIP']);
    for (const [ip, via] of ext) {
      const a = servicesByExternalIP.get(ip);
      if (a) {
        if (!a.some((e) => e.service === svc)) a.push({ service: svc, via });
      } else servicesByExternalIP.set(ip, [{ service: svc, via }]);
      for (const p of svc.ports)
        servicePortsByExternalIP.set(vipKey(ip, p.port, p.protocol), { service: svc, port: p, via });
    }
    // R6.1: headless Services answer A records with (ready) endpoint IPs, and per-Pod hostname records.
    if (svc.headless) {
      const ips: string[] = [];
      const seenIp = new Set<string>();
      for (const sl of svc.slices)
        for (const ep of sl.endpoints) {
          if (!ep.conditions.ready) continue;
          for (const a of ep.addresses)
            if (!seenIp.has(a)) {
              seenIp.add(a);
              ips.push(a);
            }
        }
      ips.sort(compareIP);
      headlessDns.set(`${svc.name}.${svc.namespace}.svc.${domain}`, { ips, service: svc.id });
      for (const p of svc.ports)
        for (const ep of p.endpoints)
          if (ep.hostname !== undefined && ep.ready) {
            const fq = `${ep.hostname}.${svc.name}.${svc.namespace}.svc.${domain}`;
            if (!headlessDns.has(fq))
              headlessDns.set(fq, { ips: [ep.ip], service: svc.id, pod: ep.pod || undefined });
          }
      // Port-less headless Services still publish hostname records (from the derived slices).
      if (svc.ports.length === 0)
        for (const sl of svc.slices)
          for (const ep of sl.endpoints) {
            const pod = ep.pod ? pods.get(ep.pod) : undefined;
            if (!pod || !ep.conditions.ready || pod.hostname === undefined || pod.subdomain !== svc.name)
              continue;
            const fq = `${pod.hostname}.${svc.name}.${svc.namespace}.svc.${domain}`;
            if (!headlessDns.has(fq) && ep.addresses[0] !== undefined)
              headlessDns.set(fq, { ips: [ep.addresses[0]], service: svc.id, pod: pod.id });
          }
    }
  }

  // --- ingress classes + ingresses ----------------------------------------------------------------
  const ingressClasses = new Map<string, ModelIngressClass>();
  const defaults: string[] = [];
  for (const c of input.ingressClasses) {
    const isDefault = c.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === 'true';
    ingressClasses.set(c.metadata.name, { name: c.metadata.name, controller: c.spec.controller, isDefault });
    if (isDefault) defaults.push(c.metadata.name);
  }
  defaults.sort();
  if (defaults.length > 1)
    warnings.push(
      `several IngressClasses are marked default (${defaults.join(', ')}); Ingresses without a class use ${defaults[0]}`,
    );
  const defaultIngressClass = defaults[0];

  type MutableHostIndex = {
    exact: Map<string, ModelIngressRule[]>;
    wildcard: Map<string, ModelIngressRule[]>;
    hostless: ModelIngressRule[];
    defaultBackends: ModelIngress[];
    tlsHosts: Map<string, ModelIngress[]>;
    regexHosts: Set<string>;
  };
  const ingresses = new Map<string, ModelIngress>();
  const ingressesByClass = new Map<string, MutableHostIndex>();
  for (const raw of input.ingresses) {
    const ann = raw.metadata.annotations;
    const className = raw.spec.ingressClassName ?? ann[LEGACY_CLASS_ANNOTATION] ?? defaultIngressClass;
    const rules: ModelIngressRule[] = [];
    const tlsHosts: string[] = [];
    for (const t of raw.spec.tls) for (const h of t.hosts) tlsHosts.push(h.toLowerCase());
    const ing: ModelIngress = {
      id: `${raw.metadata.namespace}/${raw.metadata.name}`,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      className,
      annotations: ann,
      defaultBackend: raw.spec.defaultBackend || undefined,
      tlsHosts,
      rules,
      creationTimestamp: raw.metadata.creationTimestamp || undefined,
      raw,
    };
    raw.spec.rules.forEach((r, index) => {
      const host = r.host !== undefined && r.host !== '' ? r.host.toLowerCase() : undefined;
      rules.push({
        ingress: ing,
        index,
        host,
        paths: (r.http?.paths ?? []).map((p) => ({
          path: p.path ?? '/',
          pathType: p.pathType,
          backend: p.backend,
        })),
      });
    });
    ingresses.set(ing.id, ing);
    implyNs(ing.namespace);
    const key = className ?? '';
    let hi = ingressesByClass.get(key);
    if (!hi) {
      hi = {
        exact: new Map(),
        wildcard: new Map(),
        hostless: [],
        defaultBackends: [],
        tlsHosts: new Map(),
        regexHosts: new Set(),
      };
      ingressesByClass.set(key, hi);
    }
    // R7.4: use-regex / rewrite-target switch every path of the host to regex mode.
    const regex =
      ann['nginx.ingress.kubernetes.io/use-regex'] === 'true' ||
      ann['nginx.ingress.kubernetes.io/rewrite-target'] !== undefined;
    for (const rule of rules) {
      if (regex) hi.regexHosts.add(rule.host ?? '');
      if (rule.host === undefined) hi.hostless.push(rule);
      else if (rule.host.startsWith('*.')) {
        const suffix = rule.host.slice(1);
        const a = hi.wildcard.get(suffix);
        if (a) a.push(rule);
        else hi.wildcard.set(suffix, [rule]);
      } else {
        const a = hi.exact.get(rule.host);
        if (a) a.push(rule);
        else hi.exact.set(rule.host, [rule]);
      }
    }
    if (ing.defaultBackend) hi.defaultBackends.push(ing);
    for (const h of tlsHosts) {
      const a = hi.tlsHosts.get(h);
      if (a) a.push(ing);
      else hi.tlsHosts.set(h, [ing]);
    }
  }

  // --- network policies --------------------------------------------------------------------------
  const networkPoliciesByNamespace = new Map<string, ModelNetworkPolicy[]>();
  for (const raw of input.networkPolicies) {
    const np: ModelNetworkPolicy = {
      id: `${raw.metadata.namespace}/${raw.metadata.name}`,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      podSelector: raw.spec.podSelector,
      policyTypes: raw.spec.policyTypes,
      ingress: raw.spec.ingress,
      egress: raw.spec.egress,
      raw,
    };
    implyNs(np.namespace);
    const a = networkPoliciesByNamespace.get(np.namespace);
    if (a) a.push(np);
    else networkPoliciesByNamespace.set(np.namespace, [np]);
  }

  // --- Gateway API -------------------------------------------------------------------------------
  const gateways = new Map<string, ModelGateway>();
  for (const raw of input.gateways) {
    const g: ModelGateway = {
      id: `${raw.metadata.namespace}/${raw.metadata.name}`,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      gatewayClassName: raw.spec.gatewayClassName,
      listeners: raw.spec.listeners,
      addresses: raw.status.addresses.map((a) => a.value),
      raw,
    };
    gateways.set(g.id, g);
    implyNs(g.namespace);
  }
  const httpRoutes = new Map<string, ModelHTTPRoute>();
  const httpRoutesByGateway = new Map<string, ModelHTTPRoute[]>();
  for (const raw of input.httpRoutes) {
    const r: ModelHTTPRoute = {
      id: `${raw.metadata.namespace}/${raw.metadata.name}`,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      hostnames: raw.spec.hostnames.map((h) => h.toLowerCase()),
      parentRefs: raw.spec.parentRefs,
      rules: raw.spec.rules,
      creationTimestamp: raw.metadata.creationTimestamp || undefined,
      raw,
    };
    httpRoutes.set(r.id, r);
    implyNs(r.namespace);
    const parents = new Set<string>();
    for (const ref of raw.spec.parentRefs) {
      if (ref.kind !== 'Gateway' || (ref.group !== undefined && ref.group !== 'gateway.networking.k8s.io'))
        continue;
      parents.add(`${ref.namespace ?? r.namespace}/${ref.name}`);
    }
    for (const gid of parents) {
      const a = httpRoutesByGateway.get(gid);
      if (a) a.push(r);
      else httpRoutesByGateway.set(gid, [r]);
    }
  }
  // R8.2 tie-break order: oldest Route first, then namespace/name.
  for (const list of httpRoutesByGateway.values())
    list.sort((a, b) => cmpStr(a.creationTimestamp ?? '', b.creationTimestamp ?? '') || cmpStr(a.id, b.id));

  // --- outside world -----------------------------------------------------------------------------
  const publicDns = new Map<string, { a: readonly string[]; cname?: string }>();
  for (const d of spec.publicDns)
    publicDns.set(d.name.toLowerCase().replace(/\.$/, ''), {
      a: [...d.a],
      ...(d.cname ? { cname: d.cname.toLowerCase().replace(/\.$/, '') } : {}),
    });
  const externalHostsByIP = new Map<string, ModelExternalHost>();
  const externalHostsByName = new Map<string, ModelExternalHost>();
  for (const h of spec.externalHosts) {
    const eh: ModelExternalHost = {
      name: h.name,
      ip: h.ip,
      listens: h.listens.map((s) => {
        const i = s.indexOf('/');
        return { port: Number(s.slice(0, i)), protocol: s.slice(i + 1) as Protocol };
      }),
    };
    externalHostsByIP.set(eh.ip, eh);
    externalHostsByName.set(eh.name, eh);
  }

  const nodeNames = [...nodes.keys()].sort(cmpStr);

  return {
    id: input.scenario.metadata.name,
    file: input.file,
    scenario: input.scenario,
    settings,
    requests: spec.requests,
    namespaces,
    nodes,
    nodesByIP,
    nodesByPodCidr,
    nodeNames,
    pods,
    podsByIP,
    hostNetworkPodsByNode,
    podsByNamespace,
    podLabelIndex,
    services,
    servicePortsByVip,
    servicesByClusterIP,
    servicePortsByNodePort,
    servicesByHealthCheckNodePort,
    servicesByExternalIP,
    servicePortsByExternalIP,
    ingresses,
    ingressClasses,
    defaultIngressClass,
    ingressesByClass,
    networkPoliciesByNamespace,
    gateways,
    httpRoutesByGateway,
    httpRoutes,
    headlessDns,
    publicDns,
    externalHostsByIP,
    externalHostsByName,
    cloudLoadBalancers: new Map(spec.cloudLoadBalancers.map((x) => [x.service, x])),
    ingressControllers: new Map(spec.ingressControllers.map((x) => [x.class, x])),
    gatewayImplementations: new Map(spec.gatewayImplementations.map((x) => [x.gateway, x])),
    apiGateways: new Map(spec.apiGateways.map((x) => [x.name, x])),
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------------------------

type ListenerOverrides = ScenarioInput['scenario']['spec']['listeners'];

const NO_IPS: readonly string[] = Object.freeze([]);

interface Netns {
  containers: ModelContainer[];
  ports: DeclaredPort[];
  listeners: Listener[];
}

/**
 * A Pod of the model. The network-namespace details (containers, declared ports, listeners) are computed on
 * first access and cached: the trace engine touches a handful of Pods per trace, while eagerly building them
 * for 150,000 Pods was most of buildModel's time and memory (engine-plan.md performance targets).
 * Deterministic: the values depend only on the input.
 */
class PodImpl implements ModelPod {
  // Few own fields (memory at 150,000 Pods); the rest are getters over the validated object.
  readonly id: string;
  readonly ip: string | undefined;
  readonly phase: ModelPod['phase'];
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly raw: K8sPod;
  #ips: readonly string[] | undefined;
  #overrides: ListenerOverrides | undefined;
  #netns: Netns | undefined;

  constructor(
    raw: K8sPod,
    id: string,
    ip: string | undefined,
    ips: readonly string[] | undefined,
    phase: ModelPod['phase'],
    ready: boolean,
    overrides: ListenerOverrides | undefined,
  ) {
    this.id = id;
    this.ip = ip;
    this.phase = phase;
    this.ready = ready;
    const del = raw.metadata.deletionTimestamp;
    this.terminating = del !== undefined && del !== null;
    this.raw = raw;
    this.#ips = ips;
    this.#overrides = overrides;
    this.#netns = undefined;
  }

  get namespace(): string {
    return this.raw.metadata.namespace;
  }
  get name(): string {
    return this.raw.metadata.name;
  }
  get labels(): Readonly<Record<string, string>> {
    return this.raw.metadata.labels;
  }
  get nodeName(): string | undefined {
    return this.raw.spec.nodeName;
  }
  get hostNetwork(): boolean {
    return this.raw.spec.hostNetwork;
  }
  get hostname(): string | undefined {
    return this.raw.spec.hostname;
  }
  get subdomain(): string | undefined {
    return this.raw.spec.subdomain;
  }
  get dnsPolicy(): ModelPod['dnsPolicy'] {
    return this.raw.spec.dnsPolicy;
  }
  get ips(): readonly string[] {
    return (this.#ips ??= this.ip === undefined ? NO_IPS : [this.ip]);
  }
  #ns(): Netns {
    return (this.#netns ??= computeNetns(
      this.raw,
      this.id,
      this.phase === 'Running',
      this.ready,
      this.#overrides,
    ));
  }
  get containers(): readonly ModelContainer[] {
    return this.#ns().containers;
  }
  get ports(): readonly DeclaredPort[] {
    return this.#ns().ports;
  }
  get listeners(): readonly Listener[] {
    return this.#ns().listeners;
  }
}

function buildPod(
  raw: K8sPod,
  nodes: ReadonlyMap<string, ModelNode>,
  overridesByPod: ReadonlyMap<string, ListenerOverrides>,
  warnings: string[],
): ModelPod {
  const md = raw.metadata;
  const id = `${md.namespace}/${md.name}`;
  const st = raw.status;
  // Authoring shorthand: no phase = Running (docs/scenario-format.md).
  const phase = st.phase ?? 'Running';
  const phaseRunning = phase === 'Running';
  let ready: boolean;
  let readyCond: string | undefined;
  for (const c of st.conditions) if (c.type === 'Ready') readyCond = c.status;
  if (readyCond !== undefined) ready = readyCond === 'True';
  else if (st.containerStatuses.length > 0) {
    ready = phaseRunning;
    for (const cs of st.containerStatuses) if (!cs.ready) ready = false;
  } else ready = phaseRunning;

  // Most Pods have exactly status.podIP: no ips array is allocated for them (built on demand by the getter).
  let ip = st.podIP;
  let ips: string[] | undefined;
  if (st.podIPs.length > 0) {
    ips = ip !== undefined ? [ip] : [];
    for (const x of st.podIPs) if (!ips.includes(x.ip)) ips.push(x.ip);
    ip = ips[0];
    if (ips.length === 1) ips = undefined;
  }
  if (ip === undefined && raw.spec.hostNetwork && phase !== 'Pending') {
    // R1.6: a hostNetwork Pod has its node's address.
    const node = raw.spec.nodeName !== undefined ? nodes.get(raw.spec.nodeName) : undefined;
    ip = node?.internalIP;
  }
  const overrides = overridesByPod.get(id);
  const pod = new PodImpl(raw, id, ip, ips, phase, ready, overrides);
  // R1.3 check: only Pods whose declarations could conflict (or that have listener overrides) pay for it.
  if (overrides !== undefined || mayHaveBindConflict(raw)) checkBindConflicts(id, pod.listeners, warnings);
  return pod;
}

/** True when two different app/sidecar containers declare the same port/protocol (allocation-free scan). */
function mayHaveBindConflict(raw: K8sPod): boolean {
  const cs = raw.spec.containers;
  const inits = raw.spec.initContainers;
  const n = cs.length + inits.length;
  if (n < 2) return false;
  for (let i = 0; i < n; i++) {
    const a = i < cs.length ? cs[i]! : inits[i - cs.length]!;
    if (a.ports.length === 0) continue;
    for (let j = i + 1; j < n; j++) {
      const b = j < cs.length ? cs[j]! : inits[j - cs.length]!;
      for (const pa of a.ports)
        for (const pb of b.ports)
          if (pa.containerPort === pb.containerPort && pa.protocol === pb.protocol) return true;
    }
  }
  return false;
}

/** R1.3: two containers of one Pod cannot bind the same address/port/protocol (shared port space). */
function checkBindConflicts(id: string, listeners: readonly Listener[], warnings: string[]): void {
  for (let i = 1; i < listeners.length; i++) {
    const b = listeners[i]!;
    for (let j = i - 1; j >= 0; j--) {
      const a = listeners[j]!;
      if (a.port !== b.port || a.protocol !== b.protocol) break;
      if (a.container !== b.container && addressesOverlap(a.address, b.address))
        warnings.push(
          `Pod ${id}: containers ${a.container} and ${b.container} both bind ${b.protocol} port ${b.port} (${a.address} / ${b.address}); they share one network namespace, so the second bind fails and that container crash-loops (R1.3)`,
        );
    }
  }
}

/** Containers, declared ports and listening sockets of a Pod (R1.4, R1.7), after Scenario `listeners` overrides. */
function computeNetns(
  raw: K8sPod,
  id: string,
  phaseRunning: boolean,
  ready: boolean,
  overrides: ListenerOverrides | undefined,
): Netns {
  const st = raw.status;
  const containers: ModelContainer[] = [];
  const ports: DeclaredPort[] = [];
  const initPorts: DeclaredPort[] = [];
  const listeners: Listener[] = [];
  const acc: ContainerAcc = { phaseRunning, podReady: ready, containers, ports, initPorts, listeners };
  for (const c of raw.spec.containers) addContainer(acc, c, 'app', st.containerStatuses);
  for (const c of raw.spec.initContainers)
    addContainer(acc, c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', st.initContainerStatuses);
  for (const x of initPorts) ports.push(x);

  // Scenario overrides: add sockets, rebind to another address, or close (`listening: false`).
  if (overrides) {
    for (const o of overrides) {
      if (o.pod !== id) continue;
      const owner =
        o.container ??
        ports.find((p) => p.containerPort === o.port && p.protocol === o.protocol)?.container ??
        containers[0]!.name;
      for (let i = listeners.length - 1; i >= 0; i--) {
        const l = listeners[i]!;
        if (l.port === o.port && l.protocol === o.protocol && l.container === owner) listeners.splice(i, 1);
      }
      if (o.listening)
        listeners.push({
          container: owner,
          address: o.address === '*' ? '0.0.0.0' : o.address,
          port: o.port,
          protocol: o.protocol,
          source: 'scenario',
        });
    }
  }
  if (listeners.length > 1) listeners.sort(compareListeners);
  return { containers, ports, listeners };
}

interface ContainerAcc {
  phaseRunning: boolean;
  podReady: boolean;
  containers: ModelContainer[];
  ports: DeclaredPort[];
  initPorts: DeclaredPort[];
  listeners: Listener[];
}

/** Add one container's model, declared ports and default listeners (a top-level function: no per-Pod closure). */
function addContainer(
  acc: ContainerAcc,
  c: K8sPod['spec']['containers'][number],
  kind: ModelContainer['kind'],
  statuses: K8sPod['status']['containerStatuses'],
): void {
  const { phaseRunning, listeners } = acc;
  let status: (typeof statuses)[number] | undefined;
  for (const s of statuses)
    if (s.name === c.name) {
      status = s;
      break;
    }
  let running: boolean;
  if (status) {
    const stateRunning = status.state
      ? status.state.running !== undefined && status.state.running !== null
      : undefined;
    running = status.started ?? stateRunning ?? (kind === 'init' ? false : phaseRunning);
    if (stateRunning === false) running = false;
  } else running = kind === 'init' ? false : phaseRunning;
  const cReady = status ? status.ready : kind === 'init' ? false : acc.podReady;
  const cPorts: DeclaredPort[] = [];
  for (const p of c.ports) {
    const dp: DeclaredPort = {
      container: c.name,
      name: p.name,
      containerPort: p.containerPort,
      protocol: p.protocol,
      hostPort: p.hostPort,
      hostIP: p.hostIP,
    };
    cPorts.push(dp);
    // R1.4: by default every declared port of a running container listens on 0.0.0.0.
    if (running)
      listeners.push({
        container: c.name,
        address: '0.0.0.0',
        port: p.containerPort,
        protocol: p.protocol,
        source: 'declared',
      });
  }
  if (kind === 'init') for (const x of cPorts) acc.initPorts.push(x);
  else for (const x of cPorts) acc.ports.push(x);
  acc.containers.push({ name: c.name, kind, ports: cPorts, running, ready: cReady });
}

function compareListeners(a: Listener, b: Listener): number {
  return (
    a.port - b.port ||
    cmpStr(a.protocol, b.protocol) ||
    cmpStr(a.container, b.container) ||
    cmpStr(a.address, b.address)
  );
}

function isWildcardAddr(a: string): boolean {
  return a === '0.0.0.0' || a === '::' || a === '*';
}

function addressesOverlap(a: string, b: string): boolean {
  return a === b || isWildcardAddr(a) || isWildcardAddr(b);
}

// ---------------------------------------------------------------------------------------------
// Selectors
// ---------------------------------------------------------------------------------------------

interface PodIndex {
  pods: ReadonlyMap<string, ModelPod>;
  podsByIP?: ReadonlyMap<string, ModelPod>;
  podLabelIndex: ReadonlyMap<string, ReadonlyMap<string, LabelPostings>>;
}

/**
 * Pods of `namespace` whose labels contain every `key=value` of `selector` (a Service selector).
 * Walks the shortest posting list of the label index and checks the other labels on each candidate, so the
 * cost is bounded by the rarest label, never by the number of Pods. An empty selector selects nothing
 * (a Service without selector, R6.3); use `podsByNamespace` for "all Pods".
 */
export function selectPods(
  model: PodIndex,
  namespace: string,
  selector: Readonly<Record<string, string>>,
): ModelPod[] {
  const idx = model.podLabelIndex.get(namespace);
  if (!idx) return [];
  let shortest: readonly string[] | undefined;
  let n = 0;
  for (const k in selector) {
    n++;
    const list = idx.get(k)?.byValue.get(selector[k]!);
    if (!list) return [];
    if (!shortest || list.length < shortest.length) shortest = list;
  }
  if (!shortest) return [];
  const out: ModelPod[] = [];
  for (const id of shortest) {
    const pod = model.pods.get(id)!;
    if (n > 1) {
      let ok = true;
      for (const k in selector)
        if (pod.labels[k] !== selector[k]) {
          ok = false;
          break;
        }
      if (!ok) continue;
    }
    out.push(pod);
  }
  return out;
}

/** Does a label set satisfy a metav1.LabelSelector (matchLabels AND matchExpressions)? Empty selector = everything. */
export function matchesLabelSelector(labels: Readonly<Record<string, string>>, sel: LabelSelector): boolean {
  for (const k in sel.matchLabels) if (labels[k] !== sel.matchLabels[k]) return false;
  for (const e of sel.matchExpressions) {
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (v === undefined || !e.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && e.values.includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
    }
  }
  return true;
}

/**
 * Pods of `namespace` matching a LabelSelector (NetworkPolicy podSelector, R10.4). Uses the label index for
 * matchLabels and Exists/In terms; an empty selector returns all Pods of the namespace.
 */
export function selectPodsByLabelSelector(
  model: PodIndex & { podsByNamespace: ReadonlyMap<string, readonly string[]> },
  namespace: string,
  sel: LabelSelector,
): ModelPod[] {
  const idx = model.podLabelIndex.get(namespace);
  if (!idx) return [];
  let shortest: readonly string[] | undefined;
  for (const k in sel.matchLabels) {
    const list = idx.get(k)?.byValue.get(sel.matchLabels[k]!) ?? [];
    if (!shortest || list.length < shortest.length) shortest = list;
  }
  for (const e of sel.matchExpressions) {
    if (e.operator === 'Exists' || (e.operator === 'In' && e.values.length === 1)) {
      const p = idx.get(e.key);
      const list = (e.operator === 'Exists' ? p?.all : p?.byValue.get(e.values[0]!)) ?? [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
  }
  const candidates = shortest ?? model.podsByNamespace.get(namespace) ?? [];
  const out: ModelPod[] = [];
  for (const id of candidates) {
    const pod = model.pods.get(id)!;
    if (matchesLabelSelector(pod.labels, sel)) out.push(pod);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Services and EndpointSlices
// ---------------------------------------------------------------------------------------------

/**
 * FindPort (k8s.io/kubernetes pkg/api/v1/pod): a numeric targetPort is used as is; a named one is looked up
 * in the app containers' ports, then in sidecars' (restartable init containers, R1.7) — name AND protocol
 * must match (R3.13). Undefined = the Pod does not declare it and contributes no endpoint for this port.
 */
export function findPort(
  pod: Pick<ModelPod, 'raw'>,
  targetPort: number | string,
  protocol: Protocol,
): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  // Reads the raw spec (not pod.containers) so endpoint derivation does not force the lazy netns model.
  for (const c of pod.raw.spec.containers)
    for (const p of c.ports) if (p.name === targetPort && p.protocol === protocol) return p.containerPort;
  for (const c of pod.raw.spec.initContainers) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports) if (p.name === targetPort && p.protocol === protocol) return p.containerPort;
  }
  return undefined;
}

/** Postings of one label key; `all` (for `Exists`) is the concatenation of the value lists, built on demand. */
class Postings implements LabelPostings {
  readonly byValue = new Map<string, string[]>();
  #all: string[] | undefined;
  get all(): readonly string[] {
    if (this.#all === undefined) {
      const all: string[] = [];
      for (const list of this.byValue.values()) for (const id of list) all.push(id);
      this.#all = all;
    }
    return this.#all;
  }
}

/** The 8 possible endpoint condition triples, shared (saves one object per derived endpoint). */
const CONDITIONS: readonly { ready: boolean; serving: boolean; terminating: boolean }[] = Array.from(
  { length: 8 },
  (_, i) => Object.freeze({ ready: (i & 4) !== 0, serving: (i & 2) !== 0, terminating: (i & 1) !== 0 }),
);

interface Derived {
  perPort: Endpoint[][];
  slices: ModelEndpointSlice[];
}

interface DeriveCtx {
  podIndex: PodIndex;
  nodes: ReadonlyMap<string, ModelNode>;
}

/**
 * A Service port. Its endpoints are derived on first access (for the whole Service at once) and cached:
 * the trace engine touches a few Services per trace, so buildModel only indexes (performance targets).
 */
class ServicePortImpl implements ModelServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly targetPort: number | string;
  readonly nodePort: number | undefined;
  readonly appProtocol: string | undefined;
  readonly #svc: ServiceImpl;
  readonly #index: number;
  constructor(svc: ServiceImpl, index: number, p: K8sService['spec']['ports'][number]) {
    this.name = p.name;
    this.port = p.port;
    this.protocol = p.protocol;
    this.targetPort = p.targetPort;
    this.nodePort = p.nodePort;
    this.appProtocol = p.appProtocol;
    this.#svc = svc;
    this.#index = index;
  }
  get endpoints(): readonly Endpoint[] {
    return this.#svc.derived().perPort[this.#index]!;
  }
}

/** A Service; `slices` and the ports' `endpoints` are derived lazily (see ServicePortImpl). */
class ServiceImpl implements ModelService {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: ModelService['type'];
  readonly clusterIP: string | undefined;
  readonly headless: boolean;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly ServicePortImpl[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly affinityTimeoutSeconds: number;
  readonly healthCheckNodePort: number | undefined;
  readonly loadBalancerSourceRanges: readonly string[];
  readonly loadBalancerIngress: ModelService['loadBalancerIngress'];
  readonly externalIPs: readonly string[];
  readonly externalName: string | undefined;
  readonly publishNotReadyAddresses: boolean;
  readonly allocateLoadBalancerNodePorts: boolean;
  readonly endpointsSource: ModelService['endpointsSource'];
  readonly raw: K8sService;
  readonly #ctx: DeriveCtx;
  readonly #given: readonly K8sEndpointSlice[] | undefined;
  #derived: Derived | undefined;

  constructor(raw: K8sService, ctx: DeriveCtx, given: readonly K8sEndpointSlice[] | undefined) {
    const md = raw.metadata;
    const sp = raw.spec;
    let hasSelector = false;
    for (const _k in sp.selector) {
      hasSelector = true;
      break;
    }
    this.id = `${md.namespace}/${md.name}`;
    this.namespace = md.namespace;
    this.name = md.name;
    this.type = sp.type;
    this.headless = sp.clusterIP === 'None';
    this.clusterIP =
      sp.type === 'ExternalName' || this.headless || sp.clusterIP === '' ? undefined : sp.clusterIP;
    this.selector = hasSelector ? sp.selector : undefined;
    const ports: ServicePortImpl[] = [];
    for (let i = 0; i < sp.ports.length; i++) ports.push(new ServicePortImpl(this, i, sp.ports[i]!));
    this.ports = ports;
    this.externalTrafficPolicy = sp.externalTrafficPolicy;
    this.internalTrafficPolicy = sp.internalTrafficPolicy;
    this.sessionAffinity = sp.sessionAffinity;
    this.affinityTimeoutSeconds = sp.sessionAffinityConfig.clientIP.timeoutSeconds;
    this.healthCheckNodePort =
      sp.type === 'LoadBalancer' && sp.externalTrafficPolicy === 'Local' ? sp.healthCheckNodePort : undefined;
    this.loadBalancerSourceRanges = sp.loadBalancerSourceRanges;
    this.loadBalancerIngress = raw.status.loadBalancer.ingress;
    this.externalIPs = sp.externalIPs;
    this.externalName = sp.externalName;
    this.publishNotReadyAddresses = sp.publishNotReadyAddresses;
    this.allocateLoadBalancerNodePorts = sp.allocateLoadBalancerNodePorts;
    // Explicit slices win over derivation (R6.3; docs/scenario-format.md); ExternalName has no endpoints.
    this.endpointsSource =
      sp.type === 'ExternalName'
        ? 'none'
        : given && given.length > 0
          ? 'explicit'
          : hasSelector
            ? 'derived'
            : 'none';
    this.raw = raw;
    this.#ctx = ctx;
    this.#given = given;
    this.#derived = undefined;
  }

  /** @internal Derive (once) the slices and per-port endpoints. */
  derived(): Derived {
    return (this.#derived ??= deriveEndpoints(this.raw, this.#ctx.podIndex, this.#ctx.nodes, this.#given));
  }
  get slices(): readonly ModelEndpointSlice[] {
    return this.derived().slices;
  }
}

/**
 * EndpointSlices of one Service and the endpoints of each of its ports: the given slices if any, else derived
 * from the selector like the EndpointSlice controller (R3.8, R3.13). Endpoint lists are sorted by (IP, port).
 */
function deriveEndpoints(
  raw: K8sService,
  podIndex: PodIndex,
  nodes: ReadonlyMap<string, ModelNode>,
  givenSlices: readonly K8sEndpointSlice[] | undefined,
): Derived {
  const md = raw.metadata;
  const sp = raw.spec;
  let hasSelector = false;
  for (const _k in sp.selector) {
    hasSelector = true;
    break;
  }
  const nPorts = sp.ports.length;
  const perPort: Endpoint[][] = [];
  for (let i = 0; i < nPorts; i++) perPort.push([]);
  const slices: ModelEndpointSlice[] = [];

  if (givenSlices && givenSlices.length > 0 && sp.type !== 'ExternalName') {
    // Explicit slices win over derivation (R6.3; docs/scenario-format.md).
    for (const es of givenSlices) {
      const epsOut: ModelEndpointSlice['endpoints'][number][] = [];
      for (const ep of es.endpoints) {
        let pod: string | undefined;
        if (
          ep.targetRef &&
          (ep.targetRef.kind === undefined || ep.targetRef.kind === 'Pod') &&
          ep.targetRef.name
        )
          pod = `${ep.targetRef.namespace ?? md.namespace}/${ep.targetRef.name}`;
        else {
          const a0 = ep.addresses[0];
          const p = a0 !== undefined ? podIndex.podsByIP?.get(a0) : undefined;
          if (p) pod = p.id;
        }
        if (pod !== undefined && !podIndex.pods.has(pod)) pod = undefined;
        const nodeName = ep.nodeName ?? (pod !== undefined ? podIndex.pods.get(pod)!.nodeName : undefined);
        const zone = ep.zone ?? (nodeName !== undefined ? nodes.get(nodeName)?.zone : undefined);
        epsOut.push({ addresses: ep.addresses, conditions: ep.conditions, nodeName, pod });
        for (let i = 0; i < nPorts; i++) {
          const svcPort = sp.ports[i]!;
          let port: number | undefined;
          let matched = false;
          for (const p of es.ports)
            if (p.name === svcPort.name && p.protocol === svcPort.protocol) {
              port = p.port;
              matched = true;
              break;
            }
          // A slice without ports: only meaningful for numeric targetPorts (headless selector-less, R6.3).
          if (!matched && es.ports.length === 0 && typeof svcPort.targetPort === 'number')
            port = svcPort.targetPort;
          if (port === undefined) continue;
          for (const ip of ep.addresses)
            perPort[i]!.push({
              ip,
              port,
              protocol: svcPort.protocol,
              ready: ep.conditions.ready,
              serving: ep.conditions.serving,
              terminating: ep.conditions.terminating,
              nodeName,
              zone,
              pod,
              hostname: ep.hostname,
              slice: es.metadata.name,
            });
        }
      }
      slices.push({
        name: es.metadata.name,
        addressType: es.addressType,
        ports: es.ports,
        endpoints: epsOut,
        derived: false,
      });
    }
  } else if (hasSelector && sp.type !== 'ExternalName') {
    const selected = selectPods(podIndex, md.namespace, sp.selector);
    // One derived slice per distinct port mapping (and address family), like the EndpointSlice controller.
    const byMapping = new Map<
      string,
      ModelEndpointSlice & { endpoints: ModelEndpointSlice['endpoints'][number][] }
    >();
    for (const pod of selected) {
      // ShouldPodBeInEndpoints: terminal Pods and Pods without an IP are skipped; terminating ones stay (R3.8).
      if (pod.ip === undefined || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
      const serving = sp.publishNotReadyAddresses || pod.ready;
      const terminating = pod.terminating;
      // The controller never reports a terminating Pod as ready unless publishNotReadyAddresses.
      const ready = sp.publishNotReadyAddresses || (serving && !terminating);
      const hostname = pod.hostname !== undefined && pod.subdomain === md.name ? pod.hostname : undefined;
      const nodeName = pod.nodeName;
      const zone = nodeName !== undefined ? nodes.get(nodeName)?.zone : undefined;
      let mapping = pod.ip.includes(':') ? '6' : '4';
      const resolved: (number | undefined)[] = [];
      for (let i = 0; i < sp.ports.length; i++) {
        const svcPort = sp.ports[i]!;
        const port = findPort(pod, svcPort.targetPort, svcPort.protocol);
        resolved.push(port);
        mapping += `|${port ?? '-'}`;
        if (port === undefined) continue; // R3.13: the Pod contributes nothing for this port
        perPort[i]!.push({
          ip: pod.ip,
          port,
          protocol: svcPort.protocol,
          ready,
          serving,
          terminating,
          nodeName,
          zone,
          pod: pod.id,
          hostname,
          slice: '',
        });
      }
      let slice = byMapping.get(mapping);
      if (!slice) {
        const slicePorts: { name: string; port?: number; protocol: Protocol }[] = [];
        for (let i = 0; i < nPorts; i++) {
          const svcPort = sp.ports[i]!;
          const port = resolved[i];
          if (port !== undefined) slicePorts.push({ name: svcPort.name, port, protocol: svcPort.protocol });
        }
        slice = {
          name: `${md.name}-${byMapping.size === 0 ? 'derived' : `derived-${byMapping.size + 1}`}`,
          addressType: pod.ip.includes(':') ? 'IPv6' : 'IPv4',
          ports: slicePorts,
          endpoints: [],
          derived: true,
        };
        byMapping.set(mapping, slice);
      }
      slice.endpoints.push({
        addresses: pod.ips.length === 1 ? pod.ips : [pod.ip],
        conditions: CONDITIONS[(ready ? 4 : 0) + (serving ? 2 : 0) + (terminating ? 1 : 0)]!,
        nodeName,
        pod: pod.id,
      });
      // back-fill the slice name on the endpoints just added
      for (let i = 0; i < sp.ports.length; i++) {
        const list = perPort[i]!;
        const last = list[list.length - 1];
        if (last && last.pod === pod.id && last.slice === '') last.slice = slice.name;
      }
    }
    slices.push(...byMapping.values());
  }

  for (const list of perPort) if (list.length > 1) sortEndpoints(list);
  return { perPort, slices };
}

// ---------------------------------------------------------------------------------------------
// Queries used by the trace engine
// ---------------------------------------------------------------------------------------------

/**
 * Endpoints kube-proxy may pick for a Service port (R3.8): the ready ones; if none is ready anywhere, the
 * serving+terminating ones. With `localNode`, only that node's endpoints, with the same fallback applied
 * locally (R4.4 / R4.5 "local endpoints only").
 */
export function eligibleEndpoints(port: ModelServicePort, localNode?: string): Endpoint[] {
  const ready: Endpoint[] = [];
  const fallback: Endpoint[] = [];
  for (const e of port.endpoints) {
    if (localNode !== undefined && e.nodeName !== localNode) continue;
    if (e.ready) ready.push(e);
    else if (e.serving && e.terminating) fallback.push(e);
  }
  return ready.length > 0 ? ready : fallback;
}

/** The node whose Pod CIDR contains `ip` (IPv4), via the per-prefix CIDR index; undefined if none. */
export function nodeForPodIP(model: Pick<ClusterModel, 'nodesByPodCidr'>, ip: string): ModelNode | undefined {
  const v = parseIPv4(ip);
  if (v === undefined) return undefined;
  for (const [prefix, m] of model.nodesByPodCidr) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const n = m.get((v & mask) >>> 0);
    if (n) return n;
  }
  return undefined;
}

/** Ingress rules of `className` whose host matches `host` (R7.2): exact rules, else single-label wildcard rules, then host-less ones. */
export function ingressRulesForHost(
  index: IngressHostIndex,
  host: string,
): {
  exact: readonly ModelIngressRule[];
  wildcard: readonly ModelIngressRule[];
  hostless: readonly ModelIngressRule[];
} {
  const h = host.toLowerCase();
  const dot = h.indexOf('.');
  return {
    exact: index.exact.get(h) ?? [],
    wildcard: dot > 0 ? (index.wildcard.get(h.slice(dot)) ?? []) : [],
    hostless: index.hostless,
  };
}

/**
 * Sort endpoints by (IP, port) in place. IPv4 keys are parsed once per endpoint (not per comparison) and an
 * already-sorted list (the common case for explicit slices) costs one pass.
 */
function sortEndpoints(eps: Endpoint[]): void {
  const n = eps.length;
  const keys = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const e = eps[i]!;
    const v = parseIPv4(e.ip);
    // IPv4 value * 65536 + port fits exactly in a double; IPv6 sorts after all IPv4 (then by text below).
    keys[i] = v === undefined ? Number.POSITIVE_INFINITY : v * 65536 + e.port;
    if (i > 0 && keys[i]! < keys[i - 1]!) sorted = false;
  }
  if (sorted && keys[n - 1] !== Number.POSITIVE_INFINITY) return;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) =>
      keys[a]! - keys[b]! ||
      (keys[a] === Number.POSITIVE_INFINITY
        ? compareIP(eps[a]!.ip, eps[b]!.ip) || eps[a]!.port - eps[b]!.port
        : 0),
  );
  const copy = eps.slice();
  for (let i = 0; i < n; i++) eps[i] = copy[order[i]!]!;
}

/** Numeric-aware IP ordering (IPv4 before IPv6, then by value) for deterministic endpoint lists. */
export function compareIP(a: string, b: string): number {
  const x = parseIPv4(a);
  const y = parseIPv4(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return cmpStr(a, b);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
