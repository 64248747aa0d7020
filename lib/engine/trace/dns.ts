/**
 * The resolution phase (reference §A5, R3.3–R3.5, R6.1, R6.2, R10.8): search-list expansion with ndots:5 for
 * dnsPolicy ClusterFirst (and ClusterFirstWithHostNet), the node's resolver for Default (and hostNetwork Pods
 * with ClusterFirst), cluster records (ClusterIP A, headless Pod A records, hostname.subdomain, ExternalName
 * CNAME, `a-b-c-d.<ns>.pod`), CoreDNS forwarding to upstream (public DNS), and the DNS query as a UDP flow to
 * the kube-dns ClusterIP (so NetworkPolicy and the Service dataplane apply to it).
 */
import type { ModelPod } from '../model';
import type { DnsResolution, Hop } from '../types';
import { type Ctx, type Done, type PState, HopList, hop, newState, ref } from './state';
import { connect, type Origin } from './connect';
import { selectFamily, type ResolverLib } from './address-selection';

export const NDOTS = 5;

type Tried = DnsResolution['tried'][number];

export interface NameAnswer {
  ips: string[];
  /** Dual-stack (R13.4): why the client connects with this family (set when the answer had both). */
  selection?: string;
  kind: DnsResolution['kind'];
  /** CNAME chain (ExternalName / public CNAMEs). */
  cnames: string[];
  rule: string;
  note: string;
}

function isIPLiteral(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');
}

/** Public DNS (names the outside world resolves), following CNAMEs. */
export function publicLookup(ctx: Ctx, name: string, depth = 0): NameAnswer | undefined {
  const r = ctx.model.publicDns.get(name.toLowerCase().replace(/\.$/, ''));
  if (!r) return undefined;
  if (r.a.length > 0)
    return { ips: [...r.a], kind: 'PUBLIC', cnames: [], rule: 'R3.5', note: `public A ${r.a.join(', ')}` };
  if (r.cname && depth < 8) {
    const next = publicLookup(ctx, r.cname, depth + 1);
    if (next) return { ...next, cnames: [r.cname, ...next.cnames], kind: 'CNAME' };
  }
  return undefined;
}

/** An authoritative cluster-domain lookup by CoreDNS (kubernetes plugin). Undefined = NXDOMAIN. */
export function clusterLookup(ctx: Ctx, fqdn: string, depth = 0): NameAnswer | undefined {
  const domain = ctx.s.domain.toLowerCase();
  if (!fqdn.endsWith(`.${domain}`)) return undefined;
  const labels = fqdn.slice(0, -(domain.length + 1)).split('.');
  // <svc>.<ns>.svc.<domain>
  if (labels.length === 3 && labels[2] === 'svc') {
    const svc = ctx.model.services.get(`${labels[1]}/${labels[0]}`);
    if (!svc) return undefined;
    if (svc.type === 'ExternalName' && svc.externalName) {
      ctx.rules.add('R6.2');
      const target = svc.externalName.toLowerCase().replace(/\.$/, '');
      // R6.2: an IP-looking externalName is treated as a name, not an address.
      const next =
        depth < 8
          ? target.endsWith(`.${domain}`)
            ? clusterLookup(ctx, target, depth + 1)
            : publicLookup(ctx, target)
          : undefined;
      if (!next)
        return {
          ips: [],
          kind: 'CNAME',
          cnames: [target],
          rule: 'R6.2',
          note: `CNAME ${target}${isIPLiteral(target) ? ' (an IP-looking externalName is a name, not an address)' : ''} → no address`,
        };
      return {
        ips: next.ips,
        kind: 'CNAME',
        cnames: [target, ...next.cnames],
        rule: 'R6.2',
        note: `CNAME ${target} → ${next.ips.join(', ')}`,
      };
    }
    if (svc.headless) {
      ctx.rules.add('R6.1');
      const rec = ctx.model.headlessDns.get(fqdn);
      return {
        ips: rec ? [...rec.ips] : [],
        kind: 'POD_IPS',
        cnames: [],
        rule: 'R6.1',
        note: `headless: A records of the ${svc.publishNotReadyAddresses ? '' : 'ready '}Pods`,
      };
    }
    if (svc.clusterIP) {
      // One record per ClusterIP: A for the IPv4 one, AAAA for the IPv6 one (R13.4).
      const ips = svc.clusterIPs.length > 0 ? [...svc.clusterIPs] : [svc.clusterIP];
      return {
        ips,
        kind: 'CLUSTER_IP',
        cnames: [],
        rule: 'R3.3',
        note: `${recordsText(ips)} (the ClusterIP${ips.length > 1 ? 's' : ''}; records do not depend on endpoints)`,
      };
    }
    return undefined;
  }
  // <hostname>.<svc>.<ns>.svc.<domain> (R6.1)
  if (labels.length === 4 && labels[3] === 'svc') {
    const rec = ctx.model.headlessDns.get(fqdn);
    if (rec && rec.ips.length > 0) {
      ctx.rules.add('R6.1');
      return {
        ips: [...rec.ips],
        kind: 'POD_IPS',
        cnames: [],
        rule: 'R6.1',
        note: `A ${rec.ips.join(', ')} (hostname.subdomain record of ${rec.pod ?? 'a Pod'})`,
      };
    }
    return undefined;
  }
  // <a-b-c-d>.<ns>.pod.<domain>
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = (labels[0] ?? '').replace(/-/g, '.');
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))
      return { ips: [ip], kind: 'POD_IPS', cnames: [], rule: 'R3.3', note: `A ${ip} (Pod A record)` };
  }
  return undefined;
}

