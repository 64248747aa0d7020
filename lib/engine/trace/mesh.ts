/**
 * Istio sidecar mode (reference B14, R14.1–R14.7): a meshed Pod's outbound TCP is redirected to its Envoy, which
 * picks the endpoint itself and opens a new connection to a Pod IP (kube-proxy's Service rules never match it);
 * a meshed Pod's inbound TCP is redirected to Envoy's inbound listener before the app, which checks mTLS against
 * the PeerAuthentication and then connects to the app locally from 127.0.0.6.
 *
 * Sidecar mode only (no ambient / ztunnel). Whether a packet is captured comes from walking the rules istio-init
 * wrote (mesh-capture.ts), read from the injected Pod spec.
 */
import type { Endpoint, ModelPod, ModelService, ModelServicePort } from '../model';
import type { K8sPod } from '../../scenario';
import type { Disposition, KernelView } from '../types';
import { istioPortProtocol as portProtocol, vipKey } from '../build/common';
import { EXAMPLE_EPHEMERAL_PORT } from '../wire-text';
import {
  type CaptureConfig,
  type CaptureResult,
  captureFromAnnotations,
  captureFromArgs,
  walkCapture,
} from './mesh-capture';
import {
  type Ctx,
  type Dest,
  type Done,
  type PState,
  branch,
  copyHop,
  copyState,
  finish,
  hop,
  note,
  ref,
  withLastHop,
  withPkt,
} from './state';
import { endpointPod } from './endpoints';

/** The injected sidecar of a Pod (R14.1). */
export interface Sidecar {
  /** The proxy container's name (istio-proxy). */
  container: string;
  uid: number;
  gid: number;
  config: CaptureConfig;
  /** Where the capture settings came from. */
  source: 'istio-init' | 'annotations';
}

const PROXY = 'istio-proxy';
const cache = new WeakMap<ModelPod, Sidecar | null>();

/** The Pod's sidecar, read from its spec: an `istio-proxy` container (app container or native sidecar). */
export function sidecarOf(pod: ModelPod): Sidecar | undefined {
  // Most Pods have no istio-proxy container: answered from the Pod's own fields, nothing cached (a cache entry per Pod
  // a trace reaches grew with the cluster, ADR 027). Meshed Pods are few; their parsed capture settings are cached.
  if (!pod.hasContainer(PROXY)) return undefined;
  const hit = cache.get(pod);
  if (hit !== undefined) return hit ?? undefined;
  const proxy = containerNamed(pod, PROXY);
  let out: Sidecar | null = null;
  if (proxy && pod.containers.some((c) => c.name === PROXY && c.running)) {
    const init = pod.raw.spec.initContainers.find((c) => c.name === 'istio-init' && c.args.length > 0);
    const fromArgs = init ? captureFromArgs(init.args) : undefined;
    const config = fromArgs?.config ?? captureFromAnnotations(pod.raw.metadata.annotations);
    const uid = proxy.securityContext?.runAsUser ?? Number(config.proxyUID.split(',')[0] ?? 1337);
    const gid = proxy.securityContext?.runAsGroup ?? Number(config.proxyGID.split(',')[0] ?? 1337);
    out = { container: PROXY, uid, gid, config, source: init ? 'istio-init' : 'annotations' };
  }
  cache.set(pod, out);
  return out ?? undefined;
}

/** The Pod's app or init container called `name` (app containers first, as the spec lists them). */
type K8sContainer = K8sPod['spec']['containers'][number];

function containerNamed(pod: ModelPod, name: string): K8sContainer | undefined {
  const spec = pod.raw.spec;
  for (const c of spec.containers) if (c.name === name) return c;
  for (const c of spec.initContainers) if (c.name === name) return c;
  return undefined;
}

/** The UID/GID a container's process runs as, when its securityContext says so. */
export function containerIds(pod: ModelPod, container: string | undefined): { uid?: number; gid?: number } {
  if (!container) return {};
  const c = containerNamed(pod, container);
  const out: { uid?: number; gid?: number } = {};
  if (typeof c?.securityContext?.runAsUser === 'number') out.uid = c.securityContext.runAsUser;
  if (typeof c?.securityContext?.runAsGroup === 'number') out.gid = c.securityContext.runAsGroup;
  return out;
}

