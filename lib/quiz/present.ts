/**
 * What a candidate may see of a question while an attempt is open, and the per-attempt shuffling.
 *
 * `toPublicQuestion` is the only shape of a question that may reach the browser before the attempt is
 * submitted: no answer, no explanation, no source, no model answer, no rubric.
 */
import type { Question, QuestionType, Topic } from './bank-schema';

/** A question as shown during an attempt. Options/items come in the attempt's stable shuffled order. */
export interface PublicQuestion {
  id: string;
  type: QuestionType;
  topic: Topic;
  difficulty: 1 | 2 | 3;
  prompt: string;
  options?: { id: string; text: string }[];
  items?: { id: string; text: string }[];
  /** Number of correct options for multiple choice ("Select 2"): standard exam practice, not a leak. */
  selectCount?: number;
}

/** Strip everything that would reveal the answer, and order options/items by `order` (ids). */
export function toPublicQuestion(q: Question, order: readonly string[]): PublicQuestion {
  const base = { id: q.id, type: q.type, topic: q.topic, difficulty: q.difficulty, prompt: q.prompt };
  switch (q.type) {
    case 'single':
    case 'outcome':
      return { ...base, options: arrange(q.options, order) };
    case 'multiple':
      return { ...base, options: arrange(q.options, order), selectCount: q.answer.length };
    case 'ordering':
      return { ...base, items: arrange(q.items, order) };
    default:
      return base;
  }
}

/** Ids to shuffle for a question: option ids, or item ids for ordering; empty for other types. */
export function shuffleableIds(q: Question): string[] {
  if (q.type === 'single' || q.type === 'multiple' || q.type === 'outcome') return q.options.map((o) => o.id);
  if (q.type === 'ordering') return q.items.map((i) => i.id);
  return [];
}

/**
 * Deterministic Fisher–Yates shuffle keyed by `seed` (e.g. `${attemptId}:${questionId}`), so the order is
 * stable within an attempt (reloads, second tabs) and differs between attempts. Ordering questions never
 * start in the correct order when another order exists.
 */
export function stableShuffle<T>(xs: readonly T[], seed: string, avoid?: readonly T[]): T[] {
  const out = [...xs];
  const rand = mulberry32(hash32(seed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  if (avoid && out.length > 1 && out.every((x, i) => x === avoid[i])) {
    out.push(out.shift() as T); // rotate once: still deterministic, never the answer itself
  }
  return out;
}

function arrange<T extends { id: string }>(
  xs: readonly T[],
  order: readonly string[],
): { id: string; text: string }[] {
  const byId = new Map(xs.map((x) => [x.id, x]));
  const ordered = order.map((id) => byId.get(id)).filter((x): x is T => x !== undefined);
  // Anything the stored order lacks (content edited since) goes last, in authoring order.
  for (const x of xs) if (!order.includes(x.id)) ordered.push(x);
  // Only id and text: an outcome option's `disposition` would give the answer away.
  return ordered.map((x) => ({ id: x.id, text: (x as unknown as { text: string }).text }));
}

/** FNV-1a 32-bit hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small, fast, seedable PRNG (public domain, Tommy Ettinger). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
