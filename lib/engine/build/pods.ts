/** Pods: the lazily computed network namespace (containers, ports, listeners), the label index, hostNetwork Pods. */
import type { K8sPod, Protocol, ScenarioInput } from '../../scenario';
import type { DeclaredPort, LabelPostings, Listener, ModelContainer, ModelNode, ModelPod } from '../model';
import { cmpStr } from './common';
import type { BuildNode } from './nodes';

export function buildPods(
  input: ScenarioInput,
  nodes: ReadonlyMap<string, BuildNode>,
  warnings: string[],
  implyNs: (ns: string) => void,
) {
  const spec = input.scenario.spec;
  const overridesByPod = new Map<string, (typeof spec.listeners)[number][]>();
  for (const l of spec.listeners) {
    const arr = overridesByPod.get(l.pod);
    if (arr) arr.push(l);
    else overridesByPod.set(l.pod, [l]);
  }

  const pods = new Map<string, ModelPod>();
  const podsByIP = new Map<string, ModelPod>();
  const hostNetworkPodsByNode = new Map<string, ModelPod[]>();
  const hostPortPodsByNode = new Map<string, ModelPod[]>();
  const podsByNamespace = new Map<string, string[]>();
  const podLabelIndex = new Map<string, Map<string, Postings>>();

  for (const raw of input.pods) {
    const pod = buildPod(raw, nodes, overridesByPod, warnings);
    pods.set(pod.id, pod);
    const ns = pod.namespace;
    let nsPods = podsByNamespace.get(ns);
    if (!nsPods) {
      nsPods = [];
      podsByNamespace.set(ns, nsPods);
      implyNs(ns);
    }
    nsPods.push(pod.id);
    let idx = podLabelIndex.get(ns);
    if (!idx) {
      idx = new Map();
      podLabelIndex.set(ns, idx);
    }
    const labels = pod.labels;
    for (const k in labels) {
      // Nested maps (key → value → ids) instead of "k=v" strings: no string building per label (perf).
      let postings = idx.get(k);
      if (!postings) {
        postings = new Postings();
        idx.set(k, postings);
      }
      const v = labels[k]!;
      const a = postings.byValue.get(v);
      if (a) a.push(pod.id);
      else postings.byValue.set(v, [pod.id]);
    }
    const node = pod.nodeName !== undefined ? nodes.get(pod.nodeName) : undefined;
    if (node) {
      node.pods.push(pod.id);
      if (declaresHostPort(raw)) {
        const a = hostPortPodsByNode.get(node.name);
        if (a) a.push(pod);
        else hostPortPodsByNode.set(node.name, [pod]);
      }
    }
    if (pod.hostNetwork) {
      if (pod.nodeName !== undefined) {
        const a = hostNetworkPodsByNode.get(pod.nodeName);
        if (a) a.push(pod);
        else hostNetworkPodsByNode.set(pod.nodeName, [pod]);
      }
    } else if (pod.ip !== undefined) {
      podsByIP.set(pod.ip, pod);
      if (raw.status.podIPs.length > 1) for (const ip of pod.ips) podsByIP.set(ip, pod); // dual-stack
    }
  }

  // R1.6: hostNetwork Pods share the node's port space; two binding one port on a node conflict.
  for (const [nodeName, list] of hostNetworkPodsByNode) {
    if (list.length < 2) continue;
    const owner = new Map<string, string>();
    for (const p of list)
      for (const l of p.listeners) {
        const k = `${l.port}/${l.protocol}`;
        const prev = owner.get(k);
        if (prev !== undefined && prev !== p.id)
          warnings.push(
            `hostNetwork Pods ${prev} and ${p.id} both bind ${k} on node ${nodeName}: they share the node's port space, the second one fails to start (R1.6)`,
          );
        else owner.set(k, p.id);
      }
  }

  return { pods, podsByIP, hostNetworkPodsByNode, hostPortPodsByNode, podsByNamespace, podLabelIndex };
}

type ListenerOverrides = ScenarioInput['scenario']['spec']['listeners'];

const NO_IPS: readonly string[] = Object.freeze([]);

interface Netns {
  containers: ModelContainer[];
  ports: DeclaredPort[];
  listeners: Listener[];
}

