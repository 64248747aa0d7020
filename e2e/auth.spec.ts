/**
 * Auth journeys: sign up, sign in errors, lock-out, roles, sign out,
 * password change. Alerts are found by data-testid because Next's route
 * announcer also has role="alert".
 */
import { test, expect, loginViaApi, loginViaForm, roleOf } from './fixtures';
import { E2E_ADMIN, E2E_BASE_URL, E2E_ENV } from './env';

test.describe('sign up', () => {
  test('a new learner signs up and lands signed in', async ({ page, db }) => {
    const email = `e2e-signup-${Date.now()}@example.test`;
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('password-error')).toContainText('at least 10 characters');

    await page.getByLabel('Password').fill('kube-proxy-42!');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/practice$/);
    await expect(page.getByTestId('whoami')).toHaveText(/Grace Hopper/);
    expect(roleOf(db, email)).toBe('LEARNER');
    db.prepare('DELETE FROM "User" WHERE email = ?').run(email);
  });

  test('a duplicate e-mail gets a clear message and no second account', async ({ page, db, createUser }) => {
    const existing = await createUser();
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Someone Else');
    await page.getByLabel('E-mail').fill(existing.email.toUpperCase());
    await page.getByLabel('Password').fill('another-pass-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByTestId('email-error')).toContainText('already exists');
    const { n } = db
      .prepare('SELECT COUNT(*) AS n FROM "User" WHERE lower(email) = ?')
      .get(existing.email) as { n: number };
    expect(n).toBe(1);
  });

  test('a client over the sign-up limit is told when to retry, and nothing is created', async ({
    page,
    db,
  }) => {
    // A client key of this test's own (the server takes the right-most X-Forwarded-For entry), with its
    // window already full: as many attempts as the e2e server allows, made just now.
    const clientKey = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    const limit = Number(E2E_ENV.SIGNUP_MAX_ATTEMPTS_PER_CLIENT);
    const insert = db.prepare('INSERT INTO "SignupAttempt" (id, clientKey, createdAt) VALUES (?, ?, ?)');
    const createdAt = new Date().toISOString().replace('Z', '+00:00');
    db.transaction(() => {
      for (let i = 0; i < limit; i++) insert.run(`e2e-signup-${clientKey}-${i}`, clientKey, createdAt);
    })();
    try {
      await page.setExtraHTTPHeaders({ 'x-forwarded-for': clientKey });
      const email = `e2e-limited-${Date.now()}@example.test`;
      await page.goto('/signup');
      await page.getByLabel('Name').fill('Over The Limit');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill('kube-proxy-42!');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByTestId('signup-error')).toHaveText(
        'Too many sign-up attempts from your network. Try again in 60 minutes.',
      );
      await expect(page).toHaveURL(/\/signup/);
      expect(roleOf(db, email)).toBeUndefined();
      const { n } = db
        .prepare('SELECT COUNT(*) AS n FROM "SignupAttempt" WHERE clientKey = ?')
        .get(clientKey) as { n: number };
      expect(n).toBe(limit);
    } finally {
      db.prepare('DELETE FROM "SignupAttempt" WHERE clientKey = ?').run(clientKey);
    }
  });
});

test.describe('sign in', () => {
  test('a wrong password shows a clear message', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error')).toHaveText('Wrong e-mail or password.');
    await expect(page).toHaveURL(/\/login/);
  });

  test('the 6th failure in a row is refused with when to retry; the API gets 429 + Retry-After', async ({
    page,
    createUser,
  }) => {
    const user = await createUser();
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(user.email);
    const submit = async (password: string) => {
      await page.getByLabel('Password').fill(password);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/callback/credentials')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    };
    for (let i = 1; i <= 5; i++) {
      await submit(`wrong-password-${i}`);
      await expect(page.getByTestId('login-error')).toContainText('Wrong e-mail or password.');
    }
    await expect(page.getByTestId('login-error')).toContainText('try again in 15 minutes');

    // Even the right password is refused now.
    await submit(user.password);
    await expect(page.getByTestId('login-error')).toHaveText(
      'Too many failed sign-in attempts. Try again in 15 minutes.',
    );
    await expect(page).toHaveURL(/\/login/);

    const csrf = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await page.request.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: 'true' },
    });
    expect(res.status()).toBe(429);
    const retryAfter = Number(res.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  test('signing in from a protected page returns to it', async ({ page, createUser }) => {
    const user = await createUser();
    await page.goto('/progress');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fprogress/);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/progress$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Progress' })).toBeVisible();
  });

  test('a callbackUrl the browser would turn into another site (/<tab>/evil.example) stays on PacketPath', async ({
    page,
    createUser,
  }) => {
    const user = await createUser();
    const navigations: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest()) navigations.push(r.url());
    });
    await page.goto('/login?callbackUrl=%2F%09%2Fevil.example%2Fphish');
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/practice$/);
    // Signed in now: the page's own redirect must not leave the site either.
    await page.goto('/login?callbackUrl=%2F%09%2Fevil.example%2Fphish');
    await expect(page).toHaveURL(/\/practice$/);
    expect(navigations.filter((u) => new URL(u).origin !== new URL(E2E_BASE_URL).origin)).toEqual([]);
  });
});

