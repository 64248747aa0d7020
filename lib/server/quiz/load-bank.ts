/**
 * Load and validate the question bank from content/questions/*.yaml.
 *
 *   const r = loadBank("content/questions");
 *   if (!r.ok) throw new Error(formatBankErrors(r.errors));
 *   r.questions // Question[]
 *
 * Never throws for content problems: every problem comes back as a BankError (file, question id or
 * index, field path, message). Throws only if `dir` itself cannot be read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments, isSeq } from 'yaml';
import { questionSchema, type Question } from '../../quiz/bank-schema';

export interface BankError {
  /** File name relative to the bank dir, e.g. "dns.yaml". */
  file: string;
  /** Index of the question in its file's list (absent for file-level errors). */
  index?: number;
  /** Question id when it could be read (absent for file-level errors or a missing id). */
  questionId?: string;
  /** Dotted field path inside the question, e.g. "options.1.id" ("" = the question itself). */
  path: string;
  message: string;
}

export type LoadBankResult =
  | { ok: true; questions: Question[]; files: string[] }
  | { ok: false; errors: BankError[]; questions: Question[]; files: string[] };

export function formatBankError(e: BankError): string {
  const where = [
    e.file,
    e.index !== undefined ? `#${e.index}` : undefined,
    e.questionId !== undefined ? `(${e.questionId})` : undefined,
    e.path ? e.path : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return `${where}: ${e.message}`;
}

export function formatBankErrors(errors: BankError[]): string {
  return errors.map(formatBankError).join('\n');
}

/** Parse and validate one YAML file's text. Exported for tests and tooling. */
export function parseBankFile(file: string, source: string): { questions: Question[]; errors: BankError[] } {
  const errors: BankError[] = [];
  const questions: Question[] = [];
  const docs = parseAllDocuments(source, { prettyErrors: true });
  if (!Array.isArray(docs)) {
    // EmptyStream: an empty file
    return {
      questions,
      errors: [{ file, path: '', message: 'file is empty; expected a YAML list of questions' }],
    };
  }
  if (docs.length !== 1) {
    errors.push({ file, path: '', message: `expected exactly one YAML document, found ${docs.length}` });
    return { questions, errors };
  }
  const doc = docs[0]!;
  for (const err of doc.errors) errors.push({ file, path: '', message: `YAML syntax: ${err.message}` });
  for (const w of doc.warnings) errors.push({ file, path: '', message: `YAML warning: ${w.message}` });
  if (errors.length) return { questions, errors };
  if (!isSeq(doc.contents)) {
    errors.push({ file, path: '', message: 'top level must be a YAML list of questions' });
    return { questions, errors };
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const list = Array.isArray(raw) ? (raw as unknown[]) : [];
  list.forEach((item, index) => {
    const id =
      item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
        ? (item as { id: string }).id
        : undefined;
    const r = questionSchema.safeParse(item);
    if (r.success) {
      questions.push(r.data);
      return;
    }
    for (const issue of r.error.issues) {
      errors.push({
        file,
        index,
        ...(id !== undefined ? { questionId: id } : {}),
        path: issue.path.map(String).join('.'),
        message: issue.message,
      });
    }
  });
  return { questions, errors };
}

/**
 * Read every `*.yaml` / `*.yml` file in `dir` (not recursive, sorted by name), validate each question,
 * and check that ids are unique across the whole bank.
 */
export function loadBank(dir: string): LoadBankResult {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const errors: BankError[] = [];
  const questions: Question[] = [];
  const seen = new Map<string, string>(); // id -> file
  for (const f of files) {
    const file = basename(f);
    const r = parseBankFile(file, readFileSync(join(dir, f), 'utf8'));
    errors.push(...r.errors);
    r.questions.forEach((q) => {
      const prev = seen.get(q.id);
      if (prev !== undefined) {
        errors.push({
          file,
          questionId: q.id,
          path: 'id',
          message: `duplicate question id (already used in ${prev})`,
        });
      } else {
        seen.set(q.id, file);
        questions.push(q);
      }
    });
  }
  return errors.length ? { ok: false, errors, questions, files } : { ok: true, questions, files };
}
