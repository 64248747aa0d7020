/**
 * Password hashing shared by the auth layer (lib/server/auth/index.ts) and the
 * database seed/admin scripts. Pure module: no `server-only`, so tsx scripts
 * and vitest can import it too.
 *
 * Argon2id with the library defaults (19 MiB, t=2, p=1), which match OWASP's
 * minimum recommendation and hash in tens of milliseconds on our 2-core boxes.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Hashes a password into a self-describing PHC string (`$argon2id$v=19$…`). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * Checks a password against a stored hash. Returns `false` (never throws)
 * for a wrong password or a malformed/foreign hash, so callers can treat any
 * failure as "invalid credentials".
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Crockford-style base32 without look-alikes (no I, L, O, U), so a password
// read off a terminal can be typed without ambiguity.
const PASSWORD_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Generates a random password for demo accounts and admin resets:
 * 20 characters from a 32-letter alphabet in groups of five (100 bits).
 * @example generatePassword() // 'k3v9q-7xm2d-…'
 */
export function generatePassword(): string {
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => PASSWORD_ALPHABET[b % 32]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
