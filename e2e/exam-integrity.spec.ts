/**
 * Exam integrity: while a timed exam with an outcome question about a scenario is open, the trace player
 * says why that scenario's checks, hints and submissions are paused, and the server refuses them (nothing is
 * stored); the exam is unchanged; once the exam is submitted the scenario works again.
 */
import type Database from 'better-sqlite3';
import { expect, loginViaApi, test } from './fixtures';

const SCENARIO = '20-wrong-port-iptables';

/** Put the published outcome question about SCENARIO at position 0 of the attempt (test setup). */
function plantOutcomeQuestion(db: Database.Database, attemptId: string): void {
  const v = db
    .prepare(
      `SELECT qv.id, qv.content FROM "QuestionVersion" qv JOIN "Question" q ON q.id = qv.questionId
       WHERE q.type = 'outcome' AND qv.version = q.publishedVersion AND qv.content LIKE ?`,
    )
    .get(`%"scenario":"${SCENARIO}"%`) as { id: string; content: string } | undefined;
  if (!v) throw new Error(`no outcome question about ${SCENARIO}`);
  const options = (JSON.parse(v.content) as { options: { id: string }[] }).options.map((o) => o.id);
  db.prepare(
    'UPDATE "QuizItem" SET questionVersionId = ?, optionOrder = ?, response = NULL WHERE attemptId = ? AND position = 0',
  ).run(v.id, JSON.stringify(options), attemptId);
}

test('an open exam pauses checks, hints and submissions on the scenario behind its outcome question', async ({
  page,
  createUser,
  db,
}) => {
  const user = await createUser();
  await loginViaApi(page, user);
  await page.goto('/quizzes');
  const custom = page.getByTestId('custom-exam');
  await custom.getByLabel('Questions').selectOption('5');
  await custom.getByLabel('Time limit').selectOption('10');
  await custom.getByRole('button', { name: 'Start exam' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  const attemptId = /\/quizzes\/([a-z0-9]+)$/.exec(page.url())?.[1] as string;
  plantOutcomeQuestion(db, attemptId);
  await page.reload();
  await page.getByTestId('answer-input').locator('input[type=radio]').first().check();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const before = db
    .prepare('SELECT response, revision FROM "QuizItem" WHERE attemptId = ? AND position = 0')
    .get(attemptId);

  // The player says why, up front…
  await page.goto(`/trace/${SCENARIO}`);
  await expect(page.getByTestId('exam-lock')).toContainText('paused while your timed exam');
  await expect(page.getByTestId('trace-player')).toBeVisible();
  await page
    .getByRole('button', { name: /^Add Container.* to the end of your path/ })
    .first()
    .click();
  // …and the server refuses a check, a hint and a submission.
  await page.getByTestId('check-path').click();
  await expect(page.getByTestId('player-error-message')).toContainText('paused while your timed exam');
  await expect(page.getByTestId('check-summary')).toHaveCount(0);
  await page.getByTestId('hint-next').click();
  await expect(page.getByTestId('player-error-message')).toContainText('paused while your timed exam');
  await page.getByTestId('outcome-picker').getByRole('radio').first().check();
  await page.getByTestId('submit-path').click();
  await expect(page.getByTestId('player-error-message')).toContainText('paused while your timed exam');
  await expect(page).toHaveURL(new RegExp(`/trace/${SCENARIO}$`));
  const stored = db
    .prepare(
      `SELECT COUNT(*) AS n FROM "TraceAttempt" a JOIN "ScenarioVersion" v ON v.id = a.scenarioVersionId
       WHERE a.userId = ? AND v.scenarioId = ?`,
    )
    .get(user.id, SCENARIO) as { n: number };
  expect(stored.n).toBe(0);
  const hints = db
    .prepare('SELECT COALESCE(SUM(hintsUsed), 0) AS n FROM "TraceSession" WHERE userId = ?')
    .get(user.id) as { n: number };
  expect(hints.n).toBe(0);
  // The exam's saved answer is exactly as it was.
  expect(
    db
      .prepare('SELECT response, revision FROM "QuizItem" WHERE attemptId = ? AND position = 0')
      .get(attemptId),
  ).toEqual(before);

  // Another scenario is not affected.
  await page.goto('/trace/01-same-pod-localhost-sidecar');
  await expect(page.getByTestId('exam-lock')).toHaveCount(0);

  // Submit the exam: the scenario opens again.
  await page.goto(`/quizzes/${attemptId}`);
  await page.getByTestId('open-submit').click();
  await page.getByTestId('confirm-submit').click();
  await expect(page).toHaveURL(/\/review$/);
  await page.goto(`/trace/${SCENARIO}`);
  await expect(page.getByTestId('trace-player')).toBeVisible();
  await expect(page.getByTestId('exam-lock')).toHaveCount(0);
  await page
    .getByRole('button', { name: /^Add Container.* to the end of your path/ })
    .first()
    .click();
  await page.getByTestId('check-path').click();
  await expect(page.getByTestId('check-summary')).toBeVisible();
});
