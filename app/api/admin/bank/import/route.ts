/**
 * POST /api/admin/bank/import?mode=plan|apply — body: the bundle file's text.
 *   plan  → the dry-run report (added / changed / unchanged / rejected with reasons); nothing is written.
 *   apply → plans again and writes everything in one transaction, or nothing if any entry is rejected.
 * A route handler, not a server action, because a whole bank is larger than the 1 MB server-action body
 * limit. Admins only; same-origin only; the CSRF token travels in the `x-csrf-token` header.
 */
import { authErrorResponse, authorizeAdmin } from '@/lib/server/auth';
import { CSRF_ERROR, verifyCsrfToken } from '@/lib/server/csrf';
import { db } from '@/lib/server/db';
import { applyImport, planImport } from '@/lib/server/authoring/bank';
import { MAX_BUNDLE_BYTES } from '@/lib/authoring/bundle';
import { withRequestId } from '@/lib/server/observability/request-context';

export const dynamic = 'force-dynamic';

function sameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true; // Non-browser clients send none; the token below still binds the request to the admin.
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const POST = withRequestId(async function POST(req: Request): Promise<Response> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return authErrorResponse(auth);
  if (!sameOrigin(req)) return Response.json({ error: 'Cross-site request refused.' }, { status: 403 });
  if (!verifyCsrfToken(req.headers.get('x-csrf-token'), auth.user.id))
    return Response.json({ error: CSRF_ERROR }, { status: 403 });
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BUNDLE_BYTES) {
    return Response.json(
      { error: `The file is too large (the limit is ${MAX_BUNDLE_BYTES / 1024 / 1024} MB).` },
      { status: 413 },
    );
  }
  const text = await req.text();
  if (text.length > MAX_BUNDLE_BYTES)
    return Response.json(
      { error: `The file is too large (the limit is ${MAX_BUNDLE_BYTES / 1024 / 1024} MB).` },
      { status: 413 },
    );
  const mode = new URL(req.url).searchParams.get('mode') === 'apply' ? 'apply' : 'plan';
  if (mode === 'plan') return Response.json({ applied: false, report: await planImport(db, text) });
  const result = await applyImport(db, auth.user, text, new Date());
  return Response.json(result, { status: result.applied ? 200 : 422 });
});
