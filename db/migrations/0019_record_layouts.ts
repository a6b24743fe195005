import { type Kysely, sql } from 'kysely';

/** `record_tokens.layout`: which regulator's layout a record link gives (`me record nmc|swe|hcpc|general`). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('record_tokens')
    .addColumn('layout', 'text', (c) =>
      c.notNull().defaultTo('general').check(sql`layout in ('nmc','swe','hcpc','general')`),
    )
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
