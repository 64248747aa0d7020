/** The world outside the cluster: public DNS and external hosts. */
import type { Protocol, ScenarioInput } from '../../scenario';
import type { ModelExternalHost } from '../model';

export function buildOutside(input: ScenarioInput) {
  const spec = input.scenario.spec;
  const publicDns = new Map<string, { a: readonly string[]; cname?: string }>();
  for (const d of spec.publicDns)
    publicDns.set(d.name.toLowerCase().replace(/\.$/, ''), {
      a: [...d.a],
      ...(d.cname ? { cname: d.cname.toLowerCase().replace(/\.$/, '') } : {}),
    });
  const externalHostsByIP = new Map<string, ModelExternalHost>();
  const externalHostsByName = new Map<string, ModelExternalHost>();
  for (const h of spec.externalHosts) {
    const eh: ModelExternalHost = {
      name: h.name,
      ip: h.ip,
      listens: h.listens.map((s) => {
        const i = s.indexOf('/');
        return { port: Number(s.slice(0, i)), protocol: s.slice(i + 1) as Protocol };
      }),
    };
    externalHostsByIP.set(eh.ip, eh);
    externalHostsByName.set(eh.name, eh);
  }

  return { publicDns, externalHostsByIP, externalHostsByName };
}
