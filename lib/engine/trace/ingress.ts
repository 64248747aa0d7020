/**
 * Ingress (R7.1–R7.11) as implemented by ingress-nginx: server selection by Host (exact before the single-label
 * wildcard regex, then host-less rules, R7.2/R7.3), path matching (element-wise Prefix, Exact, longest wins,
 * Exact wins ties, R7.4/R7.5; regex mode when use-regex / rewrite-target is set on any Ingress of the host),
 * default backend 404 (R7.6), TLS redirect 308 (R7.7), upstream = endpoint list or Service ClusterIP (R7.8),
 * 503 without endpoints (R7.9), rate limit 503 (R7.10).
 */
import { ingressRulesForHost } from '../build-model';
import type {
  IngressHostIndex,
  ModelIngress,
  ModelIngressRule,
  ModelPod,
  ModelService,
  ModelServicePort,
} from '../model';
import { isIP, type K8sIngressBackend } from '../../scenario';
import {
  type Ctx,
  type Done,
  type IngressRoute,
  type Loc,
  type PathCandidate,
  type PState,
  type ProxyRole,
  branch,
  finish,
  frac,
  hop,
  note,
} from './state';

export type { PathCandidate } from './state';
import { defaultHttp, upstreamConnect } from './l7';
import { categorize } from './service-dataplane';
import { endpointPod } from './endpoints';

// ---------------------------------------------------------------------------------------------
// Pure matchers (unit-tested)
// ---------------------------------------------------------------------------------------------

function segments(p: string): string[] {
  return p.split('/').filter((x) => x.length > 0);
}

/** Ingress `Prefix` (R7.4): element-wise, case-sensitive, trailing slash ignored, no partial last element. */
export function prefixMatches(path: string, req: string): boolean {
  const a = segments(path);
  const b = segments(req);
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Choose the winning path for `reqPath` (R7.4, R7.5). Candidates are in precedence order for ties
 * (oldest Ingress first, then file order). Regex mode (ingress-nginx use-regex / rewrite-target on the host):
 * every path becomes a case-insensitive `^path` regex, tried longest first, first match wins.
 */
export function chooseIngressPath<T>(
  cands: readonly PathCandidate<T>[],
  reqPath: string,
  regexMode: boolean,
): PathCandidate<T> | undefined {
  if (regexMode) {
    const sorted = cands
      .map((c, i) => ({ c, i }))
      .sort(
        (x, y) =>
          y.c.path.length - x.c.path.length ||
          (x.c.pathType === 'Exact' ? 0 : 1) - (y.c.pathType === 'Exact' ? 0 : 1) ||
          x.i - y.i,
      );
    for (const { c } of sorted) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(`^${c.path}`, 'i');
      } catch {
        re = undefined;
      }
      if (re ? re.test(reqPath) : reqPath.toLowerCase().startsWith(c.path.toLowerCase())) return c;
    }
    return undefined;
  }
  let best: PathCandidate<T> | undefined;
  for (const c of cands) {
    const exact = c.pathType === 'Exact';
    const ok = exact ? reqPath === c.path : prefixMatches(c.path, reqPath);
    if (!ok) continue;
    if (!best) {
      best = c;
      continue;
    }
    if (
      c.path.length > best.path.length ||
      (c.path.length === best.path.length && exact && best.pathType !== 'Exact')
    )
      best = c;
  }
  return best;
}

