/**
 * The networking reference in the product: /reference lists every rule R1–R12 with its text, sources, the
 * simplified explanation it corrects and the scenarios and questions that use it; rule ids in feedback and
 * trace results link to their entry.
 */
import { readFileSync } from 'node:fs';
import { expect, loginViaApi, test } from './fixtures';

const RULES_IN_FILE = [
  ...readFileSync('content/reference/networking-reference.md', 'utf8').matchAll(/^\* \*\*(R\d+\.\d+)\*\*/gm),
].map((m) => m[1]);

test('every rule is on /reference with its sources, corrections and uses', async ({ page, createUser }) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/reference');
  await expect(page.getByRole('heading', { level: 1, name: 'Networking reference' })).toBeVisible();
  const rules = page.getByTestId('reference-rule');
  await expect(rules).toHaveCount(RULES_IN_FILE.length);
  expect(await rules.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(
    RULES_IN_FILE,
  );

  const r31 = page.locator('#r3-1');
  await expect(r31).toContainText('virtual');
  await expect(r31.getByTestId('rule-sources')).toContainText('S02');
  await expect(page.locator('#r7-8').getByTestId('rule-corrects')).toContainText('Ingress controller');
  // Uses come from the engine's traces of published scenarios and the questions' rules.
  await expect(page.locator('#r3-6').getByTestId('rule-scenarios').getByRole('link')).not.toHaveCount(0);
  await expect(page.locator('#r3-12').getByTestId('rule-questions')).toContainText(/Questions \(\d+\)/);
  // Markdown is rendered, raw HTML is not: no script or iframe from the file.
  await expect(page.locator('main script, main iframe')).toHaveCount(0);
});

test('rule ids in practice feedback and trace results link to their entry', async ({ page, createUser }) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/practice');
  const form = page.getByTestId('practice-start');
  await form.getByLabel('Questions').selectOption('5');
  await form.getByRole('button', { name: 'Start practice' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  // Answer whatever the first question is, then check it.
  const q = page.getByTestId('question');
  const radios = q.locator('input[type=radio]');
  const boxes = q.locator('input[type=checkbox]');
  const short = q.getByTestId('short-answer');
  if (await radios.count()) await radios.first().check();
  else if (await boxes.count()) await boxes.first().check();
  else if (await short.count()) await short.fill('x');
  else await q.getByRole('button', { name: 'Keep this order' }).click();
  await page.getByTestId('check-answer').click();
  const link = page.getByTestId('feedback-rules').getByRole('link').first();
  const id = (await link.textContent()) ?? '';
  expect(id).toMatch(/^R\d+\.\d+$/);
  await link.click();
  const anchor = id.toLowerCase().replace('.', '-');
  await expect(page).toHaveURL(new RegExp(`/reference#${anchor}$`));
  await expect(page.locator(`#${anchor}`)).toBeInViewport();

  // A trace result: the rule of a finding links to the reference too.
  await page.goto('/trace/01-same-pod-localhost-sidecar?mode=challenge');
  await page
    .getByRole('button', { name: /^Add Pod.* to the end of your path/ })
    .first()
    .click();
  await page.getByTestId('submit-path').click();
  await page.waitForURL(/\/trace\/attempts\//);
  const ruleLink = page.locator('main a[data-rule]').first();
  await expect(ruleLink).toHaveAttribute('href', /^\/reference#r\d+-\d+$/);
});
