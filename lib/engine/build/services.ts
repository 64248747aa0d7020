/** Services and their endpoints (EndpointSlices derived like the EndpointSlice controller, or given), VIP indexes. */
import {
  familyOfIP,
  initIPFamilyFields,
  parseIPv4,
  type IPFamily,
  type IPFamilyPolicy,
  type K8sEndpointSlice,
  type K8sService,
  type Protocol,
  type ScenarioInput,
} from '../../scenario';
import type {
  Endpoint,
  HeadlessRecord,
  ModelEndpointSlice,
  ModelNode,
  ModelPod,
  ModelService,
  ModelServicePort,
  ServicePortRef,
} from '../model';
import { SERVICE_NAME_LABEL, compareIP, istioPortProtocol, nodePortKey, vipKey } from './common';
import { type PodIndex, selectPods } from './selectors';

export function buildServices(
  input: ScenarioInput,
  podIndex: PodIndex,
  nodes: ReadonlyMap<string, ModelNode>,
  domain: string,
  implyNs: (ns: string) => void,
  serviceFamilies: readonly IPFamily[] = ['IPv4'],
) {
  const pods = podIndex.pods;
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
  const meshHttpPorts = new Set<number>();

  const deriveCtx: DeriveCtx = { podIndex, nodes, serviceFamilies };
  for (const raw of input.services) {
    const svc = new ServiceImpl(
      raw,
      deriveCtx,
      slicesByService.get(`${raw.metadata.namespace}/${raw.metadata.name}`),
    );
    services.set(svc.id, svc);
    implyNs(svc.namespace);
    for (const ip of svc.clusterIPs) {
      servicesByClusterIP.set(ip, svc);
      for (const p of svc.ports)
        servicePortsByVip.set(vipKey(ip, p.port, p.protocol), { service: svc, port: p });
    }
    if (!svc.headless)
      for (const p of svc.ports) if (istioPortProtocol(p) === 'http') meshHttpPorts.add(p.port);
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

  return {
    services,
    servicePortsByVip,
    servicesByClusterIP,
    servicePortsByNodePort,
    servicesByHealthCheckNodePort,
    servicesByExternalIP,
    servicePortsByExternalIP,
    headlessDns,
    meshHttpPorts,
  };
}

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

const CONDITIONS: readonly { ready: boolean; serving: boolean; terminating: boolean }[] = Array.from(
  { length: 8 },
  (_, i) => Object.freeze({ ready: (i & 4) !== 0, serving: (i & 2) !== 0, terminating: (i & 1) !== 0 }),
);

type DerivedSlice = ModelEndpointSlice & { endpoints: ModelEndpointSlice['endpoints'][number][] };

interface Derived {
  perPort: Endpoint[][];
  slices: ModelEndpointSlice[];
}

interface DeriveCtx {
  podIndex: PodIndex;
  nodes: ReadonlyMap<string, ModelNode>;
  /** The cluster's Service families, primary first (R13.1). */
  serviceFamilies: readonly IPFamily[];
}

/**
 * ipFamilies / ipFamilyPolicy / clusterIPs as the API server stores them (R13.1). Fast path for the common
 * single-stack Service (nothing dual-stack written): its one ClusterIP's family, else the cluster's primary.
 */
function serviceFamilies(
  sp: K8sService['spec'],
  hasSelector: boolean,
  clusterFamilies: readonly IPFamily[],
): { families: IPFamily[]; policy?: IPFamilyPolicy; clusterIPs: string[] } {
  if (sp.type === 'ExternalName') return { families: [], clusterIPs: [] };
  const cip = sp.clusterIP ?? sp.clusterIPs[0];
  if (sp.ipFamilies.length === 0 && sp.ipFamilyPolicy === undefined && sp.clusterIPs.length <= 1) {
    const headless = cip === 'None';
    if (!headless || hasSelector) {
      const f = cip !== undefined && cip !== 'None' && cip !== '' ? familyOfIP(cip) : undefined;
      return {
        families: [f ?? clusterFamilies[0] ?? 'IPv4'],
        policy: 'SingleStack',
        clusterIPs: cip !== undefined && cip !== 'None' && cip !== '' ? [cip] : [],
      };
    }
  }
  const r = initIPFamilyFields(
    {
      type: sp.type,
      clusterIP: cip,
      clusterIPs: sp.clusterIPs,
      ipFamilies: sp.ipFamilies,
      ipFamilyPolicy: sp.ipFamilyPolicy,
      hasSelector,
    },
    clusterFamilies,
  );
  return {
    families: r.families,
    ...(r.policy ? { policy: r.policy } : {}),
    clusterIPs: r.clusterIPs.filter((x) => x !== 'None' && x !== ''),
  };
}

/**
 * A Service port with its endpoints, derived once in buildModel for the whole Service (the EndpointSlice index:
 * a trace reads them, it never derives them — so a trace costs the same on a 10-Service cluster and at the limits).
 */
class ServicePortImpl implements ModelServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly targetPort: number | string;
  readonly nodePort: number | undefined;
  readonly appProtocol: string | undefined;
  readonly endpoints: readonly Endpoint[];
  constructor(p: K8sService['spec']['ports'][number], endpoints: readonly Endpoint[]) {
    this.name = p.name;
    this.port = p.port;
    this.protocol = p.protocol;
    this.targetPort = p.targetPort;
    this.nodePort = p.nodePort;
    this.appProtocol = p.appProtocol;
    this.endpoints = endpoints;
  }
}

