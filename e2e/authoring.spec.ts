/**
 * Authoring (issue 6): an admin writes a scenario in the YAML editor (validation at the right line, the
 * engine's computed path, publish), a learner traces and is graded on it, and the admin sees the attempt in
 * the analytics; questions through their lifecycle; learners refused everywhere in the admin area; import of
 * a bad file refused whole, and an export → import round trip that reproduces the bank.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, loginViaApi } from './fixtures';
import { SCENARIO_TEMPLATES } from '../lib/authoring/templates';

const NODEPORT = SCENARIO_TEMPLATES.find((t) => t.id === 'nodeport')!.yaml;

/** Replace the whole text of the CodeMirror editor, as typing would (the editor re-checks on change). */
async function setEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test.describe('authoring', () => {
  test.describe.configure({ timeout: 120_000 });

  test('an admin writes a scenario, fixes the error at its line, publishes; a learner is graded; the admin sees the attempt', async ({
    browser,
    createUser,
    db,
  }) => {
    const suffix = randomBytes(3).toString('hex');
    const id = `e2e-nodeport-${suffix}`;
    const title = `E2E NodePort ${suffix}`;
    const valid = NODEPORT.replace('name: my-nodeport-service', `name: ${id}`).replace(
      'title: A browser reaches a NodePort Service',
      `title: ${title}`,
    );
    const broken = valid.replace('nodePort: 30080', 'nodePort: 80');
    const badLine = broken.split('\n').findIndex((l) => l.includes('nodePort: 80')) + 1;

    const admin = await createUser({ role: 'ADMIN' });
    const adminPage = await (await browser.newContext()).newPage();
    await loginViaApi(adminPage, admin);
    await adminPage.goto('/admin/scenarios/new');
    await expect(adminPage.locator('.cm-content')).toBeVisible();
    // The template is valid: the engine's path is shown at once.
    await expect(adminPage.getByTestId('preview-disposition')).toHaveText('Delivered');

    // 1. An error: reported at its line, in the list and as a lint mark in the editor; publishing is blocked.
    await setEditorText(adminPage, broken);
    const issue = adminPage.getByTestId('scenario-issue').first();
    await expect(issue).toContainText(`Line ${badLine}, column`);
    await expect(issue).toContainText('nodePort');
    await expect(adminPage.locator('.cm-lintRange-error').first()).toBeVisible();
    await expect(adminPage.getByTestId('preview-unavailable')).toBeVisible();
    await expect(adminPage.getByRole('button', { name: 'Save and publish' })).toBeDisabled();
    // Clicking the issue puts the cursor on that line.
    await issue.click();
    await expect(adminPage.locator('.cm-activeLine')).toContainText('nodePort: 80');

    // 2. Fixed: the computed path, its alternatives and the cards the player will offer.
    await setEditorText(adminPage, valid);
    await expect(adminPage.getByTestId('scenario-issues')).toContainText('No errors');
    await expect(adminPage.getByTestId('preview-disposition')).toHaveText('Delivered');
    await expect(adminPage.getByTestId('preview-hops')).toContainText('kube-proxy(node-1)');
    await expect(adminPage.getByTestId('preview-cards').locator('li').first()).toBeVisible();
    await adminPage.getByText('Wire', { exact: true }).click();
    await expect(adminPage.getByTestId('preview-hops')).toContainText('DNAT');

    // 3. Publish (the server checks again).
    await adminPage.getByRole('button', { name: 'Save and publish' }).click();
    await adminPage.waitForURL(new RegExp(`/admin/scenarios/${id}\\?created=1&published=1`));
    await expect(adminPage.getByTestId('scenario-created')).toContainText('published');
    const row = db.prepare('SELECT status, publishedVersion FROM "Scenario" WHERE id = ?').get(id) as {
      status: string;
      publishedVersion: number;
    };
    expect(row).toEqual({ status: 'PUBLISHED', publishedVersion: 1 });
    const audit = db
      .prepare('SELECT action FROM "AuditEntry" WHERE entityId = ? ORDER BY createdAt')
      .all(id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['scenario.create', 'scenario.publish']);

    // 4. A learner finds it in the library, answers (missing two hops) and is graded.
    const learner = await createUser();
    const learnerPage = await (await browser.newContext()).newPage();
    await loginViaApi(learnerPage, learner);
    await learnerPage.goto(`/trace?q=${encodeURIComponent(title)}`);
    await learnerPage.getByRole('link', { name: title }).click();
    await expect(learnerPage.getByTestId('trace-player')).toBeVisible({ timeout: 30_000 });
    for (const label of [
      'Client(browser)',
      'Node(node-1)',
      'Service(shop/web)',
      'Pod(shop/web-1)',
      'Container(shop/web-1/web)',
    ]) {
      await learnerPage.getByRole('button', { name: `Add ${label} to the end of your path` }).click();
    }
    await learnerPage.getByRole('radio', { name: /^Delivered/ }).check();
    await learnerPage.getByTestId('submit-path').click();
    await learnerPage.waitForURL(/\/trace\/attempts\//);
    await expect(learnerPage.getByTestId('result-score')).toBeVisible();
    const scoreText = (await learnerPage.getByTestId('result-score').textContent()) ?? '';
    expect(scoreText).not.toContain('100%');

    // 5. The admin sees the attempt in the analytics and the missed hops on the heat-map.
    await adminPage.goto('/admin/analytics');
    const analyticsRow = adminPage.getByTestId(`sa-${id}`);
    await expect(analyticsRow).toContainText(title);
    await expect(analyticsRow.locator('td').first()).toHaveText('1');
    await analyticsRow.getByRole('link', { name: title }).click();
    const heat = adminPage.getByTestId('heatmap');
    await expect(heat).toBeVisible();
    await expect(heat).toContainText('kube-proxy(node-1)');
    await expect(heat.getByRole('row', { name: /kube-proxy\(node-1\)/ })).toContainText('1/1');
  });

  test('an admin writes a question, publishes it, and an edit becomes version 2 while quizzes keep version 1', async ({
    page,
    createUser,
    db,
  }) => {
    const admin = await createUser({ role: 'ADMIN' });
    await loginViaApi(page, admin);
    const id = `e2e-question-${randomBytes(3).toString('hex')}`;
    await page.goto('/admin/questions/new');
    await page.getByLabel('Id', { exact: true }).fill(id);
    await page
      .getByLabel('Prompt (Markdown)')
      .fill('Which object gives a set of Pods one **stable** virtual IP?');
    await page.getByLabel('Option a text').fill('A Service');
    await page.getByLabel('Option b text').fill('A Deployment');
    await page.getByLabel('Option c text').fill('An Ingress <script>alert(1)</script>');
    await page.getByLabel('Reference rules').fill('R3.1');
    await page.getByLabel('Explanation (Markdown)').fill('A Service has a ClusterIP.');
    // Still invalid (no source title): the save is refused in the browser, with the field marked.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('error-q-source-title')).toContainText('must not be empty');
    await page.getByLabel('Source title').fill('Kubernetes docs: Service');
    // The preview renders as the candidate sees it; raw HTML stays inert text.
    const preview = page.getByTestId('question-preview');
    await expect(preview.locator('strong', { hasText: 'stable' })).toBeVisible();
    await expect(preview).toContainText('<script>alert(1)</script>');
    await preview.getByRole('radio', { name: 'A Service' }).check();
    await preview.getByRole('button', { name: 'Check answer' }).click();
    await expect(preview.getByTestId('verdict')).toHaveText('Correct');

    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.waitForURL(new RegExp(`/admin/questions/${id}\\?created=1`));
    expect(db.prepare('SELECT status, publishedVersion FROM "Question" WHERE id = ?').get(id)).toEqual({
      status: 'PUBLISHED',
      publishedVersion: 1,
    });

    await page
      .getByLabel('Prompt (Markdown)')
      .fill('Which object gives Pods one stable virtual IP (edited)?');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByTestId('question-form-success')).toContainText(
      'Saved as version 2 (draft). Learners still get version 1',
    );
    expect(db.prepare('SELECT publishedVersion, latestVersion FROM "Question" WHERE id = ?').get(id)).toEqual(
      { publishedVersion: 1, latestVersion: 2 },
    );
    await page.reload();
    await expect(page.getByTestId('version-table')).toContainText('v2');
    await expect(page.getByTestId('audit-list')).toContainText('saved version 2');
    await page.getByRole('button', { name: 'Retire' }).click();
    await expect(page.getByTestId('lifecycle-success')).toContainText('Retired');
    expect(
      (db.prepare('SELECT status FROM "Question" WHERE id = ?').get(id) as { status: string }).status,
    ).toBe('RETIRED');

    // The bank's filter form (a GET form: every view has a URL) finds it by search and status, and clears.
    await page.goto('/admin/questions');
    await page.getByLabel('Search').fill(id);
    await page.getByLabel('Status').selectOption('RETIRED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=RETIRED/);
    await expect(page.getByLabel('Status')).toHaveValue('RETIRED');
    await expect(page.getByTestId('question-count')).toHaveText(/^1 of \d+ match\.$/);
    await expect(page.getByRole('link', { name: id })).toBeVisible();
    await page.getByLabel('Status').selectOption('PUBLISHED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByTestId('question-count')).toHaveText(/^0 of \d+ match\.$/);
    await page.getByRole('link', { name: 'Clear' }).click();
    await expect(page.getByLabel('Search')).toHaveValue('');
    await expect(page.getByTestId('question-count')).toHaveText(/^\d+ questions\.$/);
  });

  test('a learner cannot reach any admin page, route or action', async ({ browser, createUser, db }) => {
    const admin = await createUser({ role: 'ADMIN' });
    const learner = await createUser();
    const learnerPage = await (await browser.newContext()).newPage();
    await loginViaApi(learnerPage, learner);
    for (const path of [
      '/admin',
      '/admin/questions',
      '/admin/questions/new',
      '/admin/scenarios',
      '/admin/scenarios/new',
      '/admin/analytics',
      '/admin/bank',
    ]) {
      const res = await learnerPage.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(307);
      expect(res.headers().location, path).toContain('denied=admin');
    }
    expect((await learnerPage.request.get('/api/admin/bank')).status()).toBe(403);
    const importRes = await learnerPage.request.post('/api/admin/bank/import?mode=apply', {
      data: 'format: packetpath-bank\nversion: 1\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(importRes.status()).toBe(403);

    // Record a real "retire" action POST from an admin's browser, then replay it as the learner.
    const adminPage = await (await browser.newContext()).newPage();
    await loginViaApi(adminPage, admin);
    const questionId = (
      db.prepare('SELECT id FROM "Question" WHERE status = \'PUBLISHED\' ORDER BY id LIMIT 1').get() as {
        id: string;
      }
    ).id;
    await adminPage.goto(`/admin/scenarios`);
    const scenarioId = (
      db.prepare('SELECT id FROM "Scenario" WHERE status = \'PUBLISHED\' ORDER BY id LIMIT 1').get() as {
        id: string;
      }
    ).id;
    await adminPage.goto(`/admin/questions/${questionId}`);
    const [request] = await Promise.all([
      adminPage.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
      adminPage.getByRole('button', { name: 'Retire' }).click(),
    ]);
    await expect(adminPage.getByTestId('lifecycle-success')).toBeVisible();
    db.prepare('UPDATE "Question" SET status = \'PUBLISHED\' WHERE id = ?').run(questionId);
    const headers = request.headers();
    const replay = await learnerPage.request.post(request.url(), {
      headers: {
        'content-type': headers['content-type'] ?? '',
        'next-action': headers['next-action'] ?? '',
        accept: 'text/x-component',
        origin: new URL(request.url()).origin,
      },
      data: request.postData() ?? '',
    });
    expect(replay.status()).toBeLessThan(500);
    expect(await replay.text()).toContain('Only admins can do that.');
    expect(
      (db.prepare('SELECT status FROM "Question" WHERE id = ?').get(questionId) as { status: string }).status,
    ).toBe('PUBLISHED');
    expect(
      (db.prepare('SELECT status FROM "Scenario" WHERE id = ?').get(scenarioId) as { status: string }).status,
    ).toBe('PUBLISHED');
  });

  test('an import with errors is refused whole and says why; export → import reproduces the bank', async ({
    page,
    createUser,
    db,
  }) => {
    const admin = await createUser({ role: 'ADMIN' });
    await loginViaApi(page, admin);
    const count = () =>
      (
        db
          .prepare('SELECT (SELECT COUNT(*) FROM "Question") + (SELECT COUNT(*) FROM "Scenario") AS n')
          .get() as { n: number }
      ).n;
    const before = count();

    // Export the bank (YAML), as the download link does.
    const exported = await page.request.get('/api/admin/bank?format=yaml');
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-disposition']).toMatch(
      /attachment; filename="packetpath-bank-.*\.yaml"/,
    );
    const text = await exported.text();
    expect(text).toContain('format: packetpath-bank');
    expect(text).toMatch(/yaml: \|/);

    // A file with one good new question, one broken question and one broken scenario: refused whole.
    const good = `  - id: e2e-import-good\n    status: PUBLISHED\n    content:\n      id: e2e-import-good\n      type: truefalse\n      topic: services\n      difficulty: 1\n      prompt: A ClusterIP is virtual.\n      answer: true\n      explanation: No interface has it.\n      source: { title: "Kubernetes docs", url: "https://kubernetes.io/docs/" }\n      rules: [R3.1]\n`;
    const badQuestion = `  - id: e2e-import-bad\n    status: PUBLISHED\n    content:\n      id: e2e-import-bad\n      type: truefalse\n      topic: nowhere\n      difficulty: 1\n      prompt: x\n      answer: true\n      explanation: x\n      source: { title: "x", url: "http://insecure.example" }\n      rules: [R3.1]\n`;
    const badScenarioYaml = NODEPORT.replace('my-nodeport-service', 'e2e-import-bad-scenario').replace(
      'nodePort: 30080',
      'nodePort: 80',
    );
    const badScenario = `  - id: e2e-import-bad-scenario\n    status: PUBLISHED\n    yaml: |\n${badScenarioYaml
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n')}\n`;
    const broken = `format: packetpath-bank\nversion: 1\nquestions:\n${good}${badQuestion}scenarios:\n${badScenario}`;

    await page.goto('/admin/bank');
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(broken) });
    await expect(page.getByTestId('import-refused')).toContainText(
      '2 entries are rejected, so the whole file is refused',
    );
    await expect(page.getByTestId('import-entry-e2e-import-bad')).toContainText('topic must be one of');
    await expect(page.getByTestId('import-entry-e2e-import-bad')).toContainText('https://');
    await expect(page.getByTestId('import-entry-e2e-import-bad-scenario')).toContainText(
      /line \d+, column \d+/,
    );
    await expect(page.getByTestId('import-entry-e2e-import-good')).toContainText('Added');
    await expect(page.getByTestId('import-confirm')).toHaveCount(0);
    expect(count()).toBe(before);

    // Round trip: importing the export finds everything unchanged.
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'bank.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
    // A dry run of the whole bank (every scenario compiled) takes seconds on a loaded machine.
    await expect(page.getByTestId('import-ready')).toContainText(
      'The file matches the bank: there is nothing to import.',
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('count-unchanged')).toContainText(String(before));
    await expect(page.getByTestId('count-rejected')).toContainText('0');

    // An edited export imports as a change after the dry run, in one step.
    const edited = text
      .replace('format: packetpath-bank', 'format: packetpath-bank')
      .replace(/questions:\n/, `questions:\n${good}`);
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'edited.yaml', mimeType: 'application/yaml', buffer: Buffer.from(edited) });
    await expect(page.getByTestId('count-added')).toContainText('1', { timeout: 30_000 });
    await page.getByTestId('import-confirm').click();
    await expect(page.getByTestId('import-applied')).toContainText('1 added', { timeout: 30_000 });
    expect(count()).toBe(before + 1);
    expect(db.prepare('SELECT status FROM "Question" WHERE id = ?').get('e2e-import-good')).toEqual({
      status: 'PUBLISHED',
    });
  });
});

test('the authoring pages have no serious accessibility violations', async ({ page, createUser }) => {
  test.setTimeout(120_000);
  await loginViaApi(page, await createUser({ role: 'ADMIN' }));
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  for (const path of [
    '/admin',
    '/admin/questions',
    '/admin/questions/new',
    '/admin/scenarios',
    '/admin/scenarios/new',
    '/admin/analytics',
    '/admin/bank',
  ]) {
    await page.goto(path);
    if (path === '/admin/scenarios/new') await expect(page.getByTestId('preview-disposition')).toBeVisible();
    // NOTE: the cluster diagram is the trace player's component (components/cluster-diagram), checked by its own
    // suite; its canvas is aria-hidden (a text list stands in for it) but React Flow's zoom buttons inside it
    // are focusable, and dimmed boxes fall below contrast — reported to its owner rather than forked here.
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa'])
      .exclude('[data-testid="cluster-diagram"]')
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`),
    ).toEqual([]);
  }
});
