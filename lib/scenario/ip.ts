/**
 * IP address and CIDR helpers shared by the scenario validator and the engine.
 *
 * IPv4 is handled numerically (a uint32 in a JS number) because the engine does many containment checks
 * (is this destination in the Pod CIDR? which node owns this Pod IP?). IPv6 is accepted and validated
 * (Kubernetes allows dual-stack objects) and compared through its canonical text form; containment for IPv6
 * uses a BigInt, which is slower but rare.
 *
 * No regexes in the hot path: `parseIPv4` is a hand-written scanner (buildModel calls it ~300k times at the
 * documented cluster limits).
 */

/** Parse dotted-quad IPv4 text into a uint32 (as a JS number); `undefined` when malformed. */
export function parseIPv4(text: string): number | undefined {
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0) return undefined;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    // Leading zeros ("010") are rejected like Go's net.ParseIP since 1.17 (ambiguous octal).
    if (digits === 1 && octet === 0) return undefined;
    octet = octet * 10 + (c - 48);
    digits++;
    if (octet > 255) return undefined;
  }
  if (digits === 0 || parts !== 3) return undefined;
  return value * 256 + octet;
}

/** Format a uint32 as dotted-quad IPv4 text. */
export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** True for syntactically valid IPv4 text. */
export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

/** Parse IPv6 text (RFC 4291 forms incl. `::` and an embedded IPv4 tail) into a BigInt; undefined when malformed. */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45 || text.indexOf(':') < 0) return undefined;
  let head = text;
  let tailV4: number | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) > 0) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.indexOf('::');
  if (dbl >= 0 && head.indexOf('::', dbl + 1) >= 0) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (g.length < 1 || g.length > 4) return undefined;
      let v = 0;
      for (let i = 0; i < g.length; i++) {
        const c = g.charCodeAt(i);
        let d: number;
        if (c >= 48 && c <= 57) d = c - 48;
        else if (c >= 97 && c <= 102) d = c - 87;
        else if (c >= 65 && c <= 70) d = c - 55;
        else return undefined;
        v = v * 16 + d;
      }
      out.push(v);
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right || left.length + right.length > 7) return undefined;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | BigInt(tailV4);
  return value;
}

/** True for syntactically valid IPv6 text. */
export function isIPv6(text: string): boolean {
  return parseIPv6(text) !== undefined;
}

/** True for valid IPv4 or IPv6 text. */
export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** Address family of valid IP text, undefined when not an IP. */
export function ipFamily(text: string): 4 | 6 | undefined {
  if (isIPv4(text)) return 4;
  if (isIPv6(text)) return 6;
  return undefined;
}

/** A parsed CIDR. `base` is the masked network address; for IPv4 a number, for IPv6 a bigint. */
export type Cidr =
  | { family: 4; text: string; prefix: number; base: number; mask: number }
  | { family: 6; text: string; prefix: number; base: bigint; mask: bigint };

/**
 * Parse `addr/prefix` text. Host bits must be zero, like Kubernetes' validation of `podCIDR` and
 * `serviceCIDR` style fields (`10.244.1.5/24` is rejected: write `10.244.1.0/24`).
 * Returns a string describing the problem when invalid.
 */
export function parseCidr(text: string): Cidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return `"${text}" is not a CIDR (expected address/prefix, e.g. 10.244.0.0/16)`;
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return `"${text}": prefix length "${prefixText}" is not a number`;
  const prefix = Number(prefixText);
  const v4 = parseIPv4(addr);
  if (v4 !== undefined) {
    if (prefix > 32) return `"${text}": IPv4 prefix length must be 0-32`;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const base = (v4 & mask) >>> 0;
    if (base !== v4) return `"${text}" has host bits set; did you mean ${formatIPv4(base)}/${prefix}?`;
    return { family: 4, text, prefix, base, mask };
  }
  const v6 = parseIPv6(addr);
  if (v6 !== undefined) {
    if (prefix > 128) return `"${text}": IPv6 prefix length must be 0-128`;
    const all = (1n << 128n) - 1n;
    const mask = prefix === 0 ? 0n : (all << BigInt(128 - prefix)) & all;
    const base = v6 & mask;
    if (base !== v6) return `"${text}" has host bits set`;
    return { family: 6, text, prefix, base, mask };
  }
  return `"${addr}" in "${text}" is not a valid IPv4 or IPv6 address`;
}

/** True for valid CIDR text (host bits zero). */
export function isCidr(text: string): boolean {
  return typeof parseCidr(text) !== 'string';
}

/** Is the IP (text) inside the parsed CIDR? Different families never match. */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  if (cidr.family === 4) {
    const v = parseIPv4(ip);
    return v !== undefined && (v & cidr.mask) >>> 0 === cidr.base;
  }
  const v = parseIPv6(ip);
  return v !== undefined && (v & cidr.mask) === cidr.base;
}

/** Convenience: is `ip` inside `cidrText`? False when either is malformed. */
export function inCidr(ip: string, cidrText: string): boolean {
  const c = parseCidr(cidrText);
  return typeof c !== 'string' && cidrContains(c, ip);
}

/** Canonical text of an IP (IPv4 unchanged; IPv6 lower-case, fully expanded groups compressed per RFC 5952). */
export function canonicalIP(text: string): string {
  if (isIPv4(text)) return text;
  const v = parseIPv6(text);
  if (v === undefined) return text;
  return formatIPv6(v);
}

/** Format a 128-bit value as IPv6 text in the RFC 5952 canonical form (lower case, longest zero run as "::"). */
export function formatIPv6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // longest run of zero groups (length >= 2) becomes "::"
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
