/**
 * Gateway API HTTPRoute routing (R8.1–R8.7), from apis/v1/httproute_types.go:
 * listener ↔ route hostname intersection, wildcard = suffix match (any number of labels, never the apex),
 * precedence: most characters in a matching non-wildcard hostname, then in a matching hostname (R8.1, applied
 * first when `hostnamePrecedenceFirst`), then Exact path, longest PathPrefix, method, most header matches,
 * most query matches, oldest Route, ns/name, rule order (R8.2); matches ORed, conditions ANDed (R8.3);
 * weights (R8.6); 404 no match, 500 invalid backendRef share, 503 no endpoints (R8.5).
 * GRPCRoute (R8.8: HTTP/HTTPS listeners, method and header matching, its own precedence, UNIMPLEMENTED when no rule
 * matches, UNAVAILABLE for an invalid backend's share) and TLSRoute (R8.9: TLS listeners, SNI only, Passthrough,
 * the connection rejected when nothing routes it).
 */
import type {
  ModelGRPCRoute,
  ModelGateway,
  ModelHTTPRoute,
  ModelPod,
  ModelService,
  ModelTLSRoute,
} from '../model';
import type { Disposition } from '../types';
import {
  type Ctx,
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

type Listener = ModelGateway['listeners'][number];
type Rule = ModelHTTPRoute['rules'][number];
type Match = Rule['matches'][number];

/** Gateway API hostname match: exact, or `*.suffix` matching any host ending in `.suffix` (R8.1). */
export function gwHostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (!p.startsWith('*.')) return p === host;
  return host.endsWith(p.slice(1)) && host.length > p.length - 1;
}

function listenerScore(l: Listener, host: string): number {
  if (!l.hostname) return 0;
  if (!gwHostMatches(l.hostname, host)) return -1;
  return l.hostname.startsWith('*.') ? 1 + l.hostname.length : 100000 + l.hostname.length;
}

/** The route hostname that matches `host` under listener `l` (most specific), or undefined when none. */
function routeHostname(
  route: { hostnames: readonly string[] },
  l: Listener,
  host: string,
): { name: string; wildcard: boolean } | undefined | null {
  if (route.hostnames.length === 0)
    return l.hostname
      ? { name: l.hostname, wildcard: l.hostname.startsWith('*.') }
      : { name: '', wildcard: true };
  let best: { name: string; wildcard: boolean } | undefined;
  for (const h of route.hostnames) {
    if (!gwHostMatches(h, host)) continue;
    // Route hostnames that do not intersect the listener's are ignored (R8.1).
    if (
      l.hostname &&
      !(
        gwHostMatches(l.hostname, h.replace(/^\*\./, 'x.')) ||
        gwHostMatches(h, l.hostname.replace(/^\*\./, 'x.'))
      )
    )
      continue;
    const cand = { name: h, wildcard: h.startsWith('*.') };
    if (
      !best ||
      (best.wildcard && !cand.wildcard) ||
      (best.wildcard === cand.wildcard && cand.name.length > best.name.length)
    )
      best = cand;
  }
  return best ?? null;
}

function pathMatches(m: Match, path: string): boolean {
  const v = m.path.value;
  if (m.path.type === 'Exact') return path === v;
  if (m.path.type === 'PathPrefix') return prefixMatches(v, path);
  try {
    return new RegExp(`^(?:${v})$`).test(path);
  } catch {
    return false;
  }
}

function valueMatches(type: 'Exact' | 'RegularExpression', want: string, got: string | undefined): boolean {
  if (got === undefined) return false;
  if (type === 'Exact') return want === got;
  try {
    return new RegExp(`^(?:${want})$`).test(got);
  } catch {
    return false;
  }
}

export function matchAccepts(m: Match, http: HttpRequest): boolean {
  if (!pathMatches(m, http.path)) return false;
  if (m.method && m.method !== http.method.toUpperCase()) return false;
  for (const h of m.headers)
    if (!valueMatches(h.type, h.value, http.headers[h.name.toLowerCase()])) return false;
  for (const q of m.queryParams) if (!valueMatches(q.type, q.value, http.query[q.name])) return false;
  return true;
}

export interface GwCandidate {
  route: ModelHTTPRoute;
  ruleIndex: number;
  rule: Rule;
  match: Match;
  hostname: { name: string; wildcard: boolean };
}

