/**
 * `parseScenario`: multi-document scenario YAML → validated `ScenarioInput`, or every problem at once.
 *
 * Every issue carries file, 1-based line and column, the field path inside its document and an actionable
 * message. Positions come from the `yaml` CST (parseAllDocuments + LineCounter + node ranges): a zod issue
 * path is walked back through the YAML AST to the node it names (or its deepest existing ancestor when the
 * field is missing).
 *
 * Severity policy (documented in docs/scenario-format.md "Validation"):
 *  - errors: anything the API server would reject (bad IPs/CIDRs/ports, NodePort outside 30000-32767,
 *    ClusterIP outside the Service CIDR (NodePort range: spec.cluster.nodePortRange), unnamed ports of a multi-port Service, duplicate names/IPs/NodePorts)
 *    and any reference the engine cannot resolve (request source, Pod node, Scenario objects naming Services).
 *  - warnings: plausible-but-suspicious configurations (a Pod IP outside the Pod CIDR or its node's podCIDR —
 *    CNIs such as aws-vpc-cni use VPC addresses; an EndpointSlice for an unknown Service; a missing DNS
 *    Service). A missing Ingress/HTTPRoute backend is neither: it is an outcome (503/500, R7.9, R8.5).
 *
 * Never throws: an unexpected exception becomes an `internal_error` issue.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { cidrContains, isIPv4, isIPv6, parseCidr, type Cidr } from './ip';
import { clusterServiceFamilies, initIPFamilyFields } from './ip-families';
import { mirrorEndpoints, SKIP_MIRROR_LABEL } from './mirror';
import {
  endpointsSchema,
  KIND_SCHEMAS,
  NODEPORT_RANGE,
  parseNodePortRange,
  SCENARIO_API_VERSION,
  scenarioDocSchema,
  type K8sEndpoints,
  type K8sService,
  type ScenarioDoc,
  type ScenarioInput,
  type SupportedKindKey,
} from './schema';

export type IssueCode =
  | 'yaml_syntax'
  | 'not_an_object'
  | 'unknown_kind'
  | 'missing_scenario'
  | 'duplicate_scenario'
  | 'schema'
  | 'port_range'
  | 'nodeport_range'
  | 'duplicate_object'
  | 'duplicate_ip'
  | 'duplicate_port'
  | 'unknown_reference'
  | 'wrong_reference_type'
  | 'outside_cidr'
  | 'invalid_service'
  | 'invalid_pod'
  | 'invalid_ingress'
  | 'invalid_endpointslice'
  | 'invalid_request'
  | 'limit'
  | 'internal_error';

export interface ScenarioIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Field path inside the document, e.g. `spec.ports[0].nodePort` (prefixed with `items[i].` inside a List). */
  path: string;
  code: IssueCode;
  message: string;
  severity: 'error' | 'warning';
}

export type ParseResult =
  { ok: true; input: ScenarioInput; warnings: ScenarioIssue[] } | { ok: false; issues: ScenarioIssue[] };

export type PathSeg = string | number;
export type Locate = (path: readonly PathSeg[], at?: 'key' | 'value') => { line: number; column: number };

/** One top-level object (document, or item of a `kind: List`) with a way to locate its fields. */
export interface Located {
  value: unknown;
  /** Path prefix inside the document (`items`, i for List items). */
  prefix: PathSeg[];
  locate: Locate;
}

const SUPPORTED = [...Object.keys(KIND_SCHEMAS), 'v1/Endpoints', `${SCENARIO_API_VERSION}/Scenario`]
  .map((k) => {
    const i = k.lastIndexOf('/');
    return `${k.slice(0, i)} ${k.slice(i + 1)}`;
  })
  .join(', ');

function pathText(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parse and validate a scenario file. Never throws.
 * @param text the YAML text (one or more documents)
 * @param file the file name used in issues
 */
export function parseScenario(text: string, file = 'scenario.yaml'): ParseResult {
  try {
    const { located, issues } = readDocuments(text, file);
    return validate(located, file, issues);
  } catch (e) {
    return { ok: false, issues: [internalIssue(file, e)] };
  }
}

/**
 * The YAML documents of `text` (a `kind: List` unwrapped into its items), each with a way to locate its fields,
 * plus the YAML syntax errors. Throws only on an internal error (callers catch).
 */
export function readDocuments(text: string, file: string): { located: Located[]; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];
  {
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    const pos = (offset: number) => {
      const p = lineCounter.linePos(offset);
      return { line: p.line, column: p.col };
    };
    const located: Located[] = [];
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        for (const err of doc.errors) {
          const lp = err.linePos?.[0] ?? pos(err.pos[0]);
          const line = 'line' in lp ? lp.line : 1;
          const column = 'col' in lp ? lp.col : 'column' in lp ? lp.column : 1;
          issues.push({
            file,
            line,
            column,
            path: '',
            code: 'yaml_syntax',
            message: `YAML syntax error: ${err.message.split('\n')[0]}`,
            severity: 'error',
          });
        }
        continue;
      }
      const root = doc.contents;
      if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) continue; // empty document
      const docStart = root.range?.[0] ?? 0;
      const locate: Locate = (path, at = 'value') => {
        let node: unknown = root;
        let best = node;
        let bestKey: unknown;
        for (const seg of path) {
          if (isMap(node)) {
            const pair = node.items.find(
              (p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
            );
            if (!pair) break;
            bestKey = pair.key;
            node = pair.value;
            best = node ?? pair.key;
          } else if (isSeq(node) && typeof seg === 'number') {
            const item = node.items[seg];
            if (item === undefined) break;
            bestKey = undefined;
            node = item;
            best = node;
          } else break;
        }
        const target = at === 'key' && bestKey ? bestKey : best;
        const range = (target as { range?: [number, number, number] } | null)?.range;
        return pos(range ? range[0] : docStart);
      };
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        const p = pos(docStart);
        issues.push({
          file,
          ...p,
          path: '',
          code: 'yaml_syntax',
          message: `YAML error: ${(e as Error).message}`,
          severity: 'error',
        });
        continue;
      }
      if (isObj(value) && value.kind === 'List' && Array.isArray(value.items)) {
        // `kind: List` (kubectl get -o yaml of several objects) is unwrapped.
        value.items.forEach((item, i) => {
          const prefix: PathSeg[] = ['items', i];
          located.push({ value: item, prefix, locate: (p, at) => locate([...prefix, ...p], at) });
        });
      } else {
        located.push({ value, prefix: [], locate });
      }
    }
    return { located, issues };
  }
}

