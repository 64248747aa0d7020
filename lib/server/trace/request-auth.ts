import 'server-only';
/**
 * Authorization for the grading route handler without next-auth's full session round trip.
 *
 * `authorizeUser()` goes through `getServerSession`, which decodes the JWT, runs the callbacks and then
 * re-encodes and re-sets the session cookie on every call — about as costly as everything else the grading
 * endpoint does together (measured with scripts/load-grade.mts). Machine callers do not need a refreshed
 * cookie, so this decodes the token once and applies the same policy by calling the app's own `jwt` and
 * `session` callbacks (lib/server/auth/index.ts: user still exists, role, sessionVersion), nothing duplicated.
 */
import type { NextRequest } from 'next/server';
import type { JWT } from 'next-auth/jwt';
import { readSessionToken } from '@/lib/server/auth/session-token';
import type { Session } from 'next-auth';
import { authOptions, type AuthorizeResult } from '@/lib/server/auth';
import { env } from '@/lib/env.js';
import { parseRole } from '@/lib/validation/user';

const SIGNED_OUT: AuthorizeResult = {
  ok: false,
  status: 401,
  formError: 'Your session has ended. Sign in again.',
};

type JwtCallback = (params: { token: JWT }) => Promise<JWT> | JWT;
type SessionCallback = (params: { session: Session; token: JWT }) => Promise<Session> | Session;

/** The signed-in user of a route-handler request, or 401 — same rules as authorizeUser(). */
export async function authorizeRequest(req: NextRequest): Promise<AuthorizeResult> {
  const decoded = await readSessionToken(req, env.NEXTAUTH_SECRET);
  if (!decoded) return SIGNED_OUT;
  const jwt = authOptions.callbacks?.jwt as unknown as JwtCallback | undefined;
  const sessionCb = authOptions.callbacks?.session as unknown as SessionCallback | undefined;
  const token = jwt ? await jwt({ token: decoded }) : decoded;
  const empty = { expires: new Date(Date.now() + 60_000).toISOString() } as Session;
  const session = sessionCb ? await sessionCb({ session: empty, token }) : empty;
  const user = session.user as
    Partial<{ id: string; role: unknown; name: string; email: string }> | undefined;
  const role = parseRole(user?.role);
  if (!user?.id || !role) return SIGNED_OUT;
  return { ok: true, user: { id: user.id, role, name: user.name ?? '', email: user.email ?? '' } };
}
