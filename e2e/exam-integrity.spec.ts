/**
 * Exam integrity: while a timed exam with an outcome question about a scenario is open, the trace player
 * says why that scenario's checks, hints and submissions are paused, and the server refuses them (nothing is
 * stored) — on the scenario itself and on a fresh variant of it; the result of an earlier attempt on it (its
 * outcome, paths and what-if switches) is paused too; the exam is unchanged; once the exam is submitted it all
 * works again. (Endless practice and cram mode: lib/server/quiz/exam-lock.test.ts, on real SQLite/PostgreSQL.)
 */
import type { Page } from '@playwright/test';
import type Database from 'better-sqlite3';
import { expect, signInNew, startCustomExam, submitTrace, test } from './fixtures';

const SCENARIO = '20-wrong-port-iptables';
/** An outcome question's scenario whose result offers what-if switches (externalTrafficPolicy, R4.4). */
const WHAT_IF_SCENARIO = '24-etp-local-no-local-endpoint';

/** Put the published outcome question about `scenario` at position 0 of the attempt (test setup). */
function plantOutcomeQuestion(db: Database.Database, attemptId: string, scenario: string): void {
  const v = db
    .prepare(
      `SELECT qv.id, qv.content FROM "QuestionVersion" qv JOIN "Question" q ON q.id = qv.questionId
       WHERE q.type = 'outcome' AND qv.version = q.publishedVersion AND qv.content LIKE ?`,
    )
    .get(`%"scenario":"${scenario}"%`) as { id: string; content: string } | undefined;
  if (!v) throw new Error(`no outcome question about ${scenario}`);
  const options = (JSON.parse(v.content) as { options: { id: string }[] }).options.map((o) => o.id);
  db.prepare(
    'UPDATE "QuizItem" SET questionVersionId = ?, optionOrder = ?, response = NULL WHERE attemptId = ? AND position = 0',
  ).run(v.id, JSON.stringify(options), attemptId);
}

/** The exam's item about the scenario, as stored: nothing outside the exam may change it. */
const examItem = (db: Database.Database, attemptId: string) =>
  db.prepare('SELECT response, revision FROM "QuizItem" WHERE attemptId = ? AND position = 0').get(attemptId);

/** Start a timed exam whose first question is the outcome question about `scenario`, and answer it. */
async function startExamAbout(page: Page, db: Database.Database, scenario: string) {
  const attemptId = await startCustomExam(page, { count: '5', minutes: '10' });
  plantOutcomeQuestion(db, attemptId, scenario);
  await page.reload();
  await page.getByTestId('answer-input').locator('input[type=radio]').first().check();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  return { attemptId, before: examItem(db, attemptId) };
}

async function submitExam(page: Page, attemptId: string) {
  await page.goto(`/quizzes/${attemptId}`);
  await page.getByTestId('open-submit').click();
  await page.getByTestId('confirm-submit').click();
  await expect(page).toHaveURL(/\/review$/);
}

/** "Check my path" and a hint: the server refuses both with the lock's reason; no check result shows. */
async function expectCheckAndHintRefused(page: Page) {
  await page.getByTestId('check-path').click();
  await expect(page.getByTestId('player-error-message')).toContainText('paused while your timed exam');
  await expect(page.getByTestId('check-summary')).toHaveCount(0);
  await page.getByTestId('hint-next').click();
  await expect(page.getByTestId('player-error-message')).toContainText('paused while your timed exam');
}

const hintsTaken = (db: Database.Database, userId: string) =>
  (
    db
      .prepare('SELECT COALESCE(SUM(hintsUsed), 0) AS n FROM "TraceSession" WHERE userId = ?')
      .get(userId) as {
      n: number;
    }
  ).n;

const addFirstContainer = (page: Page) =>
  page
    .getByRole('button', { name: /^Add Container.* to the end of your path/ })
    .first()
    .click();
const addFirstCard = (page: Page) =>
  page
    .getByRole('button', { name: /^Add .* to the end of your path/ })
    .first()
    .click();

