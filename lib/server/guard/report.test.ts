/**
 * Refusals of the guarded entry reach the request-id logger: a real defineRoute handler (wrapped in
 * withRequestId as the app's routes are) refuses malformed requests, and each refusal is one warn line with the
 * route's name, the status, the reason and the request id — and nothing the caller sent.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLogger, type Logger } from '@/lib/server/observability/log';

type Line = Record<string, unknown>;
const lines: Line[] = [];

// The process logger is one per process (globalThis.__packetpathLog, silent under Vitest): replace it with one
// writing to a collector, and load the guard's modules afresh so they take it.
beforeAll(() => {
  (globalThis as { __packetpathLog?: Logger }).__packetpathLog = createLogger(
    { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
    'info',
  );
  vi.resetModules();
});

async function route() {
  const { defineRoute } = await import('./route');
  const { withRequestId } = await import('@/lib/server/observability/request-context');
  return withRequestId(
    defineRoute(
      {
        name: 'test.echo',
        auth: 'none',
        body: {
          schema: z.object({ note: z.string().max(5, 'Keep the note under 6 characters.') }),
          maxBytes: 64,
        },
      },
      async ({ body }) => Response.json(body),
    ),
  );
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new NextRequest('http://127.0.0.1/api/test', { method: 'POST', body, headers });
const ctx = { params: Promise.resolve({}) };

describe('guard refusals in the log', () => {
  it('logs each refusal at warn with the route, status, reason and request id, never the input', async () => {
    const handler = await route();
    lines.length = 0;
    const secret = 'hunter2-secret-note';
    const cases: [NextRequest, number, string][] = [
      [
        post(JSON.stringify({ note: secret }), {
          'content-type': 'application/json',
          'x-request-id': 'req-a',
        }),
        400,
        'Keep the note under 6 characters.',
      ],
      [
        post(`{"note": "${secret}"`, { 'content-type': 'application/json', 'x-request-id': 'req-b' }),
        400,
        'The request body is not valid JSON.',
      ],
      [
        post(secret, { 'content-type': 'text/plain', 'x-request-id': 'req-c' }),
        415,
        'Send the body as JSON (Content-Type: application/json).',
      ],
      [
        post(JSON.stringify({ note: secret.repeat(10) }), {
          'content-type': 'application/json',
          'x-request-id': 'req-d',
        }),
        413,
        'The request is too large.',
      ],
    ];
    for (const [req, status] of cases) expect((await handler(req, ctx)).status).toBe(status);

    expect(lines).toHaveLength(cases.length);
    cases.forEach(([, status, reason], i) => {
      expect(lines[i]).toMatchObject({
        level: 'warn',
        event: 'guard.refused',
        route: 'test.echo',
        status,
        reason,
        requestId: `req-${'abcd'[i]}`,
        msg: 'route refused',
      });
    });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });

  it('logs nothing for a request it lets through', async () => {
    const handler = await route();
    lines.length = 0;
    const res = await handler(post(JSON.stringify({ note: 'hi' })), ctx);
    expect(res.status).toBe(200);
    expect(lines).toEqual([]);
  });
});
