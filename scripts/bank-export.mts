/**
 * Export the whole bank (questions and scenarios) as one bundle file (lib/authoring/bundle.ts).
 *
 *   npm run bank:export -- [--format yaml|json] [--out packetpath-bank.yaml]     (stdout without --out)
 *
 * Reads DATABASE_URL (default prisma/dev.db). Runs with `--conditions=react-server` so the server-only
 * services load outside Next.
 */
import { writeFileSync } from 'node:fs';
import { createDbClient } from '../lib/server/db/client.ts';
import { serializeBundle } from '../lib/authoring/bundle.ts';
import { exportBank } from '../lib/server/authoring/bank.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const format = arg('format') === 'json' ? 'json' : 'yaml';
const out = arg('out');
const db = createDbClient();
try {
  const bundle = await exportBank(db, new Date());
  const text = serializeBundle(bundle, format);
  if (out) {
    writeFileSync(out, text);
    process.stderr.write(
      `exported ${bundle.questions.length} questions and ${bundle.scenarios.length} scenarios to ${out}\n`,
    );
  } else {
    process.stdout.write(text);
  }
} finally {
  await db.$disconnect();
}
