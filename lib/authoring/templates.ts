/**
 * Scenario templates for the authoring editor: small, valid, traceable starting points written in the
 * authoring shorthand of docs/scenario-format.md (no `kubectl` noise), plus a wrapper that turns pasted
 * `kubectl get -o yaml` output into a scenario by adding a Scenario document skeleton.
 *
 * Pure: no I/O. `templates.test.ts` proves that every template parses and that its first request has a path.
 */
import { isMap, parseAllDocuments } from 'yaml';

export interface ScenarioTemplate {
  id: string;
  title: string;
  description: string;
  yaml: string;
}

/** Two nodes of cluster C1 (reference §C) and the kube-dns Service, shared by the templates. */
const NODES = `---
apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Node
metadata: { name: node-1 }
spec: { podCIDR: 10.244.1.0/24 }
status:
  addresses: [{ type: InternalIP, address: 192.168.1.10 }]
---
apiVersion: v1
kind: Node
metadata: { name: node-2 }
spec: { podCIDR: 10.244.2.0/24 }
status:
  addresses: [{ type: InternalIP, address: 192.168.1.11 }]
---
apiVersion: v1
kind: Service
metadata: { name: kube-dns, namespace: kube-system }
spec:
  clusterIP: 10.96.0.10
  selector: { k8s-app: kube-dns }
  ports:
    - { name: dns, port: 53, protocol: UDP }
    - { name: dns-tcp, port: 53, protocol: TCP }
---
apiVersion: v1
kind: Pod
metadata: { name: coredns-1, namespace: kube-system, labels: { k8s-app: kube-dns } }
spec:
  nodeName: node-1
  containers:
    - name: coredns
      ports:
        - { name: dns, containerPort: 53, protocol: UDP }
        - { name: dns-tcp, containerPort: 53, protocol: TCP }
status: { podIP: 10.244.1.2 }
`;

const CLUSTER = `  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    cni: { plugin: flannel, mode: vxlan }
    serviceDataplane: { mode: iptables }`;

const WEB_PODS = (app: string, image: string, ips: [string, string], port = 8080) => `---
apiVersion: v1
kind: Pod
metadata: { name: ${app}-1, namespace: shop, labels: { app: ${app} } }
spec:
  nodeName: node-1
  containers:
    - name: ${image}
      ports: [{ name: http, containerPort: ${port} }]
status: { podIP: ${ips[0]} }
---
apiVersion: v1
kind: Pod
metadata: { name: ${app}-2, namespace: shop, labels: { app: ${app} } }
spec:
  nodeName: node-2
  containers:
    - name: ${image}
      ports: [{ name: http, containerPort: ${port} }]
status: { podIP: ${ips[1]} }
`;

const NODEPORT = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata:
  name: my-nodeport-service
spec:
  title: A browser reaches a NodePort Service
  prompt: |
    A browser at \`198.51.100.7\` opens \`http://192.168.1.10:30080/\`: NodePort 30080 of Service \`shop/web\`
    on **node-1**. Build the path of the connection.
  topic: nodeport-lb
  difficulty: 1
  level: coarse
  askDisposition: true
  tags: [nodeport]
${CLUSTER}
  requests:
    - id: main
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { url: "http://192.168.1.10:30080/" }
${NODES}---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: NodePort
  clusterIP: 10.96.100.20
  selector: { app: web }
  ports:
    - { name: http, port: 80, targetPort: http, nodePort: 30080 }
${WEB_PODS('web', 'web', ['10.244.1.10', '10.244.2.10'])}`;

const INGRESS = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata:
  name: my-ingress-two-backends
