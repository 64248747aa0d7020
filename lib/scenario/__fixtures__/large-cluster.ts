/**
 * The cluster at Kubernetes' documented limits (5,000 nodes, 150,000 Pods, 10,000 Services, 2,000 Ingress rules)
 * as plain objects, built directly (no YAML text): the one generator for the bench (scripts/bench-engine.mts, which
 * also builds a 10-Service cluster of the same shape with it) and for the unit tests that need a big cluster. Import
 * it to profile the bench's own cluster (`node --cpu-prof` on a small script). Deterministic: no randomness; feed
 * the result to `inputFromObjects`.
 *
 * Shape: Pod CIDR 10.0.0.0/8 and Service CIDR 172.16.0.0/12, so that 5,000 node /24s fit; Pods spread round-robin
 * over the nodes; Service s selects `app=svc-s` (15 Pods each at the limits, 1 in 15 not ready) with a named
 * targetPort; every tenth Service is a NodePort, one in a hundred a LoadBalancer; ingress-nginx (3 controller
 * Pods on the last three nodes, behind a LoadBalancer Service) serves the Ingress rules; requests cycle Pod →
 * ClusterIP, external → NodePort, browser → Ingress (ids r0, r1, …), and every leg of every request joins two
 * different nodes at any size, so that a small cluster's paths are as long as the big one's (ADR 027).
 */
export interface Size {
  nodes: number;
  pods: number;
  services: number;
  ingressRules: number;
  requests: number;
}

const NS = 50;
const ipOf = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const nodeIP = (i: number) => ipOf(0x64400000 + i + 1); // 100.64.0.1 …
const clusterIP = (s: number) => ipOf(0xac100000 + s + 10); // 172.16.0.10 …
const lbIP = (s: number) => ipOf(0xc6120000 + s + 1); // 198.18.0.1 …
const isNodePort = (s: number) => s % 10 === 0;
const isLB = (s: number) => s % 100 === 5;
const svcNs = (s: number) => `ns-${s % NS}`;

