/** Smoke tests of `npm run trace` / `npm run grade` (run through tsx as the npm scripts do). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const SCENARIO = join(ROOT, 'content', 'scenarios', '12-cloud-lb-ingress-nginx.yaml');
const tsx = (script: string, args: string[]) => {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', script), ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'engine-cli-'));

describe('engine CLIs', { timeout: 120_000 }, () => {
  it('trace --json prints the TraceSet', () => {
    const r = tsx('trace.mts', [SCENARIO, '--json', '--level', 'coarse']);
    expect(r.code).toBe(0);
    const ts = JSON.parse(r.out) as {
      disposition: string;
      reason: string;
      paths: { weight: number; hops: unknown[]; endpoint?: unknown; masqueraded: boolean }[];
      projected: unknown[];
    };
    expect(ts.disposition).toBe('DELIVERED');
    expect(ts.reason).toBeTruthy();
    expect(ts.paths.length).toBeGreaterThan(0);
    for (const p of ts.paths) {
      expect(p.weight).toBeGreaterThan(0);
      expect(p.hops.length).toBeGreaterThan(0);
      expect(typeof p.masqueraded).toBe('boolean');
      expect(p.endpoint).toBeDefined();
    }
    expect(ts.projected).toHaveLength(ts.paths.length);
  });

  it('an invalid scenario prints every issue as file:line:column field: message and exits 1, no stack', () => {
    const bad = readFileSync(SCENARIO, 'utf8')
      .replace('kind: Ingress\n', 'kind: Ingresss\n')
      .replace(/nodePort: 31443/, 'nodePort: 99999');
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, bad);
    const r = tsx('trace.mts', [file]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines.filter((l) => /^.+bad\.yaml:\d+:\d+ \S.*: .+/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('grade resolves Layer(name) shorthands against the palette', () => {
    const answer = join(tmp, 'coarse.json');
    const cards = [
      'Client(browser)',
      'Cloud LB(ingress-nginx-controller)',
      'Node(node-2)',
      'Service(ingress-nginx-controller)',
      'kube-proxy(node-2)',
      'CNI(node-2)',
      'Pod(ingress-nginx-controller-7d9)',
      'Ingress(shop)',
      'CNI(node-2)',
      'Pod(backend-2)',
      'Container(backend-2/api)',
    ];
    writeFileSync(answer, JSON.stringify({ level: 'coarse', cards }));
    const r = tsx('grade.mts', [SCENARIO, answer, '--json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.out) as { score: number; unresolved: string[]; closestPathId: string };
    expect(g.unresolved).toEqual([]);
    expect(g.score).toBe(1);
  });

  it("grade accepts textbook layer names and reports the seed's simplifications", () => {
    const answer = join(tmp, 'answer.json');
    writeFileSync(
      answer,
      JSON.stringify({
        level: 'textbook',
        cards: ['Client', 'Cloud LB', 'Ingress', 'Service', 'kube-proxy', 'Pod', 'Container'],
        disposition: 'DELIVERED',
      }),
    );
    const r = tsx('grade.mts', [SCENARIO, answer, '--json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.out) as { score: number; findings: { code: string }[] };
    expect(g.score).toBe(1);
    expect(g.findings.filter((f) => f.code === 'seed_simplification')).toHaveLength(2);
  });
});