/** `A 10.96.0.50` / `A 10.96.0.50, AAAA fd00:10:96::50`. */
export function recordsText(ips: readonly string[]): string {
  const a = ips.filter((x) => !x.includes(':'));
  const aaaa = ips.filter((x) => x.includes(':'));
  return [a.length > 0 ? `A ${a.join(', ')}` : '', aaaa.length > 0 ? `AAAA ${aaaa.join(', ')}` : '']
    .filter(Boolean)
    .join(', ');
}

/**
 * The addresses the client connects with (R13.4): only the family it asked for (`curl -4/-6`, AF_INET/AF_INET6),
 * else — both A and AAAA asked — the family its resolver sorts first (address-selection.ts). `ips` empty with a
 * `nodata` reason when the name has no address of the asked family (NOERROR, no records: not NXDOMAIN).
 */
function chooseFamily(
  ips: readonly string[],
  c: DnsClient,
  name: string,
): { ips: string[]; records: NonNullable<DnsResolution['records']>; why?: string; nodata?: string } {
  const a = ips.filter((x) => !x.includes(':'));
  const aaaa = ips.filter((x) => x.includes(':'));
  if (c.family !== undefined) {
    const type = c.family === 6 ? 'AAAA' : 'A';
    const got = c.family === 6 ? aaaa : a;
    const records = [{ type, answers: got }] as NonNullable<DnsResolution['records']>;
    if (got.length === 0)
      return {
        ips: [],
        records,
        nodata: `${name} has no ${type} record: the ${type} query is answered NOERROR with no records (NODATA — the name exists, ${c.family === 6 ? `it only has A ${a.join(', ')}` : `it only has AAAA ${aaaa.join(', ')}`}); ${c.resolver === 'musl' ? 'musl ends the search there (lookup_name.c: NODATA is EAI_NODATA, and any result but NXDOMAIN stops the search list)' : 'the resolver tries the rest of the search list (NXDOMAIN)'} and getaddrinfo with ${c.family === 6 ? 'AF_INET6 (curl -6)' : 'AF_INET (curl -4)'} fails with EAI_NODATA${c.resolver === 'musl' ? '' : ' ("No address associated with hostname")'}: no connection is attempted. A single-stack Service has a ClusterIP of one family only (R13.4, R13.1)`,
      };
    return {
      ips: got,
      records,
      why: `the client asks for ${type} only (${c.family === 6 ? 'AF_INET6, curl -6' : 'AF_INET, curl -4'}) → ${got.join(', ')}`,
    };
  }
  const records: NonNullable<DnsResolution['records']> = [
    { type: 'A', answers: a },
    { type: 'AAAA', answers: aaaa },
  ];
  if (a.length === 0 || aaaa.length === 0) {
    const only = a.length > 0 ? 'IPv4' : 'IPv6';
    const none = a.length > 0 ? 'AAAA' : 'A';
    return {
      ips: [...ips],
      records,
      ...(c.dualStackClient
        ? {
            why: `the resolver asks A and AAAA; ${none}: NOERROR, no records (the name has only ${only} addresses, not NXDOMAIN) → the client connects over ${only}`,
          }
        : {}),
    };
  }
  const sel = selectFamily(ips, c.sources ?? [c.srcIP], c.resolver ?? 'glibc');
  const first = sel.ordered.filter((x) => x.includes(':') === (sel.first === 6));
  return {
    ips: first,
    records,
    why: `${sel.why}; the client connects to ${first[0]} first (it tries the other family only if that connection fails; Happy Eyeballs clients such as curl start it after a short delay)`,
  };
}