/** Sort key comparison (negative = a wins). */
export function compareCandidates(a: GwCandidate, b: GwCandidate, hostnameFirst: boolean): number {
  if (hostnameFirst) {
    const an = a.hostname.wildcard ? 0 : a.hostname.name.length;
    const bn = b.hostname.wildcard ? 0 : b.hostname.name.length;
    if (an !== bn) return bn - an;
    if (a.hostname.name.length !== b.hostname.name.length)
      return b.hostname.name.length - a.hostname.name.length;
  }
  const kind = (m: Match) => (m.path.type === 'Exact' ? 2 : m.path.type === 'PathPrefix' ? 1 : 0);
  if (kind(a.match) !== kind(b.match)) return kind(b.match) - kind(a.match);
  if (a.match.path.type !== 'Exact' && a.match.path.value.length !== b.match.path.value.length)
    return b.match.path.value.length - a.match.path.value.length;
  const am = a.match.method ? 1 : 0;
  const bm = b.match.method ? 1 : 0;
  if (am !== bm) return bm - am;
  if (a.match.headers.length !== b.match.headers.length)
    return b.match.headers.length - a.match.headers.length;
  if (a.match.queryParams.length !== b.match.queryParams.length)
    return b.match.queryParams.length - a.match.queryParams.length;
  const ta = a.route.creationTimestamp ?? '';
  const tb = b.route.creationTimestamp ?? '';
  if (ta !== tb) return ta === '' ? 1 : tb === '' ? -1 : ta < tb ? -1 : 1;
  if (a.route.id !== b.route.id) return a.route.id < b.route.id ? -1 : 1;
  return a.ruleIndex - b.ruleIndex;
}

/**
 * Why `a` beats `b` (a sorts first by compareCandidates): the first criterion of R8.1/R8.2 that tells them apart,
 * in the words a learner needs — above all when a more specific hostname beats a longer path.
 */
export function whyWins(a: GwCandidate, b: GwCandidate, hostnameFirst: boolean): string {
  const host = (c: GwCandidate) => c.hostname.name || '*';
  const path = (c: GwCandidate) => `${c.match.path.type} ${c.match.path.value}`;
  if (hostnameFirst) {
    const an = a.hostname.wildcard ? 0 : a.hostname.name.length;
    const bn = b.hostname.wildcard ? 0 : b.hostname.name.length;
    if (an !== bn || a.hostname.name.length !== b.hostname.name.length) {
      const longer =
        b.match.path.type === 'PathPrefix' &&
        a.match.path.type === 'PathPrefix' &&
        b.match.path.value.length > a.match.path.value.length;
      return `hostname ${host(a)} is more specific than ${host(b)}${longer ? `, so it wins although ${path(b)} is the longer path` : ''}: across Routes hostname specificity is compared before any path (R8.1, then R8.2)`;
    }
  }
  if (a.match.path.type !== b.match.path.type)
    return `${path(a)} outranks ${path(b)} (Exact, then PathPrefix, R8.2)`;
  if (a.match.path.value.length !== b.match.path.value.length)
    return `${path(a)} is the longer prefix than ${path(b)} (R8.2)`;
  if (!!a.match.method !== !!b.match.method) return `it has a method match (R8.2)`;
  if (a.match.headers.length !== b.match.headers.length)
    return `it has more header matches (${a.match.headers.length} vs ${b.match.headers.length}, R8.2)`;
  if (a.match.queryParams.length !== b.match.queryParams.length)
    return `it has more query-param matches (R8.2)`;
  if (a.route !== b.route)
    return (a.route.creationTimestamp ?? '') !== (b.route.creationTimestamp ?? '')
      ? `equal matches: the older Route wins (creation timestamp, R8.2)`
      : `equal matches: {namespace}/{name} order (R8.2)`;
  return `equal matches: the first matching rule in list order (R8.2)`;
}

