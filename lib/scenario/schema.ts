/**
 * Scenario input schemas (authoritative; docs/scenario-format.md is the prose version).
 *
 * Two families:
 *  - Kubernetes objects as `kubectl get -o yaml` prints them. NON-strict: unknown fields are ignored and
 *    stripped, only what the engine reads is declared, and defaults are applied the way the API server
 *    applies them (Service type ClusterIP, targetPort = port, protocol TCP, …) so the engine never has to.
 *  - The `packetpath.dev/v1alpha1` `Scenario` document: STRICT (a typo in a setting is an error, not a
 *    silently ignored field). A JSON Schema is generated from it (json-schema.ts).
 *
 * Cross-object checks (duplicates, references, CIDR membership) live in parse.ts, which knows YAML positions.
 */
import { z } from 'zod';
import { isCidr, isIP, parseCidr } from './ip';

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

/** IPv4 or IPv6 address text. */
export const ipSchema = z.string().refine(isIP, { message: 'must be a valid IPv4 or IPv6 address' });

/** CIDR text with host bits zero (`10.244.0.0/16`). */
export const cidrSchema = z.string().superRefine((v, ctx) => {
  const c = parseCidr(v);
  if (typeof c === 'string') ctx.addIssue({ code: 'custom', message: c });
});

/** A TCP/UDP port number (1-65535). */
export const portNumberSchema = z
  .number({ message: 'must be a port number (integer 1-65535)' })
  .int('must be an integer port number')
  .min(1, 'port must be between 1 and 65535')
  .max(65535, 'port must be between 1 and 65535');

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
/** L4 protocol; Kubernetes' default is TCP. */
export const protocolSchema = z.enum(PROTOCOLS).default('TCP');

/** IANA_SVC_NAME as Kubernetes validates named ports: ≤15 chars, lower-case alphanumerics and '-', ≥1 letter. */
export const portNameSchema = z
  .string()
  .max(15, 'a port name must be at most 15 characters (IANA_SVC_NAME)')
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    "a port name must be lower-case alphanumerics and '-' (IANA_SVC_NAME)",
  )
  .refine((s) => /[a-z]/.test(s) && !s.includes('--'), {
    message: "a port name must contain a letter and no '--' (IANA_SVC_NAME)",
  });

const labelsSchema = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

/** `metadata` of a cluster-scoped object. */
const clusterMetaSchema = z.object({
  name: z.string().min(1, 'metadata.name is required'),
  labels: labelsSchema,
  annotations: labelsSchema,
});

/** `metadata` of a namespaced object; namespace defaults to `default` like kubectl apply. */
const nsMetaSchema = clusterMetaSchema.extend({
  namespace: z.string().min(1).default('default'),
  creationTimestamp: z.union([z.string(), z.date().transform((d) => d.toISOString())]).nullish(),
  deletionTimestamp: z.union([z.string(), z.date().transform((d) => d.toISOString())]).nullish(),
});

/** metav1.LabelSelector. */
export const labelSelectorSchema = z.object({
  matchLabels: labelsSchema,
  matchExpressions: z
    .array(
      z.object({
        key: z.string().min(1),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z
          .array(z.string())
          .nullish()
          .transform((v) => v ?? []),
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
});
export type LabelSelector = z.output<typeof labelSelectorSchema>;

const arr = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

// ---------------------------------------------------------------------------------------------
// core/v1
// ---------------------------------------------------------------------------------------------

export const namespaceSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Namespace'),
  metadata: clusterMetaSchema,
});
export type K8sNamespace = z.output<typeof namespaceSchema>;

export const nodeSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Node'),
  metadata: clusterMetaSchema,
  spec: z
    .object({ podCIDR: cidrSchema.optional(), podCIDRs: arr(cidrSchema) })
    .nullish()
    .transform((v) => v ?? { podCIDRs: [] as string[] }),
  status: z
    .object({
      addresses: arr(
        z.object({
          type: z.enum(['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS']),
          address: z.string().min(1),
        }),
      ),
    })
    .nullish()
    .transform((v) => v ?? { addresses: [] }),
});
export type K8sNode = z.output<typeof nodeSchema>;

export const containerPortSchema = z.object({
  name: portNameSchema.optional(),
  containerPort: portNumberSchema,
  protocol: protocolSchema,
  hostPort: portNumberSchema.optional(),
  hostIP: ipSchema.optional(),
});
export type K8sContainerPort = z.output<typeof containerPortSchema>;

export const containerSchema = z.object({
  name: z.string().min(1),
  image: z.string().optional(),
  ports: arr(containerPortSchema),
  /** Only on init containers: `Always` makes it a sidecar (R1.7). */
  restartPolicy: z.enum(['Always']).optional(),
  /** Read for Istio's injected `istio-init` (its istio-iptables flags, R14.2). */
  args: arr(z.string()),
  /** runAsUser / runAsGroup: istio-iptables exempts the proxy's UID and GID from capture (R14.2). */
  securityContext: z
    .object({ runAsUser: z.number().int().nullish(), runAsGroup: z.number().int().nullish() })
    .loose()
    .nullish(),
});
export type K8sContainer = z.output<typeof containerSchema>;

const containerStateSchema = z
  .object({
    running: z.object({}).loose().nullish(),
    waiting: z.object({ reason: z.string().optional() }).loose().nullish(),
    terminated: z
      .object({ reason: z.string().optional(), exitCode: z.number().optional() })
      .loose()
      .nullish(),
  })
  .nullish();

export const containerStatusSchema = z.object({
  name: z.string().min(1),
  ready: z.boolean().default(false),
  started: z.boolean().nullish(),
  state: containerStateSchema,
});
export type K8sContainerStatus = z.output<typeof containerStatusSchema>;

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

export const podSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: nsMetaSchema,
  spec: z.object({
    nodeName: z.string().min(1).optional(),
    hostNetwork: z.boolean().default(false),
    hostname: z.string().optional(),
    subdomain: z.string().optional(),
    dnsPolicy: z.enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']).default('ClusterFirst'),
    restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).default('Always'),
    containers: z.array(containerSchema).min(1, 'a Pod needs at least one container'),
    initContainers: arr(containerSchema),
  }),
  /**
   * Authoring shorthand (docs/scenario-format.md): a missing `status` means a Pod that is Running and Ready
   * with all containers started; a missing `podIP` means the Pod has no address (Pending), except for
   * hostNetwork Pods, whose IP is their node's InternalIP (R1.6).
   */
  status: z
    .object({
      podIP: ipSchema.optional(),
      podIPs: arr(z.object({ ip: ipSchema })),
      phase: z.enum(POD_PHASES).optional(),
      conditions: arr(z.object({ type: z.string(), status: z.enum(['True', 'False', 'Unknown']) })),
      containerStatuses: arr(containerStatusSchema),
      initContainerStatuses: arr(containerStatusSchema),
    })
    .nullish()
    .transform((v) => v ?? { podIPs: [], conditions: [], containerStatuses: [], initContainerStatuses: [] }),
});
export type K8sPod = z.output<typeof podSchema>;

