/** Gateway API: Gateways, HTTPRoutes, GRPCRoutes and TLSRoutes (by parent Gateway, in R8.2 tie-break order). */
import type { ScenarioInput } from '../../scenario';
import type { ModelGateway, ModelGRPCRoute, ModelHTTPRoute, ModelNamespace, ModelTLSRoute } from '../model';
import { cmpStr, NS_NAME_LABEL } from './common';
import { matchesLabelSelector } from './selectors';

type Listener = ModelGateway['listeners'][number];
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute';

/**
 * The Route kinds a listener protocol supports when `allowedRoutes.kinds` is empty (apis/v1/gateway_types.go
 * `AllowedRoutes.Kinds`, ListenerStatus.SupportedKinds): HTTP and HTTPS carry HTTPRoute and GRPCRoute; TLS carries
 * TLSRoute (Passthrough is Core, Terminate Extended). A listener's explicit kinds must also be supported by its
 * protocol (conformance TLSRouteInvalidNoMatchingListener: a TLSRoute never attaches to an HTTP/HTTPS listener).
 */
function protocolSupports(l: Listener, kind: RouteKind): boolean {
  if (kind === 'TLSRoute') return l.protocol === 'TLS';
  return l.protocol === 'HTTP' || l.protocol === 'HTTPS';
}

/**
 * Gateway API `allowedRoutes` (spec: GatewaySpec listeners, "AllowedRoutes"): may a Route of `kind` in `routeNs`
 * attach to listener `l` of a Gateway in `gwNs`? Namespaces: Same (default) | All | Selector on the Route
 * namespace's labels; kinds: when empty, the kinds the listener protocol supports.
 */
export function listenerAllowsRoute(
  l: Listener,
  kind: RouteKind,
  gwNs: string,
  routeNs: string,
  namespaces: ReadonlyMap<string, ModelNamespace>,
): boolean {
  const ar = l.allowedRoutes;
  if (!protocolSupports(l, kind)) return false;
  const kindOk = ar.kinds.length === 0 || ar.kinds.some((k) => k.kind === kind && k.group === GATEWAY_GROUP);
  if (!kindOk) return false;
  const from = ar.namespaces.from;
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gwNs;
  const sel = 'selector' in ar.namespaces ? ar.namespaces.selector : undefined;
  if (!sel) return false;
  const labels = namespaces.get(routeNs)?.labels ?? { [NS_NAME_LABEL]: routeNs };
  return matchesLabelSelector(labels, sel);
}

/**
 * Gateway API ReferenceGrant (apis/v1/referencegrant_types.go; conformance HTTPRouteReferenceGrant,
 * HTTPRouteInvalidReferenceGrant, HTTPRoutePartiallyInvalidViaInvalidReferenceGrant): a reference from an object
 * of `from` (group, kind, namespace) to `to` (group, kind, name) in another namespace is permitted iff some
 * ReferenceGrant **in the target's namespace** has a `from` entry equal to the referrer's group, kind and
 * namespace and a `to` entry equal to the target's group and kind whose `name` is unset (all of that kind) or the
 * target's name. Entries are ORed; nothing else (labels, wildcards) widens a grant. An empty group is core.
 * A same-namespace reference needs no grant; Route-to-Gateway attachment never uses one (it is `allowedRoutes`).
 */