/** Select the winning (route, rule) for a request on a Gateway (pure; unit-tested). */
export function selectRoute(
  gw: ModelGateway,
  routes: readonly ModelHTTPRoute[],
  http: HttpRequest,
  hostnameFirst: boolean,
): { listener?: Listener; winner?: GwCandidate; runnerUp?: GwCandidate; reason: string } {
  const host = http.host.toLowerCase();
  let listeners = gw.listeners.filter((l) => l.protocol === 'HTTP' || l.protocol === 'HTTPS');
  const byPort = listeners.filter((l) => l.port === http.port);
  if (byPort.length > 0) listeners = byPort;
  let listener: Listener | undefined;
  let best = -1;
  for (const l of listeners) {
    const sc = listenerScore(l, host);
    if (sc > best) {
      best = sc;
      listener = l;
    }
  }
  if (!listener)
    return {
      reason: `no listener of Gateway ${gw.id} accepts host ${host} (listener hostnames: ${listeners.map((l) => l.hostname ?? '*').join(', ')}; a wildcard does not cover the apex, R8.1)`,
    };
  const cands: GwCandidate[] = [];
  for (const r of routes) {
    const attached = r.parentRefs.some(
      (p) =>
        (p.kind ?? 'Gateway') === 'Gateway' &&
        p.name === gw.name &&
        (p.namespace ?? r.namespace) === gw.namespace &&
        (!p.sectionName || p.sectionName === listener.name) &&
        (p.port === undefined || p.port === listener.port),
    );
    if (!attached) continue;
    const hn = routeHostname(r, listener, host);
    if (!hn) continue;
    r.rules.forEach((rule, i) => {
      for (const m of rule.matches)
        if (matchAccepts(m, http)) cands.push({ route: r, ruleIndex: i, rule, match: m, hostname: hn });
    });
  }
  if (cands.length === 0)
    return {
      listener,
      reason: `no HTTPRoute rule attached to listener ${listener.name} of ${gw.id} matches ${http.method} ${host}${http.path} → 404 (R8.5)`,
    };
  cands.sort((a, b) => compareCandidates(a, b, hostnameFirst));
  const winner = cands[0]!;
  const runnerUp = cands.find((c) => c.route !== winner.route || c.ruleIndex !== winner.ruleIndex);
  return { listener, winner, ...(runnerUp ? { runnerUp } : {}), reason: '' };
}

export function handleGateway(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'gateway' }>,
  port: number,
): Done[] {
  const http = defaultHttp(ctx, st, port);
  const gw = ctx.model.gateways.get(role.gateway);
  const at = `gateway/${role.gateway}`;
  if (!gw) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: `Gateway ${role.gateway} (missing)`,
      steps: [],
      rule: 'R8.5',
    });
    return [finish(ctx, s, 'HTTP_404', `Gateway ${role.gateway} does not exist`, 'R8.5')];
  }
  // A TLS listener on this port: the gateway reads only the ClientHello (TLSRoute, no HTTP).
  if (gw.listeners.some((l) => l.protocol === 'TLS' && l.port === http.port))
    return handleTlsRoute(ctx, st, proxy, role, gw, http, http.port);
  if (http.grpc) {
    const g = handleGrpcRoute(ctx, st, proxy, role, gw, http);
    if (g) return g;
  }
  const routes = ctx.model.httpRoutesByGateway.get(gw.id) ?? [];
  const sel = selectRoute(gw, routes, http, role.hostnamePrecedenceFirst);
  ctx.rules.add('R8.1');
  const steps = [
    `Gateway ${gw.id} data plane in ${proxy.id}: ${http.method} ${http.host}${http.path}${sel.listener ? ` on listener ${sel.listener.name} (${sel.listener.hostname ?? '*'}:${sel.listener.port})` : ''}`,
  ];
  if (!sel.winner) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: `Gateway ${gw.name}: no route`,
      steps: [...steps, '→ 404'],
      rule: http.grpc ? 'R8.8' : 'R8.5',
    });
    // A gRPC client reads the gateway's 404 as status UNIMPLEMENTED (gRPC's HTTP-to-status mapping; conformance
    // GRPCRouteListenerHostnameMatching expects UNIMPLEMENTED for a host no listener accepts).
    if (http.grpc)
      return [
        finish(
          ctx,
          s,
          'GRPC_UNIMPLEMENTED',
          `${sel.reason.replace(/ → 404 \(R8\.5\)$/, '')}: the gRPC call gets status UNIMPLEMENTED (R8.8)`,
          'R8.8',
        ),
      ];
    return [finish(ctx, s, 'HTTP_404', sel.reason, 'R8.5')];
  }
  ctx.rules.add('R8.2');
  const w = sel.winner;
  const matchText = `${w.match.path.type} ${w.match.path.value}${w.match.method ? ` ${w.match.method}` : ''}${w.match.headers.length ? ` + ${w.match.headers.length} header match(es)` : ''}`;
  steps.push(
    `HTTPRoute ${w.route.id} rule ${w.ruleIndex + 1} (${matchText}, hostname ${w.hostname.name || '*'}) wins (R8.1, R8.2)${sel.runnerUp ? ` over HTTPRoute ${sel.runnerUp.route.id} rule ${sel.runnerUp.ruleIndex + 1} (${sel.runnerUp.match.path.type} ${sel.runnerUp.match.path.value}): ${whyWins(w, sel.runnerUp, role.hostnamePrecedenceFirst)}` : ''}`,
  );
  return routeToBackends(ctx, st, proxy, role, http, at, steps, w.route, 'HTTPRoute', w.rule.backendRefs, {
    hopRule: 'R8.2',
    label: `Gateway ${gw.name} → HTTPRoute ${w.route.name}`,
    noBackendLabel: `Gateway ${gw.name}: rule has no usable backend`,
    noBackendStep: 'no backendRef with weight > 0 → 500',
    noBackend: 'HTTP_500',
    noBackendText: `HTTPRoute ${w.route.id} rule ${w.ruleIndex + 1} has no backendRefs with a non-zero weight: the gateway answers 500 (R8.5, R8.6)`,
    invalid: 'HTTP_500',
    invalidText: (why, share) =>
      `${why}: invalid backendRef → 500 for its ${share}% share of the traffic (R8.5)`,
    // A gRPC client reads 503 as UNAVAILABLE.
    noEndpoints: http.grpc ? 'GRPC_UNAVAILABLE' : 'HTTP_503',
    noEndpointsText: (svc) =>
      `${svc.id} has no ready endpoints: the gateway answers 503 for its share (R8.5)`,
    balancing: 'gateway load balancing',
    rule: 'R8.5',
  });
}

