import 'server-only';
/**
 * Where the guards report what they refused or what broke, through the request-id logger
 * (lib/server/observability/log.ts), so a refusal a user reports ("it said reload the page") can be found by the
 * `x-request-id` of its response.
 *
 * - A refusal is one `warn` line: `event: "guard.refused"`, `action` or `route` (its name), `status` and
 *   `reason` (the message the caller got, which is ours: a fixed text or a schema's message, never the input).
 *   Nothing the caller sent is logged: no body, no field values, no form token.
 * - An unexpected error is one `error` line (`event: "guard.unexpected"`, the name, `err` with its stack); the
 *   caller gets a 500 without it.
 */
import { log } from '@/lib/server/observability/log';

export type GuardKind = 'action' | 'route';

export function reportRefusal(kind: GuardKind, name: string, status: number, reason: string): void {
  log.warn({ event: 'guard.refused', [kind]: name, status, reason }, `${kind} refused`);
}

export function reportUnexpected(kind: GuardKind, name: string, error: unknown): void {
  log.error({ event: 'guard.unexpected', [kind]: name, err: error }, `${kind} failed unexpectedly`);
}