test.describe('roles', () => {
  test('a learner cannot open admin pages and sees no Admin link', async ({ page, createUser }) => {
    await loginViaApi(page, await createUser());
    await page.goto('/practice');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }),
    ).toHaveCount(0);
    for (const path of ['/admin', '/admin/users']) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(307);
      expect(res.headers().location).toContain('/practice?denied=admin');
      expect(await res.text()).not.toContain('Manage people');
      await page.goto(path);
      await expect(page).toHaveURL(/\/practice\?denied=admin/);
      await expect(page.getByTestId('denied-admin')).toBeVisible();
    }
  });

  test('the server refuses a learner who replays the admin "change role" POST', async ({
    browser,
    db,
    createUser,
  }) => {
    const admin = await createUser({ role: 'ADMIN' });
    const target = await createUser();
    const learner = await createUser();

    // 1. Record the real server-action request an admin's browser sends.
    const adminPage = await (await browser.newContext()).newPage();
    await loginViaApi(adminPage, admin);
    await adminPage.goto('/admin/users');
    const row = adminPage.getByTestId(`user-row-${target.email}`);
    await row.getByRole('combobox').selectOption('ADMIN');
    const [request] = await Promise.all([
      adminPage.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
      row.getByRole('button', { name: 'Save' }).click(),
    ]);
    await expect(row.getByTestId('role-success')).toBeVisible();
    expect(roleOf(db, target.email)).toBe('ADMIN');
    const headers = request.headers();
    const body = request.postData() ?? '';
    expect(body).toContain(target.id);

    // 2. A learner replays it, aimed at themselves, with their own session.
    const learnerPage = await (await browser.newContext()).newPage();
    await loginViaApi(learnerPage, learner);
    const replay = await learnerPage.request.post(request.url(), {
      headers: {
        'content-type': headers['content-type'] ?? '',
        'next-action': headers['next-action'] ?? '',
        accept: 'text/x-component',
        origin: new URL(request.url()).origin,
      },
      data: body.replaceAll(target.id, learner.id),
    });
    expect(replay.status()).toBeLessThan(500);
    expect(await replay.text()).toContain('Only admins can do that.');
    expect(roleOf(db, learner.email)).toBe('LEARNER');

    // 3. Anonymous: same refusal.
    const anonPage = await (await browser.newContext()).newPage();
    const anon = await anonPage.request.post(request.url(), {
      headers: {
        'content-type': headers['content-type'] ?? '',
        'next-action': headers['next-action'] ?? '',
        accept: 'text/x-component',
        origin: new URL(request.url()).origin,
      },
      data: body.replaceAll(target.id, learner.id),
    });
    expect(await anon.text()).toContain('Your session has ended');
    expect(roleOf(db, learner.email)).toBe('LEARNER');

    // 4. A cross-site POST is refused outright (proxy.ts), not a 500.
    const crossSite = await learnerPage.request.post(request.url(), {
      headers: {
        'content-type': headers['content-type'] ?? '',
        'next-action': headers['next-action'] ?? '',
        origin: 'https://evil.example',
      },
      data: body,
    });
    expect(crossSite.status()).toBe(403);
  });

  test('an admin promotes a learner, and cannot demote the last admin', async ({ page, db, createUser }) => {
    const admin = await createUser({ role: 'ADMIN' });
    const learner = await createUser();
    await loginViaForm(page, admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('link', { name: 'Users', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

    const row = page.getByTestId(`user-row-${learner.email}`);
    await row.getByRole('combobox').selectOption('ADMIN');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(row.getByTestId('role-success')).toHaveText('Role changed to Admin.');
    expect(roleOf(db, learner.email)).toBe('ADMIN');

    // Make `admin` the only admin, then try to demote them.
    const others = db.prepare(`SELECT id FROM "User" WHERE role = 'ADMIN' AND id <> ?`).all(admin.id) as {
      id: string;
    }[];
    const demote = db.prepare(`UPDATE "User" SET role = 'LEARNER' WHERE id = ?`);
    const promote = db.prepare(`UPDATE "User" SET role = 'ADMIN' WHERE id = ?`);
    for (const o of others) demote.run(o.id);
    try {
      await page.reload();
      const self = page.getByTestId(`user-row-${admin.email}`);
      await self.getByRole('combobox').selectOption('LEARNER');
      await self.getByRole('button', { name: 'Save' }).click();
      await expect(self.getByTestId('role-error')).toContainText('last admin');
      expect(roleOf(db, admin.email)).toBe('ADMIN');
    } finally {
      for (const o of others) promote.run(o.id);
    }
    expect(roleOf(db, E2E_ADMIN.email)).toBe('ADMIN');
  });
});

test.describe('session', () => {
  test('sign out returns to the landing page and locks the app again', async ({ page, createUser }) => {
    await loginViaForm(page, await createUser());
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
    await page.goto('/practice');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fpractice/);
  });

  test('changing the password requires the current one and signs out other devices', async ({
    page,
    browser,
    createUser,
  }) => {
    const user = await createUser();
    await loginViaApi(page, user);
    // A second device signed in before the change.
    const other = await browser.newContext({ baseURL: E2E_BASE_URL });
    const otherPage = await other.newPage();
    await loginViaApi(otherPage, user);
    await otherPage.goto('/account');
    await expect(otherPage).toHaveURL(/\/account$/);
    await page.goto('/account');
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('brand-new-pass-7');
    await page.getByLabel('Repeat new password').fill('brand-new-pass-7');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('currentPassword-error')).toHaveText('That is not your current password.');

    await page.getByLabel('Current password').fill(user.password);
    await page.getByLabel('New password', { exact: true }).fill('brand-new-pass-7');
    await page.getByLabel('Repeat new password').fill('brand-new-pass-7');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('password-success')).toBeVisible();

    // This device stays signed in; the other one is signed out.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/account$/);
    await otherPage.goto('/account');
    await expect(otherPage).toHaveURL(/\/login/);
    await other.close();

    await page.context().clearCookies();
    await loginViaForm(page, { email: user.email, password: 'brand-new-pass-7' });
  });
});

