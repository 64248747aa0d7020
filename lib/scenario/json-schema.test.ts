import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema';

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema() as {
    properties: Record<string, { properties?: Record<string, unknown> }>;
    additionalProperties?: unknown;
  };
  it('describes the strict Scenario document', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(schema.properties.spec!.properties!)).toContain('requests');
  });
  it('matches the committed public/schemas/scenario.v1alpha1.json (run npm run scenario:schema)', () => {
    const committed = readFileSync(
      fileURLToPath(new URL('../../public/schemas/scenario.v1alpha1.json', import.meta.url)),
      'utf8',
    );
    expect(JSON.parse(committed)).toEqual(scenarioJsonSchema());
  });
});
