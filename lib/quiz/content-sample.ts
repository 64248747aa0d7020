/**
 * A seeded random sample of bank questions for the content review (docs/content-review.md), and the text a
 * reviewer reads: every field that the checklist covers — stem, key, each distractor, explanation, source.
 * Pure: the same bank, seed and size always give the same sample (the reviewer can name it in a review note).
 */
import type { Question } from './bank-schema';

/** mulberry32: a small, well-known 32-bit PRNG; deterministic for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleOptions {
  seed: number;
  n: number;
  topic?: string;
  type?: string;
}

/** `n` distinct questions drawn with `seed` from those matching the filters (sorted by id first, so file order does not matter). */
export function sampleQuestions<Q extends Pick<Question, 'id' | 'topic' | 'type'>>(
  questions: readonly Q[],
  opts: SampleOptions,
): Q[] {
  const pool = questions
    .filter((q) => (!opts.topic || q.topic === opts.topic) && (!opts.type || q.type === opts.type))
    .slice()
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rand = seededRandom(opts.seed);
  const n = Math.min(Math.max(0, Math.floor(opts.n)), pool.length);
  // Partial Fisher–Yates: the first n positions are a uniform sample without replacement.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

const indent = (s: string, pad = '    ') =>
  s
    .trimEnd()
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

/** One question as the reviewer reads it, with the key marked (✓) and each distractor listed (✗). */
export function formatForReview(q: Question, index: number, total: number): string {
  const out: string[] = [];
  out.push(`━━━ ${index + 1}/${total}  ${q.id}  (${q.topic} · ${q.type} · difficulty ${q.difficulty})`);
  if (q.tags.length) out.push(`tags: ${q.tags.join(', ')}`);
  out.push('STEM', indent(q.prompt));
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const key = new Set(Array.isArray(q.answer) ? q.answer : [q.answer]);
      out.push('OPTIONS (✓ key, ✗ distractor)');
      for (const o of q.options) out.push(`  ${key.has(o.id) ? '✓' : '✗'} ${o.id}) ${o.text}`);
      break;
    }
    case 'outcome': {
      out.push(
        q.answer
          ? 'OPTIONS (✓ the engine computed this disposition)'
          : 'OPTIONS (the engine picks the key when the bank is loaded)',
      );
      for (const o of q.options)
        out.push(
          `  ${q.answer === undefined ? '·' : q.answer === o.id ? '✓' : '✗'} ${o.id}) [${o.disposition}] ${o.text}`,
        );
      out.push(`scenario: content/scenarios/${q.scenario}.yaml${q.request ? ` (request ${q.request})` : ''}`);
      if (q.engine) out.push(`engine: ${q.engine.disposition} — ${q.engine.reason}`);
      break;
    }
    case 'truefalse':
      out.push(`KEY: ${q.answer ? 'true' : 'false'}`);
      break;
    case 'short':
      out.push(`ACCEPTED ANSWERS: ${q.answer.map((a) => JSON.stringify(a)).join(', ')}`);
      break;
    case 'ordering': {
      const text = new Map(q.items.map((i) => [i.id, i.text]));
      out.push('CORRECT ORDER');
      q.answer.forEach((id, i) => out.push(`  ${i + 1}. ${text.get(id) ?? id}`));
      break;
    }
    case 'interview':
      out.push('MODEL ANSWER', indent(q.modelAnswer), 'RUBRIC');
      for (const r of q.rubric) out.push(`  □ ${r}`);
      break;
  }
  out.push('EXPLANATION', indent(q.explanation));
  if (q.seedCorrection) out.push('SEED CORRECTION', indent(q.seedCorrection));
  out.push(`SOURCE: ${q.source.title}`, `        ${q.source.url}`, `RULES: ${q.rules.join(', ')}`);
  out.push(
    'CHECK: stem precise and answerable · key right on the wire · each distractor wrong for a stated reason · explanation says why · source states the fact',
  );
  return out.join('\n');
}
