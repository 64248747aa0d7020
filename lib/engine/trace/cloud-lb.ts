/**
 * Cloud load balancers in front of `type: LoadBalancer` Services (R5.1–R5.6): instance (node:nodePort or VIP
 * delivery) vs IP targets, health checks through healthCheckNodePort under externalTrafficPolicy Local,
 * loadBalancerSourceRanges enforced by the cloud firewall, pass-through vs proxy LBs.
 *
 * Entry-node alternatives: every target node is an alternative. On large clusters (more than
 * ENTRY_NODE_EXPAND_LIMIT target nodes) the nodes that host no endpoint of the Service port are collapsed into
 * one representative path whose weight is their summed share and whose `choice` says how many nodes it
 * stands for (they differ only by name); nodes hosting endpoints are always listed. `request.entryNode` pins
 * the entry node.
 */
import type { ModelNode, ModelService } from '../model';
import { cidrContains, parseCidr } from '../../scenario';
import {
  type Ctx,
  type Dest,
  type Done,
  type PState,
  amendLast,
  branch,
  finish,
  hop,
  ipPort,
  note,
  ref,
  withPkt,
} from './state';
import { categorize } from './service-dataplane';
import { endpointPod } from './endpoints';
import { nodeIP } from './cni';
import { arrive } from './delivery';

export const ENTRY_NODE_EXPAND_LIMIT = 8;

type LbConfig = {
  targetType: 'instance' | 'ip';
  delivery: 'nodePort' | 'vip';
  preservesClientIP: boolean;
  healthCheck: boolean;
  /** The LB's own VPC addresses (a layer-4 NLB); empty for a proxy or when not modelled. */
  privateIPs: readonly string[];
};

function lbConfig(ctx: Ctx, svc: ModelService): LbConfig & { modelled: boolean } {
  const c = ctx.model.cloudLoadBalancers.get(svc.id);
  if (c)
    return {
      targetType: c.targetType,
      delivery: c.delivery,
      preservesClientIP: c.preservesClientIP,
      healthCheck: c.healthCheck,
      privateIPs: c.privateIPs,
      modelled: true,
    };
  return {
    targetType: 'instance',
    delivery: 'nodePort',
    preservesClientIP: true,
    healthCheck: true,
    privateIPs: [],
    modelled: false,
  };
}

