/**
 * L7 proxies inside the cluster (reference §A5): ingress controllers (R7), Gateway API data planes (R8) and
 * in-cluster API gateways (R9). Each terminates the client's connection at its Pod and opens a new one whose
 * source is the proxy Pod (new connect flow).
 */
import type { ModelPod, ModelService } from '../model';
import { type Ctx, type Dest, type Done, type HttpRequest, type PState, type ProxyRole, hop } from './state';

export const MAX_L7_DEPTH = 4;

export function proxyRoles(ctx: Ctx): Map<string, ProxyRole> {
  if (ctx.proxyRoles) return ctx.proxyRoles;
  const roles = new Map<string, ProxyRole>();
  for (const [cls, ic] of ctx.model.ingressControllers) {
    const prev = roles.get(ic.service);
    if (prev && prev.kind === 'ingress') prev.classes.push(cls);
    else
      roles.set(ic.service, {
        kind: 'ingress',
        service: ic.service,
        classes: [cls],
        upstream: ic.upstream,
        implementation: ic.implementation,
      });
  }
  for (const [gw, gi] of ctx.model.gatewayImplementations) {
    if (!roles.has(gi.service))
      roles.set(gi.service, {
        kind: 'gateway',
        service: gi.service,
        gateway: gw,
        upstream: gi.upstream,
        hostnamePrecedenceFirst: gi.hostnamePrecedenceFirst,
      });
  }
  for (const [name, ag] of ctx.model.apiGateways) {
    if (ag.placement === 'in-cluster' && ag.service && !roles.has(ag.service))
      roles.set(ag.service, { kind: 'apigw', service: ag.service, name });
  }
  ctx.proxyRoles = roles;
  return roles;
}

/** Is `pod` an L7 proxy for this connection? (reached through the proxy's Service, or one of its endpoints) */
export function proxyRoleForPod(ctx: Ctx, st: PState, pod: ModelPod): ProxyRole | undefined {
  const roles = proxyRoles(ctx);
  if (roles.size === 0) return undefined;
  if (st.viaService) {
    const r = roles.get(st.viaService);
    if (r) return r;
  }
  if (pod.ip === undefined) return undefined;
  for (const r of roles.values()) {
    const svc = ctx.model.services.get(r.service);
    if (svc && svc.ports.some((p) => p.endpoints.some((e) => e.ip === pod.ip))) return r;
  }
  return undefined;
}

/**
 * The HTTP view of the current leg. Without one from the request (a raw packet), the Host is the address the
 * client dialled — never the packet's current, post-DNAT destination.
 */
export function defaultHttp(ctx: Ctx, st: PState, port: number): HttpRequest {
  const dialled = ctx.req.packet?.dst ?? (ctx.req.to && 'ip' in ctx.req.to ? ctx.req.to.ip : undefined);
  return (
    st.http ?? {
      scheme: port === 443 ? 'https' : 'http',
      host: dialled ?? st.pkt.dst,
      port,
      path: '/',
      query: {},
      method: 'GET',
      headers: {},
    }
  );
}

/**
 * The proxy opens a new connection to an upstream (endpoint IP:port, or a ClusterIP when it uses the Service).
 * `logicalService` adds the optional logical Service hop (§A3 ordering rule 2) when the proxy sends to endpoints.
 */
export function upstreamConnect(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  target: Dest,
  logicalService?: ModelService,
): Done[] {
  // A new connection: no Service translated it yet.
  let s: PState = {
    ...st,
    viaService: undefined,
    pkt: {
      src: proxy.ip ?? st.pkt.dst,
      srcPort: 'ephemeral',
      dst: target.ip,
      ...(target.port !== undefined ? { dstPort: target.port } : {}),
      protocol: 'TCP',
    },
    preNatSrc: proxy.ip ?? st.pkt.dst,
    // Nor SNATed it: a NodePort SNAT of the client's leg on some node says nothing about this connection, whose
    // source is the proxy Pod (R7.11) wherever a NetworkPolicy looks at it (R10.6).
    nodeSnat: undefined,
    srcPod: proxy,
    l7: st.l7 + 1,
  };
  if (logicalService)
    s = hop(ctx, s, {
      layer: 'Service',
      at: `service/${logicalService.id}`,
      label: `Service ${logicalService.id} (logical: the proxy read its EndpointSlices)`,
      steps: [
        `upstream endpoints of ${logicalService.id} taken from its EndpointSlices; no ClusterIP, no kube-proxy on this leg (R7.8)`,
      ],
      rule: 'R7.8',
      optional: true,
    });
  return ctx.flow.connect(ctx, s, { kind: 'pod', pod: proxy, emitPrefix: false }, target);
}
