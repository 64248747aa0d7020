'use client';
/**
 * Phone-sized navigation: a disclosure button that opens the nav links and
 * account actions in a panel below the header. Closes on navigation and Esc.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { NavLinks, type NavItem } from './nav-links';

export function MobileMenu({ items, footer }: { items: readonly NavItem[]; footer?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
        className="inline-flex h-9 w-9 items-center justify-center rounded-lg text-fg hover:bg-surface-2"
      >
        <span className="sr-only">{open ? 'Close menu' : 'Open menu'}</span>
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        >
          {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
        </svg>
      </button>
      {open ? (
        <nav
          id={panelId}
          aria-label="Main"
          className="absolute inset-x-0 top-full border-b border-border bg-surface px-4 pb-4 pt-2 shadow-lg"
        >
          <NavLinks items={items} layout="stack" onNavigate={() => setOpen(false)} />
          {footer ? <div className="mt-3 border-t border-border pt-3">{footer}</div> : null}
        </nav>
      ) : null}
    </div>
  );
}
