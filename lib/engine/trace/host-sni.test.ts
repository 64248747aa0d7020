/**
 * Issue 17 (b): what an L7 proxy matches on is what the client sent, never a post-DNAT address (R7.2, R8.1,
 * R9.2; reference §A5). A client that dials a name sends `Host: <name>` (and that name as TLS SNI); a client
 * that dials an address sends `Host: <address>` and no SNI at all (RFC 6066 §3: literal IP addresses are not
 * permitted in SNI). A TCP-only request (nc -z, an LB's TCP health check) opens the connection and sends
 * nothing: an L7 proxy on the way accepts it at its socket and no HTTP routing happens.
 */
import { describe, expect, it } from 'vitest';
import { c1With, trace } from '../__fixtures__/build';

const extra = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}
`;
const browser = `from: { external: { name: browser, ip: 198.51.100.7 } }`;
const model = c1With({
  requests: `  requests:
    - id: by-name
      ${browser}
      to: { url: "https://shop.example.com/" }
      entryNode: node-2
    - id: by-lb-ip
      ${browser}
      to: { ip: 203.0.113.10, port: 443, protocol: TCP }
      entryNode: node-2
    - id: url-lb-ip
      ${browser}
      to: { url: "https://203.0.113.10/" }
      entryNode: node-2
    - id: tcp-check
      ${browser}
      to: { ip: 203.0.113.10, port: 443, protocol: TCP }
      tcpOnly: true
      entryNode: node-2
`,
  extra,
});

const ingressHop = (id: string) => {
  const ts = trace(model, id);
  const h = ts.paths[0]?.hops.find((x) => x.layer === 'Ingress');
  return { ts, steps: h?.steps.join(' | ') ?? '' };
};

describe('Host and SNI are what the client sent (issue 17 b)', () => {
  it('a client dialling the name sends Host and SNI = the name: the rule matches', () => {
    const { ts, steps } = ingressHop('by-name');
    expect(ts.disposition).toBe('DELIVERED');
    expect(steps).toContain('SNI shop.example.com');
    expect(steps).toContain('Host shop.example.com');
  });

  it('a client dialling the LB IP sends Host = that IP, no SNI: no host rule matches (R7.2, R7.6)', () => {
    for (const id of ['by-lb-ip', 'url-lb-ip']) {
      const { ts, steps } = ingressHop(id);
      expect(steps).toContain('Host 203.0.113.10');
      expect(steps).not.toContain('10.244.'); // never the post-DNAT Pod address
      expect(steps).toContain('no SNI');
      expect(ts.disposition).toBe('HTTP_404');
    }
  });
});

describe('TCP-only requests (issue 17 b)', () => {
  it('end DELIVERED at the proxy socket, without HTTP routing and without a GET', () => {
    const ts = trace(model, 'tcp-check');
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.paths.length).toBeGreaterThan(0);
    for (const p of ts.paths) {
      expect(p.endpoint?.object).toBe('pod/ingress-nginx/ingress-nginx-controller-7d9');
      expect(p.hops.some((h) => h.layer === 'Ingress')).toBe(false);
    }
    expect(ts.summary).not.toContain('GET');
    expect(ts.summary).toContain('TCP');
  });

  it('the same address without tcpOnly is an HTTP request the proxy routes', () => {
    expect(trace(model, 'by-lb-ip').paths[0]?.hops.some((h) => h.layer === 'Ingress')).toBe(true);
  });
});
