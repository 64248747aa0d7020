/**
 * core/v1 Endpoints → discovery.k8s.io/v1 EndpointSlices, as the EndpointSlice mirroring controller does it
 * (kube-controller-manager, pkg/controller/endpointslicemirroring): only for a Service that exists and has no
 * selector, never for Endpoints labelled `endpointslice.kubernetes.io/skip-mirror: "true"`; one slice per
 * distinct port set and address type; `addresses` become endpoints with `ready: true`, `notReadyAddresses`
 * endpoints with `ready: false` (serving and terminating are left unset, so the usual defaults apply);
 * `hostname`, `nodeName` and `targetRef` are copied; an address that is not an IP is skipped; at most 1000
 * addresses per subset are mirrored.
 */
import { isIPv4, isIPv6 } from './ip';
import { endpointSliceSchema, type K8sEndpoints, type K8sEndpointSlice } from './schema';

export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
export const MIRRORING_MANAGED_BY = 'endpointslicemirroring-controller.k8s.io';
const MAX_ENDPOINTS_PER_SUBSET = 1000;

export interface MirrorResult {
  slices: K8sEndpointSlice[];
  /** Addresses left out (not an IP, or beyond 1000 per subset), with the subset/list/index they came from. */
  skipped: {
    subset: number;
    list: 'addresses' | 'notReadyAddresses';
    index: number;
    ip: string;
    why: string;
  }[];
}

/** The EndpointSlices the mirroring controller would write for `ep` (whose Service exists and has no selector). */
export function mirrorEndpoints(ep: K8sEndpoints): MirrorResult {
  const groups = new Map<string, { addressType: 'IPv4' | 'IPv6'; ports: unknown[]; endpoints: unknown[] }>();
  const skipped: MirrorResult['skipped'] = [];
  ep.subsets.forEach((ss, si) => {
    const portsKey = JSON.stringify(
      [...ss.ports].map((p) => `${p.name}/${p.port}/${p.protocol}`).sort((a, b) => (a < b ? -1 : 1)),
    );
    let count = 0;
    const add = (list: 'addresses' | 'notReadyAddresses', ready: boolean) =>
      ss[list].forEach((a, i) => {
        const addressType = isIPv4(a.ip) ? 'IPv4' : isIPv6(a.ip) ? 'IPv6' : undefined;
        if (!addressType) {
          skipped.push({ subset: si, list, index: i, ip: a.ip, why: 'not an IP address' });
          return;
        }
        if (count >= MAX_ENDPOINTS_PER_SUBSET) {
          skipped.push({
            subset: si,
            list,
            index: i,
            ip: a.ip,
            why: 'more than 1000 addresses in the subset',
          });
          return;
        }
        count++;
        const key = `${addressType} ${portsKey}`;
        let g = groups.get(key);
        if (!g) {
          g = {
            addressType,
            ports: ss.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
            endpoints: [],
          };
          groups.set(key, g);
        }
        g.endpoints.push({
          addresses: [a.ip],
          conditions: { ready },
          ...(a.hostname ? { hostname: a.hostname } : {}),
          ...(a.nodeName ? { nodeName: a.nodeName } : {}),
          ...(a.targetRef ? { targetRef: a.targetRef } : {}),
        });
      });
    add('addresses', true);
    add('notReadyAddresses', false);
  });
  const { name, namespace, labels } = ep.metadata;
  const slices = [...groups.values()].map((g, i) =>
    endpointSliceSchema.parse({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        // The controller uses generateName `<endpoints-name>-`; a fixed suffix keeps the loader deterministic.
        name: `${name}-mirror-${i + 1}`,
        namespace,
        labels: {
          ...labels,
          'kubernetes.io/service-name': name,
          'endpointslice.kubernetes.io/managed-by': MIRRORING_MANAGED_BY,
        },
      },
      addressType: g.addressType,
      endpoints: g.endpoints,
      ports: g.ports,
    }),
  );
  return { slices, skipped };
}
