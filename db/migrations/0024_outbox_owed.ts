import type { Kysely } from 'kysely';

/**
 * Messages owed that have no row of their own to say so (peer-support notices other than the introduction, peer
 * evidence notices): one row per outbox job, written before the job is enqueued and deleted once the message was
 * sent or can never be (`src/delivery/engine.ts`). The delivery sweep enqueues again a row's job when Redis lost it.
 * The data is the job's own (ids only, never words); a row goes with its member, and after two days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_owed')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbox_owed_kind_created_idx')
    .on('outbox_owed')
    .columns(['kind', 'created_at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
