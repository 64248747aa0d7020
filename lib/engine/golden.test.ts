/**
 * Golden tests: every `content/scenarios/*.yaml` with a sibling `.expect.yaml` (docs/scenario-format.md).
 * For each request named in the expectations: disposition, the set of path endpoints, `masqueraded` on every
 * path, and the coarse hops of an alternative ending at `coarse.endpoint` (any alternative when no endpoint is
 * named): layer sequence with consecutive duplicates merged, optional hops may be left out or kept, names
 * matched as a suffix of the hop's `at` (case-insensitive).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseScenario } from '../scenario/parse';
import { buildModel } from './build-model';
import { trace } from './trace';
import type { Hop, TracePath } from './types';

const DIR = join(__dirname, '..', '..', 'content', 'scenarios');

interface Expect {
  disposition?: string;
  endpoints?: string[];
  masqueraded?: boolean;
  /** Dual-stack (R13): the address family every path ends on (its endpoint's address). */
  family?: 'IPv4' | 'IPv6';
  coarse?: { endpoint?: string; hops: string[] };
}

interface ExpHop {
  layer: string;
  name?: string;
}

export function parseCoarse(s: string): ExpHop {
  const m = /^([^()]+?)\s*(?:\((.*)\))?$/.exec(s.trim());
  if (!m) return { layer: s.trim() };
  return m[2] !== undefined ? { layer: m[1]!.trim(), name: m[2].trim() } : { layer: m[1]!.trim() };
}

function nameMatches(at: string, name: string): boolean {
  const a = at.toLowerCase();
  const n = name.toLowerCase();
  return a.endsWith(n) || a.split('/').includes(n);
}

function groups<T extends { layer: string }>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (const x of xs) {
    const last = out[out.length - 1];
    if (last && last[0]!.layer === x.layer) last.push(x);
    else out.push([x]);
  }
  return out;
}

/** Does `path`'s coarse sequence match the expected list? Optional hops may be dropped or kept. */
export function coarseMatches(hops: Hop[], expected: ExpHop[]): boolean {
  const opt = hops.map((h, i) => (h.optional ? i : -1)).filter((i) => i >= 0);
  const variants = Math.min(1 << opt.length, 256);
  const eg = groups(expected);
  for (let mask = 0; mask < variants; mask++) {
    const keep = hops.filter((h, i) => !h.optional || (mask & (1 << opt.indexOf(i))) !== 0);
    const mg = groups(keep);
    if (mg.length !== eg.length) continue;
    let ok = true;
    for (let g = 0; g < eg.length && ok; g++) {
      const e = eg[g]!;
      const m = mg[g]!;
      if (e[0]!.layer !== m[0]!.layer) ok = false;
      for (const x of e)
        if (ok && x.name !== undefined && !m.some((h) => nameMatches(h.at, x.name!))) ok = false;
    }
    if (ok) return true;
  }
  return false;
}

export function show(p: TracePath): string {
  return p.hops.map((h) => `${h.layer}(${h.at})${h.optional ? '?' : ''}`).join(' → ');
}

const files = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expect.yaml'))
      .sort()
  : [];

describe('golden scenarios (content/scenarios)', () => {
  for (const f of files) {
    const expFile = join(DIR, f.replace(/\.yaml$/, '.expect.yaml'));
    if (!existsSync(expFile)) continue;
    describe(f, () => {
      const parsed = parseScenario(readFileSync(join(DIR, f), 'utf8'), f);
      const exp =
        (parseYaml(readFileSync(expFile, 'utf8')) as { requests?: Record<string, Expect> }).requests ?? {};
      it('parses', () => {
        expect(parsed.ok ? [] : parsed.issues).toEqual([]);
      });
      if (!parsed.ok) return;
      const model = buildModel(parsed.input);
      for (const [rid, e] of Object.entries(exp)) {
        it(`request ${rid}`, () => {
          const ts = trace(model, rid);
          const where = `${f} ${rid}: ${ts.reason}\n${ts.paths.map((p) => `  ${p.disposition} ${p.endpoint?.object ?? '-'} masq=${p.masqueraded}: ${show(p)}`).join('\n')}`;
          if (e.disposition !== undefined) expect(ts.disposition, where).toBe(e.disposition);
          if (e.endpoints !== undefined) {
            const got = [
              ...new Set(ts.paths.map((p) => p.endpoint?.object).filter((x): x is string => !!x)),
            ].sort();
            expect(got, where).toEqual([...e.endpoints].sort());
          }
          if (e.masqueraded !== undefined) {
            for (const p of ts.paths) expect(p.masqueraded, `${where}\npath ${p.id}`).toBe(e.masqueraded);
          }
          if (e.family !== undefined) {
            for (const p of ts.paths)
              expect(p.endpoint?.ip.includes(':') ? 'IPv6' : 'IPv4', `${where}\npath ${p.id}`).toBe(e.family);
          }
          if (e.coarse) {
            const cands = e.coarse.endpoint
              ? ts.paths.filter((p) => p.endpoint?.object === e.coarse!.endpoint)
              : ts.paths;
            const want = e.coarse.hops.map(parseCoarse);
            const ok = cands.some((p) => coarseMatches(p.hops, want));
            expect(ok, `${where}\nwanted: ${e.coarse.hops.join(' → ')}`).toBe(true);
          }
          const sum = ts.paths.reduce((a, p) => a + p.weight, 0);
          expect(Math.abs(sum - 1) < 1e-9, `${where}\nweights sum ${sum}`).toBe(true);
        });
      }
    });
  }
});
