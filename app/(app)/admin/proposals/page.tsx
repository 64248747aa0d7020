/** /admin/proposals: playgrounds users sent as scenario proposals (issue 15), newest first. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { listProposals } from '@/lib/server/playground/service';
import { AdminNav } from '../_components/admin-nav';

export const metadata: Metadata = { title: 'Scenario proposals' };

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default async function ProposalsPage() {
  await requireAdmin('/admin/proposals');
  const items = await listProposals(db);
  return (
    <>
      <AdminNav current="/admin/proposals" />
      <PageHeader
        title="Scenario proposals"
        description="Playgrounds that users sent as scenario proposals. Open one to see its manifests, requests and paths; author the scenario under Scenarios."
      />
      {items.length === 0 ? (
        <p className="text-sm text-muted" data-testid="proposals-empty">
          No proposals yet.
        </p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="proposals-list">
          {items.map((p) => (
            <li key={p.id} className="rounded-xl border border-border bg-surface p-4">
              <Link
                href={`/admin/proposals/${p.id}`}
                className="font-medium text-accent underline-offset-2 hover:underline"
              >
                {p.title}
              </Link>
              <p className="text-xs text-muted">
                {p.ownerName} ({p.ownerEmail}) · {dateFormat.format(new Date(p.proposedAt))} UTC
              </p>
              {p.note ? <p className="mt-2 whitespace-pre-wrap text-sm">{p.note}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
