'use client';
/**
 * Library filters: a GET form (works without JavaScript). With JavaScript, selects apply at once and the
 * search box applies after a short pause, replacing the URL so Back is not flooded.
 */
import { usePathname, useRouter } from 'next/navigation';
import { useRef, useTransition } from 'react';
import type { LibrarySearch } from '@/lib/validation/trace';
import { Button, ButtonLink } from '@/components/ui/button';

const selectClass = 'h-10 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg';

export function LibraryFilters({
  search,
  topics,
}: {
  search: LibrarySearch;
  topics: { slug: string; label: string; count: number }[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const [pending, startTransition] = useTransition();

  function apply() {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries())
      if (typeof v === 'string' && v.trim() !== '') params.set(k, v.trim());
    const qs = params.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  }

  const active = Boolean(search.q || search.topic || search.difficulty || search.level);

  return (
    <form
      ref={formRef}
      role="search"
      aria-label="Filter scenarios"
      action="/trace"
      method="get"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      className="grid gap-3 rounded-xl border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1.2fr_1fr_1fr_auto]"
      aria-busy={pending}
    >
      <div>
        <label htmlFor="lib-q" className="mb-1 block text-xs font-medium text-muted">
          Search
        </label>
        <input
          id="lib-q"
          name="q"
          type="search"
          defaultValue={search.q ?? ''}
          placeholder="Title, topic or tag (e.g. nodeport)"
          className={selectClass}
          onChange={() => {
            window.clearTimeout(timer.current);
            timer.current = window.setTimeout(apply, 300);
          }}
        />
      </div>
      <div>
        <label htmlFor="lib-topic" className="mb-1 block text-xs font-medium text-muted">
          Topic
        </label>
        <select
          id="lib-topic"
          name="topic"
          defaultValue={search.topic ?? ''}
          className={selectClass}
          onChange={apply}
        >
          <option value="">All topics</option>
          {topics.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.label} ({t.count})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="lib-difficulty" className="mb-1 block text-xs font-medium text-muted">
          Difficulty
        </label>
        <select
          id="lib-difficulty"
          name="difficulty"
          defaultValue={search.difficulty ?? ''}
          className={selectClass}
          onChange={apply}
        >
          <option value="">Any</option>
          <option value="1">Easy</option>
          <option value="2">Medium</option>
          <option value="3">Hard</option>
        </select>
      </div>
      <div>
        <label htmlFor="lib-level" className="mb-1 block text-xs font-medium text-muted">
          Level of detail
        </label>
        <select
          id="lib-level"
          name="level"
          defaultValue={search.level ?? ''}
          className={selectClass}
          onChange={apply}
        >
          <option value="">Any</option>
          <option value="textbook">Textbook</option>
          <option value="coarse">Coarse</option>
          <option value="wire">Wire</option>
        </select>
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {active ? (
          <ButtonLink href="/trace" variant="ghost" onClick={() => formRef.current?.reset()}>
            Clear
          </ButtonLink>
        ) : null}
      </div>
    </form>
  );
}
