/**
 * Readiness probe: 200 { ready: true, migrations } when this instance's database answers and every migration
 * shipped for it is applied; 503 { ready: false, reason, pending?, failed? } otherwise
 * (lib/server/observability/readiness.ts), so a load balancer sends no traffic to an instance whose database
 * is gone or behind the code. Liveness, without the database, is GET /api/health. No session needed; nothing
 * secret returned.
 */
import { env } from '@/lib/env.js';
import { db } from '@/lib/server/db';
import { log } from '@/lib/server/observability/log';
import { checkReadiness, migrationsDirFor } from '@/lib/server/observability/readiness';
import { withRequestId } from '@/lib/server/observability/request-context';

export const dynamic = 'force-dynamic';

export const GET = withRequestId(async () => {
  const r = await checkReadiness(db, migrationsDirFor(env.DATABASE_URL));
  if (!r.ready) {
    log.warn({ event: 'ready.failed', ...r }, 'not ready');
    return Response.json(r, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
  return Response.json(r, { headers: { 'cache-control': 'no-store' } });
});
