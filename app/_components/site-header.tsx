/**
 * The app header (server component): logo, main nav, theme toggle and the
 * account area. Admin link appears only for admins; that is cosmetic, the
 * admin layout and actions check the role themselves.
 */
import Link from 'next/link';
import { getSession } from '@/lib/server/auth';
import { Logo } from '@/components/logo';
import { NavLinks, type NavItem } from '@/components/nav-links';
import { MobileMenu } from '@/components/mobile-menu';
import { ThemeToggle } from '@/components/theme-toggle';
import { SignOutButton } from '@/components/sign-out-button';
import { ButtonLink } from '@/components/ui/button';
import { Badge } from '@/components/ui/badge';

const areas: NavItem[] = [
  { href: '/practice', label: 'Practice' },
  { href: '/quizzes', label: 'Quizzes' },
  { href: '/trace', label: 'Trace' },
  { href: '/troubleshoot', label: 'Fix it' },
  { href: '/playground', label: 'Playground' },
  { href: '/progress', label: 'Progress' },
  { href: '/reference', label: 'Reference' },
];

export async function SiteHeader() {
  const session = await getSession();
  const user = session?.user;
  const items: NavItem[] = user?.role === 'ADMIN' ? [...areas, { href: '/admin', label: 'Admin' }] : areas;

  const account = user ? (
    <div className="flex items-center gap-2">
      <Link
        href="/account"
        className="rounded-lg px-2 py-1 text-sm text-muted hover:text-fg"
        data-testid="whoami"
      >
        <span className="sr-only">Account settings for </span>
        {user.name || user.email}
      </Link>
      {user.role === 'ADMIN' ? <Badge tone="brand">Admin</Badge> : null}
      <SignOutButton />
    </div>
  ) : (
    <div className="flex items-center gap-2">
      <ButtonLink href="/login" variant="ghost" size="sm">
        Sign in
      </ButtonLink>
      <ButtonLink href="/signup" size="sm">
        Sign up
      </ButtonLink>
    </div>
  );

  return (
    <header className="sticky top-0 z-40 border-b border-border bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/75">
      <div className="relative mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Logo />
        <nav aria-label="Main" className="hidden md:block">
          <NavLinks items={items} layout="bar" />
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <div className="hidden md:block">{account}</div>
          <MobileMenu items={items} footer={account} />
        </div>
      </div>
    </header>
  );
}
