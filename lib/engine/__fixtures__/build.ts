/**
 * Test helpers: build a ClusterModel from a YAML scenario text, or from C1 plus extra documents/requests.
 * (Test code: may use node:fs.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../scenario';
import { buildModel } from '../build-model';
import type { ClusterModel } from '../model';
import { trace } from '../trace';
import type { TraceSet } from '../types';

export function modelFrom(text: string, file = 'test.yaml'): ClusterModel {
  const r = parseScenario(text, file);
  if (!r.ok)
    throw new Error(
      `scenario does not parse:\n${r.issues.map((i) => `${i.line}:${i.column} ${i.path} ${i.message}`).join('\n')}`,
    );
  return buildModel(r.input);
}

export const C1_TEXT = readFileSync(
  join(__dirname, '..', '..', 'scenario', '__fixtures__', 'c1.yaml'),
  'utf8',
);

/**
 * C1 with the Scenario document's `cluster`/`requests` replaced or extended. `patch` receives the Scenario
 * document text block and returns a new one; `extra` is appended as more YAML documents.
 */
export function c1With(opts: {
  requests: string;
  cluster?: string;
  spec?: string;
  extra?: string;
  publicDns?: string[];
  patch?: (text: string) => string;
}): ClusterModel {
  let text = opts.patch ? opts.patch(C1_TEXT) : C1_TEXT;
  if (opts.publicDns)
    text = text.replace(
      '  publicDns:\n    - { name: shop.example.com, a: [203.0.113.10] }\n',
      `  publicDns:\n${opts.publicDns.map((l) => `    - ${l}\n`).join('')}`,
    );
  // requests: replace the C1 requests block (it is the last key of the Scenario spec before the first `---`).
  const start = text.indexOf('  requests:\n');
  const end = text.indexOf('\n---', start);
  text = text.slice(0, start) + opts.requests.replace(/\n?$/, '') + text.slice(end);
  if (opts.cluster) {
    const cs = text.indexOf('  cluster:\n');
    const ce = text.indexOf('  publicDns:', cs);
    text = text.slice(0, cs) + opts.cluster.replace(/\n?$/, '\n') + text.slice(ce);
  }
  if (opts.spec) {
    const at = text.indexOf('  requests:\n');
    text = text.slice(0, at) + opts.spec.replace(/\n?$/, '\n') + text.slice(at);
  }
  if (opts.extra) text = `${text.replace(/\n?$/, '\n')}---\n${opts.extra}`;
  return modelFrom(text, 'c1-test.yaml');
}

/** Endpoint "ip:port" list of a trace, sorted (like kube-proxy's packet-flow test outputs). */
export function endpointsOf(ts: TraceSet): string {
  const set = new Set(ts.paths.filter((p) => p.endpoint).map((p) => `${p.endpoint!.ip}:${p.endpoint!.port}`));
  return [...set].sort().join(', ');
}

export function objectsOf(ts: TraceSet): string[] {
  return [...new Set(ts.paths.map((p) => p.endpoint?.object).filter((x): x is string => !!x))].sort();
}

export function coarse(ts: TraceSet, endpoint?: string): string[] {
  const p = endpoint ? ts.paths.find((x) => x.endpoint?.object === endpoint) : ts.paths[0];
  return p ? p.hops.filter((h) => !h.optional).map((h) => `${h.layer}(${h.at})`) : [];
}

export { trace };
