/**
 * Issue 16, "the engine in every review": the result replays the learner's own path next to the valid one,
 * with the hop the packet could not have made marked on its box and the rule that says why.
 * Scenarios come from content/scenarios (seeded by e2e:server).
 */
import type { Page } from '@playwright/test';
import { addCards, expect, signInNew, submitPath, submitTrace, test } from './fixtures';

test.describe.configure({ timeout: 90_000 });

/** Scenario 10's NLB has IP targets (R5.3): this path wrongly sends the packet through the Service. */
const WRONG_NLB_PATH = [
  'Client(browser)',
  'Cloud LB(shop/frontend-lb)',
  'Service(shop/frontend-lb)',
  'Pod(shop/frontend-1)',
  'Container(shop/frontend-1/web)',
];

test.describe('replay your own path', () => {
  test('a wrong path is replayed hop by hop with the impossible hop marked on its box and its rule', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    // The NLB has IP targets: no Service/kube-proxy leg. The learner puts the Service on the path anyway.
    await submitTrace(page, '10-loadbalancer-ip-targets', {
      query: '?mode=challenge',
      cards: WRONG_NLB_PATH,
    });
    await expect(page.getByTestId('result-score')).not.toContainText('100%');

    // Switch the replay to "Your path" with the keyboard (radio group: arrows move the choice).
    await page.getByTestId('replay-who-valid').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('replay-who-mine')).toHaveAttribute('aria-checked', 'true');
    const step = page.getByTestId('replay-step');
    await expect(step).toContainText('Your hop 1 of 5');
    await expect(page.getByTestId('replay-verdict')).toContainText('The packet passes here');

    // Step to hop 3 with the replay panel's arrow keys.
    await page.getByTestId('replay-panel').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(step).toContainText('Your hop 3 of 5');
    const frame = page.getByTestId('replay-frame');
    await expect(frame).toHaveAttribute('data-status', 'impossible');
    await expect(page.getByTestId('replay-verdict')).toContainText('The packet could not have gone here');
    await expect(page.getByTestId('replay-rule')).toHaveText('R5.3');
    await expect(page.getByTestId('replay-verdict')).toContainText('IP targets');
    // Where the packet really is at that point: on the Pod's node, straight from the LB (no Service leg).
    await expect(page.getByTestId('replay-valid-here')).toContainText('Node(ip-10-0-1-10.ec2.internal)');
    // On the map: the Service box is marked and the packet marker sits on it in the danger colour.
    const svc = page.locator('[data-box-id="service/shop/frontend-lb"]');
    await expect(svc.getByTestId('diagram-impossible')).toBeVisible();
    await expect(svc.getByTestId('replay-packet')).toContainText('3');
    // The hop list marks the impossible hop for everyone (text, not only colour).
    await expect(
      page.getByRole('list', { name: 'Hops of your path' }).getByRole('button').nth(2),
    ).toContainText('impossible');

    // A right hop shows the real packet the engine computed there.
    await page.keyboard.press('ArrowRight');
    await expect(frame).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('replay-packet-text')).toContainText('10.0.1.87:8080');

    // Back to the valid path: no impossible marks on the map.
    await page.getByTestId('replay-who-valid').click();
    await expect(step).toContainText('Hop 1 of');
    await expect(page.getByTestId('diagram-impossible')).toHaveCount(0);
  });
});