/** A Service; `slices` and the ports' `endpoints` are derived when it is built (see ServicePortImpl). */
class ServiceImpl implements ModelService {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: ModelService['type'];
  readonly clusterIP: string | undefined;
  readonly clusterIPs: readonly string[];
  readonly ipFamilies: readonly IPFamily[];
  readonly ipFamilyPolicy: IPFamilyPolicy | undefined;
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
  readonly trafficDistribution: ModelService['trafficDistribution'];
  readonly topologyAnnotation: ModelService['topologyAnnotation'];
  readonly endpointsSource: ModelService['endpointsSource'];
  readonly raw: K8sService;
  /** Derived slices are built on first read (see `slices`); given ones with the Service. */
  #slices: readonly ModelEndpointSlice[] | undefined;
  readonly #derive: DeriveCtx;
  readonly #given: readonly K8sEndpointSlice[] | undefined;

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
    const cip = sp.clusterIP ?? sp.clusterIPs[0];
    this.headless = cip === 'None';
    this.clusterIP = sp.type === 'ExternalName' || this.headless || cip === '' ? undefined : cip;
    const fam = serviceFamilies(sp, hasSelector, ctx.serviceFamilies);
    this.clusterIPs = this.headless ? [] : fam.clusterIPs;
    this.ipFamilies = fam.families;
    this.ipFamilyPolicy = fam.policy;
    this.selector = hasSelector ? sp.selector : undefined;
    const derived = deriveEndpoints(raw, ctx.podIndex, ctx.nodes, given, false, fam.families);
    const ports: ServicePortImpl[] = [];
    for (let i = 0; i < sp.ports.length; i++)
      ports.push(new ServicePortImpl(sp.ports[i]!, derived.perPort[i]!));
    this.ports = ports;
    this.#slices = derived.slices.length > 0 && !derived.slices[0]!.derived ? derived.slices : undefined;
    this.#derive = ctx;
    this.#given = given;
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
    this.trafficDistribution = sp.trafficDistribution;
    this.topologyAnnotation = topologyAnnotation(md.annotations);
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
  }

  /**
   * The Service's EndpointSlices, for display and headless DNS records — no trace reads them (traces read the
   * ports' `endpoints`). Derived slices hold an entry per selected Pod, so they are derived on first read, not
   * for every Service in buildModel (150,000 entries nothing read); deterministic, from the input only.
   */
  get slices(): readonly ModelEndpointSlice[] {
    return (this.#slices ??= deriveEndpoints(
      this.raw,
      this.#derive.podIndex,
      this.#derive.nodes,
      this.#given,
      true,
      this.ipFamilies,
    ).slices);
  }
}

export const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
export const TOPOLOGY_AWARE_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';