/**
 * --service-node-port-range default (R4.1); ports outside the range cannot be NodePorts (R4.6). The range is an
 * apiserver flag, so a Scenario may change it (`spec.cluster.nodePortRange`); parse.ts checks nodePorts
 * against the Scenario's range.
 */
export const NODEPORT_RANGE = { min: 30000, max: 32767 } as const;
const nodePortSchema = portNumberSchema;

/** Parse "min-max" (e.g. "30000-32767"); undefined when malformed. */
export function parseNodePortRange(text: string): { min: number; max: number } | undefined {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = Number(m[2]);
  return min >= 1 && max <= 65535 && min <= max ? { min, max } : undefined;
}

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

export const servicePortSchema = z
  .object({
    /** `name: ""` is what an unnamed single port is (the API server accepts it; multi-port Services are checked in parse). */
    name: z.union([z.literal(''), portNameSchema]).optional(),
    port: portNumberSchema,
    /** int or named port (R3.13); defaults to `port`. */
    targetPort: z.union([portNumberSchema, portNameSchema]).optional(),
    nodePort: nodePortSchema.optional(),
    protocol: protocolSchema,
    appProtocol: z.string().optional(),
  })
  .transform((p) => ({ ...p, name: p.name ?? '', targetPort: p.targetPort ?? p.port }));
export type K8sServicePort = z.output<typeof servicePortSchema>;

/** Service `spec.ipFamilies` values and `spec.ipFamilyPolicy` values (core/v1 types.go). */
export const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
export type IPFamily = (typeof IP_FAMILIES)[number];
export const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const;
export type IPFamilyPolicy = (typeof IP_FAMILY_POLICIES)[number];

/** Service `spec.trafficDistribution` values the API server accepts (KEP-4444, KEP-3015). */
export const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'] as const;

export const serviceSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Service'),
  metadata: nsMetaSchema,
  spec: z.object({
    type: z.enum(SERVICE_TYPES).default('ClusterIP'),
    /** An IP, or "None" for a headless Service (R6.1). Required except for ExternalName (checked in parse). */
    clusterIP: z.union([z.literal('None'), z.literal(''), ipSchema]).optional(),
    clusterIPs: arr(z.union([z.literal('None'), ipSchema])),
    /**
     * Dual-stack (R13.1): the families of clusterIPs in order, the first is the primary (= clusterIP's family).
     * Defaulted like the API server's REST storage (initIPFamilyFields): from clusterIPs, else the cluster's primary
     * Service family, plus the other family for PreferDualStack/RequireDualStack on a dual-stack cluster.
     */
    ipFamilies: arr(z.enum(IP_FAMILIES)),
    /** Default SingleStack; RequireDualStack for a headless Service without selector (R13.1). */
    ipFamilyPolicy: z.enum(IP_FAMILY_POLICIES).optional(),
    /** Absent or empty = no selector: EndpointSlices must be given (R6.3). */
    selector: labelsSchema,
    ports: arr(servicePortSchema),
    externalTrafficPolicy: z.enum(['Cluster', 'Local']).default('Cluster'),
    internalTrafficPolicy: z.enum(['Cluster', 'Local']).default('Cluster'),
    sessionAffinity: z.enum(['None', 'ClientIP']).default('None'),
    sessionAffinityConfig: z
      .object({
        clientIP: z
          .object({ timeoutSeconds: z.number().int().min(1).max(86400).default(10800) })
          .nullish()
          .transform((v) => v ?? { timeoutSeconds: 10800 }),
      })
      .nullish()
      .transform((v) => v ?? { clientIP: { timeoutSeconds: 10800 } }),
    healthCheckNodePort: nodePortSchema.optional(),
    /**
     * The API server accepts space-padded entries (validation trims them for a historical reason) and kube-proxy
     * trims them too (proxyutil.MapCIDRsByIPFamily): the loader stores them trimmed.
     */
    loadBalancerSourceRanges: arr(
      z
        .string()
        .transform((v) => v.trim())
        .pipe(cidrSchema),
    ),
    loadBalancerClass: z.string().optional(),
    externalName: z.string().optional(),
    publishNotReadyAddresses: z.boolean().default(false),
    allocateLoadBalancerNodePorts: z.boolean().default(true),
    externalIPs: arr(ipSchema),
    /**
     * Routing preference (KEP-4444): `PreferClose` (= `PreferSameZone`) or `PreferSameNode`. The EndpointSlice
     * controller then hints each ready endpoint for its own zone (and node); kube-proxy reads only the hints
     * (pkg/proxy/topology.go). The API server rejects any other value.
     */
    trafficDistribution: z.enum(TRAFFIC_DISTRIBUTIONS).optional(),
  }),
  status: z
    .object({
      loadBalancer: z
        .object({
          ingress: arr(
            z.object({
              ip: ipSchema.optional(),
              hostname: z.string().optional(),
              /** R5.6: VIP (default) short-circuits in-cluster clients; Proxy sends them to the LB. */
              ipMode: z.enum(['VIP', 'Proxy']).default('VIP'),
            }),
          ),
        })
        .nullish()
        .transform((v) => v ?? { ingress: [] }),
    })
    .nullish()
    .transform((v) => v ?? { loadBalancer: { ingress: [] } }),
});
export type K8sService = z.output<typeof serviceSchema>;

// ---------------------------------------------------------------------------------------------
// discovery.k8s.io/v1
// ---------------------------------------------------------------------------------------------

