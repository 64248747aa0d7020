/**
 * Which database a `DATABASE_URL` names. `file:…` is SQLite (the embedded default, ADR 001);
 * `postgres://…` or `postgresql://…` is PostgreSQL (ADR 009). Pure module, usable anywhere.
 */
export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(
    `DATABASE_URL must be a SQLite URL (file:./prisma/dev.db) or a PostgreSQL URL (postgresql://user@host/db); got "${redactUrl(url)}".`,
  );
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}
