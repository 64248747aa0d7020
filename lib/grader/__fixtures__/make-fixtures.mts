/**
 * Writes the hand-written TraceSet fixtures of the grader tests (JSON beside this file), modelled on the
 * reference's §D scenarios on cluster C1. Run: `npx tsx lib/grader/__fixtures__/make-fixtures.mts`.
 * These stand in for the engine's output until `trace` exists; object references follow lib/engine/types.ts.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Disposition,
  Hop,
  Layer,
  PacketHeader,
  Rewrite,
  TracePath,
  TraceSet,
} from '../../engine/types.ts';

const here = dirname(fileURLToPath(import.meta.url));

type HopSpec = {
  layer: Layer;
  at: string;
  label: string;
  rule: string;
  packet: PacketHeader;
  rewrites?: Rewrite[];
  steps?: string[];
  optional?: boolean;
  verdict?: { disposition: Disposition; reason: string };
};

function hops(specs: HopSpec[]): Hop[] {
  return specs.map((s, i) => {
    const h: Hop = {
      id: `h${i + 1}`,
      layer: s.layer,
      at: s.at,
      label: s.label,
      steps: s.steps ?? [s.label],
      packet: s.packet,
      rewrites: s.rewrites ?? [],
      rule: s.rule,
    };
    if (s.optional) h.optional = true;
    if (s.verdict) h.verdict = s.verdict;
    return h;
  });
}

const NODE_IP: Record<string, string> = {
  'node-1': '192.168.1.10',
  'node-2': '192.168.1.11',
  'node-3': '192.168.1.12',
};
const BACKENDS = [
  { pod: 'backend-1', ip: '10.244.1.7', node: 'node-1' },
  { pod: 'backend-2', ip: '10.244.2.8', node: 'node-2' },
  { pod: 'backend-3', ip: '10.244.3.9', node: 'node-3' },
];

/** CNI/Node hops from a Pod on `from` to a Pod on `to` (S03/S04 shapes). */
function podNetwork(
  from: string,
  to: string,
  pkt: PacketHeader,
  fromPod: string,
  toPod: string,
  startWithCni = true,
  routeHop = true,
): HopSpec[] {
  const out: HopSpec[] = [];
  if (startWithCni)
    out.push({
      layer: 'CNI',
      at: `cni/${from}`,
      label: `${from} veth(${fromPod}) → cni0`,
      rule: 'R2.2',
      packet: pkt,
    });
  if (from === to) {
    out.push({
      layer: 'CNI',
      at: `cni/${to}`,
      label: `${to} cni0 → veth(${toPod})`,
      rule: 'R2.2',
      packet: pkt,
    });
    return out;
  }
  const outer = { src: NODE_IP[from]!, dst: NODE_IP[to]!, protocol: 'UDP' as const, port: 8472, vni: 1 };
  if (routeHop)
    out.push({
      layer: 'Node',
      at: `node/${from}`,
      label: `${from} route via flannel.1`,
      rule: 'R2.4',
      packet: pkt,
    });
  out.push({
    layer: 'CNI',
    at: `cni/${from}->${to}/vxlan`,
    label: `${from} flannel.1 VXLAN encap`,
    rule: 'R2.4',
    packet: { ...pkt, outer },
    rewrites: [
      { kind: 'ENCAP', from: NODE_IP[from]!, to: NODE_IP[to]!, note: 'VXLAN VNI 1 UDP/8472 (R2.4)' },
    ],
  });
  out.push({
    layer: 'Node',
    at: `node/${to}`,
    label: `${to} eth0 → flannel.1 decap`,
    rule: 'R2.4',
    packet: { ...pkt, outer },
    rewrites: [{ kind: 'DECAP', from: NODE_IP[from]!, to: NODE_IP[to]!, note: 'VXLAN decap (R2.4)' }],
  });
  out.push({
    layer: 'CNI',
    at: `cni/${to}`,
    label: `${to} cni0 → veth(${toPod})`,
    rule: 'R2.6',
    packet: pkt,
  });
  return out;
}

function set(
  requestId: string,
  summary: string,
  paths: TracePath[],
  extra: Partial<TraceSet> = {},
): TraceSet {
  const first = paths[0];
  const disposition = first?.disposition ?? 'NXDOMAIN';
  const rules = [...new Set(paths.flatMap((p) => p.hops.map((h) => h.rule)))].sort();
  return {
    requestId,
    summary,
    disposition,
    outcome: { kind: 'single', disposition },
    symptom:
      disposition === 'DELIVERED' ? 'OK' : disposition === 'REFUSED' ? 'CONNECTION_REFUSED' : 'TIMEOUT',
    reason: first?.reason ?? '',
    rules,
    paths,
    warnings: [],
    ...extra,
  };
}

