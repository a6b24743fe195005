import { type Kysely, sql } from 'kysely';

/**
 * People, not ranks (issue 17):
 * - `members.lived_experience`: a private attribute the person says about themselves (`me lived-experience yes`),
 *   never set by an admin and combinable with any band. It used to be a band: those rows keep the attribute and
 *   lose the band (the person can say their role with `me role`).
 * - `members.band_answered_at`: when the person answered the welcome's "which role is yours?" (a role, or
 *   "prefer not to say"), so they are asked once only.
 * - `members.energy_scale`: false after `me scale off`: their check-ins then have no energy scale.
 * - `session_rsvps.lived_experience`: recorded with the reply, like the band, so a `lived-experience N` mix
 *   target counts people with the attribute.
 * Stored audiences (`to role lived-experience`) and mix targets keep their words and now mean people with the
 * attribute, so they need no change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('lived_experience', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('members').addColumn('band_answered_at', 'timestamptz').execute();
  await db.schema
    .alterTable('members')
    .addColumn('energy_scale', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .alterTable('session_rsvps')
    .addColumn('lived_experience', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`update members set lived_experience = true, band = null where band = 'lived-experience'`.execute(
    db,
  );
  await sql`update session_rsvps set lived_experience = true, band = null where band = 'lived-experience'`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
