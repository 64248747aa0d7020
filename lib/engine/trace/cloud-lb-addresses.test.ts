/**
 * Issue 17 item 1: what a Pod behind an NLB with IP targets sees, and which address a VPC Link dials.
 *
 * - AWS Elastic Load Balancing docs, Network Load Balancers, "Client IP preservation": enabled by default for
 *   instance targets and for IP targets over UDP/TCP_UDP, disabled by default for IP targets over TCP/TLS; when
 *   disabled the target sees the load balancer node's private IP address. An NLB works at layer 4 and does not
 *   terminate TCP. AWS Load Balancer Controller docs (guide/service/nlb): target group attribute
 *   `preserve_client_ip.enabled` (annotation service.beta.kubernetes.io/aws-load-balancer-target-group-attributes)
 *   and `service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"` (proxy protocol v2).
 * - Kubernetes Service docs / reference R3.1, R5.1: the LB's address is in status.loadBalancer.ingress (an NLB
 *   shows a hostname); the ClusterIP is a virtual IP only kube-proxy's rules inside the cluster know.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFrom, trace } from '../__fixtures__/build';

const scenario = (f: string) =>
  modelFrom(readFileSync(join(__dirname, '..', '..', '..', 'content', 'scenarios', f), 'utf8'), f);

describe('scenario 10: NLB with IP targets over TCP, client IP preservation off', () => {
  const ts = trace(scenario('10-loadbalancer-ip-targets.yaml'), 'main');

  it("each Pod sees the private IP of the NLB node in its own subnet — not the client, not the NLB's public IP", () => {
    const seen = ts.paths.map((p) => [p.endpoint?.ip, p.sourceSeenByDestination]);
    expect(seen).toEqual([
      ['10.0.1.87', '10.0.1.200'],
      ['10.0.3.141', '10.0.3.200'],
    ]);
    for (const p of ts.paths) expect(p.masqueraded).toBe(true);
  });

  it('the NLB is layer 4 (does not terminate TCP, not a proxy) and the step says how to get the client IP back', () => {
    for (const p of ts.paths) {
      const lb = p.hops.find((h) => h.layer === 'Cloud LB')!;
      expect(lb.label).toContain('does not terminate TCP');
      expect(lb.label).not.toMatch(/, proxy\)/);
      const steps = lb.steps.join(' ');
      expect(steps).toContain('preserve_client_ip.enabled=true');
      expect(steps).toContain('proxy protocol v2');
      expect(lb.rewrites.map((r) => `${r.kind} ${r.from}→${r.to}`)).toContain(
        `SNAT 198.51.100.7→${p.sourceSeenByDestination}`,
      );
    }
  });
});

describe('scenario 37: the VPC Link dials the NLB at its VPC address, not the ClusterIP', () => {
  const ts = trace(scenario('37-api-gateway-stage-prefix-404.yaml'), 'main');
  it('no hop presents 10.96.200.2 (the ClusterIP) as the load balancer', () => {
    const p = ts.paths[0]!;
    const lb = p.hops.find((h) => h.layer === 'Cloud LB')!;
    expect(lb.label).toContain('192.168.1.250:80');
    expect(lb.label).not.toContain('10.96.200.2');
    expect(lb.packet.dst).toBe('192.168.1.250');
    const gw = p.hops.find((h) => h.layer === 'API Gateway')!.steps.join(' ');
    expect(gw).toContain('.elb.us-east-1.amazonaws.com = its VPC address 192.168.1.250');
    expect(gw).toContain("not 10.96.200.2, the Service's ClusterIP");
  });
});
