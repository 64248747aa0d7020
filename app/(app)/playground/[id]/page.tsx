/** /playground/<id>: one of the user's saved playgrounds (another user's is a 404). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getOwnPlayground, startableScenarios } from '@/lib/server/playground/service';
import { PlaygroundEditor } from '../_components/playground-editor';
import { starterList } from '../_components/starters';

export const metadata: Metadata = { title: 'Playground' };

type Props = { params: Promise<{ id: string }> };

export default async function SavedPlaygroundPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/playground/${encodeURIComponent(id)}`);
  if (!/^[a-z0-9]{1,64}$/.test(id)) notFound();
  const [p, scenarios] = await Promise.all([getOwnPlayground(db, user.id, id), startableScenarios(db, user)]);
  if (!p) notFound();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={p.title} description="Your playground (private unless you share its link)." />
      <p className="text-sm">
        <Link href="/playground" className="text-accent underline-offset-2 hover:underline">
          All your playgrounds, or a new one
        </Link>
      </p>
      <PlaygroundEditor
        key={p.id}
        csrfToken={createCsrfToken(user.id)}
        initial={{
          id: p.id,
          title: p.title,
          yaml: p.yaml,
          settings: p.settings,
          updatedAt: p.updatedAt,
          shareToken: p.shareToken,
          proposedAt: p.proposedAt,
        }}
        starters={starterList(scenarios)}
      />
    </div>
  );
}