/**
 * Validate already-parsed objects (e.g. built programmatically by a test or benchmark) with the same rules
 * as `parseScenario`; issues then carry line 1, column 1 and the object's path. Never throws.
 */
export function inputFromObjects(objects: readonly unknown[], file = 'objects'): ParseResult {
  try {
    const located: Located[] = objects.map((value, i) => ({
      value,
      prefix: [],
      locate: () => ({ line: 1, column: i + 1 }),
    }));
    return validate(located, file, []);
  } catch (e) {
    return { ok: false, issues: [internalIssue(file, e)] };
  }
}

export function internalIssue(file: string, e: unknown): ScenarioIssue {
  return {
    file,
    line: 1,
    column: 1,
    path: '',
    code: 'internal_error',
    message: `internal error while validating (please report): ${e instanceof Error ? e.message : String(e)}`,
    severity: 'error',
  };
}

/** Turn a zod issue into a located ScenarioIssue (or several, for unrecognized keys). */
function zodIssues(obj: Located, who: string, zi: z.core.$ZodIssue, file: string): ScenarioIssue[] {
  const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
  const full = [...obj.prefix, ...path];
  if (zi.code === 'unrecognized_keys') {
    return zi.keys.map((k) => ({
      file,
      ...obj.locate([...path, k], 'key'),
      path: pathText([...full, k]),
      code: 'schema' as const,
      message: `${who}: unknown field "${k}" (the Scenario document is strict; check the spelling against docs/scenario-format.md)`,
      severity: 'error' as const,
    }));
  }
  let message = zi.message;
  let at: 'key' | 'value' = 'value';
  const missing = path.length > 0 && valueAt(obj.value, path) === undefined;
  const allowed =
    zi.code === 'invalid_value' && 'values' in zi
      ? (zi.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')
      : undefined;
  if (missing && (zi.code === 'invalid_type' || zi.code === 'invalid_value' || zi.code === 'invalid_union')) {
    message = `required field "${String(path[path.length - 1])}" is missing${allowed ? ` (one of ${allowed})` : ''}`;
    at = 'key';
  } else if (zi.code === 'invalid_union') {
    message = unionHint(path) ?? 'value does not match any allowed form';
  } else if (allowed !== undefined && zi.message.startsWith('Invalid')) {
    message = `must be one of ${allowed}`;
  }
  const code = /NodePort range/.test(message)
    ? 'nodeport_range'
    : /port must be between|port number/.test(message)
      ? 'port_range'
      : 'schema';
  return [
    {
      file,
      ...obj.locate(path, at),
      path: pathText(full),
      code,
      message: `${who}: ${pathText(path) || 'document'}: ${message}`,
      severity: 'error',
    },
  ];
}

/** The plain value at `path` inside a parsed document (undefined when absent). */
function valueAt(root: unknown, path: readonly PathSeg[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function unionHint(path: readonly PathSeg[]): string | undefined {
  const last = path[path.length - 1];
  if (last === 'from')
    return 'must be one of { pod: ns/name, container?: name } | { node: name } | { external: { name, ip } }';
  if (last === 'to')
    return 'must be one of { url: http://… } | { host, port, protocol? } | { ip, port?, protocol? }';
  if (last === 'targetPort' || last === 'port')
    return 'must be a port number 1-65535 or a port name (IANA_SVC_NAME)';
  if (last === 'clusterIP') return 'must be an IP address or "None" (headless)';
  return undefined;
}

export function validate(located: Located[], file: string, issues: ScenarioIssue[]): ParseResult {
  const err = (
    loc: Located,
    path: PathSeg[],
    code: IssueCode,
    message: string,
    at: 'key' | 'value' = 'value',
  ) =>
    issues.push({
      file,
      ...loc.locate(path, at),
      path: pathText([...loc.prefix, ...path]),
      code,
      message,
      severity: 'error',
    });
  const warn = (loc: Located, path: PathSeg[], code: IssueCode, message: string) =>
    issues.push({
      file,
      ...loc.locate(path),
      path: pathText([...loc.prefix, ...path]),
      code,
      message,
      severity: 'warning',
    });

  const out: Omit<ScenarioInput, 'scenario'> & { scenario?: ScenarioDoc } = {
    file,
    namespaces: [],
    nodes: [],
    pods: [],
    services: [],
    endpointSlices: [],
    ingresses: [],
    ingressClasses: [],
    networkPolicies: [],
    gateways: [],
    httpRoutes: [],
    grpcRoutes: [],
    tlsRoutes: [],
    referenceGrants: [],
    peerAuthentications: [],
  };
  // Locations parallel to `out` collections, for cross-object checks.
  const locs = new Map<object, Located>();
  let scenarioLoc: Located | undefined;
  // core/v1 Endpoints: mirrored into EndpointSlices once every Service is known (mirror.ts).
  const endpointsObjs: { ep: K8sEndpoints; loc: Located }[] = [];

  for (const loc of located) {
    const v = loc.value;
    if (!isObj(v)) {
      err(
        loc,
        [],
        'not_an_object',
        'each document must be a Kubernetes object (a mapping with apiVersion and kind)',
      );
      continue;
    }
    const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : undefined;
    const kind = typeof v.kind === 'string' ? v.kind : undefined;
    if (!apiVersion || !kind) {
      err(
        loc,
        [],
        'unknown_kind',
        `object without ${!apiVersion ? 'apiVersion' : 'kind'}; supported: ${SUPPORTED}`,
        'key',
      );
      continue;
    }
    const name = isObj(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : '?';
    if (kind === 'Scenario' && apiVersion === SCENARIO_API_VERSION) {
      const who = `Scenario ${name}`;
      if (scenarioLoc) {
        err(
          loc,
          ['kind'],
          'duplicate_scenario',
          `a second Scenario document (${name}); a file holds exactly one`,
        );
        continue;
      }
      scenarioLoc = loc;
      const r = scenarioDocSchema.safeParse(v);
      if (!r.success) for (const zi of r.error.issues) issues.push(...zodIssues(loc, who, zi, file));
      else out.scenario = r.data;
      continue;
    }
    if (apiVersion === 'v1' && kind === 'Endpoints') {
      const ns =
        isObj(v.metadata) && typeof v.metadata.namespace === 'string' ? v.metadata.namespace : 'default';
      const r = endpointsSchema.safeParse(v);
      if (!r.success)
        for (const zi of r.error.issues) issues.push(...zodIssues(loc, `Endpoints ${ns}/${name}`, zi, file));
      else endpointsObjs.push({ ep: r.data, loc });
      continue;
    }
    const key = `${apiVersion}/${kind}` as SupportedKindKey;
    const entry = KIND_SCHEMAS[key];
    if (!entry) {
      const sameKind = Object.keys(KIND_SCHEMAS).find((k) => k.endsWith(`/${kind}`));
      const message =
        kind === 'Scenario'
          ? `Scenario must use apiVersion ${SCENARIO_API_VERSION}`
          : sameKind
            ? `${kind} with apiVersion ${apiVersion} is not supported; use ${sameKind.slice(0, sameKind.lastIndexOf('/'))}`
            : `unsupported kind ${apiVersion} ${kind}; supported: ${SUPPORTED}`;
      err(loc, sameKind || kind === 'Scenario' ? ['apiVersion'] : ['kind'], 'unknown_kind', message);
      continue;
    }
    const ns =
      isObj(v.metadata) && typeof v.metadata.namespace === 'string' ? v.metadata.namespace : 'default';
    const who = entry.namespaced ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
    const r = (entry.schema as z.ZodType).safeParse(v);
    if (!r.success) {
      for (const zi of r.error.issues) issues.push(...zodIssues(loc, who, zi, file));
      continue;
    }
    const parsed = r.data as object;
    locs.set(parsed, loc);
    (out[entry.collection] as object[]).push(parsed);
  }

  if (!scenarioLoc) {
    issues.push({
      file,
      line: 1,
      column: 1,
      path: '',
      code: 'missing_scenario',
      message: `no Scenario document: add one with apiVersion ${SCENARIO_API_VERSION}, kind Scenario (docs/scenario-format.md)`,
      severity: 'error',
    });
  }

  mirror(endpointsObjs, out, locs, warn);
  crossCheck(out, locs, scenarioLoc, err, warn);

  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || !out.scenario) return { ok: false, issues: sortIssues(issues) };
  return {
    ok: true,
    input: out as ScenarioInput,
    warnings: sortIssues(issues.filter((i) => i.severity === 'warning')),
  };
}

function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.line - b.x.line || a.x.column - b.x.column || a.i - b.i)
    .map((e) => e.x);
}

/**
 * The EndpointSlice mirroring controller's part (mirror.ts): Endpoints of a selector-less Service become
 * EndpointSlices located at the Endpoints object; the rest is reported as the warning it deserves.
 */
function mirror(
  endpointsObjs: readonly { ep: K8sEndpoints; loc: Located }[],
  out: { services: K8sService[]; endpointSlices: object[] },
  locs: Map<object, Located>,
  warn: (loc: Located, path: PathSeg[], code: IssueCode, message: string) => void,
): void {
  const services = new Map(out.services.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
  for (const { ep, loc } of endpointsObjs) {
    const id = `${ep.metadata.namespace}/${ep.metadata.name}`;
    const who = `Endpoints ${id}`;
    if (ep.metadata.labels[SKIP_MIRROR_LABEL] === 'true') {
      warn(
        loc,
        ['metadata', 'labels', SKIP_MIRROR_LABEL],
        'invalid_endpointslice',
        `${who}: labelled ${SKIP_MIRROR_LABEL}=true, so the EndpointSlice mirroring controller ignores it (and so does kube-proxy, which reads EndpointSlices)`,
      );
      continue;
    }
    const svc = services.get(id);
    if (!svc) {
      warn(
        loc,
        ['metadata', 'name'],
        'unknown_reference',
        `${who}: Service ${id} does not exist, so the EndpointSlice mirroring controller mirrors nothing; the Endpoints are ignored`,
      );
      continue;
    }
    if (Object.keys(svc.spec.selector).length > 0) {
      warn(
        loc,
        ['metadata', 'name'],
        'invalid_endpointslice',
        `${who}: Service ${id} has a selector, so its EndpointSlices come from its Pods (EndpointSlice controller) and these Endpoints are not mirrored; remove the selector to use hand-written Endpoints`,
      );
      continue;
    }
    const r = mirrorEndpoints(ep);
    for (const s of r.skipped)
      warn(
        loc,
        ['subsets', s.subset, s.list, s.index, 'ip'],
        'invalid_endpointslice',
        `${who}: "${s.ip}" is not mirrored (${s.why})`,
      );
    for (const slice of r.slices) {
      locs.set(slice, loc);
      out.endpointSlices.push(slice);
    }
  }
}

/**
 * The EndpointSlice controller's `hintsEnabled` (staging/src/k8s.io/endpointslice/utils.go): the deprecated
 * `service.kubernetes.io/topology-aware-hints` wins over `service.kubernetes.io/topology-mode`; "Auto"/"auto" only.
 */
function topologyAutoAnnotation(s: K8sService): boolean {
  const a = s.metadata.annotations;
  const v = a['service.kubernetes.io/topology-aware-hints'] ?? a['service.kubernetes.io/topology-mode'];
  return v === 'Auto' || v === 'auto';
}

/** The controller keeps (sets) hints for this Service: the annotation, or a trafficDistribution it handles. */
function topologyHintsWanted(s: K8sService): boolean {
  return topologyAutoAnnotation(s) || s.spec.trafficDistribution !== undefined;
}

type Report = (loc: Located, path: PathSeg[], code: IssueCode, message: string, at?: 'key' | 'value') => void;

function crossCheck(
  input: Omit<ScenarioInput, 'scenario'> & { scenario?: ScenarioDoc },
  locs: Map<object, Located>,
  scenarioLoc: Located | undefined,
  err: Report,
  warn: (loc: Located, path: PathSeg[], code: IssueCode, message: string) => void,
): void {
  const loc = (o: object) => locs.get(o)!;
  const spec = input.scenario?.spec;
  const range = parseNodePortRange(spec?.cluster.nodePortRange ?? '') ?? NODEPORT_RANGE;
  const NODEPORT_MIN = range.min;
  const NODEPORT_MAX = range.max;
  const podCidr = parseCidr(spec?.cluster.podCIDRs?.[0] ?? spec?.cluster.podCIDR ?? '10.244.0.0/16');
  const svcCidr = parseCidr(spec?.cluster.serviceCIDRs?.[0] ?? spec?.cluster.serviceCIDR ?? '10.96.0.0/12');
  // Dual-stack (R13.1): one Service CIDR per family, primary first.
  const svcCidrs = (spec?.cluster.serviceCIDRs ?? [spec?.cluster.serviceCIDR ?? '10.96.0.0/12'])
    .map((c) => parseCidr(c))
    .filter((c): c is Cidr => typeof c !== 'string');
  const clusterFamilies = clusterServiceFamilies({
    serviceCIDR: spec?.cluster.serviceCIDR ?? '10.96.0.0/12',
    serviceCIDRs: spec?.cluster.serviceCIDRs,
  });
  if (spec && scenarioLoc)
    for (const key of ['serviceCIDRs', 'podCIDRs'] as const) {
      const list = spec.cluster[key];
      if (list && list.length === 2) {
        const a = parseCidr(list[0]!);
        const b = parseCidr(list[1]!);
        if (typeof a !== 'string' && typeof b !== 'string' && a.family === b.family)
          err(
            scenarioLoc,
            ['spec', 'cluster', key, 1],
            'schema',
            `${key}: a dual-stack cluster has one CIDR per family (the API server refuses two IPv${a.family} ranges); write one IPv4 and one IPv6 CIDR, primary first`,
          );
      }
    }

  // --- duplicate objects (same kind / namespace / name) -----------------------------------------
  const seen = new Set<string>();
  const dup = (kind: string, ns: string | undefined, name: string, o: object) => {
    const k = `${kind}/${ns ?? ''}/${name}`;
    if (seen.has(k)) {
      err(
        loc(o),
        ['metadata', 'name'],
        'duplicate_object',
        `duplicate ${kind} ${ns ? `${ns}/` : ''}${name}: each object may appear once`,
      );
      return true;
    }
    seen.add(k);
    return false;
  };
  for (const o of input.namespaces) dup('Namespace', undefined, o.metadata.name, o);
  for (const o of input.nodes) dup('Node', undefined, o.metadata.name, o);
  for (const o of input.pods) dup('Pod', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.services) dup('Service', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.endpointSlices) dup('EndpointSlice', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.ingresses) dup('Ingress', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.ingressClasses) dup('IngressClass', undefined, o.metadata.name, o);
  for (const o of input.networkPolicies) dup('NetworkPolicy', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.gateways) dup('Gateway', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.httpRoutes) dup('HTTPRoute', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.grpcRoutes) dup('GRPCRoute', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.tlsRoutes) dup('TLSRoute', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.referenceGrants) dup('ReferenceGrant', o.metadata.namespace, o.metadata.name, o);
  for (const o of input.peerAuthentications)
    dup('PeerAuthentication', o.metadata.namespace, o.metadata.name, o);

  // --- IP ownership: one owner per address -------------------------------------------------------
  const ipOwner = new Map<string, string>();
  const claim = (ip: string, owner: string, o: Located, path: PathSeg[], shareable = false) => {
    const prev = ipOwner.get(ip);
    if (prev !== undefined && !(shareable && prev.startsWith('LB '))) {
      if (prev !== owner)
        err(o, path, 'duplicate_ip', `${owner} uses ${ip}, which already belongs to ${prev}`);
      return;
    }
    ipOwner.set(ip, owner);
  };

  const nodes = new Map<string, (typeof input.nodes)[number]>();
  for (const n of input.nodes) {
    nodes.set(n.metadata.name, n);
    n.status.addresses.forEach((a, i) => {
      if (a.type !== 'InternalIP' && a.type !== 'ExternalIP') return;
      if (!isIPv4(a.address) && !isIPv6(a.address)) {
        err(
          loc(n),
          ['status', 'addresses', i, 'address'],
          'schema',
          `Node ${n.metadata.name}: "${a.address}" is not an IP address`,
        );
        return;
      }
      claim(a.address, `Node ${n.metadata.name}`, loc(n), ['status', 'addresses', i, 'address']);
    });
    if (spec && n.spec.podCIDR && typeof podCidr !== 'string') {
      const c = parseCidr(n.spec.podCIDR);
      if (
        typeof c !== 'string' &&
        !(c.family === podCidr.family && cidrContains(podCidr, firstAddr(c)) && c.prefix >= podCidr.prefix)
      )
        warn(
          loc(n),
          ['spec', 'podCIDR'],
          'outside_cidr',
          `Node ${n.metadata.name}: podCIDR ${n.spec.podCIDR} is not inside the cluster Pod CIDR ${spec.cluster.podCIDR}`,
        );
    }
  }

  const pods = new Map<string, (typeof input.pods)[number]>();
  for (const p of input.pods) {
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    pods.set(id, p);
    const l = loc(p);
    const names = new Set<string>();
    [...p.spec.containers, ...p.spec.initContainers].forEach((c, i) => {
      if (names.has(c.name))
        err(
          l,
          i < p.spec.containers.length
            ? ['spec', 'containers', i, 'name']
            : ['spec', 'initContainers', i - p.spec.containers.length, 'name'],
          'invalid_pod',
          `Pod ${id}: two containers named "${c.name}"`,
        );
      names.add(c.name);
    });
    const node = p.spec.nodeName ? nodes.get(p.spec.nodeName) : undefined;
    if (p.spec.nodeName && !node)
      err(
        l,
        ['spec', 'nodeName'],
        'unknown_reference',
        `Pod ${id} runs on node "${p.spec.nodeName}", which is not defined (add a v1 Node named ${p.spec.nodeName})`,
      );
    const ips = new Set<string>();
    if (p.status.podIP) ips.add(p.status.podIP);
    for (const x of p.status.podIPs) ips.add(x.ip);
    for (const ip of ips) {
      const path = p.status.podIP === ip ? ['status', 'podIP'] : ['status', 'podIPs'];
      if (p.spec.hostNetwork) {
        // R1.6: a hostNetwork Pod has its node's address.
        const nodeIPs = node?.status.addresses.map((a) => a.address) ?? [];
        if (node && !nodeIPs.includes(ip))
          warn(
            l,
            path,
            'outside_cidr',
            `Pod ${id} uses hostNetwork, so its IP should be one of node ${node.metadata.name}'s addresses (${nodeIPs.join(', ')}), not ${ip} (R1.6)`,
          );
        continue;
      }
      claim(ip, `Pod ${id}`, l, path);
      const fam = isIPv4(ip) ? 4 : 6;
      // Only same-family checks: a dual-stack Pod's IPv6 address is not compared with an IPv4 Pod CIDR.
      if (spec && typeof podCidr !== 'string' && podCidr.family === fam && !cidrContains(podCidr, ip))
        warn(
          l,
          path,
          'outside_cidr',
          `Pod ${id}: IP ${ip} is outside the cluster Pod CIDR ${spec.cluster.podCIDR} (fine for aws-vpc-cni style VPC addressing; otherwise a typo)`,
        );
      else if (node?.spec.podCIDR) {
        const c = parseCidr(node.spec.podCIDR);
        if (typeof c !== 'string' && c.family === fam && !cidrContains(c, ip))
          warn(
            l,
            path,
            'outside_cidr',
            `Pod ${id}: IP ${ip} is outside node ${node.metadata.name}'s podCIDR ${node.spec.podCIDR}`,
          );
      }
    }
  }

  // --- Services -------------------------------------------------------------------------------
  const services = new Map<string, K8sService>();
  const nodePorts = new Map<string, string>();
  for (const s of input.services) {
    const id = `${s.metadata.namespace}/${s.metadata.name}`;
    services.set(id, s);
    const l = loc(s);
    const who = `Service ${id}`;
    const sp = s.spec;
    // clusterIP defaults from clusterIPs[0] (the API server fills each from the other).
    const cip = sp.clusterIP ?? (sp.clusterIPs[0] !== undefined ? sp.clusterIPs[0] : undefined);
    if (sp.type !== 'ExternalName') {
      const fam = initIPFamilyFields(
        {
          type: sp.type,
          clusterIP: cip,
          clusterIPs: sp.clusterIPs,
          ipFamilies: sp.ipFamilies,
          ipFamilyPolicy: sp.ipFamilyPolicy,
          hasSelector: Object.keys(sp.selector).length > 0,
        },
        clusterFamilies,
      );
      for (const e of fam.errors)
        err(
          l,
          ['spec', ...e.path],
          'invalid_service',
          `${who}: spec.${e.path.join('.')}: ${e.message} (R13.1)`,
        );
      if (fam.errors.length === 0 && fam.missingClusterIPs.length > 0 && cip !== undefined && cip !== '')
        err(
          l,
          ['spec', 'ipFamilyPolicy'],
          'invalid_service',
          `${who}: ipFamilies ${fam.families.join(', ')} (policy ${fam.policy}) need a ClusterIP per family; the API server would allocate the ${fam.missingClusterIPs.join(', ')} one, the engine does not: add it to spec.clusterIPs (R13.1)`,
        );
      // Every ClusterIP must lie in the Service CIDR of its family (the allocator of that family owns it).
      fam.clusterIPs.forEach((ip, i) => {
        if (i === 0 || ip === 'None') return;
        const f = isIPv4(ip) ? 4 : 6;
        const range = svcCidrs.find((c) => c.family === f);
        if (spec && range && !cidrContains(range, ip))
          err(
            l,
            ['spec', 'clusterIPs', i],
            'outside_cidr',
            `${who}: ClusterIP ${ip} is outside the IPv${f} Service CIDR ${range.text}`,
          );
      });
    }
    if (sp.type === 'ExternalName') {
      if (!sp.externalName)
        err(
          l,
          ['spec'],
          'invalid_service',
          `${who}: type ExternalName needs spec.externalName (R6.2)`,
          'key',
        );
    } else if (cip === undefined || cip === '') {
      err(
        l,
        ['spec'],
        'invalid_service',
        `${who}: spec.clusterIP is required (the engine does not allocate addresses; write an IP from the Service CIDR, or "None" for headless)`,
        'key',
      );
    } else if (cip === 'None') {
      if (sp.type !== 'ClusterIP')
        err(
          l,
          ['spec', 'clusterIP'],
          'invalid_service',
          `${who}: a headless Service (clusterIP: None) must be type ClusterIP`,
        );
    } else {
      claim(cip, `${who} (ClusterIP)`, l, ['spec', 'clusterIP']);
      // The API server allocates and validates ClusterIPs inside --service-cluster-ip-range: an error.
      const range = svcCidrs.find((c) => c.family === (isIPv4(cip) ? 4 : 6));
      if (spec && typeof svcCidr !== 'string' && range && !cidrContains(range, cip))
        err(
          l,
          ['spec', 'clusterIP'],
          'outside_cidr',
          `${who}: ClusterIP ${cip} is outside the Service CIDR ${range.text}`,
        );
    }
    sp.clusterIPs.forEach((x, i) => {
      if (x !== 'None' && x !== cip) claim(x, `${who} (ClusterIP)`, l, ['spec', 'clusterIPs', i]);
    });
    // R3.13: multi-port Services must name every port; names and port/protocol pairs are unique.
    const pnames = new Set<string>();
    const pkeys = new Set<string>();
    sp.ports.forEach((p, i) => {
      if (sp.ports.length > 1 && p.name === '')
        err(
          l,
          ['spec', 'ports', i],
          'invalid_service',
          `${who}: a multi-port Service must name every port (R3.13)`,
        );
      if (p.name !== '' && pnames.has(p.name))
        err(l, ['spec', 'ports', i, 'name'], 'duplicate_port', `${who}: port name "${p.name}" used twice`);
      pnames.add(p.name);
      const k = `${p.port}/${p.protocol}`;
      if (pkeys.has(k))
        err(l, ['spec', 'ports', i, 'port'], 'duplicate_port', `${who}: port ${k} declared twice`);
      pkeys.add(k);
      if (p.nodePort !== undefined) {
        if (sp.type !== 'NodePort' && sp.type !== 'LoadBalancer')
          err(
            l,
            ['spec', 'ports', i, 'nodePort'],
            'invalid_service',
            `${who}: nodePort is only allowed on type NodePort or LoadBalancer (this one is ${sp.type})`,
          );
        else if (p.nodePort < NODEPORT_MIN || p.nodePort > NODEPORT_MAX)
          err(
            l,
            ['spec', 'ports', i, 'nodePort'],
            'nodeport_range',
            `${who}: nodePort ${p.nodePort} is outside the NodePort range ${NODEPORT_MIN}-${NODEPORT_MAX} (R4.1, R4.6; set spec.cluster.nodePortRange to change it)`,
          );
        else {
          const nk = `${p.nodePort}/${p.protocol}`;
          const prev = nodePorts.get(nk);
          if (prev)
            err(
              l,
              ['spec', 'ports', i, 'nodePort'],
              'duplicate_port',
              `${who}: nodePort ${nk} is already allocated to ${prev}`,
            );
          else nodePorts.set(nk, who);
        }
      } else if (sp.type === 'NodePort' || (sp.type === 'LoadBalancer' && sp.allocateLoadBalancerNodePorts)) {
        err(
          l,
          ['spec', 'ports', i],
          'invalid_service',
          `${who}: type ${sp.type} needs a nodePort on every port (the engine does not allocate them)`,
        );
      }
    });
    if (sp.healthCheckNodePort !== undefined) {
      if (!(sp.type === 'LoadBalancer' && sp.externalTrafficPolicy === 'Local'))
        warn(
          l,
          ['spec', 'healthCheckNodePort'],
          'invalid_service',
          `${who}: healthCheckNodePort is only used for type LoadBalancer with externalTrafficPolicy Local (R5.4); it is ignored here`,
        );
      else if (sp.healthCheckNodePort < NODEPORT_MIN || sp.healthCheckNodePort > NODEPORT_MAX)
        err(
          l,
          ['spec', 'healthCheckNodePort'],
          'nodeport_range',
          `${who}: healthCheckNodePort ${sp.healthCheckNodePort} is outside ${NODEPORT_MIN}-${NODEPORT_MAX}`,
        );
      else {
        const nk = `${sp.healthCheckNodePort}/TCP`;
        const prev = nodePorts.get(nk);
        if (prev)
          err(
            l,
            ['spec', 'healthCheckNodePort'],
            'duplicate_port',
            `${who}: healthCheckNodePort ${sp.healthCheckNodePort} is already allocated to ${prev}`,
          );
        else nodePorts.set(nk, who);
      }
    }
    if (sp.loadBalancerSourceRanges.length > 0 && sp.type !== 'LoadBalancer')
      err(
        l,
        ['spec', 'loadBalancerSourceRanges'],
        'invalid_service',
        `${who}: loadBalancerSourceRanges may only be used when type is LoadBalancer (this one is ${sp.type})`,
      );
    s.status.loadBalancer.ingress.forEach((ing, i) => {
      if (ing.ip) claim(ing.ip, `LB ${who}`, l, ['status', 'loadBalancer', 'ingress', i, 'ip'], true);
    });
    // externalIPs are not claimed: they are commonly a node's own address (kube-proxy just adds rules for them).
  }

  // --- Topology-aware routing that cannot be derived --------------------------------------------
  const slicedServices = new Set(
    input.endpointSlices.map(
      (es) => `${es.metadata.namespace}/${es.metadata.labels['kubernetes.io/service-name']}`,
    ),
  );
  for (const s of input.services) {
    const key = `${s.metadata.namespace}/${s.metadata.name}`;
    if (!topologyAutoAnnotation(s) || slicedServices.has(key) || Object.keys(s.spec.selector).length === 0)
      continue;
    warn(
      loc(s),
      ['metadata', 'annotations'],
      'invalid_service',
      `Service ${key}: topology-mode Auto hints are allocated by the EndpointSlice controller in proportion to each zone's allocatable CPU, which the loader does not derive; give the Service's EndpointSlices with their hints (kubectl get endpointslices -l kubernetes.io/service-name=${s.metadata.name} -o yaml), else no endpoint has a hint`,
    );
  }

  // --- EndpointSlices -------------------------------------------------------------------------
  for (const es of input.endpointSlices) {
    const l = loc(es);
    const svcName = es.metadata.labels['kubernetes.io/service-name'];
    const who = `EndpointSlice ${es.metadata.namespace}/${es.metadata.name}`;
    if (!svcName) {
      err(
        l,
        ['metadata'],
        'invalid_endpointslice',
        `${who}: needs the label kubernetes.io/service-name naming its Service (R6.3)`,
        'key',
      );
      continue;
    }
    if (!services.has(`${es.metadata.namespace}/${svcName}`))
      warn(
        l,
        ['metadata', 'labels', 'kubernetes.io/service-name'],
        'unknown_reference',
        `${who}: Service ${es.metadata.namespace}/${svcName} does not exist; the slice is ignored`,
      );
    else {
      // Topology hints on a controller-managed slice of a Service that asks for none: the EndpointSlice
      // controller removes them (trafficdist defaultHeuristic / topologycache.RemoveHintsFromSlices).
      const svc = services.get(`${es.metadata.namespace}/${svcName}`)!;
      const managed =
        es.metadata.labels['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-controller.k8s.io';
      const i = es.endpoints.findIndex(
        (ep) => ep.hints && (ep.hints.forZones.length > 0 || ep.hints.forNodes.length > 0),
      );
      if (managed && i >= 0 && !topologyHintsWanted(svc))
        warn(
          l,
          ['endpoints', i, 'hints'],
          'invalid_endpointslice',
          `${who}: has topology hints, but Service ${es.metadata.namespace}/${svcName} has neither spec.trafficDistribution nor service.kubernetes.io/topology-mode: Auto, so the EndpointSlice controller would remove them (kube-proxy still uses hints that are present)`,
        );
    }
    es.endpoints.forEach((ep, i) =>
      ep.addresses.forEach((a, j) => {
        const ok = es.addressType === 'IPv4' ? isIPv4(a) : es.addressType === 'IPv6' ? isIPv6(a) : true;
        if (!ok)
          err(
            l,
            ['endpoints', i, 'addresses', j],
            'invalid_endpointslice',
            `${who}: "${a}" is not an ${es.addressType} address`,
          );
        else if (es.addressType === 'IPv4' && (a.startsWith('127.') || a.startsWith('169.254.')))
          err(
            l,
            ['endpoints', i, 'addresses', j],
            'invalid_endpointslice',
            `${who}: endpoint ${a} is loopback or link-local, which Kubernetes forbids (R6.3)`,
          );
        else if (ipOwner.get(a)?.endsWith('(ClusterIP)'))
          err(
            l,
            ['endpoints', i, 'addresses', j],
            'invalid_endpointslice',
            `${who}: endpoint ${a} is another Service's ClusterIP, which Kubernetes forbids (R6.3)`,
          );
      }),
    );
  }

  // --- Ingresses (R7.2, R7.4) -----------------------------------------------------------------
  for (const ing of input.ingresses) {
    const l = loc(ing);
    const who = `Ingress ${ing.metadata.namespace}/${ing.metadata.name}`;
    const checkBackend = (b: { service?: unknown; resource?: unknown }, path: PathSeg[]) => {
      if (!b.service === !b.resource)
        err(l, path, 'invalid_ingress', `${who}: a backend needs exactly one of service or resource`);
    };
    if (ing.spec.defaultBackend) checkBackend(ing.spec.defaultBackend, ['spec', 'defaultBackend']);
    ing.spec.rules.forEach((r, i) => {
      if (r.host !== undefined) {
        const h = r.host;
        if (h === '*' || (h.includes('*') && !(h.startsWith('*.') && !h.slice(2).includes('*'))))
          err(
            l,
            ['spec', 'rules', i, 'host'],
            'invalid_ingress',
            `${who}: host "${h}" is invalid: a wildcard is only allowed as the whole first label ("*.foo.com") (R7.2)`,
          );
        else if (isIPv4(h) || isIPv6(h))
          err(
            l,
            ['spec', 'rules', i, 'host'],
            'invalid_ingress',
            `${who}: host "${h}" is an IP address, which Ingress does not allow (R7.2)`,
          );
      }
      r.http?.paths.forEach((p, j) => {
        if (p.pathType !== 'ImplementationSpecific' && (p.path === undefined || !p.path.startsWith('/')))
          err(
            l,
            ['spec', 'rules', i, 'http', 'paths', j, 'path'],
            'invalid_ingress',
            `${who}: a ${p.pathType} path must be absolute (start with "/")`,
          );
        checkBackend(p.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
      });
    });
  }

  // --- Scenario references ----------------------------------------------------------------------
  if (!spec || !scenarioLoc) return;
  const sl = scenarioLoc;
  const S = (...p: PathSeg[]): PathSeg[] => ['spec', ...p];
  const svcRef = (ref: string, path: PathSeg[], what: string, needType?: K8sService['spec']['type']) => {
    const s = services.get(ref);
    if (!s)
      err(sl, path, 'unknown_reference', `${what} names Service ${ref}, which is not defined in this file`);
    else if (needType && s.spec.type !== needType)
      err(
        sl,
        path,
        'wrong_reference_type',
        `${what} names Service ${ref} of type ${s.spec.type}; it must be type ${needType}`,
      );
  };
  const containersOf = (p: (typeof input.pods)[number]) =>
    [...p.spec.containers, ...p.spec.initContainers].map((c) => c.name);

  if (!services.has(spec.cluster.dnsService))
    warn(
      sl,
      S('cluster', 'dnsService'),
      'unknown_reference',
      `DNS Service ${spec.cluster.dnsService} is not defined: requests by name cannot be resolved in the cluster (R3.5)`,
    );

  const reqIds = new Set<string>();
  spec.requests.forEach((r, i) => {
    const rp = S('requests', i);
    if (reqIds.has(r.id)) err(sl, [...rp, 'id'], 'invalid_request', `request id "${r.id}" is used twice`);
    reqIds.add(r.id);
    // A URL says what is sent: an HTTP request (method, Host, path). `tcpOnly` says nothing is sent after the
    // handshake. Both at once would silently drop the HTTP part, so the loader refuses it.
    if (r.tcpOnly && r.to && 'url' in r.to)
      err(
        sl,
        [...rp, 'tcpOnly'],
        'invalid_request',
        `request "${r.id}": tcpOnly cannot be combined with a URL (${r.to.url}) — a URL means an HTTP request is sent. For an L4 check (nc -z, a TCP health check) write \`to: { host: <name>, port: <port> }\` or \`to: { ip: <address>, port: <port> }\` with tcpOnly: true; for the HTTP request drop tcpOnly`,
      );
    const f = r.from;
    if ('pod' in f) {
      const p = pods.get(f.pod);
      if (!p)
        err(
          sl,
          [...rp, 'from', 'pod'],
          'unknown_reference',
          `request "${r.id}" starts in Pod ${f.pod}, which is not defined`,
        );
      else if (f.container && !containersOf(p).includes(f.container))
        err(
          sl,
          [...rp, 'from', 'container'],
          'unknown_reference',
          `request "${r.id}": Pod ${f.pod} has no container "${f.container}" (it has ${containersOf(p).join(', ')})`,
        );
    } else if ('node' in f) {
      if (!nodes.has(f.node))
        err(
          sl,
          [...rp, 'from', 'node'],
          'unknown_reference',
          `request "${r.id}" starts on node "${f.node}", which is not defined`,
        );
    }
    if (r.entryNode && !nodes.has(r.entryNode))
      err(
        sl,
        [...rp, 'entryNode'],
        'unknown_reference',
        `request "${r.id}": entryNode "${r.entryNode}" is not a defined Node`,
      );
    if (r.packet?.arrivesAt && !nodes.has(r.packet.arrivesAt))
      err(
        sl,
        [...rp, 'packet', 'arrivesAt'],
        'unknown_reference',
        `request "${r.id}": packet.arrivesAt "${r.packet.arrivesAt}" is not a defined Node`,
      );
    if (r.to && 'url' in r.to) {
      try {
        new URL(r.to.url);
      } catch {
        err(
          sl,
          [...rp, 'to', 'url'],
          'invalid_request',
          `request "${r.id}": "${r.to.url}" is not a valid URL`,
        );
      }
    }
  });

  spec.listeners.forEach((li, i) => {
    const p = pods.get(li.pod);
    if (!p)
      err(
        sl,
        S('listeners', i, 'pod'),
        'unknown_reference',
        `listener names Pod ${li.pod}, which is not defined`,
      );
    else if (li.container && !containersOf(p).includes(li.container))
      err(
        sl,
        S('listeners', i, 'container'),
        'unknown_reference',
        `listener: Pod ${li.pod} has no container "${li.container}" (it has ${containersOf(p).join(', ')})`,
      );
  });
  spec.cloudLoadBalancers.forEach((lb, i) =>
    svcRef(lb.service, S('cloudLoadBalancers', i, 'service'), 'cloudLoadBalancers', 'LoadBalancer'),
  );
  // allocateLoadBalancerNodePorts: false: no nodePort is allocated, so a cloud LB that targets
  // instances at node:nodePort has nothing to send to; only ip targets or VIP delivery (MetalLB-style) work.
  for (const s of input.services) {
    if (s.spec.type !== 'LoadBalancer' || s.spec.allocateLoadBalancerNodePorts) continue;
    if (s.spec.ports.every((p) => p.nodePort !== undefined)) continue;
    const id = `${s.metadata.namespace}/${s.metadata.name}`;
    const i = spec.cloudLoadBalancers.findIndex((lb) => lb.service === id);
    const lb = spec.cloudLoadBalancers[i];
    if (lb && !(lb.targetType === 'instance' && lb.delivery === 'nodePort')) continue;
    warn(
      lb ? sl : loc(s),
      lb ? S('cloudLoadBalancers', i) : ['spec', 'allocateLoadBalancerNodePorts'],
      'invalid_service',
      `Service ${id}: allocateLoadBalancerNodePorts is false, so ports without a nodePort get none; a load balancer with instance targets and nodePort delivery${lb ? '' : ' (the default when cloudLoadBalancers has no entry for it)'} cannot reach them: use targetType: ip or delivery: vip in cloudLoadBalancers`,
    );
  }
  const classes = new Set<string>();
  spec.ingressControllers.forEach((ic, i) => {
    if (classes.has(ic.class))
      err(
        sl,
        S('ingressControllers', i, 'class'),
        'duplicate_object',
        `two ingress controllers implement class "${ic.class}"`,
      );
    classes.add(ic.class);
    svcRef(ic.service, S('ingressControllers', i, 'service'), `ingress controller "${ic.class}"`);
  });
  const gateways = new Set(input.gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`));
  spec.gatewayImplementations.forEach((gi, i) => {
    if (!gateways.has(gi.gateway))
      err(
        sl,
        S('gatewayImplementations', i, 'gateway'),
        'unknown_reference',
        `gatewayImplementations names Gateway ${gi.gateway}, which is not defined`,
      );
    svcRef(gi.service, S('gatewayImplementations', i, 'service'), `Gateway ${gi.gateway} implementation`);
  });
  const gwNames = new Set<string>();
  spec.apiGateways.forEach((g, i) => {
    if (gwNames.has(g.name))
      err(sl, S('apiGateways', i, 'name'), 'duplicate_object', `two API gateways named "${g.name}"`);
    gwNames.add(g.name);
    if (g.service) svcRef(g.service, S('apiGateways', i, 'service'), `API gateway "${g.name}"`);
    if (g.vpcLink)
      svcRef(
        g.vpcLink.loadBalancer,
        S('apiGateways', i, 'vpcLink', 'loadBalancer'),
        `API gateway "${g.name}" vpcLink`,
      );
  });
  const dnsNames = new Set<string>();
  spec.publicDns.forEach((d, i) => {
    const n = d.name.toLowerCase().replace(/\.$/, '');
    if (dnsNames.has(n))
      err(sl, S('publicDns', i, 'name'), 'duplicate_object', `public DNS name ${d.name} is listed twice`);
    dnsNames.add(n);
    if (d.a.length === 0 && !d.cname)
      err(sl, S('publicDns', i), 'schema', `public DNS name ${d.name} needs \`a\` addresses or a \`cname\``);
  });
  spec.externalHosts.forEach((h, i) =>
    claim(h.ip, `external host ${h.name}`, sl, S('externalHosts', i, 'ip')),
  );
}

function firstAddr(c: Cidr): string {
  if (c.family === 4) {
    const v = c.base;
    return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  return c.text.slice(0, c.text.indexOf('/'));
}
