/**
 * The guarded entry points on the real server: malformed requests to server actions, route handlers and
 * next-auth get a 4xx with a message (never a 500 or an error digest), and a server action without its form
 * token is refused. Actions are called the way the browser calls them (a POST with the `next-action` header
 * and React's reply encoding); their ids come from the build's server-reference manifest.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { E2E_BASE_URL } from './env';
import { expect, loginViaApi, test } from './fixtures';

type Manifest = { node: Record<string, { exportedName?: string; workers: Record<string, unknown> }> };

function actionId(name: string): string {
  const manifest = JSON.parse(
    readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8'),
  ) as Manifest;
  const hit = Object.entries(manifest.node).find(([, v]) => v.exportedName === name);
  if (!hit) throw new Error(`no server action named ${name} in the build`);
  return hit[0];
}

const callAction = (
  request: APIRequestContext,
  id: string,
  body: string | Buffer,
  type = 'text/plain;charset=UTF-8',
  headers: Record<string, string> = {},
) =>
  request.post('/quizzes', {
    headers: {
      'next-action': id,
      accept: 'text/x-component',
      'content-type': type,
      origin: E2E_BASE_URL,
      ...headers,
    },
    data: body,
  });

/** The action's return value from React's reply (row 1 of the flight response). */
async function actionResult(res: APIResponse): Promise<Record<string, unknown>> {
  const line = (await res.text()).split('\n').find((l) => l.startsWith('1:'));
  if (!line) throw new Error(`no result row in ${await res.text()}`);
  return JSON.parse(line.slice(2)) as Record<string, unknown>;
}

async function expectRefusal(res: APIResponse, status: number): Promise<string> {
  expect(res.status()).toBe(status);
  const body = (await res.json()) as { error?: string };
  expect(body.error, 'a message a person can act on').toMatch(/\w+ \w+/);
  return body.error ?? '';
}

test('malformed server-action requests get a 4xx with a message, not a 500', async ({ page, createUser }) => {
  await loginViaApi(page, await createUser());
  const reveal = actionId('revealAction');
  const start = actionId('startQuizAction');

  // A body that is not React's reply encoding, and reply rows that refer to nothing.
  for (const body of ['}{not json', '"$Q99"', '{"a":1}'])
    expect(await expectRefusal(await callAction(page.request, reveal, body), 400)).toContain(
      'Reload the page',
    );
  // A multipart body whose boundary does not match.
  await expectRefusal(
    await callAction(
      page.request,
      start,
      '--ABC\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--ABC--\r\n',
      'multipart/form-data; boundary=XYZ',
    ),
    400,
  );
  // A hand-made action id, and an unknown one (Next's own 409: the page is older than the server).
  await expectRefusal(await callAction(page.request, 'not-an-action', '[{}]'), 400);
  expect((await callAction(page.request, `40${'0'.repeat(40)}`, '[{}]')).status()).toBe(409);
  // Over the 1 MB limit, declared.
  await expectRefusal(await callAction(page.request, reveal, `["${'a'.repeat(1_100_000)}"]`), 413);
  // Another site.
  await expectRefusal(
    await callAction(page.request, reveal, '[{}]', undefined, { origin: 'https://evil.example' }),
    403,
  );
});

test('over 1 MB without a Content-Length is refused with 413 before Next reads it', async ({
  page,
  createUser,
}) => {
  await loginViaApi(page, await createUser());
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= 1.5 * 1024 * 1024) return c.close();
      c.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  const res = await fetch(`${E2E_BASE_URL}/quizzes`, {
    method: 'POST',
    headers: {
      'next-action': actionId('revealAction'),
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      origin: E2E_BASE_URL,
      cookie,
    },
    body,
    duplex: 'half',
  } as RequestInit);
  expect(res.status).toBe(413);
  expect(((await res.json()) as { error: string }).error).toContain('1 MB');
});

