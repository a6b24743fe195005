import { type Kysely, sql } from 'kysely';

/**
 * Peer-support safety: the partnership's safeguarding contacts (who reads peer support reports), blocks kept as
 * keyed hashes so they outlive `forget me`, reports kept until someone who may read them is named, and
 * confirmations for the relay words that cannot be undone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('safeguarding_contacts')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('safeguarding_contacts_pk', ['workspace_id', 'member_id'])
    .execute();

  // One row per blocked pair: HMAC-SHA256 over both people's platform ids, in sorted order. Nothing readable: it
  // can only answer "were these two blocked?" for two people someone already has in hand.
  await db.schema
    .createTable('pairing_block_hashes')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('pairing_reports')
    // draft: written, not yet sent (the reporter is being told who will read it); waiting: sent, but nobody
    // could receive it yet; delivered: passed on.
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('delivered').check(sql`status in ('draft','waiting','delivered')`),
    )
    // Keyed hashes of everyone who was in the reported group, so the report never reaches them, even as a
    // contact named later or after they were forgotten and came back.
    .addColumn('excluded_hashes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
