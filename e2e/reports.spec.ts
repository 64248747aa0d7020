/**
 * Report a problem: a learner reports a question mid-exam (the server keeps the version and their answer),
 * an admin sees it on the dashboard with the item's analytics and replies, and the learner reads the reply.
 * Text is shown as written (no HTML).
 */
import { expect, loginViaApi, startCustomExam, test } from './fixtures';

test('report → admin reply → the learner sees it', async ({ page, browser, createUser, db }) => {
  const learner = await createUser();
  await loginViaApi(page, learner);
  const attemptId = await startCustomExam(page, { count: '5', minutes: '10' });

  const report = page.getByTestId('report-problem');
  await report.getByText('Report a problem').click();
  // Typing in the report does not trigger the exam's shortcuts.
  const message = 'The key looks wrong: <b>kube-proxy</b> never sees this packet (R7.8).';
  await report.getByTestId('report-message').fill(message);
  await expect(page.getByTestId('question')).toContainText('Question 1 of 5');
  await report.getByLabel('What is wrong?').selectOption('KEY_WRONG');
  await report.getByTestId('report-send').click();
  await expect(page.getByTestId('report-sent')).toContainText('your report was sent');
  const stored = db
    .prepare('SELECT kind, itemId, itemVersion, contextId, status FROM "ProblemReport" WHERE userId = ?')
    .get(learner.id) as {
    kind: string;
    itemId: string;
    itemVersion: number;
    contextId: string;
    status: string;
  };
  expect(stored).toMatchObject({ kind: 'QUESTION', contextId: attemptId, status: 'OPEN' });
  expect(stored.itemVersion).toBeGreaterThanOrEqual(1);

  // The admin sees it on the dashboard, with the item's analytics beside it, and replies.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await loginViaApi(admin, await createUser({ role: 'ADMIN' }));
  await admin.goto('/admin');
  const row = admin.getByTestId('admin-report').filter({ hasText: learner.email });
  await expect(row.getByTestId('admin-report-message')).toHaveText(message);
  await expect(row.locator('b')).toHaveCount(0);
  await expect(row).toContainText(`${stored.itemId} v${stored.itemVersion}`);
  await expect(row.getByTestId('admin-report-analytics')).toContainText('Discrimination');
  await row
    .getByTestId('report-reply-input')
    .fill('Thanks! The key is right here, see R3.2; we clarified the explanation.');
  await row.getByTestId('report-resolve').click();
  await expect(row.getByTestId('resolve-status')).toContainText('Resolved');
  await adminCtx.close();

  // The learner reads the reply on their account page.
  await page.goto('/account');
  const mine = page.getByTestId('my-report').first();
  await expect(mine).toContainText('resolved');
  await expect(mine).toContainText(message);
  await expect(mine.getByTestId('report-reply')).toContainText('we clarified the explanation');
});

test('reports are limited per learner and bad input is refused with a message', async ({
  page,
  createUser,
  db,
}) => {
  const learner = await createUser();
  await loginViaApi(page, learner);
  await page.goto('/trace/01-same-pod-localhost-sidecar');
  const report = page.getByTestId('report-problem');
  await report.getByText('Report a problem with this scenario').click();
  await report.getByTestId('report-message').fill('short');
  await report.getByTestId('report-message').evaluate((el) => el.removeAttribute('minlength'));
  await report.getByTestId('report-send').click();
  await expect(report.getByTestId('report-error')).toContainText('at least 10 characters');
  // Fill the hour's quota directly, then the next one is refused.
  const insert = db.prepare(
    `INSERT INTO "ProblemReport" (id, userId, kind, itemId, itemVersion, category, message, createdAt)
     VALUES (?, ?, 'SCENARIO', '01-same-pod-localhost-sidecar', 1, 'OTHER', 'earlier report', ?)`,
  );
  for (let i = 0; i < 10; i++)
    insert.run(`rep${learner.id}${i}`, learner.id, new Date().toISOString().replace('Z', '+00:00'));
  await report.getByTestId('report-message').fill('The hop after the Pod is explained badly.');
  await report.getByTestId('report-send').click();
  await expect(report.getByTestId('report-error')).toContainText('10 reports in the last hour');
});
