// @ts-check
/**
 * Importing env.js here validates the environment at `next build` and
 * `next start`, so a missing production secret fails fast.
 * @see https://nextjs.org/docs/app/api-reference/config/next-config-js
 */
require('./lib/env.js');

/**
 * Sent with every response. No page of ours is meant to be framed, so framing is refused (clickjacking on the
 * admin and account forms); browsers must not guess content types (the bank export, JSON errors); and only the
 * origin leaves with a cross-site link (attempt ids sit in our paths).
 */
const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
  reactStrictMode: true,
  // @node-rs/argon2 ships a native .node binary; keep it out of the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3'],
};

module.exports = nextConfig;
