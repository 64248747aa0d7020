/**
 * GET /api/admin/bank?format=yaml|json — download the whole bank (questions and scenarios) as one file.
 * A route handler because it answers with a file download. Admins only (defineRoute, not a layout).
 */
import { db } from '@/lib/server/db';
import { defineRoute } from '@/lib/server/guard/route';
import { withRequestId } from '@/lib/server/observability/request-context';
import { exportBank } from '@/lib/server/authoring/bank';
import { bundleFileName, serializeBundle } from '@/lib/authoring/bundle';
import { bankExportQuerySchema } from '@/lib/validation/authoring';

export const dynamic = 'force-dynamic';

export const GET = withRequestId(
  defineRoute(
    { name: 'bank.export', auth: 'admin', query: bankExportQuerySchema },
    async ({ query: { format } }) => {
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
    },
  ),
);
