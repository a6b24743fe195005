import { type Kysely, sql } from 'kysely';

/**
 * Co-production of the prompt library (issue 17): suggestions (encrypted, with no link to who made them), the
 * workspace's own prompts the prompt panel accepted, the panel itself, "this didn't land" flags (one per person
 * and prompt, to count distinct people; they go with the member row on `forget me`), pauses of prompts in a
 * workspace, and the panel's decisions as listed by `prompts changes` (no panel member is named). A panel may share
 * one of its own questions with the other workspaces of its community: it arrives there as a suggestion.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('prompt_suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    // Encrypted (place: workspace and id); null once decided: an accepted text lives on as the workspace's prompt,
    // a declined one is not kept at all.
    .addColumn('text', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open','accepted','edited','declined')`),
    )
    // The day only (midnight UTC): a finer time could be matched against who was using the bot then.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('prompt_id', 'text')
    // A question another workspace of the community shared (`prompts share`): its workspace and prompt id, so it
    // arrives once. Null for a person's suggestion.
    .addColumn('shared_from', 'text')
    .execute();
  await db.schema
    .createIndex('prompt_suggestions_shared_uq')
    .on('prompt_suggestions')
    .columns(['workspace_id', 'shared_from'])
    .unique()
    .execute();
  await db.schema
    .createIndex('prompt_suggestions_workspace')
    .on('prompt_suggestions')
    .columns(['workspace_id', 'status'])
    .execute();

  await db.schema
    .createTable('workspace_prompts')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    // Plain: written by the panel (accepted or edited), no longer anyone's own words.
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_prompts_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('prompt_panel')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_panel_pk', ['workspace_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('prompt_flags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('prompt_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('flagged_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_flags_pk', ['workspace_id', 'prompt_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('prompt_pauses')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('prompt_id', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('prompt_pauses_pk', ['workspace_id', 'prompt_id'])
    .execute();

  await db.schema
    .createTable('prompt_decisions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) =>
      c.notNull().check(sql`decision in ('added','edited','declined','paused','restored','shared')`),
    )
    // For added, edited, paused and restored: the prompt's text (the panel's words). For declined: the reason
    // the panel gave, or null; never the suggestion itself.
    .addColumn('detail', 'text')
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
