/** The scenario library for authors: every scenario with its status, search and filters as a GET form. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { scenarioListSearchSchema } from '@/lib/validation/authoring';
import { db } from '@/lib/server/db';
import { listScenarios } from '@/lib/server/authoring/scenarios';
import { PageHeader } from '@/components/ui/page-header';
import { ButtonLink } from '@/components/ui/button';
import { AdminNav } from '../../_components/admin-nav';
import { StatusBadge } from '../../_components/status-badge';
import {
  FilterActions,
  FilterSearch,
  FilterSelect,
  STATUS_OPTIONS,
  TOPIC_OPTIONS,
} from '../../_components/filter-fields';

export const metadata: Metadata = { title: 'Scenarios' };

export default async function AdminScenariosPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin('/admin/scenarios');
  const sp = await searchParams;
  const search = scenarioListSearchSchema.parse(
    Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) || undefined])),
  );
  const { items, total } = await listScenarios(db, search);
  const filtered = Boolean(search.q || search.topic || search.status);
  return (
    <>
      <PageHeader
        title="Scenarios"
        description={`${total} scenario${total === 1 ? '' : 's'}. Each is real Kubernetes YAML plus a Scenario document; the routing engine computes the answer.`}
        actions={<ButtonLink href="/admin/scenarios/new">New scenario</ButtonLink>}
      />
      <AdminNav current="/admin/scenarios" />
      <form
        role="search"
        aria-label="Filter scenarios"
        method="get"
        action="/admin/scenarios"
        className="mb-4 grid gap-3 rounded-xl border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1.4fr_1fr_auto]"
      >
        <FilterSearch id="s-q" value={search.q} placeholder="Id, title or tag" />
        <FilterSelect
          id="s-topic"
          name="topic"
          label="Topic"
          value={search.topic}
          all="All topics"
          options={TOPIC_OPTIONS}
        />
        <FilterSelect
          id="s-status"
          name="status"
          label="Status"
          value={search.status}
          all="Any status"
          options={STATUS_OPTIONS}
        />
        <FilterActions href="/admin/scenarios" filtered={filtered} />
      </form>
      {items.length === 0 ? (
        <div
          className="rounded-xl border border-dashed border-border p-8 text-center text-sm text-muted"
          data-testid="scenarios-empty"
        >
          {total === 0 ? (
            <>
              No scenarios yet.{' '}
              <Link className="text-accent underline" href="/admin/scenarios/new">
                Start one from a template
              </Link>
              .
            </>
          ) : (
            'No scenario matches these filters.'
          )}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Scenarios</caption>
            <thead className="border-b border-border bg-surface-2 text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Scenario
                </th>
                <th scope="col" className="hidden px-4 py-3 font-semibold md:table-cell">
                  Topic
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {items.map((s) => (
                <tr key={s.id} data-testid={`scenario-row-${s.id}`}>
                  <th scope="row" className="px-4 py-3 font-normal">
                    <Link
                      href={`/admin/scenarios/${s.id}`}
                      className="font-medium text-accent underline underline-offset-2"
                    >
                      {s.title}
                    </Link>
                    <span className="mt-0.5 block font-mono text-xs text-muted">{s.id}</span>
                  </th>
                  <td className="hidden px-4 py-3 text-muted md:table-cell">
                    {s.topicLabel}
                    <span className="block text-xs">
                      difficulty {s.difficulty} · {s.level}
                    </span>
                  </td>
                  <td className="px-4 py-3">
                    <StatusBadge status={s.status} pendingVersion={s.hasDraft ? s.latestVersion : null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
