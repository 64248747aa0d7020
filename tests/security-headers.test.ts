/**
 * Security headers: the fixed set next.config.js sends with every response, and the page set proxy.ts adds
 * (Content-Security-Policy with a per-request nonce, HSTS over https). e2e/security-headers.spec.ts checks
 * them on the real server's responses and that the app still works under the policy in Chromium.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  HSTS,
  pageSecurityHeaders,
  THEME_SCRIPT_HASH,
} from '../lib/server/security-headers';
import { THEME_SCRIPT } from '../lib/theme-script';
import { proxy } from '../proxy';

const require = createRequire(import.meta.url);
const config = require('../next.config.js') as {
  headers?: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
};

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

describe('next.config.js headers', () => {
  it('refuses framing and content sniffing and turns powerful features off on every path', async () => {
    const rules = (await config.headers?.()) ?? [];
    const all = rules.find((r) => r.source === '/:path*');
    const byKey = Object.fromEntries((all?.headers ?? []).map((h) => [h.key, h.value]));
    expect(byKey).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff' });
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
      expect(byKey['Permissions-Policy']).toContain(`${feature}=()`);
  });

  it('gives route handlers a policy that allows nothing (they answer data, not documents)', async () => {
    const api = (await config.headers?.())?.find((r) => r.source === '/api/:path*');
    expect(api?.headers).toContainEqual({
      key: 'Content-Security-Policy',
      value: "default-src 'none'; frame-ancestors 'none'",
    });
  });
});

describe('page Content-Security-Policy', () => {
  it('runs scripts only by nonce or by the theme script hash, never inline or eval in production', () => {
    const d = directives(contentSecurityPolicy({ nonce: 'abc', https: false, dev: false }));
    expect(d['script-src']).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", THEME_SCRIPT_HASH]);
    expect(d['script-src']).not.toContain("'unsafe-inline'");
    expect(d['object-src']).toEqual(["'none'"]);
    expect(d['frame-ancestors']).toEqual(["'none'"]);
    expect(d['base-uri']).toEqual(["'self'"]);
    expect(d['upgrade-insecure-requests']).toBeUndefined();
    expect(
      directives(contentSecurityPolicy({ nonce: 'n', https: false, dev: true }))['script-src'],
    ).toContain("'unsafe-eval'");
  });

  it('hashes the theme script text exactly as it is rendered', () => {
    expect(THEME_SCRIPT_HASH).toBe(`'sha256-${createHash('sha256').update(THEME_SCRIPT).digest('base64')}'`);
  });

  it('adds HSTS and upgrade-insecure-requests only over https', () => {
    expect(
      pageSecurityHeaders({ nonce: 'n', https: false, dev: false })['Strict-Transport-Security'],
    ).toBeUndefined();
    const https = pageSecurityHeaders({ nonce: 'n', https: true, dev: false });
    expect(https['Strict-Transport-Security']).toBe(HSTS);
    expect(https['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it('proxy.ts puts a fresh nonce on each page response and on the request Next renders', async () => {
    const a = await proxy(new NextRequest('http://127.0.0.1/login'));
    const b = await proxy(new NextRequest('http://127.0.0.1/login'));
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];
    const na = nonceOf(a.headers.get('content-security-policy'));
    expect(na).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(nonceOf(b.headers.get('content-security-policy'))).not.toBe(na);
    // NextResponse.next({ request: { headers } }) forwards request headers as x-middleware-request-*.
    expect(nonceOf(a.headers.get('x-middleware-request-content-security-policy'))).toBe(na);
  });
});
