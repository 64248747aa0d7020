/**
 * Edit one question: the form and live preview, its lifecycle (publish / retire / restore), its versions
 * (which one quizzes draw, how many attempts used each) and its change history.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireAdmin } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { getQuestion } from '@/lib/server/authoring/questions';
import { listAudit } from '@/lib/server/authoring/audit';
import { questionToDraft } from '@/lib/authoring/question-draft';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { QuestionEditor } from '../_components/question-editor';
import { questionLifecycleAction } from '../actions';
import { AuditList } from '../../_components/audit-list';
import { LifecycleButtons } from '../../_components/lifecycle-buttons';
import { StatusBadge } from '../../_components/status-badge';
import { VersionTable } from '../../_components/version-table';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Question ${(await params).id}` };
}

export default async function EditQuestionPage({ params, searchParams }: Props) {
  const { id } = await params;
  const admin = await requireAdmin(`/admin/questions/${encodeURIComponent(id)}`);
  if (!/^[a-z0-9-]{1,100}$/.test(id)) notFound();
  const [question, audit, scenarios, sp] = await Promise.all([
    getQuestion(db, id),
    listAudit(db, { entityType: 'QUESTION', entityId: id }, 30),
    db.scenario.findMany({
      where: { status: { not: 'RETIRED' } },
      select: { id: true, title: true },
      orderBy: { id: 'asc' },
    }),
    searchParams,
  ]);
  if (!question) notFound();
  const csrfToken = createCsrfToken(admin.id);
  const pending =
    question.publishedVersion !== null && question.latestVersion > question.publishedVersion
      ? question.latestVersion
      : null;
  const canPublish = question.status !== 'PUBLISHED' || question.publishedVersion !== question.latestVersion;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/questions" className="hover:text-fg hover:underline">
          Questions
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page" className="font-mono">
          {id}
        </span>
      </nav>
      <PageHeader
        title={<span className="font-mono text-xl sm:text-2xl">{id}</span>}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={question.status} pendingVersion={pending} />
            <span>
              {question.publishedVersion
                ? `Quizzes draw version ${question.publishedVersion}`
                : 'Never published'}{' '}
              · latest version {question.latestVersion}
            </span>
          </span>
        }
      />
      {sp.created ? (
        <Alert tone="success" className="mb-4" testId="question-created">
          Question created as a draft. Publish it when it is ready.
        </Alert>
      ) : null}
      <QuestionEditor
        initial={questionToDraft(question.content)}
        existingId={id}
        csrfToken={csrfToken}
        scenarios={scenarios}
      />
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card
          title="Lifecycle"
          description="Draft → published → retired. Publishing points quizzes at the latest version; retiring stops new draws, old results keep their version."
        >
          <LifecycleButtons
            id={id}
            csrfToken={csrfToken}
            action={questionLifecycleAction}
            canPublish={canPublish}
            canRetire={question.status !== 'RETIRED'}
            canRestore={question.status === 'RETIRED'}
            publishLabel={`Publish version ${question.latestVersion}`}
          />
        </Card>
        <Card title="Versions">
          <VersionTable
            versions={question.versions.map((v) => ({
              version: v.version,
              createdAt: v.createdAt,
              createdBy: v.createdBy,
              published: v.published,
              uses: v.uses,
            }))}
            usesLabel="Quiz items"
          />
        </Card>
        <Card title="History" className="lg:col-span-2">
          <AuditList entries={audit} />
        </Card>
      </div>
    </>
  );
}