/**
 * A Pod of the model. The network-namespace details (containers, declared ports, listeners) are computed on
 * first access and cached: the trace engine touches a handful of Pods per trace, while eagerly building them
 * for 150,000 Pods was most of buildModel's time and memory (engine-plan.md performance targets).
 * Deterministic: the values depend only on the input.
 */
class PodImpl implements ModelPod {
  // Few own fields (memory at 150,000 Pods); the rest are getters over the validated object.
  readonly id: string;
  readonly ip: string | undefined;
  readonly phase: ModelPod['phase'];
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly raw: K8sPod;
  // Read on every hop that reaches the Pod: own fields, so a trace does not follow raw → metadata / spec (one cache
  // miss each on a Pod it never saw; at the limits those misses were most of what grew with the cluster, ADR 027).
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string | undefined;
  readonly hostNetwork: boolean;
  #ips: readonly string[] | undefined;
  #overrides: ListenerOverrides | undefined;
  #netns: Netns | undefined;
  // The common shape — one app container, no init containers, at most two declared ports, no listener overrides —
  // as primitives in this object: a trace that reaches a Pod it never saw (~15 per Service at the limits) reads
  // these instead of following raw → spec → containers → ports and raw → status, each object a cache miss (ADR 027,
  // fifth pass). `#c0` is that container's name, undefined for every other shape (which reads `raw`).
  #c0: string | undefined;
  /** Its declared ports as `portKey` (-1: none) and whether it runs (R1.7). */
  #p0: number;
  #p1: number;
  #up: boolean;

