/**
 * parseManifests against what Kubernetes does, from upstream source and docs (not from this loader's output):
 *  - kube-apiserver ipallocator/portallocator: calculateRangeOffset cases transcribed from their
 *    Test_calculateRangeOffset tables; dynamic ClusterIPs/NodePorts come from the upper band; the first Service
 *    address belongs to default/kubernetes; explicit values are never handed out again.
 *  - kube-controller-manager naming: Deployment Pods `<deploy>-<pod-template-hash>-<5 of ALPHANUMS>` with the
 *    pod-template-hash label, StatefulSet `<name>-<ordinal>` with hostname/subdomain, DaemonSet one per node,
 *    Job min(parallelism, completions) Pods labelled job-name.
 *  - The guestbook all-in-one manifest (kubernetes/examples) is refused by the strict scenario loader (Services
 *    without clusterIP, a NodePort Service without nodePort, Deployments) and traces here: a browser reaching the
 *    frontend NodePort on a node is delivered to a frontend Pod, one path per frontend Pod (R4.x, kube-proxy
 *    picks among all endpoints).
 * Fixtures: lib/scenario/__fixtures__/manifests/README.md (sources, commits, licences).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel, traceAll } from '../engine';
import { cidrContains, parseCidr, parseScenario, type K8sPod, type K8sService } from './index';
import {
  ALPHANUMS,
  MANIFEST_LIMITS,
  parseManifests,
  rangeOffset,
  safeEncodeString,
  type ManifestOptions,
} from './manifests';

const FIX = join(__dirname, '__fixtures__', 'manifests');
const GUESTBOOK = readFileSync(join(FIX, 'guestbook-all-in-one.yaml'), 'utf8');
const INGRESS_NGINX = readFileSync(join(FIX, 'ingress-nginx-cloud-deploy.yaml'), 'utf8');
const ENVOY_GATEWAY = readFileSync(join(FIX, 'envoy-gateway-helm-default.yaml'), 'utf8');

const BROWSER = { external: { name: 'browser', ip: '198.51.100.7' } };

function ok(text: string, opts: ManifestOptions = {}) {
  const r = parseManifests(text, {
    requests: [{ id: 'main', from: BROWSER, to: { ip: '192.168.1.10', port: 80 } }],
    ...opts,
  });
  if (!r.result.ok)
    throw new Error(r.result.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n'));
  return { ...r, input: r.result.input };
}

const svc = (input: { services: K8sService[] }, id: string) =>
  input.services.find((s) => `${s.metadata.namespace}/${s.metadata.name}` === id)!;
const podsOf = (input: { pods: K8sPod[] }, label: string, value: string) =>
  input.pods.filter((p) => p.metadata.labels[label] === value);

const NAME5 = `[${ALPHANUMS}]{5}`;
const SERVICE_CIDR = parseCidr('10.96.0.0/12');

describe('allocation bands (kube-apiserver Test_calculateRangeOffset tables)', () => {
  it('ClusterIP: min(max(16, size/16), 256), 0 up to 16 addresses', () => {
    const ip = (prefix: number) => rangeOffset(2 ** (32 - prefix), 16, 256, 16);
    expect([ip(32), ip(30), ip(28), ip(27), ip(22), ip(8)]).toEqual([0, 0, 0, 16, 64, 256]);
  });
  it('NodePort: min(max(16, size/32), 128), 0 up to 16 ports', () => {
    const np = (size: number) => rangeOffset(size, 16, 128, 32);
    expect([np(2768), np(10), np(16), np(128), np(2048), np(4096)]).toEqual([86, 0, 0, 16, 64, 128]);
  });
  it('pod-template-hash is SafeEncodeString of a decimal: digits map to 4-9 and b c d f', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('the guestbook all-in-one manifest (kubernetes/examples)', () => {
  it('is refused by the strict scenario loader, as issue 15 reports', () => {
    const strict = parseScenario(GUESTBOOK);
    expect(strict.ok).toBe(false);
    if (!strict.ok)
      expect(strict.issues.filter((i) => i.severity === 'error').length).toBeGreaterThanOrEqual(5);
  });

  it('expands 3 Deployments into 1 + 2 + 3 Pods named and labelled as the Deployment controller does', () => {
    const { input, pods } = ok(GUESTBOOK);
    const frontend = podsOf(input, 'tier', 'frontend');
    expect(frontend).toHaveLength(3);
    expect(podsOf(input, 'role', 'master')).toHaveLength(1);
    expect(podsOf(input, 'role', 'replica')).toHaveLength(2);
    for (const p of frontend) {
      const hash = p.metadata.labels['pod-template-hash']!;
      expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
      expect(p.metadata.name).toMatch(new RegExp(`^frontend-${hash}-${NAME5}$`));
      expect(p.metadata.labels).toMatchObject({ app: 'guestbook', tier: 'frontend' });
      expect(p.metadata.namespace).toBe('default');
      expect(p.spec.containers[0]!.ports[0]!.containerPort).toBe(80);
    }
    // Three replicas on three nodes: one each (the scheduler spreads a workload's Pods).
    expect(new Set(frontend.map((p) => p.spec.nodeName)).size).toBe(3);
    // Every Pod IP inside its node's podCIDR, all distinct.
    const nodes = new Map(input.nodes.map((n) => [n.metadata.name, n.spec.podCIDR!]));
    for (const p of input.pods) {
      const c = parseCidr(nodes.get(p.spec.nodeName!)!);
      expect(typeof c !== 'string' && cidrContains(c, p.status.podIP!)).toBe(true);
    }
    expect(new Set(input.pods.map((p) => p.status.podIP)).size).toBe(input.pods.length);
    expect(pods.every((p) => p.ready)).toBe(true);
  });

  it('allocates ClusterIPs from the upper band of the Service CIDR and the NodePort from 30086-32767', () => {
    const { input, allocations, notes } = ok(GUESTBOOK);
    for (const id of ['default/redis-master', 'default/redis-replica', 'default/frontend']) {
      const ip = svc(input, id).spec.clusterIP!;
      expect(typeof SERVICE_CIDR !== 'string' && cidrContains(SERVICE_CIDR, ip)).toBe(true);
      // Upper band: at least 256 addresses above 10.96.0.0.
      expect(ip.startsWith('10.96.0.')).toBe(false);
      expect(allocations).toContainEqual({ object: `Service ${id}`, field: 'spec.clusterIP', value: ip });
    }
    const np = svc(input, 'default/frontend').spec.ports[0]!.nodePort!;
    expect(np).toBeGreaterThanOrEqual(30086);
    expect(np).toBeLessThanOrEqual(32767);
    // redis-replica has no targetPort: it defaults to port (API server defaulting).
    expect(svc(input, 'default/redis-replica').spec.ports[0]!.targetPort).toBe(6379);
    expect(notes.filter((n) => n.kind === 'allocated').map((n) => n.line)).toEqual([1, 46, 98]);
  });

  it('adds 3 nodes and kubeadm CoreDNS (kube-dns at the 10th Service address) when the manifest has neither', () => {
    const { input, nodes } = ok(GUESTBOOK);
    expect(nodes.map((n) => [n.name, n.ip, n.podCIDR])).toEqual([
      ['node-1', '192.168.1.10', '10.244.0.0/24'],
      ['node-2', '192.168.1.11', '10.244.1.0/24'],
      ['node-3', '192.168.1.12', '10.244.2.0/24'],
    ]);
    expect(svc(input, 'kube-system/kube-dns').spec.clusterIP).toBe('10.96.0.10');
    expect(podsOf(input, 'k8s-app', 'kube-dns')).toHaveLength(2);
    expect(ok(GUESTBOOK, { nodes: 5 }).nodes).toHaveLength(5);
  });

  it('traces a browser to a frontend Pod through the allocated NodePort, one path per frontend Pod', () => {
    const first = ok(GUESTBOOK);
    const np = svc(first.input, 'default/frontend').spec.ports[0]!.nodePort!;
    const { input } = ok(GUESTBOOK, {
      requests: [{ id: 'browser', from: BROWSER, to: { ip: '192.168.1.11', port: np } }],
    });
    const [ts] = traceAll(buildModel(input));
    expect(ts!.disposition).toBe('DELIVERED');
    const ends = ts!.paths.map((p) => p.hops.find((h) => h.at.startsWith('pod/'))?.at);
    const frontend = podsOf(input, 'tier', 'frontend').map((p) => `pod/default/${p.metadata.name}`);
    expect(new Set(ends)).toEqual(new Set(frontend));
  });

  it('traces a frontend Pod to redis-master by its DNS name through CoreDNS', () => {
    const first = ok(GUESTBOOK);
    const fe = podsOf(first.input, 'tier', 'frontend')[0]!;
    const { input } = ok(GUESTBOOK, {
      requests: [
        {
          id: 'redis',
          from: { pod: `default/${fe.metadata.name}` },
          to: { host: 'redis-master', port: 6379 },
        },
      ],
    });
    const [ts] = traceAll(buildModel(input));
    expect(ts!.disposition).toBe('DELIVERED');
    expect(ts!.dns?.answers).toEqual([svc(input, 'default/redis-master').spec.clusterIP]);
  });

  it('is deterministic: the same text gives the same names, nodes and addresses', () => {
    const a = ok(GUESTBOOK);
    const b = ok(GUESTBOOK);
    expect(b.pods).toEqual(a.pods);
    expect(b.allocations).toEqual(a.allocations);
  });

  it('placement moves a Pod to the node asked for', () => {
    const a = ok(GUESTBOOK);
    const fe = a.pods.find((p) => p.id.startsWith('default/frontend-') && p.node !== 'node-3')!;
    const b = ok(GUESTBOOK, { placement: { [fe.id]: 'node-3' } });
    expect(b.pods.find((p) => p.id === fe.id)!.node).toBe('node-3');
    const c = ok(GUESTBOOK, { notReady: [fe.id] });
    const pod = c.input.pods.find((p) => `default/${p.metadata.name}` === fe.id)!;
    expect(pod.status.conditions).toContainEqual({ type: 'Ready', status: 'False' });
  });
});

describe('ingress-nginx deploy manifest (provider/cloud, rendered from its Helm chart)', () => {
  it('ignores RBAC, ConfigMap and the webhook configuration with notes, and runs the controller and its Jobs', () => {
    const { input, notes } = ok(INGRESS_NGINX);
    const ignored = notes.filter((n) => n.kind === 'ignored').map((n) => n.object.split(' ')[0]);
    expect(new Set(ignored)).toEqual(
      new Set([
        'ServiceAccount',
        'Role',
        'ClusterRole',
        'RoleBinding',
        'ClusterRoleBinding',
        'ConfigMap',
        'ValidatingWebhookConfiguration',
      ]),
    );
    const ctrl = podsOf(input, 'app.kubernetes.io/component', 'controller');
    expect(ctrl).toHaveLength(1);
    expect(ctrl[0]!.metadata.namespace).toBe('ingress-nginx');
    expect(input.pods.filter((p) => p.metadata.labels['job-name'])).toHaveLength(2);
    expect(input.ingressClasses.map((c) => c.metadata.name)).toEqual(['nginx']);
  });

  it('gives the LoadBalancer Service (externalTrafficPolicy Local) two NodePorts and a healthCheckNodePort', () => {
    const { input } = ok(INGRESS_NGINX);
    const s = svc(input, 'ingress-nginx/ingress-nginx-controller');
    expect(s.spec.type).toBe('LoadBalancer');
    expect(s.spec.externalTrafficPolicy).toBe('Local');
    const ports = [...s.spec.ports.map((p) => p.nodePort!), s.spec.healthCheckNodePort!];
    expect(new Set(ports).size).toBe(3);
    for (const p of ports) expect(p >= 30086 && p <= 32767).toBe(true);
    // The admission webhook Service is ClusterIP only.
    expect(svc(input, 'ingress-nginx/ingress-nginx-controller-admission').spec.ports[0]!.nodePort).toBe(
      undefined,
    );
  });
});

describe('envoy-gateway gateway-helm (helm template output)', () => {
  it('reads the rendered chart: a Deployment, a 5-port ClusterIP Service and a Job; RBAC and ConfigMap ignored', () => {
    const { input, notes } = ok(ENVOY_GATEWAY);
    expect(podsOf(input, 'control-plane', 'envoy-gateway')).toHaveLength(1);
    expect(podsOf(input, 'app', 'certgen')).toHaveLength(1);
    expect(svc(input, 'envoy-gateway-system/envoy-gateway').spec.ports.map((p) => p.port)).toEqual([
      18000, 18001, 18002, 19001, 9443,
    ]);
    expect(notes.some((n) => n.kind === 'ignored' && n.object.startsWith('ConfigMap'))).toBe(true);
  });
});

const sts = `apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec:
  ports: [{port: 80, name: web}]
  clusterIP: None
  selector: {app: nginx}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: nginx}}
  serviceName: nginx
  replicas: 2
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: registry.k8s.io/nginx-slim:0.24, ports: [{containerPort: 80, name: web}]}]
`;

describe('StatefulSet, DaemonSet, Job (controller behaviour)', () => {
  it('StatefulSet web (k8s docs example): web-0, web-1 with hostname and subdomain; web-0.nginx resolves to its Pod', () => {
    const { input } = ok(sts);
    const pods = podsOf(input, 'app', 'nginx').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(pods.map((p) => [p.metadata.name, p.spec.hostname, p.spec.subdomain])).toEqual([
      ['web-0', 'web-0', 'nginx'],
      ['web-1', 'web-1', 'nginx'],
    ]);
    expect(pods[0]!.metadata.labels['statefulset.kubernetes.io/pod-name']).toBe('web-0');
    const { input: withReq } = ok(sts, {
      requests: [{ id: 'dns', from: { pod: 'default/web-1' }, to: { host: 'web-0.nginx', port: 80 } }],
    });
    const [ts] = traceAll(buildModel(withReq));
    expect(ts!.dns?.answers).toEqual([pods[0]!.status.podIP]);
    expect(ts!.disposition).toBe('DELIVERED');
  });

  it('DaemonSet: one Pod per node that its nodeSelector allows', () => {
    const ds = (sel: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      ${sel}
      containers: [{name: a, image: x}]
`;
    const all = ok(ds(''), { nodes: 4 });
    const agents = podsOf(all.input, 'app', 'agent');
    expect(agents.map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
    for (const p of agents) expect(p.metadata.name).toMatch(new RegExp(`^agent-${NAME5}$`));
    const one = ok(ds('nodeSelector: {kubernetes.io/hostname: node-2}'), { nodes: 4 });
    expect(podsOf(one.input, 'app', 'agent').map((p) => p.spec.nodeName)).toEqual(['node-2']);
  });

  it('Job: min(parallelism, completions) running Pods labelled with the job name', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  parallelism: 2
  completions: 5
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: perl}]
`;
    const { input } = ok(job);
    const pods = podsOf(input, 'job-name', 'pi');
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^pi-${NAME5}$`));
      expect(p.metadata.labels['batch.kubernetes.io/job-name']).toBe('pi');
    }
  });
});

describe('what the API server refuses, and the limits', () => {
  it('a Deployment whose selector does not match its template labels is an error at the selector', () => {
    const bad = GUESTBOOK.replace(
      '      app: guestbook\n      tier: frontend\n  replicas: 3',
      '      app: guestbook-x\n      tier: frontend\n  replicas: 3',
    );
    expect(bad).not.toBe(GUESTBOOK);
    const r = parseManifests(bad, {
      requests: [{ id: 'main', from: BROWSER, to: { ip: '192.168.1.10', port: 80 } }],
    });
    expect(r.result.ok).toBe(false);
    if (!r.result.ok) {
      const e = r.result.issues.find((i) => /selector does not match template labels/.test(i.message))!;
      expect(e.line).toBe(bad.split('\n').findIndex((l) => l.includes('app: guestbook-x')) + 1);
      expect(e.message).toMatch(/Deployment default\/frontend/);
    }
  });

  it('a text over the size limit, or too many replicas, is refused with a clear message', () => {
    const big = parseManifests(`# ${'x'.repeat(MANIFEST_LIMITS.bytes)}\n`);
    expect(big.result.ok).toBe(false);
    if (!big.result.ok)
      expect(big.result.issues[0]!.message).toMatch(/Too large for the playground.*limit is 512 KiB/);
    const many = parseManifests(GUESTBOOK.replace('replicas: 3', 'replicas: 1000'));
    expect(many.result.ok).toBe(false);
    if (!many.result.ok)
      expect(
        many.result.issues.some((i) => i.code === 'limit' && /at most 100 Pods per workload/.test(i.message)),
      ).toBe(true);
  });

  it('kinds that change routing but are not modelled are ignored with a warning, not silently', () => {
    const r = parseManifests(
      `${GUESTBOOK}---\napiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: {name: g}\nspec: {}\n`,
      {
        requests: [{ id: 'main', from: BROWSER, to: { ip: '192.168.1.10', port: 80 } }],
      },
    );
    expect(r.result.ok).toBe(true);
    if (r.result.ok) expect(r.result.warnings.some((w) => /TCPRoute/.test(w.message))).toBe(true);
  });
});
