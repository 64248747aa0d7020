/**
 * Two app instances on one PostgreSQL (playwright.pg.config.ts): a candidate's timed exam and trace
 * exercise alternate between the instances — reloads included — and a burst of wrong passwords spread over
 * both is limited as if there were one. Users are inserted straight into PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import pg from 'pg';
import { loginViaApi } from '../e2e/fixtures';
import { PG_INSTANCES, PG_URL_FILE } from './env';
import { createUser } from './support';

const [A, B] = PG_INSTANCES as [string, string];
let db: pg.Client;

test.beforeAll(async () => {
  // The config waits for instance A; wait for B too.
  await expect
    .poll(async () => (await fetch(`${B}/api/ready`).catch(() => null))?.status ?? 0, { timeout: 90_000 })
    .toBe(200);
  db = new pg.Client({ connectionString: readFileSync(PG_URL_FILE, 'utf8').trim() });
  await db.connect();
});
test.afterAll(async () => {
  await db?.end();
});

/** Answers the question on screen, whatever its type, and waits for the "Saved" state. */
async function answerCurrent(page: Page): Promise<void> {
  const q = page.getByTestId('question');
  await expect(q.locator('input, textarea, button[aria-label^="Move"]').first()).toBeVisible();
  const radios = q.locator('input[type=radio]');
  const boxes = q.locator('input[type=checkbox]');
  const short = q.getByTestId('short-answer');
  const keep = q.getByRole('button', { name: 'Keep this order' });
  if (await radios.count()) await radios.first().check();
  else if (await boxes.count()) await boxes.first().check();
  else if (await short.count()) {
    await short.fill('30000-32767');
    await short.blur();
  } else if (await keep.count()) await keep.click();
  else
    await q
      .getByRole('button', { name: /Move .* down/ })
      .first()
      .click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

test('a timed exam and a trace alternate between two instances, with reloads, and are graded', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const user = await createUser(db);
  await loginViaApi(page, user); // signed in on A; the JWT is accepted by B too (same secret)

  // Start on A and answer question 1 there.
  await page.goto(`${A}/quizzes`);
  const custom = page.getByTestId('custom-exam');
  await custom.getByLabel('Questions').selectOption('5');
  await custom.getByLabel('Time limit').selectOption('10');
  await custom.getByRole('button', { name: 'Start exam' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  const attemptPath = new URL(page.url()).pathname;
  await answerCurrent(page);

  // Continue on B: the save acknowledged by A is there; answer question 2 on B.
  await page.goto(`${B}${attemptPath}`);
  await expect(page.getByTestId('progress')).toHaveText('1 of 5 answered');
  await page.getByTestId('next').click();
  await answerCurrent(page);

  // Reload on B, then on A: both resume with the same answers and the server's clock.
  await page.reload();
  await expect(page.getByTestId('progress')).toHaveText('2 of 5 answered');
  await page.goto(`${A}${attemptPath}`);
  await expect(page.getByTestId('progress')).toHaveText('2 of 5 answered');
  await expect(page.getByTestId('countdown')).toContainText(/9:\d\d/);

  // Submit on A; the review is the same on B.
  await page.getByTestId('open-submit').click();
  await page.getByTestId('submit-dialog').getByTestId('confirm-submit').click();
  await expect(page).toHaveURL(/\/review$/);
  const score = (await page.getByTestId('score').textContent()) ?? '';
  expect(score).toMatch(/^\d+(\.\d+)? \/ 5$/);
  await page.goto(`${B}${attemptPath}/review`);
  await expect(page.getByTestId('score')).toHaveText(score);
  const rows = await db.query(`SELECT "status", "finalisedBy" FROM "QuizAttempt" WHERE "userId" = $1`, [
    user.id,
  ]);
  expect(rows.rows).toEqual([{ status: 'SUBMITTED', finalisedBy: 'USER' }]);

  // Trace: open the player on B, build the path with the buttons, submit; the result reads the same on A.
  await page.goto(`${B}/trace/01-same-pod-localhost-sidecar`);
  await expect(page.getByTestId('trace-player')).toBeVisible();
  for (const label of ['Container', 'Pod', 'Container'])
    await page.getByRole('button', { name: `Add ${label} to the end of your path` }).click();
  await page.getByTestId('submit-path').click();
  await page.waitForURL(/\/trace\/attempts\//);
  await expect(page.getByTestId('result-score')).toContainText('100%');
  await page.goto(`${A}${new URL(page.url()).pathname}`);
  await expect(page.getByTestId('result-score')).toContainText('100%');
});

test('a parallel burst of wrong passwords spread over both instances gets exactly the per-account limit', async () => {
  const user = await createUser(db);
  const api = await playwrightRequest.newContext();
  const { csrfToken } = (await (await api.get(`${A}/api/auth/csrf`)).json()) as { csrfToken: string };
  const LIMIT = 5; // LOGIN_MAX_FAILURES_PER_ACCOUNT in playwright.pg.config.ts
  const responses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      api.post(`${i % 2 ? B : A}/api/auth/callback/credentials`, {
        form: { csrfToken, email: user.email, password: `wrong-${i}`, json: 'true' },
        // Each from its own address, so only the per-account limit applies.
        headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` },
      }),
    ),
  );
  const bodies = await Promise.all(responses.map(async (r) => decodeURIComponent(await r.text())));
  expect(bodies.filter((b) => b.includes('Wrong e-mail or password'))).toHaveLength(LIMIT);
  expect(responses.every((r) => r.status() !== 200)).toBe(true);
  const n = await db.query(`SELECT count(*)::int AS n FROM "LoginAttempt" WHERE "email" = $1`, [user.email]);
  expect(n.rows[0]).toEqual({ n: LIMIT });
  await api.dispose();
});
