/** DRAFT / PUBLISHED / RETIRED as a coloured pill, plus "draft vN" when a newer version waits. */
import { cn } from '@/components/ui/cn';

const TONES: Record<string, string> = {
  PUBLISHED: 'border-success/40 bg-success-bg text-success',
  DRAFT: 'border-warning/40 bg-warning-bg text-warning',
  RETIRED: 'border-border bg-surface-2 text-muted',
};

const LABELS: Record<string, string> = { PUBLISHED: 'Published', DRAFT: 'Draft', RETIRED: 'Retired' };

export function StatusBadge({ status, pendingVersion }: { status: string; pendingVersion?: number | null }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span
        className={cn(
          'inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium',
          TONES[status] ?? TONES.DRAFT,
        )}
        data-testid="status-badge"
      >
        {LABELS[status] ?? status}
      </span>
      {pendingVersion ? (
        <span className="inline-flex items-center rounded-full border border-warning/40 bg-warning-bg px-2 py-0.5 text-xs font-medium text-warning">
          draft v{pendingVersion}
        </span>
      ) : null}
    </span>
  );
}
