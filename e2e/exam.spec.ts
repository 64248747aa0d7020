/**
 * Exam experience: keyboard shortcuts with their "?" sheet (and none while typing), the 5-minute and
 * 1-minute notices (visible, in live regions, time in the tab title) with the server clock moved by the test
 * clock (lib/server/clock.ts), resuming at the question last viewed after a reload and on another device (and
 * its PATCH { viewed: true } refusing a malformed body with 400, nothing stored), custom
 * exams named by their topics, and the mock-interview review showing what the candidate wrote.
 */
import { createHmac } from 'node:crypto';
import type { BrowserContext, Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import { expect, loginViaApi, startCustomExam, test, startMockInterview } from './fixtures';
import { E2E_BASE_URL, E2E_ENV } from './env';

/** Move this browser's server clock forward by `ms` (token format of lib/server/clock.ts signTestClock). */
async function moveClock(context: BrowserContext, ms: number): Promise<void> {
  const offset = Math.trunc(ms);
  const mac = createHmac('sha256', E2E_ENV.NEXTAUTH_SECRET as string)
    .update(`test-clock:${offset}`)
    .digest('base64url');
  await context.addCookies([{ name: 'pp-test-clock', value: `${offset}.${mac}`, url: E2E_BASE_URL }]);
}

/** Move the server clock so that the attempt has `leftMs` left (computed from its stored deadline). */
async function leaveOnClock(context: BrowserContext, db: Database.Database, id: string, leftMs: number) {
  const row = db.prepare('SELECT deadline FROM "QuizAttempt" WHERE id = ?').get(id) as { deadline: string };
  await moveClock(context, Date.parse(row.deadline) - Date.now() - leftMs);
}

const heading = (page: Page) => page.getByTestId('question').getByRole('heading', { level: 2 }).first();

test.describe('exam keyboard and resume', () => {
  test('N, P, F, 1–9 and ? work; the exam resumes at the question last viewed, after a reload and on another device', async ({
    page,
    browser,
    createUser,
    db,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    const id = await startCustomExam(page, {
      count: '10',
      minutes: '30',
      topics: ['Cluster DNS', 'Services (ClusterIP, headless, ExternalName)'],
    });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Timed exam · Services, DNS');
    await expect(heading(page)).toHaveText('Question 1 of 10');

    // The help sheet opens with "?" and closes with Escape.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect(help).toBeVisible();
    await expect(help).toContainText('Next question');
    await expect(help).toContainText('Flag or unflag this question');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    await page.keyboard.press('n');
    await expect(heading(page)).toHaveText('Question 2 of 10');
    await expect(heading(page)).toBeFocused();
    await page.keyboard.press('p');
    await expect(heading(page)).toHaveText('Question 1 of 10');

    // F flags the question on screen, and the flag is stored on the server.
    await page.keyboard.press('f');
    await expect(page.getByTestId('question')).toContainText('flagged');
    await expect
      .poll(
        () =>
          (
            db.prepare('SELECT flagged FROM "QuizItem" WHERE attemptId = ? AND position = 0').get(id) as {
              flagged: number;
            }
          ).flagged,
      )
      .toBe(1);

    // 1–9 pick an option: find a question with options and press 2.
    let picked = false;
    for (let i = 0; i < 10 && !picked; i++) {
      const options = page.getByTestId('answer-input').locator('input[type=radio], input[type=checkbox]');
      if ((await options.count()) >= 2) {
        await page.keyboard.press('2');
        await expect(options.nth(1)).toBeChecked();
        await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
        picked = true;
      } else await page.keyboard.press('n');
    }
    expect(picked, 'one of 10 questions has options').toBe(true);

    // Go to question 7 with the keyboard, then reload: the exam opens at question 7, not the first unanswered.
    const target = 6;
    const now = Number(/Question (\d+) of/.exec((await heading(page).textContent()) ?? '')?.[1]) - 1;
    for (let i = now; i < target; i++) await page.keyboard.press('n');
    for (let i = now; i > target; i--) await page.keyboard.press('p');
    await expect(heading(page)).toHaveText('Question 7 of 10');
    await expect
      .poll(
        () =>
          (db.prepare('SELECT lastViewed FROM "QuizAttempt" WHERE id = ?').get(id) as { lastViewed: number })
            .lastViewed,
      )
      .toBe(6);
    await page.reload();
    await expect(heading(page)).toHaveText('Question 7 of 10');

    // Another device (a fresh browser context) resumes at the same question.
    const other = await browser.newContext();
    const page2 = await other.newPage();
    await loginViaApi(page2, user);
    await page2.goto(`/quizzes/${id}`);
    await expect(heading(page2)).toHaveText('Question 7 of 10');
    await other.close();

    // The history names the exam by its topics.
    await page.goto('/quizzes');
    await expect(page.getByTestId('history-row').first()).toContainText('Timed exam · Services, DNS');
  });

  test('shortcuts do not fire while typing; the interview review shows what the candidate wrote', async ({
    page,
    createUser,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    await startMockInterview(page);
    const first = await heading(page).textContent();
    const box = page.getByTestId('interview-answer');
    await box.click();
    await page.keyboard.type('nf? pods share <b>one</b> namespace');
    await expect(box).toHaveValue('nf? pods share <b>one</b> namespace');
    await expect(heading(page)).toHaveText(first ?? '');
    await expect(page.getByTestId('shortcut-help')).toBeHidden();

    // The optional speaking timer counts down on this device.
    const timer = page.getByTestId('speaking-timer');
    await timer.getByRole('button', { name: 'Start' }).click();
    await expect(timer.getByTestId('speaking-left')).toHaveText(/^1:5\d$/);
    await timer.getByRole('button', { name: 'Stop' }).click();

    await page.getByTestId('reveal-model').click();
    await expect(page.getByTestId('own-answer')).toContainText('pods share <b>one</b> namespace');
    await page.getByTestId('open-submit').click();
    await page.getByTestId('confirm-submit').click();
    await expect(page).toHaveURL(/\/review$/);
    // The candidate's own text, as written (plain text, not HTML).
    const own = page.getByTestId('own-answer').first();
    await expect(own).toContainText('nf? pods share <b>one</b> namespace');
    await expect(own.locator('b')).toHaveCount(0);
  });
});

test('the last-viewed PATCH answers 400 to a malformed body and keeps the stored question', async ({
  page,
  createUser,
  db,
}) => {
  await loginViaApi(page, await createUser());
  const id = await startCustomExam(page, { count: '5', minutes: '10' });
  // Leave the exam page, so its own "viewed" requests do not race the ones below.
  await page.goto('/quizzes');
  const item = (n: number) => `/api/quiz/attempts/${id}/items/${n}`;
  const lastViewed = () =>
    (db.prepare('SELECT lastViewed FROM "QuizAttempt" WHERE id = ?').get(id) as { lastViewed: number })
      .lastViewed;
  const patch = (n: number, body: string) =>
    page.request.patch(item(n), { headers: { 'content-type': 'application/json' }, data: Buffer.from(body) });

  const ok = await patch(2, '{"viewed":true}');
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ lastViewed: 2 });
  await expect.poll(lastViewed).toBe(2);

  for (const body of [
    '{"viewed":false}',
    '{"viewed":"true"}',
    '{"viewed":1}',
    '{"viewed":true,"position":4}',
    '{"viewed":true,"flagged":true}',
    '{}',
    'null',
    '[{"viewed":true}]',
  ]) {
    const res = await patch(4, body);
    expect(res.status(), body).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error, body).toContain('{ "viewed": true }');
  }
  const notJson = await patch(4, '{"viewed":');
  expect(notJson.status()).toBe(400);
  expect(((await notJson.json()) as { error: string }).error).toBe('The request body is not valid JSON.');

  // Nothing was stored: the exam still resumes at question 3, and question 5 is not flagged.
  expect(lastViewed()).toBe(2);
  expect(
    (
      db.prepare('SELECT flagged FROM "QuizItem" WHERE attemptId = ? AND position = 4').get(id) as {
        flagged: number;
      }
    ).flagged,
  ).toBe(0);
  await page.goto(`/quizzes/${id}`);
  await expect(heading(page)).toHaveText('Question 3 of 5');
});