spec:
  title: An Ingress with two backends
  prompt: |
    \`shop.example.com\` resolves to node-1, where the ingress-nginx controller listens on NodePort 31080.
    The Ingress \`shop/shop\` sends \`/api\` to Service \`api\` and everything else to Service \`web\`.
    A browser opens \`http://shop.example.com:31080/api/orders\`. Build the path of the request.
  topic: ingress
  difficulty: 2
  level: coarse
  askDisposition: true
  tags: [ingress, ingress-nginx]
${CLUSTER}
  publicDns:
    - { name: shop.example.com, a: [192.168.1.10] }
  ingressControllers:
    - { class: nginx, implementation: ingress-nginx, service: ingress-nginx/ingress-nginx-controller }
  requests:
    - id: main
      from: { external: { name: browser, ip: 198.51.100.7 } }
      to: { url: "http://shop.example.com:31080/api/orders" }
${NODES}---
apiVersion: v1
kind: Namespace
metadata: { name: ingress-nginx }
---
apiVersion: v1
kind: Service
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  type: NodePort
  clusterIP: 10.96.200.10
  selector: { app: ingress-nginx }
  ports:
    - { name: http, port: 80, targetPort: http, nodePort: 31080 }
---
apiVersion: v1
kind: Pod
metadata: { name: ingress-nginx-controller-1, namespace: ingress-nginx, labels: { app: ingress-nginx } }
spec:
  nodeName: node-2
  containers:
    - name: controller
      ports: [{ name: http, containerPort: 80 }]
status: { podIP: 10.244.2.20 }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: nginx }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: shop }
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: { service: { name: api, port: { number: 80 } } }
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { number: 80 } } }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  clusterIP: 10.96.120.15
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  clusterIP: 10.96.100.20
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
${WEB_PODS('api', 'api', ['10.244.1.30', '10.244.2.30'], 9090)}${WEB_PODS('web', 'web', ['10.244.1.10', '10.244.2.10'])}`;

const API_GATEWAY = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata:
  name: my-api-gateway-in-front
spec:
  title: An API gateway in front of a Service
  prompt: |
    Kong runs in the cluster behind LoadBalancer Service \`kong/kong-proxy\` (\`203.0.113.40\`). Route \`/api\` goes to
    Service \`shop/api\` and needs an \`apikey\` header. A client calls \`https://api.example.com/api/orders\` with a
    valid key. Build the path and say what the client gets back.
  topic: api-gateway
  difficulty: 2
  level: coarse
  askDisposition: true
  tags: [api-gateway, kong]
${CLUSTER}
  publicDns:
    - { name: api.example.com, a: [203.0.113.40] }
  cloudLoadBalancers:
    - { service: kong/kong-proxy, targetType: instance, delivery: nodePort }
  apiGateways:
    - name: kong
      placement: in-cluster
      service: kong/kong-proxy
      routes:
        - path: /api
          backend: { service: shop/api, port: 80 }
          auth: { type: key-auth, header: apikey, validKeys: [demo-key] }
  requests:
    - id: main
      from: { external: { name: api-client, ip: 198.51.100.7 } }
      to: { url: "https://api.example.com/api/orders" }
      headers: { apikey: demo-key }
      entryNode: node-1
${NODES}---
apiVersion: v1
kind: Namespace
metadata: { name: kong }
---
apiVersion: v1
kind: Service
metadata: { name: kong-proxy, namespace: kong }
spec:
  type: LoadBalancer
  clusterIP: 10.96.210.10
  selector: { app: kong }
  ports:
    - { name: https, port: 443, targetPort: 8443, nodePort: 31443 }
status:
  loadBalancer: { ingress: [{ ip: 203.0.113.40 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: kong-1, namespace: kong, labels: { app: kong } }
spec:
  nodeName: node-2
  containers:
    - name: proxy
      ports: [{ name: https, containerPort: 8443 }]
status: { podIP: 10.244.2.50 }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  clusterIP: 10.96.120.15
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: http }]
${WEB_PODS('api', 'api', ['10.244.1.30', '10.244.2.30'], 9090)}`;

const NETPOL_DENY = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata:
  name: my-networkpolicy-deny
