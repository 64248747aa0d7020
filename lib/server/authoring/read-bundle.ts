import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  BUNDLE_YAML_OPTIONS,
  bundleFromData,
  isJsonBundle,
  parseBundle,
  unreadableBundleMessage,
  type BundleParse,
} from '@/lib/authoring/bundle';

/**
 * Reads a bank bundle file as the server receives it. JSON is parsed here; YAML is decoded in a worker thread
 * with a heap of its own, then checked here. The `yaml` package builds a whole Document (every node with its
 * source range) before it hands back plain values, which takes ≈ 20 × the file's size (measured: a 7.8 MB
 * file needed ≈ 145 MB above the rest of the heap; a 4 MB one, the upload limit, ≈ 75 MB), more than the
 * server's heap has spare next to its ≈ 100–120 MB of live objects (scripts/server-heap.mts bounds it), and V8
 * ends a process that runs out of heap. In the
 * worker, a file too big to decode ends the worker only, and the admin gets a message instead of a server that
 * restarted under everyone's open exams. JSON costs ≈ 4 × its size and stays in the server.
 * @see https://nodejs.org/api/worker_threads.html#new-workerfilename-options (resourceLimits)
 */

/** The YAML decoder's own heap limit, in MB. */
export const YAML_WORKER_HEAP_MB = 512;

const DECODE_YAML = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require('node:module').createRequire(workerData.from)('yaml');
try {
  parentPort.postMessage({ ok: true, data: parse(workerData.text, workerData.options) });
} catch (e) {
  parentPort.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
`;

type Decoded = { ok: true; data: unknown } | { ok: false; errors: string[] };

function decodeYamlInWorker(text: string, heapMb: number): Promise<Decoded> {
  return new Promise((resolve) => {
    const worker = new Worker(DECODE_YAML, {
      eval: true,
      workerData: { text, options: BUNDLE_YAML_OPTIONS, from: path.join(process.cwd(), 'package.json') },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    const settle = (d: Decoded) => {
      if (settled) return;
      settled = true;
      resolve(d);
      void worker.terminate();
    };
    worker.once('message', (m: { ok: true; data: unknown } | { ok: false; error: string }) =>
      settle(m.ok ? m : { ok: false, errors: [unreadableBundleMessage(new Error(m.error))] }),
    );
    worker.once('error', (e: Error & { code?: string }) =>
      settle({
        ok: false,
        errors: [
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `The YAML file is too large to read: decoding it needs more than ${heapMb} MB. Export the bank as JSON and import that file instead (JSON needs a fraction of the memory), or import the bank in parts.`
            : `The file could not be read: ${e.message}`,
        ],
      }),
    );
    worker.once('exit', () =>
      settle({ ok: false, errors: ['The file could not be read: the YAML decoder stopped.'] }),
    );
  });
}

/** Read a bundle file (JSON or YAML, detected from the content); YAML is decoded off the server's heap. */
export async function readBundle(
  text: string,
  yamlHeapMb: number = YAML_WORKER_HEAP_MB,
): Promise<BundleParse> {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '' || isJsonBundle(body)) return parseBundle(body);
  const decoded = await decodeYamlInWorker(body, yamlHeapMb);
  return decoded.ok ? bundleFromData(decoded.data) : decoded;
}
