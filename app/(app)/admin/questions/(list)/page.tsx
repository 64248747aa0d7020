/**
 * The question bank for authors: search (id, prompt, tags) and filters (topic, type, status, difficulty) as
 * a GET form, so every filtered view has a URL and works without JavaScript.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/lib/server/auth';
import { questionListSearchSchema } from '@/lib/validation/authoring';
import { db } from '@/lib/server/db';
import { listQuestions } from '@/lib/server/authoring/questions';
import { QUESTION_TYPES } from '@/lib/quiz/bank-schema';
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

export const metadata: Metadata = { title: 'Questions' };

const DIFFICULTY_OPTIONS = [
  { value: '1', label: '1 · easy' },
  { value: '2', label: '2 · medium' },
  { value: '3', label: '3 · hard' },
];

function firstOf(v: string | string[] | undefined) {
  return Array.isArray(v) ? v[0] : v;
}

export default async function AdminQuestionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin('/admin/questions');
  const sp = await searchParams;
  const search = questionListSearchSchema.parse(
    Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, firstOf(v) || undefined])),
  );
  const { items, total } = await listQuestions(db, search);
  const filtered = Boolean(search.q || search.topic || search.type || search.status || search.difficulty);
  return (
    <>
      <PageHeader
        title="Questions"
        description={`${total} question${total === 1 ? '' : 's'} in the bank. Drafts are never drawn; published ones are; retired ones stay for old results.`}
        actions={<ButtonLink href="/admin/questions/new">New question</ButtonLink>}
      />
      <AdminNav current="/admin/questions" />
      <form
        role="search"
        aria-label="Filter questions"
        method="get"
        action="/admin/questions"
        className="mb-4 grid gap-3 rounded-xl border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1.4fr_1fr_1fr_1fr_auto]"
      >
        <FilterSearch id="f-q" value={search.q} placeholder="Id, prompt or tag" />
        <FilterSelect
          id="f-topic"
          name="topic"
          label="Topic"
          value={search.topic}
          all="All topics"
          options={TOPIC_OPTIONS}
        />
        <FilterSelect
          id="f-type"
          name="type"
          label="Type"
          value={search.type}
          all="All types"
          options={QUESTION_TYPES.map((t) => ({ value: t, label: t }))}
        />
        <FilterSelect
          id="f-status"
          name="status"
          label="Status"
          value={search.status}
          all="Any status"
          options={STATUS_OPTIONS}
        />
        <FilterSelect
          id="f-difficulty"
          name="difficulty"
          label="Difficulty"
          value={search.difficulty}
          all="Any"
          options={DIFFICULTY_OPTIONS}
        />
        <FilterActions href="/admin/questions" filtered={filtered} />
      </form>
      <p className="mb-2 text-sm text-muted" aria-live="polite" data-testid="question-count">
        {filtered ? `${items.length} of ${total} match.` : `${total} questions.`}
      </p>
      {items.length === 0 ? (
        <div
          className="rounded-xl border border-dashed border-border p-8 text-center text-sm text-muted"
          data-testid="questions-empty"
        >
          {total === 0 ? (
            <>
              The bank is empty.{' '}
              <Link className="text-accent underline" href="/admin/questions/new">
                Write the first question
              </Link>{' '}
              or{' '}
              <Link className="text-accent underline" href="/admin/bank">
                import a bank file
              </Link>
              .
            </>
          ) : (
            'No question matches these filters.'
          )}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Questions</caption>
            <thead className="border-b border-border bg-surface-2 text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Question
                </th>
                <th scope="col" className="hidden px-4 py-3 font-semibold md:table-cell">
                  Topic
                </th>
                <th scope="col" className="hidden px-4 py-3 font-semibold sm:table-cell">
                  Type
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {items.map((q) => (
                <tr key={q.id} data-testid={`question-row-${q.id}`}>
                  <th scope="row" className="max-w-xl px-4 py-3 font-normal">
                    <Link
                      href={`/admin/questions/${q.id}`}
                      className="font-mono text-xs text-accent underline underline-offset-2"
                    >
                      {q.id}
                    </Link>
                    <span className="mt-0.5 line-clamp-2 block text-fg">{q.prompt}</span>
                    <span className="mt-0.5 block text-xs text-muted sm:hidden">
                      {q.type} · {q.topicLabel}
                    </span>
                  </th>
                  <td className="hidden px-4 py-3 text-muted md:table-cell">
                    {q.topicLabel}
                    <span className="block text-xs">difficulty {q.difficulty}</span>
                  </td>
                  <td className="hidden px-4 py-3 text-muted sm:table-cell">{q.type}</td>
                  <td className="px-4 py-3">
                    <StatusBadge status={q.status} pendingVersion={q.hasDraft ? q.latestVersion : null} />
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
