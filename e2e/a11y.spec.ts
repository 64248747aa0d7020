/**
 * Accessibility: axe (WCAG 2 A/AA) finds nothing serious or critical on every page of the app, in the light
 * and the dark theme (the theme follows the system colour scheme when no choice is stored): the marketing
 * page, sign-in and sign-up; practice, the quiz list, a running exam with its shortcut sheet and its review,
 * an interview's review; the trace library, a scenario, a result, a result with a what-if switch on, a fresh
 * variant, endless practice; progress with the demo learner's history and the review queue, cram mode and its
 * queue; the troubleshooting list, an exercise (editor with its problems, multiple choice) and its result; the
 * reference; the account page; the playground (empty, then a real manifest with a request traced: issues,
 * cluster, map, hops and replay); and every admin page, the three YAML editors included.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { E2E_LEARNER } from './env';
import { expect, loginViaApi, startCustomExam, submitTrace, test, startMockInterview } from './fixtures';

test.describe.configure({ timeout: 240_000 });

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

/** Serious and critical violations on the current page (after going to `path` unless it is open). */
async function check(page: Page, path: string, theme: Theme, note = ''): Promise<string[]> {
  if (path !== page.url().replace(/^https?:\/\/[^/]+/, '')) await page.goto(path);
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b).*$/);
  await expect(page.locator('main').first()).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${theme} ${path}${note ? ` [${note}]` : ''}: ${v.id} (${v.nodes.length}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')})`,
    );
}

