/**
 * /playground: a new playground (optionally from a published scenario: ?from=<id>) and the user's saved ones.
 * Any signed-in user. The page sends only the user's own data and the scenarios they may start from.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/server/auth';
import { createCsrfToken } from '@/lib/server/auth/csrf';
import { db } from '@/lib/server/db';
import { listPlaygrounds, startableScenarios, startableScenarioYaml } from '@/lib/server/playground/service';
import { EMPTY_SETTINGS } from '@/lib/validation/playground';
import { PlaygroundEditor } from './_components/playground-editor';
import { starterList } from './_components/starters';

export const metadata: Metadata = { title: 'Playground' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PlaygroundPage({ searchParams }: Props) {
  const sp = await searchParams;
  const user = await requireUser('/playground');
  const from = Array.isArray(sp.from) ? sp.from[0] : sp.from;
  const [mine, scenarios, start] = await Promise.all([
    listPlaygrounds(db, user.id),
    startableScenarios(db, user),
    from && /^[a-z0-9][a-z0-9-]{0,100}$/.test(from) ? startableScenarioYaml(db, user, from) : null,
  ]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Playground"
        description="Paste your own manifests — kubectl get -o yaml, several files, helm template output — add requests, and see every path the engine computes. It runs in your browser; nothing is sent until you save, and saved playgrounds are private."
      />
      {from && !start ? (
        <Alert tone="warning" testId="playground-from-refused">
          That scenario cannot be opened here: the playground starts from published scenarios you have already
          traced.
        </Alert>
      ) : null}
      {mine.length ? (
        <section aria-labelledby="mine-heading" className="rounded-xl border border-border bg-surface p-4">
          <h2 id="mine-heading" className="text-sm font-semibold">
            Your playgrounds ({mine.length})
          </h2>
          <ul className="mt-2 flex flex-col gap-1 text-sm" data-testid="playground-list">
            {mine.map((p) => (
              <li key={p.id} className="flex flex-wrap items-baseline gap-2">
                <Link
                  href={`/playground/${p.id}`}
                  className="font-medium text-accent underline-offset-2 hover:underline"
                >
                  {p.title}
                </Link>
                <span className="text-xs text-muted">
                  saved {new Date(p.updatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
                  {p.shared ? ' · shared by link' : ''}
                  {p.proposed ? ' · proposed' : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <PlaygroundEditor
        key={from ?? 'new'}
        csrfToken={createCsrfToken(user.id)}
        initial={{
          title: start ? start.title : 'Untitled playground',
          yaml: start ? start.yaml : '',
          settings: EMPTY_SETTINGS,
          ...(start && from ? { from } : {}),
        }}
        starters={starterList(scenarios)}
      />
    </div>
  );
}
