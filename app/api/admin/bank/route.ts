/**
 * GET /api/admin/bank?format=yaml|json — download the whole bank (questions and scenarios) as one file.
 * A route handler because it answers with a file download. Admins only (checked here, not by a layout).
 */
import { authErrorResponse, authorizeAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { exportBank } from '@/lib/server/authoring/bank';
import { bundleFileName, serializeBundle } from '@/lib/authoring/bundle';
import { withRequestId } from '@/lib/server/observability/request-context';

export const dynamic = 'force-dynamic';

export const GET = withRequestId(async function GET(req: Request): Promise<Response> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return authErrorResponse(auth);
  const format = new URL(req.url).searchParams.get('format') === 'json' ? 'json' : 'yaml';
  const now = new Date();
  const body = serializeBundle(await exportBank(db, now), format);
  return new Response(body, {
    headers: {
      'Content-Type':
        format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${bundleFileName(format, now)}"`,
      'Cache-Control': 'no-store',
    },
  });
});
