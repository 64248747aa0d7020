/**
 * The indexed, read-only cluster model that the trace engine walks (built by `buildModel`).
 *
 * Design: every lookup the trace engine needs is a Map access (engine-plan.md performance targets), never a
 * scan of all Pods/Services/Ingresses. Ids follow the hop object references of types.ts:
 * Pods/Services/Ingresses are `namespace/name`, nodes are `name`.
 *
 * All collections are built once and must be treated as immutable (typed `Readonly*`).
 *
 * Endpoints are built with the model: `ModelServicePort.endpoints` are derived for every Service in buildModel (the
 * EndpointSlice index), so a trace only reads them and costs the same on a small cluster and at the limits (issue 17
 * item 5). Laziness remains for what no trace reads on its way — `ModelService.slices` when derived (display, headless
 * DNS) and `LabelPostings.all`: prototype getters that compute on first access and cache (deterministically, from
 * the input only) — eager for 150,000 Pods was most of buildModel's time and memory. `ModelPod.containers/ports/
 * listeners` are getters computed on each read and not cached (a cache per Pod reached by traces grew the old
 * generation with the cluster, ADR 027); a trace reads `listenersOn`. Read them as properties; do not spread these
 * objects (`{...pod}` would drop the getters).
 */
import type {
  K8sGateway,
  K8sGRPCRoute,
  K8sHTTPRoute,
  K8sTLSRoute,
  K8sIngress,
  K8sIngressBackend,
  K8sNetworkPolicy,
  K8sPod,
  K8sService,
  LabelSelector,
  Protocol,
  ScenarioDoc,
  ScenarioRequest,
  ScenarioSpec,
  K8sPeerAuthentication,
} from '../scenario';
import type { Cidr, IPFamily, IPFamilyPolicy } from '../scenario';

export type { Protocol } from '../scenario';

/** Label index postings of one label key inside one namespace. */
export interface LabelPostings {
  /** Pods having the key (any value): for `Exists`. */
  all: readonly string[];
  /** value → Pods with key=value. */
  byValue: ReadonlyMap<string, readonly string[]>;
}

/** A Kubernetes Node. */
export interface ModelNode {
  name: string;
  labels: Readonly<Record<string, string>>;
  /** `topology.kubernetes.io/zone` label, if any. */
  zone?: string;
  /** First InternalIP (the node's address on the underlay). */
  internalIP?: string;
  /** First ExternalIP, if any. */
  externalIP?: string;
  /** All InternalIP/ExternalIP addresses (NodePorts listen on all of them unless nodePortAddresses restricts, R4.1). */
  addresses: readonly string[];
  /** The node's Pod CIDR: spec.podCIDR, else derived from its Pods' IPs (/24 for IPv4, the kube-controller-manager default mask). */
  podCIDR?: string;
  podCIDRSource: 'spec' | 'pods' | 'none';
  /** `podCIDR` parsed (set with it; a hop tests addresses against it without parsing the text again). */
  podCidr?: Cidr;
  /** spec.podCIDRs (a dual-stack node has one per family, R13.2); [podCIDR] when only that is known. */
  podCIDRs: readonly string[];
  /**
   * IPv4 only, derived from podCIDR like C1 (§C): the bridge (cni0) address = first host of the Pod CIDR
   * (10.244.1.1), the tunnel device (flannel.1) address = the network address (10.244.1.0). Built once per node;
   * the CNI hops read them (trace/cni.ts bridgeIP, tunnelIP).
   */
  bridgeIP?: string;
  tunnelIP?: string;
  /** Ids of Pods scheduled on this node (sorted). */
  pods: readonly string[];
}

/** A container port as declared in the Pod spec. */
export interface DeclaredPort {
  container: string;
  name?: string;
  containerPort: number;
  protocol: Protocol;
  hostPort?: number;
  hostIP?: string;
}

