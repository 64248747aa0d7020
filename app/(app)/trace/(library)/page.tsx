/**
 * The scenario library: published "trace this request" scenarios with topic, difficulty, level of detail and
 * the learner's best score; filter by topic, difficulty and level, and search. Filters are a GET form (they
 * work without JavaScript; with it they apply as you change them).
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { requireUser } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { listLibrary, type LibraryItem } from '@/lib/server/trace/service';
import { librarySearchSchema } from '@/lib/validation/trace';
import { LibraryFilters } from '../_components/library-filters';
import { LinkPending } from '../_components/link-pending';
import { DifficultyMeter, LEVEL_TEXT, ScoreBadge } from '../_components/labels';

export const metadata: Metadata = { title: 'Trace a request' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v || undefined;
}

export default async function TraceLibraryPage({ searchParams }: Props) {
  const user = await requireUser('/trace');
  const sp = await searchParams;
  const search = librarySearchSchema.parse({
    q: first(sp.q),
    topic: first(sp.topic),
    difficulty: first(sp.difficulty),
    level: first(sp.level),
  });
  const library = await listLibrary(db, user.id, search);
  const filtered = Boolean(search.q || search.topic || search.difficulty || search.level);
  const tried = library.items.filter((i) => i.best !== null).length;

  return (
    <>
      <PageHeader
        title="Trace a request"
        description="Pick a cluster and a request, then lay out every hop it takes — client, load balancer, Ingress, Service, kube-proxy, Pod. The routing engine computes the real paths from the scenario's Kubernetes YAML and grades yours against the closest one."
      />

      <LibraryFilters search={search} topics={library.topics} />

      {library.topics.length > 0 ? (
        <nav
          aria-labelledby="endless-heading"
          className="mt-4 rounded-xl border border-border bg-surface p-3 text-sm"
          data-testid="endless-topics"
        >
          <h2 id="endless-heading" className="font-semibold">
            Endless practice
          </h2>
          <p className="mt-0.5 text-muted">
            One scenario of the topic after another, each a fresh variant (other names, addresses, ports and
            placement), weakest first.
          </p>
          <ul className="mt-2 flex flex-wrap gap-2">
            {library.topics
              .filter((t) => !search.topic || t.slug === search.topic)
              .map((t) => (
                <li key={t.slug}>
                  <Link
                    href={`/trace/practice/${t.slug}`}
                    className="inline-block rounded-lg border border-border px-3 py-1.5 hover:bg-surface-2"
                    data-testid="endless-topic"
                  >
                    {t.label} <span aria-hidden="true">→</span>
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
      ) : null}

      <p className="mt-4 text-sm text-muted" aria-live="polite" data-testid="library-count">
        {filtered
          ? `Showing ${library.items.length} of ${library.total} scenarios`
          : `${library.total} scenarios`}
        {library.total > 0 ? ` · you have tried ${tried}${filtered ? ' of these' : ''}` : ''}
      </p>

      {library.total === 0 ? (
        <div
          className="mt-6 rounded-xl border border-dashed border-border p-10 text-center"
          data-testid="library-empty"
        >
          <p className="text-lg font-semibold">No scenarios yet</p>
          <p className="mt-1 text-muted">
            Scenarios appear here once they are published. Run the seed (`npm run db:seed`) to load the
            shipped library.
          </p>
        </div>
      ) : library.items.length === 0 ? (
        <div
          className="mt-6 rounded-xl border border-dashed border-border p-10 text-center"
          data-testid="library-no-match"
        >
          <p className="text-lg font-semibold">No scenario matches these filters</p>
          <p className="mt-1 text-muted">Try another word or fewer filters.</p>
          <ButtonLink href="/trace" variant="secondary" className="mt-4">
            Clear filters
          </ButtonLink>
        </div>
      ) : (
        <ul className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="scenario-list">
          {library.items.map((item) => (
            <ScenarioCard key={item.id} item={item} />
          ))}
        </ul>
      )}
    </>
  );
}

function ScenarioCard({ item }: { item: LibraryItem }) {
  return (
    <li
      className="group relative flex min-w-0 flex-col rounded-xl border border-border bg-surface p-4 shadow-sm transition-colors hover:border-accent/60 focus-within:border-accent"
      data-testid="scenario-card"
    >
      <div className="flex items-center justify-between gap-2">
        <Badge tone="brand" className="min-w-0 truncate">
          <span className="truncate">{item.topicLabel}</span>
        </Badge>
        <span className="shrink-0 whitespace-nowrap">
          <ScoreBadge best={item.best} />
        </span>
      </div>
      <h2 className="mt-3 text-base font-semibold leading-snug">
        <Link
          href={`/trace/${item.id}`}
          className="after:absolute after:inset-0 after:rounded-xl focus-visible:outline-none group-focus-within:underline"
        >
          {item.title}
          <LinkPending />
        </Link>
      </h2>
      <div className="mt-auto flex flex-wrap items-center gap-x-3 gap-y-1 pt-3 text-xs text-muted">
        <DifficultyMeter difficulty={item.difficulty} />
        <span aria-hidden="true">·</span>
        <span>
          <span className="sr-only">Level of detail: </span>
          {LEVEL_TEXT[item.level]}
        </span>
        {item.attempts > 0 ? (
          <>
            <span aria-hidden="true">·</span>
            <span>
              {item.attempts} attempt{item.attempts === 1 ? '' : 's'}
            </span>
          </>
        ) : null}
      </div>
    </li>
  );
}