const ROOT_NAMESPACE = 'istio-system';

/**
 * The PeerAuthentication mode for `pod`'s `port` (R14.6): workload (selector; portLevelMtls first) over namespace
 * over mesh-wide (root namespace, no selector); UNSET inherits; nothing = PERMISSIVE.
 */
export function peerAuthMode(ctx: Ctx, pod: ModelPod, port: number): { mode: string; by: string } {
  const pas = ctx.model.peerAuthentications;
  const modeOf = (m: string | undefined) => (m && m !== 'UNSET' ? m : undefined);
  const id = (p: (typeof pas)[number]) => `PeerAuthentication ${p.metadata.namespace}/${p.metadata.name}`;
  for (const p of pas) {
    const sel = p.spec.selector?.matchLabels;
    if (p.metadata.namespace !== pod.namespace || !sel || Object.keys(sel).length === 0) continue;
    if (!Object.entries(sel).every(([k, v]) => pod.labels[k] === v)) continue;
    const pl = modeOf(p.spec.portLevelMtls?.[String(port)]?.mode);
    if (pl) return { mode: pl, by: `${id(p)} portLevelMtls ${port}` };
    const m = modeOf(p.spec.mtls?.mode);
    if (m) return { mode: m, by: id(p) };
  }
  const noSel = (p: (typeof pas)[number]) =>
    !p.spec.selector?.matchLabels || Object.keys(p.spec.selector.matchLabels).length === 0;
  for (const ns of [pod.namespace, ROOT_NAMESPACE]) {
    const p = pas.find((x) => x.metadata.namespace === ns && noSel(x) && modeOf(x.spec.mtls?.mode));
    if (p) return { mode: modeOf(p.spec.mtls?.mode) as string, by: id(p) };
  }
  return { mode: 'PERMISSIVE', by: 'no PeerAuthentication (Istio’s default)' };
}

/** Attach a kernel view to the last hop. */
function withKernel(st: PState, kernel: KernelView): PState {
  const last = st.hops.last;
  return last ? withLastHop(st, copyHop(last, kernel)) : st;
}

function rulesView(pod: ModelPod, c: CaptureResult, conntrack?: string, note?: string): KernelView {
  const v: KernelView = {
    rules: {
      command: `istio-iptables → iptables-restore, nat table in ${pod.name}'s network namespace`,
      lines: c.walked,
    },
  };
  if (conntrack) v.conntrack = conntrack;
  if (note) v.note = note;
  return v;
}

/** Walk the source Pod's ISTIO_OUTPUT for a new TCP connection from `container` (or from Envoy, `uid`). */
export function outboundCapture(
  pod: ModelPod,
  side: Sidecar,
  dst: Dest,
  ids: { uid?: number; gid?: number },
): CaptureResult {
  return walkCapture(side.config, {
    hook: 'OUTPUT',
    proto: dst.proto === 'TCP' ? 'TCP' : dst.proto === 'UDP' ? 'UDP' : 'ICMP',
    src: pod.ip ?? '0.0.0.0',
    dst: dst.ip,
    ...(dst.port !== undefined ? { dport: dst.port } : {}),
    oif: 'eth0',
    ...ids,
  });
}

/** The kernel view for a connection that passed ISTIO_OUTPUT uncaptured (Pod hop of the source). */
export function passedView(pod: ModelPod, c: CaptureResult): KernelView {
  return rulesView(pod, c);
}

function isHttp(ctx: Ctx): boolean {
  return !ctx.req.tcpOnly && !!ctx.req.to && 'url' in ctx.req.to;
}

function fqdn(ctx: Ctx, svc: ModelService): string {
  return `${svc.name}.${svc.namespace}.svc.${ctx.s.domain}`;
}

