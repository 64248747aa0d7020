/**
 * ESLint flat config (Next 16 removed `next lint`; run `npm run lint` = `eslint .`).
 * - eslint-config-next core-web-vitals + typescript presets.
 * - typescript-eslint type-checked rules for TS files (projectService).
 * - Boundary rule: lib/engine, lib/grader and lib/scenario stay pure TS, so
 *   they may not import framework, database, server-only or node: modules.
 * @see https://nextjs.org/docs/app/api-reference/config/eslint
 * @see https://typescript-eslint.io/getting-started/typed-linting
 */
import { defineConfig, globalIgnores } from 'eslint/config';
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

const PURE_MODULE_BANS = {
  paths: [
    {
      name: 'next',
      message: 'lib/engine, lib/grader and lib/scenario are pure TypeScript: no framework imports.',
    },
    { name: 'next-auth', message: 'Pure modules must not depend on auth.' },
    { name: 'react', message: 'Pure modules must not depend on React.' },
    { name: 'react-dom', message: 'Pure modules must not depend on React.' },
    { name: 'server-only', message: 'Pure modules run anywhere (tests, browser, scripts).' },
  ],
  patterns: [
    {
      group: ['next/*', 'next-auth/*', 'react/*', 'react-dom/*'],
      message: 'Pure modules must not depend on the framework.',
    },
    {
      group: ['@prisma/*', '**/generated/**', 'generated/*', '@/generated/*'],
      message: 'Pure modules must not touch the database.',
    },
    { group: ['node:*'], message: 'Pure modules must not do I/O; pass data in instead.' },
    { group: ['**/lib/server/**', '@/lib/server/*'], message: 'Pure modules must not import server code.' },
  ],
};

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
    files: ['lib/engine/**', 'lib/grader/**', 'lib/scenario/**', 'lib/troubleshoot/**'],
    // Tests and fixture generators may read files; the shipped modules may not.
    ignores: ['**/*.test.ts', '**/*.test.mts', '**/__fixtures__/**', '**/tests/**'],
    rules: { 'no-restricted-imports': ['error', PURE_MODULE_BANS] },
  },
]);