/** A socket a process in the Pod's network namespace listens on (R1.4, R1.5). */
export interface Listener {
  /** Container that owns the socket. */
  container: string;
  /** Bind address: "0.0.0.0" (all IPv4), "::" (all), "127.0.0.1", or a specific IP. */
  address: string;
  port: number;
  protocol: Protocol;
  /** "declared": from a containerPort of a started container; "scenario": from spec.listeners. */
  source: 'declared' | 'scenario';
}

export interface ModelContainer {
  name: string;
  /** app = spec.containers; init = regular init container; sidecar = init container with restartPolicy Always (R1.7). */
  kind: 'app' | 'init' | 'sidecar';
  ports: readonly DeclaredPort[];
  /** The process is running (app/sidecar: started; regular init: only while its status says running). */
  running: boolean;
  ready: boolean;
}

/** A Pod. */
export interface ModelPod {
  /** `namespace/name`. */
  id: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  nodeName?: string;
  /** Primary IP (status.podIP; for hostNetwork Pods without one, the node's InternalIP, R1.6). Undefined = no IP (Pending). */
  ip?: string;
  /** All IPs (status.podIPs ∪ podIP). */
  ips: readonly string[];
  /** Whether `ip` is one of `ips` (the trace path's check: allocates nothing). */
  hasIP(ip: string): boolean;
  hostNetwork: boolean;
  hostname?: string;
  subdomain?: string;
  dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** Pod Ready condition (R1.8, R3.8). */
  ready: boolean;
  /** metadata.deletionTimestamp is set. */
  terminating: boolean;
  /** App containers, then init containers (sidecars included), in spec order. */
  containers: readonly ModelContainer[];
  /** Every declared port (app containers and sidecars first, then regular init containers). */
  ports: readonly DeclaredPort[];
  /** Sockets listening in the Pod's netns after applying the Scenario `listeners` overrides, sorted by port. */
  listeners: readonly Listener[];
  /** `listeners` on one port and protocol, same order (the trace path's lookup: builds no namespace). */
  listenersOn(port: number, protocol: Protocol): readonly Listener[];
  /** Whether an app or init container is called `name` (the trace path's check: builds nothing). */
  hasContainer(name: string): boolean;
  /** The validated object as written. */
  raw: K8sPod;
}

/** One endpoint of one Service port (an EndpointSlice entry resolved to a port). */
export interface Endpoint {
  ip: string;
  /** Resolved target port (R3.13: per Pod for named ports). */
  port: number;
  protocol: Protocol;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  zone?: string;
  /**
   * EndpointSlice `hints.forZones` / `hints.forNodes` (given, or set the way the EndpointSlice controller's
   * trafficDistribution heuristic sets them); undefined or empty = no hint. kube-proxy filters on them (R3.8).
   */
  zoneHints?: readonly string[];
  nodeHints?: readonly string[];
  /** Pod id when the endpoint is a Pod (derived, or explicit targetRef / IP match). */
  pod?: string;
  /** For headless DNS (R6.1): the Pod's hostname when its subdomain is this Service. */
  hostname?: string;
  /** Name of the (given or derived) EndpointSlice holding it. */
  slice: string;
}

/** A derived or given EndpointSlice (for display: `kubectl get endpointslices`). */
export interface ModelEndpointSlice {
  name: string;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  ports: readonly { name: string; port?: number; protocol: Protocol }[];
  endpoints: readonly {
    addresses: readonly string[];
    conditions: { ready: boolean; serving: boolean; terminating: boolean };
    nodeName?: string;
    pod?: string;
    zone?: string;
    /** `hints` as the API server holds them (given, or set by the trafficDistribution heuristic). */
    hints?: { forZones: readonly string[]; forNodes: readonly string[] };
  }[];
  derived: boolean;
}

export interface ModelServicePort {
  /** "" for an unnamed single port. */
  name: string;
  port: number;
  protocol: Protocol;
  targetPort: number | string;
  nodePort?: number;
  appProtocol?: string;
  /** All endpoints of this port (ready or not), sorted by IP then port. Use eligibleEndpoints for R3.8. */
  endpoints: readonly Endpoint[];
}