export const endpointSliceSchema = z.object({
  apiVersion: z.literal('discovery.k8s.io/v1'),
  kind: z.literal('EndpointSlice'),
  metadata: nsMetaSchema,
  addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
  endpoints: arr(
    z.object({
      addresses: z.array(z.string().min(1)).min(1, 'an endpoint needs at least one address'),
      /**
       * API semantics: a nil `ready` means ready (unknown state is interpreted as ready), a nil `serving`
       * means the same as `ready`, a nil `terminating` means false.
       */
      conditions: z
        .object({
          ready: z.boolean().nullish(),
          serving: z.boolean().nullish(),
          terminating: z.boolean().nullish(),
        })
        .nullish()
        .transform((c) => {
          const ready = c?.ready ?? true;
          return { ready, serving: c?.serving ?? ready, terminating: c?.terminating ?? false };
        }),
      nodeName: z.string().optional(),
      zone: z.string().optional(),
      /**
       * Topology hints (discovery.k8s.io/v1 EndpointHints): the zones / nodes that should consume this endpoint.
       * Set by the EndpointSlice controller (topology-mode Auto, trafficDistribution); kube-proxy filters on them.
       */
      hints: z
        .object({
          forZones: arr(z.object({ name: z.string().min(1) })),
          forNodes: arr(z.object({ name: z.string().min(1) })),
        })
        .nullish()
        .transform((h) =>
          h
            ? { forZones: h.forZones.map((z) => z.name), forNodes: h.forNodes.map((n) => n.name) }
            : undefined,
        ),
      hostname: z.string().optional(),
      targetRef: z
        .object({
          kind: z.string().optional(),
          name: z.string().optional(),
          namespace: z.string().optional(),
        })
        .optional(),
    }),
  ),
  ports: arr(
    z
      .object({ name: z.string().nullish(), port: portNumberSchema.nullish(), protocol: protocolSchema })
      .transform((p) => ({ name: p.name ?? '', port: p.port ?? undefined, protocol: p.protocol })),
  ),
});
export type K8sEndpointSlice = z.output<typeof endpointSliceSchema>;

/**
 * `discovery.k8s.io/v1beta1` EndpointSlice (served until Kubernetes 1.25) read as v1, the way the API server
 * converts it (pkg/apis/discovery/v1beta1/conversion.go): `topology["topology.kubernetes.io/zone"]` becomes
 * `zone`; `nodeName`, `addresses`, `conditions`, `hostname`, `targetRef` and `ports` are the same fields. Other
 * topology keys (including `kubernetes.io/hostname`) only survive as v1 `deprecatedTopology`, which nothing reads.
 */
export const endpointSliceV1beta1Schema = z.preprocess((raw) => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const o = raw as Record<string, unknown>;
  if (o.apiVersion !== 'discovery.k8s.io/v1beta1') return raw;
  const endpoints = Array.isArray(o.endpoints)
    ? o.endpoints.map((ep: unknown) => {
        if (typeof ep !== 'object' || ep === null || Array.isArray(ep)) return ep;
        const { topology, ...rest } = ep as Record<string, unknown>;
        const zone =
          typeof topology === 'object' && topology !== null
            ? (topology as Record<string, unknown>)['topology.kubernetes.io/zone']
            : undefined;
        return typeof zone === 'string' && rest.zone === undefined ? { ...rest, zone } : rest;
      })
    : o.endpoints;
  return { ...o, apiVersion: 'discovery.k8s.io/v1', endpoints };
}, endpointSliceSchema);

const endpointAddressSchema = z.object({
  ip: z.string().min(1),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: z
    .object({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() })
    .optional(),
});

/**
 * core/v1 Endpoints (deprecated since 1.33 but still served and printed by `kubectl get endpoints -o yaml`).
 * The loader turns it into EndpointSlices the way the EndpointSlice mirroring controller does (parse.ts /
 * mirror.ts); it is not a collection of ScenarioInput.
 */
export const endpointsSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Endpoints'),
  metadata: nsMetaSchema,
  subsets: arr(
    z.object({
      addresses: arr(endpointAddressSchema),
      notReadyAddresses: arr(endpointAddressSchema),
      ports: arr(
        z
          .object({
            name: z.string().nullish(),
            port: portNumberSchema,
            protocol: protocolSchema,
            appProtocol: z.string().optional(),
          })
          .transform((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })),
      ),
    }),
  ),
});
export type K8sEndpoints = z.output<typeof endpointsSchema>;

// ---------------------------------------------------------------------------------------------
// networking.k8s.io/v1
// ---------------------------------------------------------------------------------------------

export const ingressBackendSchema = z.object({
  service: z
    .object({
      name: z.string().min(1),
      port: z.union([z.object({ number: portNumberSchema }), z.object({ name: portNameSchema })]),
    })
    .optional(),
  resource: z.object({ kind: z.string(), name: z.string(), apiGroup: z.string().nullish() }).optional(),
});
export type K8sIngressBackend = z.output<typeof ingressBackendSchema>;

export const ingressSchema = z.object({
  apiVersion: z.literal('networking.k8s.io/v1'),
  kind: z.literal('Ingress'),
  metadata: nsMetaSchema,
  spec: z.object({
    ingressClassName: z.string().optional(),
    defaultBackend: ingressBackendSchema.optional(),
    tls: arr(z.object({ hosts: arr(z.string()), secretName: z.string().optional() })),
    rules: arr(
      z.object({
        host: z.string().optional(),
        http: z
          .object({
            paths: z.array(
              z.object({
                path: z.string().optional(),
                /** Required by the v1 API (R7.4). */
                pathType: z.enum(['Exact', 'Prefix', 'ImplementationSpecific'], {
                  message: 'pathType is required: Exact, Prefix or ImplementationSpecific',
                }),
                backend: ingressBackendSchema,
              }),
            ),
          })
          .optional(),
      }),
    ),
  }),
});
export type K8sIngress = z.output<typeof ingressSchema>;

export const ingressClassSchema = z.object({
  apiVersion: z.literal('networking.k8s.io/v1'),
  kind: z.literal('IngressClass'),
  metadata: clusterMetaSchema,
  spec: z
    .object({ controller: z.string().min(1) })
    .nullish()
    .transform((v) => v ?? { controller: '' }),
});
export type K8sIngressClass = z.output<typeof ingressClassSchema>;

const policyPeerSchema = z.object({
  podSelector: labelSelectorSchema.optional(),
  namespaceSelector: labelSelectorSchema.optional(),
  ipBlock: z.object({ cidr: cidrSchema, except: arr(cidrSchema) }).optional(),
});
const policyPortSchema = z.object({
  protocol: protocolSchema,
  port: z.union([portNumberSchema, portNameSchema]).optional(),
  endPort: portNumberSchema.optional(),
});