function inRanges(ranges: readonly string[], ip: string): boolean {
  return ranges.some((r) => {
    const c = parseCidr(r.trim());
    return typeof c !== 'string' && cidrContains(c, ip);
  });
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Entry-node alternatives with weights, collapsing equivalent endpoint-less nodes on big clusters. */
export function entryNodes(
  ctx: Ctx,
  candidates: readonly string[],
  endpointNodes: ReadonlySet<string>,
): { node: string; weight: number; choice: string }[] {
  const pinned = ctx.req.entryNode;
  if (pinned !== undefined)
    return [{ node: pinned, weight: 1, choice: `entry node ${pinned} (pinned by the question)` }];
  const n = candidates.length;
  if (n <= ENTRY_NODE_EXPAND_LIMIT)
    return candidates.map((c) => ({ node: c, weight: 1 / n, choice: `entry node ${c} (1/${n})` }));
  const out: { node: string; weight: number; choice: string }[] = [];
  let rep: string | undefined;
  let restCount = 0;
  if (candidates === ctx.model.nodeNames) {
    // Every node is a target (the common case): walk the few endpoint nodes, not the 5,000 nodes. nodeNames is
    // sorted by name, so sorting the endpoint nodes by name keeps the order of the full walk below.
    const hosting = [...endpointNodes].filter((c) => ctx.model.nodes.has(c)).sort(byName);
    for (const c of hosting)
      out.push({ node: c, weight: 1 / n, choice: `entry node ${c} (1/${n}, hosts an endpoint)` });
    for (const c of candidates)
      if (!endpointNodes.has(c)) {
        rep = c;
        break;
      }
    restCount = n - hosting.length;
    if (rep !== undefined)
      out.push({
        node: rep,
        weight: restCount / n,
        choice: `entry node ${rep}, standing for ${restCount} of ${n} equivalent nodes without a local endpoint`,
      });
    return out;
  }
  for (const c of candidates) {
    if (endpointNodes.has(c))
      out.push({ node: c, weight: 1 / n, choice: `entry node ${c} (1/${n}, hosts an endpoint)` });
    else {
      if (rep === undefined) rep = c;
      restCount++;
    }
  }
  if (rep !== undefined)
    out.push({
      node: rep,
      weight: restCount / n,
      choice: `entry node ${rep}, standing for ${restCount} of ${n} equivalent nodes without a local endpoint`,
    });
  return out;
}

/**
 * The private address an NLB node uses towards a target: the one in the target's subnet (the LB node in the
 * target's Availability Zone; cross-zone load balancing is off by default for an NLB), else the first.
 * Subnets are taken as the /24 of the address (the scenarios' VPC layout).
 */
export function lbPrivateIPToward(privateIPs: readonly string[], target: string): string | undefined {
  const net = (ip: string) => ip.split('.').slice(0, 3).join('.');
  return privateIPs.find((p) => net(p) === net(target)) ?? privateIPs[0];
}

/**
 * How the LB treats the connection, for its hop label (AWS ELB docs, "Client IP preservation": on by default for
 * instance targets and for IP targets over UDP/TCP_UDP, off for IP targets over TCP/TLS, where the target sees
 * the NLB's private IP; an NLB never terminates TCP).
 */
function lbKind(cfg: LbConfig): string {
  if (cfg.preservesClientIP) return 'pass-through';
  if (cfg.privateIPs.length > 0)
    return 'layer 4, does not terminate TCP; client IP preservation off: source = its private IP';
  return 'proxy';
}

/** A client reaches a LoadBalancer IP: Cloud LB hop, then its targets. */
export function cloudLbPath(
  ctx: Ctx,
  st0: PState,
  svc: ModelService,
  dst: Dest,
  opts: { clientIP: string },
): Done[] {
  const cfg = lbConfig(ctx, svc);
  const port = svc.ports.find((p) => p.port === dst.port && p.protocol === dst.proto);
  const lbAt = `cloudlb/${svc.id}`;
  let st = hop(ctx, st0, {
    layer: 'Cloud LB',
    at: lbAt,
    label: `cloud load balancer ${dst.ip}:${dst.port ?? ''} (${cfg.targetType} targets${cfg.targetType === 'instance' ? `, ${cfg.delivery === 'nodePort' ? 'node:nodePort' : 'VIP'} delivery` : ''}, ${lbKind(cfg)})`,
    steps: [
      `LB listener ${dst.ip}:${dst.port ?? ''}/${dst.proto} for Service ${svc.id}${cfg.modelled ? '' : ' (no cloudLoadBalancers entry: assumed instance targets, nodePort delivery, health checks)'}`,
    ],
    rule: 'R5.1',
  });
  if (!port)
    return [
      finish(
        ctx,
        st,
        'DROPPED',
        `the load balancer of ${svc.id} has no listener for ${dst.port}/${dst.proto} (the Service exposes ${svc.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}) → timeout (R5.1)`,
        'R5.1',
      ),
    ];
  if (svc.loadBalancerSourceRanges.length > 0 && !inRanges(svc.loadBalancerSourceRanges, opts.clientIP)) {
    return [
      finish(
        ctx,
        st,
        'DROPPED',
        `client ${opts.clientIP} is not in loadBalancerSourceRanges (${svc.loadBalancerSourceRanges.join(', ')}): the cloud firewall / security group drops it (R5.5)`,
        'R5.5',
      ),
    ];
  }
  const src = cfg.preservesClientIP ? opts.clientIP : dst.ip;
  const cat = categorize(port, undefined);

  if (cfg.targetType === 'ip') {
    // R5.3: the LB sends straight to Pod IPs (health-checked Pods); no NodePort, no kube-proxy.
    const targets = cat.cluster.filter((e) => e.ready || !cfg.healthCheck);
    if (targets.length === 0)
      return [
        finish(
          ctx,
          st,
          'DROPPED',
          `the load balancer of ${svc.id} has no healthy IP targets (no ready endpoints) → timeout (R5.3)`,
          'R5.3',
        ),
      ];
    const out: Done[] = [];
    for (const ep of targets) {
      const pod = endpointPod(ctx, ep);
      let b = branch(
        st,
        1 / targets.length,
        `LB IP target ${pod ? pod.name : ep.ip} (1/${targets.length}, the LB's own algorithm, R5.3)`,
      );
      // A layer-4 NLB without client IP preservation rewrites the source to its own private IP in the target's
      // subnet (not its public address); a proxy opens a new connection from its address.
      const l4 = !cfg.preservesClientIP ? lbPrivateIPToward(cfg.privateIPs, ep.ip) : undefined;
      const bsrc = l4 ?? src;
      b = withPkt(b, { src: bsrc, srcPort: 'ephemeral', dst: ep.ip, dstPort: ep.port });
      const lastSteps = [`target group of Pod IPs → ${ep.ip}:${ep.port} (health checks on the Pod)`];
      if (l4)
        lastSteps.push(
          `client IP preservation is off (the default for IP targets over TCP): source ${opts.clientIP} → ${l4}, the NLB's private IP in ${ep.ip}'s subnet; the Pod never sees the client. To get it back: target group attribute preserve_client_ip.enabled=true (annotation service.beta.kubernetes.io/aws-load-balancer-target-group-attributes), or proxy protocol v2 (service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*") with an app that reads it`,
        );
      b = amendLast(b, (last) => ({
        ...last,
        steps: [...last.steps, ...lastSteps],
        rewrites: [
          ...last.rewrites,
          {
            kind: 'DNAT' as const,
            from: `${dst.ip}:${dst.port ?? ''}`,
            to: `${ep.ip}:${ep.port}`,
            note: 'IP target (R5.3)',
          },
          ...(l4
            ? [
                {
                  kind: 'SNAT' as const,
                  from: opts.clientIP,
                  to: l4,
                  note: 'NLB client IP preservation off (IP target, TCP): the LB node private IP (R5.4)',
                },
              ]
            : []),
        ],
      }));
      if (!cfg.preservesClientIP) b = { ...b, masq: true };
      b = { ...b, viaService: svc.id, preNatSrc: opts.clientIP };
      const nodeName = ep.nodeName ?? pod?.nodeName;
      const n = nodeName !== undefined ? ctx.model.nodes.get(nodeName) : undefined;
      if (!pod || !n) {
        b = hop(ctx, b, {
          layer: 'Pod',
          at: ref.ip(ep.ip),
          label: `target ${ep.ip}`,
          steps: [],
          rule: 'R5.3',
        });
        out.push(
          finish(ctx, b, 'DELIVERED', `delivered to IP target ${ep.ip}:${ep.port}`, 'R5.3', {
            object: ref.ip(ep.ip),
            ip: ep.ip,
            port: ep.port,
          }),
        );
        continue;
      }
      b = hop(ctx, b, {
        layer: 'Node',
        at: ref.node(n),
        label: `${n.name} ENI/eth0 receives ${ep.ip}`,
        steps: [`VPC fabric → ${n.name} → host route to the Pod's interface (no kube-proxy, R5.3)`],
        rule: 'R5.3',
        optional: true,
      });
      b = hop(ctx, b, {
        layer: 'CNI',
        at: ref.cni(n),
        label: `${n.name} → ${pod.name}`,
        steps: [`${n.name} route ${ep.ip} → pod interface`],
        rule: 'R5.3',
        optional: true,
      });
      out.push(...arrive(ctx, b, pod, ep.port, dst.proto));
    }
    return out;
  }

  // Instance targets at node:nodePort need a nodePort. With allocateLoadBalancerNodePorts: false this port has
  // none ("may be set to false if the cluster load-balancer does not rely on NodePorts", ServiceSpec API docs), so
  // the cloud controller has no node port to register the nodes at: the LB has no target and forwards nothing.
  if (cfg.delivery === 'nodePort' && port.nodePort === undefined) {
    ctx.rules.add('R5.2');
    return [
      finish(
        ctx,
        st,
        'DROPPED',
        `the load balancer of ${svc.id} has no target to send to: it registers instance targets at node:nodePort, and port ${port.port}/${port.protocol} has no nodePort (allocateLoadBalancerNodePorts: false, for load balancers that do not rely on NodePorts) — the cloud controller cannot register any node, so the connection is not delivered (the client times out). Use IP targets or VIP delivery, or allocate node ports (R5.1, R5.2)`,
        'R5.1',
      ),
    ];
  }

  // Instance targets (R5.2): every node, or under ETP Local with health checks only nodes with local endpoints (R5.4).
  const all = ctx.model.nodeNames;
  const epNodes = new Set<string>();
  for (const e of port.endpoints) if (e.nodeName !== undefined && e.ready) epNodes.add(e.nodeName);
  let targets: readonly string[] = all;
  let hcNote = 'all nodes pass the health check';
  if (svc.externalTrafficPolicy === 'Local' && cfg.healthCheck) {
    ctx.rules.add('R5.4');
    // The nodes hosting a ready endpoint, in node-name order (nodeNames is sorted): no walk over every node.
    const healthy = [...epNodes].filter((nm) => ctx.model.nodes.has(nm)).sort(byName);
    if (healthy.length > 0) {
      targets = healthy;
      hcNote = `health checks on healthCheckNodePort ${svc.healthCheckNodePort ?? '?'}: only ${healthy.join(', ')} ${healthy.length === 1 ? 'answers' : 'answer'} 200 (R5.4)`;
    } else {
      hcNote = `no node answers 200 on healthCheckNodePort ${svc.healthCheckNodePort ?? '?'}; the LB fails open and uses every node [IMPL]`;
    }
  }
  st = note(st, hcNote);
  ctx.rules.add('R5.2');
  const useNodePort = cfg.delivery === 'nodePort';
  const out: Done[] = [];
  for (const e of entryNodes(ctx, targets, epNodes)) {
    const n: ModelNode | undefined = ctx.model.nodes.get(e.node);
    if (!n) continue;
    const ndst: Dest =
      useNodePort && port.nodePort !== undefined
        ? { ip: nodeIP(n), port: port.nodePort, proto: dst.proto }
        : dst;
    let b = branch(st, e.weight, `cloud LB → ${e.choice}`);
    b = amendLast(b, (last) => ({
      ...last,
      rewrites: useNodePort
        ? [
            {
              kind: 'DNAT' as const,
              from: `${dst.ip}:${dst.port ?? ''}`,
              to: `${ndst.ip}:${ndst.port ?? ''}`,
              note: 'instance target node:nodePort (R5.2)',
            },
          ]
        : [],
    }));
    b = withPkt(b, {
      src,
      srcPort: 'ephemeral',
      dst: ndst.ip,
      ...(ndst.port !== undefined ? { dstPort: ndst.port } : {}),
    });
    if (!cfg.preservesClientIP) b = { ...b, masq: true };
    b = { ...b, preNatSrc: opts.clientIP };
    b = hop(ctx, b, {
      layer: 'Node',
      at: ref.node(n),
      label: `${n.name} eth0 ${ipPort(ndst.ip, ndst.port)}`,
      steps: [
        `${n.name} eth0 ← ${src} → ${ndst.ip}:${ndst.port ?? ''}${useNodePort ? '' : ' (packet still addressed to the LB IP: caught by the "loadbalancer IP" rule)'}`,
      ],
      rule: 'R5.2',
    });
    out.push(...ctx.flow.atNode(ctx, b, n, ndst, { from: 'wire', hook: 'PREROUTING' }));
  }
  return out;
}

/** A client outside the cluster reaches a Service externalIP: whichever node the network routes it to. */
export function externalIpEntry(ctx: Ctx, st: PState, svc: ModelService, dst: Dest): Done[] {
  const owner = ctx.model.nodesByIP.get(dst.ip);
  const port = svc.ports.find((p) => p.port === dst.port && p.protocol === dst.proto);
  const epNodes = new Set<string>();
  for (const e of port?.endpoints ?? []) if (e.nodeName !== undefined) epNodes.add(e.nodeName);
  const list = owner
    ? [{ node: owner.name, weight: 1, choice: `${owner.name} owns ${dst.ip}` }]
    : entryNodes(ctx, ctx.model.nodeNames, epNodes);
  const out: Done[] = [];
  for (const e of list) {
    const n = ctx.model.nodes.get(e.node);
    if (!n) continue;
    let b = branch(st, e.weight, `externalIP ${dst.ip} routed to ${e.choice}`);
    b = hop(ctx, b, {
      layer: 'Node',
      at: ref.node(n),
      label: `${n.name} receives ${dst.ip}:${dst.port ?? ''}`,
      steps: [`the network routes externalIP ${dst.ip} to ${n.name}`],
      rule: 'R4.1',
    });
    out.push(...ctx.flow.atNode(ctx, b, n, dst, { from: 'wire', hook: 'PREROUTING' }));
  }
  return out;
}
