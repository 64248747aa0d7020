/** A new troubleshooting exercise (ADR 016), started from a shipped one's shape. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getExerciseForAdmin } from '@/lib/server/authoring/troubleshooting';
import { PageHeader } from '@/components/ui/page-header';
import { ExerciseEditor } from '../_components/exercise-editor';

export const metadata: Metadata = { title: 'New troubleshooting exercise' };

export default async function NewExercisePage() {
  const admin = await requireAdmin('/admin/troubleshooting/new');
  // Start from a small shipped exercise, renamed: the author edits from something that loads and verifies.
  const base = await getExerciseForAdmin(db, 'target-port-wrong-number');
  const yaml = base
    ? base.yaml
        .replace('name: target-port-wrong-number', 'name: my-new-exercise')
        .replace('ts-target-port-wrong-number', 'ts-my-new-exercise')
    : '';
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/troubleshooting" className="hover:text-fg hover:underline">
          Troubleshooting exercises
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">new</span>
      </nav>
      <PageHeader
        title="New troubleshooting exercise"
        description="metadata.name is the exercise's id; it cannot change once saved."
      />
      <ExerciseEditor initialYaml={yaml} csrfToken={createCsrfToken(admin.id)} />
    </>
  );
}
