import type { Kysely } from 'kysely';

/**
 * Named leases: mutual exclusion that holds no database connection while the work runs. An advisory lock is held
 * by a connection, and PGlite has exactly one: holding it while sending froze the whole embedded app (and on
 * Postgres, lock holders waiting on the pool could exhaust it). A lease is a row with an expiry instead, taken and
 * given back in one statement each; a holder that crashed loses it when it expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
