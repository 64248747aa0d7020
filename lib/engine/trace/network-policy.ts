/**
 * NetworkPolicy evaluation (R10.1–R10.9): isolation per direction, union of allows, both sides must allow,
 * post-DNAT destination ports, own-node exception for ingress, hostNetwork Pods exempt, deny action.
 * Only evaluated when `cluster.networkPolicy.enforced` (a policy-capable CNI, R10.7).
 */
import { cidrContains, parseCidr } from '../../scenario';
import { matchesLabelSelector } from '../build-model';
import type { ModelNetworkPolicy, ModelPod } from '../model';
import type { Protocol } from '../../scenario';
import type { Ctx } from './state';
import { isLocalAddr } from './cni';

export interface PolicyVerdict {
  allowed: boolean;
  /** Policies that isolate the Pod in this direction (names), empty = not isolated. */
  isolatedBy: string[];
  /** The policy (and rule) that allowed it. */
  allowedBy?: string;
  reason: string;
}

/** A peer as NetworkPolicy sees it. */
export interface PolicyPeer {
  ip: string;
  pod?: ModelPod;
}

function ipBlockMatches(block: { cidr: string; except: string[] }, ip: string): boolean {
  const c = parseCidr(block.cidr);
  if (typeof c === 'string' || !cidrContains(c, ip)) return false;
  for (const e of block.except) {
    const x = parseCidr(e);
    if (typeof x !== 'string' && cidrContains(x, ip)) return false;
  }
  return true;
}

type Peer = NonNullable<ModelNetworkPolicy['ingress']>[number]['from'][number];
type PortSpec = NonNullable<ModelNetworkPolicy['ingress']>[number]['ports'][number];

/** R10.4: podSelector (policy namespace), namespaceSelector, both (AND), ipBlock. */
function peerMatches(ctx: Ctx, policy: ModelNetworkPolicy, peer: Peer, other: PolicyPeer): boolean {
  if (peer.ipBlock) return ipBlockMatches(peer.ipBlock, other.ip);
  const pod = other.pod;
  if (!pod || pod.hostNetwork) return false;
  if (peer.namespaceSelector) {
    const ns = ctx.model.namespaces.get(pod.namespace);
    const nsLabels = ns?.labels ?? { 'kubernetes.io/metadata.name': pod.namespace };
    if (!matchesLabelSelector(nsLabels, peer.namespaceSelector)) return false;
    if (peer.podSelector) return matchesLabelSelector(pod.labels, peer.podSelector);
    return true;
  }
  if (peer.podSelector)
    return pod.namespace === policy.namespace && matchesLabelSelector(pod.labels, peer.podSelector);
  return false;
}

/** Port match on the (post-DNAT) destination port; named ports resolve on the destination Pod (R10.6). */
function portMatches(
  spec: PortSpec,
  port: number | undefined,
  protocol: Protocol | 'ICMP',
  dstPod: ModelPod | undefined,
): boolean {
  if (protocol === 'ICMP') return spec.port === undefined && false;
  if (spec.protocol !== protocol) return false;
  if (spec.port === undefined) return true;
  if (port === undefined) return false;
  if (typeof spec.port === 'number') {
    const end = spec.endPort ?? spec.port;
    return port >= spec.port && port <= end;
  }
  if (!dstPod) return false;
  for (const p of dstPod.ports)
    if (p.name === spec.port && p.protocol === protocol && p.containerPort === port) return true;
  return false;
}

function policiesFor(ctx: Ctx, pod: ModelPod, dir: 'Ingress' | 'Egress'): ModelNetworkPolicy[] {
  const out: ModelNetworkPolicy[] = [];
  for (const p of ctx.model.networkPoliciesByNamespace.get(pod.namespace) ?? []) {
    if (!p.policyTypes.includes(dir)) continue;
    if (matchesLabelSelector(pod.labels, p.podSelector)) out.push(p);
  }
  return out;
}

function pname(p: ModelNetworkPolicy): string {
  return `${p.namespace}/${p.name}`;
}

/**
 * Ingress side (R10.1–R10.5): is `from` (the source as the plugin sees it) allowed into `pod` on `port`?
 * `origin` is who opened the connection (the source before any SNAT of this leg): the own-node exception covers
 * only traffic the node itself originates (kubelet probes, host processes), not transit traffic a node
 * masqueraded to one of its addresses; and a Pod cannot block itself, even hairpinned through its Service.
 */
