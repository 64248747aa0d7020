/**
 * `trace(model, requestId?)`: every valid path of one request of a scenario (reference §A4, §A5).
 *
 * Phases: DNS resolution (dns.ts, its own `dns` field) → connect (connect.ts: source Pod, Service dataplane,
 * CNI, destination) → L7 (l7.ts: ingress / gateway / API gateway, each opening a new connection from the proxy
 * Pod). Replies are not part of the hops. Deterministic: alternatives are generated in a stable order
 * (endpoints by IP, nodes by name) and weights are normalised to sum to 1. Never throws for a valid model.
 */
import type { ClusterModel, ModelNode, ModelPod, ModelService } from '../model';
import { isIP, type ScenarioRequest } from '../../scenario';
import type { Disposition, Hop, SetOutcome, Symptom, TracePath, TraceSet } from '../types';
import {
  type Ctx,
  type Done,
  type HttpRequest,
  type PState,
  finish,
  hop,
  hopId,
  newState,
  ref,
  snat,
} from './state';
import { atNode, clientRule, connect, externalArrival, type Dest, type Origin } from './connect';
import { resolve, type DnsClient } from './dns';
import { handleApiGatewayFront } from './api-gateway';
import { cloudLbPath, externalIpEntry } from './cloud-lb';
import { handleL7 } from './proxies';
import { nodeIP, podEgressHop } from './cni';
import { applyMtu } from './mtu';
import { branch, type Flow } from './state';

type Proto = Dest['proto'];

interface Parsed {
  host: string;
  port?: number;
  proto: Proto;
  http?: HttpRequest;
  text: string;
}

/**
 * The request's application view, plus what gRPC and TLS add: a gRPC call is an HTTP/2 POST to
 * `/<service>/<method>` with `content-type: application/grpc` (gRPC over HTTP/2, PROTOCOL-HTTP2.md); the TLS
 * ClientHello's SNI is `sni`, else the name dialled over TLS (never an IP literal, RFC 6066 §3).
 */
function parseTo(req: ScenarioRequest): Parsed | undefined {
  const p = parseTo0(req);
  if (!p?.http) return p;
  let http = p.http;
  if (req.grpc)
    http = {
      ...http,
      method: 'POST',
      path: `/${req.grpc.service}/${req.grpc.method}`,
      headers: { ...http.headers, 'content-type': 'application/grpc', te: 'trailers' },
      grpc: req.grpc,
    };
  const sni = req.sni ?? (http.scheme === 'https' && !isIP(http.host) ? http.host : undefined);
  if (sni !== undefined) http = { ...http, sni: sni.toLowerCase() };
  return { ...p, http };
}

