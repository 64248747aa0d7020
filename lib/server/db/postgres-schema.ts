/**
 * One schema, two databases (docs/decisions/009-sqlite-and-postgresql.md).
 *
 * `prisma/schema.prisma` (SQLite) is the only schema anyone edits. The PostgreSQL schema,
 * `prisma/postgres/schema.prisma`, is derived from it by {@link postgresSchema} and committed; the
 * migration runner regenerates it before creating migrations (`npm run db:migrate:create`), and
 * `lib/server/db/schema-sync.test.ts` fails when the committed file is stale. The derivation only changes what
 * PostgreSQL does better without changing the generated client's TypeScript types:
 *
 * - the datasource provider (`postgresql`) and the generator's output (`generated/prisma-pg`);
 * - every `DateTime` column becomes `timestamptz(3)` (`@db.Timestamptz(3)`): instants, not local times.
 *
 * Pure module: no I/O, so it is usable from scripts, tests and the runner.
 */

export const POSTGRES_SCHEMA_HEADER =
  '// GENERATED from prisma/schema.prisma by lib/server/db/postgres-schema.ts: do not edit.\n' +
  '// Edit prisma/schema.prisma, then run `npm run db:migrate:create -- <name>` (writes this file and\n' +
  '// the migrations for both databases). See docs/decisions/009-sqlite-and-postgresql.md.\n';

/** The PostgreSQL schema for the SQLite schema text `sqlite`. */
export function postgresSchema(sqlite: string): string {
  const out: string[] = [];
  let block: 'generator' | 'datasource' | 'model' | 'other' | null = null;
  for (const line of sqlite.split('\n')) {
    const open = /^\s*(generator|datasource|model|enum|view|type)\s+\w+\s*\{/.exec(line);
    if (open) {
      const kind = open[1];
      block = kind === 'generator' || kind === 'datasource' || kind === 'model' ? kind : 'other';
      out.push(line);
      continue;
    }
    if (/^\s*\}/.test(line)) {
      block = null;
      out.push(line);
      continue;
    }
    if (block === 'generator' && /^\s*output\s*=/.test(line)) {
      out.push(line.replace(/=\s*"[^"]*"/, '= "../../generated/prisma-pg"'));
      continue;
    }
    if (block === 'datasource' && /^\s*provider\s*=/.test(line)) {
      out.push(line.replace(/=\s*"[^"]*"/, '= "postgresql"'));
      continue;
    }
    if (block === 'model') {
      // `name DateTime[?] [attributes] [// comment]`
      const m = /^(\s*\w+\s+DateTime\??)(\s*)([^/]*?)(\s*)(\/\/.*)?$/.exec(line);
      if (m && !line.trimStart().startsWith('//') && !/@db\./.test(line)) {
        const [, decl, gap, attrs, , comment] = m;
        const attributes = [attrs?.trim(), '@db.Timestamptz(3)'].filter(Boolean).join(' ');
        out.push(`${decl}${gap || ' '}${attributes}${comment ? ` ${comment}` : ''}`);
        continue;
      }
    }
    out.push(line);
  }
  return POSTGRES_SCHEMA_HEADER + out.join('\n');
}
