/**
 * The player: the cluster diagram, the request in words, the palette of hop cards and the answer lane.
 * Opening this page issues a TraceSession (lib/server/trace/service.ts); the page gets only the palette and
 * the diagram, never the answer.
 *   /trace/<id>                      learning mode at the scenario's level
 *   /trace/<id>?mode=challenge       one submission, no hints
 *   /trace/<id>?level=wire           another level of detail
 *   /trace/<id>?variant=<seed>       a fresh variant (lib/review/variant.ts), regenerated on the server from the seed
 *   /trace/<id>?variant=new          "practise this again": redirects to a new random seed
 *   /trace/<id>?request=<request id> another of the scenario's requests (the first by default)
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { randomBytes } from 'node:crypto';
import { notFound, redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { loadDraft, openSession, recentAttempts } from '@/lib/server/trace/service';
import { examLockFor, examLockMessage } from '@/lib/server/quiz/exam-lock';
import type { Level } from '@/lib/engine';
import { TracePlayer } from './_components/trace-player';
import { ReportProblem } from '@/components/report-problem';
import { traceHref } from '@/lib/trace-player/href';

type Props = {
  params: Promise<{ scenarioId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: 'Trace this request' };

const LEVELS: readonly Level[] = ['textbook', 'coarse', 'wire'];

export default async function TracePlayerPage({ params, searchParams }: Props) {
  const { scenarioId } = await params;
  const sp = await searchParams;
  const user = await requireUser(`/trace/${encodeURIComponent(scenarioId)}`);
  if (!/^[a-z0-9][a-z0-9-]{0,100}$/.test(scenarioId)) notFound();
  const modeParam = Array.isArray(sp.mode) ? sp.mode[0] : sp.mode;
  const levelParam = Array.isArray(sp.level) ? sp.level[0] : sp.level;
  const variantParam = Array.isArray(sp.variant) ? sp.variant[0] : sp.variant;
  const requestParam = Array.isArray(sp.request) ? sp.request[0] : sp.request;
  const mode = modeParam === 'challenge' ? 'challenge' : 'learning';
  const level = LEVELS.find((l) => l === levelParam);
  if (variantParam === 'new') {
    // A new seed per "practise this again"; the URL then names the variant (reload-safe, shareable).
    redirect(
      traceHref(scenarioId, {
        mode,
        ...(level ? { level } : {}),
        ...(requestParam !== undefined ? { request: requestParam } : {}),
        variant: BigInt(`0x${randomBytes(6).toString('hex')}`).toString(36),
      }),
    );
  }

  const opened = await openSession(
    db,
    user.id,
    scenarioId,
    {
      mode,
      ...(level ? { level } : {}),
      ...(variantParam !== undefined ? { variant: variantParam } : {}),
      ...(requestParam !== undefined ? { request: requestParam } : {}),
    },
    new Date(),
  );
  if (!opened.ok) {
    if (opened.status === 404) notFound();
    return (
      <div className="mx-auto max-w-2xl space-y-4" data-testid="player-error">
        <h1 className="text-2xl font-bold tracking-tight">This scenario cannot be opened</h1>
        <Alert tone="warning">{opened.message}</Alert>
        <ButtonLink href="/trace" variant="secondary">
          Back to the library
        </ButtonLink>
      </div>
    );
  }
  const [recent, draft, examLock] = await Promise.all([
    recentAttempts(db, user.id, scenarioId),
    loadDraft(db, user.id, opened.view),
    examLockFor(db, user.id, scenarioId, new Date()),
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/trace" className="hover:text-fg hover:underline">
          Trace library
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{opened.view.scenario.title}</span>
      </nav>
      {/* Exam integrity: the server refuses checks, hints and submissions here; say why up front. */}
      {examLock ? (
        <Alert tone="warning" title="Paused during your exam" testId="exam-lock" className="mb-4">
          {examLockMessage(examLock)}{' '}
          <Link href={`/quizzes/${examLock.attemptId}`} className="underline">
            Back to the exam
          </Link>
        </Alert>
      ) : null}
      <TracePlayer
        key={opened.view.sessionId}
        view={opened.view}
        csrfToken={createCsrfToken(user.id)}
        recent={recent}
        draft={draft}
      />
      <ReportProblem
        csrfToken={createCsrfToken(user.id)}
        kind="SCENARIO"
        itemId={opened.view.scenario.id}
        label="Report a problem with this scenario"
      />
    </>
  );
}
