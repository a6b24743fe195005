import { type Kysely, sql } from 'kysely';

/**
 * The disclosure rule's storage (`src/core/anonymity/disclosure.ts`).
 *
 * - `checkin_weeks.suppressed`: a closed week with fewer than k people answering is frozen with no figures at all,
 *   so the stored figures never hold a week that fewer than k people made. Weeks frozen before this migration
 *   counted deliveries, not people (one person answering five rounds could fill a week on their own), and which
 *   of them were really over k people cannot be told from the stored counts: every one of them is suppressed and
 *   its figures wiped. It stays frozen, so it is never recomputed from what is left after deletions.
 * - `pairing_round_figures`: a closed round's "did this help?" figures, frozen once its answer window has ended
 *   and it is first read, over at least k distinct raters; under k nothing but the flag is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('checkin_weeks')
    .addColumn('suppressed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`update checkin_weeks set suppressed = true, invited = 0, answered = 0, scale_counts = '{}'::jsonb`.execute(
    db,
  );
  await db.schema
    .createTable('pairing_round_figures')
    .addColumn('round_id', 'text', (c) => c.primaryKey().references('pairing_rounds.id').onDelete('cascade'))
    .addColumn('suppressed', 'boolean', (c) => c.notNull())
    .addColumn('raters', 'integer', (c) => c.notNull())
    .addColumn('rating_sum', 'integer', (c) => c.notNull())
    .addColumn('frozen_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
