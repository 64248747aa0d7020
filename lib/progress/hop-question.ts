/**
 * Re-asking a missed scenario hop. Built from the engine's trace at review time, so the question always matches
 * what the cluster really does (even after the scenario was edited):
 *
 * - a card that is on a valid path → "which hop comes right after <previous hop>?" (or "…is the first hop?"),
 *   with the right card, up to three cards from the scenario's palette that do not follow that hop on any
 *   valid path, in a deterministic shuffled order;
 * - a card on no valid path (a distractor the learner placed) → "is <card> a hop on this request's path?";
 * - the outcome (`outcome:X`) → "what happens to the request?" with the engine's outcome and three others.
 *
 * Several valid paths (endpoint choice, entry node) are respected: every card that follows the previous hop on
 * some valid path is accepted. Pure and deterministic for the same `seed`.
 */
import type { Level, TraceSet } from '../engine/types';
import { fnv1a, project, type Card, type LevelHop } from '../grader';
import { OUTCOME_OPTIONS, outcomeLabel } from '../trace-player/outcomes';

export interface HopOption {
  id: string;
  label: string;
}

export type HopQuestion =
  | { style: 'next-hop'; prompt: string; after: string | null; options: HopOption[]; answers: string[] }
  | { style: 'on-path'; prompt: string; card: HopOption; options: HopOption[]; answers: string[] }
  | { style: 'outcome'; prompt: string; options: HopOption[]; answers: string[] };

/** Deterministic order: by FNV-1a of seed + id. */
function seededOrder<T extends { id: string }>(xs: readonly T[], seed: string): T[] {
  return [...xs].sort(
    (a, b) => fnv1a(`${seed}|${a.id}`) - fnv1a(`${seed}|${b.id}`) || (a.id < b.id ? -1 : 1),
  );
}

const YES = { id: 'yes', label: 'Yes, it is on the path' };
const NO = { id: 'no', label: 'No, the request never passes it' };

/** Build the question for `card` (a finding's card id) of a trace at `level`; null when it cannot be asked. */
export function buildHopQuestion(
  traceSet: TraceSet,
  level: Level,
  palette: readonly Card[],
  card: string,
  seed: string,
): HopQuestion | null {
  if (card.startsWith('outcome:')) return outcomeQuestion(traceSet, card.slice('outcome:'.length), seed);
  const paths = traceSet.paths.map((p) => project(p, level));
  const labelOf = (id: string): string =>
    palette.find((c) => c.id === id)?.label ?? paths.flat().find((h) => h.key === id)?.label ?? id;

  // Where the card sits on a valid path: first path that has it.
  let at: { path: LevelHop[]; k: number } | undefined;
  for (const p of paths) {
    const k = p.findIndex((h) => h.key === card);
    if (k >= 0) {
      at = { path: p, k };
      break;
    }
  }
  if (!at) {
    return {
      style: 'on-path',
      prompt: `Is ${labelOf(card)} a hop on this request's path?`,
      card: { id: card, label: labelOf(card) },
      options: [YES, NO],
      answers: ['no'],
    };
  }
  const prev = at.k > 0 ? at.path[at.k - 1] : undefined;
  // Every card that can follow `prev` on a valid path (optional hops in between may be skipped).
  const accepted = new Set<string>();
  for (const p of paths) {
    const starts = prev ? p.map((h, i) => (h.key === prev.key ? i + 1 : -1)).filter((i) => i >= 0) : [0];
    for (const s of starts) {
      for (let i = s; i < p.length; i++) {
        accepted.add(p[i]!.key);
        if (!p[i]!.optional) break;
      }
    }
  }
  accepted.add(card);
  const wrong = seededOrder(
    palette
      .filter((c) => !accepted.has(c.id) && c.id !== prev?.key)
      .map((c) => ({ id: c.id, label: c.label })),
    seed,
  ).slice(0, 3);
  const options = seededOrder([{ id: card, label: labelOf(card) }, ...wrong], `${seed}:order`);
  return {
    style: 'next-hop',
    prompt: prev ? `Which hop comes right after ${prev.label}?` : 'Which hop comes first?',
    after: prev?.label ?? null,
    options,
    answers: [...accepted].filter((id) => options.some((o) => o.id === id)),
  };
}

function outcomeQuestion(traceSet: TraceSet, given: string, seed: string): HopQuestion {
  const valid = new Set<string>([traceSet.disposition, ...traceSet.paths.map((p) => p.disposition)]);
  const right = { id: traceSet.disposition, label: outcomeLabel(traceSet.disposition) };
  const others = OUTCOME_OPTIONS.filter((o) => !valid.has(o.value)).map((o) => ({
    id: o.value,
    label: o.label,
  }));
  const givenOpt = others.find((o) => o.id === given);
  const rest = seededOrder(
    others.filter((o) => o.id !== given),
    seed,
  ).slice(0, givenOpt ? 2 : 3);
  const options = seededOrder([right, ...(givenOpt ? [givenOpt] : []), ...rest], `${seed}:order`);
  return {
    style: 'outcome',
    prompt: 'What happens to this request?',
    options,
    answers: [...valid].filter((v) => options.some((o) => o.id === v)),
  };
}
