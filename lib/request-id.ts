/**
 * The request id header, shared by the proxy (pages, server actions) and lib/server (route handlers, logs).
 * No Node or server-only imports: the proxy imports it too.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may send as its own id (a load balancer's, a client's retry id): short, printable, no spaces. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id to use for a request: the caller's `x-request-id` when it is acceptable, else a new random UUID. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && ACCEPTABLE.test(header) ? header : crypto.randomUUID();
}
