/**
 * Migration CLI (replaces `prisma migrate`, see docs/decisions/001-database.md):
 *
 *   tsx scripts/migrate.mts create <name> [--empty]   npm run db:migrate:create -- <name>
 *   tsx scripts/migrate.mts deploy                    npm run db:migrate:deploy
 *   tsx scripts/migrate.mts status                    npm run db:status
 *   tsx scripts/migrate.mts resolve --rolled-back|--applied <name>   (after a failed deploy)
 *
 * Acts on DATABASE_URL (from the environment, else `.env`, else prisma/dev.db).
 * `status` exits 1 when the database is not up to date, like `prisma migrate status`.
 */
import path from 'node:path';
import { databaseUrlFromEnv } from '../lib/sqlite-adapter.ts';
import { loadDotEnv } from './env.mts';
import { createMigration, deployMigrations, migrationStatus, resolveMigration } from './migrations.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCHEMA = path.join(ROOT, 'prisma', 'schema.prisma');
const MIGRATIONS = path.join(ROOT, 'prisma', 'migrations');

const USAGE =
  'Usage: tsx scripts/migrate.mts create <name> [--empty] | deploy | status | resolve --rolled-back|--applied <name>';

async function main(argv: string[]): Promise<number> {
  loadDotEnv(path.join(ROOT, '.env'));
  const databaseUrl = databaseUrlFromEnv();
  const [command, ...rest] = argv;

  switch (command) {
    case 'create': {
      const name = rest.find((a) => !a.startsWith('--'));
      if (!name) {
        process.stderr.write(`Missing migration name.\n${USAGE}\n`);
        return 2;
      }
      const result = await createMigration({
        schemaPath: SCHEMA,
        migrationsDir: MIGRATIONS,
        name,
        empty: rest.includes('--empty'),
      });
      if (!result.created) {
        process.stdout.write('No schema changes; no migration created.\n');
        return 0;
      }
      process.stdout.write(
        `Created ${path.relative(ROOT, result.dir)}/migration.sql\n` +
          'Review it, then apply it with: npm run db:migrate:deploy\n',
      );
      return 0;
    }
    case 'deploy': {
      const applied = await deployMigrations({ schemaPath: SCHEMA, migrationsDir: MIGRATIONS, databaseUrl });
      process.stdout.write(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${databaseUrl}:\n${applied.map((n) => `  ${n}\n`).join('')}`
          : `No pending migrations (${databaseUrl}).\n`,
      );
      return 0;
    }
    case 'status': {
      const s = await migrationStatus({ schemaPath: SCHEMA, migrationsDir: MIGRATIONS, databaseUrl });
      const lines = [`Database: ${databaseUrl}`];
      const list = (label: string, names: string[]): void => {
        if (names.length) lines.push(`${label}:`, ...names.map((n) => `  ${n}`));
      };
      list('Pending (run npm run db:migrate:deploy)', s.pending);
      list('Failed (fix, then: tsx scripts/migrate.mts resolve --rolled-back <name>)', s.failed);
      list('Edited after being applied', s.edited);
      list('Applied but missing from prisma/migrations', s.unknownApplied);
      if (s.upToDate) lines.push('Database schema is up to date.');
      process.stdout.write(`${lines.join('\n')}\n`);
      return s.upToDate ? 0 : 1;
    }
    case 'resolve': {
      const as = rest.includes('--applied')
        ? 'applied'
        : rest.includes('--rolled-back')
          ? 'rolled-back'
          : undefined;
      const name = rest.find((a) => !a.startsWith('--'));
      if (!as || !name) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      await resolveMigration({ schemaPath: SCHEMA, migrationsDir: MIGRATIONS, databaseUrl, name, as });
      process.stdout.write(`Marked ${name} as ${as}.\n`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
