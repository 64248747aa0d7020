/**
 * ESLint flat config (Next 16 removed `next lint`; run `npm run lint` = `eslint .`).
 * - eslint-config-next core-web-vitals + typescript presets.
 * - typescript-eslint type-checked rules for TS files (projectService).
 * - Import rules (ADR 020): server-only modules (next/headers, Prisma, node:*, lib/server/**, …) only from
 *   lib/server, app, proxy/instrumentation, scripts and tests; lib/engine, lib/grader, lib/scenario and
 *   lib/troubleshoot stay pure TS (no framework either). tests/import-rules.test.ts proves each rule fires.
 * @see https://nextjs.org/docs/app/api-reference/config/eslint
 * @see https://typescript-eslint.io/getting-started/typed-linting
 */
import { defineConfig, globalIgnores } from 'eslint/config';
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

/**
 * Server-only modules (ADR 020): the request (next/headers, next/cache), the session (next-auth's server side),
 * the database (Prisma, pg, better-sqlite3), password hashing, logging, Node's built-ins, and lib/server itself.
 * Only lib/server/**, app/**, proxy.ts, instrumentation.ts, scripts/** and the tests may import them; the rest of
 * lib/ and components/ run in the browser too. (A client component under app/ that reaches lib/server fails the
 * build: every lib/server entry module imports `server-only`.)
 */
const SERVER_ONLY =
  'is server-only: import it from lib/server/**, app/** or scripts/**, not from shared code.';
const SERVER_ONLY_PATHS = [
  'server-only',
  'next/headers',
  'next/cache',
  'next-auth',
  'next-auth/jwt',
  'pg',
  'better-sqlite3',
  '@node-rs/argon2',
  'pino',
].map((name) => ({ name, message: `${name} ${SERVER_ONLY}` }));
const SERVER_ONLY_PATTERNS = [
  { regex: '^node:', message: `Node built-ins are I/O and ${SERVER_ONLY}` },
  {
    group: ['@prisma/*', '**/generated/**', 'generated/*', '@/generated/*'],
    message: `The database ${SERVER_ONLY}`,
  },
  // '@/lib/server/…', '../../lib/server/…' (from components/) and '../server/…', '../../server/…' (from lib/).
  { regex: '(^|/)lib/server(/|$)|^(\\.\\./)+server(/|$)', message: `lib/server ${SERVER_ONLY}` },
];
/** The same list for dynamic import(), which no-restricted-imports does not see. */
const SERVER_ONLY_DYNAMIC = {
  selector: `ImportExpression[source.value=/^(node:|server-only$|next\\/headers$|next-auth(\\/jwt)?$|@prisma\\/|pg$)|(^|\\/)lib\\/server(\\/|$)|^(\\.\\.\\/)+server(\\/|$)/]`,
  message: `This module ${SERVER_ONLY}`,
};

/** lib/engine, lib/grader and lib/scenario are pure TypeScript (ADR 003): no framework either. */
const PURE_MODULE_BANS = {
  paths: [
    ...SERVER_ONLY_PATHS,
    {
      name: 'next',
      message: 'lib/engine, lib/grader and lib/scenario are pure TypeScript: no framework imports.',
    },
    { name: 'react', message: 'Pure modules must not depend on React.' },
    { name: 'react-dom', message: 'Pure modules must not depend on React.' },
  ],
  patterns: [
    ...SERVER_ONLY_PATTERNS,
    {
      group: ['next/*', 'next-auth/*', 'react/*', 'react-dom/*'],
      message: 'Pure modules must not depend on the framework.',
    },
  ],
};

/** Where the rules apply: shipped code, not its tests or fixture generators (they may read files). */
const NOT_TESTS = ['**/*.test.ts', '**/*.test.mts', '**/*.test.tsx', '**/__fixtures__/**'];

export default defineConfig([
  globalIgnores([
    'generated/**',
    '.next/**',
    'node_modules/**',
    'next-env.d.ts',
    'coverage/**',
    'test-results/**',
    'playwright-report/**',
    'blob-report/**',
    '.bench/**',
    // Untracked root-level scratch scripts (e.g. a local .smoke-*.mjs) are not project code.
    '.*.{js,mjs,cjs,ts,mts}',
  ]),
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Plain JS/CJS config files (next.config.js, lib/env.js) are not in the TS project.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests: vitest matchers (expect.any, expect.objectContaining) are typed `any`,
    // and async stubs of async interfaces need no await. Both rules are noise here.
    files: ['**/*.test.ts', '**/*.test.mts', '**/*.test.tsx', 'tests/**', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Playwright fixtures receive a callback named `use`, which is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // JSON columns go through lib/server/db/json.ts only (ADR 019). Other JSON (a request body, a CLI's
    // output) is allowed line by line: `// eslint-disable-next-line no-restricted-properties -- <what it is>`.
    files: [
      'lib/server/**',
      'app/**/*.ts',
      'scripts/seed*.mts',
      'scripts/release.mts',
      'scripts/bank-*.mts',
      'scripts/load-quiz.mts',
      'scripts/soak.mts',
    ],
    ignores: ['**/*.test.ts', 'lib/server/db/json.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['parse', 'stringify'].map((property) => ({
          object: 'JSON',
          property,
          message:
            'Read and write JSON columns through lib/server/db/json.ts (toJson, parseJson, …). Not a column? Disable this line with a reason.',
        })),
      ],
    },
  },
  {
    // Shared code (runs in the browser too): no server-only module (ADR 020).
    files: ['lib/**', 'components/**'],
    ignores: ['lib/server/**', ...NOT_TESTS],
    rules: {
      'no-restricted-imports': ['error', { paths: SERVER_ONLY_PATHS, patterns: SERVER_ONLY_PATTERNS }],
      'no-restricted-syntax': ['error', SERVER_ONLY_DYNAMIC],
    },
  },
  {
    // The engine, loader, grader, troubleshooting checks and review transforms: not even the framework (ADR 003).
    // Replaces the rule above for these files.
    files: ['lib/engine/**', 'lib/grader/**', 'lib/scenario/**', 'lib/troubleshoot/**', 'lib/review/**'],
    ignores: NOT_TESTS,
    rules: { 'no-restricted-imports': ['error', PURE_MODULE_BANS] },
  },
]);
