/**
 * Istio sidecar mode, the kernel half (reference R14): the nat rules `istio-iptables` writes into a meshed Pod's
 * network namespace (the `istio-init` init container, or the Istio CNI plugin from the same settings), and a small
 * evaluator that walks them for one packet — so whether a connection is captured comes from the rules themselves.
 *
 * Written from istio/istio @86c9f01 (master), tools/istio-iptables/pkg/capture/run.go `Run()`: the rule order and
 * texts below are its calls in order, for the REDIRECT interception mode on IPv4 (the injector's default). Not
 * modelled: TPROXY, DNS capture (`ISTIO_META_DNS_CAPTURE`, off by default), owner-group filters, IPv6, drop-invalid.
 * lib/engine/conformance/istio-iptables.test.ts compares `istioNatRules` with upstream's golden files.
 *
 * A leaf module: no engine state, no trace helpers.
 */
import { cidrContains, parseCidr } from '../../scenario';

/** istio-iptables' settings (tools/common/config Config), as strings the way its flags take them. */
export interface CaptureConfig {
  /** -p: Envoy's outbound listener (15001). */
  proxyPort: string;
  /** -z: Envoy's inbound listener (15006). */
  inboundCapturePort: string;
  /** -e: the HBONE tunnel port, never captured inbound (15008). */
  inboundTunnelPort: string;
  /** -u / -g: the proxy's UID(s) and GID(s), comma-separated (1337; -g defaults to -u). */
  proxyUID: string;
  proxyGID: string;
  /** -i: outbound CIDRs to capture, "*" for all (the injector's default), "" for none. */
  outboundIPRangesInclude: string;
  /** -x: outbound CIDRs never captured. */
  outboundIPRangesExclude: string;
  /** -b: inbound ports to capture, "*" for all (default), "" for none. */
  inboundPortsInclude: string;
  /** -d: inbound ports never captured when -b is "*" (the injector passes 15090,15021,15020). */
  inboundPortsExclude: string;
  /** -q: outbound ports always captured. */
  outboundPortsInclude: string;
  /** -o: outbound ports never captured. */
  outboundPortsExclude: string;
  /** -k: virtual interfaces whose inbound traffic counts as outbound. */
  rerouteVirtualInterfaces: string;
  /** -c: interfaces never captured. */
  excludeInterfaces: string;
  /** The loopback range istio-iptables writes (127.0.0.1/32). */
  hostIPv4LoopbackCidr: string;
}

/** The test configuration of run_test.go `constructTestConfig()` (no capture ranges, no inbound ports). */
export const ISTIO_IPTABLES_BASE: CaptureConfig = {
  proxyPort: '15001',
  inboundCapturePort: '15006',
  inboundTunnelPort: '15008',
  proxyUID: '1337',
  proxyGID: '1337',
  outboundIPRangesInclude: '',
  outboundIPRangesExclude: '',
  inboundPortsInclude: '',
  inboundPortsExclude: '',
  outboundPortsInclude: '',
  outboundPortsExclude: '',
  rerouteVirtualInterfaces: '',
  excludeInterfaces: '',
  hostIPv4LoopbackCidr: '127.0.0.1/32',
};

/**
 * What the sidecar injector's template passes when nothing is annotated (istio/istio @86c9f01
 * manifests/charts/istio-control/istio-discovery/files/injection-template.yaml and values: includeIPRanges "*",
 * includeInboundPorts "*", `-d 15090,15021,` + the status port 15020).
 */
export const ISTIO_INJECTED_DEFAULT: CaptureConfig = {
  ...ISTIO_IPTABLES_BASE,
  outboundIPRangesInclude: '*',
  inboundPortsInclude: '*',
  inboundPortsExclude: '15090,15021,15020',
};

