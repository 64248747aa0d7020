/**
 * Issue 17 item 3, dual-stack (reference R13), on a 390 px phone: the library lists the three dual-stack scenarios
 * under their topic; scenario 55's result page shows the IPv6 proxier's own artefacts at the kube-proxy hop
 * (ip6tables-save, a bracketed DNAT target, `conntrack -L -f ipv6`) and tcpdump's `IP6` line, scenario 53's shows
 * the A and AAAA answers and why the client dialled IPv6, and scenario 54's (a single-stack Service) offers the NODATA
 * outcome and shows the AAAA query's NODATA answer and the IPv4 fallback in the engine's words — and no long IPv6
 * address pushes the page sideways.
 */
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  libraryTopic,
  loginViaApi,
  sidewaysOverflow,
  signInNew,
  submitTrace,
} from './fixtures';

/** The innermost visible elements whose right edge passes the window (what makes the page scroll sideways). */
async function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 1 || el.closest('pre')) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > w + 1)) continue;
      out.push(
        `${el.tagName.toLowerCase()}.${String(el.className).split(/\s+/).slice(0, 4).join('.')} right=${Math.round(r.right)}: ${(el.textContent ?? '').slice(0, 60)}`,
      );
    }
    return out.slice(0, 8).join('\n');
  });
}

test.describe.configure({ timeout: 90_000 });
test.use({ viewport: { width: 390, height: 844 } });

test('IPv6 NodePort at wire level: ip6tables rules, conntrack -f ipv6 and tcpdump IP6 fit a phone', async ({
  page,
  createUser,
}) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/trace/55-ipv6-primary-nodeport-ip6tables?mode=challenge');
  await expect(page.getByTestId('trace-player')).toBeVisible();
  await page.getByRole('button', { name: 'Add Client(client) to the end of your path', exact: true }).click();
  await page.getByTestId('submit-path').click();
  await page.waitForURL(/\/trace\/attempts\//);

  const hops = page.getByRole('list', { name: 'Hops of this path' }).getByRole('button');
  await hops.filter({ hasText: 'kube-proxy' }).first().click();
  const kernel = page.getByTestId('replay-kernel');
  await kernel.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(kernel).toContainText('$ ip6tables-save -t nat');
  await expect(kernel).toContainText(
    /▶ -A KUBE-SEP-[A-Z2-7]{16} -m comment --comment shop\/api:http -m tcp -p tcp -j DNAT --to-destination \[fd00:10:244:2::c\]:8080/,
  );
  await expect(kernel).toContainText('$ conntrack -L -f ipv6');
  await expect(kernel).toContainText(
    'src=2001:db8:ff::7 dst=2001:db8:100::10 sport=43512 dport=30080 [UNREPLIED]',
  );
  expect(await sidewaysOverflow(page), await widest(page)).toEqual([]);

  await hops.filter({ hasText: 'Node' }).nth(1).click();
  await kernel.locator('summary').click();
  await expect(kernel).toContainText('$ tcpdump -nq');
  await expect(kernel).toContainText('IP6 2001:db8:100::10.36817 > fd00:10:244:2::c.8080: tcp 0');
  expect(await sidewaysOverflow(page), await widest(page)).toEqual([]);
});

test('a dual-stack Service by name: A and AAAA, and the address-selection rule, on a phone', async ({
  page,
  createUser,
}) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/trace/53-dual-stack-service-by-name?mode=challenge');
  await expect(page.getByTestId('trace-player')).toBeVisible();
  await page
    .getByRole('button', { name: 'Add Container(shop/frontend-1/app) to the end of your path', exact: true })
    .click();
  await page.getByTestId('submit-path').click();
  await page.waitForURL(/\/trace\/attempts\//);
  const records = page.getByTestId('dns-records');
  await expect(records).toContainText('A: 10.96.88.20');
  await expect(records).toContainText('AAAA: fd00:10:96::58');
  await expect(page.getByTestId('address-selection')).toContainText('glibc');
  await expect(page.getByTestId('address-selection')).toContainText('Rule 6');
  expect(await sidewaysOverflow(page), await widest(page)).toEqual([]);
});

test('the library lists the three dual-stack scenarios under "IPv6 and dual-stack"', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  const cards = await libraryTopic(page, 'IPv6 and dual-stack', 'dual-stack', 3);
  for (const id of [
    '53-dual-stack-service-by-name',
    '54-single-stack-service-ipv6-client',
    '55-ipv6-primary-nodeport-ip6tables',
  ])
    await expect(cards.locator(`a[href="/trace/${id}"]`)).toHaveCount(1);
  expect(await sidewaysOverflow(page), await widest(page)).toEqual([]);
});

