/**
 * Autosave for quiz answers: the hot path of a timed exam.
 *   PUT   { response }  → 200 { revision, savedAt, serverNow } · 4xx { error }
 *   PATCH { flagged }   → 200 { flagged } · 4xx { error }
 *   PATCH { viewed: true } → 200 { lastViewed }: this question is on screen; a reload resumes here
 * A route handler (not a server action) because the client retries it on its own and the load test
 * drives it directly. JSON bodies only: a cross-site form cannot send one without a CORS preflight,
 * which this app never grants, so the session cookie alone cannot be abused. defineRoute
 * (lib/server/guard/route.ts) checks the session, the path and the body before the handler runs.
 */
import { env } from '@/lib/env.js';
import { db } from '@/lib/server/db';
import { defineRoute } from '@/lib/server/guard/route';
import { withRequestId } from '@/lib/server/observability/request-context';
import { hotPath } from '@/lib/server/hot-path';
import { saveAnswer } from '@/lib/server/quiz/save-answer';
import { finaliseIfExpired, setFlag, setLastViewed } from '@/lib/server/quiz/service';
import { now as clockNow } from '@/lib/server/clock';
import { attemptItemParamsSchema, itemPatchBodySchema, saveAnswerBodySchema } from '@/lib/validation/quiz';

const MAX_BODY = 16_384;
const NOT_FOUND = 'This question is not part of any attempt of yours.';
const JSON_ONLY = 'Send the answer as JSON (Content-Type: application/json).';

const fail = (status: number, error: string) => Response.json({ error }, { status });

/**
 * The hot path. The session is the signed next-auth JWT (auth: 'token'), checked inside the save's own
 * query (no separate round trip): the attempt must belong to the token's user and the token's session
 * version must still be the user's (a password change ends older sessions here too). A save does not need
 * the role.
 */
export const PUT = withRequestId(
  defineRoute(
    {
      name: 'quiz.saveAnswer',
      auth: 'token',
      params: attemptItemParamsSchema,
      notFound: NOT_FOUND,
      body: {
        schema: saveAnswerBodySchema,
        maxBytes: MAX_BODY,
        unsupportedType: JSON_ONLY,
        tooLarge: 'The answer is too large; shorten it and save again.',
        invalid: 'Send { "response": … } and nothing else.',
      },
    },
    async ({ token, params, body }) => {
      const now = await clockNow();
      const r = await saveAnswer(
        hotPath(env.DATABASE_URL),
        token,
        params.attemptId,
        params.position,
        body.response,
        now,
      );
      if (!r.ok) {
        if (r.status === 410) await finaliseIfExpired(db, token.userId, params.attemptId, now);
        return fail(r.status, r.message);
      }
      return Response.json({ revision: r.revision, savedAt: r.savedAt, serverNow: now.toISOString() });
    },
  ),
);

export const PATCH = withRequestId(
  defineRoute(
    {
      name: 'quiz.flag',
      auth: 'user',
      params: attemptItemParamsSchema,
      notFound: NOT_FOUND,
      body: {
        schema: itemPatchBodySchema,
        maxBytes: MAX_BODY,
        unsupportedType: JSON_ONLY,
        invalid: 'Send { "flagged": true|false } or { "viewed": true }.',
      },
    },
    async ({ user, params, body }) => {
      const now = await clockNow();
      if ('viewed' in body) {
        const r = await setLastViewed(db, user.id, params.attemptId, params.position, now);
        if (!r.ok) return fail(r.status, r.message);
        return Response.json({ lastViewed: r.lastViewed });
      }
      const r = await setFlag(db, user.id, params.attemptId, params.position, body.flagged, now);
      if (!r.ok) return fail(r.status, r.message);
      return Response.json({ flagged: r.flagged });
    },
  ),
);