/** Go's config.Split: comma-separated, empty items dropped. */
function split(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** One rule as istio-iptables passes it to iptables-restore (`-A CHAIN …` / `-I CHAIN N …`). */
interface Rule {
  chain: string;
  /** The text after the chain (and position): matches and target. */
  params: string[];
  insertAt?: number;
}

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING', 'FORWARD']);

function ruleText(r: Rule): string {
  return r.insertAt !== undefined
    ? `-I ${r.chain} ${r.insertAt} ${r.params.join(' ')}`
    : `-A ${r.chain} ${r.params.join(' ')}`;
}

function hasLoopback(ranges: string[]): boolean {
  return ranges.some((c) => {
    const x = parseCidr(c);
    return typeof x !== 'string' && cidrContains(x, '127.0.0.1');
  });
}

/** The nat rules in the order `Run()` appends them (IPv4, REDIRECT mode). */
function natRules(c: CaptureConfig): Rule[] {
  const out: Rule[] = [];
  const A = (chain: string, ...params: string[]) => out.push({ chain, params });
  const I = (chain: string, pos: number, ...params: string[]) => out.push({ chain, params, insertAt: pos });
  const lo = c.hostIPv4LoopbackCidr;
  const include = c.outboundIPRangesInclude.trim();
  const includeRanges = include === '*' ? [] : split(include).filter((r) => !r.includes(':'));
  // shortCircuitExcludeInterfaces, shortCircuitKubeInternalInterface
  for (const i of split(c.excludeInterfaces)) {
    A('PREROUTING', '-i', i, '-j', 'RETURN');
    A('OUTPUT', '-o', i, '-j', 'RETURN');
  }
  for (const i of split(c.rerouteVirtualInterfaces)) I('PREROUTING', 1, '-i', i, '-j', 'RETURN');
  A('ISTIO_INBOUND', '-p', 'tcp', '--dport', c.inboundTunnelPort, '-j', 'RETURN');
  A('ISTIO_REDIRECT', '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', c.proxyPort);
  A('ISTIO_IN_REDIRECT', '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', c.inboundCapturePort);
  // handleInboundPortsInclude (REDIRECT: nat table)
  if (c.inboundPortsInclude.trim() !== '') {
    A('PREROUTING', '-p', 'tcp', '-j', 'ISTIO_INBOUND');
    if (c.inboundPortsInclude.trim() === '*') {
      for (const p of split(c.inboundPortsExclude))
        A('ISTIO_INBOUND', '-p', 'tcp', '--dport', p, '-j', 'RETURN');
      A('ISTIO_INBOUND', '-p', 'tcp', '-j', 'ISTIO_IN_REDIRECT');
    } else
      for (const p of split(c.inboundPortsInclude))
        A('ISTIO_INBOUND', '-p', 'tcp', '--dport', p, '-j', 'ISTIO_IN_REDIRECT');
  }
  A('OUTPUT', '-j', 'ISTIO_OUTPUT');
  for (const p of split(c.outboundPortsExclude)) {
    A('ISTIO_OUTPUT', '-p', 'tcp', '--dport', p, '-j', 'RETURN');
    A('ISTIO_OUTPUT', '-p', 'udp', '--dport', p, '-j', 'RETURN');
  }
  A('ISTIO_OUTPUT', '-o', 'lo', '-s', '127.0.0.6/32', '-j', 'RETURN');
  const loopbackIncluded = hasLoopback(includeRanges);
  for (const [flag, ids] of [
    ['--uid-owner', split(c.proxyUID)],
    ['--gid-owner', split(c.proxyGID)],
  ] as const)
    for (const id of ids) {
      A(
        'ISTIO_OUTPUT',
        '-o',
        'lo',
        '!',
        '-d',
        lo,
        '-p',
        'tcp',
        '!',
        '--dport',
        c.inboundTunnelPort,
        '-m',
        'owner',
        flag,
        id,
        '-j',
        'ISTIO_IN_REDIRECT',
      );
      if (!loopbackIncluded) A('ISTIO_OUTPUT', '-o', 'lo', '-m', 'owner', '!', flag, id, '-j', 'RETURN');
      A('ISTIO_OUTPUT', '-m', 'owner', flag, id, '-j', 'RETURN');
    }
  A('ISTIO_OUTPUT', '-d', lo, '-j', 'RETURN');
  for (const cidr of split(c.outboundIPRangesExclude).filter((r) => !r.includes(':')))
    A('ISTIO_OUTPUT', '-d', cidr, '-j', 'RETURN');
  for (const p of split(c.outboundPortsInclude))
    A('ISTIO_OUTPUT', '-p', 'tcp', '--dport', p, '-j', 'ISTIO_REDIRECT');
  if (include === '*') {
    A('ISTIO_OUTPUT', '-j', 'ISTIO_REDIRECT');
    for (const i of split(c.rerouteVirtualInterfaces)) I('PREROUTING', 1, '-i', i, '-j', 'ISTIO_REDIRECT');
  } else
    for (const cidr of includeRanges) {
      for (const i of split(c.rerouteVirtualInterfaces))
        I('PREROUTING', 1, '-i', i, '-d', cidr, '-j', 'ISTIO_REDIRECT');
      A('ISTIO_OUTPUT', '-d', cidr, '-j', 'ISTIO_REDIRECT');
    }
  return out;
}

/**
 * The nat table as istio-iptables hands it to `iptables-restore` (builder.buildRestore): `* nat`, a `-N` line per
 * non-built-in chain in order of first use, the rules in order, `COMMIT`.
 */
export function istioNatRules(c: CaptureConfig): string[] {
  const rules = natRules(c);
  const chains: string[] = [];
  const seen = new Set<string>();
  for (const r of rules)
    if (!BUILTIN.has(r.chain) && !seen.has(r.chain)) {
      seen.add(r.chain);
      chains.push(r.chain);
    }
  for (const r of rules) {
    const j = r.params.indexOf('-j');
    const t = j >= 0 ? r.params[j + 1] : undefined;
    if (t && j === r.params.length - 2 && t.startsWith('ISTIO_') && !seen.has(t)) {
      seen.add(t);
      chains.push(t);
    }
  }
  return ['* nat', ...chains.map((ch) => `-N ${ch}`), ...rules.map(ruleText), 'COMMIT'];
}

// ---------------------------------------------------------------------------------------------
// Walking the rules for one packet
// ---------------------------------------------------------------------------------------------

/** The packet as the nat hook sees it. */
export interface CapturePacket {
  hook: 'OUTPUT' | 'PREROUTING';
  proto: 'TCP' | 'UDP' | 'ICMP';
  src: string;
  dst: string;
  dport?: number;
  /** OUTPUT: the interface routing chose ("lo" for a local destination). */
  oif?: string;
  /** PREROUTING: the interface it arrived on. */
  iif?: string;
  /** OUTPUT: the sending process's UID and GID. */
  uid?: number;
  gid?: number;
}

export interface CaptureResult {
  /** REDIRECT target port, or undefined when the packet passes uncaptured. */
  redirectTo?: number;
  /** The rules walked, in order, as istio-iptables writes them; `hit` when the packet matched. */
  walked: { text: string; hit: boolean }[];
  /** The rule that decided (the REDIRECT, or the RETURN / end of chain that let it pass). */
  decidedBy?: string;
}

function inCidr(cidr: string, ip: string): boolean {
  const x = parseCidr(cidr.includes('/') ? cidr : `${cidr}/32`);
  return typeof x !== 'string' && cidrContains(x, ip);
}

/** Does the rule's match part accept the packet? (the subset of matches istio-iptables writes) */
function matches(params: string[], p: CapturePacket): boolean {
  let neg = false;
  for (let i = 0; i < params.length; i++) {
    const t = params[i] as string;
    const v = params[i + 1] ?? '';
    let ok: boolean | undefined;
    switch (t) {
      case '!':
        neg = true;
        continue;
      case '-j':
        return true;
      case '-m':
        i++;
        continue;
      case '-p':
        ok = p.proto === v.toUpperCase();
        break;
      case '--dport':
        ok = p.dport !== undefined && String(p.dport) === v;
        break;
      case '--dports':
        ok = p.dport !== undefined && v.split(',').includes(String(p.dport));
        break;
      case '-d':
        ok = inCidr(v, p.dst);
        break;
      case '-s':
        ok = inCidr(v, p.src);
        break;
      case '-o':
        ok = p.oif === v;
        break;
      case '-i':
        ok = p.iif === v;
        break;
      case '--uid-owner':
        ok = p.uid !== undefined && String(p.uid) === v;
        break;
      case '--gid-owner':
        ok = p.gid !== undefined && String(p.gid) === v;
        break;
      default:
        return false;
    }
    i++;
    if (neg ? ok : !ok) return false;
    neg = false;
  }
  return true;
}

function target(params: string[]): { jump: string; toPort?: number } {
  const j = params.indexOf('-j');
  const jump = params[j + 1] ?? '';
  const tp = params.indexOf('--to-ports');
  return tp >= 0 ? { jump, toPort: Number(params[tp + 1]) } : { jump };
}

/** Chains with their rules in effective order (`-I N` inserts at position N). */
function chainsOf(c: CaptureConfig): Map<string, Rule[]> {
  const m = new Map<string, Rule[]>();
  for (const r of natRules(c)) {
    const list = m.get(r.chain) ?? [];
    if (r.insertAt !== undefined) list.splice(r.insertAt - 1, 0, r);
    else list.push(r);
    m.set(r.chain, list);
  }
  return m;
}

/** Walk the Pod's nat rules for `p` from its hook: which rules it meets, and whether it is redirected. */
export function walkCapture(c: CaptureConfig, p: CapturePacket): CaptureResult {
  const chains = chainsOf(c);
  const walked: CaptureResult['walked'] = [];
  const walk = (chain: string, depth: number): { redirectTo: number; by: string } | 'return' | 'end' => {
    for (const r of chains.get(chain) ?? []) {
      const hit = matches(r.params, p);
      walked.push({ text: ruleText(r), hit });
      if (!hit) continue;
      const t = target(r.params);
      if (t.jump === 'RETURN') return 'return';
      if (t.jump === 'REDIRECT' && t.toPort !== undefined) return { redirectTo: t.toPort, by: ruleText(r) };
      if (chains.has(t.jump) && depth < 8) {
        const sub = walk(t.jump, depth + 1);
        if (typeof sub === 'object') return sub;
      }
    }
    return 'end';
  };
  const res = walk(p.hook, 0);
  if (typeof res === 'object') return { redirectTo: res.redirectTo, walked, decidedBy: res.by };
  const lastHit = [...walked].reverse().find((w) => w.hit);
  return lastHit ? { walked, decidedBy: lastHit.text } : { walked };
}

// ---------------------------------------------------------------------------------------------
// Reading the injected Pod spec
// ---------------------------------------------------------------------------------------------

const FLAG_FIELDS: Record<string, keyof CaptureConfig> = {
  '-p': 'proxyPort',
  '-z': 'inboundCapturePort',
  '-e': 'inboundTunnelPort',
  '-u': 'proxyUID',
  '-g': 'proxyGID',
  '-i': 'outboundIPRangesInclude',
  '-x': 'outboundIPRangesExclude',
  '-b': 'inboundPortsInclude',
  '-d': 'inboundPortsExclude',
  '-q': 'outboundPortsInclude',
  '-o': 'outboundPortsExclude',
  '-k': 'rerouteVirtualInterfaces',
  '-c': 'excludeInterfaces',
};

/**
 * The settings from `istio-init`'s args as the injector writes them (`istio-iptables -p 15001 -z 15006 -u 1337 -m
 * REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020 …`). Flags not given keep istio-iptables' own defaults
 * (nothing captured), and -g follows -u as config.go does.
 */
export function captureFromArgs(args: readonly string[]): { config: CaptureConfig; mode: string } {
  const c: CaptureConfig = { ...ISTIO_IPTABLES_BASE };
  let mode = 'REDIRECT';
  let gid: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const [flag, inline] = a.startsWith('--')
      ? [a, undefined]
      : a.length > 2 && a.startsWith('-')
        ? [a.slice(0, 2), a.slice(2)]
        : [a, undefined];
    const value = inline ?? args[i + 1] ?? '';
    if (flag === '-m') {
      mode = value;
      if (inline === undefined) i++;
      continue;
    }
    const field = FLAG_FIELDS[flag];
    if (!field) continue;
    if (inline === undefined) i++;
    if (field === 'proxyGID') gid = value;
    else c[field] = value;
  }
  c.proxyGID = gid ?? c.proxyUID;
  return { config: c, mode };
}

/**
 * The settings the Istio CNI plugin would use for a Pod without `istio-init` (it reads the same annotations the
 * injector's template reads, with the same defaults).
 */
export function captureFromAnnotations(ann: Readonly<Record<string, string>>): CaptureConfig {
  const a = (k: string, d: string) => ann[`traffic.sidecar.istio.io/${k}`] ?? d;
  const statusPort = ann['status.sidecar.istio.io/port'] ?? '15020';
  const extraExclude = a('excludeInboundPorts', '');
  return {
    ...ISTIO_INJECTED_DEFAULT,
    outboundIPRangesInclude: a('includeOutboundIPRanges', '*'),
    outboundIPRangesExclude: a('excludeOutboundIPRanges', ''),
    inboundPortsInclude: a('includeInboundPorts', '*'),
    inboundPortsExclude: ['15090', '15021', statusPort === '0' ? '' : statusPort, extraExclude]
      .filter((x) => x !== '')
      .join(','),
    outboundPortsInclude: a('includeOutboundPorts', ''),
    outboundPortsExclude: a('excludeOutboundPorts', ''),
  };
}