// ----- S06: Pod → ClusterIP by short name, 3 endpoints ------------------------------------------------------
function s06(): TraceSet {
  const paths = BACKENDS.map((b, i): TracePath => {
    const pkt: PacketHeader = {
      src: '10.244.1.5',
      srcPort: 'ephemeral',
      dst: '10.96.120.15',
      dstPort: 80,
      protocol: 'TCP',
    };
    const after: PacketHeader = { ...pkt, dst: b.ip, dstPort: 9090 };
    const specs: HopSpec[] = [
      {
        layer: 'Container',
        at: 'container/shop/frontend-1/web',
        label: 'web connect 10.96.120.15:80',
        rule: 'R3.4',
        packet: pkt,
      },
      {
        layer: 'Pod',
        at: 'pod/shop/frontend-1',
        label: 'pod frontend-1 eth0 → default via 10.244.1.1',
        rule: 'R2.2',
        packet: pkt,
      },
      {
        layer: 'CNI',
        at: 'cni/node-1',
        label: 'node-1 veth(frontend-1) → cni0 → host stack',
        rule: 'R2.2',
        packet: pkt,
      },
      { layer: 'Node', at: 'node/node-1', label: 'node-1 nat PREROUTING', rule: 'R3.2', packet: pkt },
      {
        layer: 'Service',
        at: 'service/shop/backend',
        label: 'Service shop/backend:http 10.96.120.15:80',
        rule: 'R3.2',
        packet: pkt,
      },
      {
        layer: 'kube-proxy',
        at: 'kube-proxy/node-1',
        label: 'kube-proxy rules on node-1 (iptables)',
        rule: 'R3.6',
        packet: pkt,
        rewrites: [
          { kind: 'DNAT', from: '10.96.120.15:80', to: `${b.ip}:9090`, note: 'KUBE-SEP DNAT (R3.6)' },
        ],
        steps: [`nat PREROUTING → KUBE-SERVICES → KUBE-SVC[shop/backend:http] → KUBE-SEP[${b.ip}:9090]`],
      },
      ...podNetwork('node-1', b.node, after, 'frontend-1', b.pod, false, false),
      {
        layer: 'Pod',
        at: `pod/shop/${b.pod}`,
        label: `pod ${b.pod} eth0 ${b.ip}`,
        rule: 'R2.6',
        packet: after,
      },
      {
        layer: 'Container',
        at: `container/shop/${b.pod}/api`,
        label: 'api accept :9090',
        rule: 'R3.13',
        packet: after,
      },
    ];
    return {
      id: `p${i + 1}`,
      weight: 1 / 3,
      choice: `endpoint ${b.pod} (1 of 3 ready endpoints, uniform random R3.6)`,
      hops: hops(specs),
      disposition: 'DELIVERED',
      reason: `delivered to ${b.pod}/api:9090`,
      endpoint: { object: `pod/shop/${b.pod}`, ip: b.ip, port: 9090 },
      masqueraded: false,
      sourceSeenByDestination: '10.244.1.5',
    };
  });
  return set('main', 'Container web in Pod shop/frontend-1 opens http://backend/', paths, {
    dns: {
      query: 'backend',
      tried: [{ name: 'backend.shop.svc.cluster.local', result: 'ANSWER', server: 'cluster' }],
      answers: ['10.96.120.15'],
      kind: 'CLUSTER_IP',
      hops: [],
      rule: 'R3.4',
    },
  });
}

