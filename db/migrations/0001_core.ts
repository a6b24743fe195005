import { type Kysely, sql } from 'kysely';

/** Core tables. Every row that belongs to a person references `members` with ON DELETE CASCADE or SET NULL,
 * so `forget me` is one DELETE of the member row. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull().check(sql`platform in ('slack','teams','sandbox')`))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Europe/London'))
    .addColumn('k', 'integer', (c) => c.notNull().defaultTo(5).check(sql`k >= 3`))
    .addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(365))
    .addColumn('signpost', 'text')
    .addColumn('community_id', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('reminder_delay_minutes', 'integer', (c) => c.notNull().defaultTo(240))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('workspaces_platform_external_uq', ['platform', 'external_id'])
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('email', 'text')
    .addColumn('timezone', 'text')
    .addColumn('timezone_source', 'text', (c) => c.notNull().defaultTo('platform'))
    .addColumn('band', 'text')
    .addColumn('org', 'text')
    .addColumn('quiet_start', 'text')
    .addColumn('quiet_end', 'text')
    .addColumn('paused_until', 'timestamptz')
    .addColumn('platform_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('installer', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz')
    .addUniqueConstraint('members_workspace_external_uq', ['workspace_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('cadences')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('checkin','pairing','digest')`))
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('schedule_text', 'text', (c) => c.notNull())
    .addColumn('audience', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('paused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'text', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('occurrences')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cadence_id', 'integer', (c) => c.references('cadences.id').onDelete('set null'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    // Guards against a firing being recorded twice: two schedulers (after a Redis flush and rebuild, or two
    // processes reconciling) or a retried fan-out job for the same scheduled time.
    .addUniqueConstraint('occurrences_cadence_time_zone_uq', ['cadence_id', 'scheduled_for', 'zone'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'integer', (c) =>
      c.notNull().references('occurrences.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('skip_reason', 'text')
    .addColumn('message_ref', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    // One delivery per person per firing: a retried fan-out job or a second worker cannot create a second row,
    // so nobody is messaged twice for one occurrence.
    .addUniqueConstraint('deliveries_occurrence_member_uq', ['occurrence_id', 'member_id'])
    .execute();
  await db.schema.createIndex('deliveries_member_idx').on('deliveries').column('member_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('actor_member_id', 'text', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('target_member_id', 'text', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('inbound_events')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Platforms retry deliveries of the same event (Slack's x-slack-retry-num): the second insert conflicts.
    .addPrimaryKeyConstraint('inbound_events_pk', ['platform', 'event_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
