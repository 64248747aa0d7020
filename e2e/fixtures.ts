/**
 * Playwright fixtures. Import `test` and `expect` from here, not from
 * @playwright/test.
 *
 * - `db`: a better-sqlite3 handle on the e2e database (prisma/e2e.db), for
 *   setup and for asserting what the server stored.
 * - `createUser({ role })`: inserts a user directly (argon2 hash via
 *   lib/server/auth/password.ts) with a unique e-mail; deleted again after the test.
 * - `loginViaApi(page, user)`: signs in through next-auth's real endpoints
 *   (csrf → callback/credentials) with the page's cookie jar: fast, no UI.
 * - `loginViaForm(page, user)`: the same through the /login form.
 * - `signInNew(page, createUser, opts)`: a new user (a learner unless `role`), signed in on `page`.
 * - Journeys many specs share: `startCustomExam`, and in the trace player `openPlayer`, `paletteCard`, `addCards`,
 *   `laneLabels`, `submitPath` and `submitTrace` (open, add, submit); `libraryTopic` (the library by topic); on the result page `replayHops`, `showHop`
 *   and `openKernel` (the replay's hops and a hop's "On the node" details); `sidewaysOverflow` for phone layouts.
 * - `cspViolations` (automatic, every test): Chromium reports a Content-Security-Policy violation as a console
 *   message; any seen in the test's context or in a context the test opens fails the test after it ran, so every
 *   page of every spec is checked against the policy (ADR 014).
 *
 * NOTE: the generated Prisma client uses import.meta and .ts specifiers, which
 * Playwright's CJS transform cannot load, hence plain SQL here. DateTime
 * columns hold ISO text such as 2026-11-26T06:13:15.901+00:00.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { hashPassword } from '../lib/server/auth/password';
import { E2E_DATABASE_FILE } from './env';

export { expect };

export type Role = 'LEARNER' | 'ADMIN';
export type TestUser = { id: string; email: string; name: string; password: string; role: Role };

const sqliteNow = () => new Date().toISOString().replace('Z', '+00:00');

function openDb(): Database.Database {
  const db = new Database(path.resolve(E2E_DATABASE_FILE));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Signs in with next-auth's endpoints; the session cookie lands in the page's context. */
export async function loginViaApi(page: Page, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  const csrf = await page.request.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: user.email, password: user.password, json: 'true' },
  });
  expect(res.status(), `API login for ${user.email}`).toBe(200);
}

/** Signs in through the real /login form and waits for the signed-in header. */
export async function loginViaForm(
  page: Page,
  user: Pick<TestUser, 'email' | 'password'>,
  callbackUrl?: string,
): Promise<void> {
  await page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/login');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('whoami').first()).toBeAttached();
}

type CreateUser = (opts?: { role?: Role; name?: string; password?: string }) => Promise<TestUser>;

type Fixtures = {
  db: Database.Database;
  createUser: CreateUser;
  cspViolations: string[];
};

const CSP_MESSAGE = /Content Security Policy/i;

