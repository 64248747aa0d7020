/**
 * Loads Prisma's schema engine (WebAssembly build) without Node flags and
 * connects it to a SQLite file through the better-sqlite3 driver adapter.
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
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { ErrorRegistry } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine, SchemaContainer } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { createSqliteAdapter } from '../lib/sqlite-adapter.ts';

export type { SchemaEngine, SchemaContainer };

let ready: Promise<typeof glue> | undefined;

/** Instantiates the wasm module once per process and returns the glue module. */
export function loadSchemaEngineModule(): Promise<typeof glue> {
  ready ??= (async () => {
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
  return ready;
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
  /** SQLite `file:` URL the engine connects to. */
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
  const sqlite = createSqliteAdapter(options.databaseUrl);
  const adapter = bindMigrationAwareSqlAdapterFactory(sqlite);
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
      await sqlite.disposeAll();
    },
    explain: (error) => explainEngineError(error, adapter.errorRegistry),
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
