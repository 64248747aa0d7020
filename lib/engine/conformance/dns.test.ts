/**
 * kubernetes/website `content/en/docs/concepts/services-networking/dns-pod-service.md` examples: namespaces of
 * Services (a query for `data` from namespace `test` is `data.test.svc…`, `data.prod` reaches namespace `prod`),
 * the resolv.conf search list, Pod A records (`<a-b-c-d>.<ns>.pod.<domain>`), and the hostname/subdomain example
 * (headless Service `busybox-subdomain`, Pods busybox1 `busybox-1` and busybox2 `busybox-2`).
 */
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';
import { backendDocs, documents, nodeDoc, podDoc, scenarioDoc, serviceDoc } from '../__fixtures__/scenario';

const DOMAIN = 'cluster-domain.example';
const text = (requests: string) =>
  documents(
    scenarioDoc({
      name: 'dns-doc',
      title: 'dns-pod-service.md',
      cluster: `{domain: ${DOMAIN}, podCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}`,
      requests,
    }),
    nodeDoc(),
    serviceDoc({
      name: 'kube-dns',
      namespace: 'kube-system',
      clusterIP: '10.96.0.10',
      selector: 'k8s-app: kube-dns',
      ports: '[{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]',
    }),
    podDoc({
      name: 'coredns-1',
      namespace: 'kube-system',
      labels: 'k8s-app: kube-dns',
      ip: '10.244.1.2',
      containers:
        '[{name: coredns, ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]}]',
    }),
    backendDocs({
      name: 'data',
      namespace: 'prod',
      podIP: '10.244.1.30',
      clusterIP: '10.96.7.1',
      containers: '[{name: data, ports: [{containerPort: 8080}]}]',
      ports: '[{port: 80, targetPort: 8080}]',
    }),
    podDoc({ name: 'client', namespace: 'test', ip: '10.244.1.5', containers: '[{name: c}]' }),
    `apiVersion: v1
kind: Service
metadata: {name: busybox-subdomain, namespace: my-namespace}
spec:
  selector: {name: busybox}
  clusterIP: None
  ports: [{name: foo, port: 1234}]
`,
    ...[1, 2].map((i) =>
      podDoc({
        name: `busybox${i}`,
        namespace: 'my-namespace',
        labels: 'name: busybox',
        spec: `hostname: busybox-${i}, subdomain: busybox-subdomain`,
        ip: `10.244.1.4${i}`,
        containers: '[{name: busybox, ports: [{containerPort: 1234}]}]',
      }),
    ),
    podDoc({ name: 'client', namespace: 'my-namespace', ip: '10.244.1.6', containers: '[{name: c}]' }),
  );

describe('dns-pod-service.md examples', () => {
  const m = modelFrom(
    text(`  - {id: data-from-test, from: {pod: test/client}, to: {host: data, port: 80}}
  - {id: data-prod-from-test, from: {pod: test/client}, to: {host: data.prod, port: 80}}
  - {id: fqdn, from: {pod: test/client}, to: {host: data.prod.svc.${DOMAIN}, port: 80}}
  - {id: pod-a-record, from: {pod: test/client}, to: {host: 10-244-1-30.prod.pod.${DOMAIN}, port: 8080}}
  - {id: busybox-1, from: {pod: my-namespace/client}, to: {host: busybox-1.busybox-subdomain.my-namespace.svc.${DOMAIN}, port: 1234}}
  - {id: busybox-1-short, from: {pod: my-namespace/client}, to: {host: busybox-1.busybox-subdomain, port: 1234}}
  - {id: busybox-subdomain, from: {pod: my-namespace/client}, to: {host: busybox-subdomain.my-namespace.svc.${DOMAIN}, port: 1234}}`),
    'dns-doc.yaml',
  );
  it('`data` from namespace test looks in test only: data.test.svc… NXDOMAIN (no Service data in test)', () => {
    const ts = trace(m, 'data-from-test');
    expect(ts.disposition).toBe('NXDOMAIN');
    expect(ts.dns?.tried[0]?.name).toBe(`data.test.svc.${DOMAIN}`);
  });
  it('`data.prod` resolves to the Service in namespace prod', () => {
    const ts = trace(m, 'data-prod-from-test');
    expect(ts.dns?.tried.find((t) => t.result === 'ANSWER')?.name).toBe(`data.prod.svc.${DOMAIN}`);
    expect(ts.dns?.answers).toEqual(['10.96.7.1']);
    expect(ts.disposition).toBe('DELIVERED');
  });
  it('the FQDN resolves directly', () => expect(trace(m, 'fqdn').dns?.answers).toEqual(['10.96.7.1']));
  it('Pod A record <a-b-c-d>.<ns>.pod.<domain>', () => {
    const ts = trace(m, 'pod-a-record');
    expect(ts.dns?.answers).toEqual(['10.244.1.30']);
    expect(ts.disposition).toBe('DELIVERED');
  });
  it("hostname + subdomain: busybox-1.busybox-subdomain.my-namespace.svc.<domain> → busybox1's IP", () => {
    for (const id of ['busybox-1', 'busybox-1-short']) {
      const ts = trace(m, id);
      expect(ts.dns?.answers, id).toEqual(['10.244.1.41']);
      expect(
        ts.paths.map((p) => p.endpoint?.object),
        id,
      ).toEqual(['pod/my-namespace/busybox1']);
    }
  });
  it("the headless Service name returns both Pods' A records", () => {
    const ts = trace(m, 'busybox-subdomain');
    expect([...(ts.dns?.answers ?? [])].sort()).toEqual(['10.244.1.41', '10.244.1.42']);
    expect(ts.dns?.kind).toBe('POD_IPS');
  });
});
