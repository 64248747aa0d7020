/**
 * GRPCRoute and TLSRoute hops cite their own reference rules (R8.8, R8.9 in content/reference/networking-reference.md,
 * written from kubernetes-sigs/gateway-api@4564255ac apis/v1/grpcroute_types.go, tlsroute_types.go and the
 * conformance tests grpcroute-*.go / tlsroute-*.go), not the HTTPRoute rules R8.1 (hostnames) and R8.5 (404/500/503)
 * they were borrowing. Expected outcomes come from those rules:
 * - R8.8: a call no rule matches → UNIMPLEMENTED, answered by the gateway itself; an invalid backendRef's share →
 *   UNAVAILABLE; a routed call cites the GRPCRoute rule at the gateway hop.
 * - R8.9: routed by SNI alone; no SNI (an IP literal was dialled) or no route for it → the connection is rejected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReference } from '../../reference/parse';
import { modelFrom } from '../__fixtures__/build';
import { traceAll } from '../trace';
import type { Hop, TraceSet } from '../types';

const DIR = join(__dirname, '..', '..', '..', 'content', 'scenarios');
const sets = (file: string): TraceSet[] => traceAll(modelFrom(readFileSync(join(DIR, file), 'utf8'), file));
const req = (file: string, id: string): TraceSet => sets(file).find((t) => t.requestId === id)!;
const gatewayHops = (ts: TraceSet): Hop[] =>
  ts.paths.flatMap((p) => p.hops.filter((h) => h.at.startsWith('gateway/')));

describe('the reference has the GRPCRoute and TLSRoute rules, with their sources', () => {
  const ref = parseReference(
    readFileSync(
      join(__dirname, '..', '..', '..', 'content', 'reference', 'networking-reference.md'),
      'utf8',
    ),
  );
  for (const id of ['R8.8', 'R8.9']) {
    it(id, () => {
      const r = ref.rules.find((x) => x.id === id)!;
      expect(r, id).toBeDefined();
      expect(r.evidence).toContain('SRC');
      expect(r.sources.map((s) => s.key)).toEqual(['S19']);
      expect(r.sources[0]!.text).toContain('4564255ac');
    });
  }
});

describe('GRPCRoute hops cite R8.8 (grpcroute_types.go)', () => {
  it('a routed call: the gateway hop cites R8.8, and no HTTPRoute rule is cited', () => {
    const ts = req('41-grpcroute-method-matching.yaml', 'main');
    expect(ts.disposition).toBe('DELIVERED');
    const gw = gatewayHops(ts);
    expect(gw.length).toBeGreaterThan(0);
    for (const h of gw) expect(h.rule).toBe('R8.8');
    expect(ts.rules).toContain('R8.8');
    expect(ts.rules).not.toContain('R8.5');
  });

  it('a service no rule matches: UNIMPLEMENTED at the gateway, citing R8.8', () => {
    const ts = req('41-grpcroute-method-matching.yaml', 'unknown-service');
    expect(ts.disposition).toBe('GRPC_UNIMPLEMENTED');
    const last = ts.paths[0]!.hops.at(-1)!;
    expect(last.at.startsWith('gateway/')).toBe(true);
    expect(last.rule).toBe('R8.8');
    expect(ts.reason).toContain('(R8.8)');
    expect(ts.rules).not.toContain('R8.5');
  });

  it('a backend without endpoints: UNAVAILABLE for its calls, citing R8.8', () => {
    const ts = req('43-grpcroute-unavailable.yaml', 'get-stock');
    expect(ts.disposition).toBe('GRPC_UNAVAILABLE');
    expect(ts.reason).toContain('(R8.8)');
    expect(ts.rules).toContain('R8.8');
    expect(ts.rules).not.toContain('R8.5');
  });
});

describe('TLSRoute hops cite R8.9 (tlsroute_types.go)', () => {
  it('an SNI routed in Passthrough: the gateway hop cites R8.9', () => {
    const ts = req('44-tlsroute-sni-passthrough.yaml', 'main');
    expect(ts.disposition).toBe('DELIVERED');
    const gw = gatewayHops(ts);
    expect(gw.length).toBeGreaterThan(0);
    for (const h of gw) expect(h.rule).toBe('R8.9');
    expect(ts.rules).toContain('R8.9');
    expect(ts.rules).not.toContain('R8.1');
  });

  for (const id of ['ip-literal', 'apex']) {
    it(`${id}: the connection is rejected at the gateway, citing R8.9`, () => {
      const ts = req('45-tlsroute-no-route-rejected.yaml', id);
      expect(ts.disposition).toBe('REFUSED');
      const last = ts.paths[0]!.hops.at(-1)!;
      expect(last.at.startsWith('gateway/')).toBe(true);
      expect(last.rule).toBe('R8.9');
      expect(ts.rules).not.toContain('R8.5');
    });
  }

  it("an invalid backend's weighted share is rejected, citing R8.9", () => {
    const ts = sets('46-tlsroute-weights-invalid-backend.yaml')[0]!;
    const rejected = ts.paths.filter((p) => p.disposition === 'REFUSED');
    expect(rejected.length).toBeGreaterThan(0);
    for (const p of rejected) expect(p.reason).toContain('(R8.9)');
    expect(ts.rules).not.toContain('R8.5');
  });
});
