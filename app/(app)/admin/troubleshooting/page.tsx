/** Troubleshooting exercises for admins (ADR 016): every exercise with its status and versions, and a new one. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { listExercisesForAdmin } from '@/lib/server/authoring/troubleshooting';
import { PageHeader } from '@/components/ui/page-header';
import { ButtonLink } from '@/components/ui/button';
import { AdminNav } from '../_components/admin-nav';

export const metadata: Metadata = { title: 'Troubleshooting exercises' };

export default async function AdminTroubleshootingPage() {
  await requireAdmin('/admin/troubleshooting');
  const items = await listExercisesForAdmin(db);
  return (
    <>
      <AdminNav current="/admin/troubleshooting" />
      <PageHeader
        title="Troubleshooting exercises"
        description="A broken cluster, what must hold after the fix, the author's minimal fix and the candidate changes. The editor checks the fix and every candidate with the engine as you type."
      />
      <div className="mb-4">
        <ButtonLink href="/admin/troubleshooting/new">New exercise</ButtonLink>
      </div>
      <table className="w-full text-left text-sm" data-testid="admin-exercises">
        <thead className="text-xs uppercase text-muted">
          <tr>
            <th className="py-2 pr-2">Exercise</th>
            <th className="py-2 pr-2">Topic</th>
            <th className="py-2 pr-2">Status</th>
            <th className="py-2 pr-2">Version</th>
            <th className="py-2">Tries</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} className="border-t border-border">
              <td className="py-2 pr-2">
                <Link
                  href={`/admin/troubleshooting/${i.id}`}
                  className="font-medium text-accent hover:underline"
                >
                  {i.title}
                </Link>
                <div className="font-mono text-xs text-muted">{i.id}</div>
              </td>
              <td className="py-2 pr-2">{i.topicLabel}</td>
              <td className="py-2 pr-2">{i.status}</td>
              <td className="py-2 pr-2">
                {i.publishedVersion ?? '—'}
                {i.latestVersion !== i.publishedVersion ? ` (draft v${i.latestVersion})` : ''}
              </td>
              <td className="py-2">{i.tries}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