export const networkPolicySchema = z.object({
  apiVersion: z.literal('networking.k8s.io/v1'),
  kind: z.literal('NetworkPolicy'),
  metadata: nsMetaSchema,
  spec: z
    .object({
      podSelector: labelSelectorSchema
        .nullish()
        .transform((v) => v ?? { matchLabels: {}, matchExpressions: [] }),
      policyTypes: z.array(z.enum(['Ingress', 'Egress'])).optional(),
      ingress: arr(z.object({ from: arr(policyPeerSchema), ports: arr(policyPortSchema) })),
      egress: arr(z.object({ to: arr(policyPeerSchema), ports: arr(policyPortSchema) })),
    })
    // R10.1: policyTypes defaults to [Ingress], plus Egress when the policy has egress rules.
    .transform((s) => ({
      ...s,
      policyTypes:
        s.policyTypes && s.policyTypes.length > 0
          ? s.policyTypes
          : s.egress.length > 0
            ? (['Ingress', 'Egress'] as ('Ingress' | 'Egress')[])
            : (['Ingress'] as ('Ingress' | 'Egress')[]),
    })),
});
export type K8sNetworkPolicy = z.output<typeof networkPolicySchema>;

// ---------------------------------------------------------------------------------------------
// gateway.networking.k8s.io/v1
// ---------------------------------------------------------------------------------------------

export const gatewaySchema = z.object({
  apiVersion: z.literal('gateway.networking.k8s.io/v1'),
  kind: z.literal('Gateway'),
  metadata: nsMetaSchema,
  spec: z.object({
    gatewayClassName: z.string().min(1),
    listeners: z
      .array(
        z.object({
          name: z.string().min(1),
          hostname: z.string().optional(),
          port: portNumberSchema,
          protocol: z.enum(['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']),
          /**
           * GatewayTLSConfig: `mode` Terminate (default) or Passthrough (the TLS stream is not decrypted; a TLSRoute
           * routes on the ClientHello's SNI). `certificateRefs` are kept as written.
           */
          tls: z
            .object({
              mode: z.enum(['Terminate', 'Passthrough']).default('Terminate'),
              certificateRefs: arr(z.object({ name: z.string(), namespace: z.string().optional() }).loose()),
            })
            .optional(),
          /**
           * Which Routes may attach (Gateway API defaults: `namespaces.from: Same`; empty `kinds` = the kinds the
           * listener's protocol supports, HTTPRoute for HTTP/HTTPS).
           */
          allowedRoutes: z
            .object({
              namespaces: z
                .object({
                  from: z.enum(['Same', 'All', 'Selector']).default('Same'),
                  selector: labelSelectorSchema.optional(),
                })
                .nullish()
                .transform((v) => v ?? { from: 'Same' as const }),
              kinds: arr(
                z.object({ group: z.string().default('gateway.networking.k8s.io'), kind: z.string().min(1) }),
              ),
            })
            .nullish()
            .transform((v) => v ?? { namespaces: { from: 'Same' as const }, kinds: [] }),
        }),
      )
      .min(1, 'a Gateway needs at least one listener'),
  }),
  status: z
    .object({ addresses: arr(z.object({ type: z.string().optional(), value: z.string() })) })
    .nullish()
    .transform((v) => v ?? { addresses: [] }),
});
export type K8sGateway = z.output<typeof gatewaySchema>;

const httpPathMatchSchema = z
  .object({
    type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']).default('PathPrefix'),
    value: z.string().default('/'),
  })
  .nullish()
  .transform((v) => v ?? { type: 'PathPrefix' as const, value: '/' });

const httpRouteMatchSchema = z.object({
  path: httpPathMatchSchema,
  headers: arr(
    z.object({
      type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
      name: z.string(),
      value: z.string(),
    }),
  ),
  queryParams: arr(
    z.object({
      type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
      name: z.string(),
      value: z.string(),
    }),
  ),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']).optional(),
});

export const httpRouteSchema = z.object({
  apiVersion: z.literal('gateway.networking.k8s.io/v1'),
  kind: z.literal('HTTPRoute'),
  metadata: nsMetaSchema,
  spec: z.object({
    parentRefs: arr(
      z.object({
        group: z.string().optional(),
        kind: z.string().default('Gateway'),
        namespace: z.string().optional(),
        name: z.string().min(1),
        sectionName: z.string().optional(),
        port: portNumberSchema.optional(),
      }),
    ),
    hostnames: arr(z.string()),
    /** API default: one rule matching PathPrefix "/" (R8.3). */
    rules: z
      .array(
        z.object({
          name: z.string().optional(),
          // R8.3: a rule without matches behaves as PathPrefix "/".
          matches: z
            .array(httpRouteMatchSchema)
            .nullish()
            .transform((v) =>
              v && v.length > 0
                ? v
                : [{ path: { type: 'PathPrefix' as const, value: '/' }, headers: [], queryParams: [] }],
            ),
          filters: arr(z.object({ type: z.string() }).loose()),
          backendRefs: arr(
            z.object({
              group: z.string().default(''),
              kind: z.string().default('Service'),
              name: z.string().min(1),
              namespace: z.string().optional(),
              port: portNumberSchema.optional(),
              /** R8.6: default 1, 0 sends nothing. */
              weight: z.number().int().min(0).max(1000000).default(1),
            }),
          ),
        }),
      )
      .nullish()
      .transform(
        (v) =>
          v ?? [
            {
              matches: [{ path: { type: 'PathPrefix' as const, value: '/' }, headers: [], queryParams: [] }],
              filters: [],
              backendRefs: [],
            },
          ],
      ),
  }),
});
export type K8sHTTPRoute = z.output<typeof httpRouteSchema>;

const parentRefSchema = z.object({
  group: z.string().optional(),
  kind: z.string().default('Gateway'),
  namespace: z.string().optional(),
  name: z.string().min(1),
  sectionName: z.string().optional(),
  port: portNumberSchema.optional(),
});

const backendRefSchema = z.object({
  group: z.string().default(''),
  kind: z.string().default('Service'),
  name: z.string().min(1),
  namespace: z.string().optional(),
  port: portNumberSchema.optional(),
  /** Default 1, 0 sends nothing. */
  weight: z.number().int().min(0).max(1000000).default(1),
});

/**
 * GRPCMethodMatch (apis/v1/grpcroute_types.go): `type` Exact (default) | RegularExpression; at least one of
 * `service` / `method`; an Exact service must match `^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$` and an Exact
 * method `^[A-Za-z_][A-Za-z_0-9]*$` (the CRD's CEL validations).
 */
