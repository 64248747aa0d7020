/**
 * Istio sidecar mode (reference B14). Each expectation is written from the rule it names (R14.x) and the upstream
 * behaviour it cites, not from the engine's output; the clusters are the shipped mesh scenarios 56–58 with one thing
 * changed per test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';
import type { TraceSet } from '../types';

const DIR = join(__dirname, '..', '..', '..', 'content', 'scenarios');
const S56 = readFileSync(join(DIR, '56-mesh-sidecar-clusterip.yaml'), 'utf8');
const S57 = readFileSync(join(DIR, '57-mesh-strict-plaintext-client.yaml'), 'utf8');
const S58 = readFileSync(join(DIR, '58-mesh-excluded-port-and-plain-destination.yaml'), 'utf8');

function run(text: string, request: string): TraceSet {
  return trace(modelFrom(text), request);
}

const layersOf = (ts: TraceSet) => ts.paths.map((p) => p.hops.map((h) => h.layer));

describe('outbound: the sidecar picks the endpoint (R14.2, R14.3)', () => {
  const ts = run(S56, 'main');
  it('no path has a kube-proxy hop: Envoy connects to a Pod IP, which KUBE-SERVICES never matches', () => {
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.paths).toHaveLength(3);
    for (const l of layersOf(ts)) expect(l).not.toContain('kube-proxy');
    for (const p of ts.paths) expect(p.weight).toBeCloseTo(1 / 3);
  });
  it('the app’s connection is REDIRECTed to 127.0.0.1:15001 in its own netns, by the last ISTIO_OUTPUT rule', () => {
    for (const p of ts.paths) {
      const h = p.hops[1]!;
      expect(h.at).toBe('container/shop/frontend-1/istio-proxy');
      expect(h.rewrites[0]).toMatchObject({ kind: 'DNAT', from: '10.96.120.15:80', to: '127.0.0.1:15001' });
      const hits = h.kernel?.rules?.lines.filter((x) => x.hit).map((x) => x.text);
      expect(hits).toEqual([
        '-A OUTPUT -j ISTIO_OUTPUT',
        '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
        '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
      ]);
      // The original destination is what conntrack's original tuple holds (SO_ORIGINAL_DST); REDIRECT of a locally
      // generated packet maps it to 127.0.0.1 (iptables-extensions REDIRECT).
      expect(h.kernel?.conntrack).toMatch(
        /dst=10\.96\.120\.15 .* dport=80 \[UNREPLIED\] src=127\.0\.0\.1 .* sport=15001/,
      );
    }
  });
  it('Envoy’s own connection (UID 1337) is not captured again and leaves addressed to the Pod IP', () => {
    const p = ts.paths.find((x) => x.endpoint?.object === 'pod/shop/backend-2')!;
    const pod = p.hops.find((h) => h.layer === 'Pod' && h.at === 'pod/shop/frontend-1')!;
    expect(pod.packet).toMatchObject({ src: '10.244.1.5', dst: '10.244.2.8', dstPort: 9090 });
    expect(pod.kernel?.rules?.lines.filter((x) => x.hit).at(-1)?.text).toBe(
      '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    );
  });
  it('HTTP is balanced per request over Envoy’s connection pool; opaque TCP gets one upstream connection per connection (R14.3)', () => {
    const steps = (t: TraceSet) => t.paths[0]!.hops[1]!.steps;
    expect(
      steps(ts).some((x) => x.includes('for this request — HTTP requests are balanced one by one')),
    ).toBe(true);
    expect(
      steps(ts).some((x) => x.startsWith("the request goes over one of Envoy's pooled connections")),
    ).toBe(true);
    expect(steps(ts).some((x) => x.startsWith('new connection as UID'))).toBe(false);
    // The same Service reached by a TCP-only request: Envoy's TCP proxy, per connection.
    const tcp = run(
      S56.replace('      url: http://backend/', '      host: backend\n      port: 80\n    tcpOnly: true'),
      'main',
    );
    expect(tcp.disposition).toBe('DELIVERED');
    expect(steps(tcp).some((x) => x.includes('for this connection;'))).toBe(true);
    expect(steps(tcp).some((x) => x.startsWith('new connection as UID 1337: 10.244.1.5 →'))).toBe(true);
  });
  it('the app sees Envoy’s local connection from 127.0.0.6, not the client (R14.7)', () => {
    for (const p of ts.paths) expect(p.sourceSeenByDestination).toBe('127.0.0.6');
  });
  it('the DNS query (UDP) is not captured: no sidecar hop in the lookup', () => {
    expect(ts.dns?.hops.some((h) => h.at.endsWith('/istio-proxy'))).toBe(false);
  });
});

describe('inbound capture before the app (R14.5)', () => {
  it('the backend’s PREROUTING sends :9090 to 15006; the injector’s excluded ports are passed over', () => {
    const p = run(S56, 'main').paths.find((x) => x.endpoint?.object === 'pod/shop/backend-3')!;
    const h = p.hops.find((x) => x.at === 'container/shop/backend-3/istio-proxy')!;
    expect(h.rewrites[0]).toMatchObject({ from: '10.244.3.9:9090', to: '10.244.3.9:15006' });
    const lines = h.kernel?.rules?.lines ?? [];
    expect(lines.filter((x) => !x.hit).map((x) => x.text)).toContain(
      '-A ISTIO_INBOUND -p tcp --dport 15021 -j RETURN',
    );
    expect(lines.at(-1)).toEqual({
      text: '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006',
      hit: true,
    });
  });
  it('an app bound only to 127.0.0.1 is not reachable through the sidecar since Istio 1.10: the sidecar answers 503', () => {
    const text = S56.replace(
      '  requests:\n  - id: main',
      '  listeners:\n  - {pod: shop/backend-1, container: api, address: 127.0.0.1, port: 9090, protocol: TCP}\n  - {pod: shop/backend-2, container: api, address: 127.0.0.1, port: 9090, protocol: TCP}\n  - {pod: shop/backend-3, container: api, address: 127.0.0.1, port: 9090, protocol: TCP}\n  requests:\n  - id: main',
    );
    const ts = run(text, 'main');
    expect(ts.disposition).toBe('HTTP_503');
    expect(ts.reason).toContain('upstream connect error');
  });
});

describe('mTLS and PeerAuthentication (R14.4, R14.6)', () => {
  it('STRICT + a client without a sidecar: the connection is reset (curl exit 56), at the server’s sidecar', () => {
    const ts = run(S57, 'plaintext');
    expect(ts.disposition).toBe('RESET');
    expect(ts.symptom).toBe('CONNECTION_RESET');
    expect(ts.reason).toContain('Connection reset by peer');
    for (const p of ts.paths) {
      const last = p.hops.at(-1)!;
      expect(last.at).toMatch(/^container\/shop\/backend-\d\/istio-proxy$/);
      expect(last.verdict?.disposition).toBe('RESET');
      // The non-meshed client's ClusterIP is translated by kube-proxy as usual.
      expect(p.hops.some((h) => h.layer === 'kube-proxy')).toBe(true);
    }
  });
  it('STRICT + a meshed client: mTLS, delivered', () => {
    expect(run(S57, 'meshed').disposition).toBe('DELIVERED');
  });
  it('PERMISSIVE (the default) accepts the plaintext client', () => {
    const ts = run(S57.replace('    mode: STRICT', '    mode: PERMISSIVE'), 'plaintext');
    expect(ts.disposition).toBe('DELIVERED');
    expect(
      run(S57.replace(/---\napiVersion: security\.istio\.io[\s\S]*$/, ''), 'plaintext').disposition,
    ).toBe('DELIVERED');
  });
  it('a workload policy beats the namespace policy; portLevelMtls beats the workload mode', () => {
    const workload = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: backend, namespace: shop}
spec:
  selector: {matchLabels: {app: backend}}
  mtls: {mode: PERMISSIVE}
`;
    expect(run(S57 + workload, 'plaintext').disposition).toBe('DELIVERED');
    const port = workload.replace(
      'mtls: {mode: PERMISSIVE}',
      "mtls: {mode: STRICT}\n  portLevelMtls:\n    '9090': {mode: PERMISSIVE}",
    );
    expect(run(S57.replace('    mode: STRICT', '    mode: UNSET') + port, 'plaintext').disposition).toBe(
      'DELIVERED',
    );
    const strictPort = port.replace("'9090': {mode: PERMISSIVE}", "'9090': {mode: STRICT}");
    expect(
      run(S57.replace('    mode: STRICT', '    mode: PERMISSIVE') + strictPort, 'plaintext').disposition,
    ).toBe('RESET');
  });
  it('a mesh-wide STRICT policy lives in the root namespace istio-system', () => {
    const text = S57.replace(
      '  namespace: shop\n  resourceVersion: "60112"',
      '  namespace: istio-system\n  resourceVersion: "60112"',
    );
    const withNs = `${text}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: istio-system}\n`;
    expect(run(withNs, 'plaintext').disposition).toBe('RESET');
  });
  it('auto mTLS sends plaintext to an endpoint without a sidecar (R14.4)', () => {
    const p = run(S58, 'legacy-api').paths[0]!;
    expect(p.hops[1]!.steps.join(' ')).toMatch(/auto mTLS: legacy-api-1 has no sidecar .* plaintext/);
  });
});

describe('what escapes capture (R14.2)', () => {
  it('an excluded outbound port goes the kube-proxy way, as without a mesh', () => {
    const ts = run(S58, 'db');
    expect(ts.disposition).toBe('DELIVERED');
    const l = layersOf(ts)[0]!;
    expect(l).toContain('kube-proxy');
    expect(ts.paths[0]!.hops.some((h) => h.at.endsWith('/istio-proxy'))).toBe(false);
    const pod = ts.paths[0]!.hops.find((h) => h.at === 'pod/shop/frontend-1')!;
    expect(pod.kernel?.rules?.lines.filter((x) => x.hit).at(-1)?.text).toBe(
      '-A ISTIO_OUTPUT -p tcp --dport 5432 -j RETURN',
    );
  });
  it('an app that runs as UID 1337 is never captured (the UID is reserved for the proxy)', () => {
    const text = S56.replace('    name: web\n', '    name: web\n    securityContext: {runAsUser: 1337}\n');
    const ts = run(text, 'main');
    for (const l of layersOf(ts)) expect(l).toContain('kube-proxy');
  });
});

describe('HTTP is routed by port and Host header, not by the destination IP (R14.3)', () => {
  // istio.io "Understanding Traffic Routing" (istio/istio.io content/en/docs/ops/configuration/traffic-management/
  // traffic-routing/index.md): "Requests are routed based on the port and Host header, rather than port and IP …
  // `curl 8.8.8.8 -H "Host: productpage.default.svc.cluster.local"` would be routed to the productpage Service";
  // traffic that matches nothing is passthrough traffic, forwarded as-is to the original destination.
  const withRequest = (req: string) =>
    S56.replace('  requests:\n  - id: main', `  requests:\n${req}\n  - id: main`);
  it('the outbound hop says the Host header picked the Service', () => {
    const h = run(S56, 'main').paths[0]!.hops[1]!;
    expect(h.steps.join('\n')).toContain('Host header "backend"');
    expect(h.steps.join('\n')).not.toMatch(/10\.96\.120\.15:80 is shop\/backend/);
  });
  it('an address no Service owns, with Host naming a Service: Envoy routes to that Service’s endpoints', () => {
    const ts = run(
      withRequest(
        '  - id: host\n    from: {pod: shop/frontend-1, container: web}\n    to: {url: "http://10.96.200.200/"}\n    headers: {host: backend.shop.svc.cluster.local}',
      ),
      'host',
    );
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.paths.map((p) => p.endpoint?.object).sort()).toEqual([
      'pod/shop/backend-1',
      'pod/shop/backend-2',
      'pod/shop/backend-3',
    ]);
    for (const l of layersOf(ts)) expect(l).not.toContain('kube-proxy');
  });
  it('the ClusterIP with a Host no Service has: passthrough to the original destination, which kube-proxy DNATs', () => {
    const ts = run(
      withRequest(
        '  - id: nohost\n    from: {pod: shop/frontend-1, container: web}\n    to: {url: "http://10.96.120.15/"}\n    headers: {host: unknown.example}',
      ),
      'nohost',
    );
    expect(ts.disposition).toBe('DELIVERED');
    const h = ts.paths[0]!.hops[1]!;
    expect(h.steps.join('\n')).toContain('PassthroughCluster');
    // Envoy dials 10.96.120.15:80 itself; on the node that destination is a ClusterIP again (R3.6).
    for (const l of layersOf(ts)) expect(l).toContain('kube-proxy');
  });
  it('a port that declares no protocol is sniffed on a listener per ClusterIP:port: routed by IP, whatever the Host', () => {
    // pilot getVirtualHostsForSniffedServicePort: the route of a sniffed service port holds only that Service.
    const text = withRequest(
      '  - id: nohost\n    from: {pod: shop/frontend-1, container: web}\n    to: {url: "http://10.96.120.15/"}\n    headers: {host: unknown.example}',
    ).replace(
      '  ports:\n  - name: http\n    port: 80\n    protocol: TCP\n    targetPort: api',
      '  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: api',
    );
    expect(text).not.toBe(S56);
    const ts = run(text, 'nohost');
    expect(ts.paths.map((p) => p.endpoint?.object).sort()).toEqual([
      'pod/shop/backend-1',
      'pod/shop/backend-2',
      'pod/shop/backend-3',
    ]);
    expect(ts.paths[0]!.hops[1]!.steps.join('\n')).toContain('routes by destination IP and port');
  });
});

describe('which ports have the shared HTTP listener (R14.3, Istio protocol selection)', () => {
  // istio.io docs/ops/configuration/traffic-management/protocol-selection and pilot kube/conversion.go
  // ConvertProtocol: a Service port's appProtocol decides, else the port name's prefix before "-"; http, http2,
  // grpc are HTTP. Envoy builds the shared 0.0.0.0_<port> HTTP listener (routed by Host) for a port some Service
  // declares HTTP; any other port has a listener per ClusterIP:port, and an address no Service owns on it is
  // passthrough traffic.
  const svc = (
    name: string,
    port: number,
    portName: string | undefined,
    appProtocol: string | undefined,
    ip: string,
  ) =>
    [
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      '  namespace: shop',
      'spec:',
      `  clusterIP: ${ip}`,
      '  ports:',
      `  - port: ${port}`,
      '    protocol: TCP',
      '    targetPort: api',
      ...(portName ? [`    name: ${portName}`] : []),
      ...(appProtocol ? [`    appProtocol: ${appProtocol}`] : []),
      '  selector:',
      '    app: backend',
      '  type: ClusterIP',
    ].join('\n');
  const extra = [
    svc('grpc-by-app-protocol', 8080, 'tcp-main', 'grpc', '10.96.120.21'), // appProtocol beats the name: HTTP
    svc('tcp-by-app-protocol', 9000, 'http-metrics', 'tcp', '10.96.120.22'), // appProtocol tcp: opaque
    svc('h2-by-name', 8443, 'http2-api', undefined, '10.96.120.23'), // name prefix http2: HTTP
    svc('unnamed', 7000, undefined, undefined, '10.96.120.24'), // nothing declared: sniffed
  ].join('\n');
  const request = (id: string, port: number, host: string) =>
    `  - id: ${id}\n    from: {pod: shop/frontend-1, container: web}\n    to: {url: "http://10.96.200.200:${port}/"}\n    headers: {host: ${host}}`;
  const text = `${S56.replace(
    '  requests:\n  - id: main',
    `  requests:\n${request('grpc', 8080, 'grpc-by-app-protocol.shop')}\n${request('tcp', 9000, 'tcp-by-app-protocol.shop')}\n${request('sniffed', 7000, 'unnamed.shop')}\n  - id: main`,
  )}\n${extra}\n`;
  const model = modelFrom(text);
  it('the ports declared HTTP by appProtocol or name prefix, and only those', () => {
    // backend's port 80 is named "http"; kube-dns's dns/dns-tcp/metrics names are no Istio protocol (sniffed).
    expect([...model.meshHttpPorts].sort((a, b) => a - b)).toEqual([80, 8080, 8443]);
  });
  it('an address no Service owns, on a port declared HTTP: the Host header picks the Service', () => {
    const ts = trace(model, 'grpc');
    expect(ts.paths.map((p) => p.endpoint?.object).sort()).toEqual([
      'pod/shop/backend-1',
      'pod/shop/backend-2',
      'pod/shop/backend-3',
    ]);
    expect(ts.paths[0]!.hops[1]!.steps.join('\n')).toContain('Host header "grpc-by-app-protocol.shop"');
  });
  it('an address no Service owns, on an opaque or sniffed port: passthrough, whatever the Host names', () => {
    for (const id of ['tcp', 'sniffed']) {
      const ts = trace(model, id);
      expect(
        ts.paths.every(
          (p) => p.endpoint?.object === undefined || !p.endpoint.object.startsWith('pod/shop/backend'),
        ),
      ).toBe(true);
      expect(ts.paths[0]!.hops[1]!.steps.join('\n')).toContain(
        `no Service owns 10.96.200.200:${id === 'tcp' ? 9000 : 7000}: PassthroughCluster`,
      );
    }
  });
});
