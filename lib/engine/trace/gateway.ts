/**
 * Gateway API HTTPRoute routing (R8.1–R8.7), from apis/v1/httproute_types.go:
 * listener ↔ route hostname intersection, wildcard = suffix match (any number of labels, never the apex),
 * precedence: most characters in a matching non-wildcard hostname, then in a matching hostname (R8.1, applied
 * first when `hostnamePrecedenceFirst`), then Exact path, longest PathPrefix, method, most header matches,
 * most query matches, oldest Route, ns/name, rule order (R8.2); matches ORed, conditions ANDed (R8.3);
 * weights (R8.6); 404 no match, 500 invalid backendRef share, 503 no endpoints (R8.5).
 */
import type { ModelGateway, ModelHTTPRoute, ModelPod } from '../model';
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
  route: ModelHTTPRoute,
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

/** Select the winning (route, rule) for a request on a Gateway (pure; unit-tested). */
export function selectRoute(
  gw: ModelGateway,
  routes: readonly ModelHTTPRoute[],
  http: HttpRequest,
  hostnameFirst: boolean,
): { listener?: Listener; winner?: GwCandidate; reason: string } {
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
  return { listener, winner: cands[0]!, reason: '' };
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
      rule: 'R8.5',
    });
    return [finish(ctx, s, 'HTTP_404', sel.reason, 'R8.5')];
  }
  ctx.rules.add('R8.2');
  const w = sel.winner;
  const matchText = `${w.match.path.type} ${w.match.path.value}${w.match.method ? ` ${w.match.method}` : ''}${w.match.headers.length ? ` + ${w.match.headers.length} header match(es)` : ''}`;
  steps.push(
    `HTTPRoute ${w.route.id} rule ${w.ruleIndex + 1} (${matchText}, hostname ${w.hostname.name || '*'}) wins (R8.1, R8.2)`,
  );
  const refs = w.rule.backendRefs.filter((b) => b.weight > 0);
  const sum = refs.reduce((a, b) => a + b.weight, 0);
  if (refs.length === 0 || sum === 0) {
    const s = hop(ctx, st, {
      layer: 'Ingress',
      at,
      label: `Gateway ${gw.name}: rule has no usable backend`,
      steps: [...steps, 'no backendRef with weight > 0 → 500'],
      rule: 'R8.5',
    });
    return [
      finish(
        ctx,
        s,
        'HTTP_500',
        `HTTPRoute ${w.route.id} rule ${w.ruleIndex + 1} has no backendRefs with a non-zero weight: the gateway answers 500 (R8.5, R8.6)`,
        'R8.5',
      ),
    ];
  }
  if (refs.length > 1 || w.rule.backendRefs.length > 1) ctx.rules.add('R8.6');
  const s0 = hop(ctx, st, {
    layer: 'Ingress',
    at,
    label: `Gateway ${gw.name} → HTTPRoute ${w.route.name}`,
    steps,
    rule: 'R8.2',
  });
  const out: Done[] = [];
  for (const ref of refs) {
    const share = ref.weight / sum;
    const shareText = `backendRef ${ref.name} weight ${ref.weight}/${sum}`;
    const b = branch(s0, share, `${shareText} (R8.6)`);
    const ns = ref.namespace ?? w.route.namespace;
    const invalid =
      (ref.group !== '' && ref.group !== 'core') || ref.kind !== 'Service'
        ? `unsupported backendRef kind ${ref.group ? `${ref.group}/` : ''}${ref.kind}`
        : ns !== w.route.namespace && !w.route.permittedCrossNamespaceRefs.has(`${ns}/${ref.name}`)
          ? `cross-namespace backendRef to ${ns}/${ref.name} without a ReferenceGrant in ${ns} that allows HTTPRoutes from ${w.route.namespace} (ResolvedRefs=False, RefNotPermitted)`
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
      out.push(
        finish(
          ctx,
          b,
          'HTTP_500',
          `${why}: invalid backendRef → 500 for its ${Math.round(share * 100)}% share of the traffic (R8.5)`,
          'R8.5',
        ),
      );
      continue;
    }
    const eps = categorize(sport, undefined).cluster.filter((e) => e.ready);
    if (eps.length === 0) {
      out.push(
        finish(
          ctx,
          b,
          'HTTP_503',
          `${svc.id} has no ready endpoints: the gateway answers 503 for its share (R8.5)`,
          'R8.5',
        ),
      );
      continue;
    }
    if (role.upstream === 'service' && svc.clusterIP !== undefined) {
      out.push(
        ...upstreamConnect(ctx, { ...b, http }, proxy, { ip: svc.clusterIP, port: sport.port, proto: 'TCP' }),
      );
      continue;
    }
    for (const e of eps) {
      const p = endpointPod(ctx, e);
      const bb = branch(
        b,
        1 / eps.length,
        `endpoint ${p ? p.name : e.ip} (${frac(eps.length)} of ${eps.length}, gateway load balancing)`,
      );
      out.push(
        ...upstreamConnect(ctx, { ...bb, http }, proxy, { ip: e.ip, port: e.port, proto: 'TCP' }, svc),
      );
    }
  }
  return out;
}