/** Cluster objects: nodes, namespaces, Pods (15 per Service at the limits, 1 in 15 not ready), Services of every type, ingress-nginx, Ingress rules, the Scenario with its requests. */
export function largeClusterObjects(z: Size): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < z.nodes; i++)
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i}`, labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
      spec: { podCIDR: `10.${(i >> 8) & 255}.${i & 255}.0/24` },
      status: { addresses: [{ type: 'InternalIP', address: nodeIP(i) }] },
    });
  for (let n = 0; n < NS; n++)
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } });
  const slots = new Array<number>(z.nodes).fill(0);
  const podIP = (node: number) => `10.${(node >> 8) & 255}.${node & 255}.${++slots[node]!}`;
  for (let p = 0; p < z.pods; p++) {
    const node = p % z.nodes;
    const s = p % z.services;
    out.push(
      pod(
        { name: `pod-${p}`, namespace: svcNs(s), labels: { app: `svc-${s}`, tier: p % 2 ? 'web' : 'api' } },
        node,
        podIP(node),
        { name: 'app', ports: { http: 8080, metrics: 9090 } },
        Math.floor(p / z.services) % 15 !== 7,
      ),
    );
  }
  // ingress-nginx: 3 controller Pods behind a LoadBalancer Service, on the last nodes.
  const controllerNode = (c: number) => (z.nodes - 1 - c + 3 * z.nodes) % z.nodes;
  for (let c = 0; c < 3; c++)
    out.push(
      pod(
        {
          name: `ingress-nginx-controller-${c}`,
          namespace: 'ingress-nginx',
          labels: { app: 'ingress-nginx' },
        },
        controllerNode(c),
        podIP(controllerNode(c)),
        { name: 'controller', ports: { http: 80, https: 443 } },
        true,
      ),
    );
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    spec: {
      type: 'LoadBalancer',
      clusterIP: '172.31.255.2',
      selector: { app: 'ingress-nginx' },
      externalTrafficPolicy: 'Cluster',
      ports: [
        { name: 'http', port: 80, targetPort: 'http', nodePort: 32080 },
        { name: 'https', port: 443, targetPort: 'https', nodePort: 32443 },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
  });
  const lbs: { service: string }[] = [{ service: 'ingress-nginx/ingress-nginx-controller' }];
  let lbIndex = 0;
  for (let s = 0; s < z.services; s++) {
    const type = isNodePort(s) ? 'NodePort' : isLB(s) ? 'LoadBalancer' : 'ClusterIP';
    const port: Record<string, unknown> = { name: 'http', port: 80, targetPort: 'http' };
    if (type === 'NodePort') port.nodePort = 30000 + s / 10;
    const svc: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: svcNs(s) },
      spec: {
        type,
        clusterIP: clusterIP(s),
        selector: { app: `svc-${s}` },
        ports: type === 'ClusterIP' ? [port, { name: 'metrics', port: 9090, targetPort: 9090 }] : [port],
      },
    };
    if (type === 'LoadBalancer') {
      port.nodePort = 31000 + lbIndex;
      svc.status = { loadBalancer: { ingress: [{ ip: lbIP(lbIndex) }] } };
      lbs.push({ service: `${svcNs(s)}/svc-${s}` });
      lbIndex++;
    }
    out.push(svc);
  }
  out.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  const perIngress = Math.min(10, z.ingressRules);
  const hosts: string[] = [];
  /** The Service behind each host, in the order of `hosts`. */
  const backendOfHost: number[] = [];
  for (let i = 0; i * perIngress < z.ingressRules; i++) {
    const rules = [];
    for (let r = 0; r < perIngress && i * perIngress + r < z.ingressRules; r++) {
      const k = i * perIngress + r;
      const s = (k * NS + (i % NS)) % z.services; // a Service in the Ingress' namespace
      hosts.push(`h${k}.example.com`);
      backendOfHost.push(s);
      rules.push({
        host: `h${k}.example.com`,
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: `svc-${s}`, port: { number: 80 } } },
            },
          ],
        },
      });
    }
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: `ing-${i}`, namespace: `ns-${i % NS}` },
      spec: { ingressClassName: 'nginx', rules },
    });
  }
  const nodePortSvcs: number[] = [];
  for (let s = 0; s < z.services && nodePortSvcs.length < 1000; s++) if (isNodePort(s)) nodePortSvcs.push(s);
  // Every request crosses nodes at every leg, at any size: its client, entry node, controller Pods and endpoints
  // never share a node. (At the limits they almost never do anyway; on a cluster of a few nodes a third of the legs
  // stayed on one node, so the small cluster's paths were shorter — 6–13 % fewer hops — and the bench's ratio
  // compared unequal work.)
  const podNode = (p: number) => p % z.nodes;
  const svcNodes = (s: number) => {
    const out = new Set<number>();
    for (let p = s; p < z.pods; p += z.services) out.add(podNode(p));
    return out;
  };
  const controllerNodes = new Set([0, 1, 2].map(controllerNode));
  const freeNode = (start: number, taken: ReadonlySet<number>) => {
    let n = start % z.nodes;
    for (let k = 0; k < z.nodes && taken.has(n); k++) n = (n + 1) % z.nodes;
    return n;
  };
  const requests = [];
  for (let j = 0; j < z.requests; j++) {
    const kind = j % 3;
    if (kind === 0) {
      const s = (j * 31) % z.services;
      const taken = svcNodes(s);
      let p = (j * 7919) % z.pods;
      for (let k = 0; k < z.pods && taken.has(podNode(p)); k++) p = (p + 1) % z.pods;
      requests.push({
        id: `r${j}`,
        from: { pod: `${svcNs(p % z.services)}/pod-${p}`, container: 'app' },
        to: { ip: clusterIP(s), port: 80, protocol: 'TCP' },
      });
    } else if (kind === 1) {
      const s = nodePortSvcs[j % nodePortSvcs.length]!;
      const entry = freeNode((j * 13) % z.nodes, new Set([...svcNodes(s), ...controllerNodes]));
      requests.push({
        id: `r${j}`,
        from: { external: { name: 'client', ip: '198.51.100.7' } },
        to: { ip: nodeIP(entry), port: 30000 + s / 10, protocol: 'TCP' },
      });
    } else {
      // A host whose backend's Pods share no node with a controller Pod, and an entry node with no controller.
      let h = (j * 17) % hosts.length;
      for (
        let k = 0;
        k < hosts.length && [...svcNodes(backendOfHost[h]!)].some((n) => controllerNodes.has(n));
        k++
      )
        h = (h + 1) % hosts.length;
      const host = hosts[h]!;
      requests.push({
        id: `r${j}`,
        from: { external: { name: 'browser', ip: '198.51.100.8' } },
        to: { url: `http://${host}/` },
        entryNode: `node-${freeNode((j * 11) % z.nodes, controllerNodes)}`,
      });
    }
  }
  out.push({
    apiVersion: 'packetpath.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'bench' },
    spec: {
      title: 'benchmark cluster',
      cluster: { podCIDR: '10.0.0.0/8', serviceCIDR: '172.16.0.0/12' },
      publicDns: hosts.map((h) => ({ name: h, a: ['203.0.113.10'] })),
      cloudLoadBalancers: lbs,
      ingressControllers: [{ class: 'nginx', service: 'ingress-nginx/ingress-nginx-controller' }],
      requests,
    },
  });
  return out;
}

/** A running Pod with one container whose named ports are `container.ports` (name → containerPort). */
function pod(
  metadata: { name: string; namespace: string; labels: Record<string, string> },
  node: number,
  ip: string,
  container: { name: string; ports: Record<string, number> },
  ready: boolean,
): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {
      nodeName: `node-${node}`,
      containers: [
        {
          name: container.name,
          ports: Object.entries(container.ports).map(([name, containerPort]) => ({ name, containerPort })),
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}
