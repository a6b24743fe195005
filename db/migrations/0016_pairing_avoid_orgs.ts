import type { Kysely } from 'kysely';

/**
 * "Not with people from <organisation>": a member's own choice, stored normalised (trimmed, lower case). It names
 * an organisation, never a person, and goes with the member row (`forget me`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pairing_avoid_orgs')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('org', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pairing_avoid_orgs_pk', ['member_id', 'org'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
