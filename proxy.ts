/**
 * Next 16 proxy (formerly middleware). An optimisation, not the security
 * boundary: layouts, pages, actions and the DAL all check for themselves.
 *
 * 1. Cross-origin server-action POSTs get a clean 403, and bodies over
 *    Next's 1 MB server-action limit a 413; Next itself answers both with 500.
 * 2. Signed-out visits to the signed-in areas redirect to /login with a
 *    callbackUrl, without rendering anything.
 * 3. Passes the pathname to server components (x-pp-pathname) so layouts can
 *    build the same callbackUrl when a session expires.
 * 4. Gives every page and action request an id (x-request-id: the caller's when
 *    acceptable, else a new UUID), on the request for server code and logs
 *    (lib/server/observability) and on the response for the caller.
 * @see https://nextjs.org/docs/app/api-reference/file-conventions/proxy
 */
import { NextResponse, type NextRequest } from 'next/server';
import { env } from './lib/env.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './lib/request-id';
import { readSessionToken } from './lib/session-token';

const PROTECTED = ['/practice', '/quizzes', '/trace', '/progress', '/account', '/admin'];
const PATHNAME_HEADER = 'x-pp-pathname';
/** Next's default serverActions.bodySizeLimit; keep in step if next.config.js changes it. */
const ACTION_BODY_LIMIT = 1024 * 1024;

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

  if (req.method === 'POST' && req.headers.has('next-action')) {
    const origin = req.headers.get('origin');
    const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
    if (origin && host) {
      let originHost: string | null = null;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = null;
      }
      if (originHost !== host)
        return NextResponse.json({ error: 'Cross-site request refused.' }, { status: 403 });
    }
    if (Number(req.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT) {
      return NextResponse.json({ error: 'Request too large.' }, { status: 413 });
    }
  }

  if (isProtected(pathname) && req.method === 'GET') {
    const token = await readSessionToken(req, env.NEXTAUTH_SECRET);
    if (!token?.uid) {
      const login = new URL('/login', req.url);
      login.searchParams.set('callbackUrl', `${pathname}${search}`);
      return NextResponse.redirect(login);
    }
  }

  const headers = new Headers(req.headers);
  headers.set(PATHNAME_HEADER, `${pathname}${search}`);
  headers.set(REQUEST_ID_HEADER, requestId);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages and server actions only. Route handlers under /api check the session themselves and need none of
  // the above; skipping the proxy there takes a second request/response wrap off the quiz autosave hot path
  // (see scripts/load-quiz.mts). Static assets are skipped too.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$).*)'],
};
