/**
 * `.env` handling for our tsx scripts. Next.js loads `.env` itself for
 * `next build`/`next start`; Prisma 7 and tsx do not, so scripts call
 * {@link loadDotEnv} first. {@link ensureDotEnv} is the "create .env from safe
 * defaults" step of `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { DEFAULT_DATABASE_URL } from '../lib/server/db/sqlite-adapter.ts';

/**
 * Loads `file` into `env` without overriding variables that are already set,
 * so `DATABASE_URL=… npm run db:migrate:deploy` wins over `.env`.
 * Returns the names it set; a missing file is not an error.
 */
export function loadDotEnv(file: string, env: Record<string, string | undefined> = process.env): string[] {
  if (!existsSync(file)) return [];
  const parsed = parseEnv(readFileSync(file, 'utf8'));
  const set: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined && value !== undefined) {
      env[key] = value;
      set.push(key);
    }
  }
  return set;
}

/** A fresh secret for next-auth's JWT/cookie signing: 32 random bytes, base64url. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The variables `npm start` guarantees, with safe local defaults. `PORT`
 * only shapes NEXTAUTH_URL so that a first run on another port still signs in.
 */
export function defaultEnvValues(
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const port = env.PORT?.trim() || '3000';
  return {
    DATABASE_URL: DEFAULT_DATABASE_URL,
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: generateSecret(),
  };
}

export interface EnsureDotEnvResult {
  /** True when the file did not exist and was written. */
  created: boolean;
  /** Keys appended (or written, when created). */
  added: string[];
}

/**
 * Creates `file` with {@link defaultEnvValues} when it is missing, or appends
 * the required keys an existing file lacks. Never changes a value that is
 * there, so re-running is a no-op. Keys set in the process environment are
 * not written: they are the operator's choice for this run, not a default.
 * The file is written 0600 because it holds the session secret.
 */
export function ensureDotEnv(
  file: string,
  env: Record<string, string | undefined> = process.env,
): EnsureDotEnvResult {
  const exists = existsSync(file);
  const current = exists ? readFileSync(file, 'utf8') : '';
  const present = parseEnv(current);
  const defaults = defaultEnvValues(env);
  const missing = Object.keys(defaults).filter((k) => present[k] === undefined && !env[k]?.trim());
  if (exists && missing.length === 0) return { created: false, added: [] };

  const lines = missing.map((k) => `${k}=${JSON.stringify(defaults[k])}`);
  if (!exists) {
    const header = [
      '# Created by `npm start` with safe local defaults. Not committed (see .gitignore).',
      '# See .env.example for every variable.',
    ];
    writeFileSync(file, `${[...header, ...lines].join('\n')}\n`, { mode: 0o600 });
    return { created: true, added: missing };
  }
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  writeFileSync(file, `${current}${sep}# Added by \`npm start\`:\n${lines.join('\n')}\n`, { mode: 0o600 });
  return { created: false, added: missing };
}
