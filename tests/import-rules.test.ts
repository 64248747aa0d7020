/**
 * The import rules of eslint.config.mjs (ADR 020) fire where they should and nowhere else: each case lints a
 * one-line module, as if it sat at `file`, with the project's real ESLint config (type-aware rules switched off,
 * as the file does not exist on disk), and checks whether the import was refused.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { files: ['**/*.ts', '**/*.tsx', '**/*.mts'], ...tseslint.configs.disableTypeChecked },
  });
});

/** The import-rule messages for `code` linted as `file`. */
async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = 1;\n`, { filePath: file });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && RULES.has(m.ruleId))
    .map((m) => m.message);
}

const REFUSED: Array<[file: string, code: string]> = [
  // Shared code (lib outside lib/server, components) runs in the browser too.
  ['lib/quiz/probe.ts', "import 'server-only';"],
  ['lib/quiz/probe.ts', "import { cookies } from 'next/headers';"],
  ['lib/quiz/probe.ts', "import { revalidatePath } from 'next/cache';"],
  ['lib/quiz/probe.ts', "import { getServerSession } from 'next-auth';"],
  ['lib/quiz/probe.ts', "import { readFileSync } from 'node:fs';"],
  ['lib/quiz/probe.ts', "import { PrismaClient } from '@prisma/client';"],
  ['lib/quiz/probe.ts', "import { PrismaClient } from '../../generated/prisma/client.ts';"],
  ['lib/quiz/probe.ts', "import pg from 'pg';"],
  ['lib/quiz/probe.ts', "import { db } from '@/lib/server/db';"],
  ['lib/quiz/probe.ts', "import { db } from '../server/db';"],
  ['lib/trace-player/nested/probe.ts', "import { db } from '../../server/db/index.ts';"],
  ['lib/validation/probe.ts', "import type { SessionUser } from '@/lib/server/auth';"],
  ['lib/quiz/probe.ts', "export { db } from '@/lib/server/db';"],
  ['lib/quiz/probe.ts', "const m = await import('@/lib/server/db');"],
  ['lib/quiz/probe.ts', "const fs = await import('node:fs');"],
  ['components/probe.tsx', "import { getSession } from '@/lib/server/auth';"],
  ['components/ui/probe.tsx', "import { createCsrfToken } from '../../lib/server/auth/csrf';"],
  // The engine, loader and grader: not even the framework.
  ['lib/engine/probe.ts', "import { useState } from 'react';"],
  ['lib/engine/trace/probe.ts', "import { notFound } from 'next/navigation';"],
  ['lib/grader/probe.ts', "import { readFileSync } from 'node:fs';"],
  ['lib/scenario/probe.ts', "import { db } from '../server/db';"],
];

const ALLOWED: Array<[file: string, code: string]> = [
  ['lib/server/probe.ts', "import 'server-only';\nimport { cookies } from 'next/headers';"],
  ['lib/server/auth/probe.ts', "import { readFileSync } from 'node:fs';\nimport { db } from '../db';"],
  ['app/(app)/probe/page.tsx', "import { requireUser } from '@/lib/server/auth';"],
  ['app/api/probe/route.ts', "import { headers } from 'next/headers';"],
  ['scripts/probe.mts', "import { createDbClient } from '../lib/server/db/client.ts';"],
  ['proxy.ts', "import { readSessionToken } from './lib/server/auth/session-token';"],
  ['lib/quiz/probe.ts', "import { buildModel } from '@/lib/engine';\nimport { z } from 'zod';"],
  ['lib/trace-player/probe.ts', "import { useId } from 'react';"],
  ['components/probe.tsx', "import { signOut } from 'next-auth/react';\nimport Link from 'next/link';"],
  ['lib/engine/probe.ts', "import { parseScenario } from '../scenario';"],
  // Tests may read fixtures from disk.
  ['lib/engine/probe.test.ts', "import { readFileSync } from 'node:fs';"],
];

describe('import rules (eslint.config.mjs)', () => {
  it.each(REFUSED)('refuses in %s: %s', async (file, code) => {
    expect(await refusals(file, code)).not.toEqual([]);
  });

  it.each(ALLOWED)('allows in %s: %s', async (file, code) => {
    expect(await refusals(file, code)).toEqual([]);
  });
});
