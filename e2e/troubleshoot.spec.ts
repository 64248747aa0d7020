/**
 * "Fix this cluster" (issue 15, ADR 016), end to end on the shipped exercises (seeded by e2e:server): a learner
 * reads the symptom, explores the broken cluster, edits the YAML (a mistake shown at its line, an object that is
 * not theirs flagged), the edit survives a reload, submits and is graded on the server with the path before and
 * after; a plausible "fix" that breaks an invariant is refused with the reason; the incident clock is the server's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, loginViaApi } from './fixtures';

test.describe.configure({ timeout: 120_000 });

/** The broken cluster of a shipped exercise: the file after the Troubleshooting document. */
function clusterOf(id: string): string {
  const text = readFileSync(path.join(__dirname, '..', 'content', 'troubleshooting', `${id}.yaml`), 'utf8');
  const lines = text.split('\n');
  let content = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^---\s*$/.test(lines[i] ?? '')) {
      if (content) return lines.slice(i + 1).join('\n');
    } else if (lines[i]?.trim() && !lines[i]?.trimStart().startsWith('#')) content = true;
  }
  throw new Error(`${id}: no cluster`);
}

/** Replace the whole text of the CodeMirror editor, as typing would. */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const WEB_SERVICE =
  'metadata: { name: web, namespace: shop }\nspec:\n  clusterIP: 10.96.20.20\n  selector: { app: web }\n  ports: [{ name: http, port: 80, targetPort: http }]\n';
const asNodePort = (port: number) =>
  `metadata: { name: web, namespace: shop }\nspec:\n  type: NodePort\n  clusterIP: 10.96.20.20\n  selector: { app: web }\n  ports: [{ name: http, port: 80, targetPort: http, nodePort: ${port} }]\n`;

