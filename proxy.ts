/**
 * Next 16 proxy (formerly middleware). An optimisation, not the security
 * boundary: layouts, pages, actions and the DAL all check for themselves.
 *
 * 1. Server-action POSTs and form posts: cross-origin ones get a clean 403, bodies over Next's 1 MB
 *    server-action limit a 413 (with or without a Content-Length), and bodies Next could not decode a 400
 *    (lib/server/guard/action-payload.ts); Next itself answers all of these with 500 and an error digest.
 * 2. Signed-out visits to the signed-in areas redirect to /login with a
 *    callbackUrl, without rendering anything.
 * 3. Passes the pathname to server components (x-pp-pathname) so layouts can
 *    build the same callbackUrl when a session expires.
 * 4. Gives every page and action request an id (x-request-id: the caller's when
 *    acceptable, else a new UUID), on the request for server code and logs
 *    (lib/server/observability) and on the response for the caller.
 * 5. Sets the page security headers with a fresh nonce per request (lib/server/security-headers.ts): the
 *    Content-Security-Policy goes on the request too, which is where Next reads the nonce for its scripts.
 * @see https://nextjs.org/docs/app/api-reference/file-conventions/proxy
 */
import { NextResponse, type NextRequest } from 'next/server';
import { env } from './lib/env.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './lib/request-id';
import { readSessionToken } from './lib/server/auth/session-token';
import { newNonce, pageSecurityHeaders } from './lib/server/security-headers';
import {
  ACTION_BODY_LIMIT,
  checkActionPayload,
  checkFormPost,
  readBounded,
} from './lib/server/guard/action-payload';

const PROTECTED = ['/practice', '/quizzes', '/trace', '/playground', '/progress', '/account', '/admin'];
const PATHNAME_HEADER = 'x-pp-pathname';
const HTTPS = (env.NEXTAUTH_URL ?? '').startsWith('https://');
const DEV = process.env.NODE_ENV === 'development';

const refuse = (status: number, error: string) => NextResponse.json({ error }, { status });

/** Server-action POSTs and no-JavaScript form posts to pages: origin, size and encoding (see the top). */
async function checkPost(req: NextRequest): Promise<NextResponse | null> {
  const isAction = req.headers.has('next-action');
  const contentType = req.headers.get('content-type') ?? '';
  if (!isAction && !contentType.toLowerCase().startsWith('multipart/form-data')) return null;
  // Next's action ids are 42 hex characters; anything else is a hand-made request (Next: 400 plus a stack trace).
  if (isAction && !/^[0-9a-f]{42}$/i.test(req.headers.get('next-action') ?? ''))
    return refuse(400, 'This request did not come from a PacketPath page. Reload the page and try again.');
  const origin = req.headers.get('origin');
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (origin && host) {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== host) return refuse(403, 'Cross-site request refused.');
  }
  const tooLarge = 'This request is too large (the limit is 1 MB). Shorten what you entered and try again.';
  if (Number(req.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT) return refuse(413, tooLarge);
  // The proxy reads a copy of the body (Next buffers it for the page); bounded, so a stream without a
  // Content-Length is cut off past the limit instead of reaching Next's decoder.
  const body = await readBounded(req.body, ACTION_BODY_LIMIT);
  if (!body) return refuse(413, tooLarge);
  const check = isAction
    ? await checkActionPayload(contentType, body)
    : await checkFormPost(contentType, body);
  return check.ok ? null : refuse(check.status, check.error);
}

function isProtected(pathname: string): boolean {
  return PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export async function proxy(req: NextRequest): Promise<NextResponse> {
  const requestId = requestIdFrom(req.headers.get(REQUEST_ID_HEADER));
  const res = await decide(req, requestId);
  res.headers.set(REQUEST_ID_HEADER, requestId);
  return res;
}

async function decide(req: NextRequest, requestId: string): Promise<NextResponse> {
  const { pathname, search } = req.nextUrl;

  if (req.method === 'POST') {
    const refused = await checkPost(req);
    if (refused) return refused;
  }

  if (isProtected(pathname) && req.method === 'GET') {
    const token = await readSessionToken(req, env.NEXTAUTH_SECRET);
    if (!token?.uid) {
      const login = new URL('/login', req.url);
      login.searchParams.set('callbackUrl', `${pathname}${search}`);
      return NextResponse.redirect(login);
    }
  }

  const security = pageSecurityHeaders({ nonce: newNonce(), https: HTTPS, dev: DEV });
  const headers = new Headers(req.headers);
  headers.set(PATHNAME_HEADER, `${pathname}${search}`);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set('Content-Security-Policy', security['Content-Security-Policy']);
  const res = NextResponse.next({ request: { headers } });
  for (const [key, value] of Object.entries(security)) if (value) res.headers.set(key, value);
  return res;
}

export const config = {
  // Pages and server actions only. Route handlers under /api check the session themselves and need none of
  // the above; skipping the proxy there takes a second request/response wrap off the quiz autosave hot path
  // (see scripts/load-quiz.mts). Static assets are skipped too.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)'],
};
