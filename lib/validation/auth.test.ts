import { describe, expect, it } from 'vitest';
import {
  changePasswordSchema,
  emailSchema,
  newPasswordSchema,
  safeCallbackPath,
  safeLoginError,
  signInSchema,
  signUpSchema,
} from './auth';

const valid = { name: 'Ada', email: 'Ada@Example.com ', password: 'correct-horse-9' };

describe('emailSchema', () => {
  it('trims and lower-cases the address', () => {
    expect(emailSchema.parse('  Ada@Example.COM ')).toBe('ada@example.com');
  });
  it('rejects something that is not an address', () => {
    expect(emailSchema.safeParse('ada').success).toBe(false);
  });
  it('rejects an address longer than 254 characters', () => {
    expect(emailSchema.safeParse(`${'a'.repeat(250)}@example.com`).success).toBe(false);
  });
});

describe('newPasswordSchema', () => {
  it('accepts 10+ characters with a letter and a digit or symbol', () => {
    expect(newPasswordSchema.safeParse('horsebattery9').success).toBe(true);
    expect(newPasswordSchema.safeParse('horse battery!').success).toBe(true);
  });
  it('rejects a short password with a message that names the rule', () => {
    const r = newPasswordSchema.safeParse('abc123');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/at least 10 characters/);
  });
  it('rejects letters only', () => {
    expect(newPasswordSchema.safeParse('onlyletterslong').success).toBe(false);
  });
  it('rejects digits only', () => {
    expect(newPasswordSchema.safeParse('12345678901').success).toBe(false);
  });
  it('rejects more than 128 characters, so hashing cannot be abused', () => {
    expect(newPasswordSchema.safeParse(`a1${'x'.repeat(200)}`).success).toBe(false);
  });
});

describe('signUpSchema', () => {
  it('normalises a valid sign-up', () => {
    expect(signUpSchema.parse(valid)).toEqual({ ...valid, email: 'ada@example.com' });
  });
  it('rejects unknown fields (e.g. a smuggled role)', () => {
    const r = signUpSchema.safeParse({ ...valid, role: 'ADMIN' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
  it('refuses a form token that reached it (the guard checks and removes the token first)', () => {
    const r = signUpSchema.safeParse({ ...valid, csrfToken: 'x.y' });
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
  it('rejects an oversized name', () => {
    expect(signUpSchema.safeParse({ ...valid, name: 'n'.repeat(81) }).success).toBe(false);
  });
});

describe('signInSchema', () => {
  it('does not apply the strength rule to existing passwords', () => {
    expect(signInSchema.safeParse({ email: 'a@b.co', password: 'x' }).success).toBe(true);
  });
});

describe('changePasswordSchema', () => {
  const base = {
    currentPassword: 'old-password-1',
    newPassword: 'new-password-2',
    confirmPassword: 'new-password-2',
  };
  it('accepts a matching, different new password', () => {
    expect(changePasswordSchema.safeParse(base).success).toBe(true);
  });
  it('flags a confirmation that does not match', () => {
    const r = changePasswordSchema.safeParse({ ...base, confirmPassword: 'other-password-3' });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['confirmPassword']);
  });
  it('flags a new password equal to the current one', () => {
    const r = changePasswordSchema.safeParse({
      ...base,
      newPassword: 'old-password-1',
      confirmPassword: 'old-password-1',
    });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['newPassword']);
  });
});

describe('safeCallbackPath', () => {
  it('keeps a same-site path', () => {
    expect(safeCallbackPath('/admin/users?x=1')).toBe('/admin/users?x=1');
  });
  it.each(['https://evil.example', '//evil.example', '/\\evil.example', 'admin', undefined, 42])(
    'falls back for %s',
    (value) => {
      expect(safeCallbackPath(value)).toBe('/practice');
    },
  );
  // The WHATWG URL parser (what window.location.assign uses) strips tab/CR/LF and reads `\` as `/`.
  it('the browser would send /<tab>/evil.example to another site', () => {
    expect(new URL('/\t/evil.example', 'http://app.example').host).toBe('evil.example');
  });
  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\t\\evil.example',
    '/ /evil.example',
    '/a\\..\\b',
  ])('falls back for %j', (value) => {
    expect(safeCallbackPath(value)).toBe('/practice');
  });
});

describe('safeLoginError', () => {
  it.each([
    'CredentialsSignin',
    'Wrong e-mail or password.',
    'Wrong e-mail or password. 2 attempts left before sign-in is paused.',
    'Wrong e-mail or password. Too many failed attempts: try again in 15 minutes.',
    'Too many failed sign-in attempts. Try again in 14 minutes.',
    'Too many failed sign-in attempts. Try again in 1 second.',
  ])('shows what next-auth and authorize() send: %s', (value) => {
    expect(safeLoginError(value)).toBe(value);
  });
  it('replaces attacker-written text from a crafted link', () => {
    expect(safeLoginError('Your account is suspended. Call +1 555 0100 to restore it.')).toBe(
      'Sign-in failed. Try again.',
    );
    expect(safeLoginError('Wrong e-mail or password. Your account is suspended, call +1 555 0100.')).toBe(
      'Sign-in failed. Try again.',
    );
  });
  it('shows nothing without an error', () => {
    expect(safeLoginError(undefined)).toBeUndefined();
    expect(safeLoginError(['a'])).toBeUndefined();
  });
});