export interface ModelService {
  id: string;
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** The VIP; undefined for headless and ExternalName Services. */
  clusterIP?: string;
  /** Every ClusterIP, primary first (clusterIPs; one per family of a dual-stack Service, R13.1). Empty when headless. */
  clusterIPs: readonly string[];
  /** `spec.ipFamilies` as the API server defaults them (R13.1); empty for ExternalName. */
  ipFamilies: readonly IPFamily[];
  ipFamilyPolicy?: IPFamilyPolicy;
  headless: boolean;
  /** Undefined = selector-less Service (R6.3). */
  selector?: Readonly<Record<string, string>>;
  ports: readonly ModelServicePort[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  internalTrafficPolicy: 'Cluster' | 'Local';
  sessionAffinity: 'None' | 'ClientIP';
  /** R3.10 default 10800. */
  affinityTimeoutSeconds: number;
  /** Only set for type LoadBalancer with externalTrafficPolicy Local (otherwise kube-proxy ignores it, R5.4). */
  healthCheckNodePort?: number;
  loadBalancerSourceRanges: readonly string[];
  loadBalancerIngress: readonly { ip?: string; hostname?: string; ipMode: 'VIP' | 'Proxy' }[];
  externalIPs: readonly string[];
  externalName?: string;
  publishNotReadyAddresses: boolean;
  allocateLoadBalancerNodePorts: boolean;
  /** `spec.trafficDistribution`, if set. */
  trafficDistribution?: 'PreferClose' | 'PreferSameZone' | 'PreferSameNode';
  /**
   * The topology annotation that enables the EndpointSlice controller's hints (`service.kubernetes.io/topology-mode`,
   * or the deprecated `service.kubernetes.io/topology-aware-hints`, which wins when both are set), with its value.
   */
  topologyAnnotation?: { key: string; value: string };
  /** Where endpoints came from: derived from the selector, given as EndpointSlices, or none. */
  endpointsSource: 'derived' | 'explicit' | 'none';
  slices: readonly ModelEndpointSlice[];
  raw: K8sService;
}

/** A Service port addressed by an index key. */
export interface ServicePortRef {
  service: ModelService;
  port: ModelServicePort;
}

export interface ModelIngressPath {
  /** Path as written; "/" when omitted. */
  path: string;
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  backend: K8sIngressBackend;
}

/** One `spec.rules[i]` of an Ingress. */
export interface ModelIngressRule {
  ingress: ModelIngress;
  index: number;
  /** Lower-cased host; undefined = applies to every host (R7.2). */
  host?: string;
  paths: readonly ModelIngressPath[];
}

export interface ModelIngress {
  id: string;
  namespace: string;
  name: string;
  /** Resolved class: spec.ingressClassName, else the legacy annotation, else the default IngressClass (undefined if none). */
  className?: string;
  annotations: Readonly<Record<string, string>>;
  defaultBackend?: K8sIngressBackend;
  /** Lower-cased hosts with TLS (R7.7). */
  tlsHosts: readonly string[];
  rules: readonly ModelIngressRule[];
  /** creationTimestamp if given (tie-breaks). */
  creationTimestamp?: string;
  raw: K8sIngress;
}

/** Ingress rules of one class, indexed by host (R7.2): exact, single-label wildcard suffix, host-less. */
export interface IngressHostIndex {
  /** host → rules (file order). */
  exact: ReadonlyMap<string, readonly ModelIngressRule[]>;
  /** suffix after "*" (e.g. ".foo.com") → rules. Lookup: strip the first label of the Host. */
  wildcard: ReadonlyMap<string, readonly ModelIngressRule[]>;
  hostless: readonly ModelIngressRule[];
  /** Ingresses of this class with spec.defaultBackend (R7.6), file order. */
  defaultBackends: readonly ModelIngress[];
  /** Lower-cased host → Ingresses with that host in spec.tls. */
  tlsHosts: ReadonlyMap<string, readonly ModelIngress[]>;
  /** Hosts where some Ingress of the class sets use-regex or rewrite-target (R7.4 regex mode). */
  regexHosts: ReadonlySet<string>;
}

export interface ModelIngressClass {
  name: string;
  controller: string;
  isDefault: boolean;
}

export interface ModelNetworkPolicy {
  id: string;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  policyTypes: readonly ('Ingress' | 'Egress')[];
  ingress: K8sNetworkPolicy['spec']['ingress'];
  egress: K8sNetworkPolicy['spec']['egress'];
  raw: K8sNetworkPolicy;
}

export interface ModelGateway {
  id: string;
  namespace: string;
  name: string;
  gatewayClassName: string;
  listeners: K8sGateway['spec']['listeners'];
  addresses: readonly string[];
  raw: K8sGateway;
}

export interface ModelHTTPRoute {
  id: string;
  namespace: string;
  name: string;
  /** Lower-cased. Empty = all hostnames of the listener. */
  hostnames: readonly string[];
  parentRefs: K8sHTTPRoute['spec']['parentRefs'];
  rules: K8sHTTPRoute['spec']['rules'];
  /**
   * `namespace/name` of the Services in other namespaces this Route may send to: a ReferenceGrant in that
   * namespace allows HTTPRoutes from this Route's namespace (Gateway API; otherwise ResolvedRefs=False,
   * RefNotPermitted, and the backend is invalid).
   */
  permittedCrossNamespaceRefs: ReadonlySet<string>;
  creationTimestamp?: string;
  raw: K8sHTTPRoute;
}

/** A GRPCRoute (gateway.networking.k8s.io/v1), attached like an HTTPRoute. */
export interface ModelGRPCRoute {
  id: string;
  namespace: string;
  name: string;
  /** Lower-cased. Empty = all hostnames of the listener. */
  hostnames: readonly string[];
  /** Accepted parentRefs, one per allowing listener. */
  parentRefs: K8sGRPCRoute['spec']['parentRefs'];
  rules: K8sGRPCRoute['spec']['rules'];
  permittedCrossNamespaceRefs: ReadonlySet<string>;
  creationTimestamp?: string;
  raw: K8sGRPCRoute;
}

/** A TLSRoute: attaches only to listeners with protocol TLS; routes on the SNI. */
export interface ModelTLSRoute {
  id: string;
  namespace: string;
  name: string;
  /** Lower-cased SNI hostnames. */
  hostnames: readonly string[];
  parentRefs: K8sTLSRoute['spec']['parentRefs'];
  rules: K8sTLSRoute['spec']['rules'];
  permittedCrossNamespaceRefs: ReadonlySet<string>;
  creationTimestamp?: string;
  raw: K8sTLSRoute;
}

/** Headless-Service DNS record (R6.1). */
export interface HeadlessRecord {
  /** Pod IPs answered (ready ones, or all with publishNotReadyAddresses). */
  ips: readonly string[];
  service: string;
  /** Set for `<hostname>.<svc>.<ns>.svc.<domain>` records. */
  pod?: string;
}

export interface ModelExternalHost {
  name: string;
  ip: string;
  listens: readonly { port: number; protocol: Protocol }[];
}

export interface ModelNamespace {
  name: string;
  /** Includes the automatic `kubernetes.io/metadata.name` label (R10.4). */
  labels: Readonly<Record<string, string>>;
  /** False when the namespace is only implied by the objects in it. */
  declared: boolean;
}

/** Scenario settings with every default resolved (docs/scenario-format.md, reference §F). */
export interface ModelSettings {
  domain: string;
  podCIDR: string;
  serviceCIDR: string;
  podCidr: Cidr;
  serviceCidr: Cidr;
  /** Dual-stack (R13.1): every cluster Pod CIDR / Service CIDR, primary first (one entry on a single-stack cluster). */
  podCidrs: readonly Cidr[];
  serviceCidrs: readonly Cidr[];
  /** The families Services may use, primary first (from serviceCidrs). */
  serviceFamilies: readonly IPFamily[];
  underlay?: { cidr: string; gateway?: string };
  dnsService: string;
  /** apiserver --service-node-port-range (R4.1); default 30000-32767. */
  nodePortRange: { min: number; max: number };
  cni: {
    plugin: 'flannel' | 'calico' | 'canal' | 'cilium' | 'aws-vpc-cni';
    mode: 'vxlan' | 'host-gw' | 'bgp' | 'ipip' | 'tunnel' | 'native';
    crossSubnet: boolean;
    hairpinMode: boolean;
    masqueradeOutbound: boolean;
  };
  serviceDataplane: ScenarioSpec['cluster']['serviceDataplane'];
  networkPolicy: ScenarioSpec['cluster']['networkPolicy'];
  /** spec.cluster.mtu (R15): the nodes' NIC MTU, a hand-set Pod MTU, a narrow underlay link. */
  mtu?: NonNullable<ScenarioSpec['cluster']['mtu']>;
}

export interface ClusterModel {
  /** Scenario id (metadata.name). */
  id: string;
  file: string;
  scenario: ScenarioDoc;
  settings: ModelSettings;
  requests: readonly ScenarioRequest[];
  /** Request id → its index in `requests` (trace looks a request up without scanning them). */
  requestIndex: ReadonlyMap<string, number>;

