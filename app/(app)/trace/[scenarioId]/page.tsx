/**
 * The player: the cluster diagram, the request in words, the palette of hop cards and the answer lane.
 * Opening this page issues a TraceSession (lib/server/trace/service.ts); the page gets only the palette and
 * the diagram, never the answer.
 *   /trace/<id>                      learning mode at the scenario's level
 *   /trace/<id>?mode=challenge       one submission, no hints
 *   /trace/<id>?level=wire           another level of detail
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { loadDraft, openSession, recentAttempts } from '@/lib/server/trace/service';
import type { Level } from '@/lib/engine';
import { TracePlayer } from './_components/trace-player';

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
  const mode = modeParam === 'challenge' ? 'challenge' : 'learning';
  const level = LEVELS.find((l) => l === levelParam);

  const opened = await openSession(
    db,
    user.id,
    scenarioId,
    { mode, ...(level ? { level } : {}) },
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
  const [recent, draft] = await Promise.all([
    recentAttempts(db, user.id, scenarioId),
    loadDraft(db, user.id, opened.view),
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
      <TracePlayer
        key={opened.view.sessionId}
        view={opened.view}
        csrfToken={createCsrfToken(user.id)}
        recent={recent}
        draft={draft}
      />
    </>
  );
}
