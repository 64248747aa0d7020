/**
 * Liveness probe: 200 { ok: true } without touching the database or the session. Also the baseline of the
 * grading load test (scripts/load-grade.mts compares the grading endpoint's throughput with this route's).
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ ok: true });
}
