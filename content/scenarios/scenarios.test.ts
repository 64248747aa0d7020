/**
 * Scenario library gate: every `content/scenarios/<id>.yaml` parses cleanly (no errors, no warnings) and its
 * golden `<id>.expect.yaml` is well-formed and consistent with the scenario (request ids, layers, endpoints).
 *
 * The golden comparison against the engine's traces lives in lib/engine/golden.test.ts; this test only checks
 * the content itself, so it can run before the engine exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { LAYERS } from "../../lib/engine/types";
import { TOPICS } from "../../lib/quiz/bank-schema";
import { parseScenario } from "../../lib/scenario";

const DIR = import.meta.dirname;
const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml") && !f.endsWith(".expect.yaml"))
  .sort();

const DISPOSITION =
  /^(DELIVERED|REFUSED|RESET|DROPPED|DENIED_IN|DENIED_OUT|NXDOMAIN|NODATA|EXITS_CLUSTER|NO_ROUTE|GRPC_UNIMPLEMENTED|GRPC_UNAVAILABLE|DNS_TIMEOUT|MTU_BLACKHOLE|HTTP_[1-5]\d\d)$/;
const HOP = /^([A-Za-z -]+?)(?:\(([^()]+)\))?$/;
const topics = new Set<string>(TOPICS.map((t) => t.slug));

interface Expectation {
  disposition: string;
  endpoints: string[];
  masqueraded?: boolean;
  /** Dual-stack (R13): the address family every path connects with. */
  family?: "IPv4" | "IPv6";
  coarse?: { endpoint?: string; hops: string[] };
}

describe("scenario library", () => {
  it("has at least 32 scenarios named NN-kebab-case", () => {
    expect(files.length).toBeGreaterThanOrEqual(32);
    for (const f of files) expect(f).toMatch(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.yaml$/);
  });

  it.each(files)("%s parses without issues and matches its golden file", (file) => {
    const text = readFileSync(join(DIR, file), "utf8");
    const result = parseScenario(text, file);
    const problems = result.ok ? result.warnings : result.issues;
    expect(problems.map((i) => `${i.line}:${i.column} ${i.severity} ${i.code} ${i.path}: ${i.message}`)).toEqual([]);
    if (!result.ok) return;

    const { input } = result;
    const spec = input.scenario.spec;
    const id = file.replace(/\.yaml$/, "");
    expect(input.scenario.metadata.name).toBe(id);
    expect(spec.topic && topics.has(spec.topic), `topic ${spec.topic}`).toBe(true);
    expect(spec.tags.length).toBeGreaterThan(0);

    const objects =
      input.pods.length + input.services.length + input.nodes.length + input.namespaces.length +
      input.endpointSlices.length + input.ingresses.length + input.ingressClasses.length +
      input.networkPolicies.length + input.gateways.length + input.httpRoutes.length;
    expect(objects, "at most ~25 objects keep the diagram legible").toBeLessThanOrEqual(25);

    const golden = parseYaml(readFileSync(join(DIR, `${id}.expect.yaml`), "utf8")) as {
      requests: Record<string, Expectation>;
    };
    expect(Object.keys(golden.requests)).toEqual(spec.requests.map((r) => r.id));

    const knownEndpoints = new Set([
      ...input.pods.map((p) => `pod/${p.metadata.namespace}/${p.metadata.name}`),
      ...spec.externalHosts.map((h) => `external/${h.ip}`),
    ]);
    for (const [rid, e] of Object.entries(golden.requests)) {
      const where = `${id} request ${rid}`;
      expect(e.disposition, where).toMatch(DISPOSITION);
      expect(Array.isArray(e.endpoints), where).toBe(true);
      for (const ep of e.endpoints) expect(knownEndpoints.has(ep), `${where}: endpoint ${ep}`).toBe(true);
      if (e.masqueraded !== undefined) expect(typeof e.masqueraded, where).toBe("boolean");
      if (e.disposition === "DELIVERED" || e.disposition === "EXITS_CLUSTER") {
        expect(e.endpoints.length, `${where}: a delivered request has endpoints`).toBeGreaterThan(0);
      }
      if (!e.coarse) continue;
      if (e.coarse.endpoint !== undefined) expect(e.endpoints, where).toContain(e.coarse.endpoint);
      else expect(e.endpoints.length, `${where}: coarse.endpoint is needed when there are alternatives`).toBeLessThanOrEqual(1);
      expect(e.coarse.hops.length, where).toBeGreaterThan(0);
      for (const hop of e.coarse.hops) {
        const m = HOP.exec(hop);
        expect(m, `${where}: hop ${hop}`).not.toBeNull();
        expect((LAYERS as readonly string[]).includes(m?.[1] ?? ""), `${where}: layer of ${hop}`).toBe(true);
      }
    }
  });
});
