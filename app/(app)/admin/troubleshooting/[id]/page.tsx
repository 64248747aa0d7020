/** Edit one troubleshooting exercise (ADR 016): the file in the editor, checked live; save a draft or publish. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getExerciseForAdmin } from '@/lib/server/authoring/troubleshooting';
import { PageHeader } from '@/components/ui/page-header';
import { ExerciseEditor } from '../_components/exercise-editor';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Exercise ${(await params).id}` };
}

export default async function EditExercisePage({ params }: Props) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/troubleshooting/${encodeURIComponent(id)}`);
  if (!/^[a-z0-9-]{1,100}$/.test(id)) notFound();
  const ex = await getExerciseForAdmin(db, id);
  if (!ex) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/troubleshooting" className="hover:text-fg hover:underline">
          Troubleshooting exercises
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page" className="font-mono">
          {id}
        </span>
      </nav>
      <PageHeader
        title={ex.title}
        description={`${ex.status} · published version ${ex.publishedVersion ?? 'none'} · latest ${ex.latestVersion}`}
      />
      <ExerciseEditor
        key={`${id}-${ex.latestVersion}`}
        initialYaml={ex.yaml}
        existingId={id}
        csrfToken={createCsrfToken(admin.id)}
      />
    </>
  );
}
