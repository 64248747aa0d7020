/**
 * Vitest global setup of the `postgres` project: a throwaway PostgreSQL cluster for the run
 * (scripts/pg-cluster.mts: initdb into a temp folder, Unix socket only, durability off), with a template
 * database `base` migrated by the real runner and the PostgreSQL migrations. Tests create their own
 * database from it (tests/support/db.ts). The cluster is stopped and deleted when the run ends.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { deployMigrations, projectLayout } from '../../scripts/migrations.mts';
import { startPgCluster } from '../../scripts/pg-cluster.mts';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = startPgCluster({ fast: true });
  // Also when the run dies without its teardown (a crash, Ctrl-C): never leave a server behind.
  process.once('exit', () => cluster.stop());
  try {
    const client = new pg.Client({ connectionString: cluster.urlFor('postgres') });
    await client.connect();
    await client.query('CREATE DATABASE base');
    await client.end();
    const layout = projectLayout(ROOT);
    await deployMigrations({
      schemaPath: layout.postgresSchema,
      migrationsDir: layout.postgresMigrations,
      databaseUrl: cluster.urlFor('base'),
    });
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('pgUrlTemplate', cluster.urlFor('{db}'));
  return () => cluster.stop();
}