export const test = base.extend<Fixtures>({
  cspViolations: [
    async ({ browser, context }, use) => {
      const seen: string[] = [];
      const watch = (ctx: BrowserContext) =>
        ctx.on('console', (m) => {
          if (CSP_MESSAGE.test(m.text())) seen.push(`${m.location().url}: ${m.text()}`);
        });
      watch(context);
      // Contexts the test opens itself (a second user, a second device) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const ctx = await newContext(...args);
        watch(ctx);
        return ctx;
      };
      await use(seen);
      browser.newContext = newContext;
      expect(seen, 'Content-Security-Policy violations reported in the browser console').toEqual([]);
    },
    { auto: true },
  ],
  // Playwright requires an object pattern as the first parameter, even when empty.
  db: async ({}, use) => {
    const db = openDb();
    await use(db);
    db.close();
  },
  createUser: async ({ db }, use) => {
    const created: TestUser[] = [];
    await use(async ({ role = 'LEARNER', name, password } = {}) => {
      const suffix = randomBytes(5).toString('hex');
      const user: TestUser = {
        id: `e2e${suffix}`,
        email: `e2e-${suffix}@example.test`,
        name: name ?? `E2E ${role === 'ADMIN' ? 'Admin' : 'Learner'} ${suffix.slice(0, 4)}`,
        password: password ?? `e2e-pass-${suffix}-1`,
        role,
      };
      const now = sqliteNow();
      db.prepare(
        'INSERT INTO "User" (id, email, name, passwordHash, role, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(user.id, user.email, user.name, await hashPassword(user.password), role, now, now);
      created.push(user);
      return user;
    });
    for (const u of created) {
      db.prepare('DELETE FROM "LoginAttempt" WHERE email = ?').run(u.email);
      try {
        db.prepare('DELETE FROM "User" WHERE id = ?').run(u.id);
      } catch {
        // Rows in other tables may reference the user; a leftover row in a throw-away DB is harmless.
      }
    }
  },
});

/** A new user (a learner unless `role` says otherwise), signed in on `page`. */
export async function signInNew(
  page: Page,
  createUser: CreateUser,
  opts?: Parameters<CreateUser>[0],
): Promise<TestUser> {
  const user = await createUser(opts);
  await loginViaApi(page, user);
  return user;
}

/** Reads one user's role straight from the database. */
export function roleOf(db: Database.Database, email: string): string | undefined {
  const row = db.prepare('SELECT role FROM "User" WHERE email = ?').get(email) as
    { role: string } | undefined;
  return row?.role;
}

/** Starts a custom timed exam from /quizzes (optionally on some topics); returns the attempt id. */
export async function startCustomExam(
  page: Page,
  opts: { count: string; minutes: string; topics?: string[] },
): Promise<string> {
  await page.goto('/quizzes');
  const custom = page.getByTestId('custom-exam');
  for (const t of opts.topics ?? []) await custom.getByLabel(t).check();
  await custom.getByLabel('Questions').selectOption(opts.count);
  await custom.getByLabel('Time limit').selectOption(opts.minutes);
  await custom.getByRole('button', { name: 'Start exam' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  return /\/quizzes\/([a-z0-9]+)$/.exec(page.url())?.[1] as string;
}

/** Starts a mock interview from /quizzes; returns the attempt id. */
export async function startMockInterview(page: Page): Promise<string> {
  await page.goto('/quizzes');
  await page.getByTestId('mock-interview').getByRole('button', { name: 'Start mock interview' }).click();
  await expect(page).toHaveURL(/\/quizzes\/[a-z0-9]+$/);
  return /\/quizzes\/([a-z0-9]+)$/.exec(page.url())?.[1] as string;
}

/**
 * The trace library filtered by one topic, as a learner picks it from the Topic list (`"<topic> (<count>)"`): checks
 * the URL names the topic's slug, that `count` scenarios show and each names its topic; returns the cards.
 */
export async function libraryTopic(page: Page, topic: string, slug: string, count: number): Promise<Locator> {
  await page.goto('/trace');
  await page.getByLabel('Topic').selectOption({ label: `${topic} (${count})` });
  await expect(page).toHaveURL(new RegExp(`topic=${slug}`));
  const cards = page.getByTestId('scenario-card');
  await expect(cards).toHaveCount(count);
  for (const c of await cards.all()) await expect(c).toContainText(topic);
  return cards;
}

/** dnd-kit's keyboard sensor needs a moment between keys (STACK-NOTES §4). */
export const KEY_PAUSE = 200;

/** Opens the trace player (`query` e.g. '?mode=challenge') and waits for its map; returns the session id. */
export async function openPlayer(page: Page, scenarioId: string, query = ''): Promise<string> {
  await page.goto(`/trace/${scenarioId}${query}`);
  const player = page.getByTestId('trace-player');
  await expect(player).toBeVisible();
  await expect(page.getByTestId('cluster-diagram').getByTestId('diagram-box').first()).toBeVisible();
  return (await player.getAttribute('data-session-id')) ?? '';
}

/** A card of the player's palette, by its exact label. */
export const paletteCard = (page: Page, label: string): Locator =>
  page.getByTestId('palette-card').and(page.locator(`[data-card-label="${label}"]`));

/** The labels of the hops on the learner's path, in order. */
export const laneLabels = async (page: Page): Promise<string[]> =>
  page.getByTestId('lane-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-card-label') ?? ''));

