/**
 * Issue 17 item 1, the leftovers: each expectation is written from the rule or the upstream source it names
 * (kube-proxy pkg/proxy/iptables/proxier.go, the Kubernetes docs, /work/shared/networking-reference.md), never
 * from the engine's own output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';

const scenario = (file: string) =>
  modelFrom(readFileSync(join(__dirname, '..', '..', '..', 'content', 'scenarios', file), 'utf8'), file);

describe('iptables endpoint choice as kube-proxy writes it (proxier.go writeServiceToEndpointRules)', () => {
  // for i, ep := range endpoints { if i < numEndpoints-1 { "-m statistic --mode random --probability"
  // probability(numEndpoints-i) } ; -j KUBE-SEP-… }   with computeProbability(n) = fmt.Sprintf("%0.10f", 1.0/n).
  // So with 3 endpoints: 1/3, then 1/2, then an unconditional rule (R3.6: "the last is unconditional").
  const ts = trace(scenario('07-clusterip-short-name.yaml'), 'main');
  const kubeProxy = (i: number) => ts.paths[i]!.hops.find((h) => h.layer === 'kube-proxy')!.steps.join(' | ');

  it('every rule but the last carries -m statistic with probability 1/(n−i), to 10 decimals', () => {
    expect(ts.paths).toHaveLength(3);
    expect(kubeProxy(0)).toContain('-m statistic --mode random --probability 0.3333333333');
    expect(kubeProxy(1)).toContain('-m statistic --mode random --probability 0.5000000000');
    expect(ts.paths[0]!.choice).toContain('--probability 0.3333333333');
    expect(ts.paths[1]!.choice).toContain('--probability 0.5000000000');
  });

  it('the last endpoint gets no statistic match: its rule is unconditional', () => {
    expect(kubeProxy(2)).not.toMatch(/statistic --mode|--probability/);
    expect(ts.paths[2]!.choice).not.toMatch(/statistic --mode|--probability|statistic random/);
    expect(kubeProxy(2)).toMatch(/rule 3 of 3, unconditional/);
    // uniform overall: each path 1/3
    for (const p of ts.paths) expect(p.weight).toBeCloseTo(1 / 3, 9);
  });
});

describe('allocateLoadBalancerNodePorts: false behind an instance-target LB (ServiceSpec API docs, R5.1, R5.2)', () => {
  // "It may be set to false if the cluster load-balancer does not rely on NodePorts." An instance-target LB sends
  // to node:nodePort (R5.2); with no nodePort there is nothing to register, so the LB forwards nothing. Before:
  // ENGINE_ERROR (the LB handed the packet to a node still addressed to its own IP, which led back to the LB).
  const TEXT = readFileSync(
    join(__dirname, '..', '..', 'scenario', '__fixtures__', 'kubectl-get.yaml'),
    'utf8',
  ).replace('{ service: shop/api, targetType: ip }', '{ service: shop/api }');
  const m = modelFrom(TEXT, 'kubectl-get.yaml');

  it('is not delivered, with the reason at the Cloud LB hop, and no engine error', () => {
    const ts = trace(m, 'lb-allowed');
    expect(ts.disposition).not.toBe('ENGINE_ERROR');
    expect(ts.disposition).toBe('DROPPED');
    expect(ts.paths).toHaveLength(1);
    const hops = ts.paths[0]!.hops;
    const last = hops[hops.length - 1]!;
    expect(last.layer).toBe('Cloud LB');
    expect(last.verdict?.reason).toMatch(/no nodePort/);
    expect(last.verdict?.reason).toMatch(/allocateLoadBalancerNodePorts: false/);
    // Nothing reaches a node or a Pod.
    expect(hops.some((h) => h.layer === 'Node' || h.layer === 'Pod')).toBe(false);
  });

  it('scenario 10 switched to instance targets (the NLB does not preserve the client IP): no stack overflow', () => {
    // Before: ENGINE_ERROR "Maximum call stack size exceeded" (the what-if switch worked around it).
    const text = readFileSync(
      join(__dirname, '..', '..', '..', 'content', 'scenarios', '10-loadbalancer-ip-targets.yaml'),
      'utf8',
    ).replace(/targetType: ip/g, 'targetType: instance');
    const s10 = modelFrom(text, '10.yaml');
    for (const r of s10.requests) {
      const ts = trace(s10, r.id);
      expect(ts.disposition, r.id).toBe('DROPPED');
      const hops = ts.paths[0]!.hops;
      expect(hops[hops.length - 1]!.layer).toBe('Cloud LB');
    }
  });

  it('with VIP delivery (MetalLB-style, no node port needed) it is delivered', () => {
    const vip = modelFrom(
      TEXT.replace('{ service: shop/api }', '{ service: shop/api, delivery: vip }'),
      'kubectl-get.yaml',
    );
    expect(trace(vip, 'lb-allowed').disposition).toBe('DELIVERED');
  });
});

describe('the DNS query reaches either CoreDNS replica (R3.5: kube-dns is a Service; R3.6: a uniform choice)', () => {
  // R3.5: "client Pod → kube-dns ClusterIP … → kube-proxy DNAT on the client's node → one CoreDNS Pod". With two
  // CoreDNS endpoints both are equally valid; before, the resolution showed only the first one, always.
  const ts = trace(scenario('07-clusterip-short-name.yaml'), 'main');

  it('lists every CoreDNS replica as an alternative with an equal share', () => {
    const alts = ts.dns!.alternatives!;
    expect(alts).toHaveLength(2);
    const answering = alts.map((a) => a.hops[a.hops.length - 1]!.at);
    expect(new Set(answering).size).toBe(2);
    expect(answering.every((at) => at.startsWith('pod/kube-system/coredns'))).toBe(true);
    for (const a of alts) expect(a.weight).toBeCloseTo(0.5, 9);
  });

  it('the answering hop says it is one of two replicas', () => {
    expect(ts.dns!.hops[ts.dns!.hops.length - 1]!.label).toMatch(/replica 1 of 2/);
    const second = ts.dns!.alternatives![1]!;
    expect(second.hops[second.hops.length - 1]!.label).toMatch(/replica 2 of 2/);
  });
});

describe("the outside client's hop cites the rule of what it dials", () => {
  // R4.1 is about NodePorts (a port opened on every node); R5.1 says a LoadBalancer's address is the one in
  // status.loadBalancer.ingress, provisioned by the cloud: a browser connecting to it is an R5.1 connection.
  const clientRule = (file: string) => {
    const m = scenario(file);
    const ts = trace(m, m.requests[0]!.id);
    const h = ts.paths[0]!.hops.find((x) => x.layer === 'Client')!;
    return h.rule;
  };
  it('a load balancer address (scenarios 09, 10): R5.1, not R4.1', () => {
    expect(clientRule('10-loadbalancer-ip-targets.yaml')).toBe('R5.1');
    expect(clientRule('09-loadbalancer-instance-targets.yaml')).toBe('R5.1');
  });
  it('a node address and NodePort (scenario 08): R4.1', () => {
    expect(clientRule('08-nodeport-cluster-policy.yaml')).toBe('R4.1');
  });
});

describe('teaching gaps: what each scenario must say (issue 17 item 1)', () => {
  const steps = (file: string, layer: string) => {
    const m = scenario(file);
    const ts = trace(m, m.requests[0]!.id);
    return {
      ts,
      text: ts.paths[0]!.hops.filter((h) => h.layer === layer)
        .flatMap((h) => h.steps)
        .join(' | '),
    };
  };

  it('35 IPVS: the VIP is bound on kube-ipvs0, so node-1 itself answers a ping to it (R3.1, R3.14)', () => {
    const { text } = steps('35-ipvs-clusterip.yaml', 'kube-proxy');
    expect(text).toMatch(/kube-ipvs0/);
    expect(text).toMatch(/node-1 itself answers `ping 10\.96\.120\.15`/);
  });

  it('31 Gateway: the exact hostname beats the wildcard although its path is shorter (R8.1 before R8.2)', () => {
    const { text } = steps('31-gateway-api-precedence.yaml', 'Ingress');
    expect(text).toMatch(/HTTPRoute shop\/r-shop rule 1 .* wins/);
    expect(text).toMatch(/over HTTPRoute shop\/r-all rule 1 \(PathPrefix \/api\/orders\)/);
    expect(text).toMatch(/shop\.example\.com is more specific than \*\.example\.com/);
    expect(text).toMatch(/although PathPrefix \/api\/orders is the longer path/);
  });

  it("27 selector-less: the VM sees node-1's address, so its firewall must allow the nodes (R6.3, masquerade)", () => {
    const m = scenario('27-selectorless-external-vm.yaml');
    const ts = trace(m, m.requests[0]!.id);
    expect(ts.paths[0]!.sourceSeenByDestination).toBe('192.168.1.10');
    expect(ts.reason).toMatch(
      /legacy-vm sees 192\.168\.1\.10 \(node-1's address\), not the Pod's 10\.244\.1\.5/,
    );
    expect(ts.reason).toMatch(/firewall must allow the nodes' addresses/);
  });

  it('37 stage prefix: the rule is stated with its condition (HTTP API named stage; REST API integration URI)', () => {
    const { text } = steps('37-api-gateway-stage-prefix-404.yaml', 'API Gateway');
    expect(text).toMatch(/forwards \/prod\/api\/orders/);
    expect(text).toMatch(/HTTP API private integrations with a named stage/);
    expect(text).toMatch(/REST API forwards the path its integration URI names/);
  });
});