const grpcMethodMatchSchema = z
  .object({
    type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
    service: z.string().max(1024).optional(),
    method: z.string().max(1024).optional(),
  })
  .refine((m) => (m.service ?? '') !== '' || (m.method ?? '') !== '', {
    message: "One or both of 'service' or 'method' must be specified",
  })
  .refine(
    (m) =>
      m.type !== 'Exact' ||
      m.service === undefined ||
      /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i.test(m.service),
    {
      message:
        'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)',
    },
  )
  .refine((m) => m.type !== 'Exact' || m.method === undefined || /^[A-Za-z_][A-Za-z_0-9]*$/.test(m.method), {
    message: 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)',
  });

/** GRPCRoute (gateway.networking.k8s.io/v1): route gRPC requests by hostname, service/method and headers. */
export const grpcRouteSchema = z.object({
  apiVersion: z.literal('gateway.networking.k8s.io/v1'),
  kind: z.literal('GRPCRoute'),
  metadata: nsMetaSchema,
  spec: z.object({
    parentRefs: arr(parentRefSchema),
    hostnames: arr(z.string()),
    rules: arr(
      z.object({
        name: z.string().optional(),
        /** No matches = every gRPC request (one empty match). */
        matches: z
          .array(
            z.object({
              method: grpcMethodMatchSchema.optional(),
              headers: arr(
                z.object({
                  type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
                  name: z.string().min(1),
                  value: z.string().min(1),
                }),
              ),
            }),
          )
          .nullish()
          .transform((v) => (v && v.length > 0 ? v : [{ headers: [] }])),
        filters: arr(z.object({ type: z.string() }).loose()),
        backendRefs: arr(backendRefSchema),
      }),
    ),
  }),
});
export type K8sGRPCRoute = z.output<typeof grpcRouteSchema>;

/**
 * TLSRoute (gateway.networking.k8s.io/v1; v1alpha2 and v1alpha3 are read the same way): routes a TLS stream by the
 * ClientHello's SNI on a listener with protocol TLS; no L7 inspection.
 */
export const tlsRouteSchema = z.object({
  apiVersion: z.enum([
    'gateway.networking.k8s.io/v1',
    'gateway.networking.k8s.io/v1alpha3',
    'gateway.networking.k8s.io/v1alpha2',
  ]),
  kind: z.literal('TLSRoute'),
  metadata: nsMetaSchema,
  spec: z.object({
    parentRefs: arr(parentRefSchema),
    hostnames: arr(z.string()),
    rules: arr(z.object({ name: z.string().optional(), backendRefs: arr(backendRefSchema) })),
  }),
});
export type K8sTLSRoute = z.output<typeof tlsRouteSchema>;

/**
 * ReferenceGrant (Gateway API, standard channel; `v1beta1` is the storage version, `v1` is served too): lives in
 * the namespace of the referenced object and lets objects of `from` kinds in `from` namespaces refer to `to` kinds
 * of its own namespace (all of them, or only `name`). Entries of `from` and of `to` are ORed; an empty `group`
 * is the core API group (apis/v1/referencegrant_types.go).
 */
export const referenceGrantSchema = z.object({
  apiVersion: z.enum(['gateway.networking.k8s.io/v1beta1', 'gateway.networking.k8s.io/v1']),
  kind: z.literal('ReferenceGrant'),
  metadata: nsMetaSchema,
  spec: z.object({
    from: z
      .array(z.object({ group: z.string(), kind: z.string().min(1), namespace: z.string().min(1) }))
      .min(1, 'a ReferenceGrant needs at least one from entry')
      .max(16, 'a ReferenceGrant has at most 16 from entries'),
    to: z
      .array(z.object({ group: z.string(), kind: z.string().min(1), name: z.string().optional() }))
      .min(1, 'a ReferenceGrant needs at least one to entry')
      .max(16, 'a ReferenceGrant has at most 16 to entries'),
  }),
});
export type K8sReferenceGrant = z.output<typeof referenceGrantSchema>;

const mtlsModeSchema = z.object({
  mode: z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']).default('UNSET'),
});

/**
 * Istio PeerAuthentication (security.istio.io v1, and v1beta1 which maps 1:1): which traffic a sidecar accepts on
 * its inbound listener (R14.6). In the root namespace (istio-system) without a selector it is mesh-wide; without a
 * selector elsewhere namespace-wide; with `selector.matchLabels` it applies to those workloads, and only there may
 * `portLevelMtls` (keyed by the workload's port) override the mode (istio/api security/v1beta1/peer_authentication.proto).
 */
export const peerAuthenticationSchema = z.object({
  apiVersion: z.enum(['security.istio.io/v1', 'security.istio.io/v1beta1']),
  kind: z.literal('PeerAuthentication'),
  metadata: nsMetaSchema,
  spec: z
    .object({
      selector: z.object({ matchLabels: labelsSchema }).nullish(),
      mtls: mtlsModeSchema.nullish(),
      portLevelMtls: z
        .record(z.string().regex(/^\d+$/, 'a portLevelMtls key is a port number'), mtlsModeSchema)
        .nullish(),
    })
    .nullish()
    .transform((v) => v ?? {}),
});
export type K8sPeerAuthentication = z.output<typeof peerAuthenticationSchema>;

// ---------------------------------------------------------------------------------------------
// The Scenario document (strict)
// ---------------------------------------------------------------------------------------------

/** `namespace/name` reference text. */
const nsNameSchema = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/,
    'must be namespace/name, e.g. shop/backend',
  );

export const CNI_PLUGINS = ['flannel', 'calico', 'canal', 'cilium', 'aws-vpc-cni'] as const;
/** Allowed `cni.mode` per plugin; the first is the plugin's default (resolved in buildModel). */
export const CNI_MODES: Record<(typeof CNI_PLUGINS)[number], readonly string[]> = {
  flannel: ['vxlan', 'host-gw'],
  calico: ['ipip', 'bgp', 'vxlan'],
  /** Canal: Calico's CNI plugin and policy (cali* veths, /32 routes, no bridge) over Flannel's VXLAN overlay. */
  canal: ['vxlan'],
  cilium: ['tunnel', 'native'],
  'aws-vpc-cni': ['native'],
};

const portProtoText = z
  .string()
  .regex(/^\d{1,5}\/(TCP|UDP|SCTP)$/, 'must be "<port>/<TCP|UDP|SCTP>", e.g. "5432/TCP"')
  .refine((s) => {
    const n = Number(s.slice(0, s.indexOf('/')));
    return n >= 1 && n <= 65535;
  }, 'port must be between 1 and 65535');

const requestFromSchema = z.union([
  z.strictObject({ pod: nsNameSchema, container: z.string().min(1).optional() }),
  z.strictObject({ node: z.string().min(1) }),
  z.strictObject({ external: z.strictObject({ name: z.string().min(1), ip: ipSchema }) }),
]);

