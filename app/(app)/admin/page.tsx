/** Authoring dashboard: the state of the bank and the library, what needs attention, and recent changes. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { listAudit } from '@/lib/server/authoring/audit';
import { questionAnalytics } from '@/lib/server/authoring/analytics';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { ButtonLink } from '@/components/ui/button';
import { AdminNav } from './_components/admin-nav';
import { AuditList } from './_components/audit-list';

export const metadata: Metadata = { title: 'Admin' };

async function statusCounts(kind: 'question' | 'scenario') {
  const rows =
    kind === 'question'
      ? await db.question.groupBy({ by: ['status'], _count: { _all: true } })
      : await db.scenario.groupBy({ by: ['status'], _count: { _all: true } });
  const get = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  return { published: get('PUBLISHED'), draft: get('DRAFT'), retired: get('RETIRED') };
}

function Counts({
  counts,
  href,
}: {
  counts: { published: number; draft: number; retired: number };
  href: string;
}) {
  return (
    <dl className="grid grid-cols-3 gap-2 text-center">
      {(['published', 'draft', 'retired'] as const).map((k) => (
        <div key={k} className="rounded-lg bg-surface-2 p-3">
          <dt className="text-xs capitalize text-muted">{k}</dt>
          <dd className="text-2xl font-semibold tabular-nums">
            <Link href={`${href}?status=${k.toUpperCase()}`} className="hover:underline">
              {counts[k]}
            </Link>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default async function AdminPage() {
  // Layout and page render in parallel, so each admin page checks too.
  await requireAdmin('/admin');
  const [questions, scenarios, audit, analytics] = await Promise.all([
    statusCounts('question'),
    statusCounts('scenario'),
    listAudit(db, {}, 12),
    questionAnalytics(db),
  ]);
  const flagged = analytics.filter((q) => q.flagged);
  return (
    <>
      <PageHeader
        title="Admin"
        description="Write and maintain questions and trace scenarios, see how they perform, manage people."
      />
      <AdminNav current="/admin" />
      <div className="grid gap-6 md:grid-cols-2">
        <Card
          title={
            <Link href="/admin/questions" className="hover:underline">
              Questions
            </Link>
          }
          description="Every type the quiz supports, with Markdown explanations and sources."
        >
          <Counts counts={questions} href="/admin/questions" />
          <div className="mt-4 flex flex-wrap gap-2">
            <ButtonLink href="/admin/questions/new" size="sm">
              New question
            </ButtonLink>
            <ButtonLink href="/admin/questions" size="sm" variant="secondary">
              Browse the bank
            </ButtonLink>
          </div>
        </Card>
        <Card
          title={
            <Link href="/admin/scenarios" className="hover:underline">
              Scenarios
            </Link>
          }
          description="Kubernetes YAML checked and traced by the routing engine as you type."
        >
          <Counts counts={scenarios} href="/admin/scenarios" />
          <div className="mt-4 flex flex-wrap gap-2">
            <ButtonLink href="/admin/scenarios/new" size="sm">
              New scenario
            </ButtonLink>
            <ButtonLink href="/admin/scenarios" size="sm" variant="secondary">
              Browse the library
            </ButtonLink>
          </div>
        </Card>
        <Card
          title="Needs attention"
          description="Questions whose discrimination index is below 0.2: they do not separate strong from weak candidates."
        >
          {flagged.length === 0 ? (
            <p className="text-sm text-muted" data-testid="flagged-empty">
              Nothing flagged.{' '}
              <Link href="/admin/analytics" className="text-accent underline underline-offset-2">
                See all analytics
              </Link>
              .
            </p>
          ) : (
            <ul className="flex flex-col gap-1 text-sm">
              {flagged.slice(0, 8).map((q) => (
                <li key={q.questionId}>
                  <Link
                    href={`/admin/questions/${q.questionId}`}
                    className="font-mono text-xs text-accent underline underline-offset-2"
                  >
                    {q.questionId}
                  </Link>{' '}
                  <span className="text-muted">
                    D = {q.discrimination?.toFixed(2)} over {q.attempts} attempts
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="More" description="Move content between installations, and manage who can author.">
          <ul className="flex flex-col gap-2 text-sm">
            <li>
              <Link href="/admin/bank" className="text-accent underline underline-offset-2">
                Import and export the bank
              </Link>
            </li>
            <li>
              <Link href="/admin/analytics" className="text-accent underline underline-offset-2">
                Analytics
              </Link>
            </li>
            <li>
              <Link href="/admin/users" className="text-accent underline underline-offset-2">
                Manage roles
              </Link>
            </li>
          </ul>
        </Card>
        <Card title="Recent changes" className="md:col-span-2">
          <AuditList entries={audit} showEntity />
        </Card>
      </div>
    </>
  );
}
