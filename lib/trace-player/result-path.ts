/**
 * One engine path as the result page and the playground show it: its hops at a level (projected by the grader)
 * and its replay frames on the diagram. Pure (moved from lib/server/trace/service.ts so the playground can build
 * it in the browser).
 */
import type { TracePath } from '../engine/types';
import type { LaidOutDiagram } from './layout';
import { outcomeLabel } from './outcomes';
import { replayFrames } from './replay';
import type { ResultPath } from './views';

export function toResultPath(
  path: TracePath,
  diagram: LaidOutDiagram | undefined,
  projected: { key: string; label: string; layer: string; optional: boolean; rules: string[] }[],
): ResultPath {
  const out: ResultPath = {
    id: path.id,
    weight: path.weight,
    choice: path.choice,
    disposition: path.disposition,
    dispositionLabel: outcomeLabel(path.disposition),
    reason: path.reason,
    masqueraded: path.masqueraded,
    hops: projected.map((h) => ({
      cardId: h.key,
      label: h.label,
      layer: h.layer,
      ...(h.optional ? { optional: true } : {}),
      ...(h.rules.length ? { rules: h.rules } : {}),
    })),
    frames: diagram ? replayFrames(path, diagram) : [],
  };
  if (path.endpoint)
    out.endpoint = `${path.endpoint.object.replace(/^[a-z-]+\//, '')} (${path.endpoint.ip}:${path.endpoint.port})`;
  if (path.sourceSeenByDestination) out.sourceSeenByDestination = path.sourceSeenByDestination;
  return out;
}
