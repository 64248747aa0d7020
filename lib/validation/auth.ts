/**
 * zod schemas for sign-up, sign-in and password changes, shared by the
 * client forms (instant feedback) and the server (the real check).
 * Objects are strict: unknown fields are a user error, not silently ignored.
 */
import { z } from 'zod';

/** argon2 hashes anything, so cap length to stop multi-megabyte "passwords". */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export const emailSchema = z
  .string({ error: 'Enter your e-mail address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your e-mail address.')
  .max(254, 'That e-mail address is too long.')
  .pipe(z.email('Enter a valid e-mail address, like you@example.com.'));

export const nameSchema = z
  .string({ error: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .max(80, 'Use at most 80 characters.');

/**
 * The strength rule: 10–128 characters, at least one letter, and at least one
 * digit or symbol. Length matters most (NIST SP 800-63B); the mix rule stops
 * the commonest all-letters or all-digits choices.
 */
export const newPasswordSchema = z
  .string({ error: 'Choose a password.' })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((pw) => /\p{L}/u.test(pw), 'Include at least one letter.')
  .refine((pw) => /[\p{N}\p{P}\p{S}]/u.test(pw), 'Include at least one number or symbol.');

/** A password being checked (sign-in, current password): no strength rule. */
export const existingPasswordSchema = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(PASSWORD_MAX, 'That password is too long.');

/** The form token (csrfToken) of these forms is checked and removed by the guard (lib/server/guard/action.ts). */
export const signUpSchema = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/** What the sign-in form and the credentials provider accept. */
export const signInSchema = z.object({
  email: emailSchema,
  password: existingPasswordSchema,
});

export const changePasswordSchema = z
  .strictObject({
    currentPassword: existingPasswordSchema,
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: 'Repeat the new password.' }).max(PASSWORD_MAX),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match.',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one.',
  });

/**
 * A post-login redirect target: only same-site paths, so ?callbackUrl= cannot
 * send someone to another site. Anything else falls back to `fallback`.
 */
export function safeCallbackPath(value: unknown, fallback = '/practice'): string {
  if (typeof value !== 'string') return fallback;
  if (value.length > 512) return fallback;
  // Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` or `/\n\\evil.example`
  // would become `//evil.example` (another site) once navigated to: refuse control characters, spaces and `\`.
  if (/[\u0000-\u0020\u007f\\]/.test(value)) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  return value;
}

/** next-auth's own error codes that may arrive as `/login?error=CODE`. */
const LOGIN_ERROR_CODES = new Set(['CredentialsSignin', 'SessionRequired']);

/**
 * The `?error=` text the sign-in page may show. next-auth puts our authorize() message there when a no-JS
 * sign-in fails, so those (wrong password, lock-out) and next-auth's codes pass; anything else is a crafted
 * link putting the attacker's words on our page ("Your account is suspended, call …"), and gets a neutral text.
 */
export function safeLoginError(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (LOGIN_ERROR_CODES.has(value)) return value;
  const wait = String.raw`\d+ (?:second|minute)s?`;
  const known = new RegExp(
    String.raw`^(?:Wrong e-mail or password\.(?: Too many failed attempts: try again in ${wait}\.| \d+ attempts? left before sign-in is paused\.)?|Too many failed sign-in attempts\. Try again in ${wait}\.)$`,
  );
  if (known.test(value)) return value;
  return 'Sign-in failed. Try again.';
}
