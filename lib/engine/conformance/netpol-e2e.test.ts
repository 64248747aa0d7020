/**
 * kubernetes/kubernetes `test/e2e/network/netpol/network_policy.go` ("Netpol … NetworkPolicy between server and
 * client"): truth tables over Pods x/a … z/c (label `pod: <name>`, namespaces labelled
 * `kubernetes.io/metadata.name`), each serving TCP 80/81 on container ports named `serve-80-tcp` / `serve-81-tcp`.
 * Every (client, server) pair is traced Pod IP → Pod IP; reachable = DELIVERED, unreachable = DENIED_IN/DENIED_OUT.
 * Loopback pairs are ignored, as upstream does (`ignoreLoopback = true`, kubernetes#95879).
 */
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';

const NSS = ['x', 'y', 'z'] as const;
const PODS = ['a', 'b', 'c'] as const;
type PodName = `${(typeof NSS)[number]}/${(typeof PODS)[number]}`;
const ALL: PodName[] = NSS.flatMap((n) => PODS.map((p): PodName => `${n}/${p}`));
const ipOf = (p: PodName) =>
  `10.244.${NSS.indexOf(p.split('/')[0] as (typeof NSS)[number]) + 1}.${PODS.indexOf(p.split('/')[1] as (typeof PODS)[number]) + 10}`;

function model(policies: string, port: number) {
  const pairs = ALL.flatMap((from) => ALL.filter((to) => to !== from).map((to) => [from, to] as const));
  const text = `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata: {name: netpol-e2e}
spec:
  title: netpol e2e
  cluster:
    podCIDR: 10.244.0.0/16
    cni: {plugin: calico, mode: vxlan}
    networkPolicy: {enforced: true}
  requests:
${pairs.map(([f, t]) => `  - {id: ${f.replace('/', '-')}--${t.replace('/', '-')}, from: {pod: ${f}}, to: {ip: ${ipOf(t)}, port: ${port}}}`).join('\n')}
---
${NSS.map((n, i) => `apiVersion: v1\nkind: Node\nmetadata: {name: node-${n}}\nspec: {podCIDR: 10.244.${i + 1}.0/24}\nstatus: {addresses: [{type: InternalIP, address: 192.168.1.${10 + i}}]}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`).join('---\n')}---
${ALL.map(
  (p) => `apiVersion: v1
kind: Pod
metadata: {name: ${p.split('/')[1]}, namespace: ${p.split('/')[0]}, labels: {pod: ${p.split('/')[1]}}}
spec:
  nodeName: node-${p.split('/')[0]}
  containers:
  - {name: cont-80-tcp, ports: [{name: serve-80-tcp, containerPort: 80, protocol: TCP}]}
  - {name: cont-81-tcp, ports: [{name: serve-81-tcp, containerPort: 81, protocol: TCP}]}
status: {podIP: ${ipOf(p)}}
`,
).join('---\n')}${policies ? `---\n${policies}` : ''}`;
  return { m: modelFrom(text, 'netpol-e2e.yaml'), pairs };
}

