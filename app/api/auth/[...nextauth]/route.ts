/**
 * next-auth v4 catch-all. POST /api/auth/callback/credentials is wrapped so a
 * locked-out account or client gets HTTP 429 with Retry-After before any
 * password is checked. The JSON body keeps next-auth's `{ url }` shape, so
 * `signIn('credentials', { redirect: false })` still reads `.error`.
 * @see https://next-auth.js.org/configuration/initialization#route-handlers-app
 */
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/server/auth';
import { clientKeyFromHeaders, getLoginLockout } from '@/lib/server/login-attempts';
import { emailSchema } from '@/lib/validation/auth';
import { env } from '@/lib/env.js';
import { withRequestId } from '@/lib/server/observability/request-context';

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's handler is typed loosely (any); pin the shape we use.
const handler = NextAuth(authOptions) as (req: Request, ctx: Context) => Promise<Response>;

/** The e-mail from a credentials POST body (form-encoded or JSON), if any. */
async function emailFrom(req: Request): Promise<string | null> {
  try {
    const type = req.headers.get('content-type') ?? '';
    let raw: unknown;
    if (type.includes('application/json')) {
      const body: unknown = await req.clone().json();
      raw = typeof body === 'object' && body !== null && 'email' in body ? body.email : undefined;
    } else {
      raw = new URLSearchParams(await req.clone().text()).get('email');
    }
    const parsed = emailSchema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const GET = withRequestId(async function GET(req: Request, ctx: Context): Promise<Response> {
  return handler(req, ctx);
});

/** Sign-in forms are tiny; refuse huge bodies before anyone buffers them. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

export const POST = withRequestId(async function POST(req: Request, ctx: Context): Promise<Response> {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_AUTH_BODY_BYTES) {
    return Response.json({ error: 'Request too large.' }, { status: 413 });
  }
  const { nextauth } = await ctx.params;
  if (nextauth.join('/') === 'callback/credentials') {
    const email = await emailFrom(req);
    if (email) {
      const lockout = await getLoginLockout(email, clientKeyFromHeaders(req.headers));
      if (lockout.locked) {
        const errorUrl = new URL('/login', env.NEXTAUTH_URL ?? req.url);
        errorUrl.searchParams.set('error', lockout.message);
        return Response.json(
          { url: errorUrl.toString(), error: lockout.message, retryAfterSeconds: lockout.retryAfterSeconds },
          {
            status: 429,
            headers: { 'Retry-After': String(lockout.retryAfterSeconds), 'Cache-Control': 'no-store' },
          },
        );
      }
    }
  }
  return handler(req, ctx);
});