const requestToSchema = z.union([
  z.strictObject({
    url: z.string().regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, 'must be an absolute URL like http://backend/'),
  }),
  z.strictObject({
    host: z.string().min(1),
    port: portNumberSchema,
    protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  }),
  z.strictObject({
    ip: ipSchema,
    port: portNumberSchema.optional(),
    protocol: z.enum(['TCP', 'UDP', 'SCTP', 'ICMP']).default('TCP'),
  }),
]);

/**
 * A link narrower than the interfaces on either side of it (R15.6): an IP hop (`router`: a VPN gateway, a cloud
 * gateway, a firewall) or a layer-2 segment (`switch`: a hypervisor bridge, a provider network that is itself an
 * overlay). A router drops a DF packet that does not fit and answers ICMP "fragmentation needed" (type 3 code 4),
 * which may be filtered on its way back; a switch drops an oversized frame and never answers.
 */
export const narrowLinkSchema = z.strictObject({
  /** What the link is, in the explanations (e.g. "the site-to-site VPN"). */
  name: z.string().min(1).default('the narrow link'),
  mtu: z.number().int().min(576).max(65535),
  device: z.enum(['router', 'switch']).default('router'),
  /** Whether the router's ICMP type 3 code 4 reaches the sender (a security group or firewall may drop it). */
  icmpFragNeeded: z.enum(['returned', 'filtered']).default('returned'),
  /**
   * The router clamps the MSS of SYNs it forwards to its own link (`iptables -t mangle -A FORWARD -p tcp
   * --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`): both ends then send segments that fit.
   */
  clampsMss: z.boolean().default(false),
});
export type NarrowLink = z.output<typeof narrowLinkSchema>;

export const requestSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a request id is lower-case kebab-case, e.g. main'),
    from: requestFromSchema,
    to: requestToSchema.optional(),
    method: z.string().default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    /**
     * A gRPC call (HTTP/2 POST to `/<service>/<method>`, content-type application/grpc): a Gateway routes it with
     * its GRPCRoutes; `headers` are the call's metadata. `service` is the fully-qualified name (package.Service).
     */
    grpc: z
      .strictObject({
        service: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z_0-9.]*$/, 'a fully-qualified gRPC service, e.g. shop.v1.Cart'),
        method: z.string().regex(/^[A-Za-z_][A-Za-z_0-9]*$/, 'a gRPC method name, e.g. GetCart'),
      })
      .optional(),
    /**
     * The TLS ClientHello's server_name (SNI, RFC 6066). Default: the URL's or `to.host`'s name when TLS is spoken
     * (https, or port 443); never an IP literal. A TLS-passthrough Gateway listener routes on it.
     */
    sni: z.string().min(1).optional(),
    requestNumberInWindow: z.number().int().min(1).default(1),
    /**
     * Dual-stack (R13.4): the address family the client asks its resolver for (`curl -4` / `curl -6`, getaddrinfo
     * with AF_INET / AF_INET6). Unset = AF_UNSPEC: A and AAAA are both asked and the client connects to the
     * first address of the sorted answer (see `resolver`).
     */
    ipFamily: z.enum(IP_FAMILIES).optional(),
    /**
     * Which stub resolver sorts the answer (R13.4): glibc (Debian/Ubuntu/RHEL images; RFC 3484 default policy
     * table: IPv6 incl. ULA before IPv4), musl (Alpine) or Go's resolver (RFC 6724 table: ULA fc00::/7 precedence
     * 3 is below IPv4's 35, so IPv4 comes first when the IPv6 address is a ULA). Unset = glibc.
     */
    resolver: z.enum(['glibc', 'musl', 'go']).optional(),
    /**
     * The client opens the TCP connection and sends nothing (an L4 question: `nc -z`, an LB's TCP health
     * check). An L7 proxy on the way accepts it at its socket; no HTTP routing happens.
     */
    tcpOnly: z.boolean().default(false),
    /**
     * TCP payload bytes the server sends back (e.g. an HTTP response with its headers). With `requestBytes`, it
     * turns on the MTU check of the path (R15): segment sizes from each side's MSS, the links' MTUs, PMTU discovery.
     */
    responseBytes: z.number().int().min(0).max(1_000_000_000).optional(),
    /** TCP payload bytes the client sends (e.g. an upload). */
    requestBytes: z.number().int().min(0).max(1_000_000_000).optional(),
    /** An external client's own interface MTU (default 1500). */
    clientMtu: z.number().int().min(576).max(65535).optional(),
    /** A narrow link between an external client and the cluster (a VPN, a tunnel). */
    clientPath: narrowLinkSchema.optional(),
    entryNode: z.string().optional(),
    packet: z
      .strictObject({
        src: ipSchema,
        dst: ipSchema,
        srcPort: portNumberSchema.optional(),
        dstPort: portNumberSchema.optional(),
        protocol: z.enum(['TCP', 'UDP', 'SCTP', 'ICMP']).default('TCP'),
        arrivesAt: z.string().optional(),
        sourceKind: z.enum(['external', 'pod', 'node']).default('external'),
      })
      .optional(),
  })
  .refine((r) => (r.to === undefined) !== (r.packet === undefined), {
    message: 'a request needs exactly one of `to` (a new connection) or `packet` (a raw packet)',
  })
  .refine((r) => (r.clientPath === undefined && r.clientMtu === undefined) || 'external' in r.from, {
    message:
      '`clientPath` and `clientMtu` describe an external client: use them with `from: { external: … }`',
    path: ['clientPath'],
  });
export type ScenarioRequest = z.output<typeof requestSchema>;