/** Names tried in order (R3.4): search list first when the name has fewer than ndots dots. */
export function searchCandidates(
  name: string,
  namespace: string,
  domain: string,
  useSearch: boolean,
): string[] {
  const q = name.toLowerCase();
  if (q.endsWith('.')) return [q.slice(0, -1)];
  if (!useSearch) return [q];
  const search = [`${namespace}.svc.${domain}`, `svc.${domain}`, domain];
  const dots = q.split('.').length - 1;
  const expanded = search.map((s) => `${q}.${s}`);
  return dots >= NDOTS ? [q, ...expanded] : [...expanded, q];
}

export interface ResolveResult {
  answer?: NameAnswer;
  resolution: DnsResolution;
  /** Paths to show when resolution fails (NXDOMAIN or a failed DNS flow). */
  failure?: { paths: Done[]; disposition: Done['disposition']; reason: string };
}

export interface DnsClient {
  /** Cluster resolver (ClusterFirst / ClusterFirstWithHostNet) vs the node's resolver. */
  cluster: boolean;
  namespace?: string;
  /** How to send the DNS query through the cluster (origin + initial packet source). */
  origin?: Origin;
  srcIP: string;
  /** Hop for clients using public DNS (client or node). */
  firstHop?: { layer: 'Client' | 'Node'; at: string; label: string };
  pod?: ModelPod;
  /** Dual-stack (R13.4): the family the client asks for (undefined = A and AAAA), its resolver library, its addresses. */
  family?: 4 | 6;
  resolver?: ResolverLib;
  sources?: readonly string[];
  /** The client has addresses of both families (a dual-stack Pod): say why a single-family answer is used. */
  dualStackClient?: boolean;
}

/**
 * A client outside the cluster (a browser, a laptop) asks its own resolver, which asks public DNS: none of the
 * in-cluster resolver's rules (R3.3–R3.5: kubelet's resolv.conf, kube-dns, CoreDNS) applies. The reference's §A3
 * rule 3 (DNS is a separate resolution phase, before the connection) is what its hops show.
 */
export const OUTSIDE_DNS_RULE = '§A3.3';

/** The client is outside the cluster (no Pod, no node): its lookups never meet cluster DNS. */
function outsideClient(c: DnsClient): boolean {
  return !c.pod && c.firstHop?.layer === 'Client';
}

function publicHops(ctx: Ctx, c: DnsClient, name: string, result: string): Hop[] {
  // A node's resolver, or a Pod with dnsPolicy Default inheriting it, is R3.4; an outside client is §A3 rule 3.
  const rule = outsideClient(c) ? OUTSIDE_DNS_RULE : 'R3.4';
  let st = newState({
    src: c.srcIP,
    srcPort: 'ephemeral',
    dst: 'public-resolver',
    dstPort: 53,
    protocol: 'UDP',
  });
  if (c.firstHop)
    st = hop(ctx, st, {
      layer: c.firstHop.layer,
      at: c.firstHop.at,
      label: c.firstHop.label,
      steps: [`query A ${name}`],
      rule,
    });
  st = hop(ctx, st, {
    layer: 'DNS',
    at: 'dns/public',
    label: `public DNS resolver: ${name} → ${result}`,
    steps: [`recursive resolution of ${name} → ${result}`],
    rule,
  });
  return st.hops.toArray();
}

