/**
 * Quiz journeys: a full timed exam (answer, flag, navigate, reload and resume, submit, review), an exam
 * whose time runs out, practice with immediate feedback, a mock interview with rubric ticking, the
 * guarantee that answers never reach the browser before submission, and refused bad input.
 */
import type { Locator, Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import { expect, loginViaApi, signInNew, startCustomExam, test, startMockInterview } from './fixtures';

/** Answers the question on screen, whatever its type, and waits for the "Saved" state. */
async function answerCurrent(page: Page): Promise<void> {
  const q = page.getByTestId('question');
  await expect(q.locator('input, textarea, button[aria-label^="Move"]').first()).toBeVisible();
  const radios = q.locator('input[type=radio]');
  const boxes = q.locator('input[type=checkbox]');
  const short = q.getByTestId('short-answer');
  const keep = q.getByRole('button', { name: 'Keep this order' });
  if (await radios.count()) await radios.first().check();
  else if (await boxes.count()) await boxes.first().check();
  else if (await short.count()) {
    await short.fill('30000-32767');
    await short.blur();
  } else if (await keep.count()) await keep.click();
  else
    await q
      .getByRole('button', { name: /Move .* down/ })
      .first()
      .click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

function attemptIdFromUrl(page: Page): string {
  const m = /\/quizzes\/([a-z0-9]+)/.exec(page.url());
  if (!m?.[1]) throw new Error(`no attempt id in ${page.url()}`);
  return m[1];
}

test.describe('timed exam', () => {
  test('answer, flag, navigate, reload and resume, submit, review', async ({ page, createUser }) => {
    await signInNew(page, createUser);
    await startCustomExam(page, { count: '5', minutes: '10' });
    await expect(page.getByTestId('countdown')).toContainText(/^.*(9:5\d|10:00)$/);

    await answerCurrent(page);
    await page.getByTestId('next').click();
    await answerCurrent(page);
    await page.getByTestId('flag').click();
    await expect(page.getByTestId('question')).toContainText('flagged');
    // Jump with the navigator to question 4 and answer it.
    await page
      .getByTestId('navigator')
      .getByRole('button', { name: /^Question 4/ })
      .click();
    await expect(page.getByTestId('question')).toContainText('Question 4 of 5');
    await answerCurrent(page);

    // Reload mid-way: the server resumes the attempt with the saved answers and the same clock.
    await page.reload();
    await expect(page.getByTestId('progress')).toHaveText('3 of 5 answered');
    await expect(
      page.getByTestId('navigator').getByRole('button', { name: /^Question 2, answered, flagged/ }),
    ).toBeVisible();
    await expect(page.getByTestId('countdown')).toContainText(/9:\d\d/);

    await page.getByTestId('open-submit').click();
    const dialog = page.getByTestId('submit-dialog');
    await expect(dialog.getByTestId('unanswered-list').getByRole('button')).toHaveText(['3', '5']);
    await expect(dialog.getByTestId('flagged-list').getByRole('button')).toHaveText(['2']);
    await dialog.getByTestId('confirm-submit').click();

    await expect(page).toHaveURL(/\/review$/);
    await expect(page.getByTestId('score')).toHaveText(/^\d+(\.\d+)? \/ 5$/);
    await expect(page.getByTestId('topic-breakdown').locator('tr')).not.toHaveCount(0);
    await expect(page.getByTestId('review-item')).toHaveCount(5);
    await expect(page.getByTestId('source-link').first()).toHaveAttribute('href', /^https:\/\//);
    await expect(page.getByTestId('correct-answer')).toHaveCount(5);

    // History lists it with its score, ready to review or retake.
    await page.goto('/quizzes');
    await expect(page.getByTestId('history-row').first()).toContainText('/ 5');
  });

  test('never sends answers, explanations or sources before submission', async ({ page, createUser, db }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    const bodies: string[] = [];
    page.on('response', async (res) => {
      const type = res.headers()['content-type'] ?? '';
      if (/text|json|x-component/.test(type)) bodies.push(await res.text().catch(() => ''));
    });
    await page.goto('/quizzes');
    await page.getByTestId('preset-quick-ten').getByRole('button').click();
    await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
    await answerCurrent(page);
    await page.getByTestId('next').click();
    await page.reload();
    await expect(page.getByTestId('question')).toBeVisible();
    bodies.push(await page.content());

    const rows = db
      .prepare(
        'SELECT v.content FROM "QuizItem" i JOIN "QuestionVersion" v ON v.id = i.questionVersionId WHERE i.attemptId = ?',
      )
      .all(attemptIdFromUrl(page)) as { content: string }[];
    expect(rows).toHaveLength(10);
    const everything = bodies.join('\n');
    for (const { content } of rows) {
      const q = JSON.parse(content) as { explanation: string; source: { url: string } };
      expect(everything).not.toContain(q.explanation.slice(0, 60));
      expect(everything).not.toContain(q.source.url);
    }
    expect(everything).not.toMatch(/"(explanation|modelAnswer|rubric|seedCorrection)"/);
  });

  test('an exam whose time runs out is finalised with the saved answers', async ({
    page,
    createUser,
    db,
  }) => {
    await signInNew(page, createUser);
    const id = await startCustomExam(page, { count: '5', minutes: '5' });
    await answerCurrent(page);

    // Move the server's deadline into the past instead of waiting five minutes.
    const past = new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00');
    db.prepare('UPDATE "QuizAttempt" SET deadline = ? WHERE id = ?').run(past, id);

    // A late answer is refused with a clear message and changes nothing.
    const late = await page.request.put(`/api/quiz/attempts/${id}/items/1`, {
      data: { response: { type: 'single', choice: 'a' } },
    });
    expect(late.status()).toBe(410);
    expect((await late.json()) as { error: string }).toEqual({
      error: expect.stringMatching(/Time is up/) as unknown as string,
    });

    await page.goto(`/quizzes/${id}`);
    await expect(page).toHaveURL(/\/review$/);
    await expect(page.getByTestId('finalised-by-deadline')).toBeVisible();
    await expect(page.getByTestId('score')).toHaveText(/ \/ 5$/);
    const saved = db
      .prepare('SELECT COUNT(*) AS n FROM "QuizItem" WHERE attemptId = ? AND response IS NOT NULL')
      .get(id) as { n: number };
    expect(saved.n).toBe(1);
    const attempt = db.prepare('SELECT status, finalisedBy FROM "QuizAttempt" WHERE id = ?').get(id) as {
      status: string;
      finalisedBy: string;
    };
    expect(attempt).toEqual({ status: 'SUBMITTED', finalisedBy: 'DEADLINE' });
  });
});

test('a failed save says so and retries until it lands', async ({ page, createUser, db }) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/quizzes');
  await page.getByTestId('preset-quick-ten').getByRole('button').click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  const id = attemptIdFromUrl(page);
  // The first save fails like a dropped connection, the second a 503; the third reaches the server.
  let failures = 0;
  await page.route('**/api/quiz/attempts/*/items/*', async (route) => {
    if (route.request().method() !== 'PUT' || failures >= 2) return route.fallback();
    failures += 1;
    return failures === 1 ? route.abort('internetdisconnected') : route.fulfill({ status: 503, body: '{}' });
  });
  const q = page.getByTestId('question');
  await expect(q.locator('input, textarea, button[aria-label^="Move"]').first()).toBeVisible();
  const radios = q.locator('input[type=radio]');
  if (await radios.count()) await radios.first().check();
  else if (await q.locator('input[type=checkbox]').count())
    await q.locator('input[type=checkbox]').first().check();
  else if (await q.getByTestId('short-answer').count()) await q.getByTestId('short-answer').fill('x');
  else await q.getByRole('button', { name: 'Keep this order' }).click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'retrying');
  await expect(page.getByTestId('save-state')).toContainText('Not saved yet');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  expect(failures).toBe(2);
  const saved = db
    .prepare('SELECT COUNT(*) AS n FROM "QuizItem" WHERE attemptId = ? AND revision > 0')
    .get(id) as { n: number };
  expect(saved.n).toBe(1);
});

test('practice gives immediate feedback with the explanation and source', async ({ page, createUser }) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/practice');
  const form = page.getByTestId('practice-start');
  await form
    .getByLabel(/Ingress/)
    .first()
    .check();
  await form.getByLabel('Questions').selectOption('5');
  await form.getByRole('button', { name: 'Start practice' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  await expect(page.getByTestId('countdown')).toHaveCount(0);
  await answerCurrent(page);
  await page.getByTestId('check-answer').click();
  const feedback = page.getByTestId('feedback');
  await expect(feedback.getByTestId('verdict')).toHaveText(/Correct|Not correct|Partly correct/);
  await expect(feedback.getByTestId('source-link')).toHaveAttribute('href', /^https:\/\//);
  await expect(page.getByTestId('check-answer')).toHaveCount(0);
});

test('mock interview: write, reveal the model answer, tick the rubric and rate', async ({
  page,
  createUser,
}) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await startMockInterview(page);
  await expect(page.getByTestId('reveal-model')).toBeDisabled();
  await page
    .getByTestId('interview-answer')
    .fill('Containers in a Pod share one network namespace, so they talk over localhost.');
  await page.getByTestId('reveal-model').click();
  await expect(page.getByTestId('feedback')).toContainText('Model answer');
  await expect(page.getByTestId('interview-answer')).toBeDisabled();
  const points = page.getByTestId('rubric-point');
  expect(await points.count()).toBeGreaterThanOrEqual(3);
  await points.nth(0).check();
  await points.nth(1).check();
  await page.getByLabel('3 · good').check();
  await page.getByTestId('save-rating').click();
  await expect(page.getByTestId('rating-status')).toHaveText(/Saved: you covered \d+% of the key points/);
});

test('bad input is refused with a message and changes nothing', async ({ page, createUser, db }) => {
  const owner = await createUser();
  await loginViaApi(page, owner);
  await page.goto('/quizzes');
  await page.getByTestId('preset-quick-ten').getByRole('button').click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  const id = attemptIdFromUrl(page);
  const put = (pos: number | string, data: unknown, headers?: Record<string, string>) =>
    page.request.put(`/api/quiz/attempts/${id}/items/${pos}`, {
      data: data as object,
      ...(headers ? { headers } : {}),
    });

  expect((await put(99, { response: { type: 'single', choice: 'a' } })).status()).toBe(404);
  const single = db
    .prepare(
      'SELECT i.position, v.content FROM "QuizItem" i JOIN "QuestionVersion" v ON v.id = i.questionVersionId WHERE i.attemptId = ?',
    )
    .all(id)
    .map((r) => r as { position: number; content: string })
    .find((r) => (JSON.parse(r.content) as { type: string }).type === 'single');
  if (single) {
    const res = await put(single.position, { response: { type: 'single', choice: 'zz' } });
    expect(res.status()).toBe(400);
    expect(await res.json()).toEqual({ error: 'Option "zz" does not exist in this question.' });
  }
  expect((await put(0, { response: { type: 'single', choice: 'a' }, deadline: '2099-01-01' })).status()).toBe(
    400,
  );
  expect((await put(0, 'not json', { 'content-type': 'text/plain' })).status()).toBe(415);
  const untouched = db
    .prepare('SELECT COUNT(*) AS n FROM "QuizItem" WHERE attemptId = ? AND revision > 0')
    .get(id) as { n: number };
  expect(untouched.n).toBe(0);
  const deadlineBefore = db.prepare('SELECT deadline FROM "QuizAttempt" WHERE id = ?').get(id);

  // Another user cannot see or write the attempt.
  const intruder = await createUser();
  await page.context().clearCookies();
  await loginViaApi(page, intruder);
  expect((await put(0, { response: { type: 'truefalse', value: true } })).status()).toBe(404);
  // A real 404 (no loading state above the attempt pages streams a 200 first), for the runner and the review.
  expect((await page.goto(`/quizzes/${id}`))?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  expect((await page.request.get(`/quizzes/${id}/review`)).status()).toBe(404);
  expect((await page.request.get('/quizzes/not-an-attempt-id')).status()).toBe(404);
  await expect(page.getByTestId('question')).toHaveCount(0);
  expect(db.prepare('SELECT deadline FROM "QuizAttempt" WHERE id = ?').get(id)).toEqual(deadlineBefore);

  // Signed out: 401, nothing saved.
  await page.context().clearCookies();
  expect((await put(0, { response: { type: 'truefalse', value: true } })).status()).toBe(401);
});

test.describe('ordering questions', () => {
  /** dnd-kit's keyboard sensor needs a moment between keys (STACK-NOTES §4). */
  const KEY_PAUSE = 200;

  /** Starts a practice round of every medium kube-proxy question and opens its ordering question. */
  async function openOrderingQuestion(
    page: Page,
    db: Database.Database,
  ): Promise<{ id: string; position: number }> {
    await page.goto('/practice');
    const form = page.getByTestId('practice-start');
    await form.getByLabel(/^kube-proxy/).check();
    await form.getByLabel('Medium').check();
    await form.getByLabel('Questions').selectOption('20');
    await form.getByRole('button', { name: 'Start practice' }).click();
    await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
    const id = attemptIdFromUrl(page);
    const row = db
      .prepare(
        'SELECT i.position, v.content FROM "QuizItem" i JOIN "QuestionVersion" v ON v.id = i.questionVersionId WHERE i.attemptId = ? ORDER BY i.position',
      )
      .all(id)
      .map((r) => r as { position: number; content: string })
      .find((r) => (JSON.parse(r.content) as { type: string }).type === 'ordering');
    if (!row) throw new Error('no ordering question in the practice round');
    await gotoQuestion(page, row.position);
    return { id, position: row.position };
  }

  async function gotoQuestion(page: Page, position: number): Promise<void> {
    await page
      .getByTestId('navigator')
      .getByRole('button', { name: new RegExp(`^Question ${position + 1},`) })
      .click();
    await expect(page.getByTestId('ordering-list')).toBeVisible();
  }

  const shownOrder = (page: Page): Promise<string[]> =>
    page
      .getByTestId('ordering-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));

  const savedOrder = (db: Database.Database, id: string, position: number): string[] | null => {
    const row = db
      .prepare('SELECT response FROM "QuizItem" WHERE attemptId = ? AND position = ?')
      .get(id, position) as { response: string | null };
    return row.response ? (JSON.parse(row.response) as { order: string[] }).order : null;
  };

  /**
   * Drags an item by its handle onto the slot of `to` with the mouse. dnd-kit compares the dragged item with
   * where the items were when the drag started, while the items slide aside (animated) as it passes: aim at
   * the target's place from before the drag, and keep the pointer there until the target stops moving.
   */
  async function dragWithMouse(page: Page, handle: Locator, to: Locator): Promise<void> {
    await handle.scrollIntoViewIfNeeded();
    const h = (await handle.boundingBox())!;
    const item = (await handle.locator('xpath=ancestor::li[1]').boundingBox())!;
    const slot = (await to.boundingBox())!;
    // Where the pointer must be for the dragged item's centre to sit on the slot's centre.
    const x = h.x + h.width / 2;
    const y = slot.y + slot.height / 2 + (h.y + h.height / 2 - (item.y + item.height / 2));
    await page.mouse.move(x, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(x + 6, h.y + h.height / 2 + 6, { steps: 3 });
    await page.mouse.move(x, y, { steps: 12 });
    let last = '';
    for (let i = 0; i < 20; i++) {
      const now = (await to.boundingBox())!;
      await page.mouse.move(x, y);
      const at = `${Math.round(now.x)},${Math.round(now.y)}`;
      if (at === last) break;
      last = at;
      await page.waitForTimeout(120);
    }
    await page.mouse.up();
  }

  test('reorders by mouse drag and by keyboard; each order is saved, survives a reload and is checked', async ({
    page,
    createUser,
    db,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    const { id, position } = await openOrderingQuestion(page, db);
    const items = page.getByTestId('ordering-item');
    const start = await shownOrder(page);
    expect(start.length).toBeGreaterThanOrEqual(3);
    // The order on screen is the one the server stored for this attempt (its shuffle), nothing else.
    const stored = db
      .prepare('SELECT optionOrder FROM "QuizItem" WHERE attemptId = ? AND position = ?')
      .get(id, position) as { optionOrder: string };
    expect(start).toEqual(JSON.parse(stored.optionOrder));
    await expect(page.getByTestId('ordering-position')).toHaveText(start.map((_, i) => `${i + 1}.`));
    const [a, b, c, ...rest] = start as [string, string, string, ...string[]];

    // Mouse: the first item's handle onto the third item's place.
    await dragWithMouse(page, items.nth(0).getByTestId('ordering-handle'), items.nth(2));
    const afterMouse = [b, c, a, ...rest];
    await expect.poll(() => shownOrder(page)).toEqual(afterMouse);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
    expect(savedOrder(db, id, position)).toEqual(afterMouse);
    const announcer = page.locator('[id^="DndLiveRegion"]');
    await expect(announcer).toContainText(`dropped at position 3 of ${start.length}`);

    // Keyboard: focus the (new) first item's handle, Space picks it up, ArrowDown, Space drops.
    const handle = items.nth(0).getByTestId('ordering-handle');
    await expect(handle).toHaveAccessibleName(/^Drag to reorder /);
    await handle.focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(announcer).toContainText(`at position 1 of ${start.length}`);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(KEY_PAUSE);
    await expect(announcer).toContainText(`is over position 2 of ${start.length}`);
    await page.keyboard.press('Space');
    await page.waitForTimeout(KEY_PAUSE);
    const afterKeys = [c, b, a, ...rest];
    await expect.poll(() => shownOrder(page)).toEqual(afterKeys);
    await expect(announcer).toContainText(`dropped at position 2 of ${start.length}`);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
    expect(savedOrder(db, id, position)).toEqual(afterKeys);
    // Focus goes back to the handle of the item that was moved.
    await expect(page.locator(':focus')).toHaveAccessibleName(new RegExp(`^Drag to reorder`));
    await expect(items.nth(1)).toHaveAttribute('data-item-id', b);

    // The saved order comes back after a reload.
    await page.reload();
    await gotoQuestion(page, position);
    expect(await shownOrder(page)).toEqual(afterKeys);

    // Checking the answer locks the list: no more dragging or moving.
    await page.getByTestId('check-answer').click();
    await expect(page.getByTestId('feedback').getByTestId('verdict')).toHaveText(
      /Correct|Not correct|Partly correct/,
    );
    for (const h of await page.getByTestId('ordering-handle').all()) await expect(h).toBeDisabled();
    await expect(page.getByRole('button', { name: /^Move .* down$/ }).first()).toBeDisabled();
    expect(savedOrder(db, id, position)).toEqual(afterKeys);
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

    test('press and hold on a handle drags by touch; a swipe over the list scrolls the page', async ({
      page,
      createUser,
      db,
    }) => {
      const user = await createUser();
      await loginViaApi(page, user);
      const { id, position } = await openOrderingQuestion(page, db);
      const items = page.getByTestId('ordering-item');
      const start = await shownOrder(page);
      // Nothing sticks out sideways on a 390 px screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      const cdp = await page.context().newCDPSession(page);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });

      // A quick swipe up over the items (handle and text alike) scrolls the page, it does not pick anything up.
      const scrollY = () => page.evaluate(() => window.scrollY);
      /** The scroll position once a fling from the previous swipe has come to rest. */
      const settled = async (): Promise<number> => {
        let prev = -1;
        for (;;) {
          const now = await scrollY();
          if (now === prev) return now;
          prev = now;
          await page.waitForTimeout(150);
        }
      };
      await items.nth(0).evaluate((el) => el.scrollIntoView({ block: 'center' }));
      for (const from of [items.nth(1).getByTestId('ordering-handle'), items.nth(1).locator('span').last()]) {
        const before = await settled();
        const box = (await from.boundingBox())!;
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        await touch('touchStart', x, y);
        for (let i = 1; i <= 8; i++) await touch('touchMove', x, y - i * 15);
        await touch('touchEnd');
        await expect.poll(scrollY).toBeGreaterThan(before);
        await settled();
        await page.evaluate((top) => window.scrollTo(0, top), before);
      }
      expect(await shownOrder(page)).toEqual(start);
      expect(savedOrder(db, id, position)).toBeNull();

      // Press and hold the last item's handle, then drag it onto the first item's place.
      const handle = items.nth(start.length - 1).getByTestId('ordering-handle');
      await items.nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => window.scrollBy(0, -90)); // below the runner's sticky header
      const h = (await handle.boundingBox())!;
      const slot = (await items.nth(0).boundingBox())!;
      const item = (await items.nth(start.length - 1).boundingBox())!;
      const x = h.x + h.width / 2;
      const y = slot.y + slot.height / 2 + (h.y + h.height / 2 - (item.y + item.height / 2));
      await touch('touchStart', x, h.y + h.height / 2);
      await page.waitForTimeout(350); // the touch sensor's activation delay (180 ms)
      for (let i = 1; i <= 10; i++) {
        await touch('touchMove', x, h.y + h.height / 2 + ((y - h.y - h.height / 2) * i) / 10);
        await page.waitForTimeout(20);
      }
      // The other items slide down while it passes: hold still until they stop moving, then lift.
      let last = '';
      for (let i = 0; i < 20; i++) {
        const now = (await items.nth(0).boundingBox())!;
        await touch('touchMove', x, y);
        const at = `${Math.round(now.x)},${Math.round(now.y)}`;
        if (at === last) break;
        last = at;
        await page.waitForTimeout(120);
      }
      await touch('touchEnd');
      const after = [start[start.length - 1]!, ...start.slice(0, -1)];
      await expect.poll(() => shownOrder(page)).toEqual(after);
      await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
      expect(savedOrder(db, id, position)).toEqual(after);
    });
  });
});
