/**
 * Published content counts: what the seed loads from content/ (the shipped, published bank).
 *
 *   npm run -s content:stats            # a readable table (topics × question types)
 *   npm run -s content:stats -- --json  # one JSON object: questions, scenarios, troubleshooting + breakdowns
 *
 * Counts the files, not a database: every question and scenario in content/ is published by the seed, and
 * the files are what the team reviews and gates (lib/quiz/bank.test.ts); an admin's edits in one database are
 * not the shipped content. Troubleshooting exercises are counted from content/troubleshooting/*.yaml, 0 while
 * that directory does not exist. Exits 1 (with every problem) when the content does not load.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { formatBankErrors, loadBank } from '../lib/quiz/load-bank.ts';
import { contentStats, formatStatsTable } from '../lib/quiz/content-stats.ts';
import { formatScenarioIssues, loadScenarioFiles } from './seed-scenarios.mts';
import { QUESTIONS_DIR } from './seed-questions.mts';

const CONTENT_DIR = path.resolve(import.meta.dirname, '..', 'content');
const TROUBLESHOOTING_DIR = path.join(CONTENT_DIR, 'troubleshooting');

const json = process.argv.includes('--json');
const bank = loadBank(QUESTIONS_DIR);
if (!bank.ok) {
  process.stderr.write(`content/questions has errors:\n${formatBankErrors(bank.errors)}\n`);
  process.exit(1);
}
const scenarios = loadScenarioFiles();
if (!scenarios.ok) {
  process.stderr.write(`content/scenarios has errors:\n${formatScenarioIssues(scenarios.issues)}\n`);
  process.exit(1);
}
const troubleshooting = existsSync(TROUBLESHOOTING_DIR)
  ? readdirSync(TROUBLESHOOTING_DIR).filter((f) => /\.ya?ml$/.test(f) && !/\.expect\.ya?ml$/.test(f)).length
  : 0;

const stats = contentStats({
  source: 'content/',
  questions: bank.questions,
  scenarios: scenarios.scenarios.map((s) => ({
    topic: s.input.scenario.spec.topic ?? 'general',
    level: s.input.scenario.spec.level,
  })),
  troubleshooting,
});
process.stdout.write(json ? `${JSON.stringify(stats)}\n` : formatStatsTable(stats));
