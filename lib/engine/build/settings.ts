/** Cluster settings of the model (the Scenario document's spec.cluster with defaults applied). */
import {
  CNI_MODES,
  NODEPORT_RANGE,
  clusterServiceFamilies,
  parseNodePortRange,
  type ScenarioInput,
} from '../../scenario';
import type { ModelSettings } from '../model';
import { cidrOrThrow } from './common';

export function buildSettings(input: ScenarioInput): ModelSettings {
  const cl = input.scenario.spec.cluster;
  // Dual-stack (R13.1): the lists win; their first entry is the primary (serviceCIDR / podCIDR).
  const podCIDRs = cl.podCIDRs && cl.podCIDRs.length > 0 ? cl.podCIDRs : [cl.podCIDR];
  const serviceCIDRs = cl.serviceCIDRs && cl.serviceCIDRs.length > 0 ? cl.serviceCIDRs : [cl.serviceCIDR];
  return {
    domain: cl.domain.replace(/\.$/, '').toLowerCase(),
    podCIDR: podCIDRs[0]!,
    serviceCIDR: serviceCIDRs[0]!,
    podCidr: cidrOrThrow(podCIDRs[0]!),
    serviceCidr: cidrOrThrow(serviceCIDRs[0]!),
    podCidrs: podCIDRs.map(cidrOrThrow),
    serviceCidrs: serviceCIDRs.map(cidrOrThrow),
    serviceFamilies: clusterServiceFamilies(cl),
    ...(cl.underlay ? { underlay: { ...cl.underlay } } : {}),
    dnsService: cl.dnsService,
    nodePortRange: parseNodePortRange(cl.nodePortRange) ?? { ...NODEPORT_RANGE },
    cni: {
      plugin: cl.cni.plugin,
      mode: (cl.cni.mode ?? CNI_MODES[cl.cni.plugin][0]) as ModelSettings['cni']['mode'],
      crossSubnet: cl.cni.crossSubnet,
      hairpinMode: cl.cni.hairpinMode,
      masqueradeOutbound: cl.cni.masqueradeOutbound,
    },
    serviceDataplane: cl.serviceDataplane,
    networkPolicy: cl.networkPolicy,
    ...(cl.mtu ? { mtu: cl.mtu } : {}),
  };
}
