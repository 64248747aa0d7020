/**
 * The grading endpoint: submit a path for a trace session.
 *   POST { cards: string[], disposition? } → 201 { attemptId, score, url } · 4xx { error }
 * The player uses the equivalent server action; this route serves machine callers and the load test
 * (scripts/load-grade.mts). JSON bodies only: a cross-site form cannot send one without a CORS preflight,
 * which this app never grants, so the session cookie alone cannot be abused. Nothing is stored unless the
 * submission is accepted (see lib/server/trace/service.ts: unknown cards → 400, someone else's or unknown
 * session → 404, already submitted → 409, scenario no longer published → 410).
 */
import type { NextRequest } from 'next/server';
import { authErrorResponse } from '@/lib/server/auth';
import { authorizeRequest } from '@/lib/server/trace/request-auth';
import { db } from '@/lib/server/db';
import { submitAnswer } from '@/lib/server/trace/service';
import { readBodyText } from '@/lib/server/read-body';
import { answerSchema, sessionIdSchema } from '@/lib/trace-ui/schemas';
import { withRequestId } from '@/lib/server/observability/request-context';

type Ctx = { params: Promise<{ sessionId: string }> };

const MAX_BODY = 32_768;

const fail = (status: number, error: string) => Response.json({ error }, { status });

export const POST = withRequestId(async function POST(req: NextRequest, ctx: Ctx): Promise<Response> {
  // Same rules as authorizeUser(), without re-issuing the session cookie on every call (request-auth.ts).
  const auth = await authorizeRequest(req);
  if (!auth.ok) return authErrorResponse(auth);
  const { sessionId } = await ctx.params;
  const id = sessionIdSchema.safeParse(sessionId);
  if (!id.success) return fail(404, 'No such trace session.');
  if (!req.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    return fail(415, 'Send the answer as JSON (Content-Type: application/json).');
  }
  const read = await readBodyText(req, MAX_BODY);
  if (!read.ok) return fail(413, 'The answer is too large.');
  const text = read.text;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(400, 'The request body is not valid JSON.');
  }
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success)
    return fail(400, 'Send { "cards": [card ids…], "disposition"?: "…" } and nothing else.');
  const r = await submitAnswer(db, auth.user.id, id.data, parsed.data, new Date());
  if (!r.ok) return fail(r.status, r.message);
  return Response.json(
    { attemptId: r.attemptId, score: r.score, url: `/trace/attempts/${r.attemptId}` },
    { status: 201 },
  );
});
