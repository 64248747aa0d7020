/**
 * Writes the JSON Schema of the Scenario document (generated from the zod schema in lib/scenario/schema.ts)
 * to public/schemas/scenario.v1alpha1.json. `npm run scenario:schema`; `--check` exits 1 when the committed
 * file is stale (for CI).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema, SCENARIO_SCHEMA_PATH } from '../lib/scenario/json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', SCENARIO_SCHEMA_PATH);
const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${out} is stale: run npm run scenario:schema`);
    process.exit(1);
  }
  console.log(`${out} is up to date`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out} (${text.length} bytes)`);
}
