/**
 * Prisma CLI configuration. We only use the CLI for `prisma generate`;
 * migrations run through scripts/migrate.mts (wasm schema engine), see
 * docs/decisions/001-database.md.
 *
 * NOTE: Prisma 7 does not read `.env`, and `env("DATABASE_URL")` throws when
 * the variable is unset, so we fall back to the default dev database.
 * @see https://www.prisma.io/docs/orm/reference/prisma-config-reference
 */
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./prisma/dev.db' },
});
