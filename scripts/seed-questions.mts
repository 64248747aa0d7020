/**
 * Seed step: load the question bank (content/questions/*.yaml) into the database.
 *
 * The database is the source of truth at run time (admins edit questions there), and versions are never
 * rewritten (attempts point at the version they drew). So this step:
 * - inserts a question whose id is not in the database yet as version 1, published;
 * - when a shipped question was edited in its file, adds the edit as a NEW published version (the old one
 *   stays, with the attempts on it) — but only while the database still holds what the seed wrote: the question
 *   is published, its latest version is the published one and no admin wrote any of its versions;
 * - otherwise leaves the question alone (an admin's edit, draft or retirement wins) and says so.
 * Outcome questions are answered by the engine on the way in, so a changed engine answer is also a new version.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { canonicalJson } from '../lib/authoring/bundle.ts';
import type { DbClient } from '../lib/server/db/client.ts';
import type { Question } from '../lib/quiz/bank-schema.ts';
import { formatBankErrors, loadBank } from '../lib/server/quiz/load-bank.ts';
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

const denormalised = (q: Question) => ({
  type: q.type,
  topic: q.topic,
  difficulty: q.difficulty,
  tags: JSON.stringify(q.tags),
});

interface Existing {
  id: string;
  status: string;
  publishedVersion: number | null;
  latestVersion: number;
  versions: { version: number; content: string; createdById: string | null }[];
}

async function existingQuestions(db: DbClient): Promise<Map<string, Existing>> {
  const rows = await db.question.findMany({
    select: {
      id: true,
      status: true,
      publishedVersion: true,
      latestVersion: true,
      versions: { select: { version: true, content: true, createdById: true } },
    },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

/** The seed step for the bank in `dir` (default content/questions), outcome questions traced in `scenariosDir`. */
export function makeQuestionsStep(
  dir: string = QUESTIONS_DIR,
  scenariosDir: string = SCENARIOS_DIR,
): SeedStep {
  return {
    name: 'question bank',
    async run(db) {
      const bank = loadBank(dir);
      if (!bank.ok) throw new Error(`The question bank has errors:\n${formatBankErrors(bank.errors)}`);
      const existing = await existingQuestions(db);
      const fresh: Question[] = [];
      const updates: { q: Question; version: number }[] = [];
      const kept: string[] = [];
      for (const shipped of bank.questions) {
        const row = existing.get(shipped.id);
        const q = materialise(shipped, scenariosDir);
        if (!row) {
          fresh.push(q);
          continue;
        }
        const latest = row.versions.find((v) => v.version === row.latestVersion);
        if (latest && canonicalJson(JSON.parse(latest.content)) === canonicalJson(q)) continue;
        const seedOwned =
          row.status === 'PUBLISHED' &&
          row.publishedVersion === row.latestVersion &&
          row.versions.every((v) => v.createdById === null);
        if (seedOwned) updates.push({ q, version: row.latestVersion + 1 });
        else kept.push(q.id);
      }
      if (fresh.length === 0 && updates.length === 0) {
        const why = kept.length ? `; ${kept.length} edited in the files but changed by an admin: kept` : '';
        return { summary: `skipped (all ${bank.questions.length} questions present${why})` };
      }
      await db.$transaction([
        db.question.createMany({
          data: fresh.map((q) => ({
            id: q.id,
            ...denormalised(q),
            status: 'PUBLISHED',
            publishedVersion: 1,
            latestVersion: 1,
          })),
        }),
        db.questionVersion.createMany({
          data: [
            ...fresh.map((q) => ({ questionId: q.id, version: 1, content: JSON.stringify(q) })),
            ...updates.map(({ q, version }) => ({ questionId: q.id, version, content: JSON.stringify(q) })),
          ],
        }),
        ...updates.map(({ q, version }) =>
          db.question.update({
            where: { id: q.id },
            data: { ...denormalised(q), publishedVersion: version, latestVersion: version },
          }),
        ),
      ]);
      const parts = [`added ${fresh.length} question(s)`];
      if (updates.length) parts.push(`published a new version of ${updates.length} edited question(s)`);
      if (kept.length) parts.push(`kept ${kept.length} admin-edited question(s)`);
      return {
        summary: `${parts.join(', ')} (${bank.questions.length} in the bank)`,
        ...(updates.length || kept.length
          ? {
              notes: [
                ...updates.map(
                  ({ q, version }) => `${q.id}: version ${version} published from content/questions`,
                ),
                ...kept.map(
                  (id) => `${id}: the file changed, but an admin changed it too; the database wins`,
                ),
              ],
            }
          : {}),
      };
    },
  };
}

export const questionsStep: SeedStep = makeQuestionsStep();
