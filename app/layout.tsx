/**
 * Root layout: <html>/<body>, the no-flash theme script, skip link, header,
 * <main id="main"> landmark and footer. Area layouts (app/(app)/layout.tsx)
 * add their own auth checks inside <main>.
 */
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { ThemeScript } from '@/components/theme-script';
import { SiteHeader } from '@/app/_components/site-header';

export const metadata: Metadata = {
  title: { default: 'PacketPath: Kubernetes networking practice', template: '%s · PacketPath' },
  description:
    'Practise Kubernetes networking for interviews: timed quizzes and "trace this request" exercises graded by a routing engine.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#1b1e27' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script changes the class before hydration, hence the warning suppression.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="flex min-h-dvh flex-col bg-bg text-fg">
        <a
          href="#main"
          className="sr-only z-50 rounded-lg bg-accent px-4 py-2 text-accent-fg focus:not-sr-only focus:fixed focus:left-4 focus:top-3"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6 sm:py-10"
        >
          {children}
        </main>
        <footer className="border-t border-border">
          <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-muted sm:px-6">
            PacketPath: practise how a request really travels through a Kubernetes cluster.
          </div>
        </footer>
      </body>
    </html>
  );
}