/**
 * R14.3 (istio.io "Understanding Traffic Routing"): an HTTP request is routed by port and Host header, not by the
 * destination IP. The port's route has one virtual host per Service with that port, whose domains are
 * `<name>.<ns>.svc.<domain>`, `<name>.<ns>.svc`, `<name>.<ns>`, the ClusterIP, and the short `<name>` for a Service in
 * the client's own namespace (pilot httproute.go generateVirtualHostDomains).
 */
function serviceByHost(
  ctx: Ctx,
  host: string,
  port: number,
  clientNs: string,
): { svc: ModelService; sp: ModelServicePort } | undefined {
  const withPort = (svc: ModelService | undefined) => {
    const sp =
      svc && !svc.headless ? svc.ports.find((p) => p.port === port && p.protocol === 'TCP') : undefined;
    return svc && sp ? { svc, sp } : undefined;
  };
  const ref4 = ctx.model.servicePortsByVip.get(vipKey(host, port, 'TCP'));
  if (ref4) return withPort(ref4.service);
  const [name, ns, ...rest] = host.split('.');
  const tail = rest.join('.');
  if (!name || (tail !== '' && tail !== 'svc' && tail !== `svc.${ctx.s.domain}`)) return undefined;
  if (ns === undefined) return withPort(ctx.model.services.get(`${clientNs}/${name}`));
  return withPort(ctx.model.services.get(`${ns}/${name}`));
}

/**
 * The app's connection was redirected to Envoy's outbound listener (R14.2): Envoy reads the original destination,
 * picks an endpoint from EDS (R14.3), decides mTLS (R14.4) and opens its own connection.
 */