spec:
  title: A default-deny NetworkPolicy
  prompt: |
    Namespace \`shop\` has a \`default-deny-ingress\` NetworkPolicy and the CNI enforces it. Container \`web\` in
    \`shop/web-1\` opens \`http://api/\`. Build the path and say what the client observes.
  topic: network-policy
  difficulty: 2
  level: coarse
  askDisposition: true
  tags: [network-policy, default-deny]
  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: { cidr: 192.168.1.0/24, gateway: 192.168.1.1 }
    cni: { plugin: calico, mode: vxlan }
    serviceDataplane: { mode: iptables }
    networkPolicy: { enforced: true, denyAction: drop }
  requests:
    - id: main
      from: { pod: shop/web-1, container: web }
      to: { url: "http://api/" }
${NODES}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-ingress, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  clusterIP: 10.96.120.15
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: http }]
${WEB_PODS('api', 'api', ['10.244.1.30', '10.244.2.30'], 9090)}${WEB_PODS('web', 'web', ['10.244.1.10', '10.244.2.10'])}`;

export const SCENARIO_TEMPLATES: readonly ScenarioTemplate[] = [
  {
    id: 'nodeport',
    title: 'NodePort Service',
    description: 'A browser outside the cluster reaches two Pods through a NodePort.',
    yaml: NODEPORT,
  },
  {
    id: 'ingress',
    title: 'Ingress with two backends',
    description: 'ingress-nginx routes /api and / to two Services by path.',
    yaml: INGRESS,
  },
  {
    id: 'api-gateway',
    title: 'API gateway in front',
    description: 'Kong behind a cloud load balancer, with key authentication.',
    yaml: API_GATEWAY,
  },
  {
    id: 'networkpolicy-deny',
    title: 'NetworkPolicy deny',
    description: 'A default-deny ingress policy drops Pod-to-Service traffic.',
    yaml: NETPOL_DENY,
  },
];

export function templateById(id: string): ScenarioTemplate | undefined {
  return SCENARIO_TEMPLATES.find((t) => t.id === id);
}

/**
 * Wrap pasted `kubectl get -o yaml` output (one object, several documents, or a `kind: List`) in a scenario:
 * a Scenario document skeleton whose request the author completes. A pasted Scenario document is kept as is.
 * The pasted text is kept verbatim (the loader ignores the fields it does not read and unwraps lists).
 *
 * @example wrapKubectlOutput("apiVersion: v1\nkind: List\nitems: [...]", "from-cluster")
 */
export function wrapKubectlOutput(pasted: string, name = 'pasted-cluster'): string {
  const body = pasted.replace(/^\uFEFF/, '').trim();
  const docs = parseAllDocuments(body);
  const kinds: string[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (!isMap(d.contents)) continue;
    let js: { kind?: unknown; items?: unknown };
    try {
      js = d.toJS() as typeof js;
    } catch {
      continue;
    }
    if (js.kind === 'Scenario') return body + '\n';
    if (js.kind === 'List' && Array.isArray(js.items)) kinds.push('List');
    else if (typeof js.kind === 'string') kinds.push(js.kind);
  }
  const skeleton = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata:
  name: ${name}
spec:
  title: Objects pasted from a cluster
  prompt: |
    Describe the request the learner traces.
  difficulty: 2
  level: coarse
  askDisposition: true
  tags: [kubectl]
  # TODO: set the Pod/Service CIDRs and the CNI of the cluster the objects came from.
  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
  requests:
    # TODO: the request to trace, e.g. from a Pod of the pasted objects to a Service.
    - id: main
      from: { external: { name: client, ip: 198.51.100.7 } }
      to: { url: "http://example.com/" }
`;
  const pastedPart = body.startsWith('---') ? body : `---\n${body}`;
  return `${skeleton}# ${kinds.length} pasted document(s)${kinds.length ? `: ${[...new Set(kinds)].join(', ')}` : ''}\n${pastedPart}\n`;
}
