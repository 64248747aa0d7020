/**
 * Authentication and authorization, in one place.
 *
 * - `authOptions`: next-auth v4 with a credentials provider and JWT sessions.
 *   The role rides in the JWT, and is re-read from the database on every
 *   session check so a role change (or a deleted user) takes effect at once.
 * - Pages and layouts: `requireUser()` / `requireAdmin()` redirect.
 * - Server actions and route handlers: `authorizeUser()` / `authorizeAdmin()`
 *   return a result (401/403) instead, so a direct POST gets a clean refusal.
 *   Every action must call one of them: page guards do not protect actions.
 *
 * @see https://next-auth.js.org/configuration/options
 * @see docs/decisions/002-auth.md
 */
import 'server-only';
import type { NextAuthOptions, Session } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getServerSession } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { decodeSessionToken } from './session-token';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '../db';
import { hotPath } from '../hot-path';
import { env } from '../../env.js';
import { hashPassword, verifyPassword } from './password';
import { signInSchema } from '../../validation/auth';
import { parseRole, type Role } from '../../validation/user';
import {
  accountPolicy,
  clearAccountFailures,
  clientKeyFromHeaders,
  reserveLoginAttempt,
} from './login-attempts';
import { formatWait } from './rate-limit';
import { log } from '../observability/log';

export type SessionUser = { id: string; name: string; email: string; role: Role };

export const WRONG_CREDENTIALS = 'Wrong e-mail or password.';

