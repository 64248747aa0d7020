/**
 * Unit tests (vitest). E2E tests live in e2e/ and run under Playwright.
 * @see https://vitest.dev/config/
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      // `server-only` throws when imported outside a React Server bundle;
      // tests import server modules directly, so give them an empty stub.
      { find: /^server-only$/, replacement: path.join(root, 'tests/stubs/server-only.ts') },
      // Same as tsconfig `paths`.
      { find: /^@\//, replacement: `${root}/` },
    ],
  },
  test: {
    environment: 'node',
    // content/ holds the content gate tests (question bank and scenario files parse cleanly).
    include: [
      'lib/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/**/*.test.ts',
      'app/**/*.test.ts',
      'content/**/*.test.ts',
    ],
    exclude: ['e2e/**', 'node_modules/**', '.next/**'],
    // Migrates tests/prisma/base.db once per run; see tests/support/db.ts.
    globalSetup: ['tests/setup/global-db.ts'],
    setupFiles: ['tests/setup/fail-on-console.ts'],
    // argon2 hashing and the wasm schema engine are CPU-bound; on 2 cores the
    // default 5 s can be tight when suites run in parallel.
    testTimeout: 20_000,
  },
});
