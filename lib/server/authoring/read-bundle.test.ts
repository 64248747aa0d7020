/**
 * Reading a bank bundle as the import route does: YAML is decoded in a worker thread with its own heap, so a
 * file too big to decode is refused with a message instead of ending the server (V8 aborts a process whose
 * heap is exhausted; a worker's exhausted heap ends only the worker).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseBundle } from '@/lib/authoring/bundle';
import { readBundle } from './read-bundle';

const question = (i: number) => ({
  id: `q-${i}`,
  status: 'PUBLISHED',
  content: {
    prompt: `Question ${i}: which hop rewrites the destination?`,
    options: ['a', 'b', 'c', 'd'],
    answer: 1,
  },
});
const bundle = (n: number) => ({
  format: 'packetpath-bank',
  version: 1,
  questions: Array.from({ length: n }, (_, i) => question(i)),
  scenarios: [],
});

describe('readBundle', () => {
  it('reads YAML to the same bundle as the in-process parser', async () => {
    const text = stringify(bundle(3));
    const read = await readBundle(text);
    expect(read).toEqual(parseBundle(text));
    expect(read.ok && read.bundle.questions.map((q) => q.id)).toEqual(['q-0', 'q-1', 'q-2']);
  });

  it('reads JSON, and reports files that are neither', async () => {
    expect(await readBundle(JSON.stringify(bundle(2)))).toEqual(parseBundle(JSON.stringify(bundle(2))));
    const broken = await readBundle('format: packetpath-bank\nquestions: [unclosed\n');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.errors[0]).toMatch(/^The file is neither valid JSON nor valid YAML: /);
    expect(await readBundle('\uFEFF  \n')).toEqual({ ok: false, errors: ['The file is empty.'] });
  });

  it('refuses a billion-laughs file instead of expanding it', async () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(', ')}]`,
      );
    const read = await readBundle(laughs.join('\n'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors[0]).toMatch(/neither valid JSON nor valid YAML: .*alias/i);
  });

  it('refuses a YAML file whose decoding outgrows the worker heap, and says to import JSON', async () => {
    // ≈ 2 MB of YAML: a few MB of JSON values, tens of MB of YAML Document while it is decoded.
    const big = stringify(bundle(12_000), { aliasDuplicateObjects: false });
    expect(big.length).toBeGreaterThan(1_500_000);
    const read = await readBundle(big, 8);
    expect(read).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(
          /too large to read: decoding it needs more than 8 MB\. Export the bank as JSON/,
        ),
      ],
    });
    // The same content as JSON is read in the server, within its budget.
    const asJson = await readBundle(JSON.stringify(bundle(12_000)));
    expect(asJson.ok && asJson.bundle.questions).toHaveLength(12_000);
  });
});
