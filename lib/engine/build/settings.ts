/** Cluster settings of the model (the Scenario document's spec.cluster with defaults applied). */
import { CNI_MODES, NODEPORT_RANGE, parseNodePortRange, type ScenarioInput } from '../../scenario';
import type { ModelSettings } from '../model';
import { cidrOrThrow } from './common';

export function buildSettings(input: ScenarioInput): ModelSettings {
  const cl = input.scenario.spec.cluster;
  return {
    domain: cl.domain.replace(/\.$/, '').toLowerCase(),
    podCIDR: cl.podCIDR,
    serviceCIDR: cl.serviceCIDR,
    podCidr: cidrOrThrow(cl.podCIDR),
    serviceCidr: cidrOrThrow(cl.serviceCIDR),
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
  };
}
