/**
 * Public entry of the routing engine (engine-plan.md): output types, the cluster model and `buildModel`.
 * E1b adds `trace` / `traceAll` here.
 */
export * from "./types";
export type * from "./model";
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
} from "./build-model";
