import { type Kysely, sql } from 'kysely';

/**
 * Deliveries that did not arrive, and why, for every message kind (`src/delivery/`): what `status` counts for an
 * admin (over distinct people, k-safe). A row names the person only so the count can be over distinct people and
 * go with them (`forget me` deletes the member row, and these with it); it holds no message text. Rows older than
 * 30 days are deleted by the daily sweep.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delivery_misses')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('user-gone','bot-removed','blocked','rejected','maybe-delivered')`),
    )
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('delivery_misses_workspace_at_idx')
    .on('delivery_misses')
    .columns(['workspace_id', 'at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
