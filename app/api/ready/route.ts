/**
 * Readiness probe: 200 { ready: true } when this instance can reach its database (one trivial query),
 * 503 { ready: false, error } otherwise, so a load balancer sends no traffic to an instance whose database
 * is gone. Liveness, without the database, is GET /api/health. No session needed; nothing secret returned.
 */
import { db } from '@/lib/server/db';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return Response.json({ ready: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json(
      { ready: false, error: 'The database cannot be reached.' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}
