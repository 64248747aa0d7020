// @ts-check
/**
 * Importing env.js here validates the environment at `next build` and
 * `next start`, so a missing production secret fails fast.
 * @see https://nextjs.org/docs/app/api-reference/config/next-config-js
 */
require('./lib/env.js');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // @node-rs/argon2 ships a native .node binary; keep it out of the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3'],
};

module.exports = nextConfig;
