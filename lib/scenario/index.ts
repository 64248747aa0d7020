/**
 * Public entry of lib/scenario: scenario YAML → validated ScenarioInput (docs/scenario-format.md).
 * App code imports from here only.
 */
export { parseScenario, inputFromObjects } from './parse';
export { parseManifests, MANIFEST_LIMITS, DEFAULT_NODE_COUNT } from './manifests';
export type {
  ManifestOptions,
  ManifestResult,
  ManifestNote,
  NoteKind,
  PlacedPod,
  Allocation,
} from './manifests';
export type { ParseResult, ScenarioIssue, IssueCode } from './parse';
export { scenarioJsonSchema } from './json-schema';
export * from './schema';
export {
  parseIPv4,
  formatIPv4,
  parseIPv6,
  parseCidr,
  isIP,
  isIPv4,
  isIPv6,
  ipFamily,
  cidrContains,
  inCidr,
  canonicalIP,
  formatIPv6,
} from './ip';
export type { Cidr } from './ip';
export { initIPFamilyFields, clusterServiceFamilies, familyOfIP } from './ip-families';
export type { IPFamilyResult } from './ip-families';
