/**
 * "Trace this request": the library, the player (mouse, keyboard-only and button-only path building), hints,
 * grading and the result with its replay, accessibility scans, and refusals of bad input at the grading
 * endpoint. Scenarios come from content/scenarios (seeded by e2e:server); the expected paths below are the
 * engine's, at each scenario's own level.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  addCards,
  expect,
  KEY_PAUSE,
  laneLabels,
  loginViaApi,
  openPlayer,
  paletteCard,
  signInNew,
  submitPath,
  test,
} from './fixtures';
import { E2E_BASE_URL } from './env';

// Several page loads per test, and the first open of a scenario compiles it: allow for a busy CI machine.
test.describe.configure({ timeout: 90_000 });

async function dragWithMouse(page: Page, from: Locator, to: Locator): Promise<void> {
  // Both ends must be on screen: the mouse only reaches what is in the viewport.
  await to.scrollIntoViewIfNeeded();
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('element not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await followUntilStill(page, to, (x, y) => page.mouse.move(x, y));
  await page.mouse.up();
}

/**
 * After a pointer drag, dnd-kit's pointer sensor keeps a capturing `click` listener on the document that
 * swallows clicks, and removes it with `setTimeout(…, 50)` (@dnd-kit/core AbstractPointerSensor.detach), so a
 * button clicked right after a drop can be lost on a busy machine. Wait until the page has run that cleanup:
 * a page timer of a longer delay set now runs after it, however late the page's timers fire.
 */
async function dragCleanedUp(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 60)));
}

/**
 * Lane items slide aside (animated) while a card passes over them, which can move the drop target under the
 * pointer or finger: keep moving to the target's centre until it stays put, then the caller drops.
 */
async function followUntilStill(
  page: Page,
  to: Locator,
  moveTo: (x: number, y: number) => Promise<unknown>,
): Promise<void> {
  let last = '';
  for (let i = 0; i < 20; i++) {
    const b = (await to.boundingBox())!;
    await moveTo(b.x + b.width / 2, b.y + b.height / 2);
    const at = `${Math.round(b.x)},${Math.round(b.y)}`;
    if (at === last) return;
    last = at;
    await page.waitForTimeout(120);
  }
}

async function expectResult(page: Page, score: string): Promise<void> {
  await page.waitForURL(/\/trace\/attempts\//);
  await expect(page.getByTestId('result-score')).toContainText(score);
  await expect(page.getByTestId('learner-path')).toBeVisible();
  await expect(page.getByTestId('expected-path')).toBeVisible();
  // Replay: step with the buttons and with the keyboard.
  const step = page.getByTestId('replay-step');
  await expect(step).toContainText('Hop 1 of');
  await page.getByTestId('replay-next').click();
  await expect(step).toContainText('Hop 2 of');
  const total = Number(/of (\d+)/.exec((await step.textContent()) ?? '')?.[1]);
  await page.getByTestId('replay-panel').focus();
  await page.keyboard.press('Home');
  await expect(step).toContainText('Hop 1 of');
  await page.keyboard.press('End');
  await expect(step).toContainText(`Hop ${total} of ${total}`);
  await page.keyboard.press('ArrowLeft');
  await expect(step).toContainText(`Hop ${total - 1} of`);
  await page.keyboard.press('ArrowRight');
  await expect(step).toContainText(`Hop ${total} of`);
  await expect(page.getByTestId('replay-packet-text')).toContainText('→');
  await expect(page.getByTestId('replay-packet')).toBeVisible();
}

test.describe('trace library', () => {
  test('lists the published scenarios with topic, difficulty, level and best score; filters and search', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await page.goto('/trace');
    const cards = page.getByTestId('scenario-card');
    expect(await cards.count()).toBeGreaterThanOrEqual(30);
    await expect(cards.first()).toContainText('Not tried');
    await expect(cards.first()).toContainText(/Easy|Medium|Hard/);
    await expect(cards.first()).toContainText(/Textbook|Coarse|Wire/);

    await page.getByLabel('Topic').selectOption('ingress');
    await expect(page).toHaveURL(/topic=ingress/);
    await expect(page.getByTestId('library-count')).toContainText('Showing');
    for (const c of await cards.all()) await expect(c).toContainText('Ingress');

    await page.getByRole('link', { name: 'Clear' }).click();
    await page.getByLabel('Search').fill('headless');
    await expect(page).toHaveURL(/q=headless/);
    await expect(cards.first()).toContainText(/Headless/i);

    await page.getByLabel('Search').fill('zzzz-no-such-scenario');
    await expect(page.getByTestId('library-no-match')).toBeVisible();
  });
});