type BackendRef = ModelHTTPRoute['rules'][number]['backendRefs'][number];

/** What a Route kind's gateway hop says, and how its failures end (R8.5 HTTPRoute, R8.8 GRPCRoute, R8.9 TLSRoute). */
interface RouteKindTexts {
  /** The rule the forwarding hop cites. */
  hopRule: 'R8.2' | 'R8.8' | 'R8.9';
  /** The forwarding hop's label. */
  label: string;
  /** No backendRef with a weight: the hop's label and last step, the outcome and its reason. */
  noBackendLabel: string;
  noBackendStep: string;
  noBackend: Disposition;
  noBackendText: string;
  /** Weights count (R8.6) only when several backendRefs carry weight, not when one of them has weight 0. */
  weightsOnlyWhenSplit?: boolean;
  /** An invalid backendRef ends its share with `invalid` (R8.5, R8.8, R8.9). */
  invalid: Disposition;
  invalidText: (why: string, sharePct: number) => string;
  /** A Service without ready endpoints ends its share with `noEndpoints`. */
  noEndpoints: Disposition;
  noEndpointsText: (svc: ModelService) => string;
  balancing: string;
  /** The rule that decides a failed share: R8.5 (HTTPRoute), R8.8 (GRPCRoute), R8.9 (TLSRoute). */
  rule: 'R8.5' | 'R8.8' | 'R8.9';
}

/**
 * The winning rule's forwarding, the same for every Route kind: no backendRef with a weight ends at the gateway with
 * the kind's outcome; otherwise the gateway hop (its `steps`) and one share per backendRef (forwardToBackends).
 */
function routeToBackends(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'gateway' }>,
  http: HttpRequest,
  at: string,
  steps: string[],
  route: { id: string; namespace: string; permittedCrossNamespaceRefs: ReadonlySet<string> },
  kind: 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute',
  backendRefs: readonly BackendRef[],
  t: RouteKindTexts,
): Done[] {
  const refs = backendRefs.filter((b) => b.weight > 0);
  if (refs.length === 0) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: t.noBackendLabel,
      steps: [...steps, t.noBackendStep],
      rule: t.rule,
    });
    return [finish(ctx, s, t.noBackend, t.noBackendText, t.rule)];
  }
  if (refs.length > 1 || (!t.weightsOnlyWhenSplit && backendRefs.length > 1)) ctx.rules.add('R8.6');
  const s0 = hop(ctx, st, { layer: 'Ingress', at, label: t.label, steps, rule: t.hopRule });
  return forwardToBackends(ctx, { ...s0, http }, proxy, role, route, kind, refs, t);
}

