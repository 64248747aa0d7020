/**
 * Print a seeded random sample of questions for the content review (docs/content-review.md).
 *
 *   npm run -s content:sample -- --seed 42 --n 10 [--topic mtu] [--type single] [--json]
 *
 * The same seed and bank give the same sample, so a review note can say exactly what was read. Outcome
 * questions are answered by the routing engine first, as the seed does, so the key shown is the one learners get.
 */
import { parseArgs } from 'node:util';
import { QUESTION_TYPES, TOPIC_SLUGS } from '../lib/quiz/bank-schema.ts';
import { formatForReview, sampleQuestions } from '../lib/quiz/content-sample.ts';
import { formatBankErrors, loadBank } from '../lib/server/quiz/load-bank.ts';
import { materialise, QUESTIONS_DIR } from './seed-questions.mts';

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run -s content:sample -- --seed N --n N [--topic T] [--type T] [--json]\n`,
  );
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      seed: { type: 'string' },
      n: { type: 'string', default: '10' },
      topic: { type: 'string' },
      type: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  fail((e as Error).message);
}
const seed = values.seed === undefined ? Math.floor(Math.random() * 1_000_000) : Number(values.seed);
const n = Number(values.n);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed must be a non-negative integer, got ${values.seed}`);
if (!Number.isInteger(n) || n < 1) fail(`--n must be a positive integer, got ${values.n}`);
if (values.topic && !(TOPIC_SLUGS as readonly string[]).includes(values.topic))
  fail(`unknown --topic ${values.topic}; one of: ${TOPIC_SLUGS.join(', ')}`);
if (values.type && !(QUESTION_TYPES as readonly string[]).includes(values.type))
  fail(`unknown --type ${values.type}; one of: ${QUESTION_TYPES.join(', ')}`);

const bank = loadBank(QUESTIONS_DIR);
if (!bank.ok) {
  process.stderr.write(`content/questions has errors:\n${formatBankErrors(bank.errors)}\n`);
  process.exit(1);
}
const picked = sampleQuestions(bank.questions, {
  seed,
  n,
  ...(values.topic ? { topic: values.topic } : {}),
  ...(values.type ? { type: values.type } : {}),
}).map((q) => materialise(q));

if (values.json) {
  process.stdout.write(
    `${JSON.stringify({ seed, n: picked.length, ids: picked.map((q) => q.id), questions: picked })}\n`,
  );
} else {
  const filters = [values.topic && `topic ${values.topic}`, values.type && `type ${values.type}`].filter(
    Boolean,
  );
  process.stdout.write(
    `Content review sample: seed ${seed}, ${picked.length} of ${bank.questions.length} questions${filters.length ? ` (${filters.join(', ')})` : ''}\n` +
      `Reproduce: npm run -s content:sample -- --seed ${seed} --n ${n}${values.topic ? ` --topic ${values.topic}` : ''}${values.type ? ` --type ${values.type}` : ''}\n\n`,
  );
  process.stdout.write(picked.map((q, i) => formatForReview(q, i, picked.length)).join('\n\n') + '\n');
}
