/**
 * The app's Prisma client. Server code imports `db` from here; nothing else
 * calls `new PrismaClient`.
 *
 * The client is cached on `globalThis` outside production because `next dev`
 * re-evaluates modules on every edit, and each new client would open another
 * SQLite connection.
 * @see https://www.prisma.io/docs/orm/more/help-and-troubleshooting/nextjs-help
 */
import 'server-only';
import { createDbClient } from './client.ts';
import type { DbClient } from './client.ts';

const globalForDb = globalThis as typeof globalThis & { __packetpathDb?: DbClient };

export const db: DbClient = globalForDb.__packetpathDb ?? createDbClient();

if (process.env.NODE_ENV !== 'production') globalForDb.__packetpathDb = db;
