// @ts-check
/**
 * Environment variables, validated once with zod.
 *
 * Plain JS (not TS) because next.config.js imports it, so a bad environment
 * fails `next build` and `next start` before any request is served.
 * Code reads `env.X`, never `process.env.X`.
 * Keep this file free of `import 'server-only'`: next.config.js loads it.
 * CommonJS because package.json has no "type": ESM syntax in a .js file makes
 * Node print MODULE_TYPELESS_PACKAGE_JSON on every build and start.
 *
 * Set SKIP_ENV_VALIDATION=1 to skip (e.g. a container build without secrets).
 * @see https://env.t3.gg/docs/nextjs (same idea, without the dependency)
 */
const { z } = require('zod');

const DEV_SECRET = 'packetpath-dev-secret-not-for-production-0123456789';

const isProduction = process.env.NODE_ENV === 'production';

/** Treat '' like unset, so `FOO=` in .env falls back to the default. */
const emptyAsUndefined = (/** @type {unknown} */ v) => (v === '' ? undefined : v);

const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^(file:|postgres(ql)?:\/\/)/i,
        'DATABASE_URL must be a SQLite URL such as file:./prisma/dev.db or a PostgreSQL URL such as postgresql://user:password@host:5432/db',
      )
      .default('file:./prisma/dev.db'),
  ),
  // Production must bring its own secret; development and tests get a fixed,
  // clearly-labelled one so `npm run dev` works with no setup.
  NEXTAUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    isProduction
      ? z
          .string({
            error:
              'NEXTAUTH_SECRET is required in production (32+ characters, e.g. `openssl rand -base64 32`)',
          })
          .min(32, 'NEXTAUTH_SECRET must be at least 32 characters')
      : z.string().min(16).default(DEV_SECRET),
  ),
  // next-auth reads NEXTAUTH_URL itself; we only check it is a URL when set.
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Failed sign-ins allowed per account inside the window before refusing. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(1000).default(5),
  ),
  /** Failed sign-ins allowed per client (IP) inside the window; higher because of shared NAT. */
  LOGIN_MAX_FAILURES_PER_CLIENT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(10000).default(20),
  ),
  LOGIN_WINDOW_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
  ),
  /**
   * Sign-up attempts (created or refused as a taken e-mail) allowed per client (IP) inside the window; the
   * next one is refused before its password is hashed. Each costs an argon2id hash, so keep it small.
   */
  SIGNUP_MAX_ATTEMPTS_PER_CLIENT: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(10000).default(5),
  ),
  SIGNUP_WINDOW_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
  ),
  /** Server log level (lib/server/observability/log.ts); Vitest runs default to silent. */
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default(process.env.VITEST ? 'silent' : 'info'),
  ),
});

/** @typedef {z.infer<typeof serverSchema>} Env */

/**
 * SKIP_ENV_VALIDATION (for builds without secrets) still applies defaults to
 * the other variables, but never invents a secret: a production server
 * started this way without NEXTAUTH_SECRET fails in next-auth instead of
 * signing sessions with a publicly known key.
 */
const lenientSchema = serverSchema.extend({
  NEXTAUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.string().optional()),
});

/** @returns {Env} */
function load() {
  const input = {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL,
    LOGIN_MAX_FAILURES_PER_ACCOUNT: process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    LOGIN_MAX_FAILURES_PER_CLIENT: process.env.LOGIN_MAX_FAILURES_PER_CLIENT,
    LOGIN_WINDOW_MINUTES: process.env.LOGIN_WINDOW_MINUTES,
    SIGNUP_MAX_ATTEMPTS_PER_CLIENT: process.env.SIGNUP_MAX_ATTEMPTS_PER_CLIENT,
    SIGNUP_WINDOW_MINUTES: process.env.SIGNUP_WINDOW_MINUTES,
    LOG_LEVEL: process.env.LOG_LEVEL,
  };
  const skip = Boolean(process.env.SKIP_ENV_VALIDATION);
  const parsed = skip ? lenientSchema.safeParse(input) : serverSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`);
  }
  return /** @type {Env} */ (parsed.data);
}

const env = load();

module.exports = { env };