test.describe('hostile input', () => {
  test('direct sign-up POSTs with bad input get 4xx or a friendly error and change nothing', async ({
    page,
    db,
    createUser,
  }) => {
    const existing = await createUser();
    const userCount = () => (db.prepare('SELECT COUNT(*) AS n FROM "User"').get() as { n: number }).n;

    // Capture the real action id and a valid CSRF token from the browser's own submission.
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Probe');
    await page.getByLabel('E-mail').fill('probe@example.test');
    await page.getByLabel('Password').fill('weak');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
      page.getByRole('button', { name: 'Create account' }).click(),
    ]);
    const actionId = request.headers()['next-action'] ?? '';
    const csrfToken = /name="_1_csrfToken"\r\n\r\n([^\r]+)/.exec(request.postData() ?? '')?.[1] ?? '';
    expect(actionId).not.toBe('');
    expect(csrfToken).not.toBe('');

    const before = userCount();
    const send = async (fields: Record<string, string>) => {
      // React's encoding: the form's fields as _1_<name>, then the argument list in "0".
      // Order matters (the server decodes as it streams), and an object would put "0" first.
      const multipart = new FormData();
      for (const [k, v] of Object.entries(fields)) multipart.append(`_1_${k}`, v);
      multipart.append('0', '[null,"$K1"]');
      const res = await page.request.post('/signup', {
        headers: { 'next-action': actionId, accept: 'text/x-component', origin: new URL(page.url()).origin },
        multipart,
      });
      return { status: res.status(), text: await res.text() };
    };
    const good = { name: 'Mallory', email: 'mallory@example.test', password: 'strong-pass-123', csrfToken };

    const cases: Array<[string, Record<string, string>, RegExp]> = [
      [
        'missing CSRF token',
        { name: good.name, email: good.email, password: good.password },
        /did not come from PacketPath/,
      ],
      ['forged CSRF token', { ...good, csrfToken: 'abc.def' }, /did not come from PacketPath/],
      ['unknown field', { ...good, role: 'ADMIN' }, /fields we do not accept \(role\)/],
      ['oversized name', { ...good, name: 'n'.repeat(100_000) }, /at most 80 characters/],
      ['weak password', { ...good, password: 'password' }, /number or symbol/],
      ['duplicate e-mail', { ...good, email: existing.email }, /already exists/],
    ];
    for (const [label, fields, expected] of cases) {
      const { status, text } = await send(fields);
      expect(status, label).toBeLessThan(500);
      expect(text, label).toMatch(expected);
    }
    // A body over Next's 1 MB server-action limit is refused before our code runs.
    const huge = await send({ ...good, password: 'x1'.repeat(600_000) });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);

    expect(userCount()).toBe(before);
    expect(roleOf(db, 'mallory@example.test')).toBeUndefined();
  });

  test('a sign-in POST without the next-auth CSRF token is refused without a session', async ({
    page,
    createUser,
  }) => {
    const user = await createUser();
    const res = await page.request.post('/api/auth/callback/credentials', {
      form: { email: user.email, password: user.password, json: 'true' },
      maxRedirects: 0,
    });
    expect(res.status()).toBeLessThan(500);
    const session = (await (await page.request.get('/api/auth/session')).json()) as { user?: unknown };
    expect(session.user).toBeUndefined();

    const huge = await page.request.post('/api/auth/callback/credentials', {
      form: { email: user.email, password: 'x'.repeat(100_000), json: 'true' },
      maxRedirects: 0,
    });
    expect(huge.status()).toBe(413);
  });
});