  namespaces: ReadonlyMap<string, ModelNamespace>;

  nodes: ReadonlyMap<string, ModelNode>;
  /** Every node address (InternalIP and ExternalIP) → node. */
  nodesByIP: ReadonlyMap<string, ModelNode>;
  /** Node Pod CIDR (IPv4 network address as uint32, per prefix length) → node; query with `nodeForPodIP`. */
  nodesByPodCidr: ReadonlyMap<number, ReadonlyMap<number, ModelNode>>;
  /** Node names sorted (deterministic iteration). */
  nodeNames: readonly string[];

  pods: ReadonlyMap<string, ModelPod>;
  /** Pod-network IPs (not hostNetwork) → Pod. */
  podsByIP: ReadonlyMap<string, ModelPod>;
  /** hostNetwork Pods by node name. */
  hostNetworkPodsByNode: ReadonlyMap<string, readonly ModelPod[]>;
  /**
   * Node name → the Pods on it that declare a hostPort (file order, like the node's `pods`): what the CNI portmap
   * check reads when a packet reaches a node's own address, instead of walking every Pod of the node.
   */
  hostPortPodsByNode: ReadonlyMap<string, readonly ModelPod[]>;
  /** Namespace → pod ids (sorted). */
  podsByNamespace: ReadonlyMap<string, readonly string[]>;
  /** Namespace → label key → postings (pod ids in file order). Use `selectPods` / `selectPodsByLabelSelector`. */
  podLabelIndex: ReadonlyMap<string, ReadonlyMap<string, LabelPostings>>;

