/**
 * Troubleshooting exercises ("fix this cluster", ADR 016): the published exercises with the learner's results, and
 * three ways into each: edit the YAML, pick the fix among candidates (easier), or the timed incident.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Badge } from '@/components/ui/badge';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { listExercises } from '@/lib/server/troubleshoot/service';
import type { TroubleshootListItem } from '@/lib/troubleshoot/views';
import { DifficultyMeter } from '../trace/_components/labels';

export const metadata: Metadata = { title: 'Fix this cluster' };

export default async function TroubleshootListPage() {
  const user = await requireUser('/troubleshoot');
  const items = await listExercises(db, user.id);
  const solved = items.filter((i) => i.solved).length;
  return (
    <>
      <PageHeader
        title="Fix this cluster"
        description="Something is broken. Read the symptom, trace requests against the broken cluster, then fix its YAML — without breaking what still works. The routing engine checks every condition on the server."
      />
      <p className="mt-2 text-sm text-muted" data-testid="troubleshoot-count">
        {items.length} exercises · you have fixed {solved}
      </p>
      {items.length === 0 ? (
        <div className="mt-6 rounded-xl border border-dashed border-border p-10 text-center">
          <p className="text-lg font-semibold">No exercises yet</p>
          <p className="mt-1 text-muted">Run the seed (`npm run db:seed`) to load the shipped exercises.</p>
        </div>
      ) : (
        <ul
          className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3"
          data-testid="troubleshoot-list"
        >
          {items.map((item) => (
            <ExerciseCard key={item.id} item={item} />
          ))}
        </ul>
      )}
    </>
  );
}

function ExerciseCard({ item }: { item: TroubleshootListItem }) {
  const base = `/troubleshoot/${item.id}`;
  return (
    <li
      className="flex min-w-0 flex-col rounded-xl border border-border bg-surface p-4 shadow-sm"
      data-testid="troubleshoot-card"
      data-exercise={item.id}
    >
      <div className="flex items-center justify-between gap-2">
        <Badge tone="brand" className="min-w-0 truncate">
          <span className="truncate">{item.topicLabel}</span>
        </Badge>
        {item.solved ? (
          <span className="rounded-full border border-success/40 bg-success-bg px-2 py-0.5 text-xs font-semibold text-success">
            Fixed · best {item.best}
          </span>
        ) : item.attempts > 0 ? (
          <span className="text-xs text-muted">Not fixed yet</span>
        ) : (
          <span className="text-xs text-muted">Not tried</span>
        )}
      </div>
      <h2 className="mt-3 text-base font-semibold leading-snug">
        <Link href={base} className="hover:underline">
          {item.title}
        </Link>
      </h2>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
        <DifficultyMeter difficulty={item.difficulty} />
        {item.attempts > 0 ? (
          <>
            <span aria-hidden="true">·</span>
            <span>
              {item.attempts} tr{item.attempts === 1 ? 'y' : 'ies'}
            </span>
          </>
        ) : null}
      </div>
      <nav
        aria-label={`Ways to take ${item.title}`}
        className="mt-auto flex flex-wrap gap-x-4 gap-y-1 pt-3 text-sm"
      >
        <Link href={base} className="font-medium text-accent hover:underline">
          Fix the YAML
        </Link>
        <Link href={`${base}?mode=choice`} className="text-accent hover:underline">
          Pick the fix
        </Link>
        <Link href={`${base}?mode=incident`} className="text-accent hover:underline">
          Incident (timed)
        </Link>
      </nav>
    </li>
  );
}
