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
  it('accepts a user id and a role', () => {
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'ADMIN' }).success).toBe(true);
  });
  it('rejects an unknown role', () => {
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'ROOT' }).success).toBe(false);
  });
  it('rejects unknown fields', () => {
    expect(changeRoleSchema.safeParse({ userId: 'u1', role: 'ADMIN', email: 'x' }).success).toBe(false);
  });
});
