/**
 * A bordered surface for grouping content.
 *   <Card title="Change password" description="…">…</Card>
 * `as` picks the element (section by default; use "article" for list items).
 */
import type { ReactNode } from 'react';
import { cn } from './cn';

type CardProps = {
  title?: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  as?: 'section' | 'article' | 'div';
  /** Heading level for the title; defaults to h2 (1 when the card is the page's only heading). */
  headingLevel?: 1 | 2 | 3;
};

export function Card({
  title,
  description,
  children,
  className,
  as: Tag = 'section',
  headingLevel = 2,
}: CardProps) {
  const Heading = headingLevel === 1 ? 'h1' : headingLevel === 2 ? 'h2' : 'h3';
  return (
    <Tag className={cn('rounded-xl border border-border bg-surface p-5 shadow-sm sm:p-6', className)}>
      {title ? <Heading className="text-lg font-semibold tracking-tight">{title}</Heading> : null}
      {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      {children ? <div className={title || description ? 'mt-4' : undefined}>{children}</div> : null}
    </Tag>
  );
}
