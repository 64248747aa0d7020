/**
 * Issue 17 item 4, "wire level shows the kernel's own artefacts": on the result page the replay's Service hop shows
 * the rules kube-proxy wrote that the packet walked (with its own chain names), the conntrack entry, and a Node hop
 * shows tcpdump's view of the packet. Scenario 08 (content/scenarios): a browser → NodePort 30080 on node-2, whose
 * only endpoint frontend-1 is on node-1 (externalTrafficPolicy Cluster: KUBE-EXT marks for masquerade).
 */
import { test, expect, loginViaApi, submitTrace } from './fixtures';

test.describe.configure({ timeout: 90_000 });

test('the kube-proxy hop shows iptables-save rules and the conntrack entry; a Node hop shows tcpdump, by keyboard', async ({
  page,
  createUser,
}) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await submitTrace(page, '08-nodeport-cluster-policy', {
    query: '?mode=challenge',
    cards: ['Client(browser)'],
  });

  const hops = page.getByRole('list', { name: 'Hops of this path' }).getByRole('button');
  await hops.filter({ hasText: 'kube-proxy' }).first().click();
  const kernel = page.getByTestId('replay-kernel');
  await expect(kernel).toBeVisible();
  // Open the details with the keyboard.
  await kernel.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(kernel).toContainText('$ iptables-save -t nat');
  await expect(kernel).toContainText(
    /-A KUBE-NODEPORTS -m comment --comment shop\/frontend:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-[A-Z2-7]{16}/,
  );
  await expect(kernel).toContainText(
    /▶ -A KUBE-SEP-[A-Z2-7]{16} -m comment --comment shop\/frontend:http -m tcp -p tcp -j DNAT --to-destination 10\.244\.1\.5:8080/,
  );
  await expect(kernel).toContainText(
    'tcp      6 120 SYN_SENT src=198.51.100.7 dst=192.168.1.11 sport=43512 dport=30080 [UNREPLIED] src=10.244.1.5',
  );
  await expect(kernel).toContainText('43512 stands for the client’s ephemeral port');
  // The rules block scrolls inside itself: the page stays within the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // node-1 receives the VXLAN packet: the outer datagram on eth0 and the inner SYN, masqueraded to node-2's flannel.1.
  await hops.filter({ hasText: 'Node' }).nth(1).click();
  await kernel.locator('summary').click();
  await expect(kernel).toContainText('$ tcpdump -nq');
  await expect(kernel).toContainText('IP 192.168.1.11.41720 > 192.168.1.10.8472: UDP, length 82');
  await expect(kernel).toContainText('IP 10.244.2.0.36817 > 10.244.1.5.8080: tcp 0');
});
