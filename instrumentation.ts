/**
 * Next's instrumentation hooks (https://nextjs.org/docs/app/guides/instrumentation).
 * - register(): once per server process; logs the start with the Node version and log level.
 * - onRequestError(): every error Next catches while rendering a page, running a server action or a route
 *   handler, or in the proxy. Logged as one JSON line with the request id (from the proxy's x-request-id
 *   header, or the route handler's context), the route and the error's digest — the digest is what the
 *   browser shows on the error page, so a learner's report can be matched to its stack trace.
 * Node runtime only: the logger writes to the process's stdout.
 */
import type { Instrumentation } from 'next';

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logServerStart } = await import('./lib/server/observability/log');
  logServerStart();
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { log } = await import('./lib/server/observability/log');
  const { currentRequestId, REQUEST_ID_HEADER } = await import('./lib/server/observability/request-context');
  const header = request.headers[REQUEST_ID_HEADER];
  const requestId = currentRequestId() ?? (typeof header === 'string' ? header : undefined);
  const digest =
    error && typeof error === 'object' && 'digest' in error && typeof error.digest === 'string'
      ? error.digest
      : undefined;
  log.error(
    {
      event: 'request.error',
      err: error,
      requestId,
      digest,
      method: request.method,
      path: request.path,
      routePath: context.routePath,
      routeType: context.routeType,
      renderSource: context.renderSource,
    },
    'request failed',
  );
};
