/**
 * Issue 17 item 3, the Istio sidecar mesh (ADR 022, reference B14, scenarios 56–58), as a learner traces it:
 * - the library lists the three mesh scenarios under their topic;
 * - scenario 56 built with the keyboard only — every hop, the last one included, picked up in the palette and
 *   dropped over the end of the path — graded 100 %; its replay shows the client sidecar's capture (istio-iptables'
 *   ISTIO_OUTPUT → ISTIO_REDIRECT, REDIRECT to 15001, and the REDIRECT's conntrack entry), the Service as Envoy's
 *   cluster only, no kube-proxy hop, and the server sidecar's inbound capture to 15006;
 * - scenario 57 on a 390 px phone: the "Connection reset" outcome is offered with its description, a reload keeps
 *   the half-built path and the outcome (autosaved draft), and the result explains the reset at the server's
 *   istio-proxy (PeerAuthentication STRICT, plaintext client) — without sideways scrolling.
 * Replay hop buttons are named "<n> <layer>" (the hop's label is only their title), so hops are picked by index and
 * the frame's label is checked.
 */
import {
  addCards,
  expect,
  KEY_PAUSE,
  laneLabels,
  openKernel,
  openPlayer,
  paletteCard,
  replayHops,
  showHop,
  sidewaysOverflow,
  libraryTopic,
  signInNew,
  submitPath,
  test,
} from './fixtures';

test.describe.configure({ timeout: 120_000 });

const MESH_TITLES = [
  'Service mesh (Istio sidecar): Pod → ClusterIP Service, both Pods meshed',
  'Service mesh: PeerAuthentication STRICT and a client without a sidecar',
  'Service mesh: an excluded outbound port, and a destination without a sidecar',
];

// Scenario 56, web → backend-2 on node-2 (path p2 of the reference's S56, the optional Service hop left out).
const PATH_56 = [
  'Container(shop/frontend-1/web)',
  'Container(shop/frontend-1/istio-proxy)',
  'Pod(shop/frontend-1)',
  'CNI(node-1)',
  'Node(node-1)',
  'CNI(node-1->node-2/vxlan)',
  'Node(node-2)',
  'CNI(node-2)',
  'Pod(shop/backend-2)',
  'Container(shop/backend-2/istio-proxy)',
  'Container(shop/backend-2/api)',
];

// Scenario 57, request `plaintext`: legacy/sleep (no sidecar) → kube-proxy's DNAT → backend-2's sidecar resets it.
const PATH_57 = [
  'Container(legacy/sleep/sleep)',
  'Pod(legacy/sleep)',
  'CNI(node-1)',
  'Node(node-1)',
  'Service(shop/backend)',
  'kube-proxy(node-1)',
  'CNI(node-1->node-2/vxlan)',
  'Node(node-2)',
  'CNI(node-2)',
  'Pod(shop/backend-2)',
  'Container(shop/backend-2/istio-proxy)',
];

test('the library lists the three mesh scenarios under "Service meshes and sidecars"', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  const cards = await libraryTopic(page, 'Service meshes and sidecars', 'service-mesh', 3);
  for (const title of MESH_TITLES) await expect(cards.filter({ hasText: title })).toHaveCount(1);
});

