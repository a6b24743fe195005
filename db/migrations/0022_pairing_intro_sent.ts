import { type Kysely, sql } from 'kysely';

/**
 * When each member of a peer-support group was sent their introduction (or it was found undeliverable), so the
 * pairing sweep can send again an introduction whose job Redis lost (a flush) and never send one twice. Groups
 * formed before this migration count as introduced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pairing_group_members').addColumn('introduced_at', 'timestamptz').execute();
  await sql`update pairing_group_members set introduced_at = now()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