/** Single-label wildcard (R7.2): `*.foo.com` matches `bar.foo.com`, not `baz.bar.foo.com` nor `foo.com`. */
export function ingressHostMatches(ruleHost: string | undefined, host: string): boolean {
  if (ruleHost === undefined || ruleHost === '') return true;
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

// ---------------------------------------------------------------------------------------------
// Controller behaviour
// ---------------------------------------------------------------------------------------------

/**
 * ingress-nginx's processing order (internal/ingress/controller/store/store.go sortIngressSlice): oldest
 * creationTimestamp first; identical timestamps ordered by "namespace/name" descending (`in > jn`).
 */
function ingressOrder(a: ModelIngress, b: ModelIngress): number {
  const ta = a.creationTimestamp ?? '';
  const tb = b.creationTimestamp ?? '';
  if (ta !== tb) return ta === '' ? 1 : tb === '' ? -1 : ta < tb ? -1 : 1;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

function resolveBackend(
  ctx: Ctx,
  ing: ModelIngress,
  be: K8sIngressBackend,
): { svc?: ModelService; port?: ModelServicePort; problem?: string } {
  if (!be.service)
    return {
      problem: `backend is a resource (${be.resource?.kind ?? '?'}/${be.resource?.name ?? '?'}), not a Service`,
    };
  const svc = ctx.model.services.get(`${ing.namespace}/${be.service.name}`);
  if (!svc) return { problem: `Service ${ing.namespace}/${be.service.name} does not exist` };
  const want = be.service.port;
  const port =
    'number' in want
      ? svc.ports.find((p) => p.port === want.number)
      : svc.ports.find((p) => p.name === want.name);
  if (!port)
    return { svc, problem: `Service ${svc.id} has no port ${'number' in want ? want.number : want.name}` };
  return { svc, port };
}

function limit(ing: ModelIngress): { per: 'second' | 'minute'; n: number; burst: number } | undefined {
  const mult = Number(ing.annotations['nginx.ingress.kubernetes.io/limit-burst-multiplier'] ?? '5') || 5;
  const rps = Number(ing.annotations['nginx.ingress.kubernetes.io/limit-rps']);
  if (rps > 0) return { per: 'second', n: rps, burst: rps * mult };
  const rpm = Number(ing.annotations['nginx.ingress.kubernetes.io/limit-rpm']);
  if (rpm > 0) return { per: 'minute', n: rpm, burst: rpm * mult };
  return undefined;
}

/**
 * The controller's routing decision for one request (R7.2–R7.6): server, location, backend. It depends only on the
 * Ingress objects of the role's classes and on the request (Host, path, scheme), never on which controller Pod
 * serves it, so it is made once per trace and shared by every controller Pod's branch (`Ctx.ingressRoute`); what a
 * branch prints about its own Pod (name, node, addresses) stays in that branch.
 */
function routeIngress(
  ctx: Ctx,
  role: Extract<ProxyRole, { kind: 'ingress' }>,
  host: string,
  path: string,
  scheme: string,
): IngressRoute {
  const prev = ctx.ingressRoute;
  if (prev && prev.role === role && prev.host === host && prev.path === path && prev.scheme === scheme)
    return prev;
  const indexes: IngressHostIndex[] = [];
  for (const c of role.classes) {
    const idx = ctx.model.ingressesByClass.get(c);
    if (idx) indexes.push(idx);
  }
  const controllerAt = `ingress/${role.service}`;
  // Server selection (R7.2, R7.3): exact host server, else the single-label wildcard server, else the default server.
  let exact: ModelIngressRule[] = [];
  let wild: ModelIngressRule[] = [];
  let hostless: ModelIngressRule[] = [];
  let regexMode = false;
  let tls = false;
  for (const idx of indexes) {
    const r = ingressRulesForHost(idx, host);
    exact = exact.concat(r.exact);
    wild = wild.concat(r.wildcard.filter((x) => ingressHostMatches(x.host, host)));
    hostless = hostless.concat(r.hostless);
    if (idx.regexHosts.has(host)) regexMode = true;
    if (idx.tlsHosts.has(host)) tls = true;
  }
  const server = exact.length > 0 ? exact : wild.length > 0 ? wild : hostless;
  const serverKind =
    exact.length > 0
      ? `server "${host}"`
      : wild.length > 0
        ? `server "${wild[0]?.host ?? '*'}" (wildcard regex ~^[\\w-]+${(wild[0]?.host ?? '').slice(1).replace(/\./g, '\\.')}$, one label)`
        : `default server "_"`;
  if (exact.length > 0 || wild.length > 0) ctx.rules.add('R7.2');
  if (exact.length > 0 && indexes.some((idx) => ingressRulesForHost(idx, host).wildcard.length > 0))
    ctx.rules.add('R7.3');
  if (server === hostless && hostless.length > 0) {
    for (const idx of indexes) if (idx.regexHosts.has('')) regexMode = true;
  }
  const sortedRules = [...server].sort((a, b) => ingressOrder(a.ingress, b.ingress));
  const cands: PathCandidate<Loc>[] = [];
  for (const rule of sortedRules)
    for (const p of rule.paths)
      cands.push({
        path: p.path,
        pathType: p.pathType === 'ImplementationSpecific' ? 'Prefix' : p.pathType,
        item: { rule, path: p },
      });
  const win = chooseIngressPath(cands, path, regexMode);
  ctx.rules.add(regexMode ? 'R7.4' : 'R7.5');

  const hostIngress = sortedRules[0]?.ingress;
  const at = win
    ? `ingress/${win.item.rule.ingress.id}`
    : hostIngress
      ? `ingress/${hostIngress.id}`
      : controllerAt;
  // R7.6, as ingress-nginx builds its servers (controller.go createServers): a host's server gets its root
  // location from the first (oldest) Ingress that defines the host — that Ingress' defaultBackend, if it has one;
  // the catch-all server "_" (unknown hosts, host-less rules) takes the defaultBackend of an Ingress with no rules
  // at all. Anything else falls to the controller's default backend: 404.
  let dbIng: ModelIngress | undefined;
  if (!win) {
    if (exact.length > 0 || wild.length > 0) {
      const owner = sortedRules[0]?.ingress;
      if (owner?.defaultBackend) dbIng = owner;
    } else {
      for (const idx of indexes)
        for (const i of idx.defaultBackends)
          if (i.rules.length === 0 && (!dbIng || ingressOrder(i, dbIng) < 0)) dbIng = i;
    }
  }
  const route: IngressRoute = {
    role,
    host,
    path,
    scheme,
    serverKind,
    regexMode,
    tls,
    cands,
    win,
    at,
    matchedIng: win?.item.rule.ingress ?? hostIngress,
    defaultBackendOf: dbIng?.defaultBackend ? dbIng : undefined,
  };
  ctx.ingressRoute = route;
  return route;
}

export function handleIngress(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'ingress' }>,
  port: number,
): Done[] {
  const http = defaultHttp(ctx, st, port);
  const host = http.host.toLowerCase();
  const route = routeIngress(ctx, role, host, http.path, http.scheme);
  const { serverKind, regexMode, tls, cands, win, at, matchedIng } = route;
  const steps = [
    `${role.implementation} in ${proxy.id}: ${http.scheme === 'https' ? (isIP(host) ? `TLS terminated (no SNI: the client dialled the IP literal ${host}, RFC 6066; the controller's default certificate)` : `TLS terminated (SNI ${host})`) : 'plain HTTP'}; ${http.method} ${http.path} Host ${host}`,
    `${serverKind}${regexMode ? ' (regex mode: use-regex/rewrite-target on this host → case-insensitive ^path, longest first)' : ''}`,
  ];
  // TLS redirect (R7.7): ingress-nginx redirects plain HTTP for a server with a certificate with 308 unless
  // ssl-redirect is "false". That default is ingress-nginx's: the Ingress API itself serves plain HTTP for a TLS host
  // (ingress-controller-conformance features/host_rules.feature), and so do controllers without that default.
  if (
    role.implementation === 'ingress-nginx' &&
    http.scheme === 'http' &&
    tls &&
    matchedIng &&
    matchedIng.annotations['nginx.ingress.kubernetes.io/ssl-redirect'] !== 'false'
  ) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: `ingress-nginx server ${host}: HTTP → HTTPS redirect`,
      steps: [
        ...steps,
        `host ${host} has TLS → 308 Permanent Redirect Location: https://${host}${http.path}`,
      ],
      rule: 'R7.7',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_308',
        `${host} has a TLS section, so ${role.implementation} redirects plain HTTP to https://${host}${http.path} with 308 (ssl-redirect, R7.7)`,
        'R7.7',
      ),
    ];
  }
  let ing: ModelIngress | undefined = win?.item.rule.ingress;
  let backend: K8sIngressBackend | undefined = win?.item.path.backend;
  let locText = win ? `location "${win.path}" (${win.pathType}) of ingress ${win.item.rule.ingress.id}` : '';
  if (!win) {
    const dbIng = route.defaultBackendOf;
    if (dbIng?.defaultBackend) {
      ing = dbIng;
      backend = dbIng.defaultBackend;
      locText = `no rule matches ${host}${http.path}: spec.defaultBackend of ingress ${dbIng.id}`;
      ctx.rules.add('R7.6');
    } else {
      const s = hop(ctx, st, {
        layer: 'Ingress',
        at,
        label: `ingress-nginx: no rule for ${host}${http.path}`,
        steps: [...steps, `no location matches ${http.path} → default backend → 404`],
        rule: 'R7.6',
      });
      return [
        finish(
          ctx,
          s,
          'HTTP_404',
          `no Ingress rule of class ${role.classes.join('/')} matches ${host}${http.path}${cands.length > 0 ? ` (paths: ${cands.map((c) => `${c.path} ${c.pathType}`).join(', ')})` : ''} and no defaultBackend is set: the controller's default backend answers 404 (R7.6)`,
          'R7.6',
        ),
      ];
    }
  }
  if (!ing || !backend) return [finish(ctx, st, 'HTTP_404', 'no backend', 'R7.6')];
  steps.push(locText);
  // Rate limiting (R7.10): ingress-nginx answers 503 by default when over the limit (burst = limit × multiplier).
  const lim = limit(ing);
  if (lim && ctx.req.requestNumberInWindow > lim.burst) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at: `ingress/${ing.id}`,
      label: `ingress-nginx rate limit`,
      steps: [
        ...steps,
        `limit_req: ${lim.n} r/${lim.per === 'second' ? 's' : 'm'}, burst ${lim.burst} nodelay; request #${ctx.req.requestNumberInWindow} → limit-req-status-code 503`,
      ],
      rule: 'R7.10',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_503',
        `request #${ctx.req.requestNumberInWindow} in the window exceeds ${ing.id}'s limit (${lim.n}/${lim.per}, burst ${lim.burst}): ingress-nginx rejects with 503, not 429 (R7.10)`,
        'R7.10',
      ),
    ];
  }
  const r = resolveBackend(ctx, ing, backend);
  if (!r.svc || !r.port) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at: `ingress/${ing.id}`,
      label: `ingress-nginx: backend unavailable`,
      steps: [...steps, `${r.problem ?? 'backend missing'} → 503`],
      rule: 'R7.9',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_503',
        `${r.problem ?? 'backend missing'}: ingress-nginx answers 503 (R7.9)`,
        'R7.9',
      ),
    ];
  }
  const svc = r.svc;
  const sport = r.port;
  const useService =
    role.upstream === 'service' || ing.annotations['nginx.ingress.kubernetes.io/service-upstream'] === 'true';
  const eps = categorize(sport, undefined).cluster.filter((e) => e.ready);
  if (eps.length === 0 || (useService && svc.clusterIP === undefined && !useService)) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at: `ingress/${ing.id}`,
      label: `ingress-nginx: upstream ${svc.namespace}-${svc.name}-${sport.name || sport.port} has no endpoints`,
      steps: [
        ...steps,
        `upstream ${svc.namespace}-${svc.name}-${sport.name || sport.port} = {} → 503 Service Temporarily Unavailable`,
      ],
      rule: 'R7.9',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_503',
        `${svc.id} has no ready endpoints: ingress-nginx answers 503 without opening an upstream connection (R7.9; the same Service dialled on its ClusterIP would be REFUSED, R3.11)`,
        'R7.9',
      ),
    ];
  }
  const upstreamName = `${svc.namespace}-${svc.name}-${sport.name || sport.port}`;
  if (useService && svc.clusterIP !== undefined) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at: `ingress/${ing.id}`,
      label: `ingress-nginx ${host}${http.path} → upstream ${svc.clusterIP}:${sport.port} (service-upstream)`,
      steps: [
        ...steps,
        `service-upstream: single upstream ${svc.clusterIP}:${sport.port} → kube-proxy translates on ${proxy.nodeName ?? "the controller's node"} (R7.8)`,
        `new TCP connection ${proxy.ip ?? ''}:E → ${svc.clusterIP}:${sport.port} (X-Forwarded-For ${st.preNatSrc})`,
      ],
      rule: 'R7.8',
    });
    return upstreamConnect(ctx, { ...s, http }, proxy, {
      ip: svc.clusterIP,
      port: sport.port,
      proto: sport.protocol === 'UDP' ? 'UDP' : 'TCP',
    });
  }
  ctx.rules.add('R7.8');
  const s0 = hop(ctx, st, {
    layer: 'Ingress',
    at: `ingress/${ing.id}`,
    label: `ingress-nginx ${host}${http.path} → upstream ${upstreamName}`,
    steps: [
      ...steps,
      `upstream ${upstreamName} = {${eps.map((e) => `${e.ip}:${e.port}`).join(', ')}} (endpoints from EndpointSlices, not the ClusterIP, R7.8)`,
    ],
    rule: 'R7.8',
  });
  const out: Done[] = [];
  for (const e of eps) {
    const p = endpointPod(ctx, e);
    let b = branch(
      s0,
      1 / eps.length,
      `upstream endpoint ${p ? p.name : e.ip} (${frac(eps.length)} of ${eps.length}, ingress-nginx round robin, not kube-proxy)`,
    );
    b = note(
      b,
      `picks ${e.ip}:${e.port}; new TCP connection ${proxy.ip ?? ''}:E → ${e.ip}:${e.port} (plain HTTP, X-Forwarded-For ${st.preNatSrc}, R7.11)`,
    );
    out.push(...upstreamConnect(ctx, { ...b, http }, proxy, { ip: e.ip, port: e.port, proto: 'TCP' }, svc));
  }
  return out;
}
