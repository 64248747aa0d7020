/**
 * Security headers on the real server's responses, and the app working under its Content-Security-Policy in
 * Chromium: the no-flash theme script, Next's own scripts, CodeMirror and the cluster map, with no violation
 * reported. (Every other spec runs under the same policy too, and fails on a violation: e2e/fixtures.ts.)
 */
import type { Page } from '@playwright/test';
import { expect, loginViaApi, test } from './fixtures';

const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

/** Records every CSP violation the page reports (securitypolicyviolation events and console messages). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__ppCspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __ppCspViolation: (v: string) => void }).__ppCspViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('pages carry a nonce-based script policy, a fresh nonce each time, on Next scripts too', async ({
  request,
}) => {
  const a = await request.get('/login');
  const b = await request.get('/login');
  const csp = a.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'nonce-");
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-eval'/);
  const nonce = nonceOf(csp);
  expect(nonce).toBeTruthy();
  expect(nonceOf(b.headers()['content-security-policy'])).not.toBe(nonce);
  // Next put this response's nonce on its own script tags.
  const html = await a.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  const withSrc = scripts.filter((s) => s.includes(' src='));
  expect(withSrc.length).toBeGreaterThan(0);
  for (const s of withSrc) expect(s).toContain(`nonce="${nonce}"`);

  expect(a.headers()['permissions-policy']).toContain('camera=()');
  expect(a.headers()['x-frame-options']).toBe('DENY');
  expect(a.headers()['x-content-type-options']).toBe('nosniff');
  // Served over http here, so no HSTS (it would pin a plain-http host to https).
  expect(a.headers()['strict-transport-security']).toBeUndefined();
});

test('route handlers answer with a policy that allows nothing', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(res.headers()['permissions-policy']).toContain('microphone=()');
});

test('the app works under the policy: theme script, hydration, CodeMirror, the cluster map', async ({
  page,
  createUser,
}) => {
  const violations = await watchViolations(page);

  // The no-flash theme script runs (allowed by its hash): a stored dark choice applies before hydration.
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('pp-theme', 'dark'));
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  // Hydration ran (Next's scripts, allowed by the nonce): the theme toggle responds.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);

  const admin = await createUser({ role: 'ADMIN' });
  await loginViaApi(page, admin);
  // CodeMirror (injects its own <style> elements) and the engine's preview with the cluster map.
  await page.goto('/admin/scenarios/new');
  await expect(page.locator('.cm-content')).toBeVisible();
  await expect(page.getByTestId('preview-disposition')).toHaveText('Delivered');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('# typed under the policy');
  await expect(page.locator('.cm-content')).toContainText('# typed under the policy');
  await expect(page.getByTestId('cluster-diagram').first()).toBeVisible();
  await expect(page.getByTestId('diagram-box').first()).toBeVisible();

  // A client-side navigation and a server action round trip.
  await page.goto('/quizzes');
  await page.getByTestId('preset-quick-ten').getByRole('button').click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);

  expect(violations).toEqual([]);
});

test('an injected inline script is blocked, and the violation is what fails every other test', async ({
  page,
  cspViolations,
}) => {
  // An injection as a stored-XSS bug would make it: a parser-inserted <script> without this response's nonce.
  await page.route('**/login', async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace('<body', '<script>window.__ppInjected = 1</script><body');
    await route.fulfill({ response: res, body: html });
  });
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { __ppInjected?: number }).__ppInjected),
  ).toBeUndefined();
  // The automatic fixture (e2e/fixtures.ts) saw it; every test fails on such a line. Expected here, so cleared.
  await expect.poll(() => cspViolations.length).toBe(1);
  expect(cspViolations[0]).toMatch(/Content Security Policy directive 'script-src/);
  cspViolations.length = 0;
});
