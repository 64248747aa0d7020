/** Write a new question: it starts as a draft (or is published at once with "Save and publish"). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { QUESTION_TYPES, type QuestionType } from '@/lib/quiz/bank-schema';
import { blankDraft } from '@/lib/authoring/question-draft';
import { PageHeader } from '@/components/ui/page-header';
import { QuestionEditor } from '../_components/question-editor';

export const metadata: Metadata = { title: 'New question' };

export default async function NewQuestionPage({
  searchParams,
}: {
  searchParams: Promise<{ type?: string }>;
}) {
  const admin = await requireAdmin('/admin/questions/new');
  const { type } = await searchParams;
  const initial = blankDraft(
    QUESTION_TYPES.includes(type as QuestionType) ? (type as QuestionType) : 'single',
  );
  const scenarios = await db.scenario.findMany({
    where: { status: { not: 'RETIRED' } },
    select: { id: true, title: true },
    orderBy: { id: 'asc' },
  });
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/questions" className="hover:text-fg hover:underline">
          Questions
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">New</span>
      </nav>
      <PageHeader
        title="New question"
        description="Every field is checked against the bank schema as you type; the preview shows what a candidate sees."
      />
      <QuestionEditor initial={initial} csrfToken={createCsrfToken(admin.id)} scenarios={scenarios} />
    </>
  );
}
