/** /admin/proposals/<id>: a proposed playground, read-only (404 when it is not proposed). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getProposal } from '@/lib/server/playground/service';
import { PlaygroundEditor } from '../../../playground/_components/playground-editor';

export const metadata: Metadata = { title: 'Scenario proposal' };

type Props = { params: Promise<{ id: string }> };

export default async function ProposalPage({ params }: Props) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/proposals/${encodeURIComponent(id)}`);
  if (!/^[a-z0-9]{1,64}$/.test(id)) notFound();
  const p = await getProposal(db, id);
  if (!p) notFound();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={p.title} description={`Proposed by ${p.ownerName}.`} />
      <p className="text-sm">
        <Link href="/admin/proposals" className="text-accent underline-offset-2 hover:underline">
          All proposals
        </Link>
      </p>
      <PlaygroundEditor
        csrfToken={createCsrfToken(admin.id)}
        initial={{ title: p.title, yaml: p.yaml, settings: p.settings, ownerName: p.ownerName }}
        readOnly
      />
    </div>
  );
}
