/**
 * Public entry of lib/troubleshoot: troubleshooting exercises ("fix this cluster", ADR 016) — the format, the
 * loader and the checker. Pure TypeScript (no next/react/prisma/node imports), shared by the server (grading,
 * authoritative), the browser (preview) and the content tests.
 */
export * from './schema';
export { loadExercise, splitExerciseFile, applyChange, changeOf, refKey } from './exercise';
export type { Exercise, ExerciseIssue, LoadResult } from './exercise';
export {
  checkSubmission,
  checkCandidate,
  checkBroken,
  authorFixSize,
  requestHolds,
  fieldHolds,
} from './check';
export type { CheckResult, ConditionResult, Refusal } from './check';
export { diffObjects, rawObjects, valueAt, applyObjects, objectKey, objectLines } from './objects';
export type { ObjectChange, FieldChange, RawObject } from './objects';