/**
 * A real argon2 hash of a random string, verified against when the e-mail is
 * unknown so "no such user" takes as long as "wrong password".
 */
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  // next-auth's encoding; a decoder that derives the key once instead of on every request (lib/server/auth/session-token.ts).
  jwt: { decode: decodeSessionToken },
  pages: { signIn: '/login', error: '/login' },
  // next-auth's own errors and warnings as JSON lines with the request id, instead of its console output.
  logger: {
    error: (code, metadata) =>
      log.error(
        metadata instanceof Error
          ? { event: 'auth.error', code, err: metadata }
          : { event: 'auth.error', code, err: metadata.error },
        `next-auth ${code}`,
      ),
    warn: (code) => log.warn({ event: 'auth.warn', code }, `next-auth ${code}`),
    debug: (code) => log.debug({ event: 'auth.debug', code }, `next-auth ${code}`),
  },
  providers: [
    CredentialsProvider({
      name: 'E-mail and password',
      credentials: {
        email: { label: 'E-mail', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      /**
       * Throwing passes the message to the client (`signIn(...).error`);
       * that is how the lock-out and "attempts left" texts reach the form.
       */
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse({ email: credentials?.email, password: credentials?.password });
        if (!parsed.success) throw new Error(WRONG_CREDENTIALS);
        const { email, password } = parsed.data;
        const clientKey = clientKeyFromHeaders(req?.headers ?? {});

        // The lock-out check and the record of this attempt are one step in the database, so parallel guesses,
        // on any number of instances, get at most the limit of password checks (lib/server/auth/login-attempts.ts).
        const lockout = await reserveLoginAttempt(email, clientKey);
        if (lockout.locked) throw new Error(lockout.message);

        const user = await db.user.findUnique({ where: { email } });
        const ok = user
          ? await verifyPassword(user.passwordHash, password)
          : (await verifyPassword(await getDummyHash(), password), false);
        const role = parseRole(user?.role);
        if (!user || !ok || !role) {
          // The failure is already recorded.
          const left = lockout.attemptsLeft - 1;
          const hint =
            left <= 0
              ? ` Too many failed attempts: try again in ${formatWait(accountPolicy.windowMs)}.`
              : left <= 2
                ? ` ${left} attempt${left === 1 ? '' : 's'} left before sign-in is paused.`
                : '';
          throw new Error(WRONG_CREDENTIALS + hint);
        }
        await clearAccountFailures(email);
        return { id: user.id, name: user.name, email: user.email, role, sv: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sv;
        return token;
      }
      // Refresh role/name from the database on every check (one indexed
      // lookup on SQLite) so demotions and deletions apply immediately.
      if (typeof token.uid === 'string') {
        // A prepared statement, not Prisma: this runs on every signed-in request (lib/server/hot-path).
        const row = await hotPath(env.DATABASE_URL).sessionUser(token.uid);
        const role = parseRole(row?.role);
        // A password change bumps sessionVersion: tokens issued before it stop working everywhere.
        if (!row || !role || row.sessionVersion !== (token.sv ?? 0))
          return { ...token, uid: undefined, role: undefined };
        token.role = role;
        token.name = row.name;
        token.email = row.email;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string' && token.role) {
        session.user = { id: token.uid, role: token.role, name: token.name ?? '', email: token.email ?? '' };
      }
      return session;
    },
  },
};

/**
 * The signed-in user, or null. Wrapped in React's cache() so the layout, the
 * header and the page share one JWT decode + DB lookup per request.
 */
export const getSession = cache(async (): Promise<{ user: SessionUser } | null> => {
  const session: Session | null = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  return { user: { id: user.id, role: user.role, name: user.name ?? '', email: user.email ?? '' } };
});

/**
 * After a password change: re-issue this device's session cookie with the new session version, so the
 * device that changed the password stays signed in while every other session ends.
 */
export async function reissueSessionCookie(sessionVersion: number): Promise<void> {
  const secure = (env.NEXTAUTH_URL ?? '').startsWith('https://');
  const name = `${secure ? '__Secure-' : ''}next-auth.session-token`;
  const jar = await cookies();
  const current = jar.get(name)?.value;
  if (!current) return;
  const token = await decodeSessionToken({ token: current, secret: env.NEXTAUTH_SECRET });
  if (!token) return;
  const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;
  const value = await encode({
    token: { ...token, sv: sessionVersion },
    secret: env.NEXTAUTH_SECRET,
    maxAge,
  });
  jar.set(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge });
}

/** Request header set by proxy.ts with the path being rendered (layouts cannot see it otherwise). */
export const PATHNAME_HEADER = 'x-pp-pathname';

/**
 * For pages/layouts: the user, or a redirect to /login that comes back to
 * `callbackPath` (default: the current path, when proxy.ts supplied it).
 */
export async function requireUser(callbackPath?: string): Promise<SessionUser> {
  const session = await getSession();
  if (!session) {
    const back = callbackPath ?? (await headers()).get(PATHNAME_HEADER) ?? undefined;
    redirect(
      back && back.startsWith('/') && !back.startsWith('//')
        ? `/login?callbackUrl=${encodeURIComponent(back)}`
        : '/login',
    );
  }
  return session.user;
}

/** For pages/layouts: an admin, or a redirect (anonymous → /login, learner → /practice?denied=admin). */
export async function requireAdmin(callbackPath?: string): Promise<SessionUser> {
  const user = await requireUser(callbackPath);
  if (user.role !== 'ADMIN') redirect('/practice?denied=admin');
  return user;
}

export type AuthorizeResult =
  { ok: true; user: SessionUser } | { ok: false; status: 401 | 403; formError: string };

/** For server actions/route handlers: the user, or a 401 result. */
export async function authorizeUser(): Promise<AuthorizeResult> {
  const session = await getSession();
  if (!session) return { ok: false, status: 401, formError: 'Your session has ended. Sign in again.' };
  return { ok: true, user: session.user };
}

/** For server actions/route handlers: an admin, or a 401/403 result. */
export async function authorizeAdmin(): Promise<AuthorizeResult> {
  const result = await authorizeUser();
  if (!result.ok) return result;
  if (result.user.role !== 'ADMIN') return { ok: false, status: 403, formError: 'Only admins can do that.' };
  return result;
}