// ----- S22: Browser → Cloud LB → NodePort → ingress-nginx → backend Pod -------------------------------------
function s22(): TraceSet {
  const paths = BACKENDS.map((b, i): TracePath => {
    const p0: PacketHeader = {
      src: '198.51.100.7',
      srcPort: 'ephemeral',
      dst: '203.0.113.10',
      dstPort: 443,
      protocol: 'TCP',
    };
    const p1: PacketHeader = { ...p0, dst: '192.168.1.11', dstPort: 31443 };
    const p2: PacketHeader = { ...p1, dst: '10.244.2.30', dstPort: 443 };
    const p3: PacketHeader = {
      src: '10.244.2.30',
      srcPort: 'ephemeral',
      dst: b.ip,
      dstPort: 9090,
      protocol: 'TCP',
    };
    const specs: HopSpec[] = [
      {
        layer: 'Client',
        at: 'client/browser',
        label: 'browser 198.51.100.7 → 203.0.113.10:443',
        rule: 'R5.1',
        packet: p0,
      },
      {
        layer: 'Cloud LB',
        at: 'cloudlb/ingress-nginx/ingress-nginx-controller',
        label: 'cloud LB → healthy target node-2:31443',
        rule: 'R5.4',
        packet: p0,
        rewrites: [
          {
            kind: 'DNAT',
            from: '203.0.113.10:443',
            to: '192.168.1.11:31443',
            note: 'instance target (R5.2)',
          },
        ],
      },
      { layer: 'Node', at: 'node/node-2', label: 'node-2 eth0 192.168.1.11:31443', rule: 'R4.2', packet: p1 },
      {
        layer: 'Service',
        at: 'service/ingress-nginx/ingress-nginx-controller',
        label: 'Service ingress-nginx-controller:https NodePort 31443',
        rule: 'R4.2',
        packet: p1,
      },
      {
        layer: 'kube-proxy',
        at: 'kube-proxy/node-2',
        label: 'kube-proxy rules on node-2 (KUBE-NODEPORTS → KUBE-SVL)',
        rule: 'R4.4',
        packet: p1,
        rewrites: [
          {
            kind: 'DNAT',
            from: '192.168.1.11:31443',
            to: '10.244.2.30:443',
            note: 'KUBE-SEP DNAT, no SNAT (ETP Local, R4.4)',
          },
        ],
      },
      {
        layer: 'CNI',
        at: 'cni/node-2',
        label: 'node-2 cni0 → veth(ingress-nginx-controller-7d9)',
        rule: 'R2.2',
        packet: p2,
      },
      {
        layer: 'Pod',
        at: 'pod/ingress-nginx/ingress-nginx-controller-7d9',
        label: 'pod ingress-nginx-controller-7d9 eth0 10.244.2.30:443',
        rule: 'R7.1',
        packet: p2,
      },
      {
        layer: 'Ingress',
        at: 'ingress/shop/shop',
        label: 'ingress-nginx: TLS, host shop.example.com, location /api → upstream shop-backend-http',
        rule: 'R7.8',
        packet: p2,
      },
      {
        layer: 'Service',
        at: 'service/shop/backend',
        label: 'upstream from EndpointSlices of shop/backend (logical)',
        rule: 'R7.8',
        packet: p3,
        optional: true,
      },
      ...(b.node === 'node-2'
        ? [
            {
              layer: 'CNI' as const,
              at: 'cni/node-2',
              label: `node-2 veth → cni0 → veth(${b.pod})`,
              rule: 'R2.2',
              packet: p3,
            },
          ]
        : [
            {
              layer: 'CNI' as const,
              at: 'cni/node-2',
              label: 'node-2 veth(ingress-nginx-controller-7d9) → cni0',
              rule: 'R2.2',
              packet: p3,
            },
            ...podNetwork('node-2', b.node, p3, 'ingress-nginx-controller-7d9', b.pod, false),
          ]),
      { layer: 'Pod', at: `pod/shop/${b.pod}`, label: `pod ${b.pod} eth0 ${b.ip}`, rule: 'R2.6', packet: p3 },
      {
        layer: 'Container',
        at: `container/shop/${b.pod}/api`,
        label: 'api accept :9090 (peer 10.244.2.30)',
        rule: 'R7.11',
        packet: p3,
      },
    ];
    return {
      id: `p${i + 1}`,
      weight: 1 / 3,
      choice: `upstream endpoint ${b.pod} (ingress-nginx round robin)`,
      hops: hops(specs),
      disposition: 'DELIVERED',
      reason: `delivered to ${b.pod}/api:9090`,
      endpoint: { object: `pod/shop/${b.pod}`, ip: b.ip, port: 9090 },
      masqueraded: true,
      sourceSeenByDestination: '10.244.2.30',
    };
  });
  return set('main', 'A browser opens https://shop.example.com/api/orders', paths, {
    dns: {
      query: 'shop.example.com',
      tried: [{ name: 'shop.example.com', result: 'ANSWER', server: 'public' }],
      answers: ['203.0.113.10'],
      kind: 'PUBLIC',
      hops: [],
      rule: 'R3.5',
    },
  });
}

