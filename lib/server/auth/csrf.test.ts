import { describe, expect, it } from 'vitest';
import { createCsrfToken, verifyCsrfToken } from './csrf';

const now = Date.UTC(2026, 10, 26, 6, 0, 0);

describe('verifyCsrfToken', () => {
  it('accepts a token for the same subject', () => {
    expect(verifyCsrfToken(createCsrfToken('user-1', now), 'user-1', now + 1000)).toBe(true);
  });
  it('rejects a token issued for another user', () => {
    expect(verifyCsrfToken(createCsrfToken('user-1', now), 'user-2', now)).toBe(false);
  });
  it('rejects a missing or malformed token', () => {
    expect(verifyCsrfToken(undefined, 'user-1', now)).toBe(false);
    expect(verifyCsrfToken('nonsense', 'user-1', now)).toBe(false);
  });
  it('rejects a tampered signature', () => {
    const token = createCsrfToken('user-1', now);
    expect(verifyCsrfToken(`${token.slice(0, -2)}xx`, 'user-1', now)).toBe(false);
  });
  it('expires after a day', () => {
    expect(verifyCsrfToken(createCsrfToken(undefined, now), undefined, now + 25 * 60 * 60_000)).toBe(false);
  });
});
