/**
 * Grade an answer against a scenario's request.
 *
 *   npm run grade -- <scenario.yaml> <answer.json> [--request <id>] [--json]
 *
 * answer.json: { "level": "coarse", "cards": ["Container(web)", "Pod(frontend-1)", …], "disposition": "DELIVERED" }
 * `cards` are palette card ids (`kube-proxy@kube-proxy/node-1`) or the reference's shorthand `Layer(name)` /
 * `Layer`, resolved against the palette of that level (the name must match the end of one card's object).
 * Optional: "request" (default: the scenario's first request). `level` defaults to the scenario's level.
 */
import { z } from 'zod';
import { trace, type Disposition, type Level, type TraceSet } from '../lib/engine/index.ts';
// Values re-exported with `export *` are not visible to named ESM imports of the CJS-transpiled barrel under tsx.
import { LEVELS } from '../lib/engine/types.ts';
import { cardsFor, grade, resolveCardShorthand, type GradeResult } from '../lib/grader/index.ts';
import { CliError, loadScenario, parseArgs, readText, run, table } from './cli-common.mts';

const USAGE = 'usage: npm run grade -- <scenario.yaml> <answer.json> [--request <id>] [--json]';

const DISPOSITION_PATTERN =
  /^(DELIVERED|REFUSED|RESET|DROPPED|DENIED_IN|DENIED_OUT|NXDOMAIN|DNS_TIMEOUT|MTU_BLACKHOLE|EXITS_CLUSTER|NO_ROUTE|HTTP_\d{3})$/;

const answerSchema = z.strictObject({
  level: z.enum(LEVELS).optional(),
  request: z.string().optional(),
  cards: z.array(z.string().min(1)),
  disposition: z
    .string()
    .regex(DISPOSITION_PATTERN, 'a disposition like DELIVERED, REFUSED, DROPPED, HTTP_503')
    .optional(),
});

function printResult(r: GradeResult, ts: TraceSet, asked: boolean, unresolved: string[]): void {
  const out: string[] = [];
  out.push(`request ${ts.requestId}: ${ts.summary}`);
  out.push(
    `level ${r.level} · score ${(r.score * 100).toFixed(1)}% · path ${(r.pathScore * 100).toFixed(1)}% (edit distance ${r.editDistance} to ${r.requiredLength} required hops)`,
  );
  if (r.dispositionCorrect !== undefined)
    out.push(
      `outcome ${r.dispositionCorrect ? 'correct' : 'wrong'}${asked ? ' (counts 20%)' : ' (not scored)'}`,
    );
  out.push(
    `closest path ${r.closestPathId || '—'} of ${r.alternatives}: ${r.expected.map((h) => (h.optional ? `[${h.label}]` : h.label)).join(' → ')}`,
  );
  for (const u of unresolved) out.push(`note: "${u}" matches no card of the palette; graded as given`);
  out.push('');
  const rows: string[][] = [['pos', 'exp', 'finding', 'card', 'message']];
  for (const f of r.findings)
    rows.push([
      f.index === undefined ? '' : String(f.index + 1),
      f.expectedIndex === undefined ? '' : String(f.expectedIndex + 1),
      f.code,
      f.card,
      `${f.message}${f.rule && !f.message.includes(f.rule) ? ` (${f.rule})` : ''}`,
    ]);
  out.push(table(rows));
  process.stdout.write(`${out.join('\n')}\n`);
}

await run(() => {
  const { positional, flags } = parseArgs(process.argv.slice(2), ['request']);
  if (flags.has('help') || positional.length !== 2) throw new CliError(USAGE);
  const [scenarioFile, answerFile] = positional as [string, string];
  let raw: unknown;
  try {
    raw = JSON.parse(readText(answerFile, 'answer'));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${answerFile}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      process.stderr.write(`${answerFile}: ${i.path.join('.') || '(root)'}: ${i.message}\n`);
    throw new CliError(
      `${answerFile}: invalid answer (expected { "level", "cards": [...], "disposition"? })`,
    );
  }
  const answer = parsed.data;
  const model = loadScenario(scenarioFile);
  const reqFlag = flags.get('request');
  const requestId = typeof reqFlag === 'string' ? reqFlag : answer.request;
  if (requestId !== undefined && !model.requests.some((r) => r.id === requestId))
    throw new CliError(
      `${scenarioFile}: no request "${requestId}"; requests: ${model.requests.map((r) => r.id).join(', ')}`,
    );
  const level: Level = answer.level ?? model.scenario.spec.level;
  let ts: TraceSet;
  try {
    ts = trace(model, requestId);
  } catch (e) {
    throw new CliError(`${scenarioFile}: trace failed: ${(e as Error).message}`);
  }
  const palette = cardsFor(ts, level, model);
  const unresolved: string[] = [];
  const cards = answer.cards.map((c) => {
    const id = resolveCardShorthand(c, palette);
    if (id === undefined) unresolved.push(c);
    return id ?? c;
  });
  const asked = model.scenario.spec.askDisposition;
  const gradeAnswer =
    answer.disposition === undefined ? { cards } : { cards, disposition: answer.disposition as Disposition };
  const result = grade(ts, gradeAnswer, level, { askDisposition: asked, model });
  if (flags.has('json'))
    process.stdout.write(`${JSON.stringify({ ...result, resolvedCards: cards, unresolved }, null, 2)}\n`);
  else printResult(result, ts, asked, unresolved);
});
