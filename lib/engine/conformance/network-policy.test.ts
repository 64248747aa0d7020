/**
 * NetworkPolicy cases from kubernetes/website `content/en/docs/concepts/services-networking/network-policies.md`:
 * the `test-network-policy` example (ipBlock with except, namespaceSelector, podSelector, port 6379; egress to
 * 10.0.0.0/24 on 5978), the AND-vs-OR `from` example, the default policies (default-deny-ingress,
 * allow-all-ingress, default-deny-egress, allow-all-egress, default-deny-all), the `endPort` example
 * (32000-32768) and targeting a namespace by its name (`kubernetes.io/metadata.name`). Outcomes are what the page
 * states the policy allows; a denied connection is DENIED_IN (destination) / DENIED_OUT (source), R10.9.
 *
 * Cluster: Calico (policy enforced), Pod CIDR 10.244.0.0/16, one node per Pod group; external clients reach the
 * `db` Pod through a NodePort with externalTrafficPolicy Local (no SNAT, so the policy sees the client address).
 */
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';

interface P {
  ns: string;
  name: string;
  ip: string;
  labels?: Record<string, string>;
  ports?: number[];
}
const pods: P[] = [
  { ns: 'default', name: 'db', ip: '10.244.1.10', labels: { role: 'db' }, ports: [6379, 6380] },
  { ns: 'default', name: 'frontend', ip: '10.244.2.10', labels: { role: 'frontend' } },
  { ns: 'default', name: 'plain', ip: '10.244.2.11' },
  { ns: 'myproject', name: 'anything', ip: '10.244.2.12' },
  { ns: 'other', name: 'fake-frontend', ip: '10.244.2.13', labels: { role: 'frontend' } },
  { ns: 'default', name: 'api-and', ip: '10.244.1.20', labels: { app: 'api-and' }, ports: [80] },
  { ns: 'default', name: 'api-or', ip: '10.244.1.21', labels: { app: 'api-or' }, ports: [80] },
  { ns: 'default', name: 'client', ip: '10.244.2.20', labels: { role: 'client' } },
  { ns: 'alice', name: 'client', ip: '10.244.2.21', labels: { role: 'client' } },
  { ns: 'alice', name: 'other', ip: '10.244.2.22', labels: { role: 'other' } },
  { ns: 'bob', name: 'client', ip: '10.244.2.23', labels: { role: 'client' } },
  { ns: 'deny-in', name: 'web', ip: '10.244.1.30', ports: [80] },
  { ns: 'allow-in', name: 'web', ip: '10.244.1.31', ports: [80] },
  { ns: 'deny-out', name: 'app', ip: '10.244.2.30' },
  { ns: 'allow-out', name: 'app', ip: '10.244.2.31' },
  { ns: 'deny-all', name: 'app', ip: '10.244.1.32', ports: [80] },
  { ns: 'ports', name: 'app', ip: '10.244.2.32' },
  { ns: 'by-name', name: 'web', ip: '10.244.1.33', ports: [80] },
];
const NS_LABELS: Record<string, Record<string, string>> = {
  myproject: { project: 'myproject' },
  alice: { user: 'alice' },
  bob: { user: 'bob' },
};

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: test-network-policy, namespace: default}
spec:
  podSelector: {matchLabels: {role: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
    - namespaceSelector: {matchLabels: {project: myproject}}
    - podSelector: {matchLabels: {role: frontend}}
    ports: [{protocol: TCP, port: 6379}]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
    ports: [{protocol: TCP, port: 5978}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: and-example, namespace: default}
spec:
  podSelector: {matchLabels: {app: api-and}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {user: alice}}
      podSelector: {matchLabels: {role: client}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: or-example, namespace: default}
spec:
  podSelector: {matchLabels: {app: api-or}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {user: alice}}
    - podSelector: {matchLabels: {role: client}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: deny-in}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: allow-in}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-ingress, namespace: allow-in}
spec: {podSelector: {}, ingress: [{}], policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: deny-out}
spec: {podSelector: {}, policyTypes: [Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: allow-out}
spec: {podSelector: {}, policyTypes: [Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-egress, namespace: allow-out}
spec: {podSelector: {}, egress: [{}], policyTypes: [Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: deny-all}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: multi-port-egress, namespace: ports}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
    ports: [{protocol: TCP, port: 32000, endPort: 32768}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-alice-by-name, namespace: by-name}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: alice}}}]
