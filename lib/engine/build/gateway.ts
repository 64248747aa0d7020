/** Gateway API: Gateways and HTTPRoutes (by parent Gateway, in R8.2 tie-break order). */
import type { ScenarioInput } from '../../scenario';
import type { ModelGateway, ModelHTTPRoute } from '../model';
import { cmpStr } from './common';

export function buildGateways(input: ScenarioInput, implyNs: (ns: string) => void) {
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

  return { gateways, httpRoutes, httpRoutesByGateway };
}