test('a single-stack Service in a dual-stack cluster: NODATA is offered, and the AAAA answer is NODATA, not NXDOMAIN', async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  await page.goto('/trace/54-single-stack-service-ipv6-client?mode=challenge');
  // The option's radio, matched inside its own label.
  const nodata = page.getByRole('radio', { name: /^No address of that family \(NODATA\)/ });
  await expect(page.getByTestId('outcome-picker').locator('label').filter({ has: nodata })).toContainText(
    'The name exists but has no record of the family asked for (e.g. no AAAA); no connection.',
  );
  await submitTrace(page, '54-single-stack-service-ipv6-client', {
    query: '?mode=challenge',
    cards: [
      'Container(shop/frontend-1/app)',
      'Pod(shop/frontend-1)',
      'CNI(node-1)',
      'Node(node-1)',
      'Service(shop/legacy)',
      'kube-proxy(node-1)',
      'Node(node-2)',
      'CNI(node-2)',
      'Pod(shop/legacy-1)',
      'Container(shop/legacy-1/app)',
    ],
    outcome: /^Delivered/,
  });
  await expect(page.getByTestId('result-score')).toContainText('100%');
  const records = page.getByTestId('dns-records');
  await expect(records).toContainText('A: 10.96.120.30');
  await expect(records).toContainText('AAAA: NOERROR, no records (NODATA — the name exists; not NXDOMAIN)');
  await expect(page.getByTestId('address-selection')).toContainText(
    'AAAA: NOERROR, no records (the name has only IPv4 addresses, not NXDOMAIN) → the client connects over IPv4',
  );
  expect(await sidewaysOverflow(page), await widest(page)).toEqual([]);
});

test("a scenario's other request is traced on its own: 54's curl -6 ends NODATA, and Try again comes back to it", async ({
  page,
  createUser,
}) => {
  await signInNew(page, createUser);
  await page.goto('/trace/54-single-stack-service-ipv6-client?mode=challenge');
  const requests = page.getByRole('navigation', { name: "The scenario's requests" }).getByRole('link');
  await expect(requests).toHaveText(['main', 'curl6']);
  await expect(requests.first()).toHaveAttribute('aria-current', 'page');
  const main = await page.getByTestId('request-summary').textContent();
  await requests.nth(1).click();
  await page.waitForURL(/\/trace\/54-single-stack-service-ipv6-client\?mode=challenge&request=curl6$/);
  await expect(requests.nth(1)).toHaveAttribute('aria-current', 'page');
  // The two requests differ only in the family asked for: the summary says so.
  await expect(page.getByTestId('request-summary')).toHaveText(
    `${main} — asking for IPv6 addresses only (AF_INET6, like curl -6)`,
  );
  // curl -6 asks only AAAA: the query reaches a CoreDNS replica (here the one on node-1) and the answer is NODATA.
  await submitTrace(page, '54-single-stack-service-ipv6-client', {
    query: '?mode=challenge&request=curl6',
    cards: [
      'Container(shop/frontend-1/app)',
      'Pod(shop/frontend-1)',
      'CNI(node-1)',
      'Node(node-1)',
      'Service(kube-system/kube-dns)',
      'kube-proxy(node-1)',
      'CNI(node-1)',
      'Pod(kube-system/coredns-1)',
    ],
    outcome: /^No address of that family \(NODATA\)/,
  });
  await expect(page.getByTestId('result-score')).toContainText('100%');
  await expect(page.getByTestId('try-again')).toHaveAttribute('href', /[?&]request=curl6(&|$)/);
  await page.getByTestId('try-again').click();
  await expect(
    page.getByRole('navigation', { name: "The scenario's requests" }).getByRole('link').nth(1),
  ).toHaveAttribute('aria-current', 'page');

  // A request the scenario does not have: a message that names the ones it has.
  await page.goto('/trace/54-single-stack-service-ipv6-client?request=curl4');
  await expect(page.getByTestId('player-error')).toContainText('no request "curl4"');
  await expect(page.getByTestId('player-error')).toContainText('"main", "curl6"');
  expect(await sidewaysOverflow(page), await widest(page)).toEqual([]);
});
