/** Authoring dashboard: the state of the bank and the library, what needs attention, and recent changes. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { listAudit } from '@/lib/server/authoring/audit';
import { questionAnalytics, scenarioAnalytics } from '@/lib/server/authoring/analytics';
import { adminReports } from '@/lib/server/reports';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { Badge } from '@/components/ui/badge';
import { ResolveReportForm } from './_components/resolve-report-form';
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
  const admin = await requireAdmin('/admin');
  const [questions, scenarios, audit, analytics, scenarioStats, reports] = await Promise.all([
    statusCounts('question'),
    statusCounts('scenario'),
    listAudit(db, {}, 12),
    questionAnalytics(db),
    scenarioAnalytics(db),
    adminReports(db),
  ]);
  const csrfToken = createCsrfToken(admin.id);
  const qStats = new Map(analytics.map((q) => [q.questionId, q]));
  const sStats = new Map(scenarioStats.map((x) => [x.id, x]));
  const pct = (x: number | null | undefined) =>
    x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`;
  const openReports = reports.filter((r) => r.status === 'OPEN').length;
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
        <Card
          title={`Problem reports (${openReports} open)`}
          description="What learners reported, with the version they saw, their answer and the item's analytics. A reply resolves the report; the learner sees it on their account page."
          className="md:col-span-2"
        >
          {reports.length === 0 ? (
            <p className="text-sm text-muted">No reports yet.</p>
          ) : (
            <ul className="flex flex-col gap-4" data-testid="admin-reports">
              {reports.map((r) => {
                const q = r.kind === 'QUESTION' ? qStats.get(r.itemId) : undefined;
                const sc = r.kind !== 'QUESTION' ? sStats.get(r.itemId) : undefined;
                return (
                  <li
                    key={r.id}
                    className="grid gap-3 rounded-lg border border-border p-3 text-sm md:grid-cols-[1fr_14rem]"
                    data-testid="admin-report"
                    data-report-id={r.id}
                  >
                    <div>
                      <p className="flex flex-wrap items-center gap-2">
                        <Badge tone={r.status === 'OPEN' ? 'warning' : 'brand'}>
                          {r.status.toLowerCase()}
                        </Badge>
                        <Link
                          href={
                            r.kind === 'QUESTION'
                              ? `/admin/questions/${r.itemId}`
                              : `/admin/scenarios/${r.itemId}`
                          }
                          className="font-mono text-xs text-accent underline underline-offset-2"
                        >
                          {r.itemId} v{r.itemVersion}
                        </Link>
                        <span className="text-muted">
                          {r.kind === 'TRACE_RESULT' ? 'result' : r.kind.toLowerCase()} · {r.categoryLabel} ·{' '}
                          {r.reporter}
                        </span>
                      </p>
                      {/* Learner text as written: plain text, never Markdown or HTML. */}
                      <p className="mt-1 whitespace-pre-wrap" data-testid="admin-report-message">
                        {r.message}
                      </p>
                      {r.learnerAnswer ? (
                        <p className="mt-1 break-all font-mono text-xs text-muted">
                          Their answer: {r.learnerAnswer}
                        </p>
                      ) : null}
                      <ResolveReportForm reportId={r.id} csrfToken={csrfToken} reply={r.reply} />
                    </div>
                    <dl
                      className="grid grid-cols-2 content-start gap-1 rounded-md bg-surface-2 p-2 text-xs"
                      data-testid="admin-report-analytics"
                    >
                      {r.kind === 'QUESTION' ? (
                        <>
                          <dt className="text-muted">Answers</dt>
                          <dd>{q?.attempts ?? 0}</dd>
                          <dt className="text-muted">Correct</dt>
                          <dd>{pct(q?.shareCorrect)}</dd>
                          <dt className="text-muted">Discrimination</dt>
                          <dd>{q?.discrimination?.toFixed(2) ?? '–'}</dd>
                        </>
                      ) : (
                        <>
                          <dt className="text-muted">Attempts</dt>
                          <dd>{sc?.attempts ?? 0}</dd>
                          <dt className="text-muted">Mean score</dt>
                          <dd>{pct(sc?.averageScore)}</dd>
                          <dt className="text-muted">Outcome right</dt>
                          <dd>{pct(sc?.outcomeCorrect)}</dd>
                        </>
                      )}
                    </dl>
                  </li>
                );
              })}
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
