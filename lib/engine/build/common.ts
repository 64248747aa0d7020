/** Keys, label names and small helpers shared by the per-kind model builders. */
import { parseCidr, parseIPv4, type Cidr } from '../../scenario';

/** Key of `servicePortsByVip` / `servicePortsByExternalIP`. */
export function vipKey(ip: string, port: number, protocol: string): string {
  return `${ip}|${port}|${protocol}`;
}

/** Key of `servicePortsByNodePort`. */
export function nodePortKey(nodePort: number, protocol: string): string {
  return `${nodePort}|${protocol}`;
}

/**
 * Istio protocol selection (R14.3; istio.io docs/ops/configuration/traffic-management/protocol-selection, pilot
 * kube/conversion.go ConvertProtocol): a Service port's `appProtocol`, else its name's prefix before the first `-`
 * (`http-web` → http). HTTP ones get Envoy's shared `0.0.0.0_<port>` listener routed by Host; a known non-HTTP
 * protocol is opaque TCP; anything else is sniffed on a listener per ClusterIP:port.
 */
const HTTP_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c']);
const KNOWN_PROTOCOLS = new Set([...HTTP_PROTOCOLS, 'https', 'tls', 'tcp', 'mongo', 'mysql', 'redis', 'udp']);
export function istioPortProtocol(sp: { name: string; appProtocol?: string }): 'http' | 'opaque' | 'sniffed' {
  const p = (sp.appProtocol ?? sp.name.split('-')[0] ?? '').toLowerCase();
  if (HTTP_PROTOCOLS.has(p)) return 'http';
  return KNOWN_PROTOCOLS.has(p) ? 'opaque' : 'sniffed';
}

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const NS_NAME_LABEL = 'kubernetes.io/metadata.name';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export function cidrOrThrow(text: string): Cidr {
  const c = parseCidr(text);
  if (typeof c === 'string')
    throw new Error(`buildModel: invalid CIDR ${text} (parseScenario should have rejected it)`);
  return c;
}

/** Numeric-aware IP ordering (IPv4 before IPv6, then by value) for deterministic endpoint lists. */
export function compareIP(a: string, b: string): number {
  const x = parseIPv4(a);
  const y = parseIPv4(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return cmpStr(a, b);
}

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
