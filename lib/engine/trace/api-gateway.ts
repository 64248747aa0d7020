/**
 * API gateways (R9.1–R9.5): route match → authentication/authorization → rate limiting → request
 * transformation (stage prefix) → proxy. Any failure ends the trace at the gateway with an HTTP disposition.
 * In-cluster (Kong-like: proxy Pods behind a Service, proxies to endpoint IPs [IMPL]) or front (managed,
 * outside the cluster: VPC Link → a cloud LB of the cluster).
 */
import type { ModelPod } from '../model';
import type { ScenarioSpec } from '../../scenario';
import {
  type Ctx,
  type Dest,
  type Done,
  type HttpRequest,
  type PState,
  type ProxyRole,
  branch,
  finish,
  frac,
  hop,
} from './state';
import { defaultHttp, upstreamConnect } from './l7';
import { prefixMatches } from './ingress';
import { categorize } from './service-dataplane';
import { endpointPod } from './endpoints';
import { cloudLbPath } from './cloud-lb';

type ApiGw = ScenarioSpec['apiGateways'][number];
type Route = ApiGw['routes'][number];

/** Longest matching route (Kong: string prefix; managed/front: path-segment prefix), method filter. */
export function matchApiRoute(gw: ApiGw, http: HttpRequest): Route | undefined {
  let best: Route | undefined;
  for (const r of gw.routes) {
    const ok = gw.placement === 'front' ? prefixMatches(r.path, http.path) : http.path.startsWith(r.path);
    if (!ok) continue;
    if (r.methods.length > 0 && !r.methods.map((m) => m.toUpperCase()).includes(http.method.toUpperCase()))
      continue;
    if (!best || r.path.length > best.path.length) best = r;
  }
  return best;
}

interface Gate {
  status?: number;
  reason: string;
  rule: string;
  steps: string[];
}

/** Route → auth → rate limit (R9.2, R9.3, R9.4). */
function gates(ctx: Ctx, gw: ApiGw, http: HttpRequest): { route?: Route; gate: Gate } {
  const steps: string[] = [];
  const route = matchApiRoute(gw, http);
  if (!route) {
    if (gw.placement === 'front')
      return {
        gate: {
          status: 403,
          reason: `no resource of API ${gw.name} matches ${http.method} ${http.path}: Amazon API Gateway answers 403 "Missing Authentication Token" (R9.4)`,
          rule: 'R9.4',
          steps: [`route lookup ${http.method} ${http.path} → no match → 403`],
        },
      };
    return {
      gate: {
        status: 404,
        reason: `no route of ${gw.name} matches ${http.method} ${http.path}: "no Route matched with those values" → 404 (R9.3)`,
        rule: 'R9.3',
        steps: [`route lookup ${http.method} ${http.path} → no match → 404`],
      },
    };
  }
  steps.push(
    `route ${route.path}${route.methods.length ? ` [${route.methods.join(',')}]` : ''} matches ${http.method} ${http.path}`,
  );
  const auth = route.auth;
  if (auth.type !== 'none') {
    const header = (auth.header ?? (auth.type === 'key-auth' ? 'apikey' : 'authorization')).toLowerCase();
    const value = http.headers[header];
    if (value === undefined || value === '') {
      const msg =
        auth.type === 'key-auth'
          ? `"No API key found in request"`
          : auth.type === 'jwt'
            ? `"Unauthorized" (no token)`
            : `"Unauthorized" (no identity token for the authorizer)`;
      return {
        route,
        gate: {
          status: 401,
          reason: `${auth.type} on route ${route.path}: header ${header} missing → 401 ${msg}; runs before rate limiting, so no 429 (R9.2, R9.3${gw.placement === 'front' ? ', R9.4' : ''})`,
          rule: gw.placement === 'front' ? 'R9.4' : 'R9.3',
          steps: [...steps, `${auth.type}: ${header} missing → 401`],
        },
      };
    }
    if (auth.validKeys.length > 0 && !auth.validKeys.includes(value)) {
      const status = auth.type === 'authorizer' ? 403 : 401;
      return {
        route,
        gate: {
          status,
          reason: `${auth.type} on route ${route.path}: the credential in ${header} is not valid → ${status}${auth.type === 'authorizer' ? ' (the authorizer denies)' : ' (invalid credentials)'} (R9.2, ${gw.placement === 'front' ? 'R9.4' : 'R9.3'})`,
          rule: gw.placement === 'front' ? 'R9.4' : 'R9.3',
          steps: [...steps, `${auth.type}: invalid credential → ${status}`],
        },
      };
    }
    steps.push(`${auth.type}: credential accepted`);
  }
  const rl = route.rateLimit;
  if (rl) {
    const limit = rl.perSecond ?? rl.perMinute;
    const per = rl.perSecond !== undefined ? 'second' : 'minute';
    if (limit !== undefined && ctx.req.requestNumberInWindow > limit) {
      return {
        route,
        gate: {
          status: 429,
          reason: `request #${ctx.req.requestNumberInWindow} in the current ${per} exceeds the limit of ${limit}/${per}: 429 Too Many Requests at the gateway, nothing forwarded (R9.2, ${gw.placement === 'front' ? 'R9.4' : 'R9.3'})`,
          rule: gw.placement === 'front' ? 'R9.4' : 'R9.3',
          steps: [...steps, `rate limit ${limit}/${per}: request #${ctx.req.requestNumberInWindow} → 429`],
        },
      };
    }
    if (limit !== undefined)
      steps.push(`rate limit ${limit}/${per}: request #${ctx.req.requestNumberInWindow} allowed`);
  }
  return { route, gate: { reason: '', rule: 'R9.2', steps } };
}