test.describe('trace player', () => {
  test('builds a path with the mouse, submits it and sees the score, findings and replay', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await openPlayer(page, '03-pod-to-pod-same-node');
    const lane = page.getByTestId('answer-lane');
    for (const label of ['Container', 'Pod', 'CNI', 'Pod', 'Container']) {
      const before = await page.getByTestId('lane-item').count();
      await dragWithMouse(
        page,
        paletteCard(page, label).getByTestId('palette-grip'),
        before === 0 ? lane.getByTestId('lane-empty') : lane.getByTestId('lane-end'),
      );
      await expect(page.getByTestId('lane-item')).toHaveCount(before + 1);
    }
    expect(await laneLabels(page)).toEqual(['Container', 'Pod', 'CNI', 'Pod', 'Container']);
    // Reorder with the mouse: drag the third card onto the first, then put it back with the buttons.
    const announcer = page.locator('[id^="DndLiveRegion"]');
    await dragWithMouse(page, page.getByTestId('lane-grip').nth(2), page.getByTestId('lane-grip').nth(0));
    await expect(announcer).toContainText(/Dropped .*CNI.* at position 1 of 5/);
    await expect.poll(() => laneLabels(page)).toEqual(['CNI', 'Container', 'Pod', 'Pod', 'Container']);
    await dragCleanedUp(page);
    await page.getByTestId('move-down').nth(0).click();
    await expect.poll(() => laneLabels(page)).toEqual(['Container', 'CNI', 'Pod', 'Pod', 'Container']);
    await page.getByTestId('move-down').nth(1).click();
    await expect.poll(() => laneLabels(page)).toEqual(['Container', 'Pod', 'CNI', 'Pod', 'Container']);

    await page.getByTestId('submit-path').click();
    await expectResult(page, '100%');
    await expect(page.getByTestId('no-problems')).toBeVisible();
  });

  test('builds a path with the keyboard only, including the outcome, and hears where cards go', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await openPlayer(page, '02-same-pod-refused');
    const announcer = page.locator('[id^="DndLiveRegion"]');

    // Pick up the Pod card: it is over the end of the (empty) path at once; drop.
    await paletteCard(page, 'Pod(shop/frontend-1)').getByTestId('palette-grip').focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(announcer).toContainText('Picked up card Pod(shop/frontend-1)');
    await expect(announcer).toContainText('Over the end of your path');
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(page.getByTestId('lane-item')).toHaveCount(1);
    await expect(announcer).toContainText('hop 1 of 1');

    // The container goes before it: ArrowUp steps from the end onto hop 1 (insert before it).
    await paletteCard(page, 'Container(shop/frontend-1/web)').getByTestId('palette-grip').focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(announcer).toContainText('Over hop 1');
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    expect(await laneLabels(page)).toEqual(['Container(shop/frontend-1/web)', 'Pod(shop/frontend-1)']);

    // Reorder inside the path with the keyboard, then back.
    await page.getByTestId('lane-grip').nth(1).focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(KEY_PAUSE);
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    expect(await laneLabels(page)).toEqual(['Pod(shop/frontend-1)', 'Container(shop/frontend-1/web)']);
    await page.getByTestId('lane-grip').nth(0).focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(KEY_PAUSE);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(KEY_PAUSE);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(KEY_PAUSE);
    expect(await laneLabels(page)).toEqual(['Container(shop/frontend-1/web)', 'Pod(shop/frontend-1)']);

    // The outcome, by keyboard.
    await page.getByRole('radio', { name: /Connection refused/ }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByRole('radio', { name: /Connection refused/ })).toBeChecked();

    await page.getByTestId('submit-path').focus();
    await page.keyboard.press('Enter');
    await expectResult(page, '100%');
  });

  test('builds a path with the non-drag buttons only (add, move up, move down, remove)', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await openPlayer(page, '01-same-pod-localhost-sidecar');
    await page.getByRole('button', { name: 'Add Pod to the end of your path' }).click();
    await page.getByRole('button', { name: 'Add Service to the end of your path' }).click();
    await page.getByRole('button', { name: 'Add Container to the end of your path' }).click();
    await page.getByRole('button', { name: 'Add Container to the end of your path' }).click();
    await expect(page.getByTestId('player-announcer')).toContainText('Added Container as hop 4 of 4');
    expect(await laneLabels(page)).toEqual(['Pod', 'Service', 'Container', 'Container']);
    await page.getByRole('button', { name: 'Remove Service (hop 2)' }).click();
    await page.getByRole('button', { name: 'Move Container up (hop 2)' }).click();
    expect(await laneLabels(page)).toEqual(['Container', 'Pod', 'Container']);
    await page.getByRole('button', { name: 'Move Container down (hop 1)' }).click();
    expect(await laneLabels(page)).toEqual(['Pod', 'Container', 'Container']);
    await expect(page.getByTestId('player-announcer')).toContainText('Moved Container to hop 2 of 3');
    await page.getByRole('button', { name: 'Move Container up (hop 2)' }).click();
    expect(await laneLabels(page)).toEqual(['Container', 'Pod', 'Container']);

    // Learning mode: the free check marks every card.
    await page.getByTestId('check-path').click();
    await expect(page.getByTestId('check-summary')).toContainText('matches a valid path');

    await page.getByTestId('submit-path').click();
    await expectResult(page, '100%');
  });

  test('a hint costs what it says', async ({ page, createUser, db }) => {
    await signInNew(page, createUser);
    const sessionId = await openPlayer(page, '07-clusterip-short-name');
    const hintButton = page.getByTestId('hint-next');
    await expect(hintButton).toHaveText('Reveal the next hop (−15 points)');
    await hintButton.click();
    const hint = page.getByTestId('hint').first();
    await expect(hint).toContainText('−15 points');
    await expect(hint).toContainText('Next hop: Container');
    await expect(page.getByTestId('hint-ledger')).toContainText('1 hint taken: −15 points');
    const row = db.prepare('SELECT hintsUsed, penalty FROM "TraceSession" WHERE id = ?').get(sessionId) as {
      hintsUsed: number;
      penalty: number;
    };
    expect(row).toEqual({ hintsUsed: 1, penalty: 0.15 });

    await hint.getByRole('button', { name: 'Add Container at position 1' }).click();
    await addCards(page, ['Pod', 'Service', 'kube-proxy', 'Pod', 'Container']);
    await page.getByTestId('submit-path').click();
    await expectResult(page, '85%');
    await expect(page.getByTestId('hint-penalty')).toContainText('−15 points (grader score 100%)');
  });

  test('challenge mode has no checks or hints and grades a wrong path with findings', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await openPlayer(page, '07-clusterip-short-name', '?mode=challenge');
    await expect(page.getByTestId('hint-next')).toHaveCount(0);
    await expect(page.getByTestId('check-path')).toHaveCount(0);
    await addCards(page, ['Container', 'Pod', 'Service', 'Pod', 'Container']);
    await submitPath(page);
    await expect(page.getByTestId('result-score')).not.toContainText('100%');
    await expect(page.getByTestId('findings').getByTestId('finding').first()).toBeVisible();
    await expect(page.getByTestId('findings')).toContainText('kube-proxy');
  });
});