test.describe('what if', () => {
  test('a switch re-traces in the browser, changes the outcome and the diff shows what changed', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await submitTrace(page, '24-etp-local-no-local-endpoint', {
      query: '?mode=challenge',
      cards: ['Client(browser)', 'Node(node-2)', 'Service(shop/frontend)', 'kube-proxy(node-2)'],
      outcome: /Dropped/,
    });

    const whatIf = page.getByTestId('what-if');
    await expect(whatIf).toBeVisible();
    // Only switches that matter here: no CNI or NetworkPolicy switch for a packet dropped at the entry node.
    const etp = whatIf.locator('[data-switch="externalTrafficPolicy:shop/frontend=Cluster"]');
    await expect(etp).toContainText('externalTrafficPolicy of shop/frontend: Local → Cluster');
    await expect(whatIf.locator('[data-switch^="cniMode"]')).toHaveCount(0);
    // Keyboard: Tab to the switch and press it.
    await etp.focus();
    await page.keyboard.press('Enter');
    await expect(etp).toHaveAttribute('aria-pressed', 'true');
    const diff = page.getByTestId('what-if-diff');
    await expect(diff).toContainText('the outcome changes');
    const outcome = page.getByTestId('what-if-outcome');
    await expect(outcome).toHaveAttribute('data-changed', 'true');
    await expect(outcome.locator('del')).toHaveText('Dropped (times out)');
    await expect(outcome.locator('ins')).toHaveText('Delivered');
    await expect(page.getByTestId('what-if-endpoints')).toHaveAttribute('data-changed', 'true');
    await expect(page.getByTestId('what-if-endpoints').locator('ins')).toContainText('shop/frontend-');
    // Cluster policy SNATs (R4.3): the Pod sees a node-side address.
    await expect(page.getByTestId('what-if-source')).toHaveAttribute('data-changed', 'true');
    await expect(page.getByTestId('what-if-rules')).toContainText('R4.3');
    await expect(page.getByTestId('what-if-hops').locator('[data-op="added"]').first()).toBeVisible();

    // Switching it off again hides the diff.
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('what-if-diff')).toHaveCount(0);
  });
});

test.describe('practise again on a fresh variant', () => {
  test('"practise this again" serves a variant with other names, and its grading works', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await submitTrace(page, '10-loadbalancer-ip-targets', {
      query: '?mode=challenge',
      cards: ['Client(browser)', 'Cloud LB(shop/frontend-lb)', 'Pod(shop/frontend-1)'],
    });

    await page.getByTestId('practise-again').click();
    await page.waitForURL(/\/trace\/10-loadbalancer-ip-targets\?mode=challenge&variant=[a-z0-9]+$/);
    await expect(page.getByTestId('variant-badge')).toBeVisible();
    const seed = new URL(page.url()).searchParams.get('variant')!;
    const labels = await page
      .getByTestId('palette-card')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-card-label') ?? ''));
    // Other names: the namespace and the LB's Service are renamed everywhere.
    expect(labels.some((l) => l.includes('shop/'))).toBe(false);
    expect(labels.some((l) => l.includes('frontend-lb'))).toBe(false);
    // The lesson is the same (R5.3: an IP-target LB sends straight to a Pod IP), so the learner reads the new
    // names off the cards: the client, the cloud LB, a Pod behind it and its container.
    const lb = labels.find((l) => l.startsWith('Cloud LB('))!;
    const pod = labels.find((l) => /^Pod\([a-z-]+\/frontend-1\)$/.test(l))!;
    const container = labels.find((l) => /^Container\([a-z-]+\/frontend-1\/web\)$/.test(l))!;
    expect([lb, pod, container].every(Boolean)).toBe(true);
    await addCards(page, ['Client(browser)', lb, pod, container]);
    await expect(page.getByTestId('draft-status')).toHaveAttribute('data-state', 'saved');

    // A reload keeps the same variant (the seed is in the URL; the draft is restored).
    await page.reload();
    await expect(page.getByTestId('variant-badge')).toHaveAttribute('data-seed', seed);
    await expect(page.getByTestId('lane-item')).toHaveCount(4);

    await submitPath(page);
    await expect(page.getByTestId('result-score')).toContainText('100%');
    await expect(page.getByTestId('no-problems')).toBeVisible();
    await expect(page.getByTestId('result-variant')).toContainText('shop →');
  });

  test('endless practice on a topic opens a fresh variant of one of its scenarios', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await page.goto('/trace?topic=network-policy');
    const link = page.getByTestId('endless-topic').first();
    await expect(link).toBeVisible();
    await link.click();
    await page.waitForURL(/\/trace\/[a-z0-9-]+\?mode=challenge&variant=[a-z0-9]+$/);
    await expect(page.getByTestId('variant-badge')).toBeVisible();
    await expect(page.getByTestId('trace-player')).toHaveAttribute('data-mode', 'challenge');
  });
});

