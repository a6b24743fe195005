import { type Kysely, sql } from 'kysely';

/**
 * `report_exports`: single-use, short-lived links to a workspace's evidence export (`report export`), made for one
 * admin, like record links. Only the token's hash is kept; the file is made when the link is used, never stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_exports')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('csv','pdf')`))
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('report_exports_member').on('report_exports').column('member_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
