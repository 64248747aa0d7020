/**
 * Seed step: load the question bank (content/questions/*.yaml) into the database.
 *
 * The database is the source of truth at run time (admins edit questions there), so this step only
 * inserts questions whose id is not in the database yet; it never overwrites an edited question.
 * Each new question gets version 1, published.
 */
import path from 'node:path';
import { formatBankErrors, loadBank } from '../lib/quiz/load-bank.ts';
import type { SeedStep } from './seed.mts';

export const QUESTIONS_DIR = path.resolve(import.meta.dirname, '..', 'content', 'questions');

export const questionsStep: SeedStep = {
  name: 'question bank',
  async run(db) {
    const bank = loadBank(QUESTIONS_DIR);
    if (!bank.ok) throw new Error(`The question bank has errors:\n${formatBankErrors(bank.errors)}`);
    const existing = new Set((await db.question.findMany({ select: { id: true } })).map((q) => q.id));
    const fresh = bank.questions.filter((q) => !existing.has(q.id));
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
