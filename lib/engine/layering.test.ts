/**
 * Import cycles: every module of the engine, loader and grader depends only downwards. Step modules under
 * lib/engine/trace reach earlier phases through `ctx.flow` (trace/state.ts Flow), never by importing them.
 * This walks the real source files' static imports (type-only imports included: a cycle of types is still a
 * cycle for a reader) and fails with the cycle it found.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOTS = ['engine', 'scenario', 'grader'].map((d) => join(LIB, d));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== '__fixtures__') out.push(...sources(p));
    } else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:import|export)\s[^'";]*?from\s+'([^']+)'/g;

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base])
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      /* try the next candidate */
    }
  return undefined;
}

export function importGraph(files: readonly string[]): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const r = resolveImport(f, m[1] as string);
      if (r) deps.push(r);
    }
    g.set(f, deps);
  }
  return g;
}

/** The first cycle found by a depth-first walk, as a list of files (first = last), or undefined. */
export function findCycle(g: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | undefined => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      const s = state.get(d);
      if (s === 'open') return [...stack.slice(stack.indexOf(d)), d];
      if (s === undefined) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(f, 'done');
    return undefined;
  };
  for (const f of [...g.keys()].sort()) {
    if (state.has(f)) continue;
    const c = visit(f);
    if (c) return c;
  }
  return undefined;
}

describe('module layering', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycle(g)).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toBeUndefined();
  });

  it('lib/engine, lib/scenario and lib/grader have no import cycle', () => {
    const g = importGraph(ROOTS.flatMap(sources));
    expect(g.size).toBeGreaterThan(20);
    const cycle = findCycle(g)?.map((f) => relative(LIB, f));
    expect(cycle, `import cycle: ${cycle?.join(' → ')}`).toBeUndefined();
  });

  it('trace step modules import the loader through its entry, not its files', () => {
    const deep = ROOTS.flatMap(sources)
      .filter((f) => f.includes('/engine/'))
      .filter((f) => /from '(\.\.\/)+scenario\/[a-z-]+'/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(LIB, f));
    expect(deep).toEqual([]);
  });
});
