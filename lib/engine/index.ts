/**
 * Public entry of the routing engine (engine-plan.md): output types, the cluster model and `buildModel`.
 * `trace` / `traceAll` (E1b) compute every valid path of a request.
 */
export * from './types';
export type * from './model';
export {
  buildModel,
  selectPods,
  selectPodsByLabelSelector,
  matchesLabelSelector,
  findPort,
  eligibleEndpoints,
  nodeForPodIP,
  ingressRulesForHost,
  compareIP,
  vipKey,
  nodePortKey,
} from './build-model';
export { trace, traceAll } from './trace';