  constructor(
    raw: K8sPod,
    id: string,
    ip: string | undefined,
    ips: readonly string[] | undefined,
    phase: ModelPod['phase'],
    ready: boolean,
    overrides: ListenerOverrides | undefined,
  ) {
    this.id = id;
    this.ip = ip;
    this.phase = phase;
    this.ready = ready;
    const del = raw.metadata.deletionTimestamp;
    this.terminating = del !== undefined && del !== null;
    this.raw = raw;
    this.name = raw.metadata.name;
    this.namespace = raw.metadata.namespace;
    this.nodeName = raw.spec.nodeName;
    this.hostNetwork = raw.spec.hostNetwork;
    this.#ips = ips;
    this.#overrides = overrides;
    this.#netns = undefined;
    this.#c0 = undefined;
    this.#p0 = -1;
    this.#p1 = -1;
    this.#up = false;
    const cs = raw.spec.containers;
    const c = cs[0];
    if (
      overrides === undefined &&
      cs.length === 1 &&
      raw.spec.initContainers.length === 0 &&
      c!.ports.length <= 2
    ) {
      this.#c0 = c!.name;
      const ps = c!.ports;
      if (ps.length > 0) this.#p0 = portKey(ps[0]!.containerPort, ps[0]!.protocol);
      if (ps.length > 1) this.#p1 = portKey(ps[1]!.containerPort, ps[1]!.protocol);
      this.#up = containerRunning(
        statusOf(c!.name, raw.status.containerStatuses),
        'app',
        phase === 'Running',
      );
    }
  }

  hasContainer(name: string): boolean {
    if (this.#c0 !== undefined) return this.#c0 === name;
    const spec = this.raw.spec;
    for (const c of spec.containers) if (c.name === name) return true;
    for (const c of spec.initContainers) if (c.name === name) return true;
    return false;
  }

  get labels(): Readonly<Record<string, string>> {
    return this.raw.metadata.labels;
  }
  get hostname(): string | undefined {
    return this.raw.spec.hostname;
  }
  get subdomain(): string | undefined {
    return this.raw.spec.subdomain;
  }
  get dnsPolicy(): ModelPod['dnsPolicy'] {
    return this.raw.spec.dnsPolicy;
  }
  get ips(): readonly string[] {
    // Not stored: a trace reads the IPs of every Pod it reaches, and storing a new array in a Pod of the old
    // generation made each one a pointer the next young collection had to follow (ADR 027, fifth pass).
    return this.#ips ?? (this.ip === undefined ? NO_IPS : [this.ip]);
  }
  hasIP(ip: string): boolean {
    return this.#ips !== undefined ? this.#ips.includes(ip) : this.ip === ip;
  }
  /**
   * The network namespace. Kept only for the Pods that needed it while the model was built (listener overrides, a
   * possible bind conflict): for the others it is computed on each read and not stored — a trace reaches ~15 Pods
   * it never saw before at the limits, and caching their namespaces in the model made every one survive into the
   * old generation (GC work that grew with the cluster, ADR 027). The trace path reads `listenersOn`, which
   * builds nothing for a Pod without overrides.
   */
  #ns(): Netns {
    return (
      this.#netns ?? computeNetns(this.raw, this.id, this.phase === 'Running', this.ready, this.#overrides)
    );
  }
  /** Keep the namespace (build time: the Pods whose listeners the bind-conflict check reads). */
  keepNetns(): Netns {
    return (this.#netns ??= this.#ns());
  }
  get containers(): readonly ModelContainer[] {
    return this.#ns().containers;
  }
  get ports(): readonly DeclaredPort[] {
    return this.#ns().ports;
  }
  get listeners(): readonly Listener[] {
    return this.#ns().listeners;
  }
  listenersOn(port: number, protocol: Protocol): readonly Listener[] {
    if (this.#netns !== undefined || this.#overrides !== undefined) {
      const out: Listener[] = [];
      for (const l of this.#ns().listeners) if (l.port === port && l.protocol === protocol) out.push(l);
      return out;
    }
    if (this.#c0 !== undefined) {
      if (!this.#up) return NO_LISTENERS;
      const key = portKey(port, protocol);
      if (this.#p0 !== key && this.#p1 !== key) return NO_LISTENERS;
      const l: Listener = { container: this.#c0, address: '0.0.0.0', port, protocol, source: 'declared' };
      // A port declared twice listens once per declaration, as declaredListeners and computeNetns list it.
      return this.#p0 === key && this.#p1 === key ? [l, { ...l }] : [l];
    }
    return declaredListeners(this.raw, this.phase === 'Running', port, protocol);
  }
}

/** A declared port and protocol as one small integer (ports < 65536, three protocols). */
function portKey(port: number, protocol: Protocol): number {
  return port * 4 + (protocol === 'TCP' ? 0 : protocol === 'UDP' ? 1 : 2);
}

function buildPod(
  raw: K8sPod,
  nodes: ReadonlyMap<string, ModelNode>,
  overridesByPod: ReadonlyMap<string, ListenerOverrides>,
  warnings: string[],
): ModelPod {
  const md = raw.metadata;
  const id = `${md.namespace}/${md.name}`;
  const st = raw.status;
  // Authoring shorthand: no phase = Running (docs/scenario-format.md).
  const phase = st.phase ?? 'Running';
  const phaseRunning = phase === 'Running';
  let ready: boolean;
  let readyCond: string | undefined;
  for (const c of st.conditions) if (c.type === 'Ready') readyCond = c.status;
  if (readyCond !== undefined) ready = readyCond === 'True';
  else if (st.containerStatuses.length > 0) {
    ready = phaseRunning;
    for (const cs of st.containerStatuses) if (!cs.ready) ready = false;
  } else ready = phaseRunning;

  // Most Pods have exactly status.podIP: no ips array is allocated for them (built on demand by the getter).
  let ip = st.podIP;
  let ips: string[] | undefined;
  if (st.podIPs.length > 0) {
    ips = ip !== undefined ? [ip] : [];
    for (const x of st.podIPs) if (!ips.includes(x.ip)) ips.push(x.ip);
    ip = ips[0];
    if (ips.length === 1) ips = undefined;
  }
  if (ip === undefined && raw.spec.hostNetwork && phase !== 'Pending') {
    // R1.6: a hostNetwork Pod has its node's address.
    const node = raw.spec.nodeName !== undefined ? nodes.get(raw.spec.nodeName) : undefined;
    ip = node?.internalIP;
  }
  const overrides = overridesByPod.get(id);
  const pod = new PodImpl(raw, id, ip, ips, phase, ready, overrides);
  // R1.3 check: only Pods whose declarations could conflict (or that have listener overrides) pay for it.
  if (overrides !== undefined || mayHaveBindConflict(raw))
    checkBindConflicts(id, pod.keepNetns().listeners, warnings);
  return pod;
}

/** True when some container (app or init) declares a hostPort (allocation-free scan). */
function declaresHostPort(raw: K8sPod): boolean {
  for (const c of raw.spec.containers) for (const p of c.ports) if (p.hostPort !== undefined) return true;
  for (const c of raw.spec.initContainers) for (const p of c.ports) if (p.hostPort !== undefined) return true;
  return false;
}

/** True when two different app/sidecar containers declare the same port/protocol (allocation-free scan). */
function mayHaveBindConflict(raw: K8sPod): boolean {
  const cs = raw.spec.containers;
  const inits = raw.spec.initContainers;
  const n = cs.length + inits.length;
  if (n < 2) return false;
  for (let i = 0; i < n; i++) {
    const a = i < cs.length ? cs[i]! : inits[i - cs.length]!;
    if (a.ports.length === 0) continue;
    for (let j = i + 1; j < n; j++) {
      const b = j < cs.length ? cs[j]! : inits[j - cs.length]!;
      for (const pa of a.ports)
        for (const pb of b.ports)
          if (pa.containerPort === pb.containerPort && pa.protocol === pb.protocol) return true;
    }
  }
  return false;
}

/** R1.3: two containers of one Pod cannot bind the same address/port/protocol (shared port space). */
function checkBindConflicts(id: string, listeners: readonly Listener[], warnings: string[]): void {
  for (let i = 1; i < listeners.length; i++) {
    const b = listeners[i]!;
    for (let j = i - 1; j >= 0; j--) {
      const a = listeners[j]!;
      if (a.port !== b.port || a.protocol !== b.protocol) break;
      if (a.container !== b.container && addressesOverlap(a.address, b.address))
        warnings.push(
          `Pod ${id}: containers ${a.container} and ${b.container} both bind ${b.protocol} port ${b.port} (${a.address} / ${b.address}); they share one network namespace, so the second bind fails and that container crash-loops (R1.3)`,
        );
    }
  }
}

/** Containers, declared ports and listening sockets of a Pod (R1.4, R1.7), after Scenario `listeners` overrides. */
function computeNetns(
  raw: K8sPod,
  id: string,
  phaseRunning: boolean,
  ready: boolean,
  overrides: ListenerOverrides | undefined,
): Netns {
  const st = raw.status;
  const containers: ModelContainer[] = [];
  const ports: DeclaredPort[] = [];
  const initPorts: DeclaredPort[] = [];
  const listeners: Listener[] = [];
  const acc: ContainerAcc = { phaseRunning, podReady: ready, containers, ports, initPorts, listeners };
  for (const c of raw.spec.containers) addContainer(acc, c, 'app', st.containerStatuses);
  for (const c of raw.spec.initContainers)
    addContainer(acc, c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', st.initContainerStatuses);
  for (const x of initPorts) ports.push(x);

  // Scenario overrides: add sockets, rebind to another address, or close (`listening: false`).
  if (overrides) {
    for (const o of overrides) {
      if (o.pod !== id) continue;
      const owner =
        o.container ??
        ports.find((p) => p.containerPort === o.port && p.protocol === o.protocol)?.container ??
        containers[0]!.name;
      for (let i = listeners.length - 1; i >= 0; i--) {
        const l = listeners[i]!;
        if (l.port === o.port && l.protocol === o.protocol && l.container === owner) listeners.splice(i, 1);
      }
      if (o.listening)
        listeners.push({
          container: owner,
          address: o.address === '*' ? '0.0.0.0' : o.address,
          port: o.port,
          protocol: o.protocol,
          source: 'scenario',
        });
    }
  }
  if (listeners.length > 1) listeners.sort(compareListeners);
  return { containers, ports, listeners };
}

interface ContainerAcc {
  phaseRunning: boolean;
  podReady: boolean;
  containers: ModelContainer[];
  ports: DeclaredPort[];
  initPorts: DeclaredPort[];
  listeners: Listener[];
}

/** Add one container's model, declared ports and default listeners (a top-level function: no per-Pod closure). */
function addContainer(
  acc: ContainerAcc,
  c: K8sPod['spec']['containers'][number],
  kind: ModelContainer['kind'],
  statuses: K8sPod['status']['containerStatuses'],
): void {
  const { phaseRunning, listeners } = acc;
  const status = statusOf(c.name, statuses);
  const running = containerRunning(status, kind, phaseRunning);
  const cReady = status ? status.ready : kind === 'init' ? false : acc.podReady;
  const cPorts: DeclaredPort[] = [];
  for (const p of c.ports) {
    const dp: DeclaredPort = {
      container: c.name,
      name: p.name,
      containerPort: p.containerPort,
      protocol: p.protocol,
      hostPort: p.hostPort,
      hostIP: p.hostIP,
    };
    cPorts.push(dp);
    // R1.4: by default every declared port of a running container listens on 0.0.0.0.
    if (running)
      listeners.push({
        container: c.name,
        address: '0.0.0.0',
        port: p.containerPort,
        protocol: p.protocol,
        source: 'declared',
      });
  }
  if (kind === 'init') for (const x of cPorts) acc.initPorts.push(x);
  else for (const x of cPorts) acc.ports.push(x);
  acc.containers.push({ name: c.name, kind, ports: cPorts, running, ready: cReady });
}

type ContainerStatus = K8sPod['status']['containerStatuses'][number];

function statusOf(name: string, statuses: readonly ContainerStatus[]): ContainerStatus | undefined {
  for (const s of statuses) if (s.name === name) return s;
  return undefined;
}

/** Whether a container's process runs (R1.7): its status says started / running, else app containers of a Running Pod. */
function containerRunning(
  status: ContainerStatus | undefined,
  kind: ModelContainer['kind'],
  phaseRunning: boolean,
): boolean {
  if (!status) return kind === 'init' ? false : phaseRunning;
  const stateRunning = status.state
    ? status.state.running !== undefined && status.state.running !== null
    : undefined;
  if (stateRunning === false) return false;
  return status.started ?? stateRunning ?? (kind === 'init' ? false : phaseRunning);
}

const NO_LISTENERS: readonly Listener[] = Object.freeze([]);

/**
 * The declared listeners of a Pod without overrides on `port`/`protocol` (R1.4: every declared port of a running
 * container listens on 0.0.0.0), in the order of `computeNetns` (by container name), without building the
 * namespace: what `findListener` reads on every endpoint a trace reaches.
 */
function declaredListeners(
  raw: K8sPod,
  phaseRunning: boolean,
  port: number,
  protocol: Protocol,
): readonly Listener[] {
  let out = declaredIn(
    raw.spec.containers,
    false,
    raw.status.containerStatuses,
    phaseRunning,
    port,
    protocol,
  );
  if (raw.spec.initContainers.length > 0)
    out = declaredIn(
      raw.spec.initContainers,
      true,
      raw.status.initContainerStatuses,
      phaseRunning,
      port,
      protocol,
      out,
    );
  if (out === undefined) return NO_LISTENERS;
  if (out.length > 1) out.sort(compareListeners);
  return out;
}

/** `declaredListeners` over one container list (app or init), appending to `out`. */
function declaredIn(
  cs: K8sPod['spec']['containers'],
  init: boolean,
  statuses: readonly ContainerStatus[],
  phaseRunning: boolean,
  port: number,
  protocol: Protocol,
  out?: Listener[],
): Listener[] | undefined {
  for (const c of cs) {
    let declares = false;
    for (const p of c.ports) if (p.containerPort === port && p.protocol === protocol) declares = true;
    if (!declares) continue;
    const kind = init ? (c.restartPolicy === 'Always' ? 'sidecar' : 'init') : 'app';
    if (!containerRunning(statusOf(c.name, statuses), kind, phaseRunning)) continue;
    for (const p of c.ports)
      if (p.containerPort === port && p.protocol === protocol)
        (out ??= []).push({ container: c.name, address: '0.0.0.0', port, protocol, source: 'declared' });
  }
  return out;
}

function compareListeners(a: Listener, b: Listener): number {
  return (
    a.port - b.port ||
    cmpStr(a.protocol, b.protocol) ||
    cmpStr(a.container, b.container) ||
    cmpStr(a.address, b.address)
  );
}

function isWildcardAddr(a: string): boolean {
  return a === '0.0.0.0' || a === '::' || a === '*';
}

function addressesOverlap(a: string, b: string): boolean {
  return a === b || isWildcardAddr(a) || isWildcardAddr(b);
}

/** Postings of one label key; `all` (for `Exists`) is the concatenation of the value lists, built on demand. */
export class Postings implements LabelPostings {
  readonly byValue = new Map<string, string[]>();
  #all: string[] | undefined;
  get all(): readonly string[] {
    if (this.#all === undefined) {
      const all: string[] = [];
      for (const list of this.byValue.values()) for (const id of list) all.push(id);
      this.#all = all;
    }
    return this.#all;
  }
}
