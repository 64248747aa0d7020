/**
 * Decoding next-auth v4 session tokens with the derived key computed once per secret.
 *
 * next-auth's own `decode` (next-auth/jwt) derives the AES key from the secret with HKDF on every call,
 * an async crypto job on libuv's thread pool for every signed-in request. The key depends only on the
 * secret (and the empty salt next-auth uses for session cookies), so it is derived once and kept; the
 * decryption itself is next-auth's, unchanged: `jwtDecrypt` (dir + A256GCM) with 15 s clock tolerance.
 * Tokens are still minted by next-auth's `encode`; this only reads them.
 *
 * Used as `authOptions.jwt.decode` (lib/server/auth/index.ts) and by `readSessionToken` (route handlers, proxy.ts).
 * Measured with `npm run load:quiz`: see docs/decisions/005-quiz-server-clock.md.
 * @see https://github.com/nextauthjs/next-auth/blob/v4/packages/next-auth/src/jwt/index.ts
 */
import hkdf from '@panva/hkdf';
import { jwtDecrypt } from 'jose';
import { getToken, type GetTokenParams, type JWT, type JWTDecodeParams } from 'next-auth/jwt';

const keys = new Map<string, Promise<Uint8Array>>();

/** next-auth v4's session-token key: HKDF-SHA256(secret, salt, "NextAuth.js Generated Encryption Key…", 32). */
export function sessionTokenKey(secret: string | Uint8Array, salt = ''): Promise<Uint8Array> {
  const id = `${salt}\u0000${typeof secret === 'string' ? `s:${secret}` : `b:${Buffer.from(secret).toString('hex')}`}`;
  let key = keys.get(id);
  if (!key) {
    key = hkdf('sha256', secret, salt, `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ''}`, 32);
    // A secret rotates rarely; bound the cache anyway so a misuse cannot grow it without limit.
    if (keys.size >= 8) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** Drop-in for next-auth's `decode`: the token's payload, or a thrown error when it is invalid or expired. */
export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, secret, salt = '' } = params;
  if (!token) return null;
  if (secret.length === 0) throw new Error('A secret is required to decode a session token.');
  const { payload } = await jwtDecrypt(token, await sessionTokenKey(secret, salt), { clockTolerance: 15 });
  return payload;
}

/** next-auth's `getToken` with this decoder: the request's session token payload, or null (absent or invalid). */
export function readSessionToken(req: GetTokenParams['req'], secret: string): Promise<JWT | null> {
  return getToken({ req, secret, decode: decodeSessionToken });
}
