import { type Kysely, sql } from 'kysely';

/**
 * After every send the fan-out asks "is anything of this round still open?". Without this partial index that
 * was a count over the whole round per send (quadratic in the round's size); with it, a lookup of at most one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index deliveries_open_idx on deliveries (occurrence_id) where status in ('pending', 'sending', 'rate-limited')`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