/**
 * No query of the search list got an answer (nothing reachable answered): recorded as NO_ANSWER — an NXDOMAIN
 * is an answer, and none came.
 */
function unanswered(cands: string[]): Tried[] {
  return cands.map((cand) => ({ name: cand, result: 'NO_ANSWER' as const, server: 'cluster' as const }));
}

/**
 * The cluster DNS Service does not exist (or has no ClusterIP / port 53): the Pod's resolv.conf names a nameserver
 * that nothing answers, so every query of the search list fails. The path is the query leaving its source
 * (Container → Pod, or → Node for a host-network client) and failing there.
 */
function noNameserver(ctx: Ctx, name: string, c: DnsClient, origin: Origin, cands: string[]): ResolveResult {
  const reason = `DNS timed out: the cluster DNS Service ${ctx.s.dnsService} does not exist, so the resolver's nameserver (kubelet --cluster-dns) answers nothing; the resolver retries, gives up, and no connection is attempted (R3.5)`;
  let st: PState = {
    ...newState({ src: c.srcIP, srcPort: 'ephemeral', dst: 'cluster-dns', dstPort: 53, protocol: 'UDP' }),
    dns: true,
  };
  const query = `query A ${cands[0] ?? name} → nameserver of /etc/resolv.conf (cluster DNS, ${ctx.s.dnsService})`;
  const pod = origin.kind === 'pod' || origin.kind === 'host' ? origin.pod : undefined;
  const container = origin.kind === 'pod' || origin.kind === 'host' ? origin.container : undefined;
  if (pod && container)
    st = hop(ctx, st, {
      layer: 'Container',
      at: ref.container(pod, container),
      label: `${container} resolves ${name}`,
      steps: [query],
      rule: 'R3.4',
    });
  if (pod)
    st = hop(ctx, st, {
      layer: 'Pod',
      at: ref.pod(pod),
      label: `pod ${pod.name}: no cluster DNS Service`,
      steps: pod.hostNetwork
        ? []
        : [`${c.srcIP} → cluster DNS: ${ctx.s.dnsService} does not exist, nothing answers`],
      rule: 'R3.5',
    });
  if (origin.kind === 'host')
    st = hop(ctx, st, {
      layer: 'Node',
      at: ref.node(origin.node),
      label: `${origin.node.name} host stack: no cluster DNS Service`,
      steps: [`${ctx.s.dnsService} does not exist, nothing answers`],
      rule: 'R3.5',
    });
  const last = st.hops.last;
  const hops = last
    ? st.hops.withLast({ ...last, verdict: { disposition: 'DNS_TIMEOUT' as const, reason } })
    : st.hops;
  const path: Done = { ...st, hops, disposition: 'DNS_TIMEOUT', reason };
  ctx.rules.add('R3.5');
  const resolution: DnsResolution = {
    query: name,
    tried: unanswered(cands),
    answers: [],
    kind: 'NONE',
    hops: st.hops.toArray(),
    rule: 'R3.5',
  };
  return { resolution, failure: { paths: [path], disposition: 'DNS_TIMEOUT', reason } };
}

/** Dispositions of a query that is lost without any reply to the client (the resolver just waits). */
const SILENT = new Set<string>(['DROPPED', 'DENIED_OUT', 'DENIED_IN', 'NO_ROUTE']);

