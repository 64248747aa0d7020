/**
 * The resolution phase (R3.3–R3.5, R6.1, R6.2): search list and ndots, cross-namespace short names, dnsPolicy
 * Default, hostNetwork Pods, headless records, ExternalName CNAMEs, public names.
 */
import { describe, expect, it } from 'vitest';
import { searchCandidates } from './dns';
import { c1With, objectsOf, trace } from '../__fixtures__/build';

describe('search list and ndots:5 (R3.4)', () => {
  it('short name: search suffixes first, then the name itself', () =>
    expect(searchCandidates('backend', 'shop', 'cluster.local', true)).toEqual([
      'backend.shop.svc.cluster.local',
      'backend.svc.cluster.local',
      'backend.cluster.local',
      'backend',
    ]));
  it('five dots or more: the name first', () =>
    expect(searchCandidates('a.b.c.d.e.f', 'shop', 'cluster.local', true)[0]).toBe('a.b.c.d.e.f'));
  it('a trailing dot is absolute', () =>
    expect(searchCandidates('backend.shop.svc.cluster.local.', 'shop', 'cluster.local', true)).toEqual([
      'backend.shop.svc.cluster.local',
    ]));
});

const EXTRA = `apiVersion: v1
kind: Service
metadata: {name: payments, namespace: shop}
spec: {type: ExternalName, externalName: api.payments.example}
---
apiVersion: v1
kind: Service
metadata: {name: bad-ext, namespace: shop}
spec: {type: ExternalName, externalName: 10.0.5.20}
---
apiVersion: v1
kind: Pod
metadata: {name: node-agent, namespace: kube-system}
spec:
  nodeName: node-1
  hostNetwork: true
  dnsPolicy: ClusterFirst
  containers: [{name: agent}]
---
apiVersion: v1
kind: Pod
metadata: {name: node-agent-2, namespace: kube-system}
spec:
  nodeName: node-1
  hostNetwork: true
  dnsPolicy: ClusterFirstWithHostNet
  containers: [{name: agent}]
---
apiVersion: v1
kind: Pod
metadata: {name: legacy, namespace: shop, labels: {app: legacy}}
spec:
  nodeName: node-2
  dnsPolicy: Default
  containers: [{name: app}]
status: {phase: Running, podIP: 10.244.2.50, conditions: [{type: Ready, status: "True"}]}
`;

const REQS = `  requests:
    - id: short
      from: { pod: shop/frontend-1, container: web }
      to: { url: "http://backend/" }
    - id: cross-ns-short
      from: { pod: web/tools-1 }
      to: { url: "http://backend/" }
    - id: cross-ns-qualified
      from: { pod: web/tools-1 }
      to: { url: "http://backend.shop/" }
    - id: headless-pod
      from: { pod: shop/frontend-1, container: web }
      to: { host: db-0.db.shop.svc.cluster.local, port: 5432 }
    - id: headless-svc
      from: { pod: shop/frontend-1, container: web }
      to: { host: db, port: 5432 }
    - id: externalname
      from: { pod: shop/frontend-1, container: web }
      to: { url: "https://payments/" }
    - id: externalname-ip
      from: { pod: shop/frontend-1, container: web }
      to: { host: bad-ext, port: 5432 }
    - id: dns-default
      from: { pod: shop/legacy }
      to: { url: "http://backend.shop.svc.cluster.local/" }
    - id: hostnet-clusterfirst
      from: { pod: kube-system/node-agent }
      to: { url: "http://backend.shop.svc.cluster.local/" }
    - id: hostnet-withhostnet
      from: { pod: kube-system/node-agent-2 }
      to: { url: "http://backend.shop.svc.cluster.local/" }
    - id: public-from-pod
      from: { pod: shop/frontend-1, container: web }
      to: { url: "http://shop.example.com/" }
`;

