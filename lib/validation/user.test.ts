import { describe, expect, it } from 'vitest';
import { changeRoleSchema, parseRole } from './user';

describe('parseRole', () => {
  it('accepts the two roles', () => {
    expect(parseRole('ADMIN')).toBe('ADMIN');
    expect(parseRole('LEARNER')).toBe('LEARNER');
  });
  it('returns null for anything else', () => {
    expect(parseRole('admin')).toBeNull();
    expect(parseRole(undefined)).toBeNull();
  });
});

describe('changeRoleSchema', () => {
  it('accepts a user id, a role and a token', () => {
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'ADMIN', csrfToken: 't' }).success).toBe(true);
  });
  it('rejects an unknown role', () => {
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'ROOT', csrfToken: 't' }).success).toBe(false);
  });
  it('rejects unknown fields', () => {
    expect(
      changeRoleSchema.safeParse({ userId: 'u1', role: 'ADMIN', csrfToken: 't', email: 'x' }).success,
    ).toBe(false);
  });
});
