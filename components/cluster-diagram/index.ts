/** The cluster diagram (React Flow). Build its input with lib/trace-ui (buildDiagramGraph + layoutDiagram). */
export { ClusterDiagram, type ClusterDiagramProps } from './cluster-diagram';
