/**
 * Import a bank bundle: a dry run by default (the report of what would be added, changed, left alone or
 * rejected, nothing written); `--apply` writes it in one transaction, all or nothing.
 *
 *   npm run bank:import -- packetpath-bank.yaml [--apply] [--as admin@packetpath.dev]
 *
 * Changes are recorded in the audit log as the admin given with --as. Exit code 1 when the file is rejected.
 */
import { readFileSync } from 'node:fs';
import { createDbClient } from '../lib/server/db/client.ts';
import { applyImport, planImport, type ImportReport } from '../lib/server/authoring/bank.ts';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--as');
const apply = args.includes('--apply');
const asIndex = args.indexOf('--as');
const email = asIndex >= 0 ? args[asIndex + 1] : 'admin@packetpath.dev';

function print(report: ImportReport): void {
  for (const e of report.fileErrors) process.stdout.write(`file: ${e}\n`);
  for (const e of report.entries) {
    if (e.outcome === 'unchanged') continue;
    process.stdout.write(`${e.outcome.padEnd(9)} ${e.kind} ${e.id}\n`);
    for (const r of e.reasons) process.stdout.write(`          ✗ ${r}\n`);
    for (const n of e.notes) process.stdout.write(`          · ${n}\n`);
  }
  const c = report.counts;
  process.stdout.write(
    `${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged, ${c.rejected} rejected\n`,
  );
}

if (!file) {
  process.stderr.write('usage: npm run bank:import -- <file> [--apply] [--as admin-email]\n');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const db = createDbClient();
try {
  if (!apply) {
    const report = await planImport(db, text);
    print(report);
    process.stdout.write(
      report.ok
        ? 'dry run: nothing written (add --apply to import)\n'
        : 'the file is rejected: nothing would be written\n',
    );
    process.exitCode = report.ok ? 0 : 1;
  } else {
    const actor = await db.user.findUnique({ where: { email } });
    if (!actor || actor.role !== 'ADMIN') {
      process.stderr.write(`${email} is not an admin account; pass --as <admin e-mail>\n`);
      process.exitCode = 2;
    } else {
      const result = await applyImport(db, actor, text, new Date());
      print(result.report);
      process.stdout.write(result.applied ? 'imported\n' : 'the file is rejected: nothing was written\n');
      process.exitCode = result.applied ? 0 : 1;
    }
  }
} finally {
  await db.$disconnect();
}