export function referenceGrantAllows(
  grants: ScenarioInput['referenceGrants'],
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; namespace: string; name: string },
): boolean {
  if (from.namespace === to.namespace) return true;
  return grants.some(
    (g) =>
      g.metadata.namespace === to.namespace &&
      g.spec.from.some(
        (f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace,
      ) &&
      g.spec.to.some(
        (t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name),
      ),
  );
}

export function buildGateways(
  input: ScenarioInput,
  implyNs: (ns: string) => void,
  namespaces: ReadonlyMap<string, ModelNamespace>,
) {
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
  type AnyRaw =
    | ScenarioInput['httpRoutes'][number]
    | ScenarioInput['grpcRoutes'][number]
    | ScenarioInput['tlsRoutes'][number];
  /**
   * Attachment (route status Accepted): a Gateway parentRef is kept once per listener it names (sectionName, port)
   * that allows this Route kind; a ref no listener allows is dropped (Accepted=False, NotAllowedByListeners).
   * ReferenceGrant: a cross-namespace Service backendRef is permitted only by a grant in the Service's namespace.
   */
  function attach(raw: AnyRaw, kind: RouteKind) {
    const parentRefs: ModelHTTPRoute['parentRefs'] = [];
    for (const ref of raw.spec.parentRefs) {
      const gw =
        ref.kind === 'Gateway' && (ref.group === undefined || ref.group === GATEWAY_GROUP)
          ? gateways.get(`${ref.namespace ?? raw.metadata.namespace}/${ref.name}`)
          : undefined;
      if (!gw) {
        parentRefs.push(ref);
        continue;
      }
      for (const l of gw.listeners) {
        if (ref.sectionName !== undefined && ref.sectionName !== l.name) continue;
        if (ref.port !== undefined && ref.port !== l.port) continue;
        if (listenerAllowsRoute(l, kind, gw.namespace, raw.metadata.namespace, namespaces))
          parentRefs.push({ ...ref, namespace: gw.namespace, sectionName: l.name });
      }
    }
    const routeNs = raw.metadata.namespace;
    const permittedCrossNamespaceRefs = new Set<string>();
    for (const rule of raw.spec.rules)
      for (const b of rule.backendRefs) {
        const ns = b.namespace ?? routeNs;
        if (ns === routeNs) continue;
        const group = b.group === 'core' ? '' : b.group;
        if (
          referenceGrantAllows(
            input.referenceGrants,
            { group: GATEWAY_GROUP, kind, namespace: routeNs },
            { group, kind: b.kind, namespace: ns, name: b.name },
          )
        )
          permittedCrossNamespaceRefs.add(`${ns}/${b.name}`);
      }
    const parents = new Set<string>();
    for (const ref of parentRefs) {
      if (ref.kind !== 'Gateway' || (ref.group !== undefined && ref.group !== GATEWAY_GROUP)) continue;
      parents.add(`${ref.namespace ?? routeNs}/${ref.name}`);
    }
    return {
      base: {
        id: `${raw.metadata.namespace}/${raw.metadata.name}`,
        namespace: raw.metadata.namespace,
        name: raw.metadata.name,
        hostnames: raw.spec.hostnames.map((h) => h.toLowerCase()),
        /** Accepted parentRefs only, one per allowing listener (see above); `raw` keeps what was written. */
        parentRefs,
        permittedCrossNamespaceRefs,
        creationTimestamp: raw.metadata.creationTimestamp || undefined,
      },
      parents,
    };
  }
  function index<R extends { id: string; creationTimestamp?: string }>(
    byGateway: Map<string, R[]>,
    r: R,
    parents: Set<string>,
  ) {
    for (const gid of parents) {
      const a = byGateway.get(gid);
      if (a) a.push(r);
      else byGateway.set(gid, [r]);
    }
  }
  const httpRoutes = new Map<string, ModelHTTPRoute>();
  const httpRoutesByGateway = new Map<string, ModelHTTPRoute[]>();
  for (const raw of input.httpRoutes) {
    const { base, parents } = attach(raw, 'HTTPRoute');
    const r: ModelHTTPRoute = { ...base, rules: raw.spec.rules, raw };
    httpRoutes.set(r.id, r);
    implyNs(r.namespace);
    index(httpRoutesByGateway, r, parents);
  }
  const grpcRoutes = new Map<string, ModelGRPCRoute>();
  const grpcRoutesByGateway = new Map<string, ModelGRPCRoute[]>();
  for (const raw of input.grpcRoutes) {
    const { base, parents } = attach(raw, 'GRPCRoute');
    const r: ModelGRPCRoute = { ...base, rules: raw.spec.rules, raw };
    grpcRoutes.set(r.id, r);
    implyNs(r.namespace);
    index(grpcRoutesByGateway, r, parents);
  }
  const tlsRoutes = new Map<string, ModelTLSRoute>();
  const tlsRoutesByGateway = new Map<string, ModelTLSRoute[]>();
  for (const raw of input.tlsRoutes) {
    const { base, parents } = attach(raw, 'TLSRoute');
    const r: ModelTLSRoute = { ...base, rules: raw.spec.rules, raw };
    tlsRoutes.set(r.id, r);
    implyNs(r.namespace);
    index(tlsRoutesByGateway, r, parents);
  }
  // Tie-break order (R8.2; GRPCRoute and TLSRoute the same): oldest Route first, then namespace/name.
  for (const m of [httpRoutesByGateway, grpcRoutesByGateway, tlsRoutesByGateway] as Map<
    string,
    { id: string; creationTimestamp?: string }[]
  >[])
    for (const list of m.values())
      list.sort((a, b) => cmpStr(a.creationTimestamp ?? '', b.creationTimestamp ?? '') || cmpStr(a.id, b.id));

  return {
    gateways,
    httpRoutes,
    httpRoutesByGateway,
    grpcRoutes,
    grpcRoutesByGateway,
    tlsRoutes,
    tlsRoutesByGateway,
  };
}