/** Resolve `name` for a client, running the DNS query flow when the cluster resolver is used. */
export function resolve(ctx: Ctx, name: string, c: DnsClient): ResolveResult {
  const domain = ctx.s.domain.toLowerCase();
  const tried: Tried[] = [];
  let answer: NameAnswer | undefined;
  const cands = c.cluster
    ? searchCandidates(name, c.namespace ?? 'default', domain, true)
    : searchCandidates(name, '', domain, false);
  // Cluster resolver without a cluster DNS Service: no lookup gets an answer (R3.5).
  const dnsSvc = c.cluster && c.origin ? ctx.model.services.get(ctx.s.dnsService) : undefined;
  const dnsPort =
    dnsSvc?.ports.find((p) => p.port === 53 && p.protocol === 'UDP') ??
    dnsSvc?.ports.find((p) => p.port === 53);
  if (c.cluster && c.origin && (!dnsSvc || !dnsSvc.clusterIP || !dnsPort))
    return noNameserver(ctx, name, c, c.origin, cands);
  // A client asking for one family only (R13.4): a name with addresses of the other family only is NODATA for
  // it, and glibc keeps walking the search list after NODATA (resolv/res_query.c: "On a NO_DATA error, keep
  // trying"), reporting NO_DATA at the end if nothing else answers; so does Go. musl does not: name_from_dns returns
  // EAI_NODATA for NOERROR without records, and name_from_dns_search only goes on after NXDOMAIN (lookup_name.c).
  const ofFamily = (r: NameAnswer) =>
    c.family === undefined || r.ips.some((x) => x.includes(':') === (c.family === 6));
  let nodataAnswer: NameAnswer | undefined;
  for (const cand of cands) {
    const inCluster = cand === domain || cand.endsWith(`.${domain}`);
    if (inCluster && c.cluster) {
      const r = clusterLookup(ctx, cand);
      if (r && r.ips.length > 0 && !ofFamily(r)) {
        tried.push({ name: cand, result: 'NODATA', server: 'cluster' });
        nodataAnswer ??= r;
        if (c.resolver === 'musl') break;
        continue;
      }
      // A name that exists without addresses (NODATA: headless Service with no ready Pods) ends the search with no answer.
      tried.push({ name: cand, result: r && r.ips.length > 0 ? 'ANSWER' : 'NXDOMAIN', server: 'cluster' });
      if (r) {
        answer = r;
        break;
      }
      continue;
    }
    const r = publicLookup(ctx, cand);
    if (r && r.ips.length > 0 && !ofFamily(r)) {
      tried.push({ name: cand, result: 'NODATA', server: 'public' });
      nodataAnswer ??= r;
      if (c.resolver === 'musl') break;
      continue;
    }
    tried.push({ name: cand, result: r ? 'ANSWER' : 'NXDOMAIN', server: 'public' });
    if (r) {
      answer = r;
      break;
    }
  }
  if (!answer && nodataAnswer) answer = nodataAnswer;
  ctx.rules.add(outsideClient(c) ? OUTSIDE_DNS_RULE : 'R3.4');
  if (answer && answer.kind !== 'PUBLIC') ctx.rules.add(answer.rule);
  // Dual-stack (R13.4): which records the client asked for and which family it connects with.
  const allIPs = answer ? answer.ips : [];
  let records: DnsResolution['records'];
  let selection: string | undefined;
  let nodata: string | undefined;
  if (answer && answer.ips.length > 0) {
    const ch = chooseFamily(answer.ips, c, name);
    if (
      ch.records.some((r) => r.type === 'AAAA' && r.answers.length > 0) ||
      c.family !== undefined ||
      ch.why
    ) {
      records = ch.records;
      selection = ch.why;
      if (selection || ch.nodata) ctx.rules.add('R13.4');
    }
    nodata = ch.nodata;
    answer = { ...answer, ips: ch.ips, ...(ch.why ? { selection: ch.why } : {}) };
  }
  const ok = !!answer && answer.ips.length > 0;
  // What came back for the query types asked: both with AF_UNSPEC, one with -4/-6 (R13.4).
  const asked = c.family === 6 ? 'AAAA' : 'A';
  const resultText = nodata
    ? `${asked}: NOERROR, no records (NODATA)`
    : allIPs.length > 0 && !records
      ? allIPs.join(', ') // single-stack: the addresses as before (no record types to tell apart)
      : allIPs.length > 0
        ? recordsText(c.family === undefined ? allIPs : (answer?.ips ?? allIPs)) +
          (records?.some((r) => r.answers.length === 0) && c.family === undefined
            ? `, ${records.find((r) => r.answers.length === 0)!.type}: NOERROR, no records`
            : '')
        : answer
          ? `${answer.note}`
          : 'NXDOMAIN';

  if (!c.cluster || !c.origin) {
    const hops = publicHops(ctx, c, name, resultText);
    const resolution: DnsResolution = {
      query: name,
      tried,
      answers: ok ? [...answer!.cnames, ...allIPs] : [],
      kind: ok || nodata ? answer!.kind : 'NONE',
      hops,
      rule: outsideClient(c) ? OUTSIDE_DNS_RULE : ok ? answer!.rule : 'R3.4',
      ...(records ? { records } : {}),
      ...(selection ? { addressSelection: selection } : {}),
    };
    if (ok) return { answer: answer!, resolution };
    if (nodata) {
      const last = hops[hops.length - 1];
      const failHops = last
        ? [...hops.slice(0, -1), { ...last, verdict: { disposition: 'NODATA' as const, reason: nodata } }]
        : hops;
      const path: Done = {
        ...newState({ src: c.srcIP, dst: 'public-resolver', dstPort: 53, protocol: 'UDP' }),
        hops: HopList.from(failHops),
        disposition: 'NODATA',
        reason: nodata,
      };
      return { resolution, failure: { paths: [path], disposition: 'NODATA', reason: nodata } };
    }
    const reason =
      (!c.cluster && /\.svc\./.test(`${name}.`)) || (!c.cluster && name.toLowerCase().endsWith(domain))
        ? `${name} is a cluster name, but this client uses the node's / public resolver (dnsPolicy Default or outside the cluster), which cannot resolve cluster names → NXDOMAIN (R3.4)`
        : `${name} does not resolve in public DNS → NXDOMAIN`;
    const last = hops[hops.length - 1];
    const failHops = last
      ? [...hops.slice(0, -1), { ...last, verdict: { disposition: 'NXDOMAIN' as const, reason } }]
      : hops;
    const path: Done = {
      ...newState({ src: c.srcIP, dst: 'public-resolver', dstPort: 53, protocol: 'UDP' }),
      hops: HopList.from(failHops),
      disposition: 'NXDOMAIN',
      reason,
    };
    return { resolution, failure: { paths: [path], disposition: 'NXDOMAIN', reason } };
  }

  // Cluster resolver: the query itself is a UDP flow to the kube-dns Service (R3.5).
  ctx.rules.add('R3.5');
  let flows: Done[] = [];
  if (dnsSvc && dnsSvc.clusterIP && dnsPort) {
    const st: PState = {
      ...newState({
        src: c.srcIP,
        srcPort: 'ephemeral',
        dst: dnsSvc.clusterIP,
        dstPort: 53,
        protocol: dnsPort.protocol === 'UDP' ? 'UDP' : 'TCP',
      }),
      dns: true,
    };
    flows = connect(ctx, st, c.origin, { ip: dnsSvc.clusterIP, port: 53, proto: dnsPort.protocol });
  }
  const delivered = flows.filter((f) => f.disposition === 'DELIVERED');
  // The query reached CoreDNS: the hops end at the CoreDNS Pod (the container hop is dropped, S07).
  // kube-dns is a Service like any other: the dataplane picks one of its endpoints (R3.5, R3.6), so each CoreDNS
  // replica is an alternative with its share, and the answering hop says which one of how many it is.
  const totalW = delivered.reduce((a, f) => a + f.weight, 0) || 1;
  const trimmed = delivered.map((f, i) => {
    const hops = f.hops.last?.layer === 'Container' ? f.hops.pop() : f.hops;
    const last = hops.last;
    const which =
      delivered.length > 1
        ? ` (replica ${i + 1} of ${delivered.length} behind ${ctx.s.dnsService}, chosen like any Service endpoint; any of them may answer)`
        : '';
    const labelled = last
      ? hops.withLast({ ...last, label: `${last.label}: CoreDNS answers ${resultText}${which}` })
      : hops;
    return { ...f, hops: labelled };
  });
  const alternatives = trimmed.map((f) => ({
    choice: f.choices.length > 0 ? f.choices.join('; ') : 'the only path',
    weight: f.weight / totalW,
    hops: f.hops.toArray(),
  }));
  const firstHops = alternatives[0]?.hops ?? flows[0]?.hops.toArray() ?? [];
  // No query reached CoreDNS: nothing was answered, whatever the records say.
  const answered = delivered.length > 0;
  const resolution: DnsResolution = {
    query: name,
    tried: answered ? tried : unanswered(cands),
    answers: ok && answered ? [...answer!.cnames, ...allIPs] : [],
    kind: (ok || nodata) && answered ? answer!.kind : 'NONE',
    hops: firstHops,
    rule: ok && answered ? answer!.rule : nodata && answered ? 'R13.4' : 'R3.4',
    ...(records && answered ? { records } : {}),
    ...(selection && answered ? { addressSelection: selection } : {}),
  };
  if (answered) resolution.alternatives = alternatives;
  if (!dnsSvc || !dnsSvc.clusterIP || !dnsPort) return noNameserver(ctx, name, c, c.origin, cands);
  if (delivered.length === 0) {
    // R10.8: a failed DNS flow (egress policy without DNS, no CoreDNS endpoints…) fails resolution. A query that
    // is dropped gets no answer at all: the resolver retries and gives up — DNS timed out, not NXDOMAIN. A
    // rejected one (ICMP port-unreachable, e.g. kube-dns without endpoints) fails at once with that error.
    const f0 = flows[0];
    const silent = flows.length > 0 && flows.every((f) => SILENT.has(f.disposition));
    if (flows.some((f) => f.disposition === 'DENIED_OUT' || f.disposition === 'DENIED_IN'))
      ctx.rules.add('R10.8');
    if (silent) {
      const reason = `DNS timed out: the query for ${cands[0] ?? name} to ${ctx.s.dnsService} (${dnsSvc.clusterIP}:53/${dnsPort.protocol}) is silently dropped (${f0 ? f0.reason : 'no path'}); no answer ever comes — the resolver retries (glibc: 5 s timeout, 2 attempts) and gives up, so no connection is attempted (R10.8, R3.5)`;
      const paths: Done[] = flows.map((f) => {
        const last = f.hops.last;
        const hops = last
          ? f.hops.withLast({ ...last, verdict: { disposition: 'DNS_TIMEOUT' as const, reason } })
          : f.hops;
        return { ...f, hops, disposition: 'DNS_TIMEOUT', reason };
      });
      return { resolution, failure: { paths, disposition: 'DNS_TIMEOUT', reason } };
    }
    const reason = `the DNS query to ${ctx.s.dnsService} (${dnsSvc.clusterIP}:53/UDP) fails: ${f0 ? f0.reason : 'no path'} → name resolution fails before any connection (R10.8, R3.5)`;
    return {
      resolution,
      failure: {
        paths: flows.map((f) => ({ ...f, reason: `DNS query: ${f.reason}` })),
        disposition: f0?.disposition ?? 'DROPPED',
        reason,
      },
    };
  }
  if (ok) return { answer: answer!, resolution };
  if (nodata) {
    const paths: Done[] = trimmed.map((f) => {
      const last = f.hops.last;
      const hops = last
        ? f.hops.withLast({ ...last, verdict: { disposition: 'NODATA' as const, reason: nodata } })
        : f.hops;
      const d: Done = { ...f, hops, disposition: 'NODATA', reason: nodata };
      delete d.endpoint;
      return d;
    });
    return { resolution, failure: { paths, disposition: 'NODATA', reason: nodata } };
  }
  const reason = `${name}: ${tried.map((t) => `${t.name} → ${t.result}`).join(', ')}${answer ? ` (${answer.note})` : ''} → the resolver reports NXDOMAIN, no connection is attempted (R3.3, R3.4${answer?.kind === 'CNAME' ? ', R6.2' : ''})`;
  const paths: Done[] = trimmed.map((f) => {
    const last = f.hops.last;
    const hops = last
      ? f.hops.withLast({ ...last, verdict: { disposition: 'NXDOMAIN' as const, reason } })
      : f.hops;
    const d: Done = { ...f, hops, disposition: 'NXDOMAIN', reason };
    delete d.endpoint;
    return d;
  });
  return { resolution, failure: { paths, disposition: 'NXDOMAIN', reason } };
}

export { ref };
