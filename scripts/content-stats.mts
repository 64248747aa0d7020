/**
 * Published content counts: what the seed loads from content/ (the shipped, published bank).
 *
 *   npm run -s content:stats            # a readable table (topics × question types)
 *   npm run -s content:stats -- --json  # one JSON object: questions, scenarios, troubleshooting + breakdowns
 *
 * Counts the files, not a database: every question and scenario in content/ is published by the seed, and
 * the files are what the team reviews and gates (lib/quiz/bank.test.ts); an admin's edits in one database are
 * not the shipped content. Troubleshooting exercises are loaded and checked from content/troubleshooting/*.yaml
 * (ADR 016). Exits 1 (with every problem) when the content does not load.
 */
import { formatBankErrors, loadBank } from '../lib/server/quiz/load-bank.ts';
import { contentStats, formatStatsTable } from '../lib/quiz/content-stats.ts';
import { formatScenarioIssues, loadScenarioFiles } from './seed-scenarios.mts';
import { QUESTIONS_DIR } from './seed-questions.mts';
import { formatExerciseIssues, loadTroubleshootingFiles } from './seed-troubleshooting.mts';

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
const troubleshooting = loadTroubleshootingFiles();
if (!troubleshooting.ok) {
  process.stderr.write(
    `content/troubleshooting has errors:\n${formatExerciseIssues(troubleshooting.issues)}\n`,
  );
  process.exit(1);
}

const stats = contentStats({
  source: 'content/',
  questions: bank.questions,
  scenarios: scenarios.scenarios.map((s) => ({
    topic: s.input.scenario.spec.topic ?? 'general',
    level: s.input.scenario.spec.level,
  })),
  troubleshooting: troubleshooting.exercises.map(({ exercise }) => ({
    topic: exercise.doc.spec.topic,
    difficulty: exercise.doc.spec.difficulty,
  })),
});
process.stdout.write(json ? `${JSON.stringify(stats)}\n` : formatStatsTable(stats));
