/**
 * The two schemas and the two migration sets stay in step (ADR 009). When this fails after a change to
 * prisma/schema.prisma, run `npm run db:migrate:create -- <describe_change>`: it rewrites
 * prisma/postgres/schema.prisma and writes the missing SQLite and/or PostgreSQL migration.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresSchema } from './postgres-schema';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const FIX = 'run `npm run db:migrate:create -- <describe_change>` and commit prisma/postgres/';

describe('one schema, two databases', () => {
  it('prisma/postgres/schema.prisma is generated from prisma/schema.prisma', () => {
    expect(read('prisma/postgres/schema.prisma'), FIX).toBe(postgresSchema(read('prisma/schema.prisma')));
  });

  it('the PostgreSQL migrations cover the current schema (their snapshot is the schema)', () => {
    expect(existsSync(path.join(ROOT, 'prisma/postgres/migrated.prisma')), FIX).toBe(true);
    expect(read('prisma/postgres/migrated.prisma'), FIX).toBe(read('prisma/postgres/schema.prisma'));
  });

  it('each migration folder is locked to its provider', () => {
    expect(read('prisma/migrations/migration_lock.toml')).toContain('provider = "sqlite"');
    expect(read('prisma/postgres/migrations/migration_lock.toml')).toContain('provider = "postgresql"');
    const pg = readdirSync(path.join(ROOT, 'prisma/postgres/migrations')).filter((d) => /^\d{14}_/.test(d));
    expect(pg.length).toBeGreaterThan(0);
  });
});

describe('postgresSchema', () => {
  it('switches the provider and output and makes every DateTime a timestamptz, keeping comments', () => {
    const out = postgresSchema(
      [
        'generator client {',
        '  provider = "prisma-client"',
        '  output   = "../generated/prisma"',
        '}',
        'datasource db {',
        '  provider = "sqlite"',
        '}',
        'model A {',
        '  id   String @id',
        '  // at DateTime commented out',
        '  at   DateTime @default(now()) // when',
        '  seen DateTime?',
        '}',
      ].join('\n'),
    );
    expect(out).toContain('output   = "../../generated/prisma-pg"');
    expect(out).toContain('provider = "postgresql"');
    expect(out).toContain('provider = "prisma-client"');
    expect(out).toContain('  at   DateTime @default(now()) @db.Timestamptz(3) // when');
    expect(out).toContain('  seen DateTime? @db.Timestamptz(3)');
    expect(out).toContain('  // at DateTime commented out');
  });
});
