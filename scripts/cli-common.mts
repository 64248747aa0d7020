/**
 * Shared helpers of the engine CLIs (`npm run trace`, `npm run grade`): read + parse + build a scenario,
 * print scenario issues as `file:line:column field: message`, and fail without stack traces.
 */
import { readFileSync } from 'node:fs';
import { buildModel, type ClusterModel } from '../lib/engine/index.ts';
import { parseScenario, type ScenarioIssue } from '../lib/scenario/index.ts';

/** An error whose message is meant for the user (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function formatIssue(i: ScenarioIssue): string {
  const field = i.path ? `${i.path}: ` : '';
  return `${i.file}:${i.line}:${i.column} ${field}${i.message}${i.severity === 'warning' ? ' (warning)' : ''}`;
}

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Parse and build; on invalid input print every issue and exit 1. */
export function loadScenario(file: string): ClusterModel {
  const text = readText(file, 'scenario');
  const parsed = parseScenario(text, file);
  if (!parsed.ok) {
    const errors = parsed.issues.filter((i) => i.severity !== 'warning');
    for (const i of parsed.issues) process.stderr.write(`${formatIssue(i)}\n`);
    throw new CliError(`${file}: ${errors.length} issue${errors.length === 1 ? '' : 's'}; nothing traced`);
  }
  for (const w of parsed.warnings) process.stderr.write(`${formatIssue(w)}\n`);
  try {
    return buildModel(parsed.input);
  } catch (e) {
    throw new CliError(`${file}: the cluster model could not be built: ${(e as Error).message}`);
  }
}

/** Minimal argv parser: positionals plus `--flag` / `--key value` / `--key=value`. */
export function parseArgs(
  argv: readonly string[],
  valued: readonly string[],
): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (eq >= 0) flags.set(key, a.slice(eq + 1));
    else if (valued.includes(key)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new CliError(`--${key} needs a value`);
      flags.set(key, v);
      i++;
    } else flags.set(key, true);
  }
  return { positional, flags };
}

/** Run `main`, printing user errors as one line (exit code 1) and unexpected ones without a stack. */
export async function run(main: () => void | Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else {
      process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 2;
    }
  }
}

/** Pad for plain-text tables. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '))
    .join('\n');
}
