/**
 * The security headers of our pages, set by proxy.ts on every page response (route handlers under /api and
 * static files get the fixed set in next.config.js).
 *
 * Content-Security-Policy: scripts run only with this request's nonce ('strict-dynamic': what they load may
 * load further scripts) or, for the inline no-flash theme script, by its SHA-256 hash. Next reads the nonce
 * from the request's Content-Security-Policy header and puts it on its own scripts (framework, page chunks,
 * the inline flight data): node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md. Every
 * page is rendered per request (they read the session), as a nonce requires. Styles allow 'unsafe-inline':
 * React renders `style` attributes (dnd-kit's drag transforms) and CodeMirror adds <style> elements at run
 * time, which a style nonce would block; scripts are what an injection would need.
 * Strict-Transport-Security only when the site is served over https (NEXTAUTH_URL). Permissions-Policy and
 * the other fixed headers are in next.config.js.
 * @see https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy
 */
import { createHash } from 'node:crypto';
import { THEME_SCRIPT } from '@/lib/theme-script';

export const THEME_SCRIPT_HASH = `'sha256-${createHash('sha256').update(THEME_SCRIPT).digest('base64')}'`;

/** Two years, subdomains included: the value hstspreload.org asks for. */
export const HSTS = 'max-age=63072000; includeSubDomains';

export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

export function contentSecurityPolicy(opts: { nonce: string; https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    // React uses eval only in development, to rebuild server error stacks in the browser.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic' ${THEME_SCRIPT_HASH}${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The headers proxy.ts adds to a page response. */
export function pageSecurityHeaders(opts: { nonce: string; https: boolean; dev: boolean }): {
  'Content-Security-Policy': string;
  'Strict-Transport-Security'?: string;
} {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts),
    ...(opts.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}
