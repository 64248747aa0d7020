/**
 * The request id of the request being served, carried with AsyncLocalStorage so the logger can stamp every
 * line (lib/server/observability/log.ts) without passing it down.
 *
 * - Route handlers: wrap the handler in `withRequestId` (honours or generates `x-request-id` and echoes it on
 *   the response). Cost per request: one UUID (or a regex test) and one `AsyncLocalStorage.run`, a few µs.
 * - Pages and server actions: the proxy (proxy.ts) sets `x-request-id` on the request and the response;
 *   `inRequestContext(fn)` (./action-context.ts) reads it with next/headers and runs `fn` with it.
 * - Errors Next catches itself are logged by instrumentation.ts (`onRequestError`), which reads the header.
 *
 * No `server-only` marker and no next/headers here: instrumentation.ts (outside the React server layer)
 * imports the logger, which imports this. The store lives on globalThis because Next bundles instrumentation
 * and the app separately: two copies of this module must still share one store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/request-id';

export { REQUEST_ID_HEADER };

interface RequestContext {
  readonly requestId: string;
}

const globalForContext = globalThis as typeof globalThis & {
  __packetpathRequestContext?: AsyncLocalStorage<RequestContext>;
};
const storage = (globalForContext.__packetpathRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** The current request's id, or undefined outside a request context (scripts, start-up). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Run `fn` with `requestId` as the current request id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/**
 * A route handler that runs with the request's id (from `x-request-id` when acceptable, else a new one) and
 * answers with it in `x-request-id`.
 */
export function withRequestId<R extends Request, A extends unknown[]>(
  handler: (req: R, ...rest: A) => Promise<Response> | Response,
): (req: R, ...rest: A) => Promise<Response> {
  return async (req, ...rest) => {
    const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
    const res = await storage.run({ requestId }, () => handler(req, ...rest));
    try {
      res.headers.set(REQUEST_ID_HEADER, requestId);
    } catch {
      // Response.redirect() and error() have immutable headers; the id is still in the logs.
    }
    return res;
  };
}
