/**
 * The result of a trace attempt: the score (graded on the server), each hop's finding with its explanation
 * and rule, the learner's path beside the closest valid path, the other valid alternatives, and an animated
 * replay of the packet on the cluster diagram.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ButtonLink } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { getAttemptView } from '@/lib/server/trace/service';
import { AttemptResult } from './_components/attempt-result';
import { ReportProblem } from '@/components/report-problem';
import { createCsrfToken } from '@/lib/server/auth/csrf';

export const metadata: Metadata = { title: 'Trace result' };

type Props = { params: Promise<{ attemptId: string }> };

export default async function TraceAttemptPage({ params }: Props) {
  const { attemptId } = await params;
  const user = await requireUser(`/trace/attempts/${encodeURIComponent(attemptId)}`);
  if (!/^[a-z0-9]{1,64}$/i.test(attemptId)) notFound();
  const r = await getAttemptView(db, user.id, attemptId);
  if (!r.ok) {
    if (r.status === 404) notFound();
    return (
      <div className="mx-auto max-w-2xl space-y-4" data-testid="result-error">
        <h1 className="text-2xl font-bold tracking-tight">This result cannot be shown</h1>
        <Alert tone="warning">{r.message}</Alert>
        <ButtonLink href="/trace" variant="secondary">
          Back to the library
        </ButtonLink>
      </div>
    );
  }
  const v = r.view;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/trace" className="hover:text-fg hover:underline">
          Trace library
        </Link>
        <span aria-hidden="true"> / </span>
        {v.scenario.stillPublished ? (
          <Link href={`/trace/${v.scenario.id}`} className="hover:text-fg hover:underline">
            {v.scenario.title}
          </Link>
        ) : (
          <span>{v.scenario.title}</span>
        )}
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Result</span>
      </nav>
      <AttemptResult view={v} />
      <ReportProblem
        csrfToken={createCsrfToken(user.id)}
        kind="TRACE_RESULT"
        attemptId={attemptId}
        label="Report a problem with this result (a hop explained badly, a wrong key…)"
      />
    </>
  );
}
