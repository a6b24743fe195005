import { type Kysely, sql } from 'kysely';

/**
 * "You said, we did" (issue #20): the loop from what people shared back to them.
 *
 * - `digest_posts`: one row per posted learning digest, under a short code shown in its footer (`D-7K2Q`). The
 *   people whose reflections went into it are ONE encrypted value (`sharers`: a shuffled list of member ids, no
 *   reflection or answer ids), so nothing in clear joins a member to a post; it is emptied once the response's
 *   direct messages are queued, when retention expires the digest, and a person is taken out of it by `forget me`.
 *   The admin's or leader's response is encrypted too (`response`).
 * - `report_responses`: "what we are doing about this", encrypted, per workspace and ISO week; shown once at the
 *   top of the next check-in of everyone who was sent a check-in that week.
 * - `report_response_seen`: who has been shown it (so it shows once); goes with the member row (`forget me`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('digest_posts')
    // One post per digest occurrence: a retried posting job finds (and replaces) its own row.
    .addColumn('occurrence_id', 'integer', (c) =>
      c.primaryKey().references('occurrences.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_ref', 'jsonb')
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sharers', 'text')
    .addColumn('response', 'text')
    .addColumn('responded_at', 'timestamptz')
    .addColumn('response_posted_at', 'timestamptz')
    // Admins answer by code: unique within a workspace.
    .addUniqueConstraint('digest_posts_code_uq', ['workspace_id', 'code'])
    .execute();

  await db.schema
    .createTable('report_responses')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('iso_week', 'text', (c) => c.notNull())
    .addColumn('week_start', 'timestamptz', (c) => c.notNull())
    .addColumn('week_end', 'timestamptz', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'timestamptz', (c) => c.notNull())
    // One response per week: a second `report respond` for the week is refused.
    .addPrimaryKeyConstraint('report_responses_pk', ['workspace_id', 'iso_week'])
    .execute();

  await db.schema
    .createTable('report_response_seen')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('iso_week', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Shown once: a retried check-in send does not record it twice.
    .addPrimaryKeyConstraint('report_response_seen_pk', ['workspace_id', 'iso_week', 'member_id'])
    .addForeignKeyConstraint(
      'report_response_seen_response_fk',
      ['workspace_id', 'iso_week'],
      'report_responses',
      ['workspace_id', 'iso_week'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