test.describe('cram mode', () => {
  test('"my interview is tomorrow": studies ahead, serves a miss again within the session on a fresh variant, and says what is left', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    // A wrong trace today: its missed hops are scheduled for tomorrow, so nothing is due now.
    await submitTrace(page, '10-loadbalancer-ip-targets', {
      query: '?mode=challenge',
      cards: WRONG_NLB_PATH,
    });
    await page.goto('/progress');
    await expect(page.getByTestId('review-due-count')).toHaveText('0');

    // Cram until tomorrow (the default day), with the keyboard.
    await expect(page.getByTestId('cram-day')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
    // Visible first: while the page streams in, its content sits in a hidden container, where focus() does nothing.
    await expect(page.getByTestId('cram-on')).toBeVisible();
    await page.getByTestId('cram-on').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cram-left')).toContainText(/\d+ items? left: \d+ not reviewed yet/);

    await page.getByTestId('cram-review').click();
    await page.waitForURL(/\/progress\/review$/);
    await expect(page.getByTestId('review-cram')).toBeVisible();
    const card = page.getByTestId('review-card');
    await expect(card).toBeVisible();
    // Miss the first item on purpose: Again (back in 1 minute).
    const missed = await card.getAttribute('data-item-id');
    await expect(page.getByTestId('hop-variant')).toHaveCount(0);
    await answerAnything(page);
    await expect(page.getByTestId('rate-again')).toContainText('1 min');
    await page.getByTestId('rate-again').click();
    await expect(page.getByTestId('review-last')).toContainText('in a few minutes');
    // The rating is saved before the next card is rendered: wait for it, so the next answer goes to the next card.
    await expect(card.and(page.locator(`[data-item-id="${missed}"][data-reps="0"]`))).toHaveCount(0);

    // Within the same session: the rest gets Good, and the miss comes back, on a fresh variant.
    for (let i = 0; i < 10; i++) {
      await expect(card.or(page.getByTestId('review-done'))).toBeVisible();
      if ((await card.count()) === 0) break;
      if (
        (await card.getAttribute('data-item-id')) === missed &&
        (await card.getAttribute('data-reps')) === '1'
      )
        break;
      const before = `${await card.getAttribute('data-item-id')}:${await card.getAttribute('data-reps')}`;
      await answerAnything(page);
      await page.getByTestId('rate-good').click();
      await expect
        .poll(
          async () => `${await card.getAttribute('data-item-id')}:${await card.getAttribute('data-reps')}`,
        )
        .not.toBe(before);
    }
    await expect(card).toHaveAttribute('data-item-id', missed!);
    await expect(card).toHaveAttribute('data-reps', '1');
    await expect(page.getByTestId('hop-variant')).toContainText('other names');

    // The progress page says what is left.
    await page.goto('/progress');
    await expect(page.getByTestId('cram-left')).toContainText('missed and coming back in minutes');
    await page.getByTestId('cram-off').click();
    await expect(page.getByTestId('cram-left')).toHaveCount(0);
  });
});

/** Answer the review card in front of us with its first option (or reveal a point), then check. */
async function answerAnything(page: Page): Promise<void> {
  const card = page.getByTestId('review-card');
  const kind = await card.getAttribute('data-kind');
  if (kind !== 'INTERVIEW_POINT') await card.getByRole('radio').first().check();
  await page.getByTestId('review-check').click();
  await expect(page.getByTestId('rating-buttons')).toBeVisible();
}
