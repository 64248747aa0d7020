import { decode, encode } from 'next-auth/jwt';
import { EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeSessionToken, sessionTokenKey } from './session-token';

const SECRET = 'session-token-test-secret-0123456789abcdef';

describe('decodeSessionToken (next-auth v4 session tokens, key derived once)', () => {
  it('reads what next-auth encodes, exactly as next-auth’s own decode does', async () => {
    const token = await encode({ token: { uid: 'u1', role: 'LEARNER', sv: 3, name: 'Ada' }, secret: SECRET });
    const ours = await decodeSessionToken({ token, secret: SECRET });
    expect(ours).toEqual(await decode({ token, secret: SECRET }));
    expect(ours).toMatchObject({ uid: 'u1', role: 'LEARNER', sv: 3, name: 'Ada' });
  });

  it('derives next-auth’s key (HKDF-SHA256, empty salt) once per secret and salt', async () => {
    const a = sessionTokenKey(SECRET);
    expect(sessionTokenKey(SECRET)).toBe(a);
    expect(sessionTokenKey(SECRET, 'other')).not.toBe(a);
    expect((await a).byteLength).toBe(32);
    // A buffer secret with the same bytes derives the same key (next-auth accepts both).
    expect(Buffer.from(await sessionTokenKey(Buffer.from(SECRET)))).toEqual(Buffer.from(await a));
  });

  it('refuses a token made with another secret, a tampered token and an expired one', async () => {
    const token = await encode({ token: { uid: 'u1' }, secret: SECRET });
    await expect(decodeSessionToken({ token, secret: `${SECRET}-rotated` })).rejects.toThrow();
    const parts = token.split('.');
    const ct = parts[3] ?? '';
    parts[3] = `${ct.slice(0, -2)}${ct.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(decodeSessionToken({ token: parts.join('.'), secret: SECRET })).rejects.toThrow();
    const expired = await new EncryptJWT({ uid: 'u1' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .encrypt(await sessionTokenKey(SECRET));
    await expect(decodeSessionToken({ token: expired, secret: SECRET })).rejects.toThrow(/exp/);
  });

  it('returns null without a token and refuses an empty secret', async () => {
    expect(await decodeSessionToken({ token: undefined, secret: SECRET })).toBeNull();
    await expect(decodeSessionToken({ token: 'x.y.z', secret: '' })).rejects.toThrow(/secret/);
  });
});