`;

interface Req {
  id: string;
  from: string;
  to: string;
  port: number;
  want: string;
}

function model(reqs: Req[]) {
  const nsNames = [...new Set(pods.map((p) => p.ns))];
  const text = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata: {name: netpol-docs}
spec:
  title: network-policies.md examples
  cluster:
    podCIDR: 10.244.0.0/16
    serviceCIDR: 10.96.0.0/12
    underlay: {cidr: 192.168.1.0/24, gateway: 192.168.1.1}
    cni: {plugin: calico, mode: vxlan}
    networkPolicy: {enforced: true}
  externalHosts:
  - {name: ext-a, ip: 10.0.0.5, listens: ["5978/TCP", "80/TCP", "31999/TCP", "32000/TCP", "32768/TCP", "32769/TCP"]}
  - {name: ext-b, ip: 10.0.1.5, listens: ["5978/TCP"]}
  requests:
${reqs
  .map((r) => {
    const from = r.from.startsWith('ext:')
      ? `{external: {name: client, ip: ${r.from.slice(4)}}}`
      : `{pod: ${r.from}}`;
    return `  - {id: ${r.id}, from: ${from}, to: {ip: ${r.to}, port: ${r.port}}}`;
  })
  .join('\n')}
---
${['node-1', 'node-2'].map((n, i) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${n}}\nspec: {podCIDR: 10.244.${i + 1}.0/24}\nstatus: {addresses: [{type: InternalIP, address: 192.168.1.${10 + i}}]}\n`).join('---\n')}---
${nsNames.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}${NS_LABELS[n] ? `, labels: ${JSON.stringify(NS_LABELS[n])}` : ''}}\n`).join('---\n')}---
${pods
  .map(
    (p) => `apiVersion: v1
kind: Pod
metadata: {name: ${p.name}, namespace: ${p.ns}, labels: ${JSON.stringify(p.labels ?? {})}}
spec: {nodeName: node-${p.ip.split('.')[2]}, containers: [{name: c, ports: [${(p.ports ?? []).map((x) => `{containerPort: ${x}}`).join(', ')}]}]}
status: {podIP: ${p.ip}}
`,
  )
  .join('---\n')}---
apiVersion: v1
kind: Service
metadata: {name: db-np, namespace: default}
spec: {type: NodePort, externalTrafficPolicy: Local, clusterIP: 10.96.0.50, selector: {role: db}, ports: [{port: 6379, nodePort: 30379}]}
---
${POLICIES}`;
  return modelFrom(text, 'netpol-docs.yaml');
}

function expectAll(reqs: Req[]) {
  const m = model(reqs);
  for (const r of reqs) {
    const ts = trace(m, r.id);
    expect(ts.disposition, `${r.id}: ${ts.reason}`).toBe(r.want);
  }
}

describe('network-policies.md: test-network-policy example', () => {
  it('ingress to role=db on TCP 6379 from role=frontend, namespaces project=myproject, 172.17.0.0/16 except 172.17.1.0/24; egress to 10.0.0.0/24:5978', () =>
    expectAll([
      { id: 'frontend-6379', from: 'default/frontend', to: '10.244.1.10', port: 6379, want: 'DELIVERED' },
      { id: 'frontend-6380', from: 'default/frontend', to: '10.244.1.10', port: 6380, want: 'DENIED_IN' },
      { id: 'plain-6379', from: 'default/plain', to: '10.244.1.10', port: 6379, want: 'DENIED_IN' },
      { id: 'myproject-6379', from: 'myproject/anything', to: '10.244.1.10', port: 6379, want: 'DELIVERED' },
      {
        id: 'other-ns-frontend',
        from: 'other/fake-frontend',
        to: '10.244.1.10',
        port: 6379,
        want: 'DENIED_IN',
      },
      // external clients through the ETP Local NodePort on node-1 (the db Pod's node): source preserved
      { id: 'ext-172-17-0', from: 'ext:172.17.0.5', to: '192.168.1.10', port: 30379, want: 'DELIVERED' },
      {
        id: 'ext-172-17-1-except',
        from: 'ext:172.17.1.5',
        to: '192.168.1.10',
        port: 30379,
        want: 'DENIED_IN',
      },
      { id: 'ext-172-17-2', from: 'ext:172.17.2.5', to: '192.168.1.10', port: 30379, want: 'DELIVERED' },
      { id: 'ext-outside', from: 'ext:198.51.100.7', to: '192.168.1.10', port: 30379, want: 'DENIED_IN' },
      { id: 'egress-5978', from: 'default/db', to: '10.0.0.5', port: 5978, want: 'EXITS_CLUSTER' },
      { id: 'egress-80', from: 'default/db', to: '10.0.0.5', port: 80, want: 'DENIED_OUT' },
      { id: 'egress-other-cidr', from: 'default/db', to: '10.0.1.5', port: 5978, want: 'DENIED_OUT' },
      { id: 'egress-to-pod', from: 'default/db', to: '10.244.2.10', port: 5978, want: 'DENIED_OUT' },
    ]));
});