export function handleApiGatewayInCluster(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'apigw' }>,
  port: number,
): Done[] {
  const gw = ctx.model.apiGateways.get(role.name);
  const http = defaultHttp(ctx, st, port);
  const at = `apigw/${role.name}`;
  if (!gw) return [finish(ctx, st, 'HTTP_404', `API gateway ${role.name} missing`, 'R9.2')];
  const g = gates(ctx, gw, http);
  ctx.rules.add('R9.2');
  if (g.gate.status !== undefined) {
    const s = hop(ctx, st, {
      layer: 'API Gateway',
      at,
      label: `${gw.name} (in ${proxy.id}) → ${g.gate.status}`,
      steps: [`${gw.name}: ${http.method} ${http.host}${http.path}`, ...g.gate.steps],
      rule: g.gate.rule,
    });
    return [finish(ctx, s, `HTTP_${g.gate.status}`, g.gate.reason, g.gate.rule)];
  }
  const route = g.route!;
  if (!route.backend) {
    const s = hop(ctx, st, {
      layer: 'API Gateway',
      at,
      label: `${gw.name}: route has no upstream`,
      steps: [...g.gate.steps, 'no upstream service → 503'],
      rule: 'R9.2',
    });
    return [
      finish(ctx, s, 'HTTP_503', `route ${route.path} of ${gw.name} has no upstream Service: 503`, 'R9.2'),
    ];
  }
  const svc = ctx.model.services.get(route.backend.service);
  const sport = svc?.ports.find((p) => p.port === route.backend!.port);
  const eps = sport ? categorize(sport, undefined).cluster.filter((e) => e.ready) : [];
  if (!svc || !sport || eps.length === 0) {
    const s = hop(ctx, st, {
      layer: 'API Gateway',
      at,
      label: `${gw.name}: upstream unavailable`,
      steps: [...g.gate.steps, 'no healthy upstream target → 503'],
      rule: 'R9.2',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_503',
        `${route.backend.service}:${route.backend.port} ${!svc ? 'does not exist' : !sport ? 'has no such port' : 'has no ready endpoints'}: the gateway answers 503 ("failure to get a peer from the ring-balancer")`,
        'R9.2',
      ),
    ];
  }
  const s0 = hop(ctx, st, {
    layer: 'API Gateway',
    at,
    label: `${gw.name} route ${route.path} → ${svc.id}:${sport.port}`,
    steps: [
      `${gw.name}: ${http.method} ${http.host}${http.path}`,
      ...g.gate.steps,
      `proxy to upstream targets {${eps.map((e) => `${e.ip}:${e.port}`).join(', ')}} (endpoint IPs, not the ClusterIP) [IMPL]`,
    ],
    rule: 'R9.2',
  });
  const out: Done[] = [];
  for (const e of eps) {
    const p = endpointPod(ctx, e);
    const b = branch(
      s0,
      1 / eps.length,
      `upstream target ${p ? p.name : e.ip} (${frac(eps.length)} of ${eps.length}, gateway load balancing)`,
    );
    out.push(...upstreamConnect(ctx, { ...b, http }, proxy, { ip: e.ip, port: e.port, proto: 'TCP' }, svc));
  }
  return out;
}

