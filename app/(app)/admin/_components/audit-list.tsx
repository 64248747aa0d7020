/** The change history of an entity (or the whole bank): who did what, when, on which version. */
import type { AuditView } from '@/lib/server/authoring/audit';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

const ACTION_TEXT: Record<string, string> = {
  create: 'created',
  update: 'saved',
  publish: 'published',
  retire: 'retired',
  restore: 'restored',
  import: 'imported',
};

export function describeAudit(a: AuditView): string {
  const [, verb = a.action] = a.action.split('.');
  const what = ACTION_TEXT[verb] ?? verb;
  if (a.entityType === 'BANK') {
    const d = a.detail as { added?: number; changed?: number; unchanged?: number };
    return `imported a bank file (${d.added ?? 0} added, ${d.changed ?? 0} changed, ${d.unchanged ?? 0} unchanged)`;
  }
  return `${what}${a.version ? ` version ${a.version}` : ''}`;
}

export function AuditList({
  entries,
  showEntity = false,
  empty = 'No changes recorded yet.',
}: {
  entries: AuditView[];
  showEntity?: boolean;
  empty?: string;
}) {
  if (entries.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <ol className="flex flex-col divide-y divide-border text-sm" data-testid="audit-list">
      {entries.map((a) => (
        <li key={a.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-baseline sm:gap-3">
          <time dateTime={a.createdAt} className="shrink-0 text-xs text-muted sm:w-36">
            {dateFormat.format(new Date(a.createdAt))} UTC
          </time>
          <span>
            <span className="font-medium">{a.actor.name || a.actor.email}</span> {describeAudit(a)}
            {showEntity && a.entityType !== 'BANK' ? (
              <>
                {' '}
                of {a.entityType === 'QUESTION' ? 'question' : 'scenario'}{' '}
                <a
                  className="font-mono text-accent underline underline-offset-2"
                  href={`/admin/${a.entityType === 'QUESTION' ? 'questions' : 'scenarios'}/${a.entityId}`}
                >
                  {a.entityId}
                </a>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
