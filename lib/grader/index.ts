/**
 * The grader's public entry: levels, cards, distractors, grading and hints — what the app and the scripts use.
 * Pure TypeScript: imports only the engine's types. Tests import internal modules directly.
 */
export { cardLabel, project } from './levels';
export type { LevelHop } from './levels';
export { cardIdsForPath, cardsFor, fnv1a, resolveCardShorthand } from './cards';
export type { Card } from './cards';
export { distractors } from './distractors';
export { MISCONCEPTIONS } from './misconceptions';
export { grade, hint, parseCardId } from './grade';
export type { Answer, GradeResult, Hint } from './grade';
