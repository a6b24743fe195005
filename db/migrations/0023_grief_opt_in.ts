import type { Kysely } from 'kysely';

/**
 * `members.grief_prompts`: true after the person's own `me grief on`. Only then can a check-in ask about the
 * deaths of people supported (the library's opt-in set `grief`), always with bereavement signposting. Nobody else
 * can set it; it goes with the member row (`forget me`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('grief_prompts', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
