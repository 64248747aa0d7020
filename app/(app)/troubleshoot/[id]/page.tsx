/**
 * One troubleshooting exercise (ADR 016). Opening the page opens — or resumes — the learner's try in a mode:
 *   /troubleshoot/<id>                  fix the YAML in the editor
 *   /troubleshoot/<id>?mode=choice      pick the fix among candidate changes (easier)
 *   /troubleshoot/<id>?mode=incident    the editor on the server's clock
 * The page gets the task (symptom, conditions, the broken cluster), never the answer.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { openExercise } from '@/lib/server/troubleshoot/service';
import { troubleshootIdSchema, troubleshootModeSchema } from '@/lib/validation/troubleshoot';
import { DifficultyMeter } from '../../trace/_components/labels';
import { TroubleshootPlayer } from './_components/troubleshoot-player';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: 'Fix this cluster' };

const MODE_TEXT = { EDIT: 'Fix the YAML', CHOICE: 'Pick the fix', INCIDENT: 'Incident (timed)' } as const;

export default async function TroubleshootExercisePage({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  const user = await requireUser(`/troubleshoot/${encodeURIComponent(id)}`);
  if (!troubleshootIdSchema.safeParse(id).success) notFound();
  const modeParam = Array.isArray(sp.mode) ? sp.mode[0] : sp.mode;
  const mode = troubleshootModeSchema.parse(modeParam?.toUpperCase());
  const opened = await openExercise(db, user.id, id, mode, new Date());
  if (!opened.ok) {
    if (opened.status === 404) notFound();
    return (
      <div className="mx-auto max-w-2xl space-y-4" data-testid="troubleshoot-error">
        <h1 className="text-2xl font-bold tracking-tight">This exercise cannot be opened</h1>
        <Alert tone="warning">{opened.message}</Alert>
        <ButtonLink href="/troubleshoot" variant="secondary">
          Back to the exercises
        </ButtonLink>
      </div>
    );
  }
  const view = opened.view;
  const base = `/troubleshoot/${id}`;
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/troubleshoot" className="hover:underline">
          Fix this cluster
        </Link>{' '}
        / {view.exercise.title}
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">{view.exercise.title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-3 text-sm text-muted">
            <DifficultyMeter difficulty={view.exercise.difficulty} />
            <span>{MODE_TEXT[mode]}</span>
            {mode === 'INCIDENT' ? <span>{view.exercise.timeLimitMinutes} minutes</span> : null}
          </p>
        </div>
        <nav aria-label="Modes" className="flex gap-3 text-sm">
          {(['EDIT', 'CHOICE', 'INCIDENT'] as const)
            .filter((m) => m !== mode)
            .map((m) => (
              <Link
                key={m}
                href={m === 'EDIT' ? base : `${base}?mode=${m.toLowerCase()}`}
                className="text-accent hover:underline"
              >
                {MODE_TEXT[m]}
              </Link>
            ))}
        </nav>
      </header>
      <TroubleshootPlayer key={view.sessionId} view={view} csrfToken={createCsrfToken(user.id)} />
    </div>
  );
}
