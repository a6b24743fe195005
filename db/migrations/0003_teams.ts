import { type Kysely, sql } from 'kysely';

/** Teams conversation references: per tenant, per person (cascading with the member) and per team. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('teams_tenants')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('teams_user_refs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('reference', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('teams_user_refs_pk', ['tenant_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('teams_user_refs_member_idx')
    .on('teams_user_refs')
    .column('member_id')
    .execute();
  // Mentions carry the channel account id: looked up to find our user id.
  await db.schema
    .createIndex('teams_user_refs_account_idx')
    .on('teams_user_refs')
    .columns(['tenant_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('teams_team_refs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('reference', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('teams_team_refs_pk', ['tenant_id', 'team_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('teams_team_refs').execute();
  await db.schema.dropTable('teams_user_refs').execute();
  await db.schema.dropTable('teams_tenants').execute();
}