const policy = (ns: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec.replace(/^/gm, '  ')}
`;

/** Expected reachability: `(from, to) => boolean` (default everything reachable). */
function expectTable(policies: string, port: number, reachable: (from: PodName, to: PodName) => boolean) {
  const { m, pairs } = model(policies, port);
  const wrong: string[] = [];
  for (const [f, t] of pairs) {
    const ts = trace(m, `${f.replace('/', '-')}--${t.replace('/', '-')}`);
    const got = ts.disposition === 'DELIVERED';
    if (!got && ts.disposition !== 'DENIED_IN' && ts.disposition !== 'DENIED_OUT')
      wrong.push(`${f} → ${t}:${port}: unexpected ${ts.disposition} (${ts.reason})`);
    else if (got !== reachable(f, t))
      wrong.push(
        `${f} → ${t}:${port}: expected ${reachable(f, t) ? 'reachable' : 'blocked'}, got ${ts.disposition} (${ts.reason})`,
      );
  }
  expect(wrong).toEqual([]);
}
const ns = (p: PodName) => p.split('/')[0]!;
const pod = (p: PodName) => p.split('/')[1]!;

describe('Netpol e2e truth tables (test/e2e/network/netpol/network_policy.go)', () => {
  it("should support a 'default-deny-ingress' policy", () =>
    expectTable(
      policy('x', 'deny-ingress', 'podSelector: {}\npolicyTypes: [Ingress]'),
      80,
      (_f, t) => ns(t) !== 'x',
    ));
  it("should support a 'default-deny-all' policy", () =>
    expectTable(
      policy('x', 'deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'),
      80,
      (f, t) => ns(t) !== 'x' && ns(f) !== 'x',
    ));
  it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', () =>
    expectTable(
      policy(
        'x',
        'x-a-allows-x-b',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || f === 'x/b',
    ));
  it('should enforce policy to allow ingress traffic for a target', () =>
    expectTable(
      policy('x', 'deny-all', 'podSelector: {}\npolicyTypes: [Ingress]') +
        '---\n' +
        policy(
          'x',
          'allow-all-to-a',
          'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{podSelector: {}, namespaceSelector: {}}]}]',
        ),
      80,
      (_f, t) => ns(t) !== 'x' || t === 'x/a',
    ));
  it('should enforce policy to allow ingress traffic from pods in all namespaces', () =>
    expectTable(
      policy(
        'x',
        'allow-from-another-ns',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchLabels: {}}}]}]',
      ),
      80,
      () => true,
    ));
  it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () =>
    expectTable(
      policy(
        'x',
        'allow-client-a-via-ns-selector',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || ns(f) === 'y',
    ));
  it('should enforce policy based on PodSelector with MatchExpressions', () =>
    expectTable(
      policy(
        'x',
        'x-a-allows-x-b',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || f === 'x/b',
    ));
  it('should enforce policy based on NamespaceSelector with MatchExpressions', () =>
    expectTable(
      policy(
        'x',
        'allow-ns-y-match-selector',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [y]}]}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || ns(f) === 'y',
    ));
  it('should enforce policy based on PodSelector or NamespaceSelector', () =>
    expectTable(
      policy(
        'x',
        'allow-ns-y-match-selector',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}}, {podSelector: {matchLabels: {pod: b}}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || ns(f) !== 'x' || f === 'x/b',
    ));
  it('should enforce policy based on PodSelector and NamespaceSelector', () =>
    expectTable(
      policy(
        'x',
        'allow-ns-y-podselector-and-nsselector',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}, podSelector: {matchLabels: {pod: b}}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || (ns(f) !== 'x' && pod(f) === 'b'),
    ));
  it('should enforce policy based on Multiple PodSelectors and NamespaceSelectors', () =>
    expectTable(
      policy(
        'x',
        'allow-ns-y-z-pod-b-c',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}, podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || (ns(f) !== 'x' && pod(f) !== 'a'),
    ));
  it('should enforce policy based on any PodSelectors', () =>
    expectTable(
      policy(
        'x',
        'allow-ns-x-pod-b-c',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: c}}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || f === 'x/b' || f === 'x/c',
    ));
  it('should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', () =>
    expectTable(
      policy(
        'x',
        'allow-ns-y-pod-a-via-namespace-pod-selector',
        'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}, podSelector: {matchLabels: {pod: a}}}]}]',
      ),
      80,
      (f, t) => t !== 'x/a' || f === 'y/a',
    ));
  const port81FromY = policy(
    'x',
    'allow-client-a-via-ns-selector',
    'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: 81, protocol: TCP}]}]',
  );
  it('should enforce policy based on Ports (81 from namespace y only)', () =>
    expectTable(port81FromY, 81, (f, t) => t !== 'x/a' || ns(f) === 'y'));
  it('should enforce multiple, stacked policies with overlapping podSelectors: port 80 denied before, allowed after the second policy', () => {
    expectTable(port81FromY, 80, (_f, t) => t !== 'x/a');
    const port80FromY = policy(
      'x',
      'allow-client-a-via-ns-selector-80',
      'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: 80, protocol: TCP}]}]',
    );
    expectTable(`${port81FromY}---\n${port80FromY}`, 80, (f, t) => t !== 'x/a' || ns(f) === 'y');
  });
  it('should support allow-all policy (80 and 81)', () => {
    const p = policy('x', 'allow-all', 'podSelector: {}\ningress: [{}]');
    expectTable(p, 80, () => true);
    expectTable(p, 81, () => true);
  });
  it('should allow ingress access on one named port (serve-81-tcp)', () => {
    const p = policy('x', 'allow-all', 'podSelector: {}\ningress: [{ports: [{port: serve-81-tcp}]}]');
    expectTable(p, 81, () => true);
    expectTable(p, 80, (_f, t) => ns(t) !== 'x');
  });
  it('should allow ingress access from namespace on one named port (serve-80-tcp from y; 81 blocked for all)', () => {
    const p = policy(
      'x',
      'allow-client-a-via-ns-selector-80',
      'podSelector: {matchLabels: {pod: a}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: serve-80-tcp, protocol: TCP}]}]',
    );
    expectTable(p, 80, (f, t) => t !== 'x/a' || ns(f) === 'y');
    expectTable(p, 81, (_f, t) => t !== 'x/a');
  });
  it('should allow egress access on one named port (serve-80-tcp)', () => {
    const p = policy(
      'x',
      'allow-egress',
      'podSelector: {}\npolicyTypes: [Egress]\negress: [{ports: [{port: serve-80-tcp}]}]',
    );
    expectTable(p, 80, () => true);
    expectTable(p, 81, (f) => ns(f) !== 'x');
  });
});
