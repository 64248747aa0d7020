/**
 * The cluster diagram as data: boxes and edges built from a scenario's objects (never from a trace), so the
 * player can draw the cluster before anything is graded without revealing the path.
 *
 * Box ids are the engine's hop object references (lib/engine/types.ts: `pod/shop/frontend-1`,
 * `node/node-1`, `service/shop/backend`, `container/shop/frontend-1/web`, `client/browser`, …) so a hop
 * can be placed on the diagram with `anchorFor` (which also maps the engine's helper references such as
 * `kube-proxy/node-1` or `cni/node-1` to the box that holds them).
 *
 * Edges are configuration relationships a learner could read from the YAML (a Service selects these Pods, a
 * cloud LB fronts this Service, an Ingress controller routes to these Services); they give the layout its
 * shape and are drawn faintly. Pure: no I/O, no React.
 */
import type { ScenarioInput } from '../scenario/schema';

export const DIAGRAM_KINDS = [
  'client',
  'dns',
  'apigw',
  'cloudlb',
  'ingress',
  'gateway',
  'service',
  'node',
  'pod',
  'container',
  'external',
] as const;
export type DiagramKind = (typeof DIAGRAM_KINDS)[number];

export interface DiagramNode {
  /** Object reference, e.g. `pod/shop/frontend-1`. */
  id: string;
  kind: DiagramKind;
  /** Main text, e.g. `frontend-1`. */
  label: string;
  /** Second line, e.g. `10.244.1.5` or `ClusterIP 10.96.120.15 · 80→api`. */
  detail?: string;
  /** Namespace (pods, services) for a small tag. */
  namespace?: string;
  /** The enclosing box (a Pod's node, a container's Pod). */
  parentId?: string;
  /** Position relative to the parent (or the canvas), top-left corner; filled by `layoutDiagram`. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const NS_NAME = (ns: string, name: string) => `${ns}/${name}`;

function selects(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => labels[k] === selector[k]);
}

function servicePortsText(
  ports: readonly {
    name: string;
    port: number;
    targetPort: number | string;
    nodePort?: number;
    protocol: string;
  }[],
): string {
  return (
    ports
      .slice(0, 3)
      .map(
        (p) =>
          `${p.port}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}${p.nodePort ? `:${p.nodePort}` : ''}→${p.targetPort}`,
      )
      .join(', ') + (ports.length > 3 ? ` +${ports.length - 3}` : '')
  );
}

/** Options for `buildDiagramGraph`. */
export interface GraphOptions {
  /** The request whose client is drawn (default: the first request). */
  requestId?: string;
}

/**
 * Build the diagram's boxes and configuration edges from a parsed scenario. Positions are zero until
 * `layoutDiagram` runs.
 */
export function buildDiagramGraph(input: ScenarioInput, options: GraphOptions = {}): DiagramGraph {
  const spec = input.scenario.spec;
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const ids = new Set<string>();
  const add = (n: Omit<DiagramNode, 'x' | 'y' | 'width' | 'height'>): void => {
    if (ids.has(n.id)) return;
    ids.add(n.id);
    nodes.push({ ...n, x: 0, y: 0, width: 0, height: 0 });
  };
  const edge = (source: string, target: string): void => {
    if (!ids.has(source) || !ids.has(target) || source === target) return;
    const id = `${source}->${target}`;
    if (edges.some((e) => e.id === id)) return;
    edges.push({ id, source, target });
  };

  const request = spec.requests.find((r) => r.id === options.requestId) ?? spec.requests[0];

  // Outside the cluster: the client, public DNS, external hosts, API gateways in front, cloud LBs.
  let clientId: string | undefined;
  if (request && 'external' in request.from) {
    clientId = `client/${request.from.external.name}`;
    add({
      id: clientId,
      kind: 'client',
      label: request.from.external.name,
      detail: request.from.external.ip,
    });
  } else if (request?.packet && request.packet.sourceKind === 'external') {
    clientId = `client/${request.packet.src}`;
    add({ id: clientId, kind: 'client', label: 'client', detail: request.packet.src });
  }
  if (spec.publicDns.length > 0 && clientId) {
    add({
      id: 'dns/public',
      kind: 'dns',
      label: 'Public DNS',
      detail: spec.publicDns
        .slice(0, 2)
        .map((d) => d.name)
        .join(', '),
    });
    edge(clientId, 'dns/public');
  }
  const dnsService = input.services.find(
    (s) => NS_NAME(s.metadata.namespace, s.metadata.name) === spec.cluster.dnsService,
  );
  if (dnsService) {
    const ip =
      dnsService.spec.clusterIP && dnsService.spec.clusterIP !== 'None'
        ? dnsService.spec.clusterIP
        : undefined;
    add({ id: 'dns/coredns', kind: 'dns', label: 'CoreDNS', detail: ip ? `kube-dns ${ip}` : 'cluster DNS' });
  }
  for (const gw of spec.apiGateways) {
    add({
      id: `apigw/${gw.name}`,
      kind: 'apigw',
      label: gw.name,
      detail: gw.placement === 'front' ? `API gateway · ${gw.publicHost ?? ''}` : 'API gateway (in cluster)',
    });
  }
  for (const lb of spec.cloudLoadBalancers) {
    const svc = input.services.find((s) => NS_NAME(s.metadata.namespace, s.metadata.name) === lb.service);
    const ip = svc?.status.loadBalancer.ingress[0]?.ip ?? svc?.status.loadBalancer.ingress[0]?.hostname;
    add({
      id: `cloudlb/${lb.service}`,
      kind: 'cloudlb',
      label: 'Cloud LB',
      detail: `${ip ? `${ip} · ` : ''}${lb.targetType} targets`,
    });
  }
  for (const h of spec.externalHosts) {
    add({
      id: `external/${h.ip}`,
      kind: 'external',
      label: h.name,
      detail: `${h.ip}${h.listens.length ? ` · ${h.listens.join(', ')}` : ''}`,
    });
  }

  // L7 proxies inside the cluster.
  for (const ic of spec.ingressControllers) {
    add({
      id: `ingress/${ic.class}`,
      kind: 'ingress',
      label: ic.implementation,
      detail: `Ingress controller · class ${ic.class}`,
    });
  }
  for (const g of input.gateways) {
    const id = `gateway/${NS_NAME(g.metadata.namespace, g.metadata.name)}`;
    add({
      id,
      kind: 'gateway',
      label: g.metadata.name,
      namespace: g.metadata.namespace,
      detail: `Gateway · ${g.spec.gatewayClassName}`,
    });
  }

  // Services.
  for (const s of input.services) {
    const id = `service/${NS_NAME(s.metadata.namespace, s.metadata.name)}`;
    const t = s.spec.type;
    const vip = s.spec.clusterIP === 'None' ? 'headless' : s.spec.clusterIP || '';
    const lbIp = s.status.loadBalancer.ingress[0]?.ip;
    const head =
      t === 'ExternalName'
        ? `ExternalName → ${s.spec.externalName ?? '?'}`
        : `${t}${vip ? ` ${vip}` : ''}${t === 'LoadBalancer' && lbIp ? ` · LB ${lbIp}` : ''}`;
    const ports = s.spec.ports.length > 0 ? ` · ${servicePortsText(s.spec.ports)}` : '';
    add({
      id,
      kind: 'service',
      label: s.metadata.name,
      namespace: s.metadata.namespace,
      detail: `${head}${ports}`,
    });
  }

  // Nodes, Pods, containers.
  for (const n of input.nodes) {
    const ip = n.status.addresses.find((a) => a.type === 'InternalIP')?.address;
    add({ id: `node/${n.metadata.name}`, kind: 'node', label: n.metadata.name, detail: ip });
  }
  for (const p of input.pods) {
    const nodeId = p.spec.nodeName ? `node/${p.spec.nodeName}` : undefined;
    const podId = `pod/${NS_NAME(p.metadata.namespace, p.metadata.name)}`;
    const ip = p.status.podIP ?? (p.spec.hostNetwork ? 'host network' : 'no IP (Pending)');
    add({
      id: podId,
      kind: 'pod',
      label: p.metadata.name,
      namespace: p.metadata.namespace,
      detail: ip,
      ...(nodeId && ids.has(nodeId) ? { parentId: nodeId } : {}),
    });
    const all = [...p.spec.containers, ...p.spec.initContainers.filter((c) => c.restartPolicy === 'Always')];
    for (const c of all) {
      const ports = c.ports
        .map((cp) => `${cp.containerPort}${cp.protocol === 'TCP' ? '' : `/${cp.protocol}`}`)
        .join(', ');
      add({
        id: `container/${NS_NAME(p.metadata.namespace, p.metadata.name)}/${c.name}`,
        kind: 'container',
        label: c.name,
        ...(ports ? { detail: `:${ports}` } : {}),
        parentId: podId,
      });
    }
  }

  // Configuration edges.
  for (const s of input.services) {
    const sid = `service/${NS_NAME(s.metadata.namespace, s.metadata.name)}`;
    for (const p of input.pods) {
      if (p.metadata.namespace !== s.metadata.namespace) continue;
      if (selects(s.spec.selector, p.metadata.labels))
        edge(sid, `pod/${NS_NAME(p.metadata.namespace, p.metadata.name)}`);
    }
  }
  for (const lb of spec.cloudLoadBalancers) {
    edge(`cloudlb/${lb.service}`, `service/${lb.service}`);
    if (clientId) edge(clientId, `cloudlb/${lb.service}`);
  }
  for (const gw of spec.apiGateways) {
    const id = `apigw/${gw.name}`;
    if (gw.placement === 'front') {
      if (clientId) edge(clientId, id);
      if (gw.vpcLink) edge(id, `cloudlb/${gw.vpcLink.loadBalancer}`);
    } else if (gw.service) {
      edge(`service/${gw.service}`, id);
    }
    for (const r of gw.routes) if (r.backend) edge(id, `service/${r.backend.service}`);
  }
  for (const ic of spec.ingressControllers) {
    const id = `ingress/${ic.class}`;
    edge(`service/${ic.service}`, id);
    for (const ing of input.ingresses) {
      const cls = ing.spec.ingressClassName ?? ing.metadata.annotations['kubernetes.io/ingress.class'];
      if (cls !== undefined && cls !== ic.class) continue;
      const backends = [
        ing.spec.defaultBackend,
        ...ing.spec.rules.flatMap((r) => r.http?.paths.map((p) => p.backend) ?? []),
      ];
      for (const b of backends)
        if (b?.service) edge(id, `service/${NS_NAME(ing.metadata.namespace, b.service.name)}`);
    }
  }
  for (const gi of spec.gatewayImplementations) {
    const id = `gateway/${gi.gateway}`;
    edge(`service/${gi.service}`, id);
    for (const r of input.httpRoutes) {
      const ns = r.metadata.namespace;
      const targets = r.spec.parentRefs.some((p) => NS_NAME(p.namespace ?? ns, p.name) === gi.gateway);
      if (!targets) continue;
      for (const rule of r.spec.rules)
        for (const b of rule.backendRefs) edge(id, `service/${NS_NAME(b.namespace ?? ns, b.name)}`);
    }
  }
  if (dnsService) {
    for (const p of input.pods) {
      if (
        p.metadata.namespace === dnsService.metadata.namespace &&
        selects(dnsService.spec.selector, p.metadata.labels)
      ) {
        edge('dns/coredns', `service/${NS_NAME(dnsService.metadata.namespace, dnsService.metadata.name)}`);
      }
    }
  }

  return { nodes, edges };
}

/**
 * Where an engine hop object reference sits on the diagram: the box with that id, else the closest box that
 * holds it (a container's Pod, kube-proxy/CNI → its node, an Ingress object → its controller, …). Undefined
 * when nothing on the diagram stands for it.
 *
 * @example anchorFor(graph, "kube-proxy/node-1") // "node/node-1"
 */
export function anchorFor(graph: DiagramGraph, ref: string): string | undefined {
  const has = (id: string) => graph.nodes.some((n) => n.id === id);
  if (has(ref)) return ref;
  const slash = ref.indexOf('/');
  const kind = slash < 0 ? ref : ref.slice(0, slash);
  const rest = slash < 0 ? '' : ref.slice(slash + 1);
  const firstOfKind = (k: DiagramKind) => graph.nodes.find((n) => n.kind === k)?.id;
  switch (kind) {
    case 'container': {
      const parts = rest.split('/');
      const pod = `pod/${parts[0] ?? ''}/${parts[1] ?? ''}`;
      return has(pod) ? pod : undefined;
    }
    case 'cni':
    case 'kube-proxy':
    case 'iptables':
    case 'ipvs':
    case 'nftables':
    case 'ebpf':
    case 'node': {
      // `cni/node-1->node-2/vxlan` sits on the sending node.
      const nodeName = rest.split(/->|\//)[0] ?? '';
      const id = `node/${nodeName}`;
      return has(id) ? id : undefined;
    }
    case 'ingress':
    case 'ingressclass':
      return firstOfKind('ingress') ?? firstOfKind('gateway');
    case 'gateway':
    case 'httproute':
      return (
        graph.nodes.find((n) => n.kind === 'gateway' && n.id.endsWith(rest))?.id ??
        firstOfKind('gateway') ??
        firstOfKind('ingress')
      );
    case 'dns':
      return rest.includes('public')
        ? firstOfKind('dns') && has('dns/public')
          ? 'dns/public'
          : firstOfKind('dns')
        : has('dns/coredns')
          ? 'dns/coredns'
          : firstOfKind('dns');
    case 'cloudlb':
    case 'lb':
      return (
        graph.nodes.find(
          (n) =>
            n.kind === 'cloudlb' && (n.id.endsWith(rest) || rest.endsWith(n.id.slice('cloudlb/'.length))),
        )?.id ?? firstOfKind('cloudlb')
      );
    case 'apigw':
      return firstOfKind('apigw');
    case 'client':
      return firstOfKind('client');
    case 'external':
    case 'ip': {
      const ext = `external/${rest}`;
      if (has(ext)) return ext;
      const pod = graph.nodes.find((n) => n.kind === 'pod' && n.detail === rest);
      if (pod) return pod.id;
      const node = graph.nodes.find((n) => n.kind === 'node' && n.detail === rest);
      return node?.id ?? firstOfKind('client');
    }
    case 'service':
    case 'pod':
    default:
      return undefined;
  }
}
