/** Label selectors over the Pod label index (Service selectors, NetworkPolicy podSelector). */
import type { LabelSelector } from '../../scenario';
import type { LabelPostings, ModelPod } from '../model';

export interface PodIndex {
  pods: ReadonlyMap<string, ModelPod>;
  podsByIP?: ReadonlyMap<string, ModelPod>;
  podLabelIndex: ReadonlyMap<string, ReadonlyMap<string, LabelPostings>>;
}

/**
 * Pods of `namespace` whose labels contain every `key=value` of `selector` (a Service selector).
 * Walks the shortest posting list of the label index and checks the other labels on each candidate, so the
 * cost is bounded by the rarest label, never by the number of Pods. An empty selector selects nothing
 * (a Service without selector, R6.3); use `podsByNamespace` for "all Pods".
 */
export function selectPods(
  model: PodIndex,
  namespace: string,
  selector: Readonly<Record<string, string>>,
): ModelPod[] {
  const idx = model.podLabelIndex.get(namespace);
  if (!idx) return [];
  let shortest: readonly string[] | undefined;
  let n = 0;
  for (const k in selector) {
    n++;
    const list = idx.get(k)?.byValue.get(selector[k]!);
    if (!list) return [];
    if (!shortest || list.length < shortest.length) shortest = list;
  }
  if (!shortest) return [];
  const out: ModelPod[] = [];
  for (const id of shortest) {
    const pod = model.pods.get(id)!;
    if (n > 1) {
      let ok = true;
      for (const k in selector)
        if (pod.labels[k] !== selector[k]) {
          ok = false;
          break;
        }
      if (!ok) continue;
    }
    out.push(pod);
  }
  return out;
}

/** Does a label set satisfy a metav1.LabelSelector (matchLabels AND matchExpressions)? Empty selector = everything. */
export function matchesLabelSelector(labels: Readonly<Record<string, string>>, sel: LabelSelector): boolean {
  for (const k in sel.matchLabels) if (labels[k] !== sel.matchLabels[k]) return false;
  for (const e of sel.matchExpressions) {
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (v === undefined || !e.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && e.values.includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
    }
  }
  return true;
}

/**
 * Pods of `namespace` matching a LabelSelector (NetworkPolicy podSelector, R10.4). Uses the label index for
 * matchLabels and Exists/In terms; an empty selector returns all Pods of the namespace.
 */
export function selectPodsByLabelSelector(
  model: PodIndex & { podsByNamespace: ReadonlyMap<string, readonly string[]> },
  namespace: string,
  sel: LabelSelector,
): ModelPod[] {
  const idx = model.podLabelIndex.get(namespace);
  if (!idx) return [];
  let shortest: readonly string[] | undefined;
  for (const k in sel.matchLabels) {
    const list = idx.get(k)?.byValue.get(sel.matchLabels[k]!) ?? [];
    if (!shortest || list.length < shortest.length) shortest = list;
  }
  for (const e of sel.matchExpressions) {
    if (e.operator === 'Exists' || (e.operator === 'In' && e.values.length === 1)) {
      const p = idx.get(e.key);
      const list = (e.operator === 'Exists' ? p?.all : p?.byValue.get(e.values[0]!)) ?? [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
  }
  const candidates = shortest ?? model.podsByNamespace.get(namespace) ?? [];
  const out: ModelPod[] = [];
  for (const id of candidates) {
    const pod = model.pods.get(id)!;
    if (matchesLabelSelector(pod.labels, sel)) out.push(pod);
  }
  return out;
}
