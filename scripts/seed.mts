/**
 * Database seed: an ordered list of steps, each idempotent and each deciding
 * for itself whether there is anything to do (so `npm start` can run the seed
 * on every launch). To add seed data, write a {@link SeedStep} next to the
 * code it belongs to and add it to {@link seedSteps} — one line.
 *
 *   npm run db:seed      (also run by `npm start`)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DbClient } from '../lib/server/db/client.ts';
import { demoUsersStep } from './seed-demo-users.mts';
import { questionsStep } from './seed-questions.mts';
import { scenariosStep } from './seed-scenarios.mts';
import { demoHistoryStep } from './seed-demo-history.mts';
import { troubleshootingStep } from './seed-troubleshooting.mts';

/** What a step reports; `notes` are printed verbatim (e.g. generated logins). */
export interface SeedStepResult {
  /** One line, e.g. "created 2 users" or "skipped: users exist". */
  summary: string;
  notes?: string[];
}

export interface SeedContext {
  /** Environment to read options from (demo passwords etc.). */
  env: Record<string, string | undefined>;
}

export interface SeedStep {
  /** Short label shown in progress output. */
  name: string;
  run(db: DbClient, context: SeedContext): Promise<SeedStepResult>;
}

/** Runs in order. Keep each step idempotent: it must be safe on every `npm start`. */
export const seedSteps: readonly SeedStep[] = [
  demoUsersStep,
  questionsStep,
  scenariosStep,
  troubleshootingStep,
  demoHistoryStep,
];

/** Runs every seed step against `db` and returns their results in order. */
export async function seedDatabase(
  db: DbClient,
  context: SeedContext = { env: process.env },
  steps: readonly SeedStep[] = seedSteps,
): Promise<Array<SeedStepResult & { step: string }>> {
  const results: Array<SeedStepResult & { step: string }> = [];
  for (const step of steps) {
    results.push({ step: step.name, ...(await step.run(db, context)) });
  }
  return results;
}

/** Formats results as the progress lines `npm start` and `npm run db:seed` print. */
export function formatSeedResults(results: ReadonlyArray<SeedStepResult & { step: string }>): string {
  return results
    .map((r) => [`  seed ${r.step}: ${r.summary}`, ...(r.notes ?? []).map((n) => `    ${n}`)].join('\n'))
    .join('\n');
}

async function main(): Promise<void> {
  const { loadDotEnv } = await import('./env.mts');
  const { createDbClient } = await import('../lib/server/db/client.ts');
  loadDotEnv(path.resolve(import.meta.dirname, '..', '.env'));
  const db = createDbClient();
  try {
    process.stdout.write(`${formatSeedResults(await seedDatabase(db))}\n`);
  } finally {
    await db.$disconnect();
  }
}

// Run only as a script, not when imported by scripts/start.mts or tests.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
