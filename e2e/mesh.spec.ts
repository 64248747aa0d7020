/**
 * Issue 17 item 3, the Istio sidecar mesh (reference B14, scenarios 56–58): the scenarios are in the trace
 * library; the map shows the injected `istio-proxy` containers; a graded path's replay steps through the new hops —
 * the client's sidecar with the ISTIO_OUTPUT → ISTIO_REDIRECT rules it walked and the REDIRECT's conntrack entry,
 * and the server's sidecar where STRICT resets a plaintext client — on a desktop and on a 390 px phone, by keyboard.
 */
import { addCards, expect, loginViaApi, openPlayer, sidewaysOverflow, submitPath, test } from './fixtures';

test.describe.configure({ timeout: 120_000 });

test('the mesh scenarios are in the library; the client sidecar hop shows the capture rules and conntrack', async ({
  page,
  createUser,
}) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/trace');
  for (const title of [
    'Service mesh (Istio sidecar): Pod → ClusterIP Service, both Pods meshed',
    'Service mesh: PeerAuthentication STRICT and a client without a sidecar',
    'Service mesh: an excluded outbound port, and a destination without a sidecar',
  ])
    await expect(page.getByText(title, { exact: true })).toBeVisible();

  await openPlayer(page, '56-mesh-sidecar-clusterip', '?mode=challenge');
  // The injected sidecars are containers on the map (native sidecars: init containers with restartPolicy Always).
  await expect(page.getByTestId('cluster-diagram').getByText('istio-proxy').first()).toBeVisible();
  await addCards(page, ['Container(shop/frontend-1/web)']);
  await submitPath(page);

  const hops = page.getByRole('list', { name: 'Hops of this path' }).getByRole('button');
  await hops.filter({ hasText: 'outbound listener :15001' }).first().click();
  const kernel = page.getByTestId('replay-kernel');
  await expect(kernel).toBeVisible();
  await kernel.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(kernel).toContainText('nat table in frontend-1');
  await expect(kernel).toContainText('▶ -A ISTIO_OUTPUT -j ISTIO_REDIRECT');
  await expect(kernel).toContainText('▶ -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
  await expect(kernel).toContainText(
    'src=10.244.1.5 dst=10.96.120.15 sport=43512 dport=80 [UNREPLIED] src=127.0.0.1 dst=10.244.1.5 sport=15001',
  );
  // No kube-proxy hop on any meshed path: Envoy dials the Pod IP.
  await expect(hops.filter({ hasText: 'kube-proxy' })).toHaveCount(0);
  await hops.filter({ hasText: 'inbound listener :15006' }).first().click();
  await expect(kernel).toBeVisible();
  await kernel.locator('summary').click();
  await expect(kernel).toContainText('▶ -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
  expect(await sidewaysOverflow(page)).toEqual([]);
});

test('390 px phone: STRICT resets the plaintext client at the server sidecar; nothing scrolls sideways', async ({
  browser,
  createUser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  const user = await createUser();
  await loginViaApi(page, user);
  await openPlayer(page, '57-mesh-strict-plaintext-client', '?mode=challenge');
  await expect(page.getByTestId('cluster-diagram').getByText('istio-proxy').first()).toBeVisible();
  expect(await sidewaysOverflow(page)).toEqual([]);
  await addCards(page, ['Container(legacy/sleep/sleep)']);
  await page.getByRole('radio', { name: /Connection reset/ }).check();
  await submitPath(page);
  const hops = page.getByRole('list', { name: 'Hops of this path' }).getByRole('button');
  const reset = hops.filter({ hasText: 'inbound listener :15006' }).first();
  await reset.scrollIntoViewIfNeeded();
  await reset.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Connection reset by peer/).first()).toBeVisible();
  expect(await sidewaysOverflow(page)).toEqual([]);
  await context.close();
});