  services: ReadonlyMap<string, ModelService>;
  /** "ip|port|PROTO" → Service port (ClusterIP and every clusterIPs entry). */
  servicePortsByVip: ReadonlyMap<string, ServicePortRef>;
  /** ClusterIP → Service (to tell "wrong port on a valid ClusterIP", R3.12). */
  servicesByClusterIP: ReadonlyMap<string, ModelService>;
  /** "nodePort|PROTO" → Service port. */
  servicePortsByNodePort: ReadonlyMap<string, ServicePortRef>;
  /** healthCheckNodePort → Service (R5.4). */
  servicesByHealthCheckNodePort: ReadonlyMap<number, ModelService>;
  /** LB ingress IP or externalIP → Services using it (several may share one IP on different ports). */
  servicesByExternalIP: ReadonlyMap<
    string,
    readonly { service: ModelService; via: 'loadBalancer' | 'externalIP' }[]
  >;
  /** "ip|port|PROTO" for LB ingress IPs and externalIPs → Service port. */
  servicePortsByExternalIP: ReadonlyMap<string, ServicePortRef & { via: 'loadBalancer' | 'externalIP' }>;

  ingresses: ReadonlyMap<string, ModelIngress>;
  ingressClasses: ReadonlyMap<string, ModelIngressClass>;
  defaultIngressClass?: string;
  /** Class name → host index. Ingresses with no resolvable class are under the key "" (ignored by controllers). */
  ingressesByClass: ReadonlyMap<string, IngressHostIndex>;