// ----- S10: no ready endpoints → REFUSED ---------------------------------------------------------------------
function s10(): TraceSet {
  const pkt: PacketHeader = {
    src: '10.244.1.5',
    srcPort: 'ephemeral',
    dst: '10.96.120.15',
    dstPort: 80,
    protocol: 'TCP',
  };
  const reason = 'shop/backend:http has no endpoints: kube-proxy REJECTs (R3.11)';
  const specs: HopSpec[] = [
    {
      layer: 'Container',
      at: 'container/shop/frontend-1/web',
      label: 'web connect 10.96.120.15:80',
      rule: 'R3.4',
      packet: pkt,
    },
    { layer: 'Pod', at: 'pod/shop/frontend-1', label: 'pod frontend-1 eth0', rule: 'R2.2', packet: pkt },
    { layer: 'CNI', at: 'cni/node-1', label: 'node-1 veth(frontend-1) → cni0', rule: 'R2.2', packet: pkt },
    {
      layer: 'Node',
      at: 'node/node-1',
      label: 'node-1 nat PREROUTING: no KUBE-SVC rule',
      rule: 'R3.2',
      packet: pkt,
    },
    {
      layer: 'Service',
      at: 'service/shop/backend',
      label: 'Service shop/backend:http (0 ready endpoints)',
      rule: 'R3.8',
      packet: pkt,
    },
    {
      layer: 'kube-proxy',
      at: 'kube-proxy/node-1',
      label: 'filter KUBE-SERVICES: "shop/backend:http has no endpoints" → REJECT',
      rule: 'R3.11',
      packet: pkt,
      verdict: { disposition: 'REFUSED', reason },
    },
  ];
  return set('main', 'Container web in Pod shop/frontend-1 opens http://backend/ (no ready backends)', [
    {
      id: 'p1',
      weight: 1,
      choice: 'only path',
      hops: hops(specs),
      disposition: 'REFUSED',
      reason,
      masqueraded: false,
    },
  ]);
}

// ----- S04: Pod → Pod cross node by IP; S03 same node -------------------------------------------------------
function podToPod(to: (typeof BACKENDS)[number]): TraceSet {
  const pkt: PacketHeader = {
    src: '10.244.1.5',
    srcPort: 'ephemeral',
    dst: to.ip,
    dstPort: 9090,
    protocol: 'TCP',
  };
  const specs: HopSpec[] = [
    {
      layer: 'Container',
      at: 'container/shop/frontend-1/web',
      label: `web connect ${to.ip}:9090`,
      rule: 'R2.1',
      packet: pkt,
    },
    { layer: 'Pod', at: 'pod/shop/frontend-1', label: 'pod frontend-1 eth0', rule: 'R2.2', packet: pkt },
    ...podNetwork('node-1', to.node, pkt, 'frontend-1', to.pod),
    {
      layer: 'Pod',
      at: `pod/shop/${to.pod}`,
      label: `pod ${to.pod} eth0 ${to.ip}`,
      rule: 'R2.6',
      packet: pkt,
    },
    {
      layer: 'Container',
      at: `container/shop/${to.pod}/api`,
      label: 'api accept :9090',
      rule: 'R2.1',
      packet: pkt,
    },
  ];
  return set('main', `Container web in Pod shop/frontend-1 connects to ${to.ip}:9090`, [
    {
      id: 'p1',
      weight: 1,
      choice: 'only path',
      hops: hops(specs),
      disposition: 'DELIVERED',
      reason: `delivered to ${to.pod}/api:9090`,
      endpoint: { object: `pod/shop/${to.pod}`, ip: to.ip, port: 9090 },
      masqueraded: false,
      sourceSeenByDestination: '10.244.1.5',
    },
  ]);
}

