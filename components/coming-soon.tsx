/**
 * Placeholder body for an area that is not built yet: says what is coming.
 * Replace the whole page when the feature lands.
 */
import type { ReactNode } from 'react';
import { Card } from './ui/card';
import { Badge } from './ui/badge';

export function ComingSoon({ items, children }: { items: readonly string[]; children?: ReactNode }) {
  return (
    <Card>
      <Badge tone="warning">Coming soon</Badge>
      <p className="mt-3 text-sm text-muted">This area is being built. It will let you:</p>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      {children}
    </Card>
  );
}
