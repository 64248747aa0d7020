/**
 * Endpoint helpers shared by the Service dataplane, cloud LBs and the L7 proxies.
 */
import type { Endpoint, ModelPod } from '../model';
import type { Ctx } from './state';

/** The Pod behind an endpoint (by targetRef, else by IP); undefined for addresses without a modelled Pod. */
export function endpointPod(ctx: Ctx, ep: Endpoint): ModelPod | undefined {
  if (ep.pod) {
    const p = ctx.model.pods.get(ep.pod);
    if (p) return p;
  }
  return ctx.model.podsByIP.get(ep.ip);
}