test.describe('trace player on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('builds a path by touch (press and hold, then drag), with the diagram above the path', async ({
    page,
    createUser,
  }) => {
    await signInNew(page, createUser);
    await openPlayer(page, '01-same-pod-localhost-sidecar');
    const diagramBox = await page.getByTestId('cluster-diagram').boundingBox();
    const laneBox = await page.getByTestId('answer-lane').boundingBox();
    expect(diagramBox!.y + diagramBox!.height).toBeLessThan(laneBox!.y);

    const cdp = await page.context().newCDPSession(page);
    const touchDrag = async (from: Locator, to: Locator) => {
      // Put the drop target near the top so both ends (and the auto-scroll) stay on screen.
      await to.evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -72);
      });
      const a = (await from.boundingBox())!;
      const ax = a.x + a.width / 2;
      const ay = a.y + a.height / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: ax, y: ay }] });
      await page.waitForTimeout(350); // press and hold: the touch sensor's activation delay
      // Move towards where the target is now (dnd-kit auto-scrolls near the edges, so it can move).
      let x = ax;
      let y = ay;
      for (let i = 10; i >= 1; i--) {
        const b = (await to.boundingBox())!;
        x += (b.x + b.width / 2 - x) / i;
        y += (b.y + b.height / 2 - y) / i;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
        await page.waitForTimeout(20);
      }
      await followUntilStill(page, to, (x, y) =>
        cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] }),
      );
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    await touchDrag(
      paletteCard(page, 'Container').getByTestId('palette-grip'),
      page.getByTestId('lane-empty'),
    );
    await expect(page.getByTestId('lane-item')).toHaveCount(1);
    await touchDrag(paletteCard(page, 'Pod').getByTestId('palette-grip'), page.getByTestId('lane-end'));
    await expect(page.getByTestId('lane-item')).toHaveCount(2);
    expect(await laneLabels(page)).toEqual(['Container', 'Pod']);
  });
});

