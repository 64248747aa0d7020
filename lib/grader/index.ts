/**
 * The grader's public entry: levels, cards, distractors, grading and hints.
 * Pure TypeScript: imports only the engine's types.
 */
export {
  canonicalOf,
  cardLabel,
  gradingSequence,
  hopKey,
  project,
  shortObject,
  wireSignature,
  SEED_SIMPLIFICATIONS,
} from './levels';
export type { GradingHop, LevelHop, SeedNote, Tolerance } from './levels';
export {
  cardIdForHop,
  cardIdsForPath,
  cardsFor,
  fnv1a,
  makeCard,
  normalizeCardId,
  paletteOrder,
  resolveCardShorthand,
  validCards,
} from './cards';
export type { Card } from './cards';
export { distractorIndex, distractors, MAX_DISTRACTORS, MIN_DISTRACTORS } from './distractors';
export type { Distractor, ModelLike } from './distractors';
export { MISCONCEPTIONS } from './misconceptions';
export type { Misconception } from './misconceptions';
export { editDistance, grade, hint, parseCardId, variantsOf } from './grade';
export type { Answer, Finding, FindingCode, GradeOptions, GradeResult, Hint } from './grade';