export function meshOutbound(
  ctx: Ctx,
  st0: PState,
  pod: ModelPod,
  side: Sidecar,
  cap: CaptureResult,
  dst: Dest,
): Done[] {
  const port = dst.port ?? 0;
  const proxyPort = cap.redirectTo ?? Number(side.config.proxyPort);
  const podIP = pod.ip ?? '0.0.0.0';
  const conntrack = `tcp      6 120 SYN_SENT src=${podIP} dst=${dst.ip} sport=${EXAMPLE_EPHEMERAL_PORT} dport=${port} [UNREPLIED] src=127.0.0.1 dst=${podIP} sport=${proxyPort} dport=${EXAMPLE_EPHEMERAL_PORT} mark=0 use=1`;
  const note = `${EXAMPLE_EPHEMERAL_PORT} stands for the app's ephemeral source port. Envoy reads the original destination (${dst.ip}:${port}) back from this entry with getsockopt(SO_ORIGINAL_DST).`;
  const ref4 = ctx.model.servicePortsByVip.get(vipKey(dst.ip, port, 'TCP'));
  const byIP = ref4 && !ref4.service.headless ? { svc: ref4.service, sp: ref4.port } : undefined;
  // R14.3: a port declared HTTP (http*, grpc* name or appProtocol) has the shared 0.0.0.0_<port> listener, whose
  // route picks the Service by Host; an opaque or undeclared (sniffed) port has a listener per ClusterIP:port, whose
  // route holds that one Service (pilot getVirtualHostsForSniffedServicePort: domains "*").
  const host = isHttp(ctx) ? st0.http?.host : undefined;
  const httpListener = byIP ? portProtocol(byIP.sp) === 'http' : ctx.model.meshHttpPorts.has(port);
  const byHost =
    host !== undefined && httpListener
      ? { host, hit: serviceByHost(ctx, host, port, pod.namespace) }
      : undefined;
  const chosen = byHost ? byHost.hit : byIP;
  const svc = chosen?.svc;
  const sp = chosen?.sp;
  const how =
    byHost && svc
      ? `HTTP: Envoy's listener for port ${port} routes each request by port and Host header "${byHost.host}", not by the destination IP — virtual host ${fqdn(ctx, svc)}:${port}`
      : svc && sp
        ? `${dst.ip}:${port} is ${svc.id} port ${sp.port} (${portProtocol(sp) === 'opaque' ? `port "${sp.name}": opaque TCP` : `port "${sp.name}" declares no protocol: sniffed`}; Envoy's listener for ${dst.ip}:${port} routes by destination IP and port)`
        : '';
  const capture = [
    `${pod.name} netns nat OUTPUT → ISTIO_OUTPUT → ISTIO_REDIRECT: REDIRECT --to-ports ${proxyPort} (${dst.ip}:${port} → 127.0.0.1:${proxyPort}; R14.2)`,
    `Envoy's outbound listener 0.0.0.0:${proxyPort} accepts; the original destination ${dst.ip}:${port} comes from conntrack (SO_ORIGINAL_DST)`,
  ];
  const base = (steps: string[]): PState =>
    withKernel(
      hop(ctx, st0, {
        layer: 'Container',
        at: ref.container(pod, side.container),
        label: `${side.container} (Envoy) outbound listener :${proxyPort}`,
        steps: [...capture, ...steps],
        rewrites: [
          {
            kind: 'DNAT',
            from: `${dst.ip}:${port}`,
            to: `127.0.0.1:${proxyPort}`,
            note: `ISTIO_REDIRECT REDIRECT --to-ports ${proxyPort} in the Pod's netns (R14.2)`,
          },
        ],
        rule: 'R14.2',
      }),
      rulesView(pod, cap, conntrack, note),
    );
  const upstream = (s: PState, target: Dest, mtls: boolean): Done[] => {
    const next = copyState(s);
    next.viaService = undefined;
    next.pkt = {
      src: podIP,
      srcPort: 'ephemeral',
      dst: target.ip,
      dstPort: target.port ?? 0,
      protocol: 'TCP',
    };
    next.preNatSrc = podIP;
    next.nodeSnat = undefined;
    next.srcPod = pod;
    next.mesh = { mtls, client: pod.id };
    return ctx.flow.connect(
      ctx,
      next,
      { kind: 'pod', pod, emitPrefix: true, uid: side.uid, gid: side.gid },
      target,
    );
  };
  if (!svc || !sp) {
    // R14.3: no Service owns the address (or, for HTTP, the Host) → PassthroughCluster (ORIGINAL_DST, plaintext).
    const s = base([
      byHost
        ? `HTTP: Envoy's listener for port ${port} routes by port and Host header, and no Service's virtual host matches "${byHost.host}": the allow_any virtual host sends the request to PassthroughCluster (outboundTrafficPolicy ALLOW_ANY, the default) — Envoy connects to the original destination ${dst.ip}:${port} itself, in plaintext (R14.3)`
        : `no Service owns ${dst.ip}:${port}: PassthroughCluster (outboundTrafficPolicy ALLOW_ANY, the default) — Envoy connects to the original destination ${dst.ip}:${port} itself, in plaintext (R14.3)`,
    ]);
    return upstream(s, { ip: dst.ip, port, proto: 'TCP' }, false);
  }
  const cluster = `outbound|${sp.port}||${fqdn(ctx, svc)}`;
  const eps = sp.endpoints.filter((e) => e.ready);
  if (eps.length === 0) {
    const s = base([
      `${how} → cluster ${cluster}, which has no healthy endpoint (no ready Pod in its EndpointSlices)`,
    ]);
    return [
      isHttp(ctx)
        ? finish(
            ctx,
            s,
            'HTTP_503',
            `the client's own sidecar answers 503 "no healthy upstream": ${cluster} has no ready endpoint, so Envoy has nowhere to connect (R14.3)`,
            'R14.3',
          )
        : finish(
            ctx,
            s,
            'RESET',
            `${cluster} has no ready endpoint: Envoy closes the app's connection it had accepted → connection reset (R14.3)`,
            'R14.3',
          ),
    ];
  }
  const list = eps.map((e) => `${e.ip}:${e.port}`).join(', ');
  // HTTP (declared, or sniffed from the request on a port that declares nothing) goes through Envoy's HTTP connection
  // manager: each request is balanced on its own over a pool of upstream connections; opaque TCP is proxied one
  // upstream connection per downstream one (R14.3).
  const perRequest = isHttp(ctx) && portProtocol(sp) !== 'opaque';
  return eps.flatMap((ep: Endpoint, i) => {
    const epPod = endpointPod(ctx, ep);
    const meshed = !!epPod && epPod.labels['security.istio.io/tlsMode'] === 'istio';
    const disabled = !!epPod && peerAuthMode(ctx, epPod, ep.port).mode === 'DISABLE';
    const mtls = meshed && !disabled;
    const who = epPod ? epPod.name : ep.ip;
    let s = base([
      `${how} → cluster ${cluster}; its endpoints come from istiod (EDS, built from the EndpointSlices): ${list}`,
      perRequest
        ? `LEAST_REQUEST (Istio's default) picks ${ep.ip}:${ep.port} (${who}) for this request — HTTP requests are balanced one by one, not per connection; with equal load each of the ${eps.length} is equally likely (R14.3)`
        : `LEAST_REQUEST (Istio's default) picks ${ep.ip}:${ep.port} (${who}) for this connection; with equal load each of the ${eps.length} is equally likely (R14.3)`,
      mtls
        ? `auto mTLS: ${who} carries security.istio.io/tlsMode=istio → Istio mutual TLS to its sidecar (R14.4)`
        : `auto mTLS: ${who} ${meshed ? 'has a sidecar but its PeerAuthentication is DISABLE' : 'has no sidecar (no security.istio.io/tlsMode=istio label)'} → plaintext (R14.4)`,
      perRequest
        ? `the request goes over one of Envoy's pooled connections to ${ep.ip}:${ep.port} (opened as UID ${side.uid} when none is free): ${podIP} → ${ep.ip}:${ep.port}; the destination is already a Pod IP, so kube-proxy's KUBE-SERVICES rules will not match it — no Service DNAT on any node (R14.3)`
        : `new connection as UID ${side.uid}: ${podIP} → ${ep.ip}:${ep.port}; the destination is already a Pod IP, so kube-proxy's KUBE-SERVICES rules will not match it — no Service DNAT on any node (R14.3)`,
    ]);
    s = branch(
      s,
      1 / eps.length,
      `endpoint ${who} (${i + 1} of ${eps.length} ready endpoints, chosen by ${side.container}: LEAST_REQUEST, R14.3)`,
    );
    s = hop(ctx, s, {
      layer: 'Service',
      at: ref.service(svc.id),
      label: `Service ${svc.id} (logical: Envoy's cluster ${cluster})`,
      steps: [
        `istiod built ${cluster} from ${svc.id} and its EndpointSlices; no ClusterIP on the wire, no kube-proxy on this connection (R14.3)`,
      ],
      rule: 'R14.3',
      optional: true,
    });
    return upstream(s, { ip: ep.ip, port: ep.port, proto: 'TCP' }, mtls);
  });
}

