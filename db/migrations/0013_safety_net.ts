import { type Kysely, sql } from 'kysely';

/**
 * The safety net (issues 15 and 16):
 * - `person_suppressions`: a lasting `stop` and a final `forget me` are kept as a keyed hash of the person's
 *   platform, workspace and user id (HMAC-SHA256, key from configuration) and why, nothing else. A hash is all
 *   a roster read needs to recognise someone it must not store or message again.
 * - `workspaces.crisis_lines`: the built-in UK crisis lines, on unless the signpost already gives them.
 * - `members.welcomed_at` / `members.checkins_consent`: the welcome before the first check-in, and the answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('person_suppressions')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('stop', 'forgotten')`))
    .addPrimaryKeyConstraint('person_suppressions_pk', ['hash', 'reason'])
    .execute();
  await db.schema
    .alterTable('workspaces')
    .addColumn('crisis_lines', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema.alterTable('members').addColumn('welcomed_at', 'timestamptz').execute();
  await db.schema
    .alterTable('members')
    .addColumn('checkins_consent', 'text', (c) => c.check(sql`checkins_consent in ('yes')`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