test('scenario 56 by keyboard only: every hop dropped at the end of the path, graded, and the sidecar capture at wire level', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  await openPlayer(page, '56-mesh-sidecar-clusterip', '?mode=challenge');
  // The injected sidecars are on the map (native sidecars: init containers with restartPolicy Always).
  await expect(page.getByTestId('cluster-diagram').getByText('istio-proxy').first()).toBeVisible();
  const announcer = page.locator('[id^="DndLiveRegion"]');
  const palette = await page
    .getByTestId('palette-card')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-card-label') ?? ''));

  // Into the palette (one Tab stop) from "Find a card"; from then on only keys.
  await page.getByTestId('quick-add').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('palette-grip').and(page.locator(':focus'))).toHaveCount(1);
  for (const [i, label] of PATH_56.entries()) {
    const at = palette.indexOf(label);
    expect(at, `${label} is a card of the palette`).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Home');
    for (let k = 0; k < at; k++) await page.keyboard.press('ArrowRight');
    await expect(paletteCard(page, label).getByTestId('palette-grip')).toBeFocused();
    // Space picks the card up over the end of the path; Space drops it there.
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(announcer).toContainText(
      `Over the end of your path: it would become hop ${i + 1} of ${i + 1}.`,
    );
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(page.getByTestId('lane-item')).toHaveCount(i + 1);
    await expect(announcer).toContainText(`it is now hop ${i + 1} of ${i + 1} of your path`);
  }
  expect(await laneLabels(page)).toEqual(PATH_56);
  // No outcome to choose in 56 (it does not ask); Tab on to Submit and press Enter.
  await expect(page.getByTestId('outcome-picker')).toHaveCount(0);
  for (let k = 0; k < 12; k++) {
    if (await page.getByTestId('submit-path').evaluate((b) => b === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(page.getByTestId('submit-path')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/trace\/attempts\//);
  await expect(page.getByTestId('result-score')).toContainText('100%');
  await expect(page.getByTestId('no-problems')).toBeVisible();

  // The replay of the closest valid path (p2, with the optional Service hop at 3).
  const hops = replayHops(page);
  await expect(hops).toHaveCount(12);
  // Envoy dials the Pod IP: no kube-proxy hop anywhere on a meshed path (R14.3).
  await expect(hops.filter({ hasText: 'kube-proxy' })).toHaveCount(0);
  await showHop(page, 1, 'istio-proxy (Envoy) outbound listener :15001');
  let kernel = await openKernel(page);
  await expect(kernel).toContainText("nat table in frontend-1's network namespace");
  await expect(kernel).toContainText('▶ -A OUTPUT -j ISTIO_OUTPUT');
  await expect(kernel).toContainText('▶ -A ISTIO_OUTPUT -j ISTIO_REDIRECT');
  await expect(kernel).toContainText('▶ -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
  // The rule for Envoy's own traffic (UID 1337) is there but not matched by the app's packet.
  await expect(kernel).toContainText('  -A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN');
  await expect(kernel).toContainText(
    'tcp      6 120 SYN_SENT src=10.244.1.5 dst=10.96.120.15 sport=43512 dport=80 [UNREPLIED] src=127.0.0.1 dst=10.244.1.5 sport=15001 dport=43512',
  );
  await expect(page.getByTestId('replay-rewrites')).toContainText('DNAT 10.96.120.15:80 → 127.0.0.1:15001');

  await showHop(
    page,
    2,
    "Service shop/backend (logical: Envoy's cluster outbound|80||backend.shop.svc.cluster.local)",
  );
  const inbound = await showHop(page, 10, 'istio-proxy (Envoy) inbound listener :15006');
  await expect(inbound.getByTestId('replay-rewrites')).toContainText(
    'DNAT 10.244.2.8:9090 → 10.244.2.8:15006',
  );
  kernel = await openKernel(page);
  await expect(kernel).toContainText('▶ -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
  await expect(kernel).not.toContainText('--to-ports 15001');
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('scenario 57: the reset outcome is offered, a reload keeps the path, and the reset is explained at the server sidecar', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await openPlayer(page, '57-mesh-strict-plaintext-client', '?mode=challenge');
    await addCards(page, PATH_57.slice(0, 6));

    // The outcome picker fits the phone and offers the reset with what the client sees.
    const picker = page.getByTestId('outcome-picker');
    const reset = page.getByRole('radio', { name: /^Connection reset/ });
    await reset.scrollIntoViewIfNeeded();
    await expect(picker.locator('label').filter({ has: reset })).toContainText(
      'The connection is accepted, then reset before any answer (curl: "Connection reset by peer").',
    );
    const box = (await picker.locator('label').filter({ has: reset }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await reset.tap();
    await expect(reset).toBeChecked();
    expect(await sidewaysOverflow(page)).toEqual([]);

    // Reload half-way: the autosaved draft brings the six hops and the outcome back.
    await expect(page.getByTestId('draft-status')).toHaveAttribute('data-state', 'saved');
    await page.reload();
    await expect(page.getByTestId('draft-resumed')).toContainText(
      'Resumed your saved path (6 hops and the outcome)',
    );
    expect(await laneLabels(page)).toEqual(PATH_57.slice(0, 6));
    await expect(
      page.getByTestId('outcome-picker').getByRole('radio', { name: /^Connection reset/ }),
    ).toBeChecked();

    await addCards(page, PATH_57.slice(6));
    expect(await laneLabels(page)).toEqual(PATH_57);
    await submitPath(page);
    await expect(page.getByTestId('result-score')).toContainText('100%');
    const outcome = page.getByRole('region', { name: 'Outcome' });
    await expect(outcome).toContainText(
      'You chose Connection reset; the request ends Connection reset. Right.',
    );
    await expect(outcome).toContainText('PeerAuthentication shop/default is STRICT');

    // The sidecar-less client goes through kube-proxy's DNAT; the reset happens at backend-2's istio-proxy.
    await expect(replayHops(page).filter({ hasText: 'kube-proxy' })).toHaveCount(1);
    const last = await showHop(page, PATH_57.length - 1, 'istio-proxy (Envoy) inbound listener :15006');
    await expect(last).toContainText(
      "Stops here: Connection reset — PeerAuthentication shop/default is STRICT: shop/backend-2's sidecar accepts only mutual TLS on port 9090, and this client speaks plaintext.",
    );
    await expect(last).toContainText(
      '"Connection reset by peer" (curl exit 56), not a refusal and not a timeout',
    );
    // The hop before it is not where it stops.
    const before = await showHop(page, PATH_57.length - 2, 'pod backend-2 eth0 10.244.2.8');
    await expect(before).not.toContainText('Stops here');
    expect(await sidewaysOverflow(page)).toEqual([]);
  });
});
