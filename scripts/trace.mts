/**
 * Trace one request of a scenario and print the TraceSet.
 *
 *   npm run trace -- <scenario.yaml> [--request <id>] [--level textbook|coarse|wire] [--json]
 *
 * --json     the TraceSet as JSON (disposition, reason, paths with weight, hops, endpoint, masqueraded, …);
 *            with --level also `projected`: each path's hops at that level (lib/grader `project`).
 * --level    the readable output lists each path at that level (cards) instead of every wire hop; `wire` adds
 *            what kube-proxy's rules and conntrack show on the node at each Service hop.
 * Invalid scenarios: every issue as `file:line:column field: message` on stderr, exit code 1.
 */
import { trace, type Level, type TracePath, type TraceSet } from '../lib/engine/index.ts';
// Values re-exported with `export *` are not visible to named ESM imports of the CJS-transpiled barrel under tsx.
import { LEVELS } from '../lib/engine/types.ts';
import { project } from '../lib/grader/index.ts';
import { CliError, loadScenario, parseArgs, run, table } from './cli-common.mts';

const USAGE =
  'usage: npm run trace -- <scenario.yaml> [--request <id>] [--level textbook|coarse|wire] [--json]';

function parseLevel(v: string | true | undefined): Level | undefined {
  if (v === undefined) return undefined;
  if (v === true || !(LEVELS as readonly string[]).includes(v))
    throw new CliError(`--level must be one of ${LEVELS.join(', ')}`);
  return v as Level;
}

function pct(w: number): string {
  return `${(w * 100).toFixed(w === 1 ? 0 : 1)}%`;
}

function pathHeader(p: TracePath): string {
  const ep = p.endpoint
    ? ` → ${p.endpoint.object} ${p.endpoint.ip.includes(':') ? `[${p.endpoint.ip}]` : p.endpoint.ip}:${p.endpoint.port}`
    : '';
  const masq = p.masqueraded
    ? `masqueraded (destination sees ${p.sourceSeenByDestination ?? '?'})`
    : `not masqueraded${p.sourceSeenByDestination ? ` (destination sees ${p.sourceSeenByDestination})` : ''}`;
  return `${p.id}  weight ${pct(p.weight)}  ${p.disposition}${ep}  ${masq}\n    ${p.choice}${p.reason ? `\n    ${p.reason}` : ''}`;
}

function printReadable(ts: TraceSet, level: Level | undefined): void {
  const out: string[] = [];
  out.push(`request ${ts.requestId}: ${ts.summary}`);
  out.push(`disposition ${ts.disposition} (${ts.symptom}) — ${ts.reason}`);
  if (ts.rules.length > 0) out.push(`rules ${ts.rules.join(' ')}`);
  for (const w of ts.warnings) out.push(`warning: ${w}`);
  if (ts.dns) {
    const d = ts.dns;
    out.push(
      `dns ${d.query} → ${d.answers.length > 0 ? d.answers.join(', ') : 'no answer'} (${d.kind}, ${d.rule})`,
    );
    for (const t of d.tried) out.push(`    ${t.name} ${t.result} (${t.server})`);
    if (d.alternatives && d.alternatives.length > 1)
      for (const a of d.alternatives)
        out.push(
          `    ${Math.round(a.weight * 1000) / 10}% ${a.choice} → ${a.hops[a.hops.length - 1]?.at ?? '?'}`,
        );
  }
  out.push(`${ts.paths.length} path${ts.paths.length === 1 ? '' : 's'}`);
  for (const p of ts.paths) {
    out.push('');
    out.push(pathHeader(p));
    if (level !== undefined && level !== 'wire') {
      const hops = project(p, level);
      out.push(
        hops
          .map(
            (h, i) =>
              `    ${String(i + 1).padStart(2)}. ${h.label}${h.optional ? ' (optional)' : ''}${h.verdict ? `  ✗ ${h.verdict.disposition}` : ''}`,
          )
          .join('\n'),
      );
      continue;
    }
    const rows: string[][] = [['#', 'layer', 'at', 'what happens', 'rewrites', 'rule']];
    p.hops.forEach((h, i) => {
      const rw = h.rewrites.map((r) => `${r.kind} ${r.from}→${r.to}`).join('; ');
      const flag = `${h.optional ? ' (optional)' : ''}${h.verdict ? `  ✗ ${h.verdict.disposition}: ${h.verdict.reason}` : ''}`;
      rows.push([String(i + 1), h.layer, h.at, `${h.label}${flag}`, rw, h.rule]);
    });
    out.push(table(rows).replace(/^/gm, '    '));
    if (level === 'wire')
      p.hops.forEach((h, i) => {
        const k = h.kernel;
        if (!k) return;
        out.push(`    hop ${i + 1} on the node:`);
        if (k.rules) {
          out.push(`      $ ${k.rules.command}`);
          for (const l of k.rules.lines) out.push(`      ${l.hit ? '▶' : ' '} ${l.text}`);
        }
        if (k.conntrack)
          out.push(`      $ ${k.conntrackCommand ?? 'conntrack -L'}`, `        ${k.conntrack}`);
        if (k.note) out.push(`      (${k.note})`);
      });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await run(() => {
  const { positional, flags } = parseArgs(process.argv.slice(2), ['request', 'level']);
  if (flags.has('help') || positional.length !== 1) throw new CliError(USAGE);
  const file = positional[0]!;
  const level = parseLevel(flags.get('level'));
  const req = flags.get('request');
  if (req === true) throw new CliError('--request needs a request id');
  const model = loadScenario(file);
  if (req !== undefined && !model.requests.some((r) => r.id === req))
    throw new CliError(
      `${file}: no request "${req}"; requests: ${model.requests.map((r) => r.id).join(', ')}`,
    );
  let ts: TraceSet;
  try {
    ts = trace(model, req);
  } catch (e) {
    throw new CliError(`${file}: trace failed: ${(e as Error).message}`);
  }
  if (flags.has('json')) {
    const out =
      level === undefined
        ? ts
        : { ...ts, level, projected: ts.paths.map((p) => ({ pathId: p.id, hops: project(p, level) })) };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else printReadable(ts, level);
});
