/** A small pill label, e.g. a role or a status: <Badge tone="brand">ADMIN</Badge>. */
import type { ReactNode } from 'react';
import { cn } from './cn';

const tones = {
  neutral: 'bg-surface-2 text-muted border-border',
  brand:
    'bg-brand-100 text-brand-800 border-brand-200 dark:bg-brand-900 dark:text-brand-100 dark:border-brand-800',
  warning: 'bg-warning-bg text-warning border-warning/30',
} as const;

export function Badge({
  tone = 'neutral',
  children,
  className,
}: {
  tone?: keyof typeof tones;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
