/**
 * The fields of the admin list pages' GET filter forms (questions, scenarios): a labelled search box, labelled
 * selects with an "all" option first, and Filter / Clear. Server components: the forms work without JavaScript.
 */
import Link from 'next/link';
import { TOPICS } from '@/lib/quiz/bank-schema';
import { Button } from '@/components/ui/button';

const fieldClass = 'h-10 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg';
const labelClass = 'mb-1 block text-xs font-medium text-muted';

export type FilterOption = { value: string; label: string };

export const TOPIC_OPTIONS: FilterOption[] = TOPICS.map((t) => ({ value: t.slug, label: t.label }));
export const STATUS_OPTIONS: FilterOption[] = [
  { value: 'DRAFT', label: 'Draft' },
  { value: 'PUBLISHED', label: 'Published' },
  { value: 'RETIRED', label: 'Retired' },
];

export function FilterSearch({
  id,
  value,
  placeholder,
}: {
  id: string;
  value: string | undefined;
  placeholder: string;
}) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        Search
      </label>
      <input
        id={id}
        name="q"
        type="search"
        defaultValue={value ?? ''}
        placeholder={placeholder}
        className={fieldClass}
      />
    </div>
  );
}

/** A select whose first option ("All topics", "Any status", …) means no filter. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  all,
  options,
}: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  all: string;
  options: FilterOption[];
}) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={fieldClass}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Filter, and Clear (back to `href` without parameters) when a filter is set. */
export function FilterActions({ href, filtered }: { href: string; filtered: boolean }) {
  return (
    <div className="flex items-end gap-2">
      <Button type="submit" variant="secondary">
        Filter
      </Button>
      {filtered ? (
        <Link
          href={href}
          className="self-center text-sm text-muted underline underline-offset-2 hover:text-fg"
        >
          Clear
        </Link>
      ) : null}
    </div>
  );
}
