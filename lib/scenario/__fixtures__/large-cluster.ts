/**
 * Generator of a cluster at Kubernetes' documented limits (5,000 nodes, 150,000 Pods, 10,000 Services,
 * 2,000 Ingress rules) as plain objects, for timing `buildModel` (engine-plan.md performance targets).
 * Deterministic: no randomness. Feed the result to `inputFromObjects` to get a ScenarioInput.
 *
 * Shape: node-i has podCIDR 10.(i>>8).(i&255).0/24 inside 10.0.0.0/8 … we use Pod CIDR 10.0.0.0/8 and
 * Service CIDR 172.16.0.0/12 so that 5,000 /24s fit. Pods are spread round-robin over the nodes and over
 * `namespaces` namespaces; Service k selects `app=svc-k` (15 Pods each) with a named targetPort.
 */
export interface LargeClusterOptions {
  nodes?: number;
  pods?: number;
  services?: number;
  ingressRules?: number;
  namespaces?: number;
}

export function largeClusterObjects(opts: LargeClusterOptions = {}): unknown[] {
  const nNodes = opts.nodes ?? 5000;
  const nPods = opts.pods ?? 150000;
  const nSvc = opts.services ?? 10000;
  const nRules = opts.ingressRules ?? 2000;
  const nNs = opts.namespaces ?? 50;
  const out: unknown[] = [];
  const nodeIp = (i: number) => `192.168.${(i >> 8) & 255}.${i & 255}`;
  for (let i = 0; i < nNodes; i++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i}`, labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
      spec: { podCIDR: `10.${(i >> 8) & 255}.${i & 255}.0/24` },
      status: { addresses: [{ type: 'InternalIP', address: nodeIp(i) }] },
    });
  }
  for (let n = 0; n < nNs; n++)
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  const podsPerNode = new Array<number>(nNodes).fill(0);
  for (let p = 0; p < nPods; p++) {
    const node = p % nNodes;
    const slot = ++podsPerNode[node]!; // 1..254
    const svc = p % nSvc;
    const ns = svc % nNs;
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `pod-${p}`,
        namespace: `ns-${ns}`,
        labels: { app: `svc-${svc}`, tier: p % 2 ? 'web' : 'api', 'pod-template-hash': `h${svc % 7}` },
      },
      spec: {
        nodeName: `node-${node}`,
        containers: [
          {
            name: 'app',
            ports: [
              { name: 'http', containerPort: 8080 },
              { name: 'metrics', containerPort: 9090 },
            ],
          },
          { name: 'sidecar', ports: [{ name: 'admin', containerPort: 15000 }] },
        ],
      },
      status: {
        phase: 'Running',
        podIP: `10.${(node >> 8) & 255}.${node & 255}.${slot}`,
        conditions: [{ type: 'Ready', status: p % 10 === 0 ? 'False' : 'True' }],
      },
    });
  }
  for (let s = 0; s < nSvc; s++) {
    const ns = s % nNs;
    const ip = 0xac100000 + 1 + s; // 172.16.0.1 …
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: `ns-${ns}` },
      spec: {
        type: s % 10 === 0 ? 'NodePort' : 'ClusterIP',
        clusterIP: `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`,
        selector: { app: `svc-${s}` },
        ports: [
          {
            name: 'http',
            port: 80,
            targetPort: 'http',
            ...(s % 10 === 0 ? { nodePort: 30000 + s / 10 } : {}),
          },
          {
            name: 'metrics',
            port: 9090,
            targetPort: 9090,
            ...(s % 10 === 0 ? { nodePort: 31000 + s / 10 } : {}),
          },
        ],
      },
    });
  }
  out.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name: 'nginx' },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  const perIngress = 10;
  for (let i = 0; i < nRules / perIngress; i++) {
    const rules = [];
    for (let r = 0; r < perIngress; r++) {
      const k = i * perIngress + r;
      const svc = k % nSvc;
      rules.push({
        host: k % 5 === 0 ? `*.w${k}.example.com` : `h${k}.example.com`,
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: `svc-${svc}`, port: { number: 80 } } },
            },
          ],
        },
      });
    }
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: `ing-${i}`, namespace: `ns-${i % nNs}` },
      spec: { ingressClassName: 'nginx', rules },
    });
  }
  out.push({
    apiVersion: 'packetpath.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name: 'large-cluster' },
    spec: {
      title: 'Cluster at the documented limits',
      cluster: { podCIDR: '10.0.0.0/8', serviceCIDR: '172.16.0.0/12', dnsService: 'ns-0/svc-0' },
      requests: [
        { id: 'main', from: { pod: 'ns-1/pod-1', container: 'app' }, to: { ip: '172.16.0.2', port: 80 } },
      ],
    },
  });
  return out;
}
