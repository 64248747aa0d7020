/** IngressClasses and Ingresses, indexed per class by host (exact, single-label wildcard, host-less). */
import type { ScenarioInput } from '../../scenario';
import type { ModelIngress, ModelIngressClass, ModelIngressRule } from '../model';
import { DEFAULT_CLASS_ANNOTATION, LEGACY_CLASS_ANNOTATION } from './common';

export function buildIngresses(input: ScenarioInput, warnings: string[], implyNs: (ns: string) => void) {
  const ingressClasses = new Map<string, ModelIngressClass>();
  const defaults: string[] = [];
  for (const c of input.ingressClasses) {
    const isDefault = c.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === 'true';
    ingressClasses.set(c.metadata.name, { name: c.metadata.name, controller: c.spec.controller, isDefault });
    if (isDefault) defaults.push(c.metadata.name);
  }
  defaults.sort();
  if (defaults.length > 1)
    warnings.push(
      `several IngressClasses are marked default (${defaults.join(', ')}); Ingresses without a class use ${defaults[0]}`,
    );
  const defaultIngressClass = defaults[0];

  type MutableHostIndex = {
    exact: Map<string, ModelIngressRule[]>;
    wildcard: Map<string, ModelIngressRule[]>;
    hostless: ModelIngressRule[];
    defaultBackends: ModelIngress[];
    tlsHosts: Map<string, ModelIngress[]>;
    regexHosts: Set<string>;
  };
  const ingresses = new Map<string, ModelIngress>();
  const ingressesByClass = new Map<string, MutableHostIndex>();
  for (const raw of input.ingresses) {
    const ann = raw.metadata.annotations;
    const className = raw.spec.ingressClassName ?? ann[LEGACY_CLASS_ANNOTATION] ?? defaultIngressClass;
    const rules: ModelIngressRule[] = [];
    const tlsHosts: string[] = [];
    for (const t of raw.spec.tls) for (const h of t.hosts) tlsHosts.push(h.toLowerCase());
    const ing: ModelIngress = {
      id: `${raw.metadata.namespace}/${raw.metadata.name}`,
      namespace: raw.metadata.namespace,
      name: raw.metadata.name,
      className,
      annotations: ann,
      defaultBackend: raw.spec.defaultBackend || undefined,
      tlsHosts,
      rules,
      creationTimestamp: raw.metadata.creationTimestamp || undefined,
      raw,
    };
    raw.spec.rules.forEach((r, index) => {
      const host = r.host !== undefined && r.host !== '' ? r.host.toLowerCase() : undefined;
      rules.push({
        ingress: ing,
        index,
        host,
        paths: (r.http?.paths ?? []).map((p) => ({
          path: p.path ?? '/',
          pathType: p.pathType,
          backend: p.backend,
        })),
      });
    });
    ingresses.set(ing.id, ing);
    implyNs(ing.namespace);
    const key = className ?? '';
    let hi = ingressesByClass.get(key);
    if (!hi) {
      hi = {
        exact: new Map(),
        wildcard: new Map(),
        hostless: [],
        defaultBackends: [],
        tlsHosts: new Map(),
        regexHosts: new Set(),
      };
      ingressesByClass.set(key, hi);
    }
    // R7.4: use-regex / rewrite-target switch every path of the host to regex mode.
    const regex =
      ann['nginx.ingress.kubernetes.io/use-regex'] === 'true' ||
      ann['nginx.ingress.kubernetes.io/rewrite-target'] !== undefined;
    for (const rule of rules) {
      if (regex) hi.regexHosts.add(rule.host ?? '');
      if (rule.host === undefined) hi.hostless.push(rule);
      else if (rule.host.startsWith('*.')) {
        const suffix = rule.host.slice(1);
        const a = hi.wildcard.get(suffix);
        if (a) a.push(rule);
        else hi.wildcard.set(suffix, [rule]);
      } else {
        const a = hi.exact.get(rule.host);
        if (a) a.push(rule);
        else hi.exact.set(rule.host, [rule]);
      }
    }
    if (ing.defaultBackend) hi.defaultBackends.push(ing);
    for (const h of tlsHosts) {
      const a = hi.tlsHosts.get(h);
      if (a) a.push(ing);
      else hi.tlsHosts.set(h, [ing]);
    }
  }

  return { ingresses, ingressClasses, defaultIngressClass, ingressesByClass };
}
