/**
 * /playground/shared/<token>: a playground shared by its owner, read-only, for any signed-in user. A malformed,
 * unknown or revoked token is a 404 (the same page whatever the reason, so tokens cannot be probed).
 */
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getSharedPlayground } from '@/lib/server/playground/service';
import { PlaygroundEditor } from '../../_components/playground-editor';

export const metadata: Metadata = { title: 'Shared playground', referrer: 'no-referrer' };

type Props = { params: Promise<{ token: string }> };

export default async function SharedPlaygroundPage({ params }: Props) {
  const { token } = await params;
  const user = await requireUser(`/playground/shared/${encodeURIComponent(token)}`);
  const p = await getSharedPlayground(db, token);
  if (!p) notFound();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={p.title} description={`A playground shared by ${p.ownerName}.`} />
      <PlaygroundEditor
        csrfToken={createCsrfToken(user.id)}
        initial={{ title: p.title, yaml: p.yaml, settings: p.settings, ownerName: p.ownerName }}
        readOnly
      />
    </div>
  );
}
