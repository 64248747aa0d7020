/**
 * Seed step: load the question bank (content/questions/*.yaml) into the database.
 *
 * The database is the source of truth at run time (admins edit questions there), so this step only
 * inserts questions whose id is not in the database yet; it never overwrites an edited question.
 * Each new question gets version 1, published. Outcome questions are answered by the engine on the way in.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Question } from '../lib/quiz/bank-schema.ts';
import { formatBankErrors, loadBank } from '../lib/quiz/load-bank.ts';
import { resolveOutcome } from '../lib/quiz/outcome.ts';
import type { SeedStep } from './seed.mts';

export const QUESTIONS_DIR = path.resolve(import.meta.dirname, '..', 'content', 'questions');
export const SCENARIOS_DIR = path.resolve(import.meta.dirname, '..', 'content', 'scenarios');

/** Outcome questions get their answer from the routing engine; every other question is stored as written. */
export function materialise(q: Question, scenariosDir: string = SCENARIOS_DIR): Question {
  if (q.type !== 'outcome') return q;
  const r = resolveOutcome(q, readFileSync(path.join(scenariosDir, `${q.scenario}.yaml`), 'utf8'));
  if (!r.ok) throw new Error(`Outcome question cannot be answered by the engine: ${r.message}`);
  return r.question;
}

export const questionsStep: SeedStep = {
  name: 'question bank',
  async run(db) {
    const bank = loadBank(QUESTIONS_DIR);
    if (!bank.ok) throw new Error(`The question bank has errors:\n${formatBankErrors(bank.errors)}`);
    const existing = new Set((await db.question.findMany({ select: { id: true } })).map((q) => q.id));
    const fresh = bank.questions.filter((q) => !existing.has(q.id)).map((q) => materialise(q));
    if (fresh.length === 0) return { summary: `skipped (all ${bank.questions.length} questions present)` };
    await db.$transaction([
      db.question.createMany({
        data: fresh.map((q) => ({
          id: q.id,
          type: q.type,
          topic: q.topic,
          difficulty: q.difficulty,
          tags: JSON.stringify(q.tags),
          status: 'PUBLISHED',
          publishedVersion: 1,
          latestVersion: 1,
        })),
      }),
      db.questionVersion.createMany({
        data: fresh.map((q) => ({ questionId: q.id, version: 1, content: JSON.stringify(q) })),
      }),
    ]);
    return { summary: `added ${fresh.length} question(s) (${bank.questions.length} in the bank)` };
  },
};
