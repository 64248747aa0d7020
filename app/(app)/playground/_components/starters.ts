/** What the playground can start from: real manifests (examples), the authoring templates, and published scenarios. */
import { SCENARIO_TEMPLATES } from '@/lib/authoring/templates';
import { PLAYGROUND_EXAMPLES } from '@/lib/playground/examples';
import type { Starter } from './playground-editor';

export function starterList(scenarios: readonly { id: string; title: string }[]): Starter[] {
  return [
    ...PLAYGROUND_EXAMPLES.map((e) => ({
      id: `example:${e.id}`,
      title: e.title,
      description: e.description,
      yaml: e.yaml,
    })),
    ...SCENARIO_TEMPLATES.map((t) => ({
      id: `template:${t.id}`,
      title: `Template: ${t.title}`,
      description: t.description,
      yaml: t.yaml,
    })),
    ...scenarios.map((s) => ({
      id: `scenario:${s.id}`,
      title: `Scenario: ${s.title}`,
      description: 'a published scenario you have traced',
      href: `/playground?from=${encodeURIComponent(s.id)}`,
    })),
  ];
}