test('a server action refuses a call without its form token, and wrong input with field errors', async ({
  page,
  createUser,
}) => {
  await loginViaApi(page, await createUser());
  await page.goto('/quizzes');
  const token = await page.locator('input[name="csrfToken"]').first().inputValue();
  const reveal = actionId('revealAction');
  const args = {
    attemptId: 'cmbnotanattempt000000000',
    position: 0,
    response: { type: 'truefalse', value: true },
  };

  // No token (the check these two actions used to skip), and a forged one.
  for (const extra of [{}, { csrfToken: 'forged.token' }]) {
    const r = await actionResult(
      await callAction(page.request, reveal, JSON.stringify([{ ...args, ...extra }])),
    );
    expect(r).toMatchObject({ ok: false, status: 403 });
    expect(String(r.formError)).toContain('Reload the page');
  }
  // With the token: the schema and then the service answer.
  const bad = await actionResult(
    await callAction(page.request, reveal, JSON.stringify([{ ...args, position: 'x', csrfToken: token }])),
  );
  expect(bad).toMatchObject({ ok: false, status: 400, fieldErrors: { position: [expect.any(String)] } });
  const missing = await actionResult(
    await callAction(page.request, reveal, JSON.stringify([{ ...args, csrfToken: token }])),
  );
  expect(missing).toMatchObject({ ok: false, status: 404 });

  // Signed out: 401-type result.
  await page.context().clearCookies();
  const anon = await actionResult(await callAction(page.request, reveal, JSON.stringify([args])));
  expect(anon).toMatchObject({ ok: false, status: 401, formError: 'Your session has ended. Sign in again.' });
});

test('route handlers refuse malformed bodies with a 4xx and a message', async ({ page, createUser }) => {
  await loginViaApi(page, await createUser());
  const url = '/api/quiz/attempts/cmbnotanattempt000000000/items/0';
  const put = (data: string, type = 'application/json') =>
    page.request.put(url, { headers: { 'content-type': type }, data: Buffer.from(data) });
  expect(await expectRefusal(await put('{bad'), 400)).toBe('The request body is not valid JSON.');
  await expectRefusal(await put('[]'), 400);
  await expectRefusal(await put('a=1', 'application/x-www-form-urlencoded'), 415);
  await expectRefusal(await put(`{"response":"${'a'.repeat(20_000)}"}`), 413);
  await expectRefusal(
    await page.request.post('/api/trace/sessions/nosuchsession/submit', {
      headers: { 'content-type': 'application/json' },
      data: Buffer.from('{"cards":'),
    }),
    400,
  );
  await expectRefusal(
    await page.request.put('/api/quiz/attempts/!!/items/x', { data: { response: 1 } }),
    404,
  );
});

test('a bank import over its 4 MB limit is refused with 413 and how to split it; a small one is read', async ({
  page,
  createUser,
}) => {
  await loginViaApi(page, await createUser({ role: 'ADMIN' }));
  await page.goto('/quizzes');
  const csrf = await page.locator('input[name="csrfToken"]').first().inputValue();
  const headers = { 'content-type': 'application/yaml', 'x-csrf-token': csrf, origin: E2E_BASE_URL };
  const bundle = `format: packetpath-bank\nversion: 1\nquestions: []\n# ${'x'.repeat(4 * 1024 * 1024)}\n`;
  const res = await page.request.post('/api/admin/bank/import?mode=plan', {
    data: bundle,
    headers,
  });
  expect(res.status()).toBe(413);
  expect(((await res.json()) as { error: string }).error).toMatch(
    /limit is 4 MB\). Import the bank in parts/,
  );
  const small = await page.request.post('/api/admin/bank/import?mode=plan', {
    data: 'format: packetpath-bank\nversion: 1\nquestions: []\n',
    headers,
  });
  expect(small.status()).toBe(200);
  expect(((await small.json()) as { report: { ok: boolean } }).report).toMatchObject({ fileErrors: [] });
});

test('next-auth endpoints answer a malformed body with 400, not 500', async ({ request }) => {
  for (const p of ['callback/credentials', 'signin/credentials', 'signout', '_log', 'session']) {
    const res = await request.post(`/api/auth/${p}`, {
      headers: { 'content-type': 'application/json', origin: E2E_BASE_URL },
      data: Buffer.from('{bad'),
    });
    expect(res.status(), p).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('The request body is not valid JSON.');
  }
});
