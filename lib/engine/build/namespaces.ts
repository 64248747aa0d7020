/** Namespaces: declared ones (with the automatic kubernetes.io/metadata.name label) and those implied by objects. */
import type { ScenarioInput } from '../../scenario';
import type { ModelNamespace } from '../model';
import { NS_NAME_LABEL } from './common';

export function buildNamespaces(input: ScenarioInput): {
  namespaces: Map<string, ModelNamespace>;
  /** Record a namespace an object lives in (undeclared namespaces get only the automatic label). */
  implyNs: (ns: string) => void;
} {
  const namespaces = new Map<string, ModelNamespace>();
  for (const n of input.namespaces) {
    namespaces.set(n.metadata.name, {
      name: n.metadata.name,
      labels: { ...n.metadata.labels, [NS_NAME_LABEL]: n.metadata.name },
      declared: true,
    });
  }
  const implyNs = (ns: string) => {
    if (!namespaces.has(ns))
      namespaces.set(ns, { name: ns, labels: { [NS_NAME_LABEL]: ns }, declared: false });
  };

  return { namespaces, implyNs };
}
