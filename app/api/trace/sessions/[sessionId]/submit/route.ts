/**
 * The grading endpoint: submit a path for a trace session.
 *   POST { cards: string[], disposition? } → 201 { attemptId, score, url } · 4xx { error }
 * The player uses the equivalent server action; this route serves machine callers and the load test
 * (scripts/load-grade.mts). JSON bodies only: a cross-site form cannot send one without a CORS preflight,
 * which this app never grants, so the session cookie alone cannot be abused. Nothing is stored unless the
 * submission is accepted (see lib/server/trace/service.ts: unknown cards → 400, someone else's or unknown
 * session → 404, already submitted → 409, scenario no longer published → 410).
 */
import { db } from '@/lib/server/db';
import { defineRoute } from '@/lib/server/guard/route';
import { withRequestId } from '@/lib/server/observability/request-context';
import { submitAnswer } from '@/lib/server/trace/service';
import { answerSchema, traceSessionParamsSchema } from '@/lib/validation/trace';

export const POST = withRequestId(
  defineRoute(
    {
      name: 'trace.submit',
      // Same rules as authorizeUser(), without re-issuing the session cookie on every call (request-auth.ts).
      auth: 'request',
      params: traceSessionParamsSchema,
      notFound: 'No such trace session.',
      body: {
        schema: answerSchema,
        maxBytes: 32_768,
        unsupportedType: 'Send the answer as JSON (Content-Type: application/json).',
        tooLarge: 'The answer is too large.',
        invalid: 'Send { "cards": [card ids…], "disposition"?: "…" } and nothing else.',
      },
    },
    async ({ user, params, body }) => {
      const r = await submitAnswer(db, user.id, params.sessionId, body, new Date());
      if (!r.ok) return Response.json({ error: r.message }, { status: r.status });
      return Response.json(
        { attemptId: r.attemptId, score: r.score, url: `/trace/attempts/${r.attemptId}` },
        { status: 201 },
      );
    },
  ),
);
