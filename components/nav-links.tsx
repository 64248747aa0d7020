'use client';
/**
 * The main navigation links, marking the current area with aria-current.
 * `layout="bar"` for the desktop header, `"stack"` for the mobile menu.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from './ui/cn';

export type NavItem = { href: string; label: string };

export function NavLinks({
  items,
  layout,
  onNavigate,
}: {
  items: readonly NavItem[];
  layout: 'bar' | 'stack';
  onNavigate?: () => void;
}) {
  const pathname = usePathname();
  return (
    <ul className={layout === 'bar' ? 'flex items-center gap-1' : 'flex flex-col gap-1'}>
      {items.map((item) => {
        const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? 'page' : undefined}
              onClick={onNavigate}
              className={cn(
                'block rounded-lg px-3 py-2 text-sm font-medium transition-colors',
                current
                  ? 'bg-brand-100 text-brand-800 dark:bg-brand-900 dark:text-brand-100'
                  : 'text-muted hover:bg-surface-2 hover:text-fg',
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
