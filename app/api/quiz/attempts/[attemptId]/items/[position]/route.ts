/**
 * Autosave for quiz answers: the hot path of a timed exam.
 *   PUT   { response }  → 200 { revision, savedAt, serverNow } · 4xx { error }
 *   PATCH { flagged }   → 200 { flagged } · 4xx { error }
 * A route handler (not a server action) because the client retries it on its own and the load test
 * drives it directly. JSON bodies only: a cross-site form cannot send one without a CORS preflight,
 * which this app never grants, so the session cookie alone cannot be abused.
 */
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env.js';
import { readSessionToken } from '@/lib/session-token';
import { authErrorResponse, authorizeUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { readBodyText } from '@/lib/server/read-body';
import { hotPath } from '@/lib/server/hot-path';
import { saveAnswer } from '@/lib/server/quiz/save-answer';
import { finaliseIfExpired, setFlag } from '@/lib/server/quiz/service';
import { attemptIdSchema, flagBodySchema, positionSchema, saveAnswerBodySchema } from '@/lib/validation/quiz';
import { withRequestId } from '@/lib/server/observability/request-context';

type Ctx = { params: Promise<{ attemptId: string; position: string }> };

const MAX_BODY = 16_384;

const fail = (status: number, error: string) => Response.json({ error }, { status });

async function readJson(req: Request): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  if (!req.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return { ok: false, res: fail(415, 'Send the answer as JSON (Content-Type: application/json).') };
  }
  const read = await readBodyText(req, MAX_BODY);
  if (!read.ok) return { ok: false, res: fail(413, 'The answer is too large; shorten it and save again.') };
  try {
    return { ok: true, body: JSON.parse(read.text) };
  } catch {
    return { ok: false, res: fail(400, 'The request body is not valid JSON.') };
  }
}

async function parseTarget(ctx: Ctx) {
  const { attemptId, position } = await ctx.params;
  const a = attemptIdSchema.safeParse(attemptId);
  const p = positionSchema.safeParse(position);
  if (!a.success || !p.success) return null;
  return { attemptId: a.data, position: p.data };
}

/**
 * The hot path. The session is the signed next-auth JWT, checked inside the save's own query (no separate
 * round trip): the attempt must belong to the token's user and the token's session version must still be
 * the user's (a password change ends older sessions here too). A save does not need the role.
 */
export const PUT = withRequestId(async function PUT(req: NextRequest, ctx: Ctx): Promise<Response> {
  const token = await readSessionToken(req, env.NEXTAUTH_SECRET);
  const userId = typeof token?.uid === 'string' ? token.uid : null;
  if (!userId) return fail(401, 'Your session has ended. Sign in again.');
  const target = await parseTarget(ctx);
  if (!target) return fail(404, 'This question is not part of any attempt of yours.');
  const read = await readJson(req);
  if (!read.ok) return read.res;
  const body = saveAnswerBodySchema.safeParse(read.body);
  if (!body.success) return fail(400, 'Send { "response": … } and nothing else.');
  const now = new Date();
  const session = { userId, sessionVersion: typeof token?.sv === 'number' ? token.sv : 0 };
  const r = await saveAnswer(
    hotPath(env.DATABASE_URL),
    session,
    target.attemptId,
    target.position,
    body.data.response,
    now,
  );
  if (!r.ok) {
    if (r.status === 410) await finaliseIfExpired(db, userId, target.attemptId, now);
    return fail(r.status, r.message);
  }
  return Response.json({ revision: r.revision, savedAt: r.savedAt, serverNow: now.toISOString() });
});

export const PATCH = withRequestId(async function PATCH(req: Request, ctx: Ctx): Promise<Response> {
  const auth = await authorizeUser();
  if (!auth.ok) return authErrorResponse(auth);
  const target = await parseTarget(ctx);
  if (!target) return fail(404, 'This question is not part of any attempt of yours.');
  const read = await readJson(req);
  if (!read.ok) return read.res;
  const body = flagBodySchema.safeParse(read.body);
  if (!body.success) return fail(400, body.error.issues[0]?.message ?? 'Send { "flagged": true|false }.');
  const r = await setFlag(db, auth.user.id, target.attemptId, target.position, body.data.flagged, new Date());
  if (!r.ok) return fail(r.status, r.message);
  return Response.json({ flagged: r.flagged });
});
