/** Production habits seen from outside: request ids on every kind of response, liveness and readiness probes. */
import { test, expect, loginViaApi } from './fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('pages, API routes and redirects answer with a request id: the caller’s when acceptable, else a new one', async ({
  page,
  createUser,
}) => {
  const landing = await page.request.get('/');
  expect(landing.headers()['x-request-id']).toMatch(UUID);

  const echoed = await page.request.get('/login', { headers: { 'x-request-id': 'lb-4f2a.7' } });
  expect(echoed.headers()['x-request-id']).toBe('lb-4f2a.7');

  const replaced = await page.request.get('/api/health', { headers: { 'x-request-id': 'not acceptable!' } });
  expect(replaced.headers()['x-request-id']).toMatch(UUID);

  const redirect = await page.request.get('/quizzes', { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()['x-request-id']).toMatch(UUID);

  // The autosave route (no proxy) carries one too, refusals included.
  const user = await createUser({ role: 'LEARNER' });
  await loginViaApi(page, user);
  const save = await page.request.put('/api/quiz/attempts/nope/items/1', {
    data: { response: 'x' },
    headers: { 'x-request-id': 'client-retry-1' },
  });
  expect(save.status()).toBe(404);
  expect(save.headers()['x-request-id']).toBe('client-retry-1');
});

test('liveness answers without the database; readiness checks that every migration is applied', async ({
  page,
  db,
}) => {
  const live = await page.request.get('/api/health');
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ ok: true });

  const ready = await page.request.get('/api/ready');
  expect(ready.status()).toBe(200);
  const body = (await ready.json()) as { ready: boolean; migrations: number };
  expect(body.ready).toBe(true);
  expect(body.migrations).toBeGreaterThan(0);

  // Make the database look one migration behind the code, then put it back.
  const latest = db
    .prepare(`SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`)
    .get() as { name: string };
  db.prepare(`UPDATE _prisma_migrations SET migration_name = ? WHERE migration_name = ?`).run(
    `${latest.name}_hidden`,
    latest.name,
  );
  try {
    const behind = await page.request.get('/api/ready');
    expect(behind.status()).toBe(503);
    expect(await behind.json()).toMatchObject({
      ready: false,
      reason: 'The database is behind the code. Run npm run db:migrate:deploy.',
      pending: [latest.name],
    });
    // Liveness does not depend on it.
    expect((await page.request.get('/api/health')).status()).toBe(200);
  } finally {
    db.prepare(`UPDATE _prisma_migrations SET migration_name = ? WHERE migration_name = ?`).run(
      latest.name,
      `${latest.name}_hidden`,
    );
  }
  expect((await page.request.get('/api/ready')).status()).toBe(200);
});
