/**
 * Heat-map of one scenario: rows are hop cards, columns the grader's mistake codes (added, missed, out of
 * order, wrong object), cells the number of findings over all attempts. The darkest cells are the
 * misconceptions the content should address next.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireAdmin } from '@/lib/server/auth';
import { db } from '@/lib/server/db';
import { scenarioHeatMap } from '@/lib/server/authoring/analytics';
import { HEAT_CODES, HEAT_CODE_LABELS } from '@/lib/authoring/analytics';
import { PageHeader } from '@/components/ui/page-header';
import { cn } from '@/components/ui/cn';
import { AdminNav } from '../../../_components/admin-nav';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Heat-map ${(await params).id}` };
}

export default async function ScenarioHeatMapPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/analytics/scenarios/${encodeURIComponent(id)}`);
  if (!/^[a-z0-9-]{1,100}$/.test(id)) notFound();
  const heat = await scenarioHeatMap(db, id);
  if (!heat) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted">
        <Link href="/admin/analytics" className="hover:text-fg hover:underline">
          Analytics
        </Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{heat.title}</span>
      </nav>
      <PageHeader
        title={heat.title}
        description={`Hops learners most often add, miss or misplace, over ${heat.attempts} attempt${heat.attempts === 1 ? '' : 's'}.`}
        actions={
          <Link href={`/admin/scenarios/${id}`} className="text-sm text-accent underline underline-offset-2">
            Edit the scenario
          </Link>
        }
      />
      <AdminNav current="/admin/analytics" />
      {heat.rows.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-border p-8 text-center text-sm text-muted"
          data-testid="heatmap-empty"
        >
          {heat.attempts === 0
            ? 'No attempts yet.'
            : 'No mistakes recorded: every attempt placed every hop right.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border bg-surface p-2 shadow-sm">
          <table className="w-full border-separate border-spacing-1 text-left text-sm" data-testid="heatmap">
            <caption className="sr-only">Findings per hop and kind of mistake</caption>
            <thead className="text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-2 py-1 font-semibold">
                  Hop
                </th>
                {HEAT_CODES.map((c) => (
                  <th key={c} scope="col" className="px-2 py-1 text-center font-semibold">
                    {HEAT_CODE_LABELS[c]}
                  </th>
                ))}
                <th scope="col" className="px-2 py-1 text-right font-semibold">
                  Learners
                </th>
              </tr>
            </thead>
            <tbody>
              {heat.rows.map((r) => (
                <tr key={r.card}>
                  <th scope="row" className="px-2 py-1 font-mono text-xs font-normal">
                    {heat.labels[r.card] ?? r.card}
                  </th>
                  {HEAT_CODES.map((c) => {
                    const n = r.counts[c];
                    const share = heat.max ? n / heat.max : 0;
                    return (
                      <td
                        key={c}
                        className={cn(
                          'rounded px-2 py-1 text-center tabular-nums',
                          share > 0.5 && 'font-semibold text-white',
                        )}
                        style={{
                          backgroundColor: n
                            ? `color-mix(in oklab, var(--danger) ${Math.round(15 + share * 60)}%, transparent)`
                            : undefined,
                        }}
                      >
                        {n || <span className="text-muted">·</span>}
                      </td>
                    );
                  })}
                  <td className="px-2 py-1 text-right tabular-nums text-muted">
                    {r.attempts}/{heat.attempts}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="px-2 pb-1 pt-2 text-xs text-muted">
            Cells count findings over all attempts (darker = more); “Learners” counts attempts with any
            mistake on that hop.
          </p>
        </div>
      )}
    </>
  );
}
