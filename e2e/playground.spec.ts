/**
 * Playground (issue 15): a learner pastes kubernetes/examples' guestbook all-in-one manifest, adds a request from
 * a browser to the frontend's (allocated) NodePort with the form, sees the paths end at the frontend Pods (map,
 * hops at the wire level, replay), saves it (private), shares a link that another user opens read-only, and
 * revokes it (404). Also: a reload before saving brings the unsaved work back, the owner's URL is a 404 for
 * others, a reload keeps the saved requests, a proposal reaches the admins; two tabs saving the same playground
 * (the stale one is refused, saved as a copy instead) and delete; on a 390 px phone, a request added by
 * keyboard only, no sideways scroll, and an oversized upload refused with a clear message.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, loginViaApi } from './fixtures';

const GUESTBOOK = readFileSync(
  path.join(__dirname, '..', 'lib', 'scenario', '__fixtures__', 'manifests', 'guestbook-all-in-one.yaml'),
  'utf8',
);

async function setEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test.describe('playground', () => {
  test.describe.configure({ timeout: 150_000 });

  test('the guestbook all-in-one traces from a browser to a frontend Pod; saved, shared read-only, revoked', async ({
    browser,
    createUser,
    db,
  }) => {
    const owner = await createUser();
    const viewer = await createUser();
    const page = await (await browser.newContext()).newPage();
    await loginViaApi(page, owner);
    await page.goto('/playground');
    await expect(page.locator('.cm-content')).toBeVisible();

    // Paste the real manifest: no errors; the expansion's notes name the Pods and the allocated NodePort.
    await setEditorText(page, GUESTBOOK);
    await expect(page.getByTestId('playground-issues').getByRole('heading')).toContainText('No errors');
    const allocated = page.getByTestId('playground-allocated');
    await expect(allocated).toContainText('Service default/frontend spec.ports[0].nodePort');
    const nodePort = Number(
      /frontend spec\.ports\[0\]\.nodePort = (\d+)/.exec((await allocated.textContent()) ?? '')?.[1],
    );
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    await expect(page.getByTestId('preview-unavailable')).toBeVisible(); // no request yet

    // A request from the form: a browser outside the cluster → the frontend NodePort on node-1.
    await page.getByLabel('Source').selectOption({ label: 'A browser outside the cluster (198.51.100.7)' });
    await page
      .getByLabel('Pick a destination')
      .selectOption({ label: `default/frontend NodePort ${nodePort} on node-1 (192.168.1.10)` });
    await expect(page.getByLabel('Destination host or IP')).toHaveValue('192.168.1.10');
    await expect(page.getByLabel('Port', { exact: true })).toHaveValue(String(nodePort));
    await page.getByRole('button', { name: 'Add request' }).click();
    await expect(page.getByTestId('playground-requests')).toContainText(
      `browser (198.51.100.7) → 192.168.1.10:${nodePort}/TCP`,
    );

    // A reload before saving: the manifests and the request come back (this tab only; nothing was sent).
    await page.reload();
    await expect(page.getByTestId('playground-restored')).toBeVisible();
    await expect(page.getByTestId('playground-requests')).toContainText(`192.168.1.10:${nodePort}/TCP`);
    await expect(page.getByTestId('playground-allocated')).toContainText(`nodePort = ${nodePort}`);
    expect(await db.prepare('SELECT COUNT(*) AS n FROM Playground WHERE ownerId = ?').get(owner.id)).toEqual({
      n: 0,
    });

    // Every path: delivered, three alternatives (one per frontend Pod), each ending in a frontend Pod.
    await expect(page.getByTestId('preview-disposition')).toHaveText('Delivered');
    const alternatives = page.getByRole('group', { name: /3 alternatives/ });
    await expect(alternatives).toBeVisible();
    await expect(page.getByTestId('preview-hops')).toContainText('frontend-');
    // The kernel view: the wire level names kube-proxy's rules.
    await page
      .locator('label')
      .filter({ hasText: /^Wire$/ })
      .click();
    await expect(page.getByRole('heading', { name: /Hops at wire level/ })).toBeVisible();
    await expect(page.getByTestId('replay').getByRole('heading', { name: 'Replay' })).toBeVisible();

    // Save (private): the URL becomes the playground's own; a reload keeps the request and the result.
    await page.getByLabel('Title').fill('Guestbook from kubernetes/examples');
    await page.getByRole('button', { name: 'Save (private)' }).click();
    await expect(page.getByTestId('playground-saved')).toContainText('Saved (private).');
    await expect(page).toHaveURL(/\/playground\/[a-z0-9]+$/);
    const ownUrl = page.url();
    const id = ownUrl.split('/').pop()!;
    const row = db.prepare('SELECT ownerId, shareToken FROM Playground WHERE id = ?').get(id) as {
      ownerId: string;
      shareToken: string | null;
    };
    expect(row).toEqual({ ownerId: owner.id, shareToken: null });
    await page.reload();
    await expect(page.getByTestId('playground-requests')).toContainText(`192.168.1.10:${nodePort}/TCP`);
    await expect(page.getByTestId('preview-disposition')).toHaveText('Delivered');

    // Another user: the owner's URL is a 404.
    const other = await (await browser.newContext()).newPage();
    await loginViaApi(other, viewer);
    const own = await other.goto(ownUrl);
    expect(own?.status()).toBe(404);
    await expect(other.getByTestId('playground-not-found')).toContainText('not one of yours');

    // Share: the link opens read-only in the other session, with the same paths.
    await page.getByRole('button', { name: 'Create a share link' }).click();
    const link = await page.getByTestId('playground-share-link').inputValue();
    expect(link).toMatch(/\/playground\/shared\/[A-Za-z0-9_-]{32}$/);
    const shared = await other.goto(link);
    expect(shared?.status()).toBe(200);
    await expect(other.getByTestId('playground-readonly')).toContainText(`Shared by ${owner.name}`);
    await expect(other.getByTestId('preview-disposition')).toHaveText('Delivered');
    await expect(other.getByRole('button', { name: /^Save/ })).toHaveText('Save a copy as mine');
    await expect(other.locator('.cm-content')).toHaveAttribute('contenteditable', 'false');

    // Propose to the admins.
    await page.getByLabel(/Propose it to the admins/).fill('NodePort practice from a real manifest');
    await page.getByRole('button', { name: 'Propose as a scenario' }).click();
    await expect(page.getByTestId('playground-saved')).toContainText('Sent to the admins');
    const admin = await createUser({ role: 'ADMIN' });
    const adminPage = await (await browser.newContext()).newPage();
    await loginViaApi(adminPage, admin);
    await adminPage.goto('/admin/proposals');
    await expect(adminPage.getByTestId('proposals-list')).toContainText('Guestbook from kubernetes/examples');
    await expect(adminPage.getByTestId('proposals-list')).toContainText(
      'NodePort practice from a real manifest',
    );

    // Revoke: the link is a 404 from now on.
    await page.getByRole('button', { name: 'Revoke link' }).click();
    await expect(page.getByTestId('playground-saved')).toContainText('no longer opens');
    const gone = await other.goto(link);
    expect(gone?.status()).toBe(404);
    await expect(other.getByTestId('shared-playground-not-found')).toContainText('revoked');
  });

  test('two tabs: the stale save is refused with what to do and saved as a copy; delete', async ({
    browser,
    createUser,
  }) => {
    const user = await createUser();
    const context = await browser.newContext();
    const tab1 = await context.newPage();
    await loginViaApi(tab1, user);
    await tab1.goto('/playground');
    await tab1.getByLabel('Start from').selectOption('example:guestbook');
    await tab1.getByRole('button', { name: 'Load' }).click();
    await expect(tab1.getByTestId('playground-issues').getByRole('heading')).toContainText('No errors');
    await tab1.getByRole('button', { name: 'Save (private)' }).click();
    await expect(tab1).toHaveURL(/\/playground\/[a-z0-9]+$/);
    await expect(tab1.getByTestId('playground-saved')).toContainText('Saved (private).');
    const url = tab1.url();

    const tab2 = await context.newPage();
    await tab2.goto(url);
    await tab2.getByLabel('Title').fill('Saved from tab 2');
    await tab2.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(tab2.getByTestId('playground-saved')).toContainText('Saved (private).');

    await tab1.getByLabel('Title').fill('Saved from tab 1');
    await tab1.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(tab1.getByTestId('playground-error')).toContainText('saved elsewhere');
    await tab1.reload();
    // The reload brings tab 1's unsaved title back over the stored one; it is kept as a copy.
    await expect(tab1.getByTestId('playground-restored')).toBeVisible();
    await expect(tab1.getByLabel('Title')).toHaveValue('Saved from tab 1');
    await tab1.getByRole('button', { name: 'Save as a copy' }).click();
    await expect(tab1).not.toHaveURL(url);
    await expect(tab1.getByLabel('Title')).toHaveValue('Copy of Saved from tab 1');
    await tab1.goto('/playground');
    await expect(tab1.getByTestId('playground-list')).toContainText('Saved from tab 2');
    await expect(tab1.getByTestId('playground-list')).toContainText('Copy of Saved from tab 1');

    // Delete (after a confirmation): gone from the list, its page a 404.
    await tab2.reload();
    tab2.once('dialog', (d) => void d.accept());
    await tab2.getByRole('button', { name: 'Delete' }).click();
    await expect(tab2).toHaveURL(/\/playground$/);
    await expect(tab2.getByTestId('playground-list')).not.toContainText('Saved from tab 2');
    expect((await tab2.goto(url))?.status()).toBe(404);
  });

  test('an upload over the size limit is refused with a clear message; a 390 px phone does not scroll sideways', async ({
    browser,
    createUser,
  }) => {
    const user = await createUser();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await loginViaApi(page, user);
    await page.goto('/playground');
    await page.getByLabel('Start from').selectOption('example:guestbook');
    await page.getByRole('button', { name: 'Load' }).click();
    await expect(page.getByTestId('playground-issues').getByRole('heading')).toContainText('No errors');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    // Keyboard only: a request from the first frontend Pod to the redis-master Service by name.
    const source = page.getByLabel('Source');
    await source.focus();
    await page.keyboard.type('Pod default/frontend'); // a native select's type-ahead picks the first match
    await expect(source).toHaveValue(/^pod:default\/frontend-/);
    await page.keyboard.press('Tab'); // → Pick a destination
    await page.keyboard.press('Tab'); // → Destination host or IP
    await page.keyboard.type('redis-master');
    await page.keyboard.press('Tab'); // → Port
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('6379');
    await page.keyboard.press('Tab'); // → Protocol
    await page.keyboard.press('Tab'); // → Add request
    await expect(page.getByRole('button', { name: 'Add request' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('playground-requests')).toContainText('→ redis-master:6379/TCP');
    await expect(page.getByTestId('preview-disposition')).toHaveText('Delivered');
    await expect(page.getByTestId('preview-hops')).toContainText('redis-master-');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByLabel(/Or open files/).setInputFiles({
      name: 'huge.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.alloc(600 * 1024, 'a'),
    });
    await expect(page.getByTestId('playground-error')).toContainText('larger than 512 KiB');
  });
});
