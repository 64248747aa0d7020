/** Edit one scenario: the YAML editor with live validation and preview, lifecycle, versions and history. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getScenario } from '@/lib/server/authoring/scenarios';
import { listAudit } from '@/lib/server/authoring/audit';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { ScenarioEditor } from '../_components/scenario-editor';
import { scenarioLifecycleAction } from '../actions';
import { AuditList } from '../../_components/audit-list';
import { LifecycleButtons } from '../../_components/lifecycle-buttons';
import { StatusBadge } from '../../_components/status-badge';
import { VersionTable } from '../../_components/version-table';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; published?: string; unpublished?: string }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Scenario ${(await params).id}` };
}

export default async function EditScenarioPage({ params, searchParams }: Props) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/scenarios/${encodeURIComponent(id)}`);
  if (!/^[a-z0-9-]{1,100}$/.test(id)) notFound();
  const [scenario, audit, sp] = await Promise.all([
    getScenario(db, id),
    listAudit(db, { entityType: 'SCENARIO', entityId: id }, 30),
    searchParams,
  ]);
  if (!scenario) notFound();
  const csrfToken = createCsrfToken(admin.id);
  const pending =
    scenario.publishedVersion !== null && scenario.latestVersion > scenario.publishedVersion
      ? scenario.latestVersion
      : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/scenarios" className="hover:text-fg hover:underline">
          Scenarios
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page" className="font-mono">
          {id}
        </span>
      </nav>
      <PageHeader
        title={scenario.title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={scenario.status} pendingVersion={pending} />
            <span className="font-mono text-xs">{id}</span>
            <span>
              {scenario.publishedVersion
                ? `Learners trace version ${scenario.publishedVersion}`
                : 'Never published'}{' '}
              · latest version {scenario.latestVersion}
            </span>
            {scenario.status === 'PUBLISHED' ? (
              <Link href={`/trace/${id}`} className="text-accent underline underline-offset-2">
                Open in the trace library
              </Link>
            ) : null}
          </span>
        }
      />
      {sp.created ? (
        <Alert tone={sp.unpublished ? 'warning' : 'success'} className="mb-4" testId="scenario-created">
          {sp.published
            ? 'Scenario created and published: learners find it in the trace library.'
            : sp.unpublished
              ? 'Scenario saved as a draft, but not published: fix the problems below first.'
              : 'Scenario saved as a draft.'}
        </Alert>
      ) : null}
      <ScenarioEditor initialYaml={scenario.yaml} existingId={id} csrfToken={csrfToken} />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card
          title="Lifecycle"
          description="Publishing re-checks the latest version on the server: it must parse and its first request must have a path."
        >
          <LifecycleButtons
            id={id}
            csrfToken={csrfToken}
            action={scenarioLifecycleAction}
            canPublish={
              scenario.status !== 'PUBLISHED' || scenario.publishedVersion !== scenario.latestVersion
            }
            canRetire={scenario.status !== 'RETIRED'}
            canRestore={scenario.status === 'RETIRED'}
            publishLabel={`Publish version ${scenario.latestVersion}`}
          />
        </Card>
        <Card title="Versions">
          <VersionTable
            versions={scenario.versions.map((v) => ({
              version: v.version,
              createdAt: v.createdAt,
              createdBy: v.createdBy,
              published: v.published,
              uses: v.attempts,
            }))}
            usesLabel="Attempts"
          />
        </Card>
        <Card title="History" className="lg:col-span-2">
          <AuditList entries={audit} />
        </Card>
      </div>
    </>
  );
}
