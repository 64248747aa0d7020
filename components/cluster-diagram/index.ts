/** The cluster diagram: a map of the scenario's objects in tiers (lib/trace-player/map.ts, ADR 013). */
export { ClusterDiagram } from './cluster-diagram';
