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
import type { ScenarioInput } from '../scenario';
import { parseIPv4 } from '../scenario';
import type { ClusterModel, IngressHostIndex, ModelIngressRule, ModelNode, ModelService } from './model';
import { cmpStr } from './build/common';
import { buildSettings } from './build/settings';
import { buildNamespaces } from './build/namespaces';
import { buildNodes, indexNodePodCidrs } from './build/nodes';
import { buildPods } from './build/pods';
import { buildServices } from './build/services';
import { buildIngresses } from './build/ingress';
import { buildNetworkPolicies } from './build/network-policies';
import { buildGateways } from './build/gateway';
import { buildOutside } from './build/outside';

export { vipKey, nodePortKey } from './build/common';
export { selectPods, selectPodsByLabelSelector, matchesLabelSelector } from './build/selectors';
export { eligibleEndpoints } from './build/services';

/**
 * Build the indexed cluster model. Derives EndpointSlices the way the EndpointSlice controller does (R3.8,
 * R3.13), resolves listeners (R1.4) and reports configuration errors as warnings (R1.3).
 * Throws only on broken invariants (input that parseScenario would have rejected).
 * One builder per kind (./build/); the order of the calls fixes the order of implied namespaces.
 */
export function buildModel(input: ScenarioInput): ClusterModel {
  const warnings: string[] = [];
  const spec = input.scenario.spec;
  const settings = buildSettings(input);
  const domain = settings.domain;
  const { namespaces, implyNs } = buildNamespaces(input);
  const { nodes, nodesByIP } = buildNodes(input);
  const { pods, podsByIP, hostNetworkPodsByNode, hostPortPodsByNode, podsByNamespace, podLabelIndex } =
    buildPods(input, nodes, warnings, implyNs);
  const nodesByPodCidr = indexNodePodCidrs(nodes, pods, warnings);
  const {
    services,
    servicePortsByVip,
    servicesByClusterIP,
    servicePortsByNodePort,
    servicesByHealthCheckNodePort,
    servicesByExternalIP,
    servicePortsByExternalIP,
    headlessDns,
    meshHttpPorts,
  } = buildServices(
    input,
    { pods, podLabelIndex, podsByIP },
    nodes,
    domain,
    implyNs,
    settings.serviceFamilies,
  );
  const { ingresses, ingressClasses, defaultIngressClass, ingressesByClass } = buildIngresses(
    input,
    warnings,
    implyNs,
  );
  const networkPoliciesByNamespace = buildNetworkPolicies(input, implyNs);
  const {
    gateways,
    httpRoutes,
    httpRoutesByGateway,
    grpcRoutes,
    grpcRoutesByGateway,
    tlsRoutes,
    tlsRoutesByGateway,
  } = buildGateways(input, implyNs, namespaces);
  const { publicDns, externalHostsByIP, externalHostsByName } = buildOutside(input);

  const nodeNames = [...nodes.keys()].sort(cmpStr);
  const cloudLoadBalancers = new Map(spec.cloudLoadBalancers.map((x) => [x.service, x]));
  const cloudLbsByHostname = new Map<string, { order: number; service: ModelService }[]>();
  let order = 0;
  for (const id of cloudLoadBalancers.keys()) {
    const service = services.get(id);
    if (service)
      for (const ing of service.loadBalancerIngress) {
        if (ing.hostname === undefined) continue;
        const h = ing.hostname.toLowerCase();
        const list = cloudLbsByHostname.get(h);
        if (!list) cloudLbsByHostname.set(h, [{ order, service }]);
        else if (list[list.length - 1]!.service !== service) list.push({ order, service });
      }
    order++;
  }

  return {
    id: input.scenario.metadata.name,
    file: input.file,
    scenario: input.scenario,
    settings,
    requests: spec.requests,
    requestIndex: new Map(spec.requests.map((r, i) => [r.id, i])),
    namespaces,
    nodes,
    nodesByIP,
    nodesByPodCidr,
    nodeNames,
    pods,
    podsByIP,
    hostNetworkPodsByNode,
    hostPortPodsByNode,
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
    grpcRoutesByGateway,
    grpcRoutes,
    tlsRoutesByGateway,
    tlsRoutes,
    headlessDns,
    meshHttpPorts,
    publicDns,
    externalHostsByIP,
    externalHostsByName,
    cloudLoadBalancers,
    cloudLbsByHostname,
    ingressControllers: new Map(spec.ingressControllers.map((x) => [x.class, x])),
    gatewayImplementations: new Map(spec.gatewayImplementations.map((x) => [x.gateway, x])),
    apiGateways: new Map(spec.apiGateways.map((x) => [x.name, x])),
    peerAuthentications: input.peerAuthentications,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Queries used by the trace engine
// ---------------------------------------------------------------------------------------------

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