test.describe('troubleshooting', () => {
  test('explore, a mistake at its line, an object that is not mine, a reload, the fix graded with the path before and after', async ({
    page,
    createUser,
  }) => {
    const cluster = clusterOf('nodeport-out-of-range');
    expect(cluster).toContain(WEB_SERVICE);
    const user = await createUser({ role: 'LEARNER' });
    await loginViaApi(page, user);

    await page.goto('/troubleshoot');
    const card = page.locator('[data-exercise="nodeport-out-of-range"]');
    await card.getByRole('link', { name: 'Fix the YAML' }).click();
    await expect(page.getByTestId('symptom')).toContainText('provided port is not in the');
    await expect(page.getByTestId('conditions')).toContainText('No Service is of type LoadBalancer');

    // Explore: the load balancer's request against the broken cluster is refused by node-1.
    const explore = page.getByTestId('explore');
    await explore.getByLabel('A request of this cluster').selectOption('lb-to-node-1');
    await explore.getByRole('button', { name: 'Trace' }).first().click();
    await expect(explore.getByTestId('explore-trace').getByTestId('outcome').first()).toHaveText('REFUSED');
    await expect(explore.getByTestId('explore-trace').getByTestId('reason')).toContainText(
      'not an allocated NodePort',
    );

    // A mistake: nodePort 8080 is outside the range — shown at its line, as a lint mark, and nothing to preview.
    const wrong = cluster.replace(WEB_SERVICE, asNodePort(8080));
    const badLine = wrong.split('\n').findIndex((l) => l.includes('nodePort: 8080')) + 1;
    await setEditorText(page, wrong);
    const problem = page.getByTestId('problem').first();
    await expect(problem).toContainText(`Line ${badLine}, column`);
    await expect(problem).toContainText('30000-32767');
    const underline = page.locator('.cm-lintRange-error');
    await expect(underline.first()).toBeVisible();
    await expect(page.getByTestId('preview')).toHaveCount(0);
    // The underline stays through what re-renders the editor: the autosave, a theme toggle, a reload of the draft.
    await expect(page.getByTestId('save-status')).toHaveText('· saved');
    await expect(underline.first()).toBeVisible();
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expect(underline.first()).toBeVisible();
    await page.getByTestId('theme-toggle').click();
    await page.reload();
    await expect(page.getByTestId('problem').first()).toContainText(`Line ${badLine}, column`);
    // CodeMirror renders only the lines near the view: the problem takes me to its line, underlined.
    await page.getByTestId('problem').first().click();
    await expect(page.locator('.cm-activeLine')).toContainText('nodePort: 8080');
    await expect(page.locator('.cm-activeLine .cm-lintRange-error')).toBeVisible();

    // Touching an object that is not in the exercise's list is flagged at that object.
    await setEditorText(
      page,
      cluster.replace(WEB_SERVICE, asNodePort(30080)).replace('10.244.1.0/24', '10.244.1.0/25'),
    );
    await expect(page.getByTestId('problem').first()).toContainText('Node/node-1 is not yours to change');

    // The fix: every condition holds in the preview.
    await setEditorText(page, cluster.replace(WEB_SERVICE, asNodePort(30080)));
    await expect(page.getByTestId('problems')).toContainText('No problems');
    await expect(page.getByTestId('preview').locator('li')).toHaveCount(4);
    await expect(page.getByTestId('preview')).not.toContainText('✗');

    // The edit is saved as I type: a reload keeps it.
    await expect(page.getByTestId('save-status')).toHaveText('· saved');
    await page.reload();
    // CodeMirror renders only the lines in view: the restored edit shows as a cluster whose every condition holds.
    await expect(page.getByTestId('problems')).toContainText('No problems');
    await expect(page.getByTestId('preview').locator('li')).toHaveCount(4);
    await expect(page.getByTestId('preview')).not.toContainText('✗');

    // Submit: graded on the server; the result shows before and after, my diff and the author's fix.
    await page.getByTestId('submit').click();
    await page.waitForURL(/\/troubleshoot\/attempts\//);
    await expect(page.getByTestId('verdict')).toContainText('Fixed');
    await expect(page.getByTestId('score')).toContainText('Score 100 / 100');
    const ba = page.locator('[data-testid="before-after"][data-request="lb-to-node-1"]');
    await expect(ba.getByTestId('before').getByTestId('outcome').first()).toHaveText('REFUSED');
    await expect(ba.getByTestId('after').getByTestId('outcome').first()).toHaveText('DELIVERED');
    await expect(ba.getByTestId('after').getByTestId('hops')).toContainText('Pod(shop/web-');
    await expect(page.getByTestId('condition')).toHaveCount(4);
    await expect(page.locator('[data-testid="condition"][data-holds="false"]')).toHaveCount(0);
    await expect(page.getByTestId('learner-diff')).toContainText('+  type: NodePort');
    await expect(page.getByTestId('fix-explanation')).toContainText('--service-node-port-range');

    // The list counts it as fixed.
    await page.goto('/troubleshoot');
    await expect(page.locator('[data-exercise="nodeport-out-of-range"]')).toContainText('Fixed');
  });

  test('a fix that breaks an invariant is refused with the reason (multiple choice, keyboard)', async ({
    page,
    createUser,
  }) => {
    const user = await createUser({ role: 'LEARNER' });
    await loginViaApi(page, user);
    await page.goto('/troubleshoot/selector-label-mismatch?mode=choice');
    await expect(page.getByTestId('candidates')).toBeVisible();
    // The answer is not in the page before submission.
    await expect(page.locator('body')).not.toContainText('Labels are shared by every selector');
    const relabel = page.getByRole('radio', { name: /Relabel the Pods/ });
    await relabel.focus();
    await page.keyboard.press('Space');
    await expect(relabel).toBeChecked();
    await page.getByTestId('submit').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/troubleshoot\/attempts\//);
    await expect(page.getByTestId('verdict')).toContainText(
      'Not fixed: your change breaks something that worked',
    );
    await expect(page.getByTestId('broken-invariants')).toContainText('Prometheus');
    await expect(page.getByTestId('broken-invariants')).toContainText('REFUSED');
    await expect(page.getByTestId('score')).toContainText('Score 0 / 100');
    await expect(page.getByTestId('candidate-verdicts')).toContainText('Labels are shared by every selector');
  });

  test('the incident clock is the server’s: a reload does not restart it; a phone shows the page without sideways scrolling', async ({
    page,
    createUser,
  }) => {
    const user = await createUser({ role: 'LEARNER' });
    await loginViaApi(page, user);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/troubleshoot/target-port-wrong-number?mode=incident');
    const clock = page.getByTestId('incident-clock');
    await expect(clock).toContainText(/1[45]:\d\d left/);
    const secondsLeft = async () => {
      const m = /(\d+):(\d\d) left/.exec((await clock.textContent()) ?? '');
      return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    };
    await page.waitForTimeout(2_500);
    const before = await secondsLeft();
    await page.reload();
    await expect(clock).toContainText('left');
    expect(await secondsLeft()).toBeLessThanOrEqual(before);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
  test('an admin edits an exercise: the fix and every candidate are checked live; a wrong fix blocks publishing', async ({
    page,
    createUser,
  }) => {
    const admin = await createUser({ role: 'ADMIN' });
    await loginViaApi(page, admin);
    await page.goto('/admin/troubleshooting');
    await page
      .getByRole('link', { name: 'Connection refused right after the api moved to port 8080' })
      .click();
    const checks = page.getByTestId('exercise-check');
    await expect(checks.first()).toBeVisible();
    await expect(page.locator('[data-testid="exercise-check"][data-ok="false"]')).toHaveCount(0);
    const file = readFileSync(
      path.join(__dirname, '..', 'content', 'troubleshooting', 'target-port-wrong-number.yaml'),
      'utf8',
    );
    const wrongFix = file.replace(
      '      - { kind: Service, namespace: shop, name: api, merge: { spec: { ports: [{ name: http, port: 80, targetPort: 8080 }] } } }\n  candidates:',
      '      - { kind: Service, namespace: shop, name: api, merge: { spec: { ports: [{ name: http, port: 80, targetPort: 9999 }] } } }\n  candidates:',
    );
    expect(wrongFix).not.toBe(file);
    await setEditorText(page, wrongFix);
    const failing = page.locator('[data-testid="exercise-check"][data-ok="false"]');
    await expect(failing).toHaveCount(1);
    await expect(failing).toContainText("the author's fix passes every condition");
    await expect(failing).toContainText('REFUSED');
    await expect(page.getByRole('button', { name: 'Save and publish' })).toBeDisabled();
  });
});
