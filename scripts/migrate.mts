/**
 * Migration CLI (replaces `prisma migrate`, see docs/decisions/001-database.md):
 *
 *   tsx scripts/migrate.mts create <name> [--empty]   npm run db:migrate:create -- <name>
 *   tsx scripts/migrate.mts deploy                    npm run db:migrate:deploy
 *   tsx scripts/migrate.mts status                    npm run db:status
 *   tsx scripts/migrate.mts resolve --rolled-back|--applied <name>   (after a failed deploy)
 *
 * Acts on DATABASE_URL (from the environment, else `.env`, else prisma/dev.db): a `file:` URL uses
 * prisma/schema.prisma + prisma/migrations, a `postgresql://` URL uses prisma/postgres/schema.prisma +
 * prisma/postgres/migrations (ADR 009). `create` writes the migrations of both databases (whichever
 * differ from the schema) and needs no database server.
 * `status` exits 1 when the database is not up to date, like `prisma migrate status`.
 */
import path from 'node:path';
import { redactUrl } from '../lib/server/db/url.ts';
import { databaseUrlFromEnv } from '../lib/server/db/sqlite-adapter.ts';
import { loadDotEnv } from './env.mts';
import {
  createMigration,
  createPostgresMigration,
  deployMigrations,
  layoutFor,
  migrationStatus,
  projectLayout,
  resolveMigration,
} from './migrations.mts';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAYOUT = projectLayout(ROOT);

const USAGE =
  'Usage: tsx scripts/migrate.mts create <name> [--empty] | deploy | status | resolve --rolled-back|--applied <name>';

async function main(argv: string[]): Promise<number> {
  loadDotEnv(path.join(ROOT, '.env'));
  const databaseUrl = databaseUrlFromEnv();
  const shown = redactUrl(databaseUrl);
  const [command, ...rest] = argv;

  switch (command) {
    case 'create': {
      const name = rest.find((a) => !a.startsWith('--'));
      if (!name) {
        process.stderr.write(`Missing migration name.\n${USAGE}\n`);
        return 2;
      }
      const now = new Date();
      const empty = rest.includes('--empty');
      const sqlite = await createMigration({
        schemaPath: LAYOUT.sqliteSchema,
        migrationsDir: LAYOUT.sqliteMigrations,
        name,
        empty,
        now,
      });
      const postgres = await createPostgresMigration({ layout: LAYOUT, name, empty, now });
      const created = [sqlite, postgres].flatMap((r) => (r.created ? [r.dir] : []));
      if (!created.length) {
        process.stdout.write('No schema changes; no migration created.\n');
        return 0;
      }
      process.stdout.write(
        created.map((d) => `Created ${path.relative(ROOT, d)}/migration.sql\n`).join('') +
          'Review them, commit them with prisma/schema.prisma and prisma/postgres/, then apply with: npm run db:migrate:deploy\n',
      );
      return 0;
    }
    case 'deploy': {
      const applied = await deployMigrations({ ...layoutFor(LAYOUT, databaseUrl), databaseUrl });
      process.stdout.write(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${shown}:\n${applied.map((n) => `  ${n}\n`).join('')}`
          : `No pending migrations (${shown}).\n`,
      );
      return 0;
    }
    case 'status': {
      const s = await migrationStatus({ ...layoutFor(LAYOUT, databaseUrl), databaseUrl });
      const lines = [`Database: ${shown}`];
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
      await resolveMigration({ ...layoutFor(LAYOUT, databaseUrl), databaseUrl, name, as });
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
