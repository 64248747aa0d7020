/** Tabs of the admin area (a plain nav of links: works without JavaScript, keyboard-friendly). */
import Link from 'next/link';
import { cn } from '@/components/ui/cn';

const TABS = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/questions', label: 'Questions' },
  { href: '/admin/scenarios', label: 'Scenarios' },
  { href: '/admin/troubleshooting', label: 'Troubleshooting' },
  { href: '/admin/analytics', label: 'Analytics' },
  { href: '/admin/proposals', label: 'Proposals' },
  { href: '/admin/bank', label: 'Import / export' },
  { href: '/admin/users', label: 'Users' },
] as const;

export function AdminNav({ current }: { current: (typeof TABS)[number]['href'] }) {
  return (
    <nav aria-label="Admin" className="-mx-1 mb-6 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b border-border px-1">
        {TABS.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.href === current ? 'page' : undefined}
              className={cn(
                '-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium transition-colors',
                t.href === current
                  ? 'border-accent text-fg'
                  : 'border-transparent text-muted hover:border-border hover:text-fg',
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