/** Walk the destination Pod's ISTIO_INBOUND for an arriving TCP connection. */
export function inboundCapture(pod: ModelPod, side: Sidecar, src: string, port: number): CaptureResult {
  return walkCapture(side.config, {
    hook: 'PREROUTING',
    proto: 'TCP',
    src,
    dst: pod.ip ?? '0.0.0.0',
    dport: port,
    iif: 'eth0',
  });
}

/**
 * The connection was redirected to Envoy's inbound listener (R14.5): mTLS per PeerAuthentication (R14.6), then
 * Envoy's local connection to the app from 127.0.0.6 (R14.7), handed to `deliver` (the Pod's listener lookup).
 */
export function meshInbound(
  ctx: Ctx,
  st: PState,
  pod: ModelPod,
  side: Sidecar,
  cap: CaptureResult,
  port: number,
  deliver: (s: PState) => Done[],
): Done[] {
  const dstIP = st.pkt.dst;
  const inPort = cap.redirectTo ?? Number(side.config.inboundCapturePort);
  const mtls = st.mesh?.mtls === true;
  const pa = peerAuthMode(ctx, pod, port);
  const sport = typeof st.pkt.srcPort === 'number' ? st.pkt.srcPort : EXAMPLE_EPHEMERAL_PORT;
  const conntrack = `tcp      6 120 SYN_SENT src=${st.pkt.src} dst=${dstIP} sport=${sport} dport=${port} [UNREPLIED] src=${dstIP} dst=${st.pkt.src} sport=${inPort} dport=${sport} mark=0 use=1`;
  const epRef = { object: ref.pod(pod), ip: dstIP, port };
  const steps = [
    `${pod.name} netns nat PREROUTING → ISTIO_INBOUND → ISTIO_IN_REDIRECT: REDIRECT --to-ports ${inPort} (${dstIP}:${port} → ${dstIP}:${inPort}), before the app sees anything (R14.5)`,
    `Envoy's inbound listener 0.0.0.0:${inPort}: original destination port ${port}; ${pa.by} → ${pa.mode}`,
  ];
  const tlsStep = mtls
    ? `the client's sidecar speaks Istio mTLS: Envoy terminates it and reads the client's identity from its certificate (the SPIFFE ID of ${st.mesh?.client ?? 'the client'}'s service account) (R14.4, R14.6)`
    : `the client speaks plaintext (${st.mesh ? 'its sidecar sent no mTLS' : 'it has no sidecar'})`;
  let s = withKernel(
    hop(ctx, st, {
      layer: 'Container',
      at: ref.container(pod, side.container),
      label: `${side.container} (Envoy) inbound listener :${inPort}`,
      steps: [...steps, tlsStep],
      rewrites: [
        {
          kind: 'DNAT',
          from: `${dstIP}:${port}`,
          to: `${dstIP}:${inPort}`,
          note: `ISTIO_IN_REDIRECT REDIRECT --to-ports ${inPort} in the Pod's netns (R14.5)`,
        },
      ],
      rule: 'R14.5',
    }),
    rulesView(
      pod,
      cap,
      conntrack,
      typeof st.pkt.srcPort === 'number'
        ? undefined
        : `${EXAMPLE_EPHEMERAL_PORT} stands for the client's ephemeral source port.`,
    ),
  );
  if (!mtls && pa.mode === 'STRICT')
    return [
      finish(
        ctx,
        s,
        'RESET',
        `${pa.by} is STRICT: ${pod.id}'s sidecar accepts only mutual TLS on port ${port}, and this client speaks plaintext. The TCP handshake with Envoy completed, then Envoy finds no filter chain for plaintext (access log "NR filter_chain_not_found") and closes the connection: the client reads "Connection reset by peer" (curl exit 56), not a refusal and not a timeout (R14.6)`,
        'R14.6',
        epRef,
      ),
    ];
  if (mtls && pa.mode === 'DISABLE')
    return [
      finish(
        ctx,
        s,
        'RESET',
        `${pa.by} is DISABLE: ${pod.id}'s sidecar expects plaintext on port ${port} but receives a TLS handshake it has no filter chain for, and closes the connection → reset (R14.6)`,
        'R14.6',
        epRef,
      ),
    ];
  // R14.7: Envoy's local connection to the app, from 127.0.0.6, to the Pod IP (Istio ≥ 1.10).
  s = withPkt(s, { src: '127.0.0.6', srcPort: 'ephemeral', dst: dstIP, dstPort: port });
  s = note(
    s,
    `Envoy (inbound|${port}||) connects to the app at ${dstIP}:${port} from 127.0.0.6 over lo; ISTIO_OUTPUT's first rule (-o lo -s 127.0.0.6/32 -j RETURN) keeps it from being captured again (R14.7)`,
  );
  return deliver(s).map((d) => {
    if (d.disposition !== 'REFUSED') return d;
    const why = `the app refused Envoy's local connection to ${dstIP}:${port} (${d.reason})`;
    const [disposition, reason]: [Disposition, string] = isHttp(ctx)
      ? [
          'HTTP_503',
          `${why}: the server's sidecar answers 503 "upstream connect error or disconnect/reset before headers. reset reason: connection failure" (R14.7)`,
        ]
      : ['RESET', `${why}: Envoy closes the client's connection → reset (R14.7)`];
    const last = d.hops.last;
    const hops = last ? d.hops.withLast(copyHop(last, undefined, { disposition, reason })) : d.hops;
    return { ...d, hops, disposition, reason };
  });
}
