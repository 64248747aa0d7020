/**
 * The server's logger: pino, one JSON object per line on stdout, written synchronously (no worker-thread
 * transport: those break inside Next's server bundle, and a log line must not be lost when the process dies).
 * Every line carries `level` (as a word), `time` (ISO 8601), `service`, `msg`, and the current request's
 * `requestId` when there is one (lib/server/observability/request-context.ts).
 *
 * Level: LOG_LEVEL (default `info`; `silent` under Vitest). Pretty-print while developing with
 * `npm run dev | npx pino-pretty`, or filter with jq (docs/runbook.md).
 *
 *   log.info({ event: 'quiz.finalised', attemptId }, 'attempt finalised');
 *   log.error({ err, event: 'engine.compile_failed', versionId }, 'scenario failed to compile');
 *
 * Put data in the object, not in the message; pass errors as `err` (serialised with name, message, stack).
 * Secrets never go in a log: password, token, cookie and authorization fields are redacted anyway.
 *
 * No `server-only` marker: instrumentation.ts, outside the React server layer, imports this too. It stays
 * server-only by living in lib/server (the ESLint import rule).
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { env } from '@/lib/env.js';
import { currentRequestId } from './request-context';

export type { Logger };

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'cookie',
  '*.cookie',
  'headers.cookie',
  'headers.authorization',
  '*.headers.cookie',
  '*.headers.authorization',
];

/** A logger writing to `destination` (stdout by default); tests pass their own stream. */
export function createLogger(
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
  level: string = env.LOG_LEVEL,
): Logger {
  return pino(
    {
      level,
      base: { service: 'packetpath', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

const globalForLog = globalThis as typeof globalThis & { __packetpathLog?: Logger };

/** The process's logger (one per process, also across `next dev` reloads). */
export const log: Logger = globalForLog.__packetpathLog ?? createLogger();
globalForLog.__packetpathLog = log;

/** The first line of a server process (instrumentation.ts `register`). */
export function logServerStart(): void {
  log.info({ event: 'server.start', node: process.version, logLevel: log.level }, 'server process started');
}