const clusterSchema = z.strictObject({
  domain: z.string().min(1).default('cluster.local'),
  podCIDR: cidrSchema.default('10.244.0.0/16'),
  serviceCIDR: cidrSchema.default('10.96.0.0/12'),
  /**
   * Dual-stack (R13.1): kube-apiserver `--service-cluster-ip-range` and kube-controller-manager `--cluster-cidr` as
   * lists, primary family first (at most one CIDR per family). When set, the first entry is the cluster's
   * serviceCIDR / podCIDR and the families listed are the ones Services may use.
   */
  serviceCIDRs: z.array(cidrSchema).max(2).optional(),
  podCIDRs: z.array(cidrSchema).max(2).optional(),
  underlay: z.strictObject({ cidr: cidrSchema, gateway: ipSchema.optional() }).optional(),
  /**
   * MTUs (R15). `node`: the nodes' NIC MTU (eth0; 1500, 9001 on AWS). `pod`: the Pod MTU when set by hand (Flannel's
   * CNI `delegate.mtu`, Calico's `veth_mtu`, Cilium's `MTU`), else what the CNI computes from `node` (R15.2).
   * `underlay`: a link between the nodes narrower than their NICs.
   */
  mtu: z
    .strictObject({
      node: z.number().int().min(576).max(65535).default(1500),
      pod: z.number().int().min(576).max(65535).optional(),
      underlay: narrowLinkSchema.optional(),
    })
    .optional(),
  dnsService: nsNameSchema.default('kube-system/kube-dns'),
  /** `--service-node-port-range` of the apiserver (R4.1), "min-max". */
  nodePortRange: z
    .string()
    .refine(
      (v) => parseNodePortRange(v) !== undefined,
      'must be "min-max" with 1 <= min <= max <= 65535, e.g. "30000-32767"',
    )
    .default('30000-32767'),
  cni: z
    .strictObject({
      plugin: z.enum(CNI_PLUGINS).default('flannel'),
      /** Default per plugin (first of CNI_MODES[plugin]); resolved in buildModel. */
      mode: z.enum(['vxlan', 'host-gw', 'bgp', 'ipip', 'tunnel', 'native']).optional(),
      crossSubnet: z.boolean().default(false),
      hairpinMode: z.boolean().default(true),
      masqueradeOutbound: z.boolean().default(true),
    })
    .refine((c) => c.mode === undefined || CNI_MODES[c.plugin].includes(c.mode), {
      message:
        'cni.mode is not valid for this plugin (flannel: vxlan|host-gw · calico: ipip|bgp|vxlan · cilium: tunnel|native · aws-vpc-cni: native)',
      path: ['mode'],
    })
    .default({ plugin: 'flannel', crossSubnet: false, hairpinMode: true, masqueradeOutbound: true }),
  serviceDataplane: z
    .strictObject({
      mode: z.enum(['iptables', 'nftables', 'ipvs', 'cilium']).default('iptables'),
      masqueradeAll: z.boolean().default(false),
      localTrafficDetector: z.enum(['ClusterCIDR', 'None']).default('ClusterCIDR'),
      nodePortAddresses: z.array(cidrSchema).default([]),
      localhostNodePorts: z.boolean().default(true),
      ipvsScheduler: z.enum(['rr', 'lc', 'dh', 'sh', 'sed', 'nq', 'wrr', 'wlc']).default('rr'),
      ipvsUnknownPort: z.enum(['refused', 'dropped']).default('refused'),
      cilium: z
        .strictObject({
          socketLB: z.boolean().default(true),
          lbMode: z.enum(['snat', 'dsr', 'hybrid']).default('snat'),
        })
        .default({ socketLB: true, lbMode: 'snat' }),
    })
    .default({
      mode: 'iptables',
      masqueradeAll: false,
      localTrafficDetector: 'ClusterCIDR',
      nodePortAddresses: [],
      localhostNodePorts: true,
      ipvsScheduler: 'rr',
      ipvsUnknownPort: 'refused',
      cilium: { socketLB: true, lbMode: 'snat' },
    }),
  networkPolicy: z
    .strictObject({
      enforced: z.boolean().default(false),
      denyAction: z.enum(['drop', 'reject']).default('drop'),
      policySeesPreNatSource: z.boolean().default(false),
      /**
       * Where the plugin evaluates ingress policy relative to the node's NAT (R10.6). `plugin` = the plugin's
       * own: Calico/Canal (iptables) filter FORWARD, after kube-proxy's DNAT and before the MASQUERADE of the
       * node that hosts the Pod → `before-masquerade`; Cilium, AWS VPC CNI and others at the Pod's interface,
       * after it → `after-snat`. `policySeesPreNatSource: true` overrides both (sees the original client).
       */
      enforcementPoint: z.enum(['plugin', 'before-masquerade', 'after-snat']).default('plugin'),
    })
    .default({
      enforced: false,
      denyAction: 'drop',
      policySeesPreNatSource: false,
      enforcementPoint: 'plugin',
    }),
});

const authSchema = z.strictObject({
  type: z.enum(['none', 'key-auth', 'jwt', 'authorizer']).default('none'),
  header: z.string().optional(),
  validKeys: z.array(z.string()).default([]),
});

const apiGatewaySchema = z
  .strictObject({
    name: z.string().min(1),
    placement: z.enum(['in-cluster', 'front']),
    service: nsNameSchema.optional(),
    publicHost: z.string().optional(),
    vpcLink: z.strictObject({ loadBalancer: nsNameSchema }).optional(),
    stagePrefix: z.string().optional(),
    stripStagePrefix: z.boolean().default(false),
    routes: z
      .array(
        z.strictObject({
          path: z.string().startsWith('/', 'a route path starts with /'),
          methods: z.array(z.string()).default([]),
          backend: z.strictObject({ service: nsNameSchema, port: portNumberSchema }).optional(),
          auth: authSchema.default({ type: 'none', validKeys: [] }),
          rateLimit: z
            .strictObject({
              perMinute: z.number().int().min(0).optional(),
              perSecond: z.number().int().min(0).optional(),
            })
            .optional(),
        }),
      )
      .default([]),
  })
  .refine((g) => g.placement !== 'in-cluster' || g.service !== undefined, {
    message: 'an in-cluster API gateway needs `service` (the Service in front of its proxy Pods)',
    path: ['service'],
  })
  .refine((g) => g.placement !== 'front' || g.publicHost !== undefined, {
    message: 'a front API gateway needs `publicHost` (the name clients use)',
    path: ['publicHost'],
  });

