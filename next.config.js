// @ts-check
/**
 * Importing env.js here validates the environment at `next build` and
 * `next start`, so a missing production secret fails fast.
 * @see https://nextjs.org/docs/app/api-reference/config/next-config-js
 */
require('./lib/env.js');

/**
 * Sent with every response. No page of ours is meant to be framed, so framing is refused (clickjacking on the
 * admin and account forms); browsers must not guess content types (the bank export, JSON errors); only the
 * origin leaves with a cross-site link (attempt ids sit in our paths); and powerful browser features no page
 * uses are off. Pages get their Content-Security-Policy (script nonces) and, over https, HSTS from proxy.ts
 * (lib/server/security-headers.ts); route handlers answer data, never documents, so theirs allows nothing.
 */
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), browsing-topics=()';
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
];
const apiHeaders = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: apiHeaders },
    ];
  },
  reactStrictMode: true,
  // @node-rs/argon2 ships a native .node binary; keep it out of the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3'],
};

module.exports = nextConfig;
