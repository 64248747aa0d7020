/**
 * Quiz journeys: a full timed exam (answer, flag, navigate, reload and resume, submit, review), an exam
 * whose time runs out, practice with immediate feedback, a mock interview with rubric ticking, the
 * guarantee that answers never reach the browser before submission, and refused bad input.
 */
import type { Page } from '@playwright/test';
import { expect, loginViaApi, test } from './fixtures';

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
  else await q.getByRole('button', { name: /Move .* down/ }).first().click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

function attemptIdFromUrl(page: Page): string {
  const m = /\/quizzes\/([a-z0-9]+)/.exec(page.url());
  if (!m?.[1]) throw new Error(`no attempt id in ${page.url()}`);
  return m[1];
}

test.describe('timed exam', () => {
  test('answer, flag, navigate, reload and resume, submit, review', async ({ page, createUser }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    await page.goto('/quizzes');
    const custom = page.getByTestId('custom-exam');
    await custom.getByLabel('Questions').selectOption('5');
    await custom.getByLabel('Time limit').selectOption('10');
    await custom.getByRole('button', { name: 'Start exam' }).click();
    await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
    await expect(page.getByTestId('countdown')).toContainText(/^.*(9:5\d|10:00)$/);

    await answerCurrent(page);
    await page.getByTestId('next').click();
    await answerCurrent(page);
    await page.getByTestId('flag').click();
    await expect(page.getByTestId('question')).toContainText('flagged');
    // Jump with the navigator to question 4 and answer it.
    await page.getByTestId('navigator').getByRole('button', { name: /^Question 4/ }).click();
    await expect(page.getByTestId('question')).toContainText('Question 4 of 5');
    await answerCurrent(page);

    // Reload mid-way: the server resumes the attempt with the saved answers and the same clock.
    await page.reload();
    await expect(page.getByTestId('progress')).toHaveText('3 of 5 answered');
    await expect(page.getByTestId('navigator').getByRole('button', { name: /^Question 2, answered, flagged/ })).toBeVisible();
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
      .prepare('SELECT v.content FROM "QuizItem" i JOIN "QuestionVersion" v ON v.id = i.questionVersionId WHERE i.attemptId = ?')
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

  test('an exam whose time runs out is finalised with the saved answers', async ({ page, createUser, db }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    await page.goto('/quizzes');
    const custom = page.getByTestId('custom-exam');
    await custom.getByLabel('Questions').selectOption('5');
    await custom.getByLabel('Time limit').selectOption('5');
    await custom.getByRole('button', { name: 'Start exam' }).click();
    await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
    const id = attemptIdFromUrl(page);
    await answerCurrent(page);

    // Move the server's deadline into the past instead of waiting five minutes.
    const past = new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00');
    db.prepare('UPDATE "QuizAttempt" SET deadline = ? WHERE id = ?').run(past, id);

    // A late answer is refused with a clear message and changes nothing.
    const late = await page.request.put(`/api/quiz/attempts/${id}/items/1`, { data: { response: { type: 'single', choice: 'a' } } });
    expect(late.status()).toBe(410);
    expect((await late.json()) as { error: string }).toEqual({ error: expect.stringMatching(/Time is up/) as unknown as string });

    await page.goto(`/quizzes/${id}`);
    await expect(page).toHaveURL(/\/review$/);
    await expect(page.getByTestId('finalised-by-deadline')).toBeVisible();
    await expect(page.getByTestId('score')).toHaveText(/ \/ 5$/);
    const saved = db.prepare('SELECT COUNT(*) AS n FROM "QuizItem" WHERE attemptId = ? AND response IS NOT NULL').get(id) as { n: number };
    expect(saved.n).toBe(1);
    const attempt = db.prepare('SELECT status, finalisedBy FROM "QuizAttempt" WHERE id = ?').get(id) as { status: string; finalisedBy: string };
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
  else if (await q.locator('input[type=checkbox]').count()) await q.locator('input[type=checkbox]').first().check();
  else if (await q.getByTestId('short-answer').count()) await q.getByTestId('short-answer').fill('x');
  else await q.getByRole('button', { name: 'Keep this order' }).click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'retrying');
  await expect(page.getByTestId('save-state')).toContainText('Not saved yet');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });
  expect(failures).toBe(2);
  const saved = db.prepare('SELECT COUNT(*) AS n FROM "QuizItem" WHERE attemptId = ? AND revision > 0').get(id) as { n: number };
  expect(saved.n).toBe(1);
});

test('practice gives immediate feedback with the explanation and source', async ({ page, createUser }) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/practice');
  const form = page.getByTestId('practice-start');
  await form.getByLabel(/Ingress/).first().check();
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

test('mock interview: write, reveal the model answer, tick the rubric and rate', async ({ page, createUser }) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/quizzes');
  await page.getByTestId('mock-interview').getByRole('button', { name: 'Start mock interview' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  await expect(page.getByTestId('reveal-model')).toBeDisabled();
  await page.getByTestId('interview-answer').fill('Containers in a Pod share one network namespace, so they talk over localhost.');
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
    page.request.put(`/api/quiz/attempts/${id}/items/${pos}`, { data: data as object, ...(headers ? { headers } : {}) });

  expect((await put(99, { response: { type: 'single', choice: 'a' } })).status()).toBe(404);
  const single = db
    .prepare('SELECT i.position, v.content FROM "QuizItem" i JOIN "QuestionVersion" v ON v.id = i.questionVersionId WHERE i.attemptId = ?')
    .all(id)
    .map((r) => r as { position: number; content: string })
    .find((r) => (JSON.parse(r.content) as { type: string }).type === 'single');
  if (single) {
    const res = await put(single.position, { response: { type: 'single', choice: 'zz' } });
    expect(res.status()).toBe(400);
    expect(await res.json()).toEqual({ error: 'Option "zz" does not exist in this question.' });
  }
  expect((await put(0, { response: { type: 'single', choice: 'a' }, deadline: '2099-01-01' })).status()).toBe(400);
  expect((await put(0, 'not json', { 'content-type': 'text/plain' })).status()).toBe(415);
  const untouched = db.prepare('SELECT COUNT(*) AS n FROM "QuizItem" WHERE attemptId = ? AND revision > 0').get(id) as { n: number };
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
