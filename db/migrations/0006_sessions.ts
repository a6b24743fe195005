import { type Kysely, sql } from 'kysely';

/** Learning sessions, RSVPs, mix nudges, due-work claims, per-person deliveries and reflections. Every row about a
 * person references `members` with ON DELETE CASCADE, so `forget me` removes it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('place', 'text')
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity > 0`))
    .addColumn('audience', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('mix', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('nudge_hours', 'jsonb', (c) => c.notNull().defaultTo(sql`'[168,72]'::jsonb`))
    .addColumn('nudge_limit', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled','cancelled')`),
    )
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('sessions_workspace_start_idx')
    .on('sessions')
    .columns(['workspace_id', 'starts_at'])
    .execute();

  // Strict waitlist order even when many people click within the same instant.
  await sql`create sequence session_waitlist_seq`.execute(db);

  await db.schema
    .createTable('session_rsvps')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('going','not-going','waitlist')`))
    .addColumn('band', 'text')
    .addColumn('queued_seq', 'bigint')
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_rsvps_pk', ['session_id', 'member_id'])
    .execute();
  await db.schema.createIndex('session_rsvps_member_idx').on('session_rsvps').column('member_id').execute();

  await db.schema
    .createTable('session_nudges')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // Each person is invited at most once per session, whatever retries or overlapping sweeps happen.
    .addPrimaryKeyConstraint('session_nudges_pk', ['session_id', 'member_id'])
    .execute();
  await db.schema.createIndex('session_nudges_member_idx').on('session_nudges').column('member_id').execute();

  await db.schema
    .createTable('session_steps')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('done','skipped')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_steps_pk', ['session_id', 'step'])
    .execute();

  await db.schema
    .createTable('session_deliveries')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending','sent','skipped','failed')`),
    )
    .addColumn('message_ref', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addPrimaryKeyConstraint('session_deliveries_pk', ['session_id', 'member_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('session_deliveries_member_idx')
    .on('session_deliveries')
    .column('member_id')
    .execute();

  await db.schema
    .createTable('session_reflections')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('skipped', 'boolean', (c) => c.notNull())
    .addColumn('answers', 'text')
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_reflections_pk', ['session_id', 'member_id'])
    .execute();
  await db.schema
    .createIndex('session_reflections_member_idx')
    .on('session_reflections')
    .column('member_id')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
