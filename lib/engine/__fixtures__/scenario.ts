/**
 * Test fixtures: the YAML documents the conformance tests assemble their clusters from — a Scenario document, a node,
 * Pods and Services in the compact flow style the tests use — so each test file writes only what its upstream case
 * is about (the Gateway and Routes, the Ingresses, the portmap mappings, the DNS names).
 */
import type { ClusterModel } from '../model';
import { modelFrom } from './build';

/** The Scenario document: `spec` lines (already indented by two spaces) come before `requests`. */
export function scenarioDoc(o: {
  name: string;
  title: string;
  cluster?: string;
  spec?: string;
  requests: string;
}): string {
  return `apiVersion: packetpath.dev/v1alpha1
kind: Scenario
metadata: {name: ${o.name}}
spec:
  title: ${o.title}
${o.cluster ? `  cluster: ${o.cluster}\n` : ''}${o.spec ? o.spec.replace(/\n?$/, '\n') : ''}  requests:
${o.requests}
`;
}

/** A node with its Pod CIDR and addresses (default: C1's node-1). */
export function nodeDoc(o: { name?: string; podCIDR?: string; addresses?: string } = {}): string {
  return `apiVersion: v1
kind: Node
metadata: {name: ${o.name ?? 'node-1'}}
spec: {podCIDR: ${o.podCIDR ?? '10.244.1.0/24'}}
status: {addresses: ${o.addresses ?? '[{type: InternalIP, address: 192.168.1.10}]'}}
`;
}

/** A running Pod on `node` (default node-1); `containers` and `labels` in flow style, `spec` extra leading fields. */
export function podDoc(o: {
  name: string;
  namespace: string;
  ip: string;
  containers: string;
  labels?: string;
  node?: string;
  spec?: string;
}): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${o.name}, namespace: ${o.namespace}${o.labels ? `, labels: {${o.labels}}` : ''}}
spec: {${o.spec ? `${o.spec}, ` : ''}nodeName: ${o.node ?? 'node-1'}, containers: ${o.containers}}
status: {podIP: ${o.ip}}
`;
}

/** A Service with a ClusterIP (or `None`), a selector and its ports, in flow style. */
export function serviceDoc(o: {
  name: string;
  namespace: string;
  clusterIP: string;
  selector: string;
  ports: string;
}): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${o.name}, namespace: ${o.namespace}}
spec: {clusterIP: ${o.clusterIP}, selector: {${o.selector}}, ports: ${o.ports}}
`;
}

/** A backend: Pod `<name>-0` labelled `app: <name>` and Service `<name>` selecting it. */
export function backendDocs(o: {
  name: string;
  namespace: string;
  podIP: string;
  clusterIP: string;
  containers: string;
  ports: string;
}): string {
  return [
    podDoc({
      name: `${o.name}-0`,
      namespace: o.namespace,
      labels: `app: ${o.name}`,
      ip: o.podIP,
      containers: o.containers,
    }),
    serviceDoc({
      name: o.name,
      namespace: o.namespace,
      clusterIP: o.clusterIP,
      selector: `app: ${o.name}`,
      ports: o.ports,
    }),
  ].join('---\n');
}

/** Headers as a YAML flow map with quoted keys and values: `{"host": "example.com"}`. */
export function flowMap(m: Readonly<Record<string, string>>): string {
  return `{${Object.entries(m)
    .map(([k, v]) => `"${k}": "${v}"`)
    .join(', ')}}`;
}

/** YAML documents (each ending in a newline) joined into one stream. */
export function documents(...docs: string[]): string {
  return docs.map((d) => d.replace(/\n?$/, '\n')).join('---\n');
}

/** The model of a stream of documents (the first one the Scenario). */
export function modelOf(file: string, ...docs: string[]): ClusterModel {
  return modelFrom(documents(...docs), file);
}
