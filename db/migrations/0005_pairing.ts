import { type Kysely, sql } from 'kysely';

/**
 * Peer support: communities (shared pools), the pool, rounds, groups and their members, blocks, the relay's
 * short-lived encrypted queue, flood control and reports. Every row of a person references `members` with
 * ON DELETE CASCADE, so `forget me` also removes every past pairing (and so every history pair) they were in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('communities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('invite_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_workspace_id', 'text', (c) => c.references('workspaces.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .alterTable('workspaces')
    .addForeignKeyConstraint('workspaces_community_fk', ['community_id'], 'communities', ['id'], (c) =>
      c.onDelete('set null'),
    )
    .execute();

  await db.schema
    .createTable('pairing_pool')
    .addColumn('member_id', 'text', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addColumn('paused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('quiet_rounds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pairing_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_key', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    // A retried firing job lands on the round it already started.
    .addColumn('occurrence_id', 'integer', (c) =>
      c.unique().references('occurrences.id').onDelete('set null'),
    )
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('halfway_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('nudged_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addUniqueConstraint('pairing_rounds_pool_number_uq', ['pool_key', 'number'])
    .execute();
  // One open round per pool: two workspaces' cadences of one community firing at once cannot both start one.
  await sql`create unique index pairing_rounds_one_open_uq on pairing_rounds (pool_key) where ended_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('pairing_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('pairing_rounds.id').onDelete('cascade'))
    .addColumn('starter_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','closed')`))
    .addColumn('closed_reason', 'text')
    .addColumn('revealed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('pairing_groups_round_idx').on('pairing_groups').column('round_id').execute();

  await db.schema
    .createTable('pairing_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('pairing_groups.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('messages_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reveal', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('feedback', 'integer', (c) => c.check(sql`feedback between 1 and 5`))
    .addPrimaryKeyConstraint('pairing_group_members_pk', ['group_id', 'member_id'])
    .addUniqueConstraint('pairing_group_members_pseudonym_uq', ['group_id', 'pseudonym'])
    .execute();
  await db.schema
    .createIndex('pairing_group_members_member_idx')
    .on('pairing_group_members')
    .column('member_id')
    .execute();

  await db.schema
    .createTable('pairing_blocks')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('other_member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('block','never')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('pairing_blocks_pk', ['member_id', 'other_member_id'])
    .execute();

  await db.schema
    .createTable('pairing_relays')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('pairing_groups.id').onDelete('cascade'))
    .addColumn('sender_member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('edited', 'boolean', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A platform retrying the same message (not an edit) must not relay it twice while it is still queued.
  await sql`create unique index pairing_relays_once_uq on pairing_relays (sender_member_id, message_id) where not edited`.execute(
    db,
  );

  await db.schema
    .createTable('pairing_relay_deliveries')
    .addColumn('relay_id', 'integer', (c) => c.notNull().references('pairing_relays.id').onDelete('cascade'))
    .addColumn('recipient_member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('delivered_at', 'timestamptz')
    .addPrimaryKeyConstraint('pairing_relay_deliveries_pk', ['relay_id', 'recipient_member_id'])
    .execute();
  await db.schema
    .createIndex('pairing_relay_deliveries_recipient_idx')
    .on('pairing_relay_deliveries')
    .column('recipient_member_id')
    .execute();

  await db.schema
    .createTable('pairing_relay_rate')
    .addColumn('member_id', 'text', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pairing_reports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('round_id', 'text', (c) => c.references('pairing_rounds.id').onDelete('set null'))
    .addColumn('group_id', 'text', (c) => c.references('pairing_groups.id').onDelete('set null'))
    .addColumn('reporter_member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('reporter_pseudonym', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('share_identity', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
