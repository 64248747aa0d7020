/**
 * Seed step: load the question bank (content/questions/*.yaml) into the database.
 *
 * The database is the source of truth at run time (admins edit questions there), and versions are never
 * rewritten (attempts point at the version they drew). So this step (scripts/seed-versioned.mts, shared with the
 * scenario library and the troubleshooting exercises):
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
import type { Question } from '../lib/quiz/bank-schema.ts';
import { formatBankErrors, loadBank } from '../lib/server/quiz/load-bank.ts';
import { resolveOutcome } from '../lib/quiz/outcome.ts';
import type { SeedStep } from './seed.mts';
import { versionedContentStep } from './seed-versioned.mts';
import { fromJson, toJson } from '../lib/server/db/json.ts';

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
  tags: toJson(q.tags),
});

/** The seed step for the bank in `dir` (default content/questions), outcome questions traced in `scenariosDir`. */
export function makeQuestionsStep(
  dir: string = QUESTIONS_DIR,
  scenariosDir: string = SCENARIOS_DIR,
): SeedStep {
  return versionedContentStep<Question, { content: unknown }>({
    name: 'question bank',
    noun: 'question',
    where: 'content/questions',
    collection: 'the bank',
    load() {
      const bank = loadBank(dir);
      return bank.ok
        ? { ok: true, items: bank.questions.map((q) => materialise(q, scenariosDir)) }
        : { ok: false, message: `The question bank has errors:\n${formatBankErrors(bank.errors)}` };
    },
    idOf: (q) => q.id,
    // Stored as JSON: the same question whatever the key order.
    isCurrent: (stored, q) => canonicalJson(fromJson(stored.content)) === canonicalJson(q),
    rows: (db) =>
      db.question.findMany({
        select: {
          id: true,
          status: true,
          publishedVersion: true,
          latestVersion: true,
          versions: { select: { version: true, content: true, createdById: true } },
        },
      }),
    publish: (db, publications) =>
      db.$transaction([
        db.question.createMany({
          data: publications
            .filter((p) => p.version === 1)
            .map(({ item }) => ({
              id: item.id,
              ...denormalised(item),
              status: 'PUBLISHED',
              publishedVersion: 1,
              latestVersion: 1,
            })),
        }),
        db.questionVersion.createMany({
          data: publications.map(({ item, version }) => ({
            questionId: item.id,
            version,
            content: toJson(item),
          })),
        }),
        ...publications
          .filter((p) => p.version > 1)
          .map(({ item, version }) =>
            db.question.update({
              where: { id: item.id },
              data: { ...denormalised(item), publishedVersion: version, latestVersion: version },
            }),
          ),
      ]),
  });
}

export const questionsStep: SeedStep = makeQuestionsStep();