test.describe('trace accessibility', () => {
  test('the library, the player and the result have no serious or critical axe violations', async ({
    page,
    createUser,
  }) => {
    test.setTimeout(240_000);
    await signInNew(page, createUser);
    const scan = async (name: string) => {
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map(
          (v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
    };
    for (const dark of [false, true]) {
      await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
      await page.goto('/trace');
      await scan(`library${dark ? ' (dark)' : ''}`);
      await openPlayer(page, '14-end-to-end-myapp-login');
      await page.getByRole('button', { name: 'Add Client(browser) to the end of your path' }).click();
      await scan(`player${dark ? ' (dark)' : ''}`);
      await openPlayer(page, '01-same-pod-localhost-sidecar');
      await addCards(page, ['Container', 'Pod', 'Service']);
      await submitPath(page);
      await expect(page.getByTestId('replay')).toBeVisible();
      await scan(`result${dark ? ' (dark)' : ''}`);
    }
  });
});

test.describe('grading endpoint refuses bad input and stores nothing', () => {
  test('unknown cards, unpublished scenarios, replayed and forged submissions get a 4xx', async ({
    page,
    createUser,
    db,
    browser,
  }) => {
    await signInNew(page, createUser);
    const attempts = (sessionId: string) =>
      (
        db.prepare('SELECT COUNT(*) AS n FROM "TraceAttempt" WHERE sessionId = ?').get(sessionId) as {
          n: number;
        }
      ).n;
    const submit = (sessionId: string, body: unknown) =>
      page.request.post(`/api/trace/sessions/${sessionId}/submit`, { data: body });

    const s1 = await openPlayer(page, '01-same-pod-localhost-sidecar');
    // Cards that are not in the scenario.
    let res = await submit(s1, { cards: ['Container', 'Pod@pod/evil/x', 'Container'] });
    expect(res.status()).toBe(400);
    // Malformed: extra fields, an unknown outcome, not JSON.
    expect((await submit(s1, { cards: ['Container'], score: 1 })).status()).toBe(400);
    expect((await submit(s1, { cards: ['Container'], disposition: 'MAYBE' })).status()).toBe(400);
    expect(
      (
        await page.request.post(`/api/trace/sessions/${s1}/submit`, {
          headers: { 'content-type': 'text/plain' },
          data: 'cards=Container',
        })
      ).status(),
    ).toBe(415);
    expect(attempts(s1)).toBe(0);

    // A valid submission, then the same again (replay).
    res = await submit(s1, { cards: ['Container', 'Pod', 'Container'] });
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { score: number; attemptId: string };
    expect(body.score).toBe(1);
    res = await submit(s1, { cards: ['Container', 'Pod', 'Container'] });
    expect(res.status()).toBe(409);
    expect(attempts(s1)).toBe(1);

    // Forged: another learner's session, and a session id that does not exist.
    const s2 = await openPlayer(page, '01-same-pod-localhost-sidecar');
    const other = await createUser();
    const ctx = await browser.newContext({ baseURL: E2E_BASE_URL });
    const otherPage = await ctx.newPage();
    await loginViaApi(otherPage, other);
    const forged = await otherPage.request.post(`/api/trace/sessions/${s2}/submit`, {
      data: { cards: ['Container', 'Pod', 'Container'] },
    });
    expect(forged.status()).toBe(404);
    expect((await submit('doesnotexist123', { cards: ['Container'] })).status()).toBe(404);
    // Nor can the other learner read the first one's result.
    expect((await otherPage.goto(`/trace/attempts/${body.attemptId}`))?.status()).toBe(404);
    await ctx.close();
    expect(attempts(s2)).toBe(0);

    // Not signed in.
    const anon = await browser.newContext({ baseURL: E2E_BASE_URL });
    expect(
      (
        await anon.request.post(`/api/trace/sessions/${s2}/submit`, { data: { cards: ['Container'] } })
      ).status(),
    ).toBe(401);
    await anon.close();

    // A scenario that is no longer published: no new player, and no grading of an open session.
    const s3 = await openPlayer(page, '37-api-gateway-stage-prefix-404');
    db.prepare('UPDATE "Scenario" SET status = ? WHERE id = ?').run(
      'RETIRED',
      '37-api-gateway-stage-prefix-404',
    );
    try {
      expect((await submit(s3, { cards: ['Client'] })).status()).toBe(410);
      expect(attempts(s3)).toBe(0);
      expect((await page.goto('/trace/37-api-gateway-stage-prefix-404'))?.status()).toBe(404);
      await expect(page.getByTestId('scenario-not-found')).toBeVisible();
    } finally {
      db.prepare('UPDATE "Scenario" SET status = ? WHERE id = ?').run(
        'PUBLISHED',
        '37-api-gateway-stage-prefix-404',
      );
    }
  });
});
