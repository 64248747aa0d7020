import 'server-only';
/**
 * The one way to write a route handler. It checks who asks, the path parameters, the request's origin and
 * form token when asked to, and reads the body with a bound before parsing it with a schema; every refusal is
 * a 4xx JSON `{ error, fieldErrors? }` with a message a person can act on, and an unexpected error becomes a
 * 500 `{ error }` without a stack trace in the response.
 *
 *   export const PATCH = defineRoute(
 *     { auth: 'user', params: targetSchema, body: { schema: flagBodySchema, maxBytes: 16_384 } },
 *     async ({ user, params, body }) => Response.json(await setFlag(user.id, params, body.flagged)),
 *   );
 *
 * auth: 'user' | 'admin' (next-auth session, lib/server/auth/index.ts), 'request' (the same rules without
 * re-issuing the cookie: lib/server/trace/request-auth.ts), 'token' (the signed session token alone, for the
 * quiz autosave hot path: the handler's own query checks the user and session version), or 'none'.
 * body.kind 'json' (default) requires Content-Type application/json (415) and valid JSON (400); 'text' takes
 * the body as is. Bodies are read by lib/server/read-body.ts: over `maxBytes` is 413, with or without a
 * Content-Length. csrf: 'header' checks the `x-csrf-token` header and refuses a cross-site Origin (403).
 */
import type { NextRequest } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { JWT } from 'next-auth/jwt';
import { env } from '@/lib/env.js';
import { readSessionToken } from '@/lib/server/auth/session-token';
import { authorizeAdmin, authorizeUser, type AuthorizeResult, type SessionUser } from '@/lib/server/auth';
import { verifyCsrfToken } from '@/lib/server/auth/csrf';
import { readBodyText } from '@/lib/server/read-body';
import { authorizeRequest } from '@/lib/server/trace/request-auth';
import { fromZodError } from '@/lib/validation/action-result';
import { MESSAGES, toResponse, type GuardFailure } from './failure';
import { reportRefusal, reportUnexpected } from './report';

export type RouteAuth = 'none' | 'token' | 'request' | 'user' | 'admin';

type BodySpec<B extends z.ZodType> = {
  schema: B;
  maxBytes: number;
  kind?: 'json' | 'text';
  /** Messages for this route's callers. */
  tooLarge?: string;
  invalid?: string;
  unsupportedType?: string;
};

type RouteOptions<
  A extends RouteAuth,
  P extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
> = {
  name: string;
  auth: A;
  /** Path parameters; a failure is a 404 with `notFound`. */
  params?: P;
  notFound?: string;
  /** The query string as an object of strings; a failure is a 400 with the schema's message. */
  query?: Q;
  body?: B extends z.ZodType ? BodySpec<B> : undefined;
  csrf?: 'header';
};

export type SessionToken = { userId: string; sessionVersion: number };

type RouteContext<A extends RouteAuth, P, B, Q = undefined> = {
  req: NextRequest;
  user: A extends 'user' | 'admin' | 'request' ? SessionUser : null;
  token: A extends 'token' ? SessionToken : null;
  params: P extends z.ZodType ? z.output<P> : undefined;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

const fail = (
  status: GuardFailure['status'],
  message: string,
  fieldErrors?: GuardFailure['fieldErrors'],
) => ({ status, message, ...(fieldErrors ? { fieldErrors } : {}) });

function sameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true; // Non-browser clients send none; the token still binds the request to the user.
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function authorize(
  auth: RouteAuth,
  req: NextRequest,
): Promise<{ user: SessionUser | null; token: SessionToken | null } | GuardFailure> {
  if (auth === 'none') return { user: null, token: null };
  if (auth === 'token') {
    const jwt: JWT | null = await readSessionToken(req, env.NEXTAUTH_SECRET);
    if (typeof jwt?.uid !== 'string') return fail(401, MESSAGES.signedOut);
    return {
      user: null,
      token: { userId: jwt.uid, sessionVersion: typeof jwt.sv === 'number' ? jwt.sv : 0 },
    };
  }
  const r: AuthorizeResult =
    auth === 'admin'
      ? await authorizeAdmin()
      : auth === 'user'
        ? await authorizeUser()
        : await authorizeRequest(req);
  if (!r.ok) return fail(r.status, r.formError);
  return { user: r.user, token: null };
}

function flatten(error: z.ZodError): GuardFailure['fieldErrors'] {
  return fromZodError(error).fieldErrors;
}

async function readBody<B extends z.ZodType>(
  req: Request,
  spec: BodySpec<B>,
): Promise<{ ok: true; value: z.output<B> } | { ok: false; failure: GuardFailure }> {
  const kind = spec.kind ?? 'json';
  if (kind === 'json' && !req.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return {
      ok: false,
      failure: fail(415, spec.unsupportedType ?? 'Send the body as JSON (Content-Type: application/json).'),
    };
  }
  const read = await readBodyText(req, spec.maxBytes);
  if (!read.ok) return { ok: false, failure: fail(413, spec.tooLarge ?? MESSAGES.tooLarge) };
  let value: unknown = read.text;
  if (kind === 'json') {
    try {
      // eslint-disable-next-line no-restricted-properties -- a request body, not a column
      value = JSON.parse(read.text);
    } catch {
      return { ok: false, failure: fail(400, MESSAGES.notJson) };
    }
  }
  const parsed = spec.schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]?.message;
    return {
      ok: false,
      failure: fail(400, spec.invalid ?? first ?? MESSAGES.badInput, flatten(parsed.error)),
    };
  }
  return { ok: true, value: parsed.data };
}

export function defineRoute<
  A extends RouteAuth,
  P extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  opts: RouteOptions<A, P, B, Q>,
  run: (ctx: RouteContext<A, P, B, Q>) => Promise<Response>,
): (req: NextRequest, ctx: NextContext) => Promise<Response> {
  const refuse = (f: GuardFailure) => {
    reportRefusal('route', opts.name, f.status, f.message);
    return toResponse(f);
  };
  return async (req, nextCtx) => {
    try {
      const who = await authorize(opts.auth, req);
      if ('status' in who) return refuse(who);
      let params: unknown;
      if (opts.params) {
        const p = opts.params.safeParse(await nextCtx.params);
        if (!p.success) return refuse(fail(404, opts.notFound ?? 'Not found.'));
        params = p.data;
      }
      if (opts.csrf === 'header') {
        if (!sameOrigin(req)) return refuse(fail(403, MESSAGES.crossSite));
        if (!verifyCsrfToken(req.headers.get('x-csrf-token'), who.user?.id ?? who.token?.userId))
          return refuse(fail(403, MESSAGES.csrf));
      }
      let query: unknown;
      if (opts.query) {
        const q = opts.query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
        if (!q.success)
          return refuse(fail(400, q.error.issues[0]?.message ?? MESSAGES.badInput, flatten(q.error)));
        query = q.data;
      }
      let body: unknown;
      if (opts.body) {
        const b = await readBody(req, opts.body);
        if (!b.ok) return refuse(b.failure);
        body = b.value;
      }
      return await run({ req, user: who.user, token: who.token, params, body, query } as RouteContext<
        A,
        P,
        B,
        Q
      >);
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are not errors
      reportUnexpected('route', opts.name, error);
      return Response.json(
        { error: 'Something went wrong on our side. Try again in a moment.' },
        { status: 500 },
      );
    }
  };
}