/** The client talks to a managed API gateway in front of the cluster (R9.1, R9.4, R9.5). */
export function handleApiGatewayFront(ctx: Ctx, st0: PState, gw: ApiGw, http: HttpRequest): Done[] {
  const at = `apigw/${gw.name}`;
  const g = gates(ctx, gw, http);
  ctx.rules.add('R9.1');
  ctx.rules.add('R9.2');
  if (g.gate.status !== undefined) {
    const s = hop(ctx, st0, {
      layer: 'API Gateway',
      at,
      label: `${gw.name} (managed, outside the cluster) → ${g.gate.status}`,
      steps: [`${gw.name}: ${http.method} ${http.host}${http.path}`, ...g.gate.steps],
      rule: g.gate.rule,
    });
    return [finish(ctx, s, `HTTP_${g.gate.status}`, g.gate.reason, g.gate.rule)];
  }
  // R9.5: a stage prefix in the forwarded path, as this gateway is configured (stagePrefix, not stripped). AWS
  // documents the stage name in the forwarded path for HTTP API private integrations with a named stage; a REST API
  // forwards the path its integration URI names, so there the prefix reaches the backend only when that URI has it.
  const prefix = gw.stagePrefix && !gw.stripStagePrefix ? gw.stagePrefix.replace(/\/$/, '') : '';
  const fwdPath = `${prefix}${http.path}`;
  const fwd: HttpRequest = { ...http, path: fwdPath, scheme: 'http', port: 80 };
  const lbId = gw.vpcLink?.loadBalancer;
  const svc = lbId ? ctx.model.services.get(lbId) : undefined;
  const steps = [
    `${gw.name}: ${http.method} ${http.host}${http.path}`,
    ...g.gate.steps,
    prefix
      ? `the integration forwards ${fwdPath}: the stage prefix ${prefix} is kept and no path override removes it (AWS documents this for HTTP API private integrations with a named stage; a REST API forwards the path its integration URI names, here one that carries ${prefix}) (R9.5)`
      : `backend path ${fwdPath}`,
  ];
  if (!svc) {
    const s = hop(ctx, st0, {
      layer: 'API Gateway',
      at,
      label: `${gw.name}: integration target missing`,
      steps: [...steps, `VPC Link target ${lbId ?? '(none)'} not found → 500`],
      rule: 'R9.1',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_500',
        `${gw.name}'s private integration points at ${lbId ?? 'nothing'}, which is not a Service in the cluster: 500`,
        'R9.1',
      ),
    ];
  }
  // The VPC Link reaches the load balancer at its VPC addresses. An NLB's status shows only a hostname; its
  // private IPs come from the scenario's cloudLoadBalancers entry. The Service's ClusterIP is not the LB's
  // address: it exists only as kube-proxy rules inside the cluster (R3.1, R5.1).
  const statusIP = svc.loadBalancerIngress.find((i) => i.ip)?.ip;
  const host = svc.loadBalancerIngress.find((i) => i.hostname)?.hostname;
  const privateIP = ctx.model.cloudLoadBalancers.get(svc.id)?.privateIPs[0];
  const lbIP = statusIP ?? privateIP ?? host ?? 'unprovisioned-lb';
  const lbText = statusIP
    ? statusIP
    : `${host ?? 'no status.loadBalancer.ingress yet'}${privateIP ? ` = its VPC address ${privateIP}` : ''}; not ${svc.clusterIP ?? 'the ClusterIP'}, the Service's ClusterIP, which only kube-proxy rules inside the cluster know`;
  const sport = svc.ports.find((p) => p.port === 80) ?? svc.ports[0];
  let s = hop(ctx, st0, {
    layer: 'API Gateway',
    at,
    label: `${gw.name} → VPC Link → ${svc.id}`,
    steps: [
      ...steps,
      `private integration via VPC Link → load balancer of ${svc.id} (${lbText}) port ${sport?.port ?? 80}, new connection from the VPC Link (R9.1, R9.4)`,
    ],
    rule: 'R9.1',
  });
  s = {
    ...s,
    srcPod: undefined,
    pkt: { src: 'vpc-link', srcPort: 'ephemeral', dst: lbIP, dstPort: sport?.port ?? 80, protocol: 'TCP' },
    preNatSrc: 'vpc-link',
    http: fwd,
    l7: s.l7 + 1,
  };
  const dst: Dest = { ip: lbIP, port: sport?.port ?? 80, proto: 'TCP' };
  return cloudLbPath(ctx, s, svc, dst, { clientIP: 'vpc-link' });
}