const pathOf = (page: Page) => page.url().replace(/^https?:\/\/[^/]+/, '');

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
    });

    test('public pages and the learner pages have no serious or critical axe violations', async ({
      page,
    }) => {
      const found: string[] = [];
      for (const path of ['/', '/login', '/signup']) found.push(...(await check(page, path, theme)));
      // The demo learner: a history on /progress (charts and tables), items in the review queue.
      await loginViaApi(page, E2E_LEARNER);
      for (const path of [
        '/practice',
        '/quizzes',
        '/trace',
        '/trace/07-clusterip-short-name',
        '/progress',
        '/progress/review',
        '/reference',
        '/account',
      ])
        found.push(...(await check(page, path, theme)));
      // The scenario's "report a problem" form, open.
      await page.goto('/trace/07-clusterip-short-name');
      await page.getByTestId('report-problem').getByText('Report a problem with this scenario').click();
      await expect(page.getByTestId('report-message')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme, 'report form')));
      expect(found).toEqual([]);
    });

    test('a running exam, its shortcut sheet, its review and an interview review have none', async ({
      page,
      createUser,
    }) => {
      const found: string[] = [];
      await loginViaApi(page, await createUser());
      await startCustomExam(page, { count: '5', minutes: '10' });
      const exam = pathOf(page);
      found.push(...(await check(page, exam, theme)));
      await page.keyboard.press('?');
      await expect(page.getByTestId('shortcut-help')).toBeVisible();
      found.push(...(await check(page, exam, theme, 'shortcut sheet')));
      await page.keyboard.press('Escape');
      await page.getByTestId('open-submit').click();
      await expect(page.getByTestId('confirm-submit')).toBeVisible();
      found.push(...(await check(page, exam, theme, 'submit dialog')));
      await page.getByTestId('confirm-submit').click();
      await expect(page).toHaveURL(/\/review$/);
      found.push(...(await check(page, `${exam}/review`, theme)));

      // A mock interview: an answer, the speaking timer and the model answer, then its review.
      await startMockInterview(page);
      const interview = pathOf(page);
      await page.getByTestId('interview-answer').fill('Pods on one node share the node network namespace.');
      await page.getByTestId('speaking-timer').getByRole('button', { name: 'Start' }).click();
      await page.getByTestId('reveal-model').click();
      await expect(page.getByTestId('own-answer')).toBeVisible();
      found.push(...(await check(page, interview, theme, 'model answer shown')));
      await page.getByTestId('open-submit').click();
      await page.getByTestId('confirm-submit').click();
      await expect(page).toHaveURL(/\/review$/);
      found.push(...(await check(page, `${interview}/review`, theme)));
      expect(found).toEqual([]);
    });

    test('a trace result (score, findings, replay on the map) has none', async ({ page, createUser }) => {
      await loginViaApi(page, await createUser());
      await page.goto('/trace/07-clusterip-short-name?mode=challenge');
      await expect(page.getByTestId('trace-player')).toBeVisible();
      // One hop missing (kube-proxy), so the result has findings with rule badges.
      for (const label of ['Container', 'Pod', 'Service', 'Pod', 'Container'])
        await page.getByRole('button', { name: `Add ${label} to the end of your path` }).click();
      await page.getByTestId('submit-path').click();
      await page.waitForURL(/\/trace\/attempts\//);
      await expect(page.getByTestId('result-score')).toBeVisible();
      const found = await check(page, pathOf(page), theme);
      // Rule ids are links of at least 12 px wherever they appear.
      const small = await page
        .locator('main [data-rule]')
        .evaluateAll((els) =>
          els
            .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 12)
            .map((e) => `${e.textContent}: ${getComputedStyle(e).fontSize}`),
        );
      expect(small).toEqual([]);
      expect(found).toEqual([]);
    });

    test('the playground, empty and with the guestbook traced, has none', async ({ page, createUser }) => {
      await loginViaApi(page, await createUser());
      const found = await check(page, '/playground', theme, 'empty');
      await page.getByLabel('Start from').selectOption('example:guestbook');
      await page.getByRole('button', { name: 'Load' }).click();
      await expect(page.getByTestId('playground-issues').getByRole('heading')).toContainText('No errors');
      await page.getByLabel('Source').selectOption({ label: 'A browser outside the cluster (198.51.100.7)' });
      const pick = page.getByLabel('Pick a destination');
      const nodePort = await pick
        .locator('option', { hasText: 'default/frontend NodePort' })
        .getAttribute('value');
      expect(nodePort).not.toBeNull();
      await pick.selectOption(nodePort ?? '');
      await page.getByRole('button', { name: 'Add request' }).click();
      await expect(page.getByTestId('preview-hops')).toBeVisible();
      await expect(page.getByTestId('replay')).toBeVisible();
      // The cluster's Pods table (placement and readiness) open too.
      await page.getByText(/^Pods from workloads/).click();
      found.push(...(await check(page, '/playground', theme, 'guestbook traced')));
      expect(found).toEqual([]);
    });

    test('every admin page has none', async ({ page, createUser }) => {
      await loginViaApi(page, await createUser({ role: 'ADMIN' }));
      const found: string[] = [];
      for (const path of [
        '/admin',
        '/admin/users',
        '/admin/questions',
        '/admin/questions/new',
        '/admin/questions/apigw-stage-ordering',
        '/admin/scenarios',
        // The YAML editors: components/yaml-editor.tsx raises One Dark's low-contrast colours (line numbers,
        // comments, keys) in the dark theme.
        '/admin/scenarios/new',
        '/admin/scenarios/07-clusterip-short-name',
        '/admin/troubleshooting',
        '/admin/troubleshooting/new',
        '/admin/troubleshooting/target-port-wrong-number',
        '/admin/analytics',
        '/admin/analytics/scenarios/07-clusterip-short-name',
        '/admin/bank',
      ]) {
        if (path.startsWith('/admin/scenarios/0')) {
          await page.goto(path);
          // The editor's preview (the engine in the browser) is part of the page.
          await expect(page.getByTestId('scenario-preview')).toBeVisible();
        }
        if (path.startsWith('/admin/troubleshooting/t')) {
          await page.goto(path);
          await expect(page.getByTestId('exercise-check').first()).toBeVisible();
        }
        if (/^\/admin\/(scenarios|troubleshooting)\/[a-z0-9]/.test(path)) {
          if (pathOf(page) !== path) await page.goto(path);
          // The YAML editor with its line numbers (the gutter) on screen.
          await expect(page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^1$/ })).toBeVisible();
        }
        found.push(...(await check(page, path, theme)));
      }
      expect(found).toEqual([]);
    });

    test('troubleshooting: the list, an exercise in the editor with its problems and as a choice, a result', async ({
      page,
      createUser,
    }) => {
      await loginViaApi(page, await createUser());
      const found: string[] = [];
      found.push(...(await check(page, '/troubleshoot', theme)));
      await page.goto('/troubleshoot/nodeport-out-of-range');
      await expect(page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^1$/ })).toBeVisible();
      await expect(page.getByTestId('problems')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme, 'editor')));
      await page.goto('/troubleshoot/selector-label-mismatch?mode=choice');
      await expect(page.getByTestId('candidates')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme, 'choice')));
      await page.getByRole('radio').first().check();
      await page.getByTestId('submit').click();
      await page.waitForURL(/\/troubleshoot\/attempts\//);
      await expect(page.getByTestId('verdict')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme)));
      expect(found).toEqual([]);
    });

    test('a result with a what-if switch on, a fresh variant, endless practice, cram mode and its queue', async ({
      page,
      createUser,
    }) => {
      await loginViaApi(page, await createUser());
      const found: string[] = [];
      // A wrong trace (a miss for the review queue) whose result has what-if switches.
      await submitTrace(page, '24-etp-local-no-local-endpoint', {
        query: '?mode=challenge',
        cards: ['Client(browser)', 'Node(node-2)', 'Service(shop/frontend)'],
        outcome: /Delivered/,
      });
      const etp = page.locator('[data-switch="externalTrafficPolicy:shop/frontend=Cluster"]');
      await etp.click();
      await expect(page.getByTestId('what-if-diff')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme, 'what-if on')));
      // "Practise this again": a fresh variant.
      await page.getByTestId('practise-again').click();
      await page.waitForURL(/variant=[a-z0-9]+$/);
      await expect(page.getByTestId('variant-badge')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme, 'variant')));
      // Endless practice lands on a variant of the topic.
      await page.goto('/trace/practice/network-policy');
      await page.waitForURL(/variant=[a-z0-9]+$/);
      await expect(page.getByTestId('trace-player')).toBeVisible();
      found.push(...(await check(page, pathOf(page), theme, 'endless practice')));
      // Cram mode: its summary on /progress and the queue served ahead of schedule.
      await page.goto('/progress');
      await page.getByTestId('cram-on').click();
      await expect(page.getByTestId('cram-left')).toBeVisible();
      found.push(...(await check(page, '/progress', theme, 'cram on')));
      await page.goto('/progress/review');
      await expect(page.getByTestId('review-cram')).toBeVisible();
      await expect(page.getByTestId('review-card')).toBeVisible();
      found.push(...(await check(page, '/progress/review', theme, 'cram')));
      expect(found).toEqual([]);
    });
  });
}
