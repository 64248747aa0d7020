/** NetworkPolicies by namespace. */
import type { ScenarioInput } from '../../scenario';
import type { ModelNetworkPolicy } from '../model';

export function buildNetworkPolicies(input: ScenarioInput, implyNs: (ns: string) => void) {
  const networkPoliciesByNamespace = new Map<string, ModelNetworkPolicy[]>();
  for (const raw of input.networkPolicies) {
    const np: ModelNetworkPolicy = {
      id: `${raw.metadata.namespace}/${raw.metadata.name}`,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      podSelector: raw.spec.podSelector,
      policyTypes: raw.spec.policyTypes,
      ingress: raw.spec.ingress,
      egress: raw.spec.egress,
      raw,
    };
    implyNs(np.namespace);
    const a = networkPoliciesByNamespace.get(np.namespace);
    if (a) a.push(np);
    else networkPoliciesByNamespace.set(np.namespace, [np]);
  }

  return networkPoliciesByNamespace;
}
