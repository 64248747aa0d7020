/** Nodes: addresses, zone, Pod CIDR (given, or derived from the node's Pods) and the Pod-CIDR index. */
import { formatIPv4, parseIPv4, type Cidr, type ScenarioInput } from '../../scenario';
import type { ModelNode, ModelPod } from '../model';
import { ZONE_LABEL, cidrOrThrow } from './common';

export type BuildNode = ModelNode & { pods: string[] };

export function buildNodes(input: ScenarioInput): {
  nodes: Map<string, BuildNode>;
  nodesByIP: Map<string, ModelNode>;
} {
  const nodes = new Map<string, ModelNode & { pods: string[] }>();
  const nodesByIP = new Map<string, ModelNode>();
  for (const n of input.nodes) {
    const addresses: string[] = [];
    let internalIP: string | undefined;
    let externalIP: string | undefined;
    for (const a of n.status.addresses) {
      if (a.type === 'InternalIP') {
        internalIP ??= a.address;
        addresses.push(a.address);
      } else if (a.type === 'ExternalIP') {
        externalIP ??= a.address;
        addresses.push(a.address);
      }
    }
    const podCIDR = n.spec.podCIDR ?? n.spec.podCIDRs[0];
    const zone = n.metadata.labels[ZONE_LABEL];
    const node: ModelNode & { pods: string[] } = {
      name: n.metadata.name,
      labels: n.metadata.labels,
      zone,
      internalIP,
      externalIP,
      addresses,
      podCIDR,
      podCIDRSource: podCIDR !== undefined ? 'spec' : 'none',
      podCIDRs: n.spec.podCIDRs.length > 0 ? n.spec.podCIDRs : podCIDR !== undefined ? [podCIDR] : [],
      pods: [],
    };
    nodes.set(node.name, node);
    for (const a of addresses) nodesByIP.set(a, node);
  }

  return { nodes, nodesByIP };
}

/** Index nodes by Pod CIDR; a node without spec.podCIDR gets the /24 of its Pods (call after the Pods are built). */
export function indexNodePodCidrs(
  nodes: ReadonlyMap<string, BuildNode>,
  pods: ReadonlyMap<string, ModelPod>,
  warnings: string[],
): Map<number, Map<number, ModelNode>> {
  // Node Pod CIDRs derived from their Pods when spec.podCIDR is absent (/24 = the controller-manager default node mask).
  const nodesByPodCidr = new Map<number, Map<number, ModelNode>>();
  const indexCidr = (c: Cidr, node: ModelNode) => {
    node.podCidr = c;
    if (c.family !== 4) return;
    node.tunnelIP = formatIPv4(c.base);
    node.bridgeIP = formatIPv4((c.base + 1) >>> 0);
    let m = nodesByPodCidr.get(c.prefix);
    if (!m) {
      m = new Map();
      nodesByPodCidr.set(c.prefix, m);
    }
    m.set(c.base, node);
  };
  for (const node of nodes.values()) {
    if (node.podCIDR !== undefined) {
      indexCidr(cidrOrThrow(node.podCIDR), node);
      continue;
    }
    let base: number | undefined;
    for (const id of node.pods) {
      const p = pods.get(id)!;
      if (p.hostNetwork || p.ip === undefined) continue;
      const v = parseIPv4(p.ip);
      if (v === undefined) continue;
      const b = (v & 0xffffff00) >>> 0;
      if (base === undefined) base = b;
      else if (b !== base) {
        warnings.push(
          `node ${node.name} has no spec.podCIDR and its Pods span several /24 networks; Pod CIDR derived from the first Pod only`,
        );
        break;
      }
    }
    if (base !== undefined) {
      const text = `${(base >>> 24) & 255}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.0/24`;
      node.podCIDR = text;
      node.podCIDRs = [text];
      node.podCIDRSource = 'pods';
      indexCidr(cidrOrThrow(text), node);
    }
  }

  return nodesByPodCidr;
}