describe('resolution cases', () => {
  const model = c1With({
    requests: REQS,
    extra: EXTRA,
    publicDns: [
      '{ name: shop.example.com, a: [203.0.113.10] }',
      '{ name: api.payments.example, a: [198.51.100.80] }',
    ],
  });
  it('S06: backend → backend.shop.svc.cluster.local → ClusterIP; the query is a UDP flow to kube-dns (R3.5)', () => {
    const ts = trace(model, 'short');
    expect(ts.dns?.kind).toBe('CLUSTER_IP');
    expect(ts.dns?.answers).toEqual(['10.96.120.15']);
    expect(ts.dns?.tried[0]).toEqual({
      name: 'backend.shop.svc.cluster.local',
      result: 'ANSWER',
      server: 'cluster',
    });
    expect(ts.dns?.hops.some((h) => h.at === 'service/kube-system/kube-dns')).toBe(true);
  });
  it('S07: a short name from another namespace is NXDOMAIN; no connect flow', () => {
    const ts = trace(model, 'cross-ns-short');
    expect(ts.disposition).toBe('NXDOMAIN');
    expect(ts.symptom).toBe('NAME_NOT_RESOLVED');
    expect(ts.dns?.tried.map((t) => t.name)).toEqual([
      'backend.web.svc.cluster.local',
      'backend.svc.cluster.local',
      'backend.cluster.local',
      'backend',
    ]);
    expect(ts.paths.every((p) => p.endpoint === undefined)).toBe(true);
  });
  it("S07 variant: backend.shop resolves; the DNAT happens on the client's node-2", () => {
    const ts = trace(model, 'cross-ns-qualified');
    expect(ts.disposition).toBe('DELIVERED');
    for (const p of ts.paths)
      expect(p.hops.find((h) => h.layer === 'kube-proxy')?.at).toBe('kube-proxy/node-2');
  });
  it('S32: hostname.subdomain → the Pod IP, no Service / kube-proxy hop (R6.1)', () => {
    const ts = trace(model, 'headless-pod');
    expect(ts.dns?.kind).toBe('POD_IPS');
    expect(objectsOf(ts)).toEqual(['pod/shop/db-0']);
    expect(ts.paths[0]?.hops.some((h) => h.layer === 'Service' || h.layer === 'kube-proxy')).toBe(false);
  });
  it('headless Service name → A records of ready Pods; the client picks one', () => {
    const ts = trace(model, 'headless-svc');
    expect(objectsOf(ts)).toEqual(['pod/shop/db-0']);
  });
  it('ExternalName → CNAME → public A → the connection leaves the cluster (R6.2)', () => {
    const ts = trace(model, 'externalname');
    expect(ts.dns?.kind).toBe('CNAME');
    expect(ts.dns?.answers).toEqual(['api.payments.example', '198.51.100.80']);
    expect(ts.disposition).toBe('EXITS_CLUSTER');
    expect(ts.paths[0]?.masqueraded).toBe(true);
  });
  it('an IP-looking externalName is a name, not an address → NXDOMAIN (R6.2)', () =>
    expect(trace(model, 'externalname-ip').disposition).toBe('NXDOMAIN'));
  it('dnsPolicy Default cannot resolve cluster names (R3.4)', () =>
    expect(trace(model, 'dns-default').disposition).toBe('NXDOMAIN'));
  it('hostNetwork + ClusterFirst falls back to the node resolver: NXDOMAIN; ClusterFirstWithHostNet works (R1.6)', () => {
    expect(trace(model, 'hostnet-clusterfirst').disposition).toBe('NXDOMAIN');
    const ts = trace(model, 'hostnet-withhostnet');
    expect(ts.disposition).toBe('DELIVERED');
    // OUTPUT hook: node source → masqueraded by the off-cluster-source rule (R3.7).
    expect(ts.paths.every((p) => p.masqueraded)).toBe(true);
  });
  it('a public name from a Pod goes through CoreDNS to upstream, then to the LB IP (R5.6 VIP short-circuit)', () => {
    const ts = trace(model, 'public-from-pod');
    expect(ts.dns?.tried.at(-1)).toEqual({ name: 'shop.example.com', result: 'ANSWER', server: 'public' });
    expect(ts.paths.every((p) => !p.hops.some((h) => h.layer === 'Cloud LB'))).toBe(true);
  });
});

describe('no cluster DNS Service (property-test finding, engine-plan Bench findings)', () => {
  // C1 without kube-system/kube-dns (and its CoreDNS Pods): a request by name.
  const noDns = (text: string) =>
    text
      .split('\n---\n')
      .filter(
        (doc) =>
          !/kind: Service\nmetadata:\n {2}name: kube-dns\b/.test(doc) &&
          !/name: coredns-\d/.test(doc) &&
          !/kubernetes.io\/service-name: kube-dns/.test(doc),
      )
      .join('\n---\n');
  const model = c1With({
    patch: noDns,
    requests: `  requests:
    - id: by-name
      from: { pod: shop/frontend-1, container: web }
      to: { url: "http://backend/" }
    - id: by-name-no-container
      from: { pod: web/tools-1 }
      to: { url: "http://backend.shop/" }
`,
  });
  for (const id of ['by-name', 'by-name-no-container']) {
    it(`${id}: DNS times out (nothing answers, so no NXDOMAIN either); paths start at the source`, () => {
      const ts = trace(model, id);
      expect(ts.disposition).toBe('DNS_TIMEOUT');
      expect(ts.symptom).toBe('NAME_NOT_RESOLVED');
      expect(ts.reason).toMatch(/does not exist/);
      expect(ts.paths.length).toBeGreaterThan(0);
      for (const p of ts.paths) {
        expect(p.hops.length).toBeGreaterThan(0);
        expect(p.hops[0]!.at).toMatch(
          id === 'by-name' ? /^container\/shop\/frontend-1\/web$/ : /^container\/web\/tools-1\/tools$/,
        );
        expect(p.hops.at(-1)!.verdict?.disposition).toBe('DNS_TIMEOUT');
      }
      expect(ts.dns?.tried.length).toBeGreaterThan(0);
      expect(ts.dns?.tried.every((t) => t.result === 'NO_ANSWER')).toBe(true);
      expect(ts.dns?.answers).toEqual([]);
      expect(ts.dns?.kind).toBe('NONE');
    });
  }
});
