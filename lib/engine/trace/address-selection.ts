/**
 * Which address a dual-stack client connects to first (reference R13.4): destination address selection as the
 * client's stub resolver sorts getaddrinfo's answer. Only the rules that decide between one IPv4 and one IPv6
 * destination are modelled: Rule 1 (avoid unusable destinations: no source address of that family), Rule 2
 * (prefer matching scope), Rule 5 (prefer matching label) and Rule 6 (prefer higher precedence).
 *
 * The policy tables are the libraries' own defaults:
 * - glibc: sysdeps/posix/getaddrinfo.c `default_precedence` is RFC 3484's table (::1 50, ::/0 40, 2002::/16 30,
 *   ::/96 20, ::ffff:0:0/96 10), `default_labels` RFC 3484's plus fec0::/10 → 5, fc00::/7 → 6, 2001::/32 → 7
 *   (bminor/glibc@002be9b8). With no /etc/gai.conf any IPv6 destination, a ULA included, outranks IPv4.
 * - musl: src/network/lookup_name.c `defpolicy` (RFC 6724 subset): ::1 50/0, ::ffff:0:0/96 35/4, 2002::/16 30/2,
 *   2001::/32 5/5, fc00::/7 3/13, ::/0 40/1 (ClickHouse/musl@ceb26959, a mirror of musl's).
 * - Go: src/net/addrselect.go `rfc6724policyTable` (RFC 6724 §2.1, same values, plus ::/96, fec0::/10, 3ffe::/16)
 *   (golang/go@a6ea8606).
 * Under RFC 6724 a ULA (fc00::/7, precedence 3) ranks below IPv4 (35): a Pod whose IPv6 addresses are ULAs
 * connects over IPv4 first with musl (Alpine) or Go, and over IPv6 first with glibc.
 */
import { parseIPv4, parseIPv6 } from '../../scenario';

export type ResolverLib = 'glibc' | 'musl' | 'go';

interface Policy {
  prefix: bigint;
  bits: number;
  precedence: number;
  label: number;
  text: string;
}

const v6 = (t: string): bigint => parseIPv6(t)!;

const GLIBC_PRECEDENCE: readonly Omit<Policy, 'label'>[] = [
  { prefix: v6('::1'), bits: 128, precedence: 50, text: '::1/128' },
  { prefix: v6('2002::'), bits: 16, precedence: 30, text: '2002::/16' },
  { prefix: v6('::'), bits: 96, precedence: 20, text: '::/96' },
  { prefix: v6('::ffff:0:0'), bits: 96, precedence: 10, text: '::ffff:0:0/96' },
  { prefix: v6('::'), bits: 0, precedence: 40, text: '::/0' },
];
const GLIBC_LABELS: readonly { prefix: bigint; bits: number; label: number }[] = [
  { prefix: v6('::1'), bits: 128, label: 0 },
  { prefix: v6('2002::'), bits: 16, label: 2 },
  { prefix: v6('::'), bits: 96, label: 3 },
  { prefix: v6('::ffff:0:0'), bits: 96, label: 4 },
  { prefix: v6('fec0::'), bits: 10, label: 5 },
  { prefix: v6('fc00::'), bits: 7, label: 6 },
  { prefix: v6('2001::'), bits: 32, label: 7 },
  { prefix: v6('::'), bits: 0, label: 1 },
];
/** RFC 6724 §2.1 (Go's table; musl's lacks the last three, which do not occur in a cluster). */
const RFC6724: readonly Policy[] = [
  { prefix: v6('::1'), bits: 128, precedence: 50, label: 0, text: '::1/128' },
  { prefix: v6('::ffff:0:0'), bits: 96, precedence: 35, label: 4, text: '::ffff:0:0/96' },
  { prefix: v6('::'), bits: 96, precedence: 1, label: 3, text: '::/96' },
  { prefix: v6('2001::'), bits: 32, precedence: 5, label: 5, text: '2001::/32' },
  { prefix: v6('2002::'), bits: 16, precedence: 30, label: 2, text: '2002::/16' },
  { prefix: v6('3ffe::'), bits: 16, precedence: 1, label: 12, text: '3ffe::/16' },
  { prefix: v6('fec0::'), bits: 10, precedence: 1, label: 11, text: 'fec0::/10' },
  { prefix: v6('fc00::'), bits: 7, precedence: 3, label: 13, text: 'fc00::/7' },
  { prefix: v6('::'), bits: 0, precedence: 40, label: 1, text: '::/0' },
];

/** The address as the 128-bit value the tables match (IPv4 as IPv4-mapped ::ffff:a.b.c.d). */
function asV6(ip: string): bigint | undefined {
  const a = parseIPv4(ip);
  if (a !== undefined) return (0xffffn << 32n) | BigInt(a);
  return parseIPv6(ip);
}

function matches(v: bigint, prefix: bigint, bits: number): boolean {
  if (bits === 0) return true;
  const shift = BigInt(128 - bits);
  return v >> shift === prefix >> shift;
}

