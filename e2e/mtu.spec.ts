/**
 * Issue 17 item 3, MTU and PMTU black holes (ADR 023, reference B15, scenarios 59–61), as a learner traces them:
 * - the library lists the three MTU scenarios under their topic;
 * - scenario 60 ("small requests work, large ones hang"): the whole path and the outcome "Stalls: MTU black hole"
 *   graded 100 %; the replay puts the verdict on the VXLAN link, where the full-sized segments are lost, says why
 *   small packets got through and no ICMP came back, and no other hop carries it;
 * - scenario 59 in the dark theme: the node's ICMP rescues the large response (Delivered, PMTU discovery), and the
 *   result page has no serious axe violation in that theme;
 * - scenario 61 on a 390 px phone: a learner who answers "Dropped" is told it is a PMTU black hole (the ICMP is
 *   filtered), on the client's leg through the VPN gateway — without sideways scrolling.
 */
import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  openKernel,
  replayHops,
  showHop,
  sidewaysOverflow,
  libraryTopic,
  signInNew,
  submitTrace,
  test,
} from './fixtures';

test.describe.configure({ timeout: 120_000 });

const MTU_TITLES = [
  "Pod MTU 1500 on a VXLAN overlay: the node's ICMP rescues the large response",
  'Small requests work, large responses hang: VXLAN over a narrower provider network',
  'A VPN, filtered ICMP and MSS clamping: the PMTU black hole and its fixes',
];

// Scenarios 59 and 60 (wire level): frontend-1 on node-1 → backend-2 on node-2 over Flannel VXLAN, as in §D S04.
const VXLAN_PATH = [
  'Container(shop/frontend-1/web)',
  'Pod(shop/frontend-1)',
  'CNI(node-1)',
  'Node(node-1)',
  'CNI(node-1->node-2/vxlan) [ENCAP 10.244.1.5→10.244.2.8→outer 192.168.1.10→192.168.1.11]',
  'Node(node-2) [DECAP outer 192.168.1.10→192.168.1.11→10.244.1.5→10.244.2.8]',
  'CNI(node-2)',
  'Pod(shop/backend-2)',
  'Container(shop/backend-2/api)',
];

// Scenario 61: the laptop, over a VPN, to NodePort 30080 on node-1 (endpoint frontend-1 on the same node).
const VPN_PATH = [
  'Client(laptop)',
  'Node(node-1)',
  'Service(shop/frontend)',
  'kube-proxy(node-1) [DNAT 192.168.1.10:30080→10.244.1.5:8080, SNAT 198.51.100.7→10.244.1.1]',
  'CNI(node-1)',
  'Pod(shop/frontend-1)',
  'Container(shop/frontend-1/web)',
];

const LOST_HERE = 'Full-sized segments lost here: Stalls: MTU black hole';

test('the library lists the three MTU scenarios under "MTU, overlays and path MTU"', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  const cards = await libraryTopic(page, 'MTU, overlays and path MTU', 'mtu', 3);
  for (const title of MTU_TITLES) await expect(cards.filter({ hasText: title })).toHaveCount(1);
});

test('scenario 60: graded with the black hole, whose verdict is on the VXLAN link and says why small requests work', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  await submitTrace(page, '60-mtu-vxlan-underlay-black-hole', {
    query: '?mode=challenge',
    cards: VXLAN_PATH,
    outcome: /^Stalls: MTU black hole/,
  });
  await expect(page.getByTestId('result-score')).toContainText('100%');
  await expect(page.getByRole('region', { name: 'Outcome' })).toContainText(
    'You chose Stalls: MTU black hole; the request ends Stalls: MTU black hole. Right.',
  );

  const hops = replayHops(page);
  await expect(hops).toHaveCount(VXLAN_PATH.length);
  const link = await showHop(page, 4, 'flannel.1 VXLAN encapsulation 192.168.1.10 → 192.168.1.11 UDP/8472');
  await expect(link).toContainText(
    `${LOST_HERE} — node-2 → node-1: the outer 1500-byte packets exceed the provider network (MTU 1450)`,
  );
  // Why the small status call works and the report hangs, and why nothing tells the sender.
  await expect(link).toContainText('no router on the way, so no ICMP "fragmentation needed"');
  await expect(link).toContainText(
    'The response never arrives: an MTU black hole (the handshake and the request, small packets, got through).',
  );
  // The sizes on the wire: the Pods' 1450 bytes become 1500 bytes of VXLAN on eth0.
  await link.getByText('Steps on the wire').click();
  await expect(link).toContainText('a 1450-byte inner packet leaves node-2 as 1500 bytes on eth0');
  const kernel = await openKernel(page);
  await expect(kernel).toContainText('$ tcpdump -nq');
  // Every other hop passes the packet: the verdict is on that link only.
  for (const [i, label] of [
    [3, 'node-1 routing'],
    [5, 'node-2 receives on eth0, flannel.1 decapsulates'],
    [8, 'api accepts :9090'],
  ] as const) {
    const frame = await showHop(page, i, label);
    await expect(frame).not.toContainText('Full-sized segments lost here');
  }
});

test('scenario 59 in the dark theme: the node’s ICMP rescues the large response; no serious axe violation', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  await page.emulateMedia({ colorScheme: 'dark' });
  await submitTrace(page, '59-mtu-pod-mtu-too-large-flannel', {
    query: '?mode=challenge',
    cards: VXLAN_PATH,
    outcome: /^Delivered/,
  });
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.getByTestId('result-score')).toContainText('100%');
  const outcome = page.getByRole('region', { name: 'Outcome' });
  await expect(outcome).toContainText('You chose Delivered; the request ends Delivered. Right.');
  await expect(outcome).toContainText(
    'its ICMP "fragmentation needed" (mtu 1450) reaches backend-2, which resends in 1450-byte segments (PMTU discovery',
  );
  // Nothing is a black hole here: no hop carries the verdict.
  for (let i = 0; i < VXLAN_PATH.length; i++) {
    await replayHops(page).nth(i).click();
    await expect(page.getByTestId('replay-step')).toContainText(`Hop ${i + 1} of`);
    await expect(page.getByTestId('replay-frame')).not.toContainText('Full-sized segments lost here');
  }
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('scenario 61: "Dropped" is not right — the result explains the PMTU black hole behind the VPN', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await submitTrace(page, '61-mtu-vpn-icmp-filtered-mss-clamping', {
      query: '?mode=challenge',
      cards: VPN_PATH,
      outcome: /^Dropped \(times out\)/,
    });
    await expect(page.getByTestId('result-score')).not.toContainText('100%');
    await expect(page.getByTestId('score-breakdown')).toContainText('Outcome: wrong');
    const outcome = page.getByRole('region', { name: 'Outcome' });
    await expect(outcome).toContainText(
      'You chose Dropped (times out); the request ends Stalls: MTU black hole. Not right.',
    );
    await expect(outcome).toContainText(
      'ICMP type 3 code 4 "fragmentation needed, mtu 1400", but that ICMP is filtered on its way back',
    );
    await expect(outcome).toContainText('clamp the MSS on the VPN gateway');
    // The loss is on the laptop's leg through the VPN gateway, before node-1.
    const client = await showHop(page, 0, 'laptop 198.51.100.7 connects to 192.168.1.10:30080');
    await expect(client).toContainText(`${LOST_HERE} — frontend-1 → laptop`);
    const node = await showHop(page, 1, 'node-1 eth0 192.168.1.10:30080');
    await expect(node).not.toContainText('Full-sized segments lost here');
    expect(await sidewaysOverflow(page)).toEqual([]);
  });
});
