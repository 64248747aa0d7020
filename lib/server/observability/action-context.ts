import 'server-only';
import { headers } from 'next/headers';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/request-id';
import { currentRequestId, runWithRequestId } from './request-context';

/**
 * Run `fn` (a server action's body, a server component's data load) with the request id the proxy put on the
 * request (proxy.ts), so its log lines carry it. Already inside a context (a wrapped route handler): runs `fn`
 * as is.
 */
export async function inRequestContext<T>(fn: () => Promise<T>): Promise<T> {
  if (currentRequestId() !== undefined) return fn();
  const requestId = requestIdFrom((await headers()).get(REQUEST_ID_HEADER));
  return runWithRequestId(requestId, fn);
}
