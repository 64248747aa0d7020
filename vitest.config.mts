/**
 * Unit tests (vitest). E2E tests live in e2e/ and run under Playwright.
 * @see https://vitest.dev/config/
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

/** The tests that use a database (tests/support/db.ts): they run on SQLite and again on PostgreSQL. */
const DATABASE_TESTS = [
  'lib/server/**/*.test.ts',
  'app/**/*.test.ts',
  'scripts/seed*.test.ts',
  'tests/**/*.db.test.ts',
];

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
    exclude: ['e2e/**', 'node_modules/**', '.next/**'],
    // Two projects, one run (ADR 009): everything on SQLite, and the tests that touch the database again
    // on a real PostgreSQL (a throwaway cluster started by tests/setup/global-pg.ts). tests/support/db.ts
    // gives each test a fresh database of the project's engine.
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          // content/ holds the content gate tests (question bank and scenario files parse cleanly).
          include: [
            'lib/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/**/*.test.ts',
            'app/**/*.test.ts',
            'content/**/*.test.ts',
          ],
          // Migrates tests/prisma/base.db once per run; see tests/support/db.ts.
          globalSetup: ['tests/setup/global-db.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: DATABASE_TESTS,
          // SQLite's connection settings (PRAGMAs) only mean something on SQLite.
          exclude: ['lib/server/db/client.test.ts'],
          env: { TEST_DB: 'postgres' },
          // Each query is a round trip to a server process (the whole seed: ~2,000 of them), and on a busy
          // 2-core machine that took up to 26 s.
          testTimeout: 60_000,
          globalSetup: ['tests/setup/global-pg.ts'],
        },
      },
    ],
    setupFiles: ['tests/setup/fail-on-console.ts'],
    // argon2 hashing and the wasm schema engine are CPU-bound; on 2 cores the
    // default 5 s can be tight when suites run in parallel.
    testTimeout: 20_000,
  },
});
