import { type Kysely, sql } from 'kysely';

/**
 * What a member adds to their own record (`me record add`), and peer reflection evidence (`pairing record`).
 *
 * - `record_additions`: a Code theme and/or "how it changed my practice" (encrypted) attached to one of the
 *   member's own reflections. It hangs off that reflection by a foreign key, so it goes when the reflection goes
 *   (retention, forget me): the same lifetime as the words it belongs to.
 * - `peer_evidence_proposals` / `peer_evidence_agreements`: "we had a reflective discussion on <date> about
 *   <theme>", waiting until every member of the group agreed. Agreements carry no time, so nobody can tell who
 *   agreed first; both go once the proposal is written or cancelled.
 * - `peer_evidence`: each member's own copy once everyone agreed, with the partners' pseudonyms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('record_additions')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // `c<delivery id>` for a check-in reflection, `s<session id>` for an after-session one.
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'integer', (c) =>
      c.references('checkin_answers.delivery_id').onDelete('cascade'),
    )
    .addColumn('session_id', 'integer')
    .addColumn('theme', 'text', (c) =>
      c.check(
        sql`theme in ('prioritise-people','practise-effectively','preserve-safety','promote-professionalism')`,
      ),
    )
    .addColumn('changed', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_additions_pk', ['member_id', 'ref'])
    .addForeignKeyConstraint(
      'record_additions_session_fk',
      ['session_id', 'member_id'],
      'session_reflections',
      ['session_id', 'member_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint('record_additions_one_reflection', sql`(delivery_id is null) <> (session_id is null)`)
    .execute();

  await db.schema
    .createTable('peer_evidence_proposals')
    // A short random reference, said in `pairing record agree <ref>`.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('pairing_groups.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('discussed_on', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('peer_evidence_agreements')
    .addColumn('proposal_id', 'text', (c) =>
      c.notNull().references('peer_evidence_proposals.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('peer_evidence_agreements_pk', ['proposal_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('peer_evidence')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('proposal_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('pairing_groups.id').onDelete('set null'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('discussed_on', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('partners', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_evidence_pk', ['member_id', 'proposal_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
