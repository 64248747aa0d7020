/**
 * Liveness probe: 200 { ok: true } while the process can answer HTTP. It touches neither the database nor the
 * session on purpose: a restart does not fix a database outage, so an orchestrator that restarts on a failed
 * liveness check must not see one. Readiness (database reachable, migrations applied) is /api/ready.
 * Also the baseline of the grading load test (scripts/load-grade.mts compares the grading endpoint with it).
 */
import { withRequestId } from '@/lib/server/observability/request-context';

export const dynamic = 'force-dynamic';

export const GET = withRequestId(() => Response.json({ ok: true }));