describe('network-policies.md: namespaceSelector and podSelector in one element (AND) vs two elements (OR)', () => {
  it("AND: role=client Pods in namespaces user=alice only; OR: any Pod in user=alice, or role=client in the policy's namespace", () =>
    expectAll([
      { id: 'and-alice-client', from: 'alice/client', to: '10.244.1.20', port: 80, want: 'DELIVERED' },
      { id: 'and-alice-other', from: 'alice/other', to: '10.244.1.20', port: 80, want: 'DENIED_IN' },
      { id: 'and-bob-client', from: 'bob/client', to: '10.244.1.20', port: 80, want: 'DENIED_IN' },
      { id: 'and-default-client', from: 'default/client', to: '10.244.1.20', port: 80, want: 'DENIED_IN' },
      { id: 'or-alice-other', from: 'alice/other', to: '10.244.1.21', port: 80, want: 'DELIVERED' },
      { id: 'or-default-client', from: 'default/client', to: '10.244.1.21', port: 80, want: 'DELIVERED' },
      { id: 'or-bob-client', from: 'bob/client', to: '10.244.1.21', port: 80, want: 'DENIED_IN' },
    ]));
});

describe('network-policies.md: default policies', () => {
  it('default-deny-ingress / allow-all-ingress / default-deny-egress / allow-all-egress / default-deny-all', () =>
    expectAll([
      { id: 'deny-ingress', from: 'default/plain', to: '10.244.1.30', port: 80, want: 'DENIED_IN' },
      { id: 'allow-all-ingress', from: 'default/plain', to: '10.244.1.31', port: 80, want: 'DELIVERED' },
      { id: 'deny-egress', from: 'deny-out/app', to: '10.244.1.31', port: 80, want: 'DENIED_OUT' },
      { id: 'allow-all-egress', from: 'allow-out/app', to: '10.244.1.31', port: 80, want: 'DELIVERED' },
      { id: 'deny-all-in', from: 'default/plain', to: '10.244.1.32', port: 80, want: 'DENIED_IN' },
      { id: 'deny-all-out', from: 'deny-all/app', to: '10.244.1.31', port: 80, want: 'DENIED_OUT' },
      // egress isolation of the source and ingress isolation of the destination both apply (R10.3)
      { id: 'deny-egress-to-denied', from: 'deny-out/app', to: '10.244.1.30', port: 80, want: 'DENIED_OUT' },
    ]));
});

describe('network-policies.md: targeting a range of ports (endPort)', () => {
  it('TCP 32000-32768 to 10.0.0.0/24 inclusive', () =>
    expectAll([
      { id: 'p31999', from: 'ports/app', to: '10.0.0.5', port: 31999, want: 'DENIED_OUT' },
      { id: 'p32000', from: 'ports/app', to: '10.0.0.5', port: 32000, want: 'EXITS_CLUSTER' },
      { id: 'p32768', from: 'ports/app', to: '10.0.0.5', port: 32768, want: 'EXITS_CLUSTER' },
      { id: 'p32769', from: 'ports/app', to: '10.0.0.5', port: 32769, want: 'DENIED_OUT' },
    ]));
});

describe('network-policies.md: targeting a namespace by its name', () => {
  it('namespaceSelector on the immutable label kubernetes.io/metadata.name', () =>
    expectAll([
      { id: 'from-alice', from: 'alice/other', to: '10.244.1.33', port: 80, want: 'DELIVERED' },
      { id: 'from-bob', from: 'bob/client', to: '10.244.1.33', port: 80, want: 'DENIED_IN' },
    ]));
});
