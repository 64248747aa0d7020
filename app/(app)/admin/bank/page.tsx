/** Export the whole bank as one file, or import one: a dry-run report first, then one all-or-nothing write. */
import type { Metadata } from 'next';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { listAudit } from '@/lib/server/authoring/audit';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { AdminNav } from '../_components/admin-nav';
import { AuditList } from '../_components/audit-list';
import { ImportPanel } from './_components/import-panel';

export const metadata: Metadata = { title: 'Import and export' };

export default async function BankPage() {
  const admin = await requireAdmin('/admin/bank');
  const [questions, scenarios, imports] = await Promise.all([
    db.question.count(),
    db.scenario.count(),
    listAudit(db, { entityType: 'BANK' }, 10),
  ]);
  return (
    <>
      <PageHeader
        title="Import and export"
        description="Move the whole bank — questions and scenarios — between installations as one YAML or JSON file."
      />
      <AdminNav current="/admin/bank" />
      <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
        <Card
          title="Export"
          description={`${questions} questions and ${scenarios} scenarios: status, published content and unpublished drafts. Scenarios stay plain multi-document Kubernetes YAML.`}
        >
          <div className="flex flex-wrap gap-2">
            <a
              href="/api/admin/bank?format=yaml"
              download
              className="inline-flex h-10 items-center rounded-lg bg-accent px-4 text-sm font-medium text-accent-fg hover:opacity-90"
              data-testid="export-yaml"
            >
              Download YAML
            </a>
            <a
              href="/api/admin/bank?format=json"
              download
              className="inline-flex h-10 items-center rounded-lg border border-border bg-surface px-4 text-sm font-medium hover:bg-surface-2"
              data-testid="export-json"
            >
              Download JSON
            </a>
          </div>
        </Card>
        <Card
          title="Import"
          description="Choose a bank file. You see what would be added, changed, left alone or rejected before anything is written; a file with any rejected entry is refused whole."
        >
          <ImportPanel csrfToken={createCsrfToken(admin.id)} />
        </Card>
        <Card title="Recent imports" className="lg:col-span-2">
          <AuditList entries={imports} empty="No imports yet." />
        </Card>
      </div>
    </>
  );
}
