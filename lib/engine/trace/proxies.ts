/**
 * Dispatch to the L7 proxy a Pod plays for this connection (reference §A5): ingress controller (R7), Gateway API
 * data plane (R8) or in-cluster API gateway (R9). Reached through `ctx.flow.handleL7` from delivery.ts.
 */
import type { ModelPod } from '../model';
import { type Ctx, type Done, type PState, type ProxyRole, finish } from './state';
import { MAX_L7_DEPTH } from './l7';
import { handleIngress } from './ingress';
import { handleGateway } from './gateway';
import { handleApiGatewayInCluster } from './api-gateway';

export function handleL7(ctx: Ctx, st: PState, pod: ModelPod, role: ProxyRole, port: number): Done[] {
  if (st.l7 >= MAX_L7_DEPTH)
    return [finish(ctx, st, 'DROPPED', `more than ${MAX_L7_DEPTH} L7 proxies in a row: proxy loop`, 'R9.2')];
  switch (role.kind) {
    case 'ingress':
      return handleIngress(ctx, st, pod, role, port);
    case 'gateway':
      return handleGateway(ctx, st, pod, role, port);
    case 'apigw':
      return handleApiGatewayInCluster(ctx, st, pod, role, port);
  }
}