/**
 * Split a rule's traffic over its backendRefs by weight (R8.6) and open the upstream connection for each share:
 * an invalid backendRef (unsupported kind, cross-namespace without a ReferenceGrant, missing Service or port) and a
 * Service without ready endpoints end the share with the Route kind's failure; otherwise one branch per endpoint
 * (or the ClusterIP when the implementation sends to the Service).
 */
function forwardToBackends(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'gateway' }>,
  route: { id: string; namespace: string; permittedCrossNamespaceRefs: ReadonlySet<string> },
  kind: 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute',
  refs: readonly BackendRef[],
  fail: Pick<
    RouteKindTexts,
    'invalid' | 'invalidText' | 'noEndpoints' | 'noEndpointsText' | 'balancing' | 'rule'
  >,
): Done[] {
  const sum = refs.reduce((a, b) => a + b.weight, 0);
  const out: Done[] = [];
  for (const ref of refs) {
    const share = ref.weight / sum;
    const shareText = `backendRef ${ref.name} weight ${ref.weight}/${sum}`;
    const b = branch(st, share, `${shareText} (R8.6)`);
    const ns = ref.namespace ?? route.namespace;
    const invalid =
      (ref.group !== '' && ref.group !== 'core') || ref.kind !== 'Service'
        ? `unsupported backendRef kind ${ref.group ? `${ref.group}/` : ''}${ref.kind}`
        : ns !== route.namespace && !route.permittedCrossNamespaceRefs.has(`${ns}/${ref.name}`)
          ? `cross-namespace backendRef to ${ns}/${ref.name} without a ReferenceGrant in ${ns} that allows ${kind}s from ${route.namespace} (ResolvedRefs=False, RefNotPermitted)`
          : undefined;
    const svc = invalid ? undefined : ctx.model.services.get(`${ns}/${ref.name}`);
    const sport = svc
      ? ref.port !== undefined
        ? svc.ports.find((p) => p.port === ref.port)
        : svc.ports.length === 1
          ? svc.ports[0]
          : undefined
      : undefined;
    if (!svc || !sport) {
      const why =
        invalid ??
        (!svc
          ? `Service ${ns}/${ref.name} does not exist`
          : `Service ${svc.id} has no port ${ref.port ?? '(port missing)'}`);
      out.push(finish(ctx, b, fail.invalid, fail.invalidText(why, Math.round(share * 100)), fail.rule));
      continue;
    }
    const eps = categorize(sport, undefined).cluster.filter((e) => e.ready);
    if (eps.length === 0) {
      out.push(finish(ctx, b, fail.noEndpoints, fail.noEndpointsText(svc), fail.rule));
      continue;
    }
    if (role.upstream === 'service' && svc.clusterIP !== undefined) {
      out.push(...upstreamConnect(ctx, b, proxy, { ip: svc.clusterIP, port: sport.port, proto: 'TCP' }));
      continue;
    }
    for (const e of eps) {
      const p = endpointPod(ctx, e);
      const bb = branch(
        b,
        1 / eps.length,
        `endpoint ${p ? p.name : e.ip} (${frac(eps.length)} of ${eps.length}, ${fail.balancing})`,
      );
      out.push(...upstreamConnect(ctx, bb, proxy, { ip: e.ip, port: e.port, proto: 'TCP' }, svc));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// GRPCRoute (apis/v1/grpcroute_types.go)
// ---------------------------------------------------------------------------------------------------------------

type GrpcRule = ModelGRPCRoute['rules'][number];
type GrpcMatch = GrpcRule['matches'][number];

function fullMatch(type: 'Exact' | 'RegularExpression', want: string, got: string): boolean {
  if (type === 'Exact') return want === got;
  try {
    return new RegExp(`^(?:${want})$`).test(got);
  } catch {
    return false;
  }
}

/**
 * GRPCRouteMatch: the method match (service and method, each compared only when given; Exact is case-sensitive) AND
 * every header match (names case-insensitive; of entries naming the same header only the first counts).
 */
export function grpcMatchAccepts(
  m: GrpcMatch,
  call: { service: string; method: string },
  headers: Readonly<Record<string, string>>,
): boolean {
  if (m.method) {
    const t = m.method.type;
    if (m.method.service && !fullMatch(t, m.method.service, call.service)) return false;
    if (m.method.method && !fullMatch(t, m.method.method, call.method)) return false;
  }
  const seen = new Set<string>();
  for (const h of m.headers) {
    const name = h.name.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    const got = headers[name];
    if (got === undefined || !fullMatch(h.type, h.value, got)) return false;
  }
  return true;
}

export interface GrpcCandidate {
  route: ModelGRPCRoute;
  ruleIndex: number;
  rule: GrpcRule;
  match: GrpcMatch;
  hostname: { name: string; wildcard: boolean };
}

/**
 * GRPCRouteRule precedence: most characters in a matching non-wildcard hostname, then in a matching hostname, then
 * in a matching service, then in a matching method, then most header matches; then the oldest Route, then
 * `namespace/name`, then the first matching rule.
 */
export function compareGrpcCandidates(a: GrpcCandidate, b: GrpcCandidate): number {
  const an = a.hostname.wildcard ? 0 : a.hostname.name.length;
  const bn = b.hostname.wildcard ? 0 : b.hostname.name.length;
  if (an !== bn) return bn - an;
  if (a.hostname.name.length !== b.hostname.name.length)
    return b.hostname.name.length - a.hostname.name.length;
  const sv = (m: GrpcMatch) => m.method?.service?.length ?? 0;
  if (sv(a.match) !== sv(b.match)) return sv(b.match) - sv(a.match);
  const me = (m: GrpcMatch) => m.method?.method?.length ?? 0;
  if (me(a.match) !== me(b.match)) return me(b.match) - me(a.match);
  if (a.match.headers.length !== b.match.headers.length)
    return b.match.headers.length - a.match.headers.length;
  const ta = a.route.creationTimestamp ?? '';
  const tb = b.route.creationTimestamp ?? '';
  if (ta !== tb) return ta === '' ? 1 : tb === '' ? -1 : ta < tb ? -1 : 1;
  if (a.route.id !== b.route.id) return a.route.id < b.route.id ? -1 : 1;
  return a.ruleIndex - b.ruleIndex;
}

function pickListener(
  gw: ModelGateway,
  protocols: readonly string[],
  port: number,
  host: string,
): { listener?: Listener; candidates: Listener[] } {
  let listeners = gw.listeners.filter((l) => protocols.includes(l.protocol));
  const byPort = listeners.filter((l) => l.port === port);
  if (byPort.length > 0) listeners = byPort;
  let listener: Listener | undefined;
  let best = -1;
  for (const l of listeners) {
    const sc = listenerScore(l, host);
    if (sc > best) {
      best = sc;
      listener = l;
    }
  }
  return { ...(listener ? { listener } : {}), candidates: listeners };
}

function attachedTo(
  r: { namespace: string; parentRefs: ModelHTTPRoute['parentRefs'] },
  gw: ModelGateway,
  l: Listener,
): boolean {
  return r.parentRefs.some(
    (p) =>
      (p.kind ?? 'Gateway') === 'Gateway' &&
      p.name === gw.name &&
      (p.namespace ?? r.namespace) === gw.namespace &&
      (!p.sectionName || p.sectionName === l.name) &&
      (p.port === undefined || p.port === l.port),
  );
}

/**
 * A gRPC call on an HTTP/HTTPS listener. Undefined when no GRPCRoute on the chosen listener has a hostname for the
 * call's authority: the call is then an ordinary HTTP/2 request for the HTTPRoutes (POST /<service>/<method>).
 */
function handleGrpcRoute(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'gateway' }>,
  gw: ModelGateway,
  http: HttpRequest,
): Done[] | undefined {
  const call = http.grpc!;
  const host = http.host.toLowerCase();
  const { listener } = pickListener(gw, ['HTTP', 'HTTPS'], http.port, host);
  if (!listener) return undefined;
  const routes = (ctx.model.grpcRoutesByGateway.get(gw.id) ?? []).filter((r) => attachedTo(r, gw, listener));
  const cands: GrpcCandidate[] = [];
  let anyHost = false;
  for (const r of routes) {
    const hn = routeHostname(r, listener, host);
    if (!hn) continue;
    anyHost = true;
    r.rules.forEach((rule, i) => {
      for (const m of rule.matches)
        if (grpcMatchAccepts(m, call, http.headers))
          cands.push({ route: r, ruleIndex: i, rule, match: m, hostname: hn });
    });
  }
  if (!anyHost) return undefined;
  ctx.rules.add('R8.8');
  const at = `gateway/${gw.id}`;
  const steps = [
    `Gateway ${gw.id} data plane in ${proxy.id}: ${http.scheme === 'https' ? `TLS terminated (SNI ${http.sni ?? 'none'}), ` : 'cleartext HTTP/2 (h2c), '}gRPC call ${call.service}/${call.method} (HTTP/2 POST /${call.service}/${call.method}, :authority ${host}) on listener ${listener.name} (${listener.hostname ?? '*'}:${listener.port})`,
  ];
  if (cands.length === 0) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: `Gateway ${gw.name}: no GRPCRoute matches`,
      steps: [
        ...steps,
        'no GRPCRoute rule matches the service/method and headers → gRPC status UNIMPLEMENTED (12)',
      ],
      rule: 'R8.8',
    });
    return [
      finish(
        ctx,
        s,
        'GRPC_UNIMPLEMENTED',
        `no GRPCRoute rule attached to listener ${listener.name} of ${gw.id} matches ${call.service}/${call.method}${
          Object.keys(ctx.req.headers).some((h) => h.toLowerCase() !== 'host')
            ? ` with metadata ${Object.keys(ctx.req.headers)
                .filter((h) => h.toLowerCase() !== 'host')
                .map((h) => h.toLowerCase())
                .join(', ')}`
            : ''
        }: the gateway answers gRPC status UNIMPLEMENTED (12) itself; no backend is called (R8.8)`,
        'R8.8',
      ),
    ];
  }
  cands.sort(compareGrpcCandidates);
  const w = cands[0]!;
  const m = w.match;
  const what = [
    m.method?.service ? `service ${m.method.type === 'Exact' ? '=' : '~'} ${m.method.service}` : '',
    m.method?.method ? `method ${m.method.type === 'Exact' ? '=' : '~'} ${m.method.method}` : '',
    m.headers.length ? `${m.headers.length} header match(es)` : '',
  ]
    .filter(Boolean)
    .join(', ');
  steps.push(
    `GRPCRoute ${w.route.id} rule ${w.ruleIndex + 1}${w.rule.name ? ` "${w.rule.name}"` : ''} (${what || 'every call'}, hostname ${w.hostname.name || '*'}) wins: precedence by hostname, then service, method and header-match counts, then the oldest Route`,
  );
  return routeToBackends(ctx, st, proxy, role, http, at, steps, w.route, 'GRPCRoute', w.rule.backendRefs, {
    hopRule: 'R8.8',
    label: `Gateway ${gw.name} → GRPCRoute ${w.route.name}`,
    noBackendLabel: `Gateway ${gw.name}: rule has no usable backend`,
    noBackendStep: 'no backendRef with weight > 0 → gRPC status UNAVAILABLE (14)',
    noBackend: 'GRPC_UNAVAILABLE',
    noBackendText: `GRPCRoute ${w.route.id} rule ${w.ruleIndex + 1} has no backendRef with a non-zero weight: the gateway answers UNAVAILABLE (R8.8)`,
    invalid: 'GRPC_UNAVAILABLE',
    invalidText: (why, share) =>
      `${why}: invalid backendRef → gRPC status UNAVAILABLE for its ${share}% share of the calls (R8.8)`,
    noEndpoints: 'GRPC_UNAVAILABLE',
    noEndpointsText: (svc) =>
      `${svc.id} has no ready endpoints: the gateway answers gRPC status UNAVAILABLE (14) for the calls routed there (R8.8)`,
    balancing: 'gateway load balancing, per call on the HTTP/2 connection',
    rule: 'R8.8',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// TLSRoute (apis/v1/tlsroute_types.go): SNI routing on a TLS listener
// ---------------------------------------------------------------------------------------------------------------

/** Most specific first: an exact hostname, then the longest wildcard. */
function hostnameRank(h: { name: string; wildcard: boolean }): number {
  return h.wildcard ? h.name.length : 100000 + h.name.length;
}

/** Select the TLSRoute for an SNI on a Gateway port (pure; unit-tested by the conformance transcription). */
export function selectTlsRoute(
  gw: ModelGateway,
  routes: readonly ModelTLSRoute[],
  sni: string | undefined,
  port: number,
): { listener?: Listener; route?: ModelTLSRoute; hostname?: string; reason: string } {
  const listeners = gw.listeners.filter((l) => l.protocol === 'TLS' && l.port === port);
  if (sni === undefined)
    return {
      reason: `the ClientHello carries no SNI (an IP literal was dialled, RFC 6066), so no TLSRoute hostname can match: the gateway rejects the connection`,
    };
  const { listener } = pickListener(gw, ['TLS'], port, sni);
  if (!listener)
    return {
      reason: `no TLS listener of ${gw.id} on port ${port} accepts SNI ${sni} (listener hostnames: ${listeners.map((l) => l.hostname ?? '*').join(', ')}): the gateway rejects the connection`,
    };
  let best: { route: ModelTLSRoute; hn: { name: string; wildcard: boolean } } | undefined;
  for (const r of routes) {
    if (!attachedTo(r, gw, listener)) continue;
    const hn = routeHostname(r, listener, sni);
    if (!hn) continue;
    if (!best || hostnameRank(hn) > hostnameRank(best.hn)) best = { route: r, hn };
  }
  if (!best)
    return {
      listener,
      reason: `no TLSRoute attached to listener ${listener.name} of ${gw.id} has a hostname matching SNI ${sni}: the gateway rejects the connection`,
    };
  return { listener, route: best.route, hostname: best.hn.name || '*', reason: '' };
}

function handleTlsRoute(
  ctx: Ctx,
  st: PState,
  proxy: ModelPod,
  role: Extract<ProxyRole, { kind: 'gateway' }>,
  gw: ModelGateway,
  http: HttpRequest,
  port: number,
): Done[] {
  const sni = http.sni;
  const routes = ctx.model.tlsRoutesByGateway.get(gw.id) ?? [];
  const sel = selectTlsRoute(gw, routes, sni, port);
  ctx.rules.add('R8.9');
  const at = `gateway/${gw.id}`;
  const mode = sel.listener?.tls?.mode ?? 'Terminate';
  const steps = [
    `Gateway ${gw.id} data plane in ${proxy.id}: TLS on port ${port}; reads the ClientHello's server_name ${sni ?? '(none)'}${sel.listener ? ` → listener ${sel.listener.name} (${sel.listener.hostname ?? '*'}:${sel.listener.port}, TLS ${mode})` : ''}`,
  ];
  if (!sel.route) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: `Gateway ${gw.name}: no TLSRoute for SNI ${sni ?? '(none)'}`,
      steps: [...steps, 'no route → the connection is closed during the handshake'],
      rule: 'R8.9',
    });
    return [finish(ctx, s, 'REFUSED', `${sel.reason} (R8.9)`, 'R8.9')];
  }
  const r = sel.route;
  steps.push(
    mode === 'Passthrough'
      ? `TLSRoute ${r.id} (hostname ${sel.hostname}) matches the SNI: passthrough — the gateway does not decrypt, sees no HTTP (no Host, path or headers), and relays the TCP stream; the backend terminates TLS`
      : `TLSRoute ${r.id} (hostname ${sel.hostname}) matches the SNI: the listener terminates TLS (mode Terminate) and forwards the decrypted stream over TCP`,
  );
  return routeToBackends(
    ctx,
    st,
    proxy,
    role,
    http,
    at,
    steps,
    r,
    'TLSRoute',
    r.rules[0]?.backendRefs ?? [],
    {
      hopRule: 'R8.9',
      label: `Gateway ${gw.name} → TLSRoute ${r.name} (SNI ${sni}${mode === 'Passthrough' ? ', passthrough' : ''})`,
      noBackendLabel: `Gateway ${gw.name}: TLSRoute ${r.name} has no usable backend`,
      noBackendStep: 'no backendRef with weight > 0 → the connection is rejected',
      noBackend: 'REFUSED',
      noBackendText: `TLSRoute ${r.id} has no backendRef with a non-zero weight: the gateway rejects the connection (R8.9)`,
      weightsOnlyWhenSplit: true,
      invalid: 'REFUSED',
      invalidText: (why, share) =>
        `${why}: invalid backendRef → the gateway rejects the connection for its ${share}% share (R8.9)`,
      noEndpoints: 'REFUSED',
      noEndpointsText: (svc) =>
        `${svc.id} has no ready endpoints: the gateway rejects the connection for its share (R8.9)`,
      balancing: 'gateway load balancing, per TCP connection',
      rule: 'R8.9',
    },
  );
}