// ----- S19: LB with IP targets ------------------------------------------------------------------------------
function s19(): TraceSet {
  const fronts = [
    { pod: 'frontend-1', ip: '10.244.1.5', node: 'node-1' },
    { pod: 'frontend-2', ip: '10.244.3.6', node: 'node-3' },
  ];
  const paths = fronts.map((f, i): TracePath => {
    const p0: PacketHeader = {
      src: '198.51.100.7',
      srcPort: 'ephemeral',
      dst: '203.0.113.20',
      dstPort: 80,
      protocol: 'TCP',
    };
    const p1: PacketHeader = { ...p0, dst: f.ip, dstPort: 8080 };
    const specs: HopSpec[] = [
      { layer: 'Client', at: 'client/browser', label: 'browser → 203.0.113.20:80', rule: 'R5.1', packet: p0 },
      {
        layer: 'Cloud LB',
        at: 'cloudlb/shop/frontend-lb',
        label: `NLB → target ${f.ip}:8080 (IP target)`,
        rule: 'R5.3',
        packet: p0,
        rewrites: [{ kind: 'DNAT', from: '203.0.113.20:80', to: `${f.ip}:8080`, note: 'IP target (R5.3)' }],
      },
      {
        layer: 'Node',
        at: `node/${f.node}`,
        label: `${f.node} ENI → host route to veth`,
        rule: 'R5.3',
        packet: p1,
        optional: true,
      },
      {
        layer: 'CNI',
        at: `cni/${f.node}`,
        label: `${f.node} veth(${f.pod})`,
        rule: 'R5.3',
        packet: p1,
        optional: true,
      },
      { layer: 'Pod', at: `pod/shop/${f.pod}`, label: `pod ${f.pod} eth0 ${f.ip}`, rule: 'R5.3', packet: p1 },
      {
        layer: 'Container',
        at: `container/shop/${f.pod}/web`,
        label: 'web accept :8080',
        rule: 'R5.3',
        packet: p1,
      },
    ];
    return {
      id: `p${i + 1}`,
      weight: 0.5,
      choice: `target ${f.pod}`,
      hops: hops(specs),
      disposition: 'DELIVERED',
      reason: `delivered to ${f.pod}/web:8080`,
      endpoint: { object: `pod/shop/${f.pod}`, ip: f.ip, port: 8080 },
      masqueraded: false,
      sourceSeenByDestination: '198.51.100.7',
    };
  });
  return set('main', 'A browser opens http://frontend-lb (IP targets)', paths);
}

// ----- S32: headless Service ---------------------------------------------------------------------------------
function s32(): TraceSet {
  const pkt: PacketHeader = {
    src: '10.244.1.5',
    srcPort: 'ephemeral',
    dst: '10.244.3.20',
    dstPort: 5432,
    protocol: 'TCP',
  };
  const specs: HopSpec[] = [
    {
      layer: 'Container',
      at: 'container/shop/frontend-1/web',
      label: 'web connect 10.244.3.20:5432',
      rule: 'R6.1',
      packet: pkt,
    },
    { layer: 'Pod', at: 'pod/shop/frontend-1', label: 'pod frontend-1 eth0', rule: 'R2.2', packet: pkt },
    ...podNetwork('node-1', 'node-3', pkt, 'frontend-1', 'db-0'),
    { layer: 'Pod', at: 'pod/shop/db-0', label: 'pod db-0 eth0 10.244.3.20', rule: 'R2.6', packet: pkt },
    {
      layer: 'Container',
      at: 'container/shop/db-0/postgres',
      label: 'postgres accept :5432',
      rule: 'R6.1',
      packet: pkt,
    },
  ];
  return set(
    'main',
    'Container web in Pod shop/frontend-1 connects to db-0.db.shop.svc.cluster.local:5432',
    [
      {
        id: 'p1',
        weight: 1,
        choice: 'only path',
        hops: hops(specs),
        disposition: 'DELIVERED',
        reason: 'delivered to db-0/postgres:5432',
        endpoint: { object: 'pod/shop/db-0', ip: '10.244.3.20', port: 5432 },
        masqueraded: false,
        sourceSeenByDestination: '10.244.1.5',
      },
    ],
    {
      dns: {
        query: 'db-0.db.shop.svc.cluster.local',
        tried: [{ name: 'db-0.db.shop.svc.cluster.local', result: 'ANSWER', server: 'cluster' }],
        answers: ['10.244.3.20'],
        kind: 'POD_IPS',
        hops: [],
        rule: 'R6.1',
      },
    },
  );
}

const fixtures: Record<string, TraceSet> = {
  's06-clusterip': s06(),
  's22-ingress': s22(),
  's10-no-endpoints': s10(),
  's04-pod-cross-node': podToPod(BACKENDS[1]!),
  's03-pod-same-node': podToPod(BACKENDS[0]!),
  's19-lb-ip-targets': s19(),
  's32-headless': s32(),
};
for (const [name, ts] of Object.entries(fixtures))
  writeFileSync(join(here, `${name}.json`), JSON.stringify(ts, null, 2) + '\n');
console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${here}`);
