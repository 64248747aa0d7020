/** Write a new scenario in the YAML editor, starting from a template or from pasted `kubectl` output. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { SCENARIO_TEMPLATES, templateById } from '@/lib/authoring/templates';
import { PageHeader } from '@/components/ui/page-header';
import { ScenarioEditor } from '../_components/scenario-editor';

export const metadata: Metadata = { title: 'New scenario' };

export default async function NewScenarioPage({
  searchParams,
}: {
  searchParams: Promise<{ template?: string }>;
}) {
  const admin = await requireAdmin('/admin/scenarios/new');
  const { template } = await searchParams;
  const initial = (template ? templateById(template) : undefined) ?? SCENARIO_TEMPLATES[0];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/scenarios" className="hover:text-fg hover:underline">
          Scenarios
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">New</span>
      </nav>
      <PageHeader
        title="New scenario"
        description="Multi-document Kubernetes YAML plus one Scenario document (docs/scenario-format.md). metadata.name of the Scenario document is its id."
      />
      <ScenarioEditor initialYaml={initial?.yaml ?? ''} csrfToken={createCsrfToken(admin.id)} />
    </>
  );
}