/** Longest-prefix lookup (the tables are matched most specific first). */
function lookup<T extends { prefix: bigint; bits: number }>(table: readonly T[], v: bigint): T {
  let best: T | undefined;
  for (const e of table) if (matches(v, e.prefix, e.bits) && (!best || e.bits > best.bits)) best = e;
  return best!;
}

function attrs(lib: ResolverLib, ip: string): { precedence: number; label: number; text: string } {
  const v = asV6(ip) ?? 0n;
  if (lib === 'glibc') {
    const p = lookup(GLIBC_PRECEDENCE, v);
    return { precedence: p.precedence, label: lookup(GLIBC_LABELS, v).label, text: p.text };
  }
  const p = lookup(RFC6724, v);
  return { precedence: p.precedence, label: p.label, text: p.text };
}

/** RFC 6724 §3.1 scope: link-local (2) for fe80::/10, ::1, 169.254/16 and 127/8; global (14) otherwise. */
function scope(ip: string): number {
  const a = parseIPv4(ip);
  if (a !== undefined) return a >>> 24 === 127 || a >>> 16 === 0xa9fe ? 2 : 14;
  const v = parseIPv6(ip);
  if (v === undefined) return 14;
  if (v === 1n || v >> 118n === 0x3fan) return 2;
  if (v >> 118n === 0x3fbn) return 5;
  return 14;
}

const LIB_NAME: Record<ResolverLib, string> = {
  glibc: 'glibc getaddrinfo (RFC 3484 default policy table)',
  musl: 'musl getaddrinfo (RFC 6724 policy table)',
  go: "Go's resolver (net/addrselect.go, RFC 6724 policy table)",
};

export interface Selection {
  /** The destinations in the order the client tries them. */
  ordered: string[];
  /** Family of the first one. */
  first: 4 | 6;
  /** Why, stated as the rule that decided it. */
  why: string;
}

/**
 * Order one IPv4 and one IPv6 destination (the first of each family in `ips`) for a client whose own addresses
 * are `sources`; other addresses keep their order after the winner's family. `ips` must hold both families.
 */
export function selectFamily(
  ips: readonly string[],
  sources: readonly string[],
  lib: ResolverLib,
): Selection {
  const d4 = ips.filter((x) => !x.includes(':'));
  const d6 = ips.filter((x) => x.includes(':'));
  const s4 = sources.find((x) => !x.includes(':'));
  const s6 = sources.find((x) => x.includes(':'));
  const a = d6[0]!;
  const b = d4[0]!;
  const order = (first: 4 | 6, why: string): Selection => ({
    ordered: first === 6 ? [...d6, ...d4] : [...d4, ...d6],
    first,
    why: `${LIB_NAME[lib]} sorts the answer: ${why}`,
  });
  // Rule 1: a destination the client has no source address for is unusable.
  if (!s6 && s4)
    return order(
      4,
      `Rule 1 (avoid unusable destinations): the client has no IPv6 address, so ${a} is unusable → IPv4 ${b} first`,
    );
  if (!s4 && s6)
    return order(
      6,
      `Rule 1 (avoid unusable destinations): the client has no IPv4 address, so ${b} is unusable → IPv6 ${a} first`,
    );
  if (!s4 || !s6) return order(6, 'no source address known');
  // Rule 2: prefer matching scope.
  const m6 = scope(a) === scope(s6);
  const m4 = scope(b) === scope(s4);
  if (m6 !== m4)
    return order(m6 ? 6 : 4, `Rule 2 (prefer matching scope) → ${m6 ? `IPv6 ${a}` : `IPv4 ${b}`} first`);
  // Rule 5: prefer matching label.
  const A = attrs(lib, a);
  const B = attrs(lib, b);
  const l6 = A.label === attrs(lib, s6).label;
  const l4 = B.label === attrs(lib, s4).label;
  if (l6 !== l4)
    return order(
      l6 ? 6 : 4,
      `Rule 5 (prefer matching label): ${l6 ? `${a} and the source ${s6} share label ${A.label}` : `${b} and the source ${s4} share label ${B.label}`}, the other pair does not → ${l6 ? `IPv6 ${a}` : `IPv4 ${b}`} first`,
    );
  // Rule 6: prefer higher precedence.
  if (A.precedence !== B.precedence) {
    const first = A.precedence > B.precedence ? 6 : 4;
    const ula = asV6(a)! >> 121n === 0x7en;
    return order(
      first,
      `Rule 6 (prefer higher precedence): ${a} matches ${A.text} (precedence ${A.precedence}), ${b} matches ${B.text} (IPv4, precedence ${B.precedence}) → ${first === 6 ? `IPv6 ${a}` : `IPv4 ${b}`} first${ula && first === 4 ? ' (RFC 6724 ranks unique-local fc00::/7 addresses below IPv4)' : ula && lib === 'glibc' ? " (glibc's default table has no fc00::/7 precedence entry, so a unique-local address ranks like any IPv6 address, above IPv4; /etc/gai.conf can change it)" : ''}`,
    );
  }
  return order(6, 'Rules 1–6 tie → answer order');
}
