import { randomBytes } from 'node:crypto';

/** An id for a row written outside Prisma (URL-safe, collision-free like a cuid). */
export function attemptId(): string {
  return `ra${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
}
