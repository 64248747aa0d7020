/**
 * End-to-end tests against the production build (`next start`) on
 * 127.0.0.1:3100 with a fresh SQLite file per run (prisma/e2e.db).
 * `npm run test:e2e` builds first; `npx playwright test` alone expects a build.
 *
 * Browser: $PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's /usr/bin/chromium,
 * else Playwright's own download. Playwright 1.65 accepts Chromium 156.
 * @see https://playwright.dev/docs/test-configuration
 * @see /work/shared/STACK-NOTES.md §4
 */
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { E2E_ENV, E2E_BASE_URL } from './e2e/env';

const CI = Boolean(process.env.CI);

function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined; // Playwright's bundled Chromium (`npx playwright install chromium`).
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumExecutable() },
      },
    },
  ],
  webServer: {
    command: 'npm run e2e:server',
    url: `${E2E_BASE_URL}/api/auth/providers`,
    // A fresh database per run, so never reuse a server that might hold old data.
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { ...E2E_ENV },
  },
});
