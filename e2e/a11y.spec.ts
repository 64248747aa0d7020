/**
 * Accessibility: axe (WCAG 2 A/AA) finds nothing serious or critical on every main page, in the light and
 * the dark theme (the theme follows the system colour scheme when no choice is stored).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, loginViaApi, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });

async function check(page: Page, path: string, theme: string): Promise<string[]> {
  if (path !== page.url().replace(/^https?:\/\/[^/]+/, '')) await page.goto(path);
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b).*$/);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${theme} ${path}: ${v.id} (${v.nodes.length}: ${v.nodes[0]?.target.join(' ')})`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`main pages have no serious or critical axe violations (${theme} theme)`, async ({
    page,
    createUser,
  }) => {
    await page.emulateMedia({ colorScheme: theme });
    const found: string[] = [];
    for (const path of ['/', '/login', '/signup']) found.push(...(await check(page, path, theme)));
    await loginViaApi(page, await createUser({ role: 'ADMIN' }));
    for (const path of [
      '/practice',
      '/quizzes',
      '/trace',
      '/trace/07-clusterip-short-name',
      '/progress',
      '/progress/review',
      '/reference',
      '/account',
      '/admin',
      '/admin/users',
    ])
      found.push(...(await check(page, path, theme)));

    // A running exam (with its shortcut sheet open) and its review.
    await page.goto('/quizzes');
    const custom = page.getByTestId('custom-exam');
    await custom.getByLabel('Questions').selectOption('5');
    await custom.getByLabel('Time limit').selectOption('10');
    await custom.getByRole('button', { name: 'Start exam' }).click();
    await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
    const exam = page.url().replace(/^https?:\/\/[^/]+/, '');
    found.push(...(await check(page, exam, theme)));
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    found.push(...(await check(page, exam, theme)).map((v) => `${v} [shortcut sheet]`));
    await page.keyboard.press('Escape');
    await page.getByTestId('open-submit').click();
    await page.getByTestId('confirm-submit').click();
    await expect(page).toHaveURL(/\/review$/);
    found.push(...(await check(page, `${exam}/review`, theme)));
    expect(found).toEqual([]);
  });
}
