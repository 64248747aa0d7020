/**
 * Loads Prisma's schema engine (WebAssembly build) without Node flags and
 * connects it to the database through its driver adapter: a SQLite file through better-sqlite3, or
 * PostgreSQL through `@prisma/adapter-pg` (docs/decisions/009-sqlite-and-postgresql.md).
 *
 * Why not the package entry point: `schema_engine.js` does
 * `import * as wasm from "./schema_engine_bg.wasm"` (wasm-bindgen "bundler"
 * target), which Node 20 and tsx reject without `--experimental-wasm-modules`.
 * So we import the exported JS glue (`./schema_engine_bg`) and instantiate the
 * `.wasm` next to it ourselves, which is exactly what the entry point does.
 * See /work/shared/STACK-NOTES.md §3 and docs/decisions/001-database.md.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type { ErrorRegistry } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaContainer } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { databaseKind } from '../lib/server/db/url.ts';
import { createSqliteAdapter } from '../lib/server/db/sqlite-adapter.ts';

export type { SchemaEngine, SchemaContainer };

/**
 * Once per process, not per module instance: the glue module is Node's (one copy), and a second
 * instantiation would swap the wasm memory under engines already running. Test runners can load this file
 * more than once (Vitest runs each global setup file in its own module graph), hence the global.
 */
const READY = Symbol.for('packetpath.schemaEngineWasm');
const processGlobal = globalThis as typeof globalThis & { [READY]?: Promise<typeof glue> };

/** Instantiates the wasm module once per process and returns the glue module. */
export function loadSchemaEngineModule(): Promise<typeof glue> {
  processGlobal[READY] ??= (async () => {
    const require = createRequire(import.meta.url);
    // `.wasm` is not in the package's `exports`, so locate it via the glue file.
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return processGlobal[READY];
}

/** An engine connected to one database, plus what is needed to explain its errors. */
export interface EngineHandle {
  engine: SchemaEngine;
  /** The Prisma schema files, as the engine's `SchemasContainer.files` wants them. */
  schemaFiles: SchemaContainer[];
  /** Directory of prisma.config.ts; the engine resolves relative paths against it. */
  configDir: string;
  /** Frees the engine and closes its database connections. */
  close(): Promise<void>;
  /** Turns an engine error into a readable `Error`, resolving adapter error ids. */
  explain(error: unknown): Error;
}

export interface OpenEngineOptions {
  /** Path of schema.prisma. */
  schemaPath: string;
  /** SQLite `file:` or PostgreSQL `postgresql://` URL the engine connects to. */
  databaseUrl: string;
  /** Defaults to the project root (the cwd). */
  configDir?: string;
}

/** Opens a schema engine on `databaseUrl` with the datamodel from `schemaPath`. */
export async function openSchemaEngine(options: OpenEngineOptions): Promise<EngineHandle> {
  const mod = await loadSchemaEngineModule();
  const schemaPath = path.resolve(options.schemaPath);
  const content = await readFile(schemaPath, 'utf8');
  const schemaFiles: SchemaContainer[] = [{ path: schemaPath, content }];
  const factory = migrationAdapter(options.databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const debug = Boolean(process.env.PACKETPATH_DEBUG_ENGINE);
  const log = (line: string): void => {
    if (debug) process.stderr.write(`[schema-engine] ${line}\n`);
  };
  const engine = await mod.SchemaEngine.new(
    { datamodels: schemaFiles.map((f): [string, string] => [f.path, f.content]) },
    log,
    adapter,
  );
  return {
    engine,
    schemaFiles,
    configDir: path.resolve(options.configDir ?? process.cwd()),
    close: async () => {
      engine.free();
      // NOTE: freeing the engine leaves its connection open; close it ourselves.
      await factory.disposeAll();
    },
    explain: (error) => explainEngineError(error, adapter.errorRegistry),
  };
}

/**
 * Pass as `databaseUrl` for work that needs no database (diffing two PostgreSQL datamodels): the engine
 * gets an adapter that refuses every query, so creating PostgreSQL migrations needs no server.
 */
export const OFFLINE_POSTGRES_URL = 'postgresql://offline.invalid/offline';

function offlinePostgresAdapter(): SqlMigrationAwareDriverAdapterFactory & { disposeAll(): Promise<void> } {
  const refuse = (what: string) => (): Promise<never> =>
    Promise.reject(new Error(`No database connection here (offline schema engine): ${what}`));
  const adapter: SqlDriverAdapter = {
    provider: 'postgres',
    adapterName: 'packetpath-offline',
    queryRaw: (q) => {
      // The engine asks for the server version when it starts; answer as a PostgreSQL 15 would.
      if (q.sql.includes("current_setting('server_version_num')"))
        return Promise.resolve({
          columnNames: ['exists', 'version', 'numeric_version'],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, 'PostgreSQL 15 (offline)', 150000]],
        });
      return refuse(`query ${q.sql.slice(0, 60)}`)();
    },
    executeRaw: refuse('execute'),
    executeScript: refuse('script'),
    startTransaction: refuse('transaction'),
    dispose: () => Promise.resolve(),
  };
  return {
    provider: 'postgres',
    adapterName: 'packetpath-offline',
    connect: () => Promise.resolve(adapter),
    connectToShadowDb: () => Promise.resolve(adapter),
    disposeAll: () => Promise.resolve(),
  };
}

/** The driver adapter factory for `url`, able to close every connection it opened. */
function migrationAdapter(
  url: string,
): SqlMigrationAwareDriverAdapterFactory & { disposeAll(): Promise<void> } {
  if (url === OFFLINE_POSTGRES_URL) return offlinePostgresAdapter();
  if (databaseKind(url) === 'sqlite') return createSqliteAdapter(url);
  const inner = new PrismaPg({ connectionString: url, max: 2 });
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const a = await connect;
    open.add(a);
    return a;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => track(inner.connect()),
    connectToShadowDb: () => track(inner.connectToShadowDb()),
    disposeAll: async () => {
      const all = [...open];
      open.clear();
      await Promise.all(all.map((a) => a.dispose()));
    },
  };
}

/**
 * Engine errors arrive as objects or JSON strings with `message`/`error_code`;
 * driver failures only say `External error id#N`, and the real exception
 * (e.g. a better-sqlite3 RangeError) sits in the adapter's error registry.
 */
export function explainEngineError(error: unknown, registry?: ErrorRegistry): Error {
  let message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed && typeof parsed === 'object' && 'message' in parsed) {
      const { message: inner, error_code: code } = parsed as { message: unknown; error_code?: unknown };
      message = `${typeof code === 'string' ? `${code}: ` : ''}${String(inner)}`;
    }
  } catch {
    // Not JSON: keep the message as it is.
  }
  const causes: string[] = [];
  for (const match of message.matchAll(/External error id#(\d+)/g)) {
    const record = registry?.consumeError(Number(match[1]));
    if (record)
      causes.push(record.error instanceof Error ? record.error.message : JSON.stringify(record.error));
  }
  const full = causes.length ? `${message}\nCaused by: ${causes.join('\nCaused by: ')}` : message;
  return new Error(full, { cause: error });
}
