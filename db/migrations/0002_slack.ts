import { type Kysely, sql } from 'kysely';

/** Slack OAuth installations (multi-workspace mode). Tokens live only inside the encrypted JSON. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('slack_installations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text')
    .addColumn('enterprise_id', 'text')
    .addColumn('is_enterprise_install', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('bot_user_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('installer_user_id', 'text')
    .addColumn('installation_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
