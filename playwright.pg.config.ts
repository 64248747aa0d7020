/**
 * The two-instance end-to-end suite (e2e-pg/): two `next start` instances of one build on one throwaway
 * PostgreSQL (scripts/e2e-pg-servers.mts), journeys alternating between them. `npm run test:e2e` runs it
 * after the SQLite suite. Ports: E2E_PG_BASE_URLS (default http://127.0.0.1:3101,http://127.0.0.1:3111).
 */
import { defineConfig, devices } from '@playwright/test';
import base from './playwright.config';
import { E2E_ENV } from './e2e/env';
import { PG_INSTANCES, PG_URL_FILE } from './e2e-pg/env';

export default defineConfig({
  ...base,
  testDir: './e2e-pg',
  use: { ...base.use, baseURL: PG_INSTANCES[0] },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: base.projects?.[0]?.use?.launchOptions },
    },
  ],
  webServer: {
    command: 'npx tsx scripts/e2e-pg-servers.mts',
    // The first instance; the specs wait for the second one's readiness themselves.
    url: `${PG_INSTANCES[0]}/api/ready`,
    reuseExistingServer: false,
    timeout: 120_000,
    // SIGTERM, not Playwright's default SIGKILL of the process group: the script then stops its instances and
    // drops its PostgreSQL cluster (killed, it left the cluster running and its folder in /tmp).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ...E2E_ENV,
      E2E_PG_BASE_URLS: PG_INSTANCES.join(','),
      E2E_PG_URL_FILE: PG_URL_FILE,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
    },
  },
});