export function checkIngress(
  ctx: Ctx,
  pod: ModelPod,
  from: PolicyPeer,
  port: number | undefined,
  protocol: Protocol | 'ICMP',
  origin: PolicyPeer = from,
): PolicyVerdict {
  if (!ctx.s.networkPolicy.enforced || pod.hostNetwork) return { allowed: true, isolatedBy: [], reason: '' };
  const pols = policiesFor(ctx, pod, 'Ingress');
  if (pols.length === 0)
    return { allowed: true, isolatedBy: [], reason: `${pod.id} is not isolated for ingress (R10.1)` };
  const names = pols.map(pname);
  // R10.5: traffic from the Pod's own node is always allowed — traffic the node originates, not a client it SNATed.
  const node = pod.nodeName !== undefined ? ctx.model.nodes.get(pod.nodeName) : undefined;
  if (node && isLocalAddr(ctx, node, from.ip) && isLocalAddr(ctx, node, origin.ip)) {
    return {
      allowed: true,
      isolatedBy: names,
      allowedBy: 'own-node exception',
      reason: `source ${from.ip} is ${node.name} itself: traffic from a Pod's own node is always allowed (R10.5)`,
    };
  }
  if ((from.pod && from.pod.id === pod.id) || (origin.pod && origin.pod.id === pod.id))
    return {
      allowed: true,
      isolatedBy: names,
      allowedBy: 'self',
      reason: 'a Pod cannot block itself (R10.5)',
    };
  for (const p of pols) {
    for (const rule of p.ingress ?? []) {
      const peerOk = rule.from.length === 0 || rule.from.some((peer) => peerMatches(ctx, p, peer, from));
      const portOk = rule.ports.length === 0 || rule.ports.some((sp) => portMatches(sp, port, protocol, pod));
      if (peerOk && portOk)
        return {
          allowed: true,
          isolatedBy: names,
          allowedBy: pname(p),
          reason: `allowed into ${pod.id} by ${pname(p)} (R10.2)`,
        };
    }
  }
  const who = from.pod ? `${from.pod.id} (${from.ip})` : from.ip;
  return {
    allowed: false,
    isolatedBy: names,
    reason: `${pod.id} is isolated for ingress by ${names.join(', ')} and no rule allows ${who} on ${protocol}${port !== undefined ? `/${port}` : ''} (post-DNAT port): ${ctx.s.networkPolicy.denyAction === 'reject' ? 'rejected' : 'dropped'} at the Pod's interface (R10.2, R10.7)`,
  };
}

/** Egress side (R10.1–R10.3, R10.6: evaluated on the post-DNAT destination). */
export function checkEgress(
  ctx: Ctx,
  pod: ModelPod,
  to: PolicyPeer,
  port: number | undefined,
  protocol: Protocol | 'ICMP',
): PolicyVerdict {
  if (!ctx.s.networkPolicy.enforced || pod.hostNetwork) return { allowed: true, isolatedBy: [], reason: '' };
  const pols = policiesFor(ctx, pod, 'Egress');
  if (pols.length === 0) return { allowed: true, isolatedBy: [], reason: '' };
  const names = pols.map(pname);
  if (to.pod && to.pod.id === pod.id)
    return {
      allowed: true,
      isolatedBy: names,
      allowedBy: 'self',
      reason: 'a Pod cannot block itself (R10.5)',
    };
  for (const p of pols) {
    for (const rule of p.egress ?? []) {
      const peerOk = rule.to.length === 0 || rule.to.some((peer) => peerMatches(ctx, p, peer, to));
      const portOk =
        rule.ports.length === 0 || rule.ports.some((sp) => portMatches(sp, port, protocol, to.pod));
      if (peerOk && portOk)
        return {
          allowed: true,
          isolatedBy: names,
          allowedBy: pname(p),
          reason: `allowed out of ${pod.id} by ${pname(p)} (R10.2)`,
        };
    }
  }
  const who = to.pod ? `${to.pod.id} (${to.ip})` : to.ip;
  return {
    allowed: false,
    isolatedBy: names,
    reason: `${pod.id} is isolated for egress by ${names.join(', ')} and no rule allows ${who} on ${protocol}${port !== undefined ? `/${port}` : ''} (policies see the post-DNAT endpoint, R10.6): ${ctx.s.networkPolicy.denyAction === 'reject' ? 'rejected' : 'dropped'} at the source Pod's interface (R10.3, R10.7)`,
  };
}
