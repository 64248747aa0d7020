/**
 * Where proxy.ts runs. Route handlers under /api authenticate themselves (and the quiz autosave is the hot
 * path measured by scripts/load-quiz.mts), so the proxy must not wrap them; pages and server actions must
 * still go through it (signed-out redirects, the cross-site server-action check).
 */
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config } from '../proxy';

const runs = (url: string, headers?: Record<string, string>) =>
  unstable_doesMiddlewareMatch({ config, url, headers });

describe('proxy matcher', () => {
  it('runs for pages and for server-action POSTs to them', () => {
    for (const url of [
      '/',
      '/login',
      '/quizzes',
      '/quizzes/abc123',
      '/admin/questions',
      '/trace/01-pod-to-pod',
      '/progress?tab=topics',
    ]) {
      expect(runs(url), url).toBe(true);
    }
    expect(runs('/admin/users', { 'next-action': 'abc' })).toBe(true);
  });

  it('skips every route handler under /api, next-auth’s included, and static files', () => {
    for (const url of [
      '/api/quiz/attempts/abc/items/0',
      '/api/trace/sessions/s1/submit',
      '/api/health',
      '/api/auth/session',
      '/api/admin/bank',
      '/_next/static/chunks/app.js',
      '/favicon.ico',
      '/robots.txt',
    ]) {
      expect(runs(url), url).toBe(false);
    }
  });

  it('does not skip a page whose name merely starts with "api"', () => {
    expect(runs('/apiary')).toBe(true);
  });
});
