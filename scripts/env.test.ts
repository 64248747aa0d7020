import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDotEnv, loadDotEnv } from './env.mts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'packetpath-env-'));
  file = path.join(dir, '.env');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (): NodeJS.Dict<string> => parseEnv(readFileSync(file, 'utf8'));

describe('ensureDotEnv', () => {
  it('creates .env with safe defaults and a random secret, readable only by the owner', () => {
    const result = ensureDotEnv(file, {});
    expect(result).toEqual({ created: true, added: ['DATABASE_URL', 'NEXTAUTH_URL', 'NEXTAUTH_SECRET'] });
    const env = read();
    expect(env.DATABASE_URL).toBe('file:./prisma/dev.db');
    expect(env.NEXTAUTH_URL).toBe('http://localhost:3000');
    expect(env.NEXTAUTH_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('generates a different secret for each new file', () => {
    ensureDotEnv(file, {});
    const first = read().NEXTAUTH_SECRET;
    rmSync(file);
    ensureDotEnv(file, {});
    expect(read().NEXTAUTH_SECRET).not.toBe(first);
  });

  it('is a no-op on a complete file', () => {
    ensureDotEnv(file, {});
    const before = readFileSync(file, 'utf8');
    expect(ensureDotEnv(file, {})).toEqual({ created: false, added: [] });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('appends only the missing keys and keeps existing values', () => {
    writeFileSync(file, 'DATABASE_URL=file:./custom.db\nFOO=bar');
    expect(ensureDotEnv(file, {})).toEqual({ created: false, added: ['NEXTAUTH_URL', 'NEXTAUTH_SECRET'] });
    const env = read();
    expect(env.DATABASE_URL).toBe('file:./custom.db');
    expect(env.FOO).toBe('bar');
    expect(env.NEXTAUTH_SECRET).toBeTruthy();
  });

  it('does not write keys the process environment already provides', () => {
    const result = ensureDotEnv(file, { NEXTAUTH_SECRET: 'from-the-environment-0123456789abcdef' });
    expect(result.added).not.toContain('NEXTAUTH_SECRET');
    expect(read().NEXTAUTH_SECRET).toBeUndefined();
  });

  it('uses PORT for NEXTAUTH_URL on first run', () => {
    ensureDotEnv(file, { PORT: '4123' });
    expect(read().NEXTAUTH_URL).toBe('http://localhost:4123');
  });
});

describe('loadDotEnv', () => {
  it('sets missing variables without overriding the environment', () => {
    writeFileSync(file, 'A=from-file\nB=from-file\n');
    const env: Record<string, string | undefined> = { A: 'from-env' };
    expect(loadDotEnv(file, env)).toEqual(['B']);
    expect(env).toEqual({ A: 'from-env', B: 'from-file' });
  });

  it('ignores a missing file', () => {
    expect(loadDotEnv(path.join(dir, 'nope'), {})).toEqual([]);
  });
});