/**
 * The EndpointSlice controller's `hintsEnabled` (staging/src/k8s.io/endpointslice/utils.go): the deprecated
 * `topology-aware-hints` annotation wins over `topology-mode` when both are set; hints are enabled for the value
 * "Auto" or "auto" only.
 */
export function topologyAnnotation(
  annotations: Readonly<Record<string, string>>,
): { key: string; value: string } | undefined {
  for (const key of [TOPOLOGY_AWARE_HINTS_ANNOTATION, TOPOLOGY_MODE_ANNOTATION]) {
    const value = annotations[key];
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/** `hintsEnabled`: the annotation found is "Auto" or "auto". */
export function hintsAnnotationEnabled(a: { value: string } | undefined): boolean {
  return a !== undefined && (a.value === 'Auto' || a.value === 'auto');
}

const NO_HINTS: { zoneHints?: string[]; nodeHints?: string[] } = Object.freeze({});

/**
 * Hints the EndpointSlice controller writes for a derived slice (staging/src/k8s.io/endpointslice/trafficdist,
 * `preferCloseHeuristic.update`): with `trafficDistribution` PreferClose / PreferSameZone / PreferSameNode and no
 * enabled topology annotation (which takes precedence: `canUseTrafficDistribution = … && !hintsEnabled`), every
 * *ready* endpoint with a zone gets `forZones: [its zone]`, and with PreferSameNode also `forNodes: [its node]`.
 * With the annotation the controller allocates zones in proportion to each zone's allocatable CPU
 * (topologycache); that is not derived here — give the EndpointSlices with their hints.
 */
function derivedHints(
  sp: K8sService['spec'],
  annotation: { value: string } | undefined,
  ready: boolean,
  zone: string | undefined,
  nodeName: string | undefined,
): { zoneHints?: string[]; nodeHints?: string[] } {
  if (!ready || sp.trafficDistribution === undefined || hintsAnnotationEnabled(annotation)) return NO_HINTS;
  const out: { zoneHints?: string[]; nodeHints?: string[] } = {};
  if (zone !== undefined) out.zoneHints = [zone];
  if (nodeName !== undefined && sp.trafficDistribution === 'PreferSameNode') out.nodeHints = [nodeName];
  return out;
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
  /** Build the derived slices' per-Pod entries (the ports' endpoints are always built). */
  withSliceEntries: boolean,
  families: readonly IPFamily[] = ['IPv4'],
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
        const sliceEp: ModelEndpointSlice['endpoints'][number] = {
          addresses: ep.addresses,
          conditions: ep.conditions,
          nodeName,
          pod,
        };
        if (ep.zone !== undefined) sliceEp.zone = ep.zone;
        if (ep.hints) sliceEp.hints = ep.hints;
        epsOut.push(sliceEp);
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
            perPort[i]!.push(
              endpoint(
                ip,
                port,
                svcPort.protocol,
                ep.conditions.ready,
                ep.conditions.serving,
                ep.conditions.terminating,
                nodeName,
                zone,
                ep.hints && ep.hints.forZones.length > 0 ? ep.hints.forZones : undefined,
                ep.hints && ep.hints.forNodes.length > 0 ? ep.hints.forNodes : undefined,
                pod,
                ep.hostname,
                es.metadata.name,
              ),
            );
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
    const annotation = topologyAnnotation(md.annotations);
    // One derived slice per distinct port mapping (and address family), like the EndpointSlice controller.
    const byMapping = new Map<string, DerivedSlice>();
    let last: { v6: boolean; resolved: (number | undefined)[]; slice: DerivedSlice } | undefined;
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
      const hints = derivedHints(sp, annotation, ready, zone, nodeName);
      // One set of endpoints per address family of the Service (EndpointSlice controller: a slice per
      // addressType in spec.ipFamilies; the Pod's address of that family from status.podIPs, R13.2).
      for (const fam of families) {
        const ip = podAddressOf(pod, fam);
        if (ip === undefined) continue;
        const v6 = fam === 'IPv6';
        const resolved: (number | undefined)[] = [];
        for (let i = 0; i < nPorts; i++) {
          const svcPort = sp.ports[i]!;
          resolved.push(findPort(pod, svcPort.targetPort, svcPort.protocol));
        }
        // One derived slice per distinct port mapping (and address family), like the EndpointSlice controller.
        // Most Pods of a Service resolve its ports alike: reuse the previous Pod's slice without building a key.
        let slice: DerivedSlice | undefined;
        if (last && last.v6 === v6 && sameResolved(last.resolved, resolved)) slice = last.slice;
        else {
          let mapping = v6 ? '6' : '4';
          for (const port of resolved) mapping += `|${port ?? '-'}`;
          slice = byMapping.get(mapping);
          if (!slice) {
            const slicePorts: { name: string; port?: number; protocol: Protocol }[] = [];
            for (let i = 0; i < nPorts; i++) {
              const svcPort = sp.ports[i]!;
              const port = resolved[i];
              if (port !== undefined)
                slicePorts.push({ name: svcPort.name, port, protocol: svcPort.protocol });
            }
            slice = {
              name: `${md.name}-${byMapping.size === 0 ? 'derived' : `derived-${byMapping.size + 1}`}`,
              addressType: v6 ? 'IPv6' : 'IPv4',
              ports: slicePorts,
              endpoints: [],
              derived: true,
            };
            byMapping.set(mapping, slice);
          }
          last = { v6, resolved, slice };
        }
        for (let i = 0; i < nPorts; i++) {
          const port = resolved[i];
          if (port === undefined) continue; // R3.13: the Pod contributes nothing for this port
          perPort[i]!.push(
            endpoint(
              ip,
              port,
              sp.ports[i]!.protocol,
              ready,
              serving,
              terminating,
              nodeName,
              zone,
              hints.zoneHints,
              hints.nodeHints,
              pod.id,
              hostname,
              slice.name,
            ),
          );
        }
        if (!withSliceEntries) continue;
        // Keys added one by one, in the same order as before (no conditional spreads: their slow path, per Pod).
        const sliceEp: DerivedSlice['endpoints'][number] = {
          addresses: ip === pod.ip && pod.ips.length === 1 ? pod.ips : [ip],
          conditions: CONDITIONS[(ready ? 4 : 0) + (serving ? 2 : 0) + (terminating ? 1 : 0)]!,
          nodeName,
          pod: pod.id,
        };
        if (zone !== undefined) sliceEp.zone = zone;
        if (hints.zoneHints || hints.nodeHints)
          sliceEp.hints = { forZones: hints.zoneHints ?? [], forNodes: hints.nodeHints ?? [] };
        slice.endpoints.push(sliceEp);
      }
    }
    slices.push(...byMapping.values());
  }

  for (const list of perPort) if (list.length > 1) sortEndpoints(list);
  return { perPort, slices };
}