test.describe('exam time notices', () => {
  test('at 5 minutes and at 1 minute: a visible notice, a live-region announcement and the time in the tab title', async ({
    page,
    context,
    createUser,
    db,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    const id = await startCustomExam(page, { count: '5', minutes: '10' });
    await expect(page).toHaveTitle(/^(9:5\d|10:00) left · Timed exam · all topics · PacketPath$/);
    await expect(page.getByTestId('time-notice')).toHaveCount(0);

    // Later on the server's clock: 5:04 left, then the 5-minute notice as it crosses 5:00.
    await leaveOnClock(context, db, id, 304_000);
    await page.reload();
    await expect(page.getByTestId('countdown')).toContainText(/5:0\d/);
    await expect(page.getByTestId('time-notice')).toHaveCount(0);
    await expect(page.getByTestId('time-notice')).toHaveAttribute('data-level', '5', { timeout: 10_000 });
    await expect(page.getByTestId('time-announce-polite')).toHaveText(/Five minutes left/);
    await expect(page.getByTestId('time-announce-assertive')).toHaveText('');
    await expect(page).toHaveTitle(/^4:5\d left · /);

    // 1:04 left: the 5-minute notice is still up, then the 1-minute notice, announced assertively.
    await leaveOnClock(context, db, id, 64_000);
    await page.reload();
    await expect(page.getByTestId('time-notice')).toHaveAttribute('data-level', '5');
    await expect(page.getByTestId('time-notice')).toHaveAttribute('data-level', '1', { timeout: 10_000 });
    await expect(page.getByTestId('time-announce-assertive')).toHaveText(/One minute left/);
    await expect(page.getByTestId('time-announce-polite')).toHaveText('');
    await expect(page).toHaveTitle(/^0:5\d left · /);
    // The exam is still open under the moved clock (the server, not the device, decides): the question's controls
    // are enabled, whatever its type (choices, a text box, an interview answer or the ordering buttons — an exam's
    // questions are drawn at random, so the first one is any of them).
    const control = page.getByTestId('answer-input').locator('input, textarea, button').first();
    await expect(control).toBeVisible();
    await expect(control).toBeEnabled();
  });
});
