import type { Metadata } from 'next';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { PageHeader } from '@/components/ui/page-header';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { ChangePasswordForm } from './_components/change-password-form';
import { db } from '@/lib/server/db';
import { myReports } from '@/lib/server/reports';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser('/account');
  const reports = await myReports(db, user.id);
  return (
    <>
      <PageHeader title="Account" description="Your details and password." />
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <Card title="Your details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-muted">Name</dt>
            <dd>{user.name}</dd>
            <dt className="text-muted">E-mail</dt>
            <dd className="break-all">{user.email}</dd>
            <dt className="text-muted">Role</dt>
            <dd>
              <Badge tone={user.role === 'ADMIN' ? 'brand' : 'neutral'}>
                {user.role === 'ADMIN' ? 'Admin' : 'Learner'}
              </Badge>
            </dd>
          </dl>
        </Card>
        <Card
          title="Your problem reports"
          description="What you reported on questions, scenarios and results, and the admins' replies."
          className="lg:col-span-2"
        >
          {reports.length === 0 ? (
            <p className="text-sm text-muted">
              None yet. Every question, scenario and result has a “Report a problem” link.
            </p>
          ) : (
            <ul className="flex flex-col gap-3 text-sm" data-testid="my-reports">
              {reports.map((r) => (
                <li key={r.id} className="rounded-lg border border-border p-3" data-testid="my-report">
                  <p className="flex flex-wrap items-center gap-2">
                    <Badge tone={r.status === 'RESOLVED' ? 'brand' : 'warning'}>
                      {r.status === 'RESOLVED' ? 'resolved' : 'open'}
                    </Badge>
                    <span className="font-mono text-xs">
                      {r.itemId} v{r.itemVersion}
                    </span>
                    <span className="text-muted">{r.categoryLabel}</span>
                  </p>
                  {/* Learner and admin text is shown as written: plain text, never Markdown or HTML. */}
                  <p className="mt-1 whitespace-pre-wrap">{r.message}</p>
                  {r.reply ? (
                    <p
                      className="mt-2 whitespace-pre-wrap rounded-md bg-surface-2 p-2"
                      data-testid="report-reply"
                    >
                      <span className="font-semibold">Reply: </span>
                      {r.reply}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Change password" description="You need your current password to set a new one.">
          <ChangePasswordForm csrfToken={createCsrfToken(user.id)} />
        </Card>
      </div>
    </>
  );
}