/**
 * An Endpoint with every key present (undefined when unset), built by one function: all endpoints share one object
 * shape, and 150,000 of them are built without the object-spread slow path (`{ ...hints }` in a literal).
 */
function endpoint(
  ip: string,
  port: number,
  protocol: Protocol,
  ready: boolean,
  serving: boolean,
  terminating: boolean,
  nodeName: string | undefined,
  zone: string | undefined,
  zoneHints: readonly string[] | undefined,
  nodeHints: readonly string[] | undefined,
  pod: string | undefined,
  hostname: string | undefined,
  slice: string,
): Endpoint {
  return {
    ip,
    port,
    protocol,
    ready,
    serving,
    terminating,
    nodeName,
    zone,
    zoneHints,
    nodeHints,
    pod,
    hostname,
    slice,
  };
}

/** The Pod's address of one family (status.podIPs order; podIP first), like the controller's getEndpointAddresses. */
function podAddressOf(pod: ModelPod, fam: IPFamily): string | undefined {
  const ip = pod.ip;
  if (ip !== undefined && (ip.includes(':') ? 'IPv6' : 'IPv4') === fam) return ip;
  for (const x of pod.ips) if ((x.includes(':') ? 'IPv6' : 'IPv4') === fam) return x;
  return undefined;
}

function sameResolved(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
