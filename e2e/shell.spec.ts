/** The app shell: landing page, theme, 404, phone navigation, accessibility basics. */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, loginViaApi } from './fixtures';

test('the landing page explains PacketPath and draws the request flow', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Know exactly where your packet goes.');
  const flow = page.getByTestId('request-flow');
  const hops = flow.getByRole('listitem');
  await expect(hops).toHaveCount(8);
  await expect(hops.first()).toContainText('Browser');
  await expect(hops.last()).toContainText('Container');
  await expect(flow.locator('figcaption')).toContainText(
    'Browser → API Gateway → Cloud Load Balancer → Ingress → Service → kube-proxy → Pod → Container',
  );
  await expect(page.getByRole('heading', { name: 'The real path is subtler' })).toBeVisible();
  await expect(page.getByText(/ingress-nginx reads the Service/)).toBeVisible();
});

test('the theme follows the system, and a toggled choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(await page.evaluate(() => localStorage.getItem('pp-theme'))).toBe('dark');

  await page.getByTestId('theme-toggle').click();
  await page.goto('/login');
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
});

test('an unknown URL shows the friendly 404 page', async ({ page }) => {
  const res = await page.goto('/this/route/does-not-exist');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page took a wrong hop');
  await page.getByRole('link', { name: 'Go home' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('a skip link jumps to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await skip.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the menu button opens the navigation', async ({ page, createUser }) => {
    await loginViaApi(page, await createUser());
    await page.goto('/practice');
    const menu = page.getByRole('button', { name: 'Open menu' });
    await expect(menu).toBeVisible();
    await menu.click();
    await expect(page.getByRole('button', { name: 'Close menu' })).toHaveAttribute('aria-expanded', 'true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quizzes' }).click();
    await expect(page).toHaveURL(/\/quizzes$/);
    await expect(page.getByRole('button', { name: 'Open menu' })).toBeVisible();
  });
});

test('main pages have no serious accessibility violations', async ({ page, createUser }) => {
  const check = async (path: string) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  };
  await check('/');
  await check('/login');
  await check('/signup');
  await loginViaApi(page, await createUser({ role: 'ADMIN' }));
  await check('/practice');
  await check('/admin/users');
  await check('/account');
});