/** Adds cards, in order, with the player's "Add … to the end of your path" buttons. */
export async function addCards(page: Page, labels: readonly string[]): Promise<void> {
  for (const label of labels)
    await page.getByRole('button', { name: `Add ${label} to the end of your path`, exact: true }).click();
}

/** Submits the path in the player; returns the result page's path (/trace/attempts/<id>) once it is open. */
export async function submitPath(page: Page): Promise<string> {
  await page.getByTestId('submit-path').click();
  await page.waitForURL(/\/trace\/attempts\//);
  return new URL(page.url()).pathname;
}

/** A whole trace: open the player, add the cards, choose the outcome (a radio's name) if given, submit. */
export async function submitTrace(
  page: Page,
  scenarioId: string,
  opts: { cards: readonly string[]; query?: string; outcome?: RegExp },
): Promise<string> {
  await openPlayer(page, scenarioId, opts.query);
  await addCards(page, opts.cards);
  if (opts.outcome) await page.getByRole('radio', { name: opts.outcome }).check();
  return submitPath(page);
}

/** The replay's hop buttons (named "<n> <layer>"; the hop's label is only their title). */
export const replayHops = (page: Page): Locator =>
  page.getByRole('list', { name: 'Hops of this path' }).getByRole('button');

/** Shows hop `index` of the replayed valid path and checks it is the hop the test means (by its label). */
export async function showHop(page: Page, index: number, label: string): Promise<Locator> {
  await replayHops(page).nth(index).click();
  const frame = page.getByTestId('replay-frame');
  await expect(frame).toContainText(label);
  return frame;
}

/** The frame's "On the node" details, opened by keyboard (they stay open from one hop to the next). */
export async function openKernel(page: Page): Promise<Locator> {
  const kernel = page.getByTestId('replay-kernel');
  if ((await kernel.getAttribute('open')) === null) {
    await kernel.locator('summary').focus();
    await page.keyboard.press('Enter');
  }
  await expect(kernel).toHaveAttribute('open', '');
  return kernel;
}

/**
 * What sticks out sideways on the page: the document, and every shown box whose content is wider than the box
 * (a scroll box or a clipping box: scrollWidth > clientWidth), as "tag.class: scrollWidth > clientWidth".
 * Screen-reader-only text (1 px and clipped on purpose), text cut with an ellipsis and preformatted text (a `pre`
 * scrolls its long lines in its own box) do not count.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    const pageWidth = Math.max(root.scrollWidth, document.body.scrollWidth);
    if (pageWidth > root.clientWidth) out.push(`page: ${pageWidth} > ${root.clientWidth}`);
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      const s = getComputedStyle(el);
      // Visible overflow is the page's (measured above); an ellipsis is a designed cut; preformatted text
      // (code, terminal output) keeps its lines and scrolls in its own box by design.
      if (s.overflowX === 'visible' || s.textOverflow === 'ellipsis' || el.tagName === 'PRE') continue;
      if (el.closest('.sr-only') || el.offsetParent === null) continue;
      if (el.clientWidth <= 2) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(
          `${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\s+/).slice(0, 6).join('.')} (${el.getAttribute('data-testid') ?? ''}): ${el.scrollWidth} > ${el.clientWidth}`,
        );
    }
    return out;
  });
}
