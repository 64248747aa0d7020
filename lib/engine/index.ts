/**
 * Public entry of the routing engine: output types, the cluster model type, `buildModel` and `trace` /
 * `traceAll` (every valid path of a request). Only what callers outside the engine use; tests import internal
 * modules directly.
 */
export * from './types';
export type { ClusterModel } from './model';
export { buildModel } from './build-model';
export { trace, traceAll } from './trace';