test('an open exam pauses checks, hints and submissions on the scenario behind its outcome question', async ({
  page,
  createUser,
  db,
}) => {
  const user = await signInNew(page, createUser);
  const { attemptId, before } = await startExamAbout(page, db, SCENARIO);

  // The player says why, up front…
  await page.goto(`/trace/${SCENARIO}`);
  await expect(page.getByTestId('exam-lock')).toContainText('paused while your timed exam');
  await expect(page.getByTestId('trace-player')).toBeVisible();
  await addFirstContainer(page);
  // …and the server refuses a check, a hint and a submission.
  await expectCheckAndHintRefused(page);
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
  expect(hintsTaken(db, user.id)).toBe(0);
  // The exam's saved answer is exactly as it was.
  expect(examItem(db, attemptId)).toEqual(before);

  // Another scenario is not affected.
  await page.goto('/trace/01-same-pod-localhost-sidecar');
  await expect(page.getByTestId('exam-lock')).toHaveCount(0);

  // Submit the exam: the scenario opens again.
  await submitExam(page, attemptId);
  await page.goto(`/trace/${SCENARIO}`);
  await expect(page.getByTestId('trace-player')).toBeVisible();
  await expect(page.getByTestId('exam-lock')).toHaveCount(0);
  await addFirstContainer(page);
  await page.getByTestId('check-path').click();
  await expect(page.getByTestId('check-summary')).toBeVisible();
});

test('a fresh variant and the result of an earlier attempt (with its what-if) are paused too, until the exam is submitted', async ({
  page,
  createUser,
  db,
}) => {
  const user = await signInNew(page, createUser);
  // Before the exam: a trace of the scenario, whose result has what-if switches.
  const result = await submitTrace(page, WHAT_IF_SCENARIO, {
    query: '?mode=challenge',
    cards: ['Client(browser)', 'Node(node-2)', 'Service(shop/frontend)', 'kube-proxy(node-2)'],
    outcome: /Dropped/,
  });
  await expect(page.getByTestId('what-if-switch').first()).toBeVisible();

  const { attemptId, before } = await startExamAbout(page, db, WHAT_IF_SCENARIO);

  // The earlier result: paused, saying why; no outcome, no paths, no what-if reach the page.
  await page.goto(result);
  await expect(page.getByTestId('result-error')).toContainText('This result is paused while your timed exam');
  await expect(page.getByTestId('result-score')).toHaveCount(0);
  await expect(page.getByTestId('what-if')).toHaveCount(0);
  expect(await page.content()).not.toContain('has no local endpoint');

  // A fresh variant (other names, same outcome): the player says why, and the server refuses a check and a hint.
  await page.goto(`/trace/${WHAT_IF_SCENARIO}?variant=k3x9`);
  await expect(page.getByTestId('variant-badge')).toBeVisible();
  await expect(page.getByTestId('exam-lock')).toContainText('paused while your timed exam');
  await addFirstCard(page);
  await expectCheckAndHintRefused(page);
  await expect(page.getByTestId('hint')).toHaveCount(0);
  // …and a submission of the variant in challenge mode.
  await page.goto(`/trace/${WHAT_IF_SCENARIO}?mode=challenge&variant=k3x9`);
  await addFirstCard(page);
  await page.getByTestId('outcome-picker').getByRole('radio').first().check();
  await page.getByTestId('submit-path').click();
  await expect(page.getByTestId('player-error-message')).toContainText('paused while your timed exam');
  const attempts = db.prepare('SELECT COUNT(*) AS n FROM "TraceAttempt" WHERE userId = ?').get(user.id) as {
    n: number;
  };
  expect(attempts.n).toBe(1);
  expect(hintsTaken(db, user.id)).toBe(0);
  expect(examItem(db, attemptId)).toEqual(before);

  // Submitted: the result (with its what-if) and the variant's check are back.
  await submitExam(page, attemptId);
  await page.goto(result);
  await expect(page.getByTestId('result-score')).toBeVisible();
  await expect(page.getByTestId('what-if-switch').first()).toBeVisible();
  await page.goto(`/trace/${WHAT_IF_SCENARIO}?variant=k3x9`);
  await expect(page.getByTestId('exam-lock')).toHaveCount(0);
  await addFirstCard(page);
  await page.getByTestId('check-path').click();
  await expect(page.getByTestId('check-summary')).toBeVisible();
});
