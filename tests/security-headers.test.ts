/** next.config.js sends the anti-framing and no-sniff headers with every response. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../next.config.js') as {
  headers?: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]>;
};

describe('security headers', () => {
  it('refuses framing and content sniffing on every path', async () => {
    const rules = (await config.headers?.()) ?? [];
    const all = rules.find((r) => r.source === '/:path*');
    const byKey = Object.fromEntries((all?.headers ?? []).map((h) => [h.key, h.value]));
    expect(byKey).toMatchObject({
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    });
  });
});
