/** Small shared labels of the trace pages: difficulty, level of detail, score. */
import type { Level } from '@/lib/engine';
import { cn } from '@/components/ui/cn';

export const LEVEL_TEXT: Record<Level, string> = { textbook: 'Textbook', coarse: 'Coarse', wire: 'Wire' };

export const LEVEL_HELP: Record<Level, string> = {
  textbook: 'Textbook: the boxes of the usual diagram (Ingress, Service, kube-proxy, Pod…), no object names.',
  coarse: 'Coarse: every layer on the way, with the object it happens at (which node, which Pod).',
  wire: 'Wire: every hop, with the address rewrites (DNAT, SNAT, encapsulation) made there.',
};

const DIFFICULTY_TEXT = ['', 'Easy', 'Medium', 'Hard'] as const;

export function DifficultyMeter({ difficulty }: { difficulty: number }) {
  const d = Math.max(1, Math.min(3, difficulty));
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className="inline-flex gap-0.5">
        {[1, 2, 3].map((i) => (
          <span key={i} className={cn('h-2.5 w-1.5 rounded-sm', i <= d ? 'bg-accent' : 'bg-border')} />
        ))}
      </span>
      {DIFFICULTY_TEXT[d]}
    </span>
  );
}

/** "85%" with a colour by band. */
export function pct(score: number): string {
  return `${Math.round(score * 100)}%`;
}

export function ScoreBadge({ best }: { best: number | null }) {
  if (best === null) return <span className="text-xs text-muted">Not tried</span>;
  const tone =
    best >= 0.9
      ? 'border-success/40 bg-success-bg text-success'
      : best >= 0.5
        ? 'border-warning/40 bg-warning-bg text-warning'
        : 'border-danger/40 bg-danger-bg text-danger';
  return (
    <span
      className={cn('rounded-full border px-2 py-0.5 text-xs font-semibold', tone)}
      data-testid="best-score"
    >
      <span className="sr-only">Your best score: </span>
      Best {pct(best)}
    </span>
  );
}
