/**
 * next-auth v4 catch-all, wrapped:
 * - every POST body is read with a bound (16 KB, with or without a Content-Length: 413) and, when it says it
 *   is JSON, parsed before next-auth sees it: next-auth calls `req.json()` itself and answers a malformed
 *   body with 500 and a stack trace in the log; here it is a 400 with a message;
 * - POST /api/auth/callback/credentials answers a locked-out account or client with HTTP 429 and
 *   Retry-After before any password is checked. The JSON body keeps next-auth's `{ url }` shape, so
 *   `signIn('credentials', { redirect: false })` still reads `.error`;
 * - an unexpected error is a 500 JSON `{ error }` and one log line, not a stack trace.
 * @see https://next-auth.js.org/configuration/initialization#route-handlers-app
 */
import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { authOptions } from '@/lib/server/auth';
import { MESSAGES } from '@/lib/server/guard/failure';
import { reportUnexpected } from '@/lib/server/guard/report';
import { clientKeyFromHeaders, getLoginLockout } from '@/lib/server/auth/login-attempts';
import { readBodyText } from '@/lib/server/read-body';
import { emailSchema } from '@/lib/validation/auth';
import { env } from '@/lib/env.js';
import { withRequestId } from '@/lib/server/observability/request-context';

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's handler is typed loosely (any); pin the shape we use.
const handler = NextAuth(authOptions) as (req: NextRequest, ctx: Context) => Promise<Response>;

/** Sign-in forms are tiny; refuse huge bodies before anyone buffers them. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

const refuse = (status: number, error: string) => Response.json({ error }, { status });

async function guarded(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    reportUnexpected('route', 'next-auth', error);
    return refuse(500, 'Something went wrong on our side. Try again in a moment.');
  }
}

export const GET = withRequestId(async function GET(req: Request, ctx: Context): Promise<Response> {
  return guarded(() => handler(req as NextRequest, ctx));
});

export const POST = withRequestId(async function POST(req: Request, ctx: Context): Promise<Response> {
  return guarded(async () => {
    const read = await readBodyText(req, MAX_AUTH_BODY_BYTES);
    if (!read.ok) return refuse(413, MESSAGES.tooLarge);
    const type = req.headers.get('content-type') ?? '';
    let fields: unknown;
    if (type.includes('application/json')) {
      try {
        // eslint-disable-next-line no-restricted-properties -- a request body, not a column
        fields = JSON.parse(read.text);
      } catch {
        return refuse(400, MESSAGES.notJson);
      }
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
        return refuse(400, 'Send the fields as a JSON object.');
    } else {
      fields = Object.fromEntries(new URLSearchParams(read.text));
    }
    // next-auth reads the body itself: hand it a request with the text already read.
    const again = new NextRequest(req.url, { method: 'POST', headers: req.headers, body: read.text });

    const { nextauth } = await ctx.params;
    // next-auth's client posts its own errors to /api/auth/_log for the server to log: anyone can post anything
    // there, and it was logged with a stack trace. Client errors stay in the browser console instead.
    if (nextauth.join('/') === '_log') return new Response(null, { status: 204 });
    if (nextauth.join('/') === 'callback/credentials') {
      const email = emailSchema.safeParse((fields as Record<string, unknown>).email);
      if (email.success) {
        const lockout = await getLoginLockout(email.data, clientKeyFromHeaders(req.headers));
        if (lockout.locked) {
          const errorUrl = new URL('/login', env.NEXTAUTH_URL ?? req.url);
          errorUrl.searchParams.set('error', lockout.message);
          return Response.json(
            {
              url: errorUrl.toString(),
              error: lockout.message,
              retryAfterSeconds: lockout.retryAfterSeconds,
            },
            {
              status: 429,
              headers: { 'Retry-After': String(lockout.retryAfterSeconds), 'Cache-Control': 'no-store' },
            },
          );
        }
      }
    }
    return handler(again, ctx);
  });
});
