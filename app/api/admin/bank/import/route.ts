/**
 * POST /api/admin/bank/import?mode=plan|apply — body: the bundle file's text.
 *   plan  → the dry-run report (added / changed / unchanged / rejected with reasons); nothing is written.
 *   apply → plans again and writes everything in one transaction, or nothing if any entry is rejected.
 * A route handler, not a server action, because a whole bank is larger than the 1 MB server-action body
 * limit. Admins only; same-origin only; the CSRF token travels in the `x-csrf-token` header; the body is
 * read with a bound (defineRoute, lib/server/guard/route.ts), with or without a Content-Length.
 */
import { db } from '@/lib/server/db';
import { defineRoute } from '@/lib/server/guard/route';
import { withRequestId } from '@/lib/server/observability/request-context';
import { applyImport, planImport } from '@/lib/server/authoring/bank';
import { MAX_BUNDLE_BYTES } from '@/lib/authoring/bundle';
import { bankImportQuerySchema, bankImportBodySchema } from '@/lib/validation/authoring';

export const dynamic = 'force-dynamic';

export const POST = withRequestId(
  defineRoute(
    {
      name: 'bank.import',
      auth: 'admin',
      csrf: 'header',
      query: bankImportQuerySchema,
      body: {
        kind: 'text',
        schema: bankImportBodySchema,
        maxBytes: MAX_BUNDLE_BYTES,
        tooLarge: `The file is too large (the limit is ${MAX_BUNDLE_BYTES / 1024 / 1024} MB). Import the bank in parts: a file may hold any of its questions and scenarios, and what it leaves out is not touched.`,
      },
    },
    async ({ user, query, body }) => {
      if (query.mode === 'plan') return Response.json({ applied: false, report: await planImport(db, body) });
      const result = await applyImport(db, user, body, new Date());
      return Response.json(result, { status: result.applied ? 200 : 422 });
    },
  ),
);
