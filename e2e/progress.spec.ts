/**
 * Progress and the review queue. Time moves through the injectable clock (lib/server/clock.ts): the e2e server runs
 * with PACKETPATH_TEST_CLOCK=1 and each test sets a cookie signed with the server's NEXTAUTH_SECRET, so
 * "the next day" takes no waiting.
 */
import { createHmac } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, loginViaApi, sidewaysOverflow } from './fixtures';
import { E2E_BASE_URL, E2E_ENV, E2E_LEARNER } from './env';

const DAY = 86_400_000;

/** Move this browser's server clock `days` ahead (same token format as lib/server/clock.ts signTestClock). */
async function advanceClock(context: BrowserContext, days: number): Promise<void> {
  const offset = Math.round(days * DAY);
  const mac = createHmac('sha256', E2E_ENV.NEXTAUTH_SECRET!)
    .update(`test-clock:${offset}`)
    .digest('base64url');
  await context.addCookies([{ name: 'pp-test-clock', value: `${offset}.${mac}`, url: E2E_BASE_URL }]);
}

/** Trace 07-clusterip-short-name in challenge mode without the kube-proxy hop (the non-drag buttons). */
async function missAHop(page: Page): Promise<void> {
  await page.goto('/trace/07-clusterip-short-name?mode=challenge');
  await expect(page.getByTestId('trace-player')).toBeVisible();
  for (const label of ['Container', 'Pod', 'Service', 'Pod', 'Container'])
    await page.getByRole('button', { name: `Add ${label} to the end of your path` }).click();
  await page.getByTestId('submit-path').click();
  await page.waitForURL(/\/trace\/attempts\//);
  await expect(page.getByTestId('result-score')).not.toContainText('100%');
}

test.describe('progress and review queue', () => {
  test('a missed hop shows on the progress page, is due the next day, is reviewed and rescheduled', async ({
    page,
    context,
    createUser,
    db,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    await missAHop(page);

    // Today: the attempt is in the history and the hop is queued, but not due yet.
    await page.goto('/progress');
    await expect(page.getByTestId('attempts-table')).toContainText(
      'Pod → ClusterIP Service by short DNS name',
    );
    await expect(page.getByTestId('review-hop-count')).not.toHaveText('0');
    await expect(page.getByTestId('review-due-count')).toHaveText('0');
    await expect(page.getByTestId('mastery-table')).toContainText('Services');
    const items = db
      .prepare('SELECT id, kind, key, due, reps FROM "ReviewItem" WHERE userId = ?')
      .all(user.id) as { id: string; kind: string; key: string; reps: number }[];
    expect(items.some((i) => i.kind === 'SCENARIO_HOP' && i.key.startsWith('07-clusterip-short-name:'))).toBe(
      true,
    );

    // Tomorrow: due on the home page and the progress page.
    await advanceClock(context, 1);
    await page.goto('/');
    await expect(page.getByTestId('home-due-today')).toContainText(/\d+ review items? due today/);
    await page.goto('/progress');
    await expect(page.getByTestId('review-due-count')).not.toHaveText('0');
    await page.getByTestId('review-now').click();
    await page.waitForURL('**/progress/review');
    await expect(page.getByTestId('review-card').or(page.getByTestId('review-done'))).toBeVisible();

    // Review every due item; the hop item is answered right.
    let sawHop = false;
    for (let i = 0; i < 10; i++) {
      const card = page.getByTestId('review-card');
      if ((await card.count()) === 0) break;
      const kind = await card.getAttribute('data-kind');
      const itemId = await card.getAttribute('data-item-id');
      if (kind === 'SCENARIO_HOP') {
        sawHop = true;
        await expect(page.getByTestId('hop-prompt')).toBeVisible();
        const kp = card.getByRole('radio', { name: /kube-proxy/ });
        if ((await kp.count()) > 0) await kp.first().check();
        else await card.getByRole('radio').first().check();
      } else if (kind === 'QUESTION') {
        await card.getByRole('radio').first().check();
      }
      // Keyboard: Space checks (or shows the point), then 3 rates Good (the buttons say so on "?").
      await page.keyboard.press(' ');
      await expect(page.getByTestId('rating-buttons')).toBeVisible();
      // The buttons say what FSRS would do.
      await expect(page.getByTestId('rate-good')).toContainText(/day|week|month/);
      if (i === 0) {
        await page.keyboard.press('?');
        await expect(page.getByTestId('shortcut-help')).toContainText('Rate Good');
        await page.keyboard.press('Escape');
      }
      await page.keyboard.press('3');
      await expect(page.getByTestId('review-last')).toContainText('Rated Good: next review');
      // The server renders the next due item (or "done") in place of this one.
      await expect(page.locator(`[data-item-id="${itemId}"]`)).toHaveCount(0);
      await expect(page.getByTestId('review-card').or(page.getByTestId('review-done'))).toBeVisible();
    }
    expect(sawHop).toBe(true);
    await expect(page.getByTestId('review-done')).toContainText('All done for today');

    // Rescheduled: nothing due, next review later, one log per item.
    const after = db
      .prepare('SELECT id, due, reps, lastReview FROM "ReviewItem" WHERE userId = ?')
      .all(user.id) as { id: string; due: string; reps: number; lastReview: string }[];
    for (const i of after) {
      expect(i.reps).toBe(1);
      expect(Date.parse(i.due)).toBeGreaterThan(Date.now() + 1.5 * DAY);
      const logs = db.prepare('SELECT rating FROM "ReviewLog" WHERE reviewItemId = ?').all(i.id) as {
        rating: number;
      }[];
      expect(logs).toEqual([{ rating: 3 }]);
    }
    await page.goto('/progress');
    await expect(page.getByTestId('review-due-count')).toHaveText('0');
    await expect(page.getByTestId('review-summary')).toContainText(/Next item due in \d+ days/);
  });

  test("another learner's progress and review items are never visible", async ({
    page,
    browser,
    createUser,
    db,
  }) => {
    const owner = await createUser();
    await loginViaApi(page, owner);
    await missAHop(page);
    await page.goto('/progress');
    await expect(page.getByTestId('attempts-table')).toBeVisible();

    const other = await createUser();
    const ctx2 = await browser.newContext({ baseURL: E2E_BASE_URL });
    await advanceClock(ctx2, 1);
    const page2 = await ctx2.newPage();
    await loginViaApi(page2, other);
    await page2.goto('/progress');
    await expect(page2.getByTestId('progress-empty')).toBeVisible();
    await expect(page2.locator('main')).not.toContainText('Pod → ClusterIP Service by short DNS name');
    await page2.goto('/progress/review');
    await expect(page2.getByTestId('review-done')).toContainText('Your review queue is empty');
    // The owner's attempt review is not reachable either.
    const attempt = db.prepare('SELECT id FROM "TraceAttempt" WHERE userId = ?').get(owner.id) as {
      id: string;
    };
    await page2.goto(`/trace/attempts/${attempt.id}`);
    await expect(page2.locator('main')).not.toContainText('Pod → ClusterIP Service by short DNS name');
    await ctx2.close();
  });

  test('a new learner sees what to do first; streaks stay off until they opt in', async ({
    page,
    createUser,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    await page.goto('/progress');
    await expect(page.getByTestId('progress-empty')).toContainText('Take a practice round');
    await expect(page.getByTestId('streak')).toHaveCount(0);
    await page.getByTestId('streak-toggle').click();
    await expect(page.getByTestId('streak')).toContainText('0 days in a row');
    await page.getByTestId('streak-toggle').click();
    await expect(page.getByTestId('streak')).toHaveCount(0);
    await page.goto('/');
    await expect(page.getByTestId('home-due-today')).toContainText('Nothing due for review today');
  });

  test.describe('on a 390 px phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

    test('the history is a stacked list and nothing on the page scrolls sideways', async ({ page }) => {
      await loginViaApi(page, E2E_LEARNER);
      await page.goto('/progress');
      const list = page.getByTestId('attempts-list');
      await expect(list).toBeVisible();
      await expect(page.getByTestId('attempts-table')).toBeHidden();
      expect(await list.getByRole('listitem').count()).toBeGreaterThanOrEqual(10);
      const first = list.getByRole('listitem').first();
      await expect(first.getByRole('link', { name: /^Open review/ })).toBeVisible();
      await expect(first).toContainText(/\d+%|—/);
      // Neither the page nor any box on it (the mastery and history tables' scroll boxes included) is wider
      // than what it shows.
      expect(await sidewaysOverflow(page)).toEqual([]);
    });
  });

  test('the demo learner sees mastery, history and misconceptions, as charts and as tables, without serious axe violations', async ({
    page,
  }) => {
    await loginViaApi(page, E2E_LEARNER);
    await page.goto('/progress');
    await expect(page.getByTestId('mastery-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
    expect(await page.getByTestId('mastery-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(8);
    await expect(page.getByTestId('history-chart').locator('.recharts-line').first()).toBeVisible();
    expect(await page.getByTestId('attempts-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
    await expect(page.getByTestId('misconception').first()).toContainText(/time/);
    await expect(page.getByTestId('misconceptions')).toContainText('after the ingress controller');
    await expect(
      page
        .getByTestId('misconception')
        .first()
        .getByRole('link', { name: /Practise it/ }),
    ).toBeVisible();
    // Charts are hidden from screen readers; the tables carry the numbers.
    await expect(page.getByTestId('mastery-chart')).toHaveAttribute('aria-hidden', 'true');
    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      ),
    ).toEqual([]);
  });
});
