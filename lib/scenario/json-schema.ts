/**
 * JSON Schema of the `packetpath.dev/v1alpha1` Scenario document, generated from the zod schema (the zod
 * schema is authoritative). Written to public/schemas/scenario.v1alpha1.json by `npm run scenario:schema`
 * so editors (YAML language server `# yaml-language-server: $schema=…`) can validate and complete.
 */
import { z } from 'zod';
import { scenarioDocSchema } from './schema';

/** Public URL path of the generated file. */
export const SCENARIO_SCHEMA_PATH = '/schemas/scenario.v1alpha1.json';

/**
 * The JSON Schema (draft 2020-12) of the Scenario document, describing what an author may write
 * (`io: "input"`: fields with defaults are optional).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioDocSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://packetpath.dev${SCENARIO_SCHEMA_PATH}`,
    title: 'PacketPath Scenario (packetpath.dev/v1alpha1)',
    description:
      'The Scenario document of a PacketPath scenario file (docs/scenario-format.md). The other documents of the file are ordinary Kubernetes objects.',
  };
}