  /** Namespace → policies (file order). */
  networkPoliciesByNamespace: ReadonlyMap<string, readonly ModelNetworkPolicy[]>;

  gateways: ReadonlyMap<string, ModelGateway>;
  /** Gateway id → HTTPRoutes whose parentRefs name it, ordered by (creationTimestamp, ns/name) (R8.2 tie-break). */
  httpRoutesByGateway: ReadonlyMap<string, readonly ModelHTTPRoute[]>;
  httpRoutes: ReadonlyMap<string, ModelHTTPRoute>;
  /** Gateway id → attached GRPCRoutes / TLSRoutes (oldest first, then namespace/name). */
  grpcRoutesByGateway: ReadonlyMap<string, readonly ModelGRPCRoute[]>;
  grpcRoutes: ReadonlyMap<string, ModelGRPCRoute>;
  tlsRoutesByGateway: ReadonlyMap<string, readonly ModelTLSRoute[]>;
  tlsRoutes: ReadonlyMap<string, ModelTLSRoute>;

  /** Fully-qualified lower-case name (no trailing dot) → headless record (R6.1). Includes `<svc>.<ns>.svc.<domain>` of headless Services. */
  headlessDns: ReadonlyMap<string, HeadlessRecord>;
  /**
   * Port numbers that some non-headless Service declares HTTP by Istio's protocol selection (appProtocol, else the
   * name's prefix; R14.3): a meshed client's Envoy has the shared `0.0.0.0_<port>` HTTP listener for these, and
   * routes a request to an address no Service owns by its Host header.
   */
  meshHttpPorts: ReadonlySet<number>;
  /** Public DNS: lower-case name → answer. */
  publicDns: ReadonlyMap<string, { a: readonly string[]; cname?: string }>;
  externalHostsByIP: ReadonlyMap<string, ModelExternalHost>;
  externalHostsByName: ReadonlyMap<string, ModelExternalHost>;

  /** Scenario-level objects keyed by the Service they use. */
  cloudLoadBalancers: ReadonlyMap<string, ScenarioSpec['cloudLoadBalancers'][number]>;
  /**
   * Lower-case `status.loadBalancer.ingress[].hostname` → the cloud-LB Services that publish it, with each one's
   * position in `cloudLoadBalancers` (a trace resolving that name looks it up instead of walking every cloud LB).
   */
  cloudLbsByHostname: ReadonlyMap<string, readonly { order: number; service: ModelService }[]>;
  /** IngressClass name → controller settings. */
  ingressControllers: ReadonlyMap<string, ScenarioSpec['ingressControllers'][number]>;
  /** Gateway id → implementation settings. */
  gatewayImplementations: ReadonlyMap<string, ScenarioSpec['gatewayImplementations'][number]>;
  apiGateways: ReadonlyMap<string, ScenarioSpec['apiGateways'][number]>;
  /** Istio PeerAuthentications (R14.6), in file order. */
  peerAuthentications: readonly K8sPeerAuthentication[];

  /** Configuration problems found while building (e.g. two containers binding one port, R1.3). */
  warnings: readonly string[];
}

/** Re-exported for E1b convenience. */
export type { ScenarioRequest };
