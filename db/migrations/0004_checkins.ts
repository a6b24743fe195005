import { type Kysely, sql } from 'kysely';

/**
 * Check-ins: the prompt and reminder of each delivery, the answers (reflections encrypted), and frozen weekly
 * report figures. Rows reach `members` through ON DELETE CASCADE, so `forget me` removes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkin_deliveries')
    .addColumn('delivery_id', 'integer', (c) =>
      c.primaryKey().references('deliveries.id').onDelete('cascade'),
    )
    .addColumn('prompt_id', 'text', (c) => c.notNull())
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('support_sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('checkin_answers')
    // One answer per delivery: a second click, or the reminder's copy, cannot answer again.
    .addColumn('delivery_id', 'integer', (c) =>
      c.primaryKey().references('deliveries.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('scale', 'integer', (c) => c.check(sql`scale between 1 and 5`))
    .addColumn('reflection', 'text')
    .addColumn('key_id', 'text')
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('skipped', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('checkin_answers_workspace_time_idx')
    .on('checkin_answers')
    .columns(['workspace_id', 'answered_at'])
    .execute();
  await db.schema
    .createIndex('checkin_answers_member_idx')
    .on('checkin_answers')
    .column('member_id')
    .execute();

  await db.schema
    .createTable('checkin_weeks')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('iso_week', 'text', (c) => c.notNull())
    .addColumn('invited', 'integer', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('scale_counts', 'jsonb', (c) => c.notNull())
    .addColumn('frozen_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkin_weeks_pk', ['workspace_id', 'iso_week'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