export const scenarioSpecSchema = z.strictObject({
  title: z.string().min(1),
  prompt: z.string().default(''),
  topic: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a topic is a question-bank topic slug')
    .optional(),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  level: z.enum(['textbook', 'coarse', 'wire']).default('coarse'),
  askDisposition: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
  cluster: clusterSchema.default(() => clusterSchema.parse({})),
  publicDns: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        a: z.array(ipSchema).default([]),
        cname: z.string().optional(),
      }),
    )
    .default([]),
  externalHosts: z
    .array(
      z.strictObject({ name: z.string().min(1), ip: ipSchema, listens: z.array(portProtoText).default([]) }),
    )
    .default([]),
  listeners: z
    .array(
      z.strictObject({
        pod: nsNameSchema,
        container: z.string().min(1).optional(),
        address: z.union([ipSchema, z.literal('*')]).default('0.0.0.0'),
        port: portNumberSchema,
        protocol: z.enum(PROTOCOLS).default('TCP'),
        listening: z.boolean().default(true),
      }),
    )
    .default([]),
  cloudLoadBalancers: z
    .array(
      z.strictObject({
        service: nsNameSchema,
        targetType: z.enum(['instance', 'ip']).default('instance'),
        delivery: z.enum(['nodePort', 'vip']).default('nodePort'),
        preservesClientIP: z.boolean().default(true),
        healthCheck: z.boolean().default(true),
        /**
         * The LB's own addresses in the VPC (an NLB has one per subnet/AZ; status.loadBalancer.ingress shows only
         * its hostname). Set for a layer-4 LB (NLB) that does not terminate TCP: with preservesClientIP false its
         * targets see the private IP of the LB node in their subnet, and an internal LB is reached at them.
         * Without it, preservesClientIP false means a proxy that terminates TCP.
         */
        privateIPs: z.array(ipSchema).max(16).default([]),
      }),
    )
    .default([]),
  ingressControllers: z
    .array(
      z.strictObject({
        class: z.string().min(1),
        implementation: z.enum(['ingress-nginx', 'traefik', 'haproxy', 'aws-alb']).default('ingress-nginx'),
        service: nsNameSchema,
        upstream: z.enum(['endpoints', 'service']).default('endpoints'),
        /** §F: ingress-nginx tries exact server names before the wildcard regex (R7.3). */
        hostPrecedence: z.enum(['exactBeforeWildcard']).default('exactBeforeWildcard'),
      }),
    )
    .default([]),
  gatewayImplementations: z
    .array(
      z.strictObject({
        gateway: nsNameSchema,
        service: nsNameSchema,
        upstream: z.enum(['endpoints', 'service']).default('endpoints'),
        /** §F: hostname precedence before match precedence (spec text, R8.1). */
        hostnamePrecedenceFirst: z.boolean().default(true),
      }),
    )
    .default([]),
  apiGateways: z.array(apiGatewaySchema).default([]),
  requests: z.array(requestSchema).min(1, 'a scenario needs at least one request (the first is traced)'),
});
export type ScenarioSpec = z.output<typeof scenarioSpecSchema>;

export const SCENARIO_API_VERSION = 'packetpath.dev/v1alpha1';

export const scenarioDocSchema = z.strictObject({
  apiVersion: z.literal(SCENARIO_API_VERSION),
  kind: z.literal('Scenario'),
  metadata: z.strictObject({
    name: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'metadata.name is the scenario id: kebab-case, e.g. s06-clusterip',
      ),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: scenarioSpecSchema,
});
export type ScenarioDoc = z.output<typeof scenarioDocSchema>;

// ---------------------------------------------------------------------------------------------
// Registry of supported kinds and the validated input
// ---------------------------------------------------------------------------------------------

/** Every supported `apiVersion` + `kind`, with its schema and the ScenarioInput collection it goes to. */
export const KIND_SCHEMAS = {
  'v1/Namespace': { schema: namespaceSchema, collection: 'namespaces', namespaced: false },
  'v1/Node': { schema: nodeSchema, collection: 'nodes', namespaced: false },
  'v1/Pod': { schema: podSchema, collection: 'pods', namespaced: true },
  'v1/Service': { schema: serviceSchema, collection: 'services', namespaced: true },
  'discovery.k8s.io/v1/EndpointSlice': {
    schema: endpointSliceSchema,
    collection: 'endpointSlices',
    namespaced: true,
  },
  'discovery.k8s.io/v1beta1/EndpointSlice': {
    schema: endpointSliceV1beta1Schema,
    collection: 'endpointSlices',
    namespaced: true,
  },
  'networking.k8s.io/v1/Ingress': { schema: ingressSchema, collection: 'ingresses', namespaced: true },
  'networking.k8s.io/v1/IngressClass': {
    schema: ingressClassSchema,
    collection: 'ingressClasses',
    namespaced: false,
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    schema: networkPolicySchema,
    collection: 'networkPolicies',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1/Gateway': { schema: gatewaySchema, collection: 'gateways', namespaced: true },
  'gateway.networking.k8s.io/v1/HTTPRoute': {
    schema: httpRouteSchema,
    collection: 'httpRoutes',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1/GRPCRoute': {
    schema: grpcRouteSchema,
    collection: 'grpcRoutes',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1/TLSRoute': {
    schema: tlsRouteSchema,
    collection: 'tlsRoutes',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1alpha3/TLSRoute': {
    schema: tlsRouteSchema,
    collection: 'tlsRoutes',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1alpha2/TLSRoute': {
    schema: tlsRouteSchema,
    collection: 'tlsRoutes',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1beta1/ReferenceGrant': {
    schema: referenceGrantSchema,
    collection: 'referenceGrants',
    namespaced: true,
  },
  'gateway.networking.k8s.io/v1/ReferenceGrant': {
    schema: referenceGrantSchema,
    collection: 'referenceGrants',
    namespaced: true,
  },
  'security.istio.io/v1/PeerAuthentication': {
    schema: peerAuthenticationSchema,
    collection: 'peerAuthentications',
    namespaced: true,
  },
  'security.istio.io/v1beta1/PeerAuthentication': {
    schema: peerAuthenticationSchema,
    collection: 'peerAuthentications',
    namespaced: true,
  },
} as const;
export type SupportedKindKey = keyof typeof KIND_SCHEMAS;

/**
 * The validated, defaulted input of the engine: the Scenario document plus the Kubernetes objects by kind,
 * in file order. Produced by `parseScenario` (or `inputFromObjects` for programmatic construction).
 */
export interface ScenarioInput {
  /** Source file name (for messages). */
  file: string;
  scenario: ScenarioDoc;
  namespaces: K8sNamespace[];
  nodes: K8sNode[];
  pods: K8sPod[];
  services: K8sService[];
  endpointSlices: K8sEndpointSlice[];
  ingresses: K8sIngress[];
  ingressClasses: K8sIngressClass[];
  networkPolicies: K8sNetworkPolicy[];
  gateways: K8sGateway[];
  httpRoutes: K8sHTTPRoute[];
  grpcRoutes: K8sGRPCRoute[];
  tlsRoutes: K8sTLSRoute[];
  referenceGrants: K8sReferenceGrant[];
  peerAuthentications: K8sPeerAuthentication[];
}

/** Input (pre-default) shape of the Scenario document: what a YAML author may write. */
export type ScenarioDocInput = z.input<typeof scenarioDocSchema>;

/** Validate CIDR text (re-exported for callers that want a boolean). */
export { isCidr };
