/**
 * createDb(): a `pg` Pool when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import { type ConnectionStall, oneConnectionAtATime } from './connection-watchdog.js';
import { migrations } from './migrations/index.js';
import { assertPgliteDataDir } from './pglite-data-dir.js';
import type { Database } from './schema.js';

export type DbKind = 'postgres' | 'pglite';

export interface Db {
  db: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Pool size for Postgres. */
  max?: number;
  /** Called when an idle pooled connection fails (e.g. the server terminated it). */
  onPoolError?: (error: Error) => void;
  /**
   * PGlite only: called when a request for its one connection has waited `stallAfterMs` (default 5 s), with
   * where the connection is held. A wait that long on PGlite is almost always code waiting for itself.
   */
  onStall?: (stall: ConnectionStall) => void;
  stallAfterMs?: number;
}

/** How long a wait for PGlite's one connection may last before the watchdog reports it. */
export const PGLITE_STALL_AFTER_MS = 5_000;

export async function createDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.max ?? 10,
      // A dropped connection must fail fast, not hang an HTTP request past Slack's 3 s window.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // Without a listener, an idle client killed by the server (pg_terminate_backend, restart) crashes the process.
    pool.on('error', (error) => options.onPoolError?.(error));
    // A checked-out client whose server connection is terminated emits 'error' on itself; unheard, that crashes
    // the process. The query in flight fails on its own and the caller answers "please try again".
    pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = resolve(options.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  assertPgliteDataDir(dir);
  const client = new PGlite(dir);
  await client.waitReady;
  const db = new Kysely<Database>({
    dialect: oneConnectionAtATime(new PGliteDialect({ pglite: client }), {
      stallAfterMs: options.stallAfterMs ?? PGLITE_STALL_AFTER_MS,
      onStall: options.onStall,
    }),
  });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/**
 * Apply every pending migration. Kysely's Postgres adapter runs them in one transaction holding a Postgres
 * advisory lock (`pg_advisory_xact_lock`), so two processes starting at once never race: the second waits,
 * then finds nothing to do. `migrateToLatest()` does not throw: its `error` is checked here.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Numbers are reserved for work done in parallel, so a release can bring a migration numbered below one an
    // earlier release already ran (0014–0018 after 0019). Each migration stands alone, and each still runs once.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const error = result.error instanceof Error ? result.error : new Error(String(result.error));
    throw error;
  }
  return result;
}

/** True when every known migration has been applied. */
export async function migrationsApplied(db: Kysely<Database>): Promise<boolean> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const list = await migrator.getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}

/** A trivial round trip, for readiness. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