function parseTo0(req: ScenarioRequest): Parsed | undefined {
  const to = req.to;
  if (!to) return undefined;
  if (req.tcpOnly) {
    // L4 only: no HTTP request is ever sent (reference §A5: the connect phase alone).
    const p = parseTo0({ ...req, tcpOnly: false });
    if (!p) return undefined;
    const { http: _http, ...rest } = p;
    return rest;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  if ('url' in to) {
    let u: URL | undefined;
    try {
      u = new URL(to.url);
    } catch {
      u = undefined;
    }
    if (!u) return { host: to.url, proto: 'TCP', text: to.url };
    const scheme = u.protocol === 'https:' ? 'https' : 'http';
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = u.port ? Number(u.port) : scheme === 'https' ? 443 : 80;
    const query: Record<string, string> = {};
    // Gateway API HTTPQueryParamMatch: when a param name repeats, only the first entry is used.
    u.searchParams.forEach((v, k) => {
      if (!(k in query)) query[k] = v;
    });
    let path = u.pathname || '/';
    try {
      path = decodeURI(path);
    } catch {
      /* keep raw */
    }
    const hostHeader = (headers['host'] ?? host).replace(/:\d+$/, '').toLowerCase();
    return {
      host,
      port,
      proto: 'TCP',
      http: { scheme, host: hostHeader, port, path, query, method: req.method.toUpperCase(), headers },
      text: to.url,
    };
  }
  if ('host' in to) {
    const host = to.host.toLowerCase();
    // A plain TCP connection to port 80/443 still carries HTTP for an L7 proxy on the way (Host = the name).
    const http = to.protocol === 'TCP' ? plainTcpHttp(req, headers, host, to.port) : undefined;
    return {
      host,
      port: to.port,
      proto: to.protocol,
      ...(http ? { http } : {}),
      text: `${to.host}:${to.port}/${to.protocol}`,
    };
  }
  // A TCP connection to an address: an L7 proxy on the way reads HTTP with Host = the address as dialled (never
  // a post-DNAT address), and there is no TLS SNI for an IP literal (RFC 6066 §3).
  const http =
    to.protocol === 'TCP' && to.port !== undefined ? plainTcpHttp(req, headers, to.ip, to.port) : undefined;
  return {
    host: to.ip,
    ...(to.port !== undefined ? { port: to.port } : {}),
    proto: to.protocol,
    ...(http ? { http } : {}),
    text: `${to.ip}${to.port !== undefined ? `:${to.port}` : ''}/${to.protocol}`,
  };
}

/**
 * The HTTP request an L7 proxy reads on a plain TCP connection to `dialled:port` (a name or an address): `GET /`
 * with Host = the request's own Host header, else what was dialled — without a port and lower-cased (host names
 * are case-insensitive, RFC 9110 §4.2.3; HttpRequest.host is lower-case).
 */
function plainTcpHttp(
  req: ScenarioRequest,
  headers: Readonly<Record<string, string>>,
  dialled: string,
  port: number,
): HttpRequest {
  return {
    scheme: port === 443 ? 'https' : 'http',
    host: (headers['host'] ?? dialled).replace(/:\d+$/, '').toLowerCase(),
    port,
    path: '/',
    query: {},
    method: req.method.toUpperCase(),
    headers,
  };
}

interface Source {
  origin: Origin;
  ip: string;
  node?: ModelNode;
  pod?: ModelPod;
  dns: DnsClient;
  describe: string;
}

function resolveSource(ctx: Ctx, req: ScenarioRequest): Source | string {
  const f = req.from;
  const m = ctx.model;
  if ('pod' in f) {
    const pod = m.pods.get(f.pod);
    if (!pod) return `Pod ${f.pod} does not exist`;
    const container = f.container ?? pod.containers.find((c) => c.kind === 'app')?.name;
    const node = pod.nodeName !== undefined ? m.nodes.get(pod.nodeName) : undefined;
    if (pod.hostNetwork) {
      if (!node) return `hostNetwork Pod ${pod.id} is not on a modelled node`;
      const ip = pod.ip ?? nodeIP(node);
      const cluster = pod.dnsPolicy === 'ClusterFirstWithHostNet';
      const origin: Origin = {
        kind: 'host',
        node,
        pod,
        ...(container ? { container } : {}),
        emitPrefix: true,
      };
      return {
        origin,
        ip,
        node,
        pod,
        describe: `container ${container ?? '?'} in hostNetwork Pod ${pod.id}`,
        dns: {
          cluster,
          namespace: pod.namespace,
          ...(cluster ? { origin } : {}),
          srcIP: ip,
          firstHop: {
            layer: 'Node',
            at: ref.node(node),
            label: `${node.name} resolver (/etc/resolv.conf of the node)`,
          },
          pod,
        },
      };
    }
    if (pod.ip === undefined) return `Pod ${pod.id} has no IP (Pending)`;
    const origin: Origin = { kind: 'pod', pod, ...(container ? { container } : {}), emitPrefix: true };
    const cluster = pod.dnsPolicy === 'ClusterFirst' || pod.dnsPolicy === 'ClusterFirstWithHostNet';
    return {
      origin,
      ip: pod.ip,
      ...(node ? { node } : {}),
      pod,
      describe: `container ${container ?? '?'} in Pod ${pod.id}`,
      dns: {
        cluster,
        namespace: pod.namespace,
        ...(cluster ? { origin } : {}),
        srcIP: pod.ip,
        firstHop: {
          layer: 'Client',
          at: ref.pod(pod),
          label: `${pod.id} resolver (dnsPolicy ${pod.dnsPolicy})`,
        },
        pod,
        sources: pod.ips,
        dualStackClient: pod.ips.some((x) => x.includes(':')) && pod.ips.some((x) => !x.includes(':')),
      },
    };
  }
  if ('node' in f) {
    const node = m.nodes.get(f.node);
    if (!node) return `node ${f.node} does not exist`;
    const ip = nodeIP(node);
    return {
      origin: { kind: 'host', node, emitPrefix: true },
      ip,
      node,
      describe: `a process on node ${node.name}`,
      dns: {
        cluster: false,
        srcIP: ip,
        firstHop: { layer: 'Node', at: ref.node(node), label: `${node.name} resolver` },
      },
    };
  }
  const e = f.external;
  return {
    origin: { kind: 'external', name: e.name, ip: e.ip },
    ip: e.ip,
    describe: `${e.name} (${e.ip})`,
    dns: {
      cluster: false,
      srcIP: e.ip,
      firstHop: { layer: 'Client', at: ref.client(e.name), label: `${e.name} resolver` },
    },
  };
}

/** The client's own address of `dst`'s family (undefined: it has none, e.g. an IPv4-only Pod and an IPv6 literal). */
function sourceFor(src: Source, dst: string): string | undefined {
  const v6 = dst.includes(':');
  if (src.ip.includes(':') === v6) return src.ip;
  if (src.pod && !src.pod.hostNetwork) return src.pod.ips.find((x) => x.includes(':') === v6);
  if (src.node) return src.node.addresses.find((x) => x.includes(':') === v6);
  return undefined;
}

/**
 * A literal of a family the client has no address of: connect() fails at once (ENETUNREACH, "Network is
 * unreachable") — no route of that family in the client's network namespace; nothing leaves it (R13.3).
 */
function noSourceOfFamily(ctx: Ctx, st: PState, src: Source, dst: string): Done {
  const fam = dst.includes(':') ? 'IPv6' : 'IPv4';
  const reason = `${src.describe} has no ${fam} address (${src.pod ? `status.podIPs: ${src.pod.ips.join(', ')}` : src.ip}), so it has no ${fam} route: connect() to ${dst} fails at once with ENETUNREACH (Network is unreachable); nothing is sent (R13.3)`;
  ctx.rules.add('R13.3');
  const o = src.origin;
  // The one hop: where connect() failed (the client's container, the external client, or the node itself).
  const at =
    (o.kind === 'pod' || o.kind === 'host') && o.pod && o.container
      ? ({
          layer: 'Container',
          at: ref.container(o.pod, o.container),
          who: `${o.container} connect ${dst}`,
        } as const)
      : o.kind === 'external'
        ? ({ layer: 'Client', at: ref.client(o.name), who: o.name } as const)
        : o.kind === 'host'
          ? ({ layer: 'Node', at: ref.node(o.node), who: o.node.name } as const)
          : undefined;
  const s = at
    ? hop(ctx, st, {
        layer: at.layer,
        at: at.at,
        label: `${at.who}: no ${fam} route`,
        steps: [reason],
        rule: 'R13.3',
      })
    : st;
  return finish(ctx, s, 'NO_ROUTE', reason, 'R13.3');
}

const SYMPTOM: Record<string, Symptom> = {
  DELIVERED: 'OK',
  REFUSED: 'CONNECTION_REFUSED',
  RESET: 'CONNECTION_RESET',
  DROPPED: 'TIMEOUT',
  DENIED_IN: 'TIMEOUT',
  DENIED_OUT: 'TIMEOUT',
  NO_ROUTE: 'TIMEOUT',
  NXDOMAIN: 'NAME_NOT_RESOLVED',
  DNS_TIMEOUT: 'NAME_NOT_RESOLVED',
  NODATA: 'NAME_NOT_RESOLVED',
  MTU_BLACKHOLE: 'TIMEOUT',
  EXITS_CLUSTER: 'LEFT_CLUSTER',
};

function symptomOf(ctx: Ctx, d: Disposition, dnsFailed: boolean): Symptom {
  if (dnsFailed) return 'NAME_NOT_RESOLVED';
  if (d.startsWith('HTTP_') || d.startsWith('GRPC_')) return 'HTTP_RESPONSE';
  if ((d === 'DENIED_IN' || d === 'DENIED_OUT') && ctx.s.networkPolicy.denyAction === 'reject')
    return 'CONNECTION_REFUSED';
  return SYMPTOM[d] ?? 'TIMEOUT';
}

/** The path's hops with ids by position (a hop appended at another position, e.g. after a trimmed one, is copied). */
function pathHops(hops: Hop[]): Hop[] {
  for (let j = 0; j < hops.length; j++) {
    const h = hops[j]!;
    if (h.id !== hopId(j)) hops[j] = { ...h, id: hopId(j) };
  }
  return hops;
}

function toPaths(done: Done[]): TracePath[] {
  const total = done.reduce((a, d) => a + d.weight, 0) || 1;
  return done.map((d, i) => {
    const p: TracePath = {
      id: `p${i + 1}`,
      weight: d.weight / total,
      choice: d.choices.length > 0 ? d.choices.join('; ') : 'the only path',
      // Hops are immutable and already carry their position as id (state.ts hop()): share them between
      // alternatives (paths forked after a common prefix) and copy only a hop whose id is off.
      hops: pathHops(d.hops.toArray()),
      disposition: d.disposition,
      reason: d.reason,
      masqueraded: d.masq,
    };
    if (d.endpoint) p.endpoint = d.endpoint;
    if (
      d.disposition === 'DELIVERED' ||
      d.disposition === 'EXITS_CLUSTER' ||
      d.disposition.startsWith('HTTP_') ||
      d.disposition.startsWith('GRPC_') ||
      d.endpoint
    )
      p.sourceSeenByDestination = d.pkt.src;
    return p;
  });
}

/**
 * The set-level outcome (types.ts SetOutcome): shares summed per disposition, largest first, equal shares (within
 * 1e-9) by disposition name — so the result never depends on the order the alternatives were produced in.
 */
export function setOutcome(paths: readonly TracePath[]): SetOutcome {
  const w = new Map<Disposition, number>();
  for (const p of paths) w.set(p.disposition, (w.get(p.disposition) ?? 0) + p.weight);
  const shares = [...w]
    .map(([disposition, weight]) => ({ disposition, weight }))
    .sort((a, b) =>
      Math.abs(a.weight - b.weight) > 1e-9
        ? b.weight - a.weight
        : a.disposition < b.disposition
          ? -1
          : a.disposition > b.disposition
            ? 1
            : 0,
    );
  if (shares.length === 1) return { kind: 'single', disposition: shares[0]!.disposition };
  return { kind: 'split', shares };
}

function overall(outcome: SetOutcome): Disposition {
  return outcome.kind === 'single' ? outcome.disposition : (outcome.shares[0]?.disposition ?? 'DROPPED');
}

function summarise(src: Source | undefined, req: ScenarioRequest, p: Parsed | undefined): string {
  return `${what(src, req, p)}${requestDetails(req)}`;
}

/**
 * What sets a request apart beyond its URL — a scenario's requests often differ only here (the family asked for,
 * the resolver, the sizes, the narrow link on the way), and the learner picks one of them by its summary.
 */
function requestDetails(req: ScenarioRequest): string {
  const d: string[] = [];
  if (req.ipFamily)
    d.push(
      req.ipFamily === 'IPv6'
        ? 'asking for IPv6 addresses only (AF_INET6, like curl -6)'
        : 'asking for IPv4 addresses only (AF_INET, like curl -4)',
    );
  if (req.resolver === 'musl') d.push("with musl's resolver (Alpine)");
  else if (req.resolver === 'go') d.push("with Go's resolver");
  if (req.requestBytes !== undefined) d.push(`uploading ${bytes(req.requestBytes)}`);
  if (req.responseBytes !== undefined) d.push(`answer ${bytes(req.responseBytes)}`);
  const link = req.clientPath;
  if (link)
    d.push(
      `through ${link.name} (MTU ${link.mtu}${link.icmpFragNeeded === 'filtered' ? ', its ICMP filtered' : ''}${link.clampsMss ? ', MSS clamped' : ''})`,
    );
  return d.length > 0 ? ` — ${d.join(', ')}` : '';
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

function what(src: Source | undefined, req: ScenarioRequest, p: Parsed | undefined): string {
  const who = src ? src.describe : 'client';
  if (req.packet)
    return `A packet ${req.packet.src} → ${req.packet.dst}${req.packet.dstPort ? `:${req.packet.dstPort}` : ''}/${req.packet.protocol} (${req.packet.sourceKind} source${req.packet.arrivesAt ? `, arriving at ${req.packet.arrivesAt}` : ''})`;
  if (req.tcpOnly)
    return `${who} opens a TCP connection to ${p?.text ?? '?'} and sends nothing (an L4 check)`;
  if (p?.http?.grpc) return `${who} calls gRPC ${p.http.grpc.service}/${p.http.grpc.method} on ${p.text}`;
  if (p?.http && req.to && 'url' in req.to) return `${who} sends ${p.http.method} ${p.text}`;
  return `${who} connects to ${p?.text ?? '?'}`;
}

/**
 * R-rules in numeric order (R3.2 < R3.10 < R10.1), then the reference's model sections (§A2, §A3.3) in text order.
 * Each rule's numbers are parsed once, not in every comparison.
 */
function sortRules(rules: ReadonlySet<string>): string[] {
  const keyed = [...rules].map((r) => {
    const section = r.startsWith('§');
    const p = section ? [] : r.slice(1).split('.').map(Number);
    return { r, section, major: p[0] ?? 0, minor: p[1] ?? 0 };
  });
  keyed.sort((a, b) => {
    if (a.section || b.section)
      return a.section && b.section ? (a.r < b.r ? -1 : a.r > b.r ? 1 : 0) : a.section ? 1 : -1;
    return a.major - b.major || a.minor - b.minor;
  });
  return keyed.map((k) => k.r);
}

/** The continuations step modules reach through `ctx.flow` (state.ts Flow): wired here, at the top. */
const FLOW: Flow = { connect, atNode, handleL7, cloudLbPath, externalIpEntry };

function makeCtx(model: ClusterModel, req: ScenarioRequest): Ctx {
  return {
    model,
    s: model.settings,
    req,
    rules: new Set(),
    flow: FLOW,
  };
}

/** Trace a raw packet (upstream-test style: source IP, destination, arriving at a node). */
function tracePacket(ctx: Ctx, req: ScenarioRequest): Done[] {
  const pk = req.packet!;
  const m = ctx.model;
  const dst: Dest = {
    ip: pk.dst,
    ...(pk.dstPort !== undefined ? { port: pk.dstPort } : {}),
    proto: pk.protocol,
  };
  let st = newState({
    src: pk.src,
    srcPort: pk.srcPort ?? 'ephemeral',
    dst: pk.dst,
    ...(pk.dstPort !== undefined ? { dstPort: pk.dstPort } : {}),
    protocol: pk.protocol === 'SCTP' ? 'TCP' : pk.protocol,
  });
  const srcPod = m.podsByIP.get(pk.src);
  let node = pk.arrivesAt !== undefined ? m.nodes.get(pk.arrivesAt) : undefined;
  if (pk.sourceKind === 'pod') {
    if (!node && srcPod?.nodeName) node = m.nodes.get(srcPod.nodeName);
    if (srcPod && !srcPod.hostNetwork && (!node || srcPod.nodeName === node.name))
      return connect(ctx, st, { kind: 'pod', pod: srcPod, emitPrefix: true }, dst);
    if (!node) return [finish(ctx, st, 'DROPPED', `no node given for the packet from ${pk.src}`, 'R2.1')];
    st = hop(ctx, st, {
      layer: 'Pod',
      at: srcPod ? ref.pod(srcPod) : ref.ip(pk.src),
      label: `Pod ${pk.src}`,
      steps: [`packet from Pod address ${pk.src}`],
      rule: 'R2.1',
    });
    st = hop(ctx, st, {
      layer: 'CNI',
      at: ref.cni(node),
      label: `${node.name} Pod interface`,
      steps: [`${pk.src} → ${node.name} (Pod veth) → nat PREROUTING`],
      rule: 'R2.2',
    });
    return atNode(ctx, { ...st, ...(srcPod ? { srcPod } : {}) }, node, dst, {
      from: 'pod',
      hook: 'PREROUTING',
    });
  }
  if (pk.sourceKind === 'node') {
    if (!node) node = m.nodesByIP.get(pk.src);
    if (!node) return [finish(ctx, st, 'DROPPED', `no node owns ${pk.src}`, 'R1.6')];
    if (pk.arrivesAt !== undefined && m.nodesByIP.get(pk.src)?.name !== node.name) {
      // Another host's packet arriving on the wire at `arrivesAt`.
      st = hop(ctx, st, {
        layer: 'Node',
        at: ref.node(node),
        label: `${node.name} eth0 ← ${pk.src}`,
        steps: [`${node.name} eth0 ← ${pk.src} → ${pk.dst}:${pk.dstPort ?? ''}`],
        rule: 'R4.2',
      });
      return atNode(ctx, st, node, dst, { from: 'wire', hook: 'PREROUTING' });
    }
    return connect(ctx, st, { kind: 'host', node, emitPrefix: true }, dst);
  }
  st = hop(ctx, st, {
    layer: 'Client',
    at: ref.client(pk.src),
    label: `client ${pk.src}`,
    steps: [`${pk.src}:${pk.srcPort ?? 'E'} → ${pk.dst}:${pk.dstPort ?? ''}/${pk.protocol}`],
    rule: clientRule(ctx, pk.dst),
  });
  if (node) {
    st = hop(ctx, st, {
      layer: 'Node',
      at: ref.node(node),
      label: `${node.name} eth0 ← ${pk.src}`,
      steps: [`${node.name} receives ${pk.src} → ${pk.dst}:${pk.dstPort ?? ''}`],
      rule: 'R4.2',
    });
    return atNode(ctx, st, node, dst, { from: 'wire', hook: 'PREROUTING' });
  }
  return externalArrival(ctx, st, pk.src, dst);
}

function traceRequest(
  ctx: Ctx,
  req: ScenarioRequest,
): { done: Done[]; dns?: TraceSet['dns']; dnsFailed: boolean; src?: Source; parsed?: Parsed } {
  if (req.packet) return { done: tracePacket(ctx, req), dnsFailed: false };
  const parsed = parseTo(req);
  const src = resolveSource(ctx, req);
  if (typeof src === 'string' || !parsed) {
    const reason = typeof src === 'string' ? src : 'the request has no destination';
    return {
      done: [finish(ctx, newState({ src: '?', dst: '?', protocol: 'TCP' }), 'DROPPED', reason, 'R2.1')],
      dnsFailed: false,
    };
  }
  // The source address of the destination's family (a dual-stack Pod has one per family, R13.3).
  const base = (ip: string): PState => ({
    ...newState({
      src: sourceFor(src, ip) ?? src.ip,
      srcPort: 'ephemeral',
      dst: ip,
      ...(parsed.port !== undefined ? { dstPort: parsed.port } : {}),
      protocol: parsed.proto === 'SCTP' ? 'TCP' : parsed.proto,
    }),
    ...(parsed.http ? { http: parsed.http } : {}),
  });
  // /etc/hosts: localhost (and the Pod's own hostname) never reach DNS.
  if (
    parsed.host === 'localhost' ||
    (src.pod && !src.pod.hostNetwork && parsed.host === (src.pod.hostname ?? src.pod.name))
  ) {
    const ip = parsed.host === 'localhost' ? '127.0.0.1' : src.ip;
    return {
      done: connect(ctx, base(ip), src.origin, {
        ip,
        ...(parsed.port !== undefined ? { port: parsed.port } : {}),
        proto: parsed.proto,
      }),
      dnsFailed: false,
      src,
      parsed,
    };
  }
  if (isIP(parsed.host) && sourceFor(src, parsed.host) === undefined)
    return {
      done: [noSourceOfFamily(ctx, base(parsed.host), src, parsed.host)],
      dnsFailed: false,
      src,
      parsed,
    };
  if (isIP(parsed.host))
    return {
      done: connect(ctx, base(parsed.host), src.origin, {
        ip: parsed.host,
        ...(parsed.port !== undefined ? { port: parsed.port } : {}),
        proto: parsed.proto,
      }),
      dnsFailed: false,
      src,
      parsed,
    };

  // A managed API gateway in front of the cluster owns its public host (R9.1).
  {
    for (const gw of ctx.model.apiGateways.values()) {
      if (gw.placement === 'front' && gw.publicHost && gw.publicHost.toLowerCase() === parsed.host) {
        let st = base(parsed.host);
        const o = src.origin;
        if (o.kind === 'external')
          st = hop(ctx, st, {
            layer: 'Client',
            at: ref.client(o.name),
            label: `${o.name} ${src.ip} → https://${parsed.host}`,
            steps: [`${parsed.http?.method ?? 'GET'} ${parsed.text}`],
            rule: 'R9.1',
          });
        else {
          // In-cluster caller: out through its node's egress (masqueraded), like any destination outside the cluster.
          const n = o.kind === 'host' ? o.node : src.node;
          // A Pod origin always has its Pod; a host origin has one only for a hostNetwork Pod (R1.6), which has
          // no eth0/veth of its own: it sends from the node's network namespace.
          const pod = o.pod;
          const hostNet = o.kind === 'host';
          if (pod && o.container)
            st = hop(ctx, st, {
              layer: 'Container',
              at: ref.container(pod, o.container),
              label: `${o.container} → https://${parsed.host}`,
              steps: [`${parsed.http?.method ?? 'GET'} ${parsed.text}`],
              rule: hostNet ? 'R1.6' : 'R1.1',
            });
          if (pod)
            st = hop(ctx, st, {
              layer: 'Pod',
              at: ref.pod(pod),
              label: hostNet
                ? `hostNetwork pod ${pod.name} (node netns, IP ${src.ip})`
                : `pod ${pod.name} eth0 ${src.ip}`,
              steps: hostNet
                ? [`${pod.id} uses ${n?.name ?? 'its node'}'s network namespace: no veth (R1.6)`]
                : [],
              rule: hostNet ? 'R1.6' : 'R2.1',
            });
          if (n && o.kind === 'pod') st = podEgressHop(ctx, st, n, o.pod.name, src.ip);
          if (n) {
            st = hop(ctx, st, {
              layer: 'Node',
              at: ref.node(n),
              label: `${n.name} egress via eth0`,
              steps: [
                `route to ${parsed.host}: default via ${ctx.s.underlay?.gateway ?? 'gateway'} dev eth0`,
              ],
              rule: 'R6.3',
            });
            if (o.kind === 'pod' && ctx.s.cni.masqueradeOutbound) st = snat(st, nodeIP(n));
          }
        }
        const http: HttpRequest = parsed.http ?? {
          scheme: 'https',
          host: parsed.host,
          port: parsed.port ?? 443,
          path: '/',
          query: {},
          method: req.method,
          headers: {},
        };
        const resolution = {
          query: parsed.host,
          tried: [{ name: parsed.host, result: 'ANSWER' as const, server: 'public' as const }],
          answers: [`${gw.name} endpoint`],
          kind: 'PUBLIC' as const,
          hops: [],
          rule: 'R9.1',
        };
        return {
          done: handleApiGatewayFront(ctx, st, gw, http),
          dns: resolution,
          dnsFailed: false,
          src,
          parsed,
        };
      }
    }
  }
  const r = resolve(ctx, parsed.host, {
    ...src.dns,
    ...(req.ipFamily ? { family: req.ipFamily === 'IPv6' ? (6 as const) : (4 as const) } : {}),
    ...(req.resolver ? { resolver: req.resolver } : {}),
  });
  if (!r.answer) return { done: r.failure?.paths ?? [], dns: r.resolution, dnsFailed: true, src, parsed };
  const ips = r.answer.ips;
  // A LoadBalancer known only by its DNS name (status.loadBalancer.ingress[].hostname): remember which Service
  // the resolved addresses belong to — looked up by the names resolved (model.cloudLbsByHostname), in the cloud
  // LBs' order, so the last matching LB owns an address (as a walk over every cloud LB would give).
  const names = new Set([parsed.host, ...r.answer.cnames.map((c) => c.toLowerCase())]);
  const owners = new Map<number, ModelService>();
  for (const n of names)
    for (const e of ctx.model.cloudLbsByHostname.get(n) ?? []) owners.set(e.order, e.service);
  for (const o of [...owners.keys()].sort((a, b) => a - b)) {
    ctx.lbByResolvedIP ??= new Map();
    for (const ip of ips) ctx.lbByResolvedIP.set(ip, owners.get(o)!);
  }
  const out: Done[] = [];
  for (const ip of ips) {
    let st = base(ip);
    if (r.answer.selection) st = branch(st, 1, `address selection: ${r.answer.selection} (R13.4)`);
    if (ips.length > 1)
      st = branch(
        st,
        1 / ips.length,
        `DNS answer ${ip} (the client picks one of ${ips.length} A records${r.answer.kind === 'POD_IPS' ? ', headless Service: no load balancing by the cluster, R6.1' : ''})`,
      );
    out.push(
      ...connect(ctx, st, src.origin, {
        ip,
        ...(parsed.port !== undefined ? { port: parsed.port } : {}),
        proto: parsed.proto,
      }),
    );
  }
  return { done: out, dns: r.resolution, dnsFailed: false, src, parsed };
}

/** The TraceSet of an internal engine failure: no paths, never graded or published (types.ts ENGINE_ERROR). */
function engineError(model: ClusterModel, req: ScenarioRequest, message: string): TraceSet {
  return {
    requestId: req.id,
    summary: `request ${req.id} of scenario ${model.id}`,
    disposition: 'ENGINE_ERROR',
    outcome: { kind: 'single', disposition: 'ENGINE_ERROR' },
    symptom: 'ENGINE_ERROR',
    reason: `internal engine error while tracing request ${req.id} of scenario ${model.id}: ${message}`,
    rules: [],
    paths: [],
    warnings: [...model.warnings],
    engineError: message,
  };
}

/** The request by id through the model's index (a model copied with other `requests` falls back to a scan). */
function findRequest(model: ClusterModel, id: string): ScenarioRequest | undefined {
  const i = model.requestIndex.get(id);
  const r = i === undefined ? undefined : model.requests[i];
  return r?.id === id ? r : model.requests.find((x) => x.id === id);
}

/** Trace one request (default: the scenario's first request). */
export function trace(model: ClusterModel, requestId?: string): TraceSet {
  const req = requestId === undefined ? model.requests[0] : findRequest(model, requestId);
  if (!req) {
    return {
      requestId: requestId ?? '',
      summary: `no request ${requestId ?? ''} in scenario ${model.id}`,
      disposition: 'DROPPED',
      outcome: { kind: 'single', disposition: 'DROPPED' },
      symptom: 'TIMEOUT',
      reason: `scenario ${model.id} has no request "${requestId ?? ''}"`,
      rules: [],
      paths: [],
      warnings: [...model.warnings],
    };
  }
  const ctx = makeCtx(model, req);
  let res: ReturnType<typeof traceRequest>;
  try {
    res = traceRequest(ctx, req);
  } catch (e) {
    // A valid model must never make trace throw. When it does, that is the engine's bug, not a networking
    // outcome: say so (ENGINE_ERROR, no paths) instead of a normal-looking DROPPED path learners are graded on.
    return engineError(model, req, e instanceof Error ? e.message : String(e));
  }
  if (res.done.length === 0) {
    if (!res.dnsFailed) return engineError(model, req, 'the engine produced no path for the request');
    res.done = [
      finish(
        ctx,
        newState({ src: '?', dst: '?', protocol: 'TCP' }),
        'NXDOMAIN',
        'name resolution failed',
        'R3.4',
      ),
    ];
  }
  // The MTU check of a sized request (R15): after the walk, on the delivered paths.
  if (req.responseBytes !== undefined || req.requestBytes !== undefined)
    res.done = res.done.map((d) => applyMtu(ctx, d));
  const paths = toPaths(res.done);
  const outcome = setOutcome(paths);
  const disposition = overall(outcome);
  const same = paths.filter((p) => p.disposition === disposition);
  const first = same[0];
  let reason = first?.reason ?? '';
  if (paths.length > 1 && same.length === paths.length && disposition === 'DELIVERED') {
    const eps = [...new Set(paths.map((p) => p.endpoint?.object).filter((x): x is string => !!x))];
    if (eps.length > 1) {
      const masq = paths.every((p) => p.masqueraded)
        ? '; the source is masqueraded'
        : paths.some((p) => p.masqueraded)
          ? '; masqueraded on some alternatives'
          : '; no source NAT';
      reason = `delivered to one of ${eps.length} endpoints (${eps.join(', ')}), each an equally valid alternative${masq}`;
    }
  } else if (same.length !== paths.length) {
    const parts =
      outcome.kind === 'split'
        ? outcome.shares.map((x) => `${x.disposition} ${Math.round(x.weight * 100)}%`)
        : [];
    reason = `${reason} (split outcome: ${parts.join(', ')})`;
  }
  const ts: TraceSet = {
    requestId: req.id,
    summary: summarise(res.src, req, res.parsed),
    disposition,
    outcome,
    symptom: symptomOf(ctx, disposition, res.dnsFailed),
    reason,
    rules: sortRules(ctx.rules),
    paths,
    warnings: [...model.warnings],
  };
  if (res.dns) ts.dns = res.dns;
  return ts;
}

/** Trace every request of the scenario, in order. */
export function traceAll(model: ClusterModel): TraceSet[] {
  return model.requests.map((r) => trace(model, r.id));
}
